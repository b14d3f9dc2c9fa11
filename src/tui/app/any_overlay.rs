//! The keys of every overlay (context `Overlay`): close it, or open the help over it.

use crate::tui::keymap::Action;
use crate::tui::state::{MEETING_FIELDS, MeetingField, Overlay};

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        // A list opened from the meeting's details goes back there.
        Action::Close => {
            app.view.overlay = match app.view.overlay {
                Some(Overlay::MeetingList { list, .. }) => Some(Overlay::Meeting {
                    row: MEETING_FIELDS
                        .iter()
                        .position(|f| *f == MeetingField::List(list))
                        .unwrap_or(0),
                }),
                _ => None,
            }
        }
        Action::Help => app.open_help(),
        // Not every overlay's: `App::route` sends those to the overlay's own file.
        _ => {}
    }
}
