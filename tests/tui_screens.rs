//! Snapshots of every step's screen, in Japanese and English: the community-cats fixture at
//! 80×24, 120×36, 160×48 and 240×67, every bundled example at 80×24 and 160×48. Each screen is also checked for cut wide
//! characters and for anything unsafe reaching a cell.

mod common;
#[path = "common/screen.rs"]
mod screen;

use screen::assert_whole;

use sori::bundled;
use sori::core::session::{Lang, STEPS, Session};
use sori::core::stamp::Stamp;
use sori::tui::state::{Overlay, Pane};
use sori::tui::{View, buffer_text, render_workshop};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
/// The sizes a projector gets, for the community-cats fixture's steps.
const ALL_SIZES: [(u16, u16); 4] = [(80, 24), (120, 36), (160, 48), (240, 67)];
const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

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
        for size in ALL_SIZES {
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

/// Nothing a projector washes out, in any theme: no faint text, no dark grey but on the lines
/// between things; the projector theme uses no colour at all.
#[test]
fn every_theme_is_readable_on_a_projector() {
    use ratatui::style::{Color, Modifier};
    use sori::tui::state::ThemeName;
    let (session, _) = common::community_cats();
    let lines = ['─', '│', '┌', '┐', '└', '┘', '━', ' '];
    for theme in ThemeName::ALL {
        for step in 1..=STEPS {
            for size in SIZES {
                let mut view = view_at(&session, step, clock());
                view.color = true;
                view.theme = theme;
                let buf = render_workshop(&session, &view, Lang::Ja, "w.yaml", size.0, size.1);
                for cell in buf.content() {
                    let c = cell.symbol().chars().next().unwrap_or(' ');
                    assert!(
                        !cell.modifier.contains(Modifier::DIM),
                        "{theme:?} step {step}: {c} faint"
                    );
                    if cell.fg == Color::DarkGray {
                        assert!(
                            lines.contains(&c),
                            "{theme:?} step {step}: {c} in dark grey"
                        );
                    }
                    if theme == ThemeName::Projector {
                        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
                    }
                }
            }
        }
    }
}

/// The facilitator's flow (issue 12) on screen: the numbered menus (cooperation type, kinds
/// of benefit, the party to add), a row's checklist of challenges and purposes, the ⚠ on the
/// selected row explained in the status line (steps 3 and 4), and where Tab, → and > go in
/// step 2; at 80×24 and 160×48, in Japanese and English.
#[test]
fn the_flow_screens() {
    use sori::tui::state::Menu;
    let (session, _) = common::community_cats();
    let id = |s: &str| s.parse::<sori::core::session::Id>().unwrap();
    let screens: Vec<(&str, u8, Pane, Option<Overlay>, usize)> = vec![
        (
            "menu_coop",
            3,
            Pane::Activities,
            Some(Overlay::Menu {
                menu: Menu::Coop(id("a60")),
                row: 2,
            }),
            0,
        ),
        (
            "menu_kinds",
            3,
            Pane::Table,
            Some(Overlay::Menu {
                menu: Menu::BenefitKinds {
                    activity: id("a60"),
                    party: id("p2"),
                },
                row: 0,
            }),
            1,
        ),
        (
            "menu_join",
            3,
            Pane::Table,
            Some(Overlay::Menu {
                menu: Menu::Join(id("a60")),
                row: 0,
            }),
            0,
        ),
        (
            "row_checklist",
            3,
            Pane::Table,
            Some(Overlay::Links {
                activity: id("a60"),
                party: id("p2"),
                list: sori::core::session::PartyList::Challenges,
                row: 1,
            }),
            1,
        ),
        ("table_one_sided", 3, Pane::Table, None, 3),
        ("evaluation_one_sided", 4, Pane::Evaluation, None, 3),
        ("step2_where", 2, Pane::Goals, None, 0),
    ];
    for lang in LANGS {
        for size in SIZES {
            for (what, step, pane, overlay, row) in &screens {
                let mut view = view_at(&session, *step, clock());
                view.pane = *pane;
                view.overlay = overlay.clone();
                view.sel.table_row = *row;
                view.sel.eval_row = *row;
                view.sel.party = 1;
                let name = format!("flow_{}_{}x{}_{what}", lang.code(), size.0, size.1);
                snapshot(&name, &session, &view, lang, size);
            }
        }
    }
}

/// The selected row and cell show without colour: `▶` before the row, the column's heading in
/// brackets, in the screen's plain text (what `sori render` prints and NO_COLOR sees).
#[test]
fn the_selected_cell_is_marked_by_a_shape() {
    use sori::tui::state::{EvalCol, TableCol};
    let (session, _) = common::community_cats();
    for lang in LANGS {
        let mut view = view_at(&session, 3, clock());
        view.pane = Pane::Table;
        view.sel.table_row = 1;
        view.sel.table_col = TableCol::Role;
        let text = buffer_text(&render_workshop(&session, &view, lang, "w.yaml", 80, 24));
        let role = sori::i18n::Term::ColRole.text(lang);
        assert!(text.contains(&format!("[{role}]")), "{text}");
        let row = text
            .lines()
            .find(|l| l.contains("▶ みどり町"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains("みどり町"), "{row}");
        let mut view = view_at(&session, 4, clock());
        view.pane = Pane::Evaluation;
        view.sel.eval_col = EvalCol::Comment;
        let text = buffer_text(&render_workshop(&session, &view, lang, "w.yaml", 80, 24));
        let comment = sori::i18n::Term::Comment.text(lang);
        assert!(text.contains(&format!("[{comment}]")), "{text}");
    }
}
