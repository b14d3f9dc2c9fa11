//! The phones overlay on the console (`W`): what the parties sent, waiting, and one party's
//! code with its address; at 80×24 and 160×48, in Japanese and English. And the question asked
//! on quitting while notes still wait: each answer, through the keys. (The server's part is
//! `tests/phones_pty.rs`; here the view state is set as the room would leave it.)

mod common;

use ratatui::crossterm::event::KeyCode;
use sori::core::proposal::{Contribution, Proposal};
use sori::core::session::{Lang, PartyList};
use sori::room_server::Arrival;
use sori::testkit::keys::{ctrl, key, keys, screen_text};
use sori::tui::App;
use sori::tui::keymap::Action;
use sori::tui::state::{Overlay, RoomView};

fn arrival(id: u64, party: &str, name: Option<&str>, proposal: Proposal) -> Arrival {
    Arrival {
        id,
        contribution: Contribution {
            party: party.parse().unwrap(),
            name: name.map(str::to_string),
            proposal,
        },
    }
}

/// The community-cats example in `dir` (with its meeting's end left out when `closed` is
/// false: quitting then asks to close it too).
fn example_in(dir: &std::path::Path, closed: bool) -> std::path::PathBuf {
    let path = dir.join("w.yaml");
    let example = sori::bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .unwrap();
    let yaml = if closed {
        example.yaml.to_string()
    } else {
        let end = "\n  end: 2026-06-13T15:29:06+09:00\n";
        assert!(example.yaml.contains(end));
        example.yaml.replacen(end, "\n", 1)
    };
    std::fs::write(&path, yaml).unwrap();
    path
}

/// Two notes from the phones, arrived as the room's server hands them over, waiting.
fn two_notes_arrive(app: &mut App) {
    app.view.room = Some(RoomView::default());
    for (id, party, text) in [
        (1, "p2", "スマホから：夜の見回りの人手"),
        (2, "p1", "スマホから：苦情を減らしたい"),
    ] {
        let note = arrival(
            id,
            party,
            Some("小林"),
            Proposal::Item {
                list: PartyList::Purposes,
                text: text.into(),
            },
        );
        app.update(Action::Phone(Box::new(note)));
    }
    assert_eq!(app.view.room.as_ref().unwrap().queue.len(), 2);
}

/// The example (closed or not, see `example_in`) open in `lang`, two notes waiting.
fn notes_waiting(closed: bool, lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = example_in(dir.path(), closed);
    let mut app = common::open_app(&path, lang);
    two_notes_arrive(&mut app);
    (dir, path, app)
}

fn waiting(app: &App) -> usize {
    app.view.room.as_ref().map_or(0, |r| r.queue.len())
}

fn saved_text(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// `q` with notes waiting asks first; Esc goes back to the meeting with them still waiting;
/// Enter (or `W`) opens the phones overlay on them; nothing quits.
#[test]
fn quitting_with_notes_waiting_asks_and_enter_shows_them() {
    let (_dir, _, mut app) = notes_waiting(true, Lang::Ja);
    keys(&mut app, "q");
    assert_eq!(app.view.overlay, Some(Overlay::NotesWaiting));
    assert!(!app.quit);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.view.overlay, None);
    assert!(!app.quit);
    assert_eq!(waiting(&app), 2);
    // Ctrl-C asks the same.
    ctrl(&mut app, 'c');
    assert_eq!(app.view.overlay, Some(Overlay::NotesWaiting));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.view.overlay,
        Some(Overlay::Phones { row: 0, .. })
    ));
    assert!(!app.quit);
    assert_eq!(waiting(&app), 2);
    // Answered there, quitting asks no more.
    keys(&mut app, "A");
    assert_eq!(waiting(&app), 1, "A takes one party's");
    keys(&mut app, "d");
    assert_eq!(waiting(&app), 0);
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "q");
    assert!(app.quit);
}

