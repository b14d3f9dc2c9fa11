//! What every list does, in a pane or an overlay: moving the selection (`nav`), and adding,
//! editing, deleting and moving an item (context `List`), each as one undoable change.

use crate::core::edits;
use crate::core::event::Event;
use crate::core::session::{Id, ListRef, TextField};
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{Overlay, Pane};

use super::App;

/// How many rows PageUp and PageDown move.
pub(super) const PAGE: usize = 10;

/// Up, down, top, bottom and page moves in a list of `len`; `true` if the action was one.
pub(super) fn nav(sel: &mut usize, len: usize, action: &Action) -> bool {
    let last = len.saturating_sub(1);
    *sel = match action {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (*sel + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageUp => sel.saturating_sub(PAGE),
        Action::PageDown => (*sel + PAGE).min(last),
        _ => return false,
    };
    true
}

impl App {
    /// Add, edit, delete and move in a list of items. Returns the new selection when it moved.
    pub(super) fn item_list_action(
        &mut self,
        action: Action,
        list: ListRef,
        sel: usize,
    ) -> Option<usize> {
        let items = self.session().list(&list)?;
        let len = items.len();
        let item = items.get(sel).cloned();
        match (action, item) {
            (Action::Add, _) => self.open_editor(EditTarget::NewItem(list), ""),
            (Action::Edit, Some(it)) => {
                self.open_editor(EditTarget::Text(TextField::Item(it.id)), &it.text);
            }
            (Action::Delete, Some(it)) => {
                let removed = self.remove(edits::delete(self.session(), &it.id), &it.text);
                return removed.then(|| sel.min(len.saturating_sub(2)));
            }
            (a @ (Action::MoveUp | Action::MoveDown), Some(it)) => {
                return self.move_thing(&it.id, sel, len, &a);
            }
            (Action::Edit | Action::Delete, None) => self.info(Ui::NothingSelected),
            _ => {}
        }
        None
    }

    /// A list's keys (contexts `List`, `Nav`) in a list of items shown in an overlay: returns
    /// the new selected row, `None` for an action that is not a list's.
    pub(super) fn overlay_list(
        &mut self,
        action: Action,
        list: ListRef,
        row: usize,
    ) -> Option<usize> {
        match action {
            Action::Add
            | Action::Edit
            | Action::Delete
            | Action::MoveUp
            | Action::MoveDown
            | Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => {
                let len = self.session().list(&list).map_or(0, Vec::len);
                let mut row = row.min(len.saturating_sub(1));
                if nav(&mut row, len, &action) {
                    return Some(row);
                }
                Some(self.item_list_action(action, list, row).unwrap_or(row))
            }
            _ => None,
        }
    }

    pub(super) fn move_thing(
        &mut self,
        id: &Id,
        sel: usize,
        len: usize,
        action: &Action,
    ) -> Option<usize> {
        let to = match action {
            Action::MoveUp => sel.checked_sub(1)?,
            _ if sel + 1 < len => sel + 1,
            _ => return None,
        };
        (self.commit(edits::move_to(id, to))).then_some(to)
    }

    /// Remove something (the event removes its references too) and say what went.
    pub(super) fn remove(&mut self, event: Event, what: &str) -> bool {
        let removed = self.commit(event);
        if removed {
            self.deleted(what);
        }
        removed
    }

    pub(super) fn deleted(&mut self, what: &str) {
        let what = crate::text::clean_line(what);
        let what = crate::text::fit(&what, 30);
        self.say(fill(self.t(Ui::Deleted), &[("what", &what)]), false);
    }

    /// Select a row in whatever list has the focus (after adding to it).
    pub(super) fn select_row(&mut self, row: usize) {
        match &mut self.view.overlay {
            Some(
                Overlay::Decisions { row: r }
                | Overlay::ParkingLot { row: r }
                | Overlay::ActionItems { row: r, .. }
                | Overlay::Swot { row: r, .. }
                | Overlay::Links { row: r, .. }
                | Overlay::Participants { row: r, .. }
                | Overlay::Messages { row: r }
                | Overlay::Meeting { row: r }
                | Overlay::MeetingList { row: r, .. }
                | Overlay::Representatives { row: r, .. }
                | Overlay::Menu { row: r, .. }
                | Overlay::Phones { row: r, .. },
            ) => *r = row,
            Some(Overlay::Help { .. } | Overlay::CloseOnQuit | Overlay::NotesWaiting) => {}
            None => match self.view.pane {
                Pane::Parties => self.view.sel.party = row,
                Pane::Goals => self.view.sel.goal_item = row,
                Pane::Activities => self.view.sel.activity = row,
                Pane::Table => self.view.sel.table_row = row,
                Pane::Evaluation => self.view.sel.eval_row = row,
                Pane::Improvements => self.view.sel.improvement = row,
                Pane::Ideas => self.view.sel.idea_row = row,
                Pane::Actions => self.view.sel.action_row = row,
            },
        }
    }
}
