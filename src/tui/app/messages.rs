//! The messages overlay (`M`; context `Nav` in it): what sori said since it opened.

use crate::tui::keymap::Action;
use crate::tui::state::Overlay;

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    if let Some(Overlay::Messages { mut row }) = app.view.overlay {
        nav(&mut row, app.view.log.len(), &action);
        app.view.overlay = Some(Overlay::Messages { row });
    }
}
