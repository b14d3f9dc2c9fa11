//! Every key reaches a handler that names its action.

use super::*;
use crate::core::session::{Id, PartyList, STEPS};
use crate::tui::editor::{EditTarget, Editor};
use crate::tui::keymap::lookup;

/// An overlay of each kind, as the screen opens it.
fn overlay(kind: OverlayKind) -> Overlay {
    let id = |s: &str| s.parse::<Id>().unwrap();
    match kind {
        OverlayKind::Help => Overlay::Help {
            scroll: 0,
            back: None,
        },
        OverlayKind::Messages => Overlay::Messages { row: 0 },
        OverlayKind::Decisions => Overlay::Decisions { row: 0 },
        OverlayKind::ParkingLot => Overlay::ParkingLot { row: 0 },
        OverlayKind::ActionItems => Overlay::ActionItems {
            row: 0,
            col: crate::tui::state::ActionCol::What,
        },
        OverlayKind::Swot => Overlay::Swot {
            party: id("p1"),
            quadrant: 0,
            row: 0,
        },
        OverlayKind::Links => Overlay::Links {
            activity: id("a2"),
            party: id("p1"),
            list: PartyList::Purposes,
            row: 0,
        },
        OverlayKind::Participants => Overlay::Participants {
            activity: id("a2"),
            row: 0,
        },
        OverlayKind::Meeting => Overlay::Meeting { row: 0 },
        OverlayKind::MeetingList => Overlay::MeetingList {
            list: crate::core::session::MeetingList::Agenda,
            row: 0,
        },
        OverlayKind::CloseOnQuit => Overlay::CloseOnQuit,
        OverlayKind::NotesWaiting => Overlay::NotesWaiting,
        OverlayKind::Representatives => Overlay::Representatives {
            party: id("p1"),
            row: 0,
        },
        OverlayKind::Menu => Overlay::Menu {
            menu: crate::tui::state::Menu::Coop(id("a2")),
            row: 0,
        },
        OverlayKind::Phones => Overlay::Phones { row: 0, party: 0 },
    }
}

/// Every screen the keys can meet: each step's panes, each overlay, the editor; live and
/// in a replay.
fn screens() -> Vec<(String, View)> {
    let base = View::new(&Session::empty(), Stamp::from_unix(0, 0));
    let mut out = vec![];
    for replay in [false, true] {
        for step in 1..=STEPS {
            for pane in Pane::order(step) {
                let mut view = base.clone();
                (view.step, view.pane, view.replay) = (Some(step), *pane, replay);
                out.push((format!("step {step} {pane:?} replay={replay}"), view));
            }
        }
        for kind in OverlayKind::ALL {
            let mut view = base.clone();
            (view.overlay, view.replay) = (Some(overlay(kind)), replay);
            out.push((format!("{kind:?} replay={replay}"), view));
        }
    }
    let mut view = base.clone();
    view.editor = Some(Editor::new(EditTarget::NewParty, ""));
    out.push(("editor".into(), view));
    out
}

/// `GoStep(1)` → `GoStep`: how a match arm names the action.
fn variant(action: &Action) -> String {
    format!("{action:?}")
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn file(path: &str) -> String {
    let whole = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&whole).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Two hops, for every key on every screen: the keymap row, then the file its context
/// names (`Handler::of`, `Handler::file`), which has the action's arm. A key whose action
/// no handler names fails here.
#[test]
fn every_key_reaches_a_handler_that_names_its_action() {
    let mut checked = 0;
    for (screen, view) in screens() {
        let mut app = App::snapshot(Session::empty(), "w.yaml".into(), Lang::En);
        app.view = view;
        let ctxs = contexts(&app.view);
        for row in KEYMAP.iter().filter(|b| ctxs.contains(&b.ctx)) {
            // Only the row a key reaches on this screen (not one a more specific
            // context shadows).
            if lookup(&ctxs, row.key).map(|b| (b.ctx, &b.action)) != Some((row.ctx, &row.action)) {
                continue;
            }
            let action = &row.action;
            let routed = app
                .route(action)
                .unwrap_or_else(|| panic!("{screen}: {row:?} has no handler"));
            // Where the row's context says it goes (what a reader opens), and where it
            // does go (the same, except where a more specific context binds the same
            // action to another key: the replay's `q` and Ctrl-C, which it hands on).
            for handler in [Handler::of(row.ctx, action, app.focus()), routed] {
                let arm = format!("Action::{}", variant(action));
                let text = file(handler.file());
                // A list's keys are the same in every list: the focused list's file hands
                // them to `lists.rs` (`nav`, or `overlay_list` for a list in an overlay) with its
                // own list and selection.
                let in_overlay = text.contains("overlay_list(");
                let moved = match row.ctx {
                    Ctx::Nav => text.contains("nav(") || in_overlay,
                    Ctx::List => in_overlay,
                    _ => false,
                } && file("src/tui/app/lists.rs").contains(&arm);
                assert!(
                    text.contains(&arm) || moved,
                    "{screen}: {row:?} goes to {} ({handler:?}), which has no {arm}",
                    handler.file()
                );
            }
            checked += 1;
        }
    }
    // The picker's keys are the picker's; the room view's (and those of the help over it)
    // the room view's.
    for row in KEYMAP.iter().filter(|b| b.ctx == Ctx::Picker) {
        let arm = format!("Action::{}", variant(&row.action));
        assert!(file(Handler::Picker.file()).contains(&arm), "{row:?}");
    }
    for row in KEYMAP
        .iter()
        .filter(|b| matches!(b.ctx, Ctx::Room | Ctx::Help | Ctx::Global))
    {
        assert_eq!(
            Handler::of(Ctx::Room, &row.action, Handler::Room),
            Handler::Room
        );
        let arm = format!("Action::{}", variant(&row.action));
        assert!(file(Handler::Room.file()).contains(&arm), "{row:?}");
    }
    assert!(checked > 1000, "{checked}");
}
