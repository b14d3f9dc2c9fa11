//! A party's purposes, challenges and strengths (steps 1–2; context `Goals`, and `List`, `Nav`
//! in it): ← → go through the lists in step 1 and through the partners in step 2.

use crate::core::session::{ListRef, Session};
use crate::i18n::ui::Ui;
use crate::tui::keymap::Action;
use crate::tui::state::{GOAL_LISTS, Overlay, goal_party};

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let s = app.session();
    let Some(pi) = goal_party(s, &app.view) else {
        if matches!(action, Action::Add) {
            app.info(Ui::EmptyHost);
        }
        return;
    };
    let party = &s.parties[pi];
    let pid = party.id.clone();
    let kind = GOAL_LISTS[app.view.sel.goal_list.min(GOAL_LISTS.len() - 1)];
    let items = party.list(kind);
    let len = items.len();
    let mut sel = app.view.sel.goal_item.min(len.saturating_sub(1));
    if nav(&mut sel, len, &action) {
        app.view.sel.goal_item = sel;
        return;
    }
    match action {
        Action::Left | Action::Right => {
            let right = action == Action::Right;
            if app.step() == 1 {
                let l = app.view.sel.goal_list;
                app.view.sel.goal_list = if right {
                    (l + 1).min(GOAL_LISTS.len() - 1)
                } else {
                    l.saturating_sub(1)
                };
                app.view.sel.goal_item = 0;
            } else if let Some(next) = next_partner(s, pi, right) {
                app.view.sel.party = next;
                app.view.sel.goal_item = 0;
            }
        }
        Action::Swot => {
            app.view.overlay = Some(Overlay::Swot {
                party: pid,
                quadrant: 0,
                row: 0,
            });
        }
        Action::Add | Action::Edit | Action::Delete | Action::MoveUp | Action::MoveDown => {
            let list = ListRef::Party(pid, kind);
            if let Some(to) = app.item_list_action(action, list, sel) {
                app.view.sel.goal_item = to;
            }
        }
        // Not the party pane's: `App::route` sends those elsewhere.
        _ => {}
    }
}

/// The partner before or after `from` (wrapping), skipping the host.
fn next_partner(s: &Session, from: usize, forward: bool) -> Option<usize> {
    let n = s.parties.len();
    let host = s.meta.host.as_ref();
    (1..n)
        .map(|k| {
            if forward {
                (from + k) % n
            } else {
                (from + n - k) % n
            }
        })
        .find(|&j| Some(&s.parties[j].id) != host)
}
