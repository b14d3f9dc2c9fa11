//! The party list (steps 1–2; context `Parties`, and `List`, `Nav` in it): add, rename,
//! delete and move parties, open a party's SWOT, make it the host, change its kind.

use crate::core::edits;
use crate::core::session::TextField;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::Overlay;

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let len = app.session().parties.len();
    let mut sel = app.view.sel.party.min(len.saturating_sub(1));
    if nav(&mut sel, len, &action) {
        app.view.sel.party = sel;
        return;
    }
    let party = app.session().parties.get(sel).cloned();
    match (action, party) {
        (Action::Add, _) => app.open_editor(EditTarget::NewParty, ""),
        (Action::Edit, Some(p)) => app.open_editor(
            EditTarget::Text(TextField::PartyName(p.id.clone())),
            &p.name,
        ),
        (Action::Delete, Some(p)) => {
            app.remove(edits::delete(app.session(), &p.id), &p.name);
        }
        (a @ (Action::MoveUp | Action::MoveDown), Some(p)) => {
            if let Some(to) = app.move_thing(&p.id, sel, len, &a) {
                app.view.sel.party = to;
            }
        }
        (Action::Swot, Some(p)) => {
            app.view.overlay = Some(Overlay::Swot {
                party: p.id,
                quadrant: 0,
                row: 0,
            });
        }
        (Action::SetHost, Some(p)) => {
            app.commit(edits::set_host(&p.id));
        }
        (Action::CycleKind, Some(p)) => {
            app.commit(edits::cycle_party_kind(&p));
        }
        (Action::Edit | Action::Delete | Action::Swot, None) => app.info(Ui::NothingSelected),
        _ => {}
    }
}
