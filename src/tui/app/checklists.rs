//! The checklists (context `Checklist`, and `Nav` in them): the parties taking part in an
//! activity (`p`), and the purposes or challenges of a party that an activity serves (Enter on
//! those columns of the 相利評価表), where `a` adds a new one, already ticked.

use crate::core::edits;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::Overlay;

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    match app.view.overlay.clone() {
        Some(Overlay::Links {
            activity,
            party,
            list,
            mut row,
        }) => {
            let s = app.session();
            let items: Vec<_> = s
                .party(&party)
                .map(|p| p.list(list).iter().map(|it| it.id.clone()).collect())
                .unwrap_or_default();
            if !nav(&mut row, items.len(), &action) {
                match action {
                    Action::Toggle => {
                        if let Some(item) = items.get(row)
                            && let Some(e) = edits::toggle_link(s, &activity, &party, item)
                            && app.editable()
                        {
                            app.commit(e);
                        }
                    }
                    Action::Add => app.open_editor(
                        EditTarget::NewLinkedItem {
                            activity: activity.clone(),
                            party: party.clone(),
                            list,
                        },
                        "",
                    ),
                    // Not the checklist's: `App::route` sends those elsewhere.
                    _ => {}
                }
            }
            if let Some(Overlay::Links { row: r, .. }) = &mut app.view.overlay
                && app.view.editor.is_none()
            {
                *r = row;
            }
        }
        Some(Overlay::Participants { activity, mut row }) => {
            let s = app.session();
            let len = s.parties.len();
            if !nav(&mut row, len, &action) && action == Action::Toggle {
                let event = s
                    .parties
                    .get(row)
                    .and_then(|p| edits::toggle_participant(s, &activity, &p.id));
                if let Some(e) = event
                    && app.editable()
                {
                    app.commit(e);
                }
            }
            if let Some(Overlay::Participants { row: r, .. }) = &mut app.view.overlay {
                *r = row;
            }
        }
        _ => {}
    }
}
