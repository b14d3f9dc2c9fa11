//! The people present for a party (`R`; context `Representatives`, and `List`, `Nav` in it):
//! ← → and Tab go from party to party.

use crate::core::session::{ListRef, PartyList};
use crate::tui::keymap::Action;
use crate::tui::state::Overlay;

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Representatives { party, row }) = app.view.overlay.clone() else {
        return;
    };
    let s = app.session();
    let (party, row) = match action {
        Action::Left | Action::Right => {
            let n = s.parties.len();
            let at = s.parties.iter().position(|p| p.id == party).unwrap_or(0);
            let next = if action == Action::Right {
                (at + 1) % n.max(1)
            } else {
                (at + n.max(1) - 1) % n.max(1)
            };
            (s.parties.get(next).map_or(party, |p| p.id.clone()), 0)
        }
        // The party's list of people: a list's keys, `lists.rs`'s.
        _ => {
            let list = ListRef::Party(party.clone(), PartyList::Representatives);
            match app.overlay_list(action, list, row) {
                Some(row) => (party, row),
                None => return,
            }
        }
    };
    if let Some(Overlay::Representatives { .. }) = app.view.overlay {
        app.view.overlay = Some(Overlay::Representatives { party, row });
    }
}
