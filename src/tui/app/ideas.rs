//! Expansion ideas (step 5; context `Ideas`, and `List`, `Nav` in the pane): a partner to
//! invite, an activity to scale, a next step; Enter on the kind or the activity column
//! changes it. Typing flows through a row: a new idea's name, then why (Enter or Tab).

use crate::core::edits;
use crate::core::session::TextField;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{Column, IdeaCol};

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let s = app.session();
    let len = s.expansion.len();
    let mut row = app.view.sel.idea_row.min(len.saturating_sub(1));
    if nav(&mut row, len, &action) {
        app.view.sel.idea_row = row;
        return;
    }
    let col = app.view.sel.idea_col;
    let idea = s.expansion.get(row).cloned();
    match (action, idea) {
        (Action::Left, _) => app.view.sel.idea_col = col.step(false),
        (Action::Right, _) => app.view.sel.idea_col = col.step(true),
        (Action::Add, _) => app.open_editor(EditTarget::NewIdea, ""),
        (Action::Edit, Some(x)) => match col {
            IdeaCol::Kind => {
                app.commit(edits::cycle_idea_kind(&x));
            }
            IdeaCol::Name => app.open_editor(EditTarget::Text(TextField::IdeaName(x.id)), &x.name),
            IdeaCol::Why => app.open_editor(EditTarget::Text(TextField::IdeaWhy(x.id)), &x.why),
            IdeaCol::Activity => {
                if app.editable() {
                    let e = edits::cycle_idea_activity(app.session(), &x);
                    app.commit(e);
                }
            }
        },
        (Action::CycleKind, Some(x)) => {
            app.commit(edits::cycle_idea_kind(&x));
        }
        (Action::Delete, Some(x)) => {
            app.remove(edits::delete(app.session(), &x.id), &x.name);
        }
        (a @ (Action::MoveUp | Action::MoveDown), Some(x)) => {
            if let Some(to) = app.move_thing(&x.id, row, len, &a) {
                app.view.sel.idea_row = to;
            }
        }
        (Action::Edit | Action::Delete, None) => app.info(Ui::NothingSelected),
        _ => {}
    }
}

impl App {
    /// After typing an idea's name or why: the row's next (or previous) cell, its editor open
    /// when it is text.
    pub(super) fn idea_flow(&mut self, field: &TextField, forward: bool) {
        let s = self.session();
        let (TextField::IdeaName(x) | TextField::IdeaWhy(x)) = field else {
            return;
        };
        let Some(row) = s.expansion.iter().position(|i| &i.id == x) else {
            return;
        };
        let idea = s.expansion[row].clone();
        self.view.sel.idea_row = row;
        let to = match (field, forward) {
            (TextField::IdeaName(_), true) => IdeaCol::Why,
            (TextField::IdeaName(_), false) => IdeaCol::Kind,
            (_, true) => IdeaCol::Activity,
            (_, false) => IdeaCol::Name,
        };
        self.view.sel.idea_col = to;
        match to {
            IdeaCol::Why => {
                self.open_editor(EditTarget::Text(TextField::IdeaWhy(idea.id)), &idea.why);
            }
            IdeaCol::Name => {
                self.open_editor(EditTarget::Text(TextField::IdeaName(idea.id)), &idea.name);
            }
            IdeaCol::Kind | IdeaCol::Activity => {}
        }
    }
}
