//! The keys of every overlay (context `Overlay`): close it, or open the help over it.

use crate::tui::keymap::Action;

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Close => app.view.overlay = None,
        Action::Help => app.open_help(),
        // Not every overlay's: `App::route` sends those to the overlay's own file.
        _ => {}
    }
}
