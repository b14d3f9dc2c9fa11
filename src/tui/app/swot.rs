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
        // The quadrant's list (`lists.rs`).
        Action::Add
        | Action::Edit
        | Action::Delete
        | Action::MoveUp
        | Action::MoveDown
        | Action::Up
        | Action::Down
        | Action::Top
        | Action::Bottom
        | Action::PageUp
        | Action::PageDown => {
            let list = ListRef::Party(party.clone(), SWOT_LISTS[quadrant]);
            (quadrant, app.overlay_list(action, list, row))
        }
        // Not the SWOT sheet's: `App::route` sends those elsewhere.
        _ => return,
    };
    if let Some(Overlay::Swot { .. }) = app.view.overlay {
        app.view.overlay = Some(Overlay::Swot {
            party,
            quadrant,
            row,
        });
    }
}
