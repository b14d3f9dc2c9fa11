//! Closing the meeting (閉会): `E` on the workshop screen (context `Workshop`, its arm in
//! `workshop.rs` calls `App::close_meeting` here), and the question asked on quitting after
//! the last step (context `Confirm`): y records the end and quits, n quits without it, Esc
//! goes back to the meeting.

use crate::core::edits;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::tui::keymap::Action;

use super::App;

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Yes => {
            app.view.overlay = None;
            app.close_meeting();
            app.quit_now();
        }
        Action::No => {
            app.view.overlay = None;
            app.quit_now();
        }
        // Esc and the help are every overlay's (`any_overlay.rs`).
        _ => {}
    }
}

impl App {
    /// Record the meeting's end now, stopping a running step timer: one change, in the
    /// history, undone by `u`. A second close moves the recorded end.
    pub(super) fn close_meeting(&mut self) {
        if !self.editable() {
            return;
        }
        let now = self.now();
        let again = self.session().meta.end.is_some();
        if self.commit(edits::close_meeting(self.session(), now)) {
            // The end belongs in the file at once, as a step change does.
            self.fold();
            let said = if again {
                Ui::MeetingClosedAgain
            } else {
                Ui::MeetingClosed
            };
            self.say(fill(self.t(said), &[("time", &now.hm())]), false);
        }
    }
}
