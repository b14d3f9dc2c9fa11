//! A long history replays from what its first screen needs (`Timeline::reading`): its length,
//! its first record and its step changes, found in the file's text; the records are read
//! beside the screen. Whatever the user does, and whenever the records arrive, the replay is
//! the one the whole history read first gives: the same screens, the same states, the same
//! words; a history that does not read ends the replay with the loader's message.

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::KeyCode;
use sori::core::event::{Event, SetText};
use sori::core::history::Record;
use sori::core::{Lang, Stamp, TextField};
use sori::replay::{Preview, Timeline};
use sori::store::peek::{load_current, load_state};
use sori::store::{Document, load, to_yaml};
use sori::testkit::keys::{key, keys, screen_text};
use sori::testkit::synth::Size;
use sori::tui::App;
use sori::tui::replay::Player;

/// About 1,000 events over the five steps: a history of about 170 KB.
const LONG: Size = Size {
    parties: 12,
    activities: 4,
    items: 2,
    events: 1_000,
};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A long session as sori writes it, with two edits still in its journal (another sori has it
/// open): the document is returned so that the journal stays.
fn open_long(dir: &Path, seed: u64) -> (PathBuf, Document) {
    let (s, records) = sori::testkit::synth::generate(LONG, seed, Lang::Ja);
    let path = write(dir, "w.yaml", &to_yaml(&s, &records));
    let (mut doc, _) = Document::open(&path).unwrap();
    for n in 0..2 {
        let party = doc.session().parties[n].clone();
        let rename = Event::SetText(SetText {
            field: TextField::PartyName(party.id),
            text: format!("{}（改）", party.name),
        });
        doc.commit(rename, Stamp::from_unix(1_900_000_000 + n as i64, 9 * 3600))
            .unwrap();
    }
    (path, doc)
}

/// The timeline `sori replay` makes of a long history: from its preview, the records read by
/// `read` (as `into_records` reads them).
fn reading(path: &Path, lang: Lang) -> Timeline {
    let current = load_state(path).unwrap();
    let preview = Preview::of(&current).expect("a history laid out as sori writes it");
    let path = path.to_path_buf();
    Timeline::reading(
        preview,
        lang,
        || {},
        move || current.into_records(&path).map_err(|e| e.to_string()),
    )
}

fn player(timeline: Timeline, lang: Lang) -> Player {
    Player::new(App::replay(timeline, "w.yaml".into(), lang))
}

/// Keys that move through the whole history: forward, the step changes both ways, the end,
/// back, a search, play.
const MOVES: &[&str] = &[
    "→",
    "]",
    "]",
    "[",
    "End",
    "←",
    "Home",
    "/町内会",
    "n",
    "N",
    "]",
];

fn press(p: &mut Player, what: &str) {
    match what {
        "→" => key(p, KeyCode::Right),
        "←" => key(p, KeyCode::Left),
        "End" => key(p, KeyCode::End),
        "Home" => key(p, KeyCode::Home),
        search if search.starts_with('/') => {
            keys(p, search);
            key(p, KeyCode::Enter);
        }
        other => keys(p, other),
    }
}

/// Wait until the records read on their thread are there, as the woken event loop takes
/// them (`Player::records_read`).
fn arrive(p: &mut Player) {
    let start = Instant::now();
    while !p.records_read() {
        assert!(start.elapsed() < pty::TIMEOUT, "the records never came");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(!p.timeline().is_reading());
}

#[test]
fn the_first_screen_and_every_move_are_those_of_the_whole_history() {
    let dir = tempfile::tempdir().unwrap();
    let (path, doc) = open_long(dir.path(), 3);
    let whole = load_current(&path).unwrap();
    assert_eq!(whole.from_journal, 2);
    for lang in [Lang::Ja, Lang::En] {
        // Drawn first (the records are read on a thread, as `sori replay` does), or moved
        // first (the first move reads them).
        for draw_first in [true, false] {
            let mut eager = player(Timeline::new(whole.records.clone(), lang), lang);
            let mut lazy = player(reading(&path, lang), lang);
            assert!(lazy.timeline().is_reading());
            if draw_first {
                let first = screen_text(&mut lazy, 120, 36);
                assert_eq!(first, screen_text(&mut eager, 120, 36), "the first screen");
                // The same screen once the records are there (the event loop is woken).
                arrive(&mut lazy);
                assert_eq!(screen_text(&mut lazy, 120, 36), first);
            }
            for what in MOVES {
                press(&mut eager, what);
                press(&mut lazy, what);
                assert_eq!(lazy.position(), eager.position(), "{what}");
                assert_eq!(lazy.app.session(), eager.app.session(), "{what}");
                assert_eq!(
                    screen_text(&mut lazy, 120, 36),
                    screen_text(&mut eager, 120, 36),
                    "after {what}"
                );
            }
        }
    }
    drop(doc);
}

/// A long history with a record in its middle that does not apply (a hand edit renamed a
/// party that is not there): the timeline ends before it, as the whole history read first
/// says; the bar marks what cannot be reached once the records are there.
#[test]
fn a_record_that_does_not_apply_ends_it_as_in_the_whole_history() {
    let dir = tempfile::tempdir().unwrap();
    let (s, mut records) = sori::testkit::synth::generate(LONG, 5, Lang::Ja);
    let middle = records.len() / 2;
    records.insert(
        middle,
        Record::new(
            records[middle].at,
            Event::SetText(SetText {
                field: TextField::PartyName("p9999".parse().unwrap()),
                text: "幽霊".into(),
            }),
        ),
    );
    let path = write(dir.path(), "w.yaml", &to_yaml(&s, &records));
    let mut eager = player(Timeline::new(records.clone(), Lang::Ja), Lang::Ja);
    let mut lazy = player(reading(&path, Lang::Ja), Lang::Ja);
    let before = screen_text(&mut lazy, 120, 36);
    assert!(!before.contains('·'), "not known yet: {before}");
    arrive(&mut lazy);
    assert_eq!(lazy.timeline().broken(), eager.timeline().broken());
    assert_eq!(lazy.timeline().reachable(), middle);
    let after = screen_text(&mut lazy, 120, 36);
    assert!(after.contains('·'), "{after}");
    assert_eq!(after, screen_text(&mut eager, 120, 36));
    for what in ["End", "→", "Home", "]"] {
        press(&mut eager, what);
        press(&mut lazy, what);
        assert_eq!(
            screen_text(&mut lazy, 120, 36),
            screen_text(&mut eager, 120, 36),
            "after {what}"
        );
    }
}

/// A history whose entry does not read (a key misspelt by hand): a short one is refused
/// before the screen, a long one once its records are read beside the first screen; either
/// way sori ends with the message, line and column the whole file's reading gives.
#[test]
fn a_history_that_does_not_read_ends_the_replay_with_the_loaders_message() {
    for (size, long) in [(Size::SMALL, false), (LONG, true)] {
        let dir = tempfile::tempdir().unwrap();
        let (s, records) = sori::testkit::synth::generate(size, 6, Lang::Ja);
        let text = to_yaml(&s, &records);
        let history = text.find("\nhistory:\n").unwrap();
        let at = history + text[history..].rfind("\n  set_text:\n").unwrap() + 1;
        let mut bad = text.clone();
        bad.replace_range(at..at + "  set_text:".len(), "  set_txet:");
        let path = write(dir.path(), "w.yaml", &bad);
        // The file is named as the command line names it.
        let whole = load(&path).unwrap_err().to_string();
        let expected = whole.replacen(&path.display().to_string(), "w.yaml", 1);
        assert!(
            expected.starts_with("w.yaml:") && expected.contains("set_txet"),
            "{whole}"
        );
        assert_eq!(
            load_state(&path).unwrap().history_bytes() > sori::store::document::CHECK_AT_OPEN_BYTES,
            long
        );

        let mut t = pty::Term::spawn(dir.path(), &["replay", "w.yaml"]);
        let status = t.wait_exit();
        assert!(!status.success(), "long: {long}");
        let out = String::from_utf8_lossy(&t.raw()).replace("\r\n", "\n");
        assert!(
            out.contains(&format!("sori: {expected}")),
            "long: {long}\n{out}"
        );
        // The long one showed its first screen while its records were read.
        assert_eq!(out.contains("\x1b[?1049h"), long, "{out}");
        assert!(!t.screen().alternate_screen(), "the terminal is put back");
    }
}

/// The step changes of the first screen come from the entries that name `set_step`: texts
/// that say it too (a title, notes that look like an entry) are read and passed by; a step
/// change inside a batch is found; the journal's records are looked at too.
#[test]
fn the_step_changes_are_found_in_the_text_whatever_else_says_set_step() {
    use sori::core::event::SetStep;
    use sori::core::{History, Session};
    let dir = tempfile::tempdir().unwrap();
    let at = Stamp::from_unix(1_900_000_000, 9 * 3600);
    let text = |field: &str, text: &str| {
        Event::SetText(SetText {
            field: field.parse().unwrap(),
            text: text.into(),
        })
    };
    let step = |step: u8| Event::SetStep(SetStep { step });
    let mut s = Session::empty();
    let mut h = History::default();
    for event in [
        text("meta.title", "set_step"),
        step(2),
        text(
            "step2.notes",
            "- at: 2026-01-01T00:00:00+09:00\n  set_step:\n    step: 5\n",
        ),
        Event::Batch(vec![text("meta.title", "三へ"), step(3)]),
        text("meta.title", "題"),
        step(3),
        text("step3.notes", "set_step: 4"),
        step(2),
    ] {
        h.commit(&mut s, event, at).unwrap();
    }
    let path = write(dir.path(), "w.yaml", &to_yaml(&s, h.records()));
    let (mut doc, _) = Document::open(&path).unwrap();
    doc.commit(step(5), at).unwrap();
    doc.commit(text("step5.notes", "set_step"), at).unwrap();

    let current = load_state(&path).unwrap();
    let preview = Preview::of(&current).unwrap();
    let mentioned: Vec<usize> = preview.steps.iter().map(|(i, _)| *i).collect();
    // The file's entries that say it (not the new title at 4), then the journal's records.
    assert_eq!(mentioned, [0, 1, 2, 3, 5, 6, 7, 8, 9]);
    let whole = Timeline::new(load_current(&path).unwrap().records, Lang::Ja);
    let read = Timeline::reading(preview, Lang::Ja, || {}, || Err("not read".into()));
    assert_eq!(read.boundaries(), whole.boundaries());
    let steps: Vec<(usize, u8)> = whole
        .boundaries()
        .iter()
        .map(|b| (b.index, b.step))
        .collect();
    assert_eq!(steps, [(1, 2), (3, 3), (7, 2), (8, 5)]);
    drop(doc);
}
