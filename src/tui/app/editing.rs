//! The editor's keys that end the editing (context `Editor`): Enter saves what was typed as
//! the change it is for (a new item, a name, a start time...), Esc cancels, Ctrl-C saves and
//! quits. Moving, deleting and typing in the text are the editor's own (`Action::edits_text`,
//! `tui/editor.rs`).

use crate::core::edits;
use crate::core::session::TextField;
use crate::i18n::ui::Ui;
use crate::tui::editor::{EditTarget, Editor};
use crate::tui::keymap::Action;
use crate::tui::typed;

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::EdSave => app.save_editor(),
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
            EditTarget::NewActivity => {
                if self.commit(edits::add_activity(s, text)) {
                    self.view.sel.activity = self.session().activities.len() - 1;
                    self.view.sel.table_row = 0;
                }
            }
            EditTarget::NewAction => {
                if self.commit(edits::add_action(s, text)) {
                    let last = self.session().action_items.len() - 1;
                    self.select_row(last);
                }
            }
            EditTarget::NewIdea => {
                if self.commit(edits::add_idea(s, text)) {
                    self.view.sel.idea_row = self.session().expansion.len() - 1;
                }
            }
            EditTarget::NewLinkedItem {
                activity,
                party,
                list,
            } => {
                let event = edits::add_linked_item(s, &activity, &party, list, text);
                if self.commit(event) {
                    let len = self
                        .session()
                        .party(&party)
                        .map_or(0, |p| p.list(list).len());
                    self.select_row(len.saturating_sub(1));
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
