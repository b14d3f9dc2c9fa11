//! A party's purposes, challenges and strengths (steps 1–2; context `Goals`, and `List`, `Nav`
//! in it). The same keys in both steps: ← → go from list to list of the party shown, `>` `<`
//! to the next or previous partner (step 2). With no party to show, `a` adds one: the host in
//! step 1, a partner in step 2.

use crate::core::session::ListRef;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{GOAL_LISTS, Overlay, goal_party, next_partner};

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let s = app.session();
    let Some(pi) = goal_party(s, &app.view) else {
        if action == Action::Add {
            let add = if app.step() == 1 {
                EditTarget::NewHost
            } else {
                EditTarget::NewParty
            };
            app.open_editor(add, "");
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
            let l = app.view.sel.goal_list;
            let to = if action == Action::Right {
                (l + 1).min(GOAL_LISTS.len() - 1)
            } else {
                l.saturating_sub(1)
            };
            if to != l {
                app.view.sel.goal_list = to;
                app.view.sel.goal_item = 0;
            }
        }
        Action::NextParty | Action::PrevParty => {
            if app.step() == 1 {
                return app.info(Ui::PartnersInStep2);
            }
            match next_partner(s, pi, action == Action::NextParty) {
                Some(next) => {
                    app.view.sel.party = next;
                    app.view.sel.goal_item = 0;
                    let name = app.session().parties[next].name.clone();
                    app.say(fill(app.t(Ui::ShowingParty), &[("party", &name)]), false);
                }
                None => app.info(Ui::OnlyPartner),
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
