//! The checklists (context `Checklist`, and `Nav` in them): the parties taking part in an
//! activity (`p`), and a row's challenges and purposes in the 相利評価表 (context
//! `RowChecklist` too: one checklist, the challenges first; Enter goes on to the row's role,
//! as every cell of the row does), where `a` adds a new one to the part the cursor is in,
//! already ticked.

use crate::core::edits;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::Overlay;

use super::App;
use super::lists::nav;
use super::table::Stop;

pub(super) fn update(app: &mut App, action: Action) {
    match app.view.overlay.clone() {
        Some(Overlay::Links {
            activity,
            party,
            list,
            mut row,
        }) => {
            let s = app.session();
            let items = edits::row_offer(s, &party);
            if !nav(&mut row, items.len(), &action) {
                match action {
                    Action::Toggle => {
                        if let Some((_, item)) = items.get(row)
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
                    Action::NextCell | Action::PrevCell => {
                        let forward = action == Action::NextCell;
                        return app.table_flow(&activity, &party, Stop::Goals, forward);
                    }
                    // Not the checklist's: `App::route` sends those elsewhere.
                    _ => {}
                }
            }
            // The part the cursor is in is where `a` adds.
            let list = app
                .session()
                .party(&party)
                .map(|_| edits::row_offer(app.session(), &party))
                .and_then(|items| items.get(row).map(|(l, _)| *l))
                .unwrap_or(list);
            if let Some(Overlay::Links {
                row: r, list: l, ..
            }) = &mut app.view.overlay
                && app.view.editor.is_none()
            {
                *r = row;
                *l = list;
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