/// `A`: every note waiting, of every party, is accepted, and sori quits with them saved.
#[test]
fn accept_all_and_quit_saves_every_waiting_note() {
    let (_dir, path, mut app) = notes_waiting(true, Lang::En);
    keys(&mut app, "qA");
    assert!(app.quit);
    assert_eq!(waiting(&app), 0);
    app.finish().unwrap();
    let (s, _) = sori::store::load(&path).unwrap();
    let purposes = |p: &str| {
        s.parties
            .iter()
            .find(|x| x.id.to_string() == p)
            .unwrap()
            .purposes
            .iter()
            .map(|i| i.text.clone())
            .collect::<Vec<_>>()
    };
    assert!(purposes("p2").contains(&"スマホから：夜の見回りの人手".to_string()));
    assert!(purposes("p1").contains(&"スマホから：苦情を減らしたい".to_string()));
}

/// `q` again: sori quits without the notes (they were never saved).
#[test]
fn quit_anyway_leaves_the_waiting_notes_out() {
    let (_dir, path, mut app) = notes_waiting(true, Lang::Ja);
    keys(&mut app, "qq");
    assert!(app.quit);
    app.finish().unwrap();
    let saved = saved_text(&path);
    assert!(
        !saved.contains("スマホから：夜の見回りの人手")
            && !saved.contains("スマホから：苦情を減らしたい")
    );
}

/// Both questions apply: the notes are asked about first, then closing the meeting.
#[test]
fn the_notes_are_asked_about_before_closing_the_meeting() {
    let (_dir, path, mut app) = notes_waiting(false, Lang::Ja);
    assert_eq!(app.session().meta.end, None);
    keys(&mut app, "q");
    assert_eq!(app.view.overlay, Some(Overlay::NotesWaiting));
    keys(&mut app, "A");
    assert_eq!(app.view.overlay, Some(Overlay::CloseOnQuit));
    assert!(!app.quit);
    assert_eq!(waiting(&app), 0);
    keys(&mut app, "y");
    assert!(app.quit);
    let end = app.session().meta.end;
    assert!(end.is_some());
    app.finish().unwrap();
    let (s, _) = sori::store::load(&path).unwrap();
    assert_eq!(s.meta.end, end);
    assert!(saved_text(&path).contains("スマホから：夜の見回りの人手"));
}

/// The question on the screen, as the room's projector would show it.
#[test]
fn the_question_at_80x24_in_japanese_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_in(dir.path(), true);
    for lang in [Lang::Ja, Lang::En] {
        let mut app = common::open_app(&path, lang);
        two_notes_arrive(&mut app);
        keys(&mut app, "q");
        let text = screen_text(&mut app, 80, 24);
        let question = match lang {
            Lang::Ja => "スマホからの提案が 2 件、確認待ちです。",
            Lang::En => "2 notes from the phones are waiting for you.",
        };
        assert!(text.contains(question), "{text}");
        insta::assert_snapshot!(format!("notes_waiting_{}_80x24", lang.code()), text);
    }
}

#[test]
fn the_phones_overlay_at_80x24_and_160x48_in_japanese_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    let example = sori::bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .unwrap();
    std::fs::write(&path, example.yaml).unwrap();
    for lang in [Lang::Ja, Lang::En] {
        let mut app = common::open_app(&path, lang);
        let urls = app
            .session()
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p.id.clone(),
                    format!("http://192.168.1.20:8080/k7q2xm9abc/p{i}rt5vw8ny"),
                )
            })
            .collect();
        let activity = app.session().activities[0].id.clone();
        app.view.room = Some(RoomView {
            urls,
            queue: vec![
                arrival(
                    1,
                    "p2",
                    Some("小林"),
                    Proposal::Item {
                        list: PartyList::Challenges,
                        text: "ゴミ置き場が荒らされる".into(),
                    },
                ),
                arrival(
                    2,
                    "p1",
                    None,
                    Proposal::Role {
                        activity: activity.clone(),
                        text: "捕獲器の貸出".into(),
                    },
                ),
                arrival(3, "p3", Some("Dr. Reid"), Proposal::Vote { activity }),
            ],
            codes: true,
            open: true,
            bind: None,
        });
        app.view.overlay = Some(Overlay::Phones { row: 1, party: 1 });
        for (w, h) in [(80, 24), (160, 48)] {
            let text = screen_text(&mut app, w, h);
            assert!(
                text.contains("192.168.1.20:8080/k7q2xm9abc/p1rt5vw8ny"),
                "{text}"
            );
            assert!(text.contains("小林"), "{text}");
            insta::assert_snapshot!(format!("phones_{}_{w}x{h}", lang.code()), text);
        }
    }
}
