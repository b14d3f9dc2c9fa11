//! The editor's keys that end the editing (context `Editor`): Enter saves what was typed as
//! the change it is for (a new item, a name, a start time, a due date...), Esc cancels, Ctrl-C
//! saves and quits. In a table, Enter and Tab save and go on to the row's next cell, Shift-Tab
//! to the previous one (the pane's file says which: `table_flow`, ...). Moving, deleting and
//! typing in the text are the editor's own (`Action::edits_text`, `tui/editor.rs`).

use crate::core::apply::ApplyError;
use crate::core::due;
use crate::core::edits;
use crate::core::session::TextField;
use crate::i18n::ui::Ui;
use crate::tui::editor::{EditTarget, Editor};
use crate::tui::keymap::Action;
use crate::tui::typed;

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::EdSave => app.save_and_go_on(true),
        // Tab and Shift-Tab move between a table's cells; elsewhere they do nothing (a list
        // item has no next cell).
        Action::NextCell | Action::PrevCell
            if app
                .view
                .editor
                .as_ref()
                .is_some_and(|e| e.target.in_table()) =>
        {
            app.save_and_go_on(action == Action::NextCell);
        }
        Action::EdCancel => app.view.editor = None,
        Action::Quit => {
            // Nothing typed is lost: what is in the editor is saved before quitting.
            app.save_editor();
            app.request_quit();
        }
        // The rest of the screen waits while the editor is open; the text's own keys are
        // `Editor::apply`'s (`App::route`).
        _ => {}
    }
}

impl App {
    /// Save what was typed; in a table's cell, go on to the row's next (or previous) cell.
    pub(super) fn save_and_go_on(&mut self, forward: bool) {
        let Some(target) = self.view.editor.as_ref().map(|e| e.target.clone()) else {
            return;
        };
        let warned_before = self.view.message.clone();
        let records = self.document().map(|d| d.history_len());
        self.save_editor();
        let added = self.document().map(|d| d.history_len()) != records;
        if matches!(target, EditTarget::NewIdea | EditTarget::NewAction) && !added {
            return;
        }
        let refused = self.view.message != warned_before
            && self.view.message.as_ref().is_some_and(|m| m.warn);
        if self.view.editor.is_some() || refused {
            return;
        }
        self.go_on_from(&target, forward);
    }

    /// The next cell after typing in `target`: the pane it belongs to says which.
    fn go_on_from(&mut self, target: &EditTarget, forward: bool) {
        use super::table::Stop;
        match target {
            EditTarget::Text(TextField::Role(a, p)) => self.table_flow(a, p, Stop::Role, forward),
            EditTarget::Text(TextField::Benefit(a, p)) => {
                self.table_flow(a, p, Stop::Benefit, forward);
            }
            EditTarget::Text(TextField::EvaluationComment(a, p)) => {
                self.evaluation_flow(a, p, forward);
            }
            EditTarget::Text(field @ (TextField::IdeaName(_) | TextField::IdeaWhy(_))) => {
                self.idea_flow(field, forward);
            }
            EditTarget::NewIdea => {
                if let Some(x) = self.session().expansion.last() {
                    let field = TextField::IdeaName(x.id.clone());
                    self.idea_flow(&field, forward);
                }
            }
            EditTarget::Text(
                field @ (TextField::ActionWhat(_)
                | TextField::ActionWho(_)
                | TextField::ActionDue(_)),
            ) => self.action_flow(field, forward),
            EditTarget::NewAction => {
                if let Some(t) = self.session().action_items.last() {
                    let field = TextField::ActionWhat(t.id.clone());
                    self.action_flow(&field, forward);
                }
            }
            _ => {}
        }
    }

    pub(super) fn open_editor(&mut self, target: EditTarget, initial: &str) {
        if self.editable() {
            self.view.editor = Some(Editor::new(target, initial));
        }
    }

