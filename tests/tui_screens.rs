//! Snapshots of every step's screen, in Japanese and English, at 80×24 and 160×48: the
//! community-cats fixture and every bundled example. Each screen is also checked for cut wide
//! characters and for anything unsafe reaching a cell.

mod common;

use ratatui::buffer::Buffer;
use sori::bundled;
use sori::core::session::{Lang, STEPS, Session};
use sori::core::stamp::Stamp;
use sori::text::{is_unsafe, width};
use sori::tui::state::{Overlay, Pane};
use sori::tui::{View, buffer_text, render_workshop};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

/// A wide character must keep the cell after it blank: anything drawn there would cut it.
fn assert_whole(buf: &Buffer, name: &str) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buf[(x, y)].symbol();
            assert!(
                !symbol.chars().any(is_unsafe),
                "{name}: unsafe character at {x},{y}: {symbol:?}"
            );
            if width(symbol) == 2 {
                assert!(
                    x + 1 < area.right(),
                    "{name}: wide {symbol} cut by the edge at {x},{y}"
                );
                assert_eq!(
                    buf[(x + 1, y)].symbol(),
                    " ",
                    "{name}: wide {symbol} at {x},{y} has its right half drawn over"
                );
            }
        }
    }
}

fn view_at(session: &Session, step: u8, clock: Stamp) -> View {
    let mut view = View::new(session, clock);
    view.step = Some(step);
    view.pane = Pane::first(step);
    view.color = false;
    view
}

fn snapshot(name: &str, session: &Session, view: &View, lang: Lang, (w, h): (u16, u16)) {
    snapshot_of("chiiki-neko.yaml", name, session, view, lang, (w, h));
}

fn snapshot_of(
    file: &str,
    name: &str,
    session: &Session,
    view: &View,
    lang: Lang,
    (w, h): (u16, u16),
) {
    let buf = render_workshop(session, view, lang, file, w, h);
    assert_whole(&buf, name);
    insta::assert_snapshot!(name, buffer_text(&buf));
}

/// The clock 12:34 past the step-3 timer's start: over its 40 minutes.
fn clock() -> Stamp {
    common::t0().plus_seconds(3600 + 754)
}

#[test]
fn every_step_of_the_community_cats_session() {
    let (session, _) = common::community_cats();
    for lang in LANGS {
        for size in SIZES {
            for step in 1..=STEPS {
                let view = view_at(&session, step, clock());
                let name = format!("cats_{}_{}x{}_step{step}", lang.code(), size.0, size.1);
                snapshot(&name, &session, &view, lang, size);
            }
        }
    }
}

#[test]
fn overlays_of_the_community_cats_session() {
    let (session, _) = common::community_cats();
    let overlays = [
        (
            "help",
            1,
            Overlay::Help {
                scroll: 0,
                back: None,
            },
        ),
        (
            "swot",
            2,
            Overlay::Swot {
                party: "p2".parse().unwrap(),
                quadrant: 1,
                row: 0,
            },
        ),
        (
            "actions",
            5,
            Overlay::ActionItems {
                row: 0,
                col: sori::tui::state::ActionCol::What,
            },
        ),
        ("decisions", 3, Overlay::Decisions { row: 1 }),
        (
            "links",
            3,
            Overlay::Links {
                activity: "a60".parse().unwrap(),
                party: "p2".parse().unwrap(),
                list: sori::core::session::PartyList::Purposes,
                row: 0,
            },
        ),
        (
            "participants",
            3,
            Overlay::Participants {
                activity: "a60".parse().unwrap(),
                row: 3,
            },
        ),
    ];
    for lang in LANGS {
        for (what, step, overlay) in &overlays {
            let mut view = view_at(&session, *step, clock());
            view.overlay = Some(overlay.clone());
            let name = format!("cats_{}_80x24_{what}", lang.code());
            snapshot(&name, &session, &view, lang, (80, 24));
        }
    }
}

/// The meeting's details (`I`) and a party's representatives (`R`), on the bundled
/// community-cats meeting (it has representatives and a next meeting), with the editor open
/// on the start time.
#[test]
fn the_meeting_details_and_representatives_overlays() {
    use sori::tui::editor::{EditTarget, Editor};
    let example = bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .expect("the community-cats example");
    let (session, records) =
        sori::store::parse(std::path::Path::new(example.file), example.yaml.as_bytes()).unwrap();
    let clock = records.last().map(|r| r.at).unwrap();
    let party = session.parties[1].id.clone();
    assert!(!session.parties[1].representatives.is_empty());
    for lang in LANGS {
        let mut view = view_at(&session, 1, clock);
        view.overlay = Some(Overlay::Meeting { row: 1 });
        let name = format!("bundled_{}_80x24_meeting", lang.code());
        snapshot_of(example.file, &name, &session, &view, lang, (80, 24));

        view.editor = Some(Editor::new(EditTarget::Start, "2026-06-13 13:30"));
        let name = format!("bundled_{}_80x24_meeting_edit_start", lang.code());
        snapshot_of(example.file, &name, &session, &view, lang, (80, 24));

        let mut view = view_at(&session, 2, clock);
        view.overlay = Some(Overlay::Representatives {
            party: party.clone(),
            row: 1,
        });
        let name = format!("bundled_{}_80x24_representatives", lang.code());
        snapshot_of(example.file, &name, &session, &view, lang, (80, 24));

        // The agenda, opened from the meeting's details.
        let mut view = view_at(&session, 1, clock);
        view.overlay = Some(Overlay::MeetingList {
            list: sori::core::session::MeetingList::Agenda,
            row: 0,
        });
        let name = format!("bundled_{}_80x24_agenda", lang.code());
        snapshot_of(example.file, &name, &session, &view, lang, (80, 24));

        // Quitting after step 5: close the meeting?
        let mut view = view_at(&session, 5, clock);
        view.overlay = Some(Overlay::CloseOnQuit);
        let name = format!("bundled_{}_80x24_close_on_quit", lang.code());
        snapshot_of(example.file, &name, &session, &view, lang, (80, 24));
    }
}

