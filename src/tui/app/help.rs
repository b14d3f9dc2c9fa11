//! The `?` help (context `Help`): scrolling, and closing it back to the overlay it was opened
//! over.

use crate::tui::keymap::Action;
use crate::tui::state::{Overlay, contexts_under_help};
use crate::tui::view;

use super::App;
use super::lists::PAGE;

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Help { scroll, back }) = app.view.overlay.clone() else {
        return;
    };
    let scroll = match action {
        Action::Close => {
            app.view.overlay = back.map(|b| *b);
            return;
        }
        Action::Down => scroll + 1,
        Action::Up => scroll.saturating_sub(1),
        Action::PageDown => scroll + PAGE,
        Action::PageUp => scroll.saturating_sub(PAGE),
        // Not the help's: `App::route` sends those elsewhere.
        _ => scroll,
    };
    // Scrolling stops at the end of the help.
    let lines = view::overlays::help_lines(&app.screen(), &contexts_under_help(&app.view)).len();
    app.view.overlay = Some(Overlay::Help {
        scroll: scroll.min(lines.saturating_sub(1)),
        back,
    });
}

impl App {
    /// Open the help over whatever is on screen (an overlay comes back when it closes).
    pub(super) fn open_help(&mut self) {
        let back = self.view.overlay.take().map(Box::new);
        self.view.overlay = Some(Overlay::Help { scroll: 0, back });
    }
}
