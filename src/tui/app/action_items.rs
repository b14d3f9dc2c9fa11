//! The action items table (context `ActionItems`, and `List`, `Nav` in it): the step-5 pane and
//! the `A` overlay are the same table. Space marks an item done; Enter edits a cell (the
//! activity column goes round the activities). Typing flows through a row: what, who, due.

use crate::core::edits;
use crate::core::session::TextField;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{ActionCol, Column, Overlay};

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    match app.view.overlay {
        Some(Overlay::ActionItems { row, col }) => {
            let (row, col) = app.action_items(action, row, col);
            if let Some(Overlay::ActionItems { .. }) = app.view.overlay {
                app.view.overlay = Some(Overlay::ActionItems { row, col });
            }
        }
        _ => {
            let (row, col) = (app.view.sel.action_row, app.view.sel.action_col);
            let (row, col) = app.action_items(action, row, col);
            app.view.sel.action_row = row;
            app.view.sel.action_col = col;
        }
    }
}

impl App {
    /// The action items table, in step 5 or the overlay: returns the new (row, column).
    pub(super) fn action_items(
        &mut self,
        action: Action,
        row: usize,
        col: ActionCol,
    ) -> (usize, ActionCol) {
        let s = self.session();
        let len = s.action_items.len();
        let mut row = row.min(len.saturating_sub(1));
        if nav(&mut row, len, &action) {
            return (row, col);
        }
        let item = s.action_items.get(row).cloned();
        match (action, item) {
            (Action::Left, _) => return (row, col.step(false)),
            (Action::Right, _) => return (row, col.step(true)),
            (Action::Add, _) => self.open_editor(EditTarget::NewAction, ""),
            (Action::Edit, Some(t)) => match col {
                ActionCol::What => {
                    self.open_editor(EditTarget::Text(TextField::ActionWhat(t.id)), &t.what);
                }
                ActionCol::Who => {
                    self.open_editor(EditTarget::Text(TextField::ActionWho(t.id)), &t.who);
                }
                // A date, typed as people type one (`12/15`, 12月15日): see `core::due`.
                ActionCol::Due => {
                    self.open_editor(EditTarget::Text(TextField::ActionDue(t.id)), &t.due);
                }
                ActionCol::Activity => {
                    if self.session().activities.is_empty() {
                        self.info(Ui::EmptyActivitiesMain);
                    } else {
                        self.commit(edits::cycle_action_activity(self.session(), &t));
                    }
                }
                ActionCol::Done => {
                    self.commit(edits::toggle_done(&t));
                }
            },
            (Action::Toggle, Some(t)) => {
                self.commit(edits::toggle_done(&t));
            }
            (Action::Delete, Some(t)) => {
                if self.remove(edits::delete(self.session(), &t.id), &t.what) {
                    return (row.min(len.saturating_sub(2)), col);
                }
                return (row, col);
            }
            (a @ (Action::MoveUp | Action::MoveDown), Some(t)) => {
                if let Some(to) = self.move_thing(&t.id, row, len, &a) {
                    return (to, col);
                }
            }
            (Action::Edit | Action::Delete | Action::Toggle, None) => {
                self.info(Ui::NothingSelected);
            }
            _ => {}
        }
        (row, col)
    }
}

impl App {
    /// The action items' cursor, in the overlay when it is open, else in the step-5 pane.
    pub(super) fn set_action_cursor(&mut self, row: usize, col: ActionCol) {
        match &mut self.view.overlay {
            Some(Overlay::ActionItems { row: r, col: c }) => (*r, *c) = (row, col),
            _ => (self.view.sel.action_row, self.view.sel.action_col) = (row, col),
        }
    }

    /// After typing in an action item's cell: the row's next (or previous) cell, its editor
    /// open when it is text (what, who, due).
    pub(super) fn action_flow(&mut self, field: &TextField, forward: bool) {
        let (TextField::ActionWhat(t) | TextField::ActionWho(t) | TextField::ActionDue(t)) = field
        else {
            return;
        };
        let s = self.session();
        let Some(row) = s.action_items.iter().position(|x| &x.id == t) else {
            return;
        };
        let item = s.action_items[row].clone();
        let from = match field {
            TextField::ActionWhat(_) => ActionCol::What,
            TextField::ActionWho(_) => ActionCol::Who,
            _ => ActionCol::Due,
        };
        let to = from.step(forward);
        self.set_action_cursor(row, to);
        if to == from {
            return;
        }
        let id = item.id.clone();
        match to {
            ActionCol::What => {
                self.open_editor(EditTarget::Text(TextField::ActionWhat(id)), &item.what);
            }
            ActionCol::Who => {
                self.open_editor(EditTarget::Text(TextField::ActionWho(id)), &item.who);
            }
            ActionCol::Due => {
                self.open_editor(EditTarget::Text(TextField::ActionDue(id)), &item.due);
            }
            ActionCol::Activity | ActionCol::Done => {}
        }
    }
}
