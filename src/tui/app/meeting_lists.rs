//! The decisions (`D`) and the parking lot (`P`) overlays, and the meeting's own lists opened
//! from its details (`I`: agenda, absentees, handouts, signatories) (contexts `List`, `Nav` in
//! them): lists of the whole meeting.

use crate::core::session::ListRef;
use crate::tui::keymap::Action;
use crate::tui::state::Overlay;

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    let (list, row) = match app.view.overlay {
        Some(Overlay::Decisions { row }) => (ListRef::Decisions, row),
        Some(Overlay::ParkingLot { row }) => (ListRef::ParkingLot, row),
        Some(Overlay::MeetingList { list, row }) => (ListRef::Meeting(list), row),
        _ => return,
    };
    // A list's keys, `lists.rs`'s.
    if let Some(row) = app.overlay_list(action, list.clone(), row) {
        app.view.overlay = Some(match list {
            ListRef::ParkingLot => Overlay::ParkingLot { row },
            ListRef::Meeting(list) => Overlay::MeetingList { list, row },
            _ => Overlay::Decisions { row },
        });
    }
}
