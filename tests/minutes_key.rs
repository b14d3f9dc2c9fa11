//! The workshop's `x`: the minutes (Markdown, HTML and Word) written next to the session file
//! in the screen's language, and the status line says where. A read-only workshop writes them too
//! (the session does not change).

mod common;

use sori::testkit::keys::key;
use std::path::Path;

use ratatui::crossterm::event::KeyCode;
use sori::core::History;
use sori::core::session::Lang;
use sori::export::{Format, Options, export};
use sori::store::Document;
use sori::tui::App;

fn press_x(app: &mut App) {
    key(app, KeyCode::Char('x'));
}

fn expected(doc: &Document, format: Format, lang: Lang) -> Vec<u8> {
    let options = Options {
        format,
        lang,
        excel: false,
    };
    export(doc.session(), &doc.all_records().unwrap(), options)
}

#[test]
fn x_writes_the_minutes_beside_the_session_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026-11-27-1400.yaml");
    let (s, h) = common::community_cats();
    Document::create(&path, s, History::from_records(h.into_records())).unwrap();
    let (doc, notices) = Document::open(&path).unwrap();
    let mut app = App::live(doc, notices, Lang::En);
    let session_bytes = std::fs::read(&path).unwrap();

    press_x(&mut app);
    let md = dir.path().join("2026-11-27-1400.minutes.md");
    let html = dir.path().join("2026-11-27-1400.minutes.html");
    let docx = dir.path().join("2026-11-27-1400.minutes.docx");
    let doc = app.document().unwrap();
    assert_eq!(
        std::fs::read(&md).unwrap(),
        expected(doc, Format::Markdown, Lang::En)
    );
    assert_eq!(
        std::fs::read(&html).unwrap(),
        expected(doc, Format::Html, Lang::En)
    );
    assert_eq!(
        std::fs::read(&docx).unwrap(),
        expected(doc, Format::Docx, Lang::En)
    );
    assert!(
        String::from_utf8(std::fs::read(&md).unwrap())
            .unwrap()
            .starts_with("# Minutes: 地域猫活動"),
        "in the screen's language"
    );
    let message = app.view.message.clone().unwrap();
    assert!(!message.warn);
    assert_eq!(
        message.text,
        format!(
            // The Word file too since issue 14: the minutes a facilitator edits and stamps.
            "Minutes written: 2026-11-27-1400.minutes.md, 2026-11-27-1400.minutes.html, 2026-11-27-1400.minutes.docx (in {})",
            dir.path().display()
        )
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        session_bytes,
        "the session is untouched"
    );
    app.finish().unwrap();
}

#[test]
fn a_read_only_workshop_writes_the_minutes_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    let (s, h) = common::community_cats();
    Document::create(&path, s, History::from_records(h.into_records())).unwrap();
    let (_writer, _) = Document::open(&path).unwrap();
    let (doc, notices) = Document::open(&path).unwrap();
    assert!(doc.is_read_only());
    let mut app = App::live(doc, notices, Lang::Ja);
    // The notice that it opened read-only comes first; Esc closes it.
    key(&mut app, KeyCode::Esc);
    press_x(&mut app);
    let md = std::fs::read_to_string(dir.path().join("w.minutes.md")).unwrap();
    assert!(
        md.starts_with("# 地域猫活動 第1回 語り合う場 議事録"),
        "{md}"
    );
    assert!(Path::new(&dir.path().join("w.minutes.html")).exists());
    assert!(Path::new(&dir.path().join("w.minutes.docx")).exists());
    let message = app.view.message.clone().unwrap();
    assert!(
        message
            .text
            .starts_with("議事録を書き出しました：w.minutes.md、w.minutes.html"),
        "{}",
        message.text
    );
}

#[test]
fn a_place_that_cannot_be_written_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    let (s, h) = common::community_cats();
    Document::create(&path, s, History::from_records(h.into_records())).unwrap();
    // A folder where the Markdown file should go: it cannot be replaced by a file.
    std::fs::create_dir(dir.path().join("w.minutes.md")).unwrap();
    let (doc, notices) = Document::open(&path).unwrap();
    let mut app = App::live(doc, notices, Lang::En);
    press_x(&mut app);
    let message = app.view.message.clone().unwrap();
    assert!(message.warn);
    assert!(
        message.text.starts_with("Could not write the minutes: "),
        "{}",
        message.text
    );
    assert!(message.text.contains("w.minutes.md"), "{}", message.text);
    app.finish().unwrap();
}
