//! The question asked on quitting while notes from the room's phones still wait in the console
//! (context `NotesWaiting`; `App::request_quit` asks it). They are saved only once accepted, so
//! quitting without a word would lose a room's words: Enter (or `W`) opens the phones overlay
//! on them, `A` accepts them all and goes on quitting, `q` quits without them, Esc goes back
//! to the meeting. After it, the closing question (`close_meeting.rs`) when that applies too.

use crate::tui::keymap::Action;

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Phones => app.show_queue(),
        Action::AcceptAll => {
            if app.accept_every_waiting() {
                app.quit_past_notes();
            } else {
                // One could not be taken (the message says why): it is shown, not lost.
                app.show_queue();
            }
        }
        Action::Quit => app.quit_past_notes(),
        // Esc and the help are every overlay's (`any_overlay.rs`).
        _ => {}
    }
}