    pub(super) fn save_editor(&mut self) {
        let Some(editor) = self.view.editor.take() else {
            return;
        };
        let text = editor.text().trim().to_string();
        let changed = editor.changed();
        // Too long a text (a paste of a whole document) stays in the editor, with the limit.
        if changed
            && let Some(size) = editor.target.text_size()
            && let Err(ApplyError::TooLong { max, chars, .. }) = size.check(&text)
        {
            self.view.editor = Some(editor);
            let why = crate::tui::refusal::too_long(size, max, chars, self.lang);
            self.say(why, true);
            return;
        }
        let s = self.session();
        match &editor.target {
            EditTarget::Start | EditTarget::End | EditTarget::NextStart if changed => {
                let (now, event): (_, fn(_) -> _) = match editor.target {
                    EditTarget::Start => (s.meta.start, edits::set_start),
                    EditTarget::End => (s.meta.end, edits::set_end),
                    _ => (s.meta.next.start, edits::set_next_start),
                };
                // A time typed without an offset takes the meeting's (the room's clock).
                let room = now.or(s.meta.start);
                match typed::parse_start(&text, room.as_ref()) {
                    Ok(time) if time == now => {}
                    Ok(time) => {
                        self.commit(event(time));
                    }
                    Err(typed::Unreadable) => self.keep_editing(editor, Ui::StartFormat),
                }
                return;
            }
            EditTarget::Timebox(step) if changed => {
                let step = *step;
                let old = s.meta.steps.get(usize::from(step).wrapping_sub(1));
                match typed::parse_timebox(&text) {
                    Ok(minutes) if old.is_some_and(|st| st.timebox_min == minutes) => {}
                    Ok(minutes) => {
                        self.commit(edits::set_timebox(step, minutes));
                    }
                    Err(typed::Unreadable) => self.keep_editing(editor, Ui::TimeboxFormat),
                }
                return;
            }
            EditTarget::Start
            | EditTarget::End
            | EditTarget::NextStart
            | EditTarget::Timebox(_) => {
                return;
            }
            _ => {}
        }
        if let EditTarget::Text(TextField::ActionDue(t)) = &editor.target {
            // A due date is kept as a date: what cannot be read as one stays to be fixed.
            let meeting = s.meta.start.unwrap_or_else(|| self.now()).local().date();
            match due::read(&text, meeting) {
                Ok(date) => {
                    let stored = date.map(due::stored).unwrap_or_default();
                    if changed && s.text(&TextField::ActionDue(t.clone())) != Some(stored.as_str())
                    {
                        self.commit(edits::set_text(TextField::ActionDue(t.clone()), stored));
                    }
                }
                Err(due::NotADate) => self.keep_editing(editor, Ui::DueFormat),
            }
            return;
        }
        match editor.target {
            EditTarget::Text(field) => {
                if !changed || s.text(&field) == Some(text.as_str()) {
                    return;
                }
                if text.is_empty() && needs_text(&field) {
                    self.warn(Ui::EmptyNotSaved);
                    return;
                }
                self.commit(edits::set_text(field, text));
            }
            // The replay's search box has its own editor (`tui::replay`); nothing to save.
            EditTarget::Search => {}
            // A contribution from a phone, as the facilitator edited it.
            EditTarget::Proposal(id) => {
                if text.is_empty() {
                    self.warn(Ui::EmptyNotSaved);
                } else {
                    self.accept_edited(id, text);
                }
            }
            EditTarget::Start
            | EditTarget::End
            | EditTarget::NextStart
            | EditTarget::Timebox(_) => {}
            _ if text.is_empty() => {}
            EditTarget::NewItem(list) => {
                let (event, _) = edits::add_item(s, list.clone(), text);
                if self.commit(event) {
                    let len = self.session().list(&list).map_or(0, Vec::len);
                    self.select_row(len.saturating_sub(1));
                }
            }
            EditTarget::NewParty => {
                if self.commit(edits::add_party(s, text)) {
                    self.view.sel.party = self.session().parties.len() - 1;
                }
            }
            EditTarget::NewHost => {
                if self.commit(edits::add_host(s, text)) {
                    self.view.sel.party = self.session().parties.len() - 1;
                }
            }
            EditTarget::NewActivity => {
                if self.commit(edits::add_activity(s, text)) {
                    self.view.sel.activity = self.session().activities.len() - 1;
                    self.view.sel.table_row = 0;
                }
            }
            EditTarget::NewAction => {
                if self.commit(edits::add_action(s, text)) {
                    // A new row starts at its first column, the one just typed.
                    let last = self.session().action_items.len() - 1;
                    self.set_action_cursor(last, crate::tui::state::ActionCol::What);
                }
            }
            EditTarget::NewIdea => {
                if self.commit(edits::add_idea(s, text)) {
                    // A new row starts at its first column, the one just typed.
                    self.view.sel.idea_row = self.session().expansion.len() - 1;
                    self.view.sel.idea_col = crate::tui::state::IdeaCol::Name;
                }
            }
            EditTarget::NewLinkedItem {
                activity,
                party,
                list,
            } => {
                let event = edits::add_linked_item(s, &activity, &party, list, text);
                if self.commit(event) {
                    let s = self.session();
                    let new = s.party(&party).and_then(|p| p.list(list).last());
                    let row = new.and_then(|new| {
                        edits::row_offer(s, &party)
                            .iter()
                            .position(|(_, id)| id == &new.id)
                    });
                    self.select_row(row.unwrap_or(0));
                }
            }
        }
    }

    /// Text that cannot be read stays in the editor, with what is expected, to be fixed.
    pub(super) fn keep_editing(&mut self, editor: Editor, why: Ui) {
        self.view.editor = Some(editor);
        self.warn(why);
    }
}

/// Fields that must not be emptied (a thing needs a name); the rest may be.
fn needs_text(field: &TextField) -> bool {
    matches!(
        field,
        TextField::PartyName(_)
            | TextField::Item(_)
            | TextField::ActivityTitle(_)
            | TextField::ActionWhat(_)
            | TextField::IdeaName(_)
    )
}
