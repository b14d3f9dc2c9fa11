//! The selected activity's improvements (step 4; context `List`, `Nav` in the pane).

use crate::core::session::ListRef;
use crate::tui::keymap::Action;
use crate::tui::state::selected_activity;

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let s = app.session();
    let Some(ai) = selected_activity(s, &app.view) else {
        return;
    };
    let a = &s.activities[ai];
    let len = a.improvements.len();
    let list = ListRef::Improvements(a.id.clone());
    let mut sel = app.view.sel.improvement.min(len.saturating_sub(1));
    if nav(&mut sel, len, &action) {
        app.view.sel.improvement = sel;
        return;
    }
    match action {
        Action::Add | Action::Edit | Action::Delete | Action::MoveUp | Action::MoveDown => {
            if let Some(to) = app.item_list_action(action, list, sel) {
                app.view.sel.improvement = to;
            }
        }
        // Not the improvements': `App::route` sends those elsewhere.
        _ => {}
    }
}
