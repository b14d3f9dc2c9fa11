//! The 相利評価表 of the selected activity (step 3; context `Table`, and `List`, `Nav` in it):
//! one row per party taking part, the host's first. Typing flows through a row: its challenges
//! and purposes (one checklist, every one ticked when the party joined), its role, its benefit,
//! then the next party's row; Enter (or Tab) saves a cell and goes on, Shift-Tab goes back, Esc
//! stops. `a` adds a party's row from a numbered menu; `b` tags the kinds of its benefit.

use crate::core::edits;
use crate::core::session::{Id, PartyList, TextField};
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{Column, Menu, Overlay, TableCol, selected_activity};

use super::lists::nav;
use super::{App, activity};

/// A cell of a row that typing flows through.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Stop {
    /// The challenges and purposes: one checklist.
    Goals,
    Role,
    Benefit,
}

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
    let order = a.table_order(s.meta.host.as_ref());
    let len = order.len();
    let mut row = app.view.sel.table_row.min(len.saturating_sub(1));
    if nav(&mut row, len, &action) {
        app.view.sel.table_row = row;
        return;
    }
    let col = app.view.sel.table_col;
    let part = order.get(row).map(|&i| a.participants[i].clone());
    match (action, part) {
        (Action::Left, _) => app.view.sel.table_col = col.step(false),
        (Action::Right, _) => app.view.sel.table_col = col.step(true),
        (Action::Add, _) => app.offer_join(&a.id),
        (Action::Edit, Some(p)) => match col {
            TableCol::Stakeholder => activity::update(app, Action::Participants),
            TableCol::Challenge => app.open_goals(&a.id, &p.party, PartyList::Challenges),
            TableCol::Purpose => app.open_goals(&a.id, &p.party, PartyList::Purposes),
            TableCol::Activity => app.open_editor(
                EditTarget::Text(TextField::ActivityTitle(a.id.clone())),
                &a.title,
            ),
            TableCol::Role => app.open_stop(&a.id, &p.party, Stop::Role),
            TableCol::Benefit => app.open_stop(&a.id, &p.party, Stop::Benefit),
        },
        (Action::Edit, None) => app.offer_join(&a.id),
        (Action::BenefitKinds, Some(p)) if app.editable() => app.open_menu(Menu::BenefitKinds {
            activity: a.id.clone(),
            party: p.party,
        }),
        (Action::BenefitKinds, None) => app.info(Ui::EmptyParticipants),
        (Action::Delete, Some(p)) => {
            let name = app.session().party_name(&p.party).to_string();
            app.remove(edits::remove_participant(&a.id, &p.party), &name);
        }
        (Action::MoveUp | Action::MoveDown, _) => app.info(Ui::CannotMove),
        // Not the table's: `App::route` sends those elsewhere.
        _ => {}
    }
}

impl App {
    /// `a` in the table: the menu of parties that do not take part yet (the host first).
    pub(super) fn offer_join(&mut self, activity: &Id) {
        let s = self.session();
        let none_left = s
            .activity(activity)
            .is_none_or(|a| edits::joinable(s, a).is_empty());
        if none_left {
            self.info(if s.parties.is_empty() {
                Ui::NoPartiesYet
            } else {
                Ui::AllTakePart
            });
        } else if self.editable() {
            self.open_menu(Menu::Join(activity.clone()));
        }
    }

    /// The party joins the activity, its challenges and purposes ticked: its new row is
    /// selected and typing starts at its first cell, the checklist.
    pub(super) fn join_row(&mut self, activity: &Id, party: &Id) {
        let Some(event) = edits::join(self.session(), activity, party) else {
            return;
        };
        if self.editable() && self.commit(event) {
            self.open_stop(activity, party, Stop::Goals);
        }
    }

    /// The checklist of a row's challenges and purposes, the cursor in `list`'s part.
    pub(super) fn open_goals(&mut self, activity: &Id, party: &Id, list: PartyList) {
        let s = self.session();
        let Some(p) = s.party(party) else {
            return;
        };
        let row = match list {
            PartyList::Purposes => p.challenges.len(),
            _ => 0,
        };
        // `a` adds to the part the cursor is in (the purposes, when there is no challenge).
        let list = edits::row_offer(s, party)
            .get(row)
            .map_or(list, |(list, _)| *list);
        self.view.overlay = Some(Overlay::Links {
            activity: activity.clone(),
            party: party.clone(),
            list,
            row,
        });
    }

    /// Put the cursor on a row's cell and start typing there (the checklist opens for the
    /// challenges and purposes).
    pub(super) fn open_stop(&mut self, activity: &Id, party: &Id, stop: Stop) {
        let s = self.session();
        let Some(a) = s.activity(activity) else {
            return;
        };
        let (Some(row), Some(part)) = (s.table_row(a, party), a.participant(party).cloned()) else {
            return;
        };
        if let Some(ai) = s.activities.iter().position(|x| &x.id == activity) {
            self.view.sel.activity = ai;
        }
        self.view.sel.table_row = row;
        self.view.overlay = None;
        match stop {
            Stop::Goals => {
                self.view.sel.table_col = TableCol::Challenge;
                self.open_goals(activity, party, PartyList::Challenges);
            }
            Stop::Role => {
                self.view.sel.table_col = TableCol::Role;
                self.open_editor(
                    EditTarget::Text(TextField::Role(activity.clone(), party.clone())),
                    &part.role,
                );
            }
            Stop::Benefit => {
                self.view.sel.table_col = TableCol::Benefit;
                self.open_editor(
                    EditTarget::Text(TextField::Benefit(activity.clone(), party.clone())),
                    &part.benefit,
                );
            }
        }
    }

    /// Typing goes on from a row's cell: forward, the role after the checklist, the benefit
    /// after the role, then the next party's row (or, after the last, the menu of parties not
    /// taking part yet); back, the other way. Past the first cell it stops.
    pub(super) fn table_flow(&mut self, activity: &Id, party: &Id, from: Stop, forward: bool) {
        let s = self.session();
        let Some(a) = s.activity(activity) else {
            return;
        };
        let Some(row) = s.table_row(a, party) else {
            return;
        };
        let order = a.table_order(s.meta.host.as_ref());
        let party_at = |r: usize| order.get(r).map(|&i| a.participants[i].party.clone());
        let next = match (from, forward) {
            (Stop::Goals, true) => Some((party.clone(), Stop::Role)),
            (Stop::Role, true) => Some((party.clone(), Stop::Benefit)),
            (Stop::Benefit, true) => party_at(row + 1).map(|p| (p, Stop::Goals)),
            (Stop::Benefit, false) => Some((party.clone(), Stop::Role)),
            (Stop::Role, false) => Some((party.clone(), Stop::Goals)),
            (Stop::Goals, false) => row
                .checked_sub(1)
                .and_then(party_at)
                .map(|p| (p, Stop::Benefit)),
        };
        let joinable = !edits::joinable(s, a).is_empty();
        match next {
            Some((p, stop)) => self.open_stop(activity, &p, stop),
            // The row's end, the table's last row: the next party is one to add.
            None if forward && joinable => self.open_menu(Menu::Join(activity.clone())),
            None => {
                self.view.overlay = None;
                self.view.sel.table_row = row;
            }
        }
    }
}