#[test]
fn every_step_of_every_bundled_example() {
    for example in bundled::examples() {
        let (session, records) =
            sori::store::parse(std::path::Path::new(example.file), example.yaml.as_bytes())
                .unwrap_or_else(|e| panic!("{}: {e}", example.file));
        let clock = records.last().map(|r| r.at).unwrap_or_else(common::t0);
        let stem = example.file.trim_end_matches(".yaml");
        for lang in LANGS {
            for size in SIZES {
                for step in 1..=STEPS {
                    let view = view_at(&session, step, clock);
                    let name = format!("{stem}_{}_{}x{}_step{step}", lang.code(), size.0, size.1);
                    snapshot_of(example.file, &name, &session, &view, lang, size);
                }
            }
        }
    }
}

#[test]
fn a_window_too_small_says_so() {
    let (session, _) = common::community_cats();
    let view = view_at(&session, 3, clock());
    for (lang, expect) in [(Lang::Ja, "画面が小さすぎます"), (Lang::En, "too small")] {
        let buf = render_workshop(&session, &view, lang, "w.yaml", 79, 24);
        assert!(buffer_text(&buf).contains(expect), "{}", buffer_text(&buf));
        let buf = render_workshop(&session, &view, lang, "w.yaml", 80, 23);
        assert!(buffer_text(&buf).contains(expect));
    }
    // Any size at all draws without a panic.
    for w in [0, 1, 5, 40, 79, 80, 81, 120, 300] {
        for h in [0, 1, 3, 23, 24, 25, 60] {
            render_workshop(&session, &view, Lang::Ja, "w.yaml", w, h);
        }
    }
}

#[test]
fn hostile_text_never_reaches_a_cell() {
    let (mut session, _) = common::community_cats();
    session.parties[0].purposes[0].text =
        "猫\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202E}逆\u{9b}31m".into();
    session.parties[0].name = "地域猫\u{1b}[31mの会".into();
    session.meta.title = "\u{1b}[?1049l".into();
    for step in 1..=STEPS {
        let view = view_at(&session, step, clock());
        let buf = render_workshop(&session, &view, Lang::Ja, "w\u{1b}.yaml", 160, 48);
        assert_whole(&buf, "hostile");
        let text = buffer_text(&buf);
        assert!(!text.contains('\u{1b}') && !text.contains('\u{202E}'));
        if step == 1 {
            assert!(text.contains("猫␛[2J␛]0;pwned␇"), "{text}");
        }
    }
}

#[test]
fn no_color_means_no_colour_at_all() {
    use ratatui::style::Color;
    let (session, _) = common::community_cats();
    for step in 1..=STEPS {
        let mut view = view_at(&session, step, clock());
        view.color = false;
        let buf = render_workshop(&session, &view, Lang::Ja, "w.yaml", 160, 48);
        for cell in buf.content() {
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "step {step}"
            );
        }
        // With colours, the same screen has some: the check above is not vacuous.
        view.color = true;
        let buf = render_workshop(&session, &view, Lang::Ja, "w.yaml", 160, 48);
        assert!(buf.content().iter().any(|c| c.fg != Color::Reset));
    }
}

#[test]
fn the_editor_opens_where_the_edited_thing_is() {
    use sori::core::session::TextField;
    use sori::tui::editor::{EditTarget, Editor};
    let (session, _) = common::community_cats();
    let edits = [
        (
            "edit_purpose",
            1,
            EditTarget::Text(TextField::Item("i11".parse().unwrap())),
            "猫も人も安心して暮らせる町にしたい",
        ),
        (
            "edit_role",
            3,
            EditTarget::Text(TextField::Role(
                "a60".parse().unwrap(),
                "p2".parse().unwrap(),
            )),
            "回覧板で周知、餌やり場所の提供",
        ),
        (
            "add_improvement",
            4,
            EditTarget::NewItem("a60.improvements".parse().unwrap()),
            "ｺﾞﾐ置き場の見回り🐈",
        ),
    ];
    for lang in LANGS {
        for (what, step, target, text) in &edits {
            let mut view = view_at(&session, *step, clock());
            view.pane = match step {
                1 => Pane::Goals,
                3 => Pane::Table,
                _ => Pane::Improvements,
            };
            view.editor = Some(Editor::new(target.clone(), text));
            let name = format!("cats_{}_80x24_{what}", lang.code());
            snapshot(&name, &session, &view, lang, (80, 24));
        }
    }
}
