//! The shared activities (context `List`, `Nav` in the activities pane): add, rename, delete
//! and move activities. The selected activity's other keys are `activity.rs`'s.

use crate::core::edits;
use crate::core::session::TextField;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let len = app.session().activities.len();
    let mut sel = app.view.sel.activity.min(len.saturating_sub(1));
    if nav(&mut sel, len, &action) {
        if sel != app.view.sel.activity {
            app.view.sel.table_row = 0;
            app.view.sel.eval_row = 0;
            app.view.sel.improvement = 0;
        }
        app.view.sel.activity = sel;
        return;
    }
    let activity = app.session().activities.get(sel).cloned();
    match (action, activity) {
        (Action::Add, _) => app.open_editor(EditTarget::NewActivity, ""),
        (Action::Edit, Some(a)) => {
            app.open_editor(EditTarget::Text(TextField::ActivityTitle(a.id)), &a.title);
        }
        (Action::Delete, Some(a)) => {
            app.remove(edits::delete(app.session(), &a.id), &a.title);
        }
        (a @ (Action::MoveUp | Action::MoveDown), Some(act)) => {
            if let Some(to) = app.move_thing(&act.id, sel, len, &a) {
                app.view.sel.activity = to;
            }
        }
        (Action::Edit | Action::Delete, None) => {}
        // Not the list of activities': `App::route` sends those elsewhere (the selected
        // activity's own keys are `activity.rs`'s).
        _ => {}
    }
}
