//! The 相利評価表 of the selected activity (step 3; context `Table`, and `List`, `Nav` in it):
//! one row per party taking part; Enter on a cell edits it (the party column opens the
//! checklist of parties, the purpose and challenge columns the party's checklist of them).

use crate::core::edits;
use crate::core::session::{PartyList, TextField};
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{Column, Overlay, TableCol, selected_activity};

use super::lists::nav;
use super::{App, activity};

pub(super) fn update(app: &mut App, action: Action) {
    // `p`, as in the other panes about the activity: the checklist of parties taking part.
    if action == Action::Participants {
        return activity::update(app, action);
    }
    let s = app.session();
    let Some(ai) = selected_activity(s, &app.view) else {
        return;
    };
    let a = s.activities[ai].clone();
    let len = a.participants.len();
    let mut row = app.view.sel.table_row.min(len.saturating_sub(1));
    if nav(&mut row, len, &action) {
        app.view.sel.table_row = row;
        return;
    }
    let col = app.view.sel.table_col;
    let part = a.participants.get(row).cloned();
    match (action, part) {
        (Action::Left, _) => app.view.sel.table_col = col.step(false),
        (Action::Right, _) => app.view.sel.table_col = col.step(true),
        (Action::Add, _) => activity::update(app, Action::Participants),
        (Action::Edit, Some(p)) => match col {
            TableCol::Stakeholder => activity::update(app, Action::Participants),
            TableCol::Challenge | TableCol::Purpose => {
                app.view.overlay = Some(Overlay::Links {
                    activity: a.id.clone(),
                    party: p.party.clone(),
                    list: if col == TableCol::Purpose {
                        PartyList::Purposes
                    } else {
                        PartyList::Challenges
                    },
                    row: 0,
                });
            }
            TableCol::Activity => app.open_editor(
                EditTarget::Text(TextField::ActivityTitle(a.id.clone())),
                &a.title,
            ),
            TableCol::Role => app.open_editor(
                EditTarget::Text(TextField::Role(a.id.clone(), p.party.clone())),
                &p.role,
            ),
            TableCol::Benefit => app.open_editor(
                EditTarget::Text(TextField::Benefit(a.id.clone(), p.party.clone())),
                &p.benefit,
            ),
        },
        (Action::Edit, None) => activity::update(app, Action::Participants),
        (Action::Delete, Some(p)) => {
            let name = app.session().party_name(&p.party).to_string();
            app.remove(edits::remove_participant(&a.id, &p.party), &name);
        }
        (Action::MoveUp | Action::MoveDown, _) => app.info(Ui::CannotMove),
        // Not the table's: `App::route` sends those elsewhere.
        _ => {}
    }
}
