//! A party's SWOT sheet (`S`; context `Swot`, and `List`, `Nav` in it): Tab and ← → go round
//! the four quadrants, each a list.

use crate::core::session::ListRef;
use crate::tui::keymap::Action;
use crate::tui::state::{Overlay, SWOT_LISTS};

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Swot {
        party,
        quadrant,
        row,
    }) = app.view.overlay.clone()
    else {
        return;
    };
    let quadrants = SWOT_LISTS.len();
    let (quadrant, row) = match action {
        Action::NextPane | Action::Right => ((quadrant + 1) % quadrants, 0),
        Action::PrevPane | Action::Left => ((quadrant + quadrants - 1) % quadrants, 0),
        // The quadrant's list: a list's keys, `lists.rs`'s.
        _ => {
            let list = ListRef::Party(party.clone(), SWOT_LISTS[quadrant]);
            match app.overlay_list(action, list, row) {
                Some(row) => (quadrant, row),
                None => return,
            }
        }
    };
    if let Some(Overlay::Swot { .. }) = app.view.overlay {
        app.view.overlay = Some(Overlay::Swot {
            party,
            quadrant,
            row,
        });
    }
}
