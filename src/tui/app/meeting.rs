//! The meeting's details (`I`; context `Meeting`, and `Nav` in it): Enter on a row edits its
//! text, changes a choice (the language, the host, public or closed), or opens one of the
//! meeting's lists (agenda, absentees, handouts, signatories: `meeting_lists.rs`).

use crate::core::edits;
use crate::core::session::TextField;
use crate::i18n::ui::Ui;
use crate::i18n::{Lang, fill};
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{MEETING_FIELDS, MeetingField, Overlay};
use crate::tui::typed;

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Meeting { mut row }) = app.view.overlay else {
        return;
    };
    row = row.min(MEETING_FIELDS.len() - 1);
    if !nav(&mut row, MEETING_FIELDS.len(), &action) && action == Action::Edit {
        app.edit_meeting_field(MEETING_FIELDS[row]);
    }
    if let Some(Overlay::Meeting { row: r }) = &mut app.view.overlay {
        *r = row;
    }
}

impl App {
    /// A row of the meeting's details: text opens the editor, a choice changes.
    pub(super) fn edit_meeting_field(&mut self, field: MeetingField) {
        let s = self.session();
        let text = |f: TextField| EditTarget::Text(f);
        match field {
            MeetingField::Title => self.open_editor(text(TextField::Title), &s.meta.title.clone()),
            MeetingField::Start => {
                let now = typed::start_text(s.meta.start.as_ref());
                self.open_editor(EditTarget::Start, &now);
            }
            MeetingField::Venue => self.open_editor(text(TextField::Venue), &s.meta.venue.clone()),
            MeetingField::Facilitator => {
                let now = s.meta.facilitator.clone();
                self.open_editor(text(TextField::Facilitator), &now);
            }
            MeetingField::End => {
                let now = typed::start_text(s.meta.end.as_ref());
                self.open_editor(EditTarget::End, &now);
            }
            MeetingField::Recorder => {
                let now = s.meta.recorder.clone();
                self.open_editor(text(TextField::Recorder), &now);
            }
            MeetingField::List(list) => {
                self.view.overlay = Some(Overlay::MeetingList { list, row: 0 });
            }
            MeetingField::NextStart => {
                let now = typed::start_text(s.meta.next.start.as_ref());
                self.open_editor(EditTarget::NextStart, &now);
            }
            MeetingField::NextVenue => {
                let now = s.meta.next.venue.clone();
                self.open_editor(text(TextField::NextVenue), &now);
            }
            MeetingField::NextNote => {
                let now = s.meta.next.note.clone();
                self.open_editor(text(TextField::NextNote), &now);
            }
            MeetingField::Disclosure => {
                let event = edits::cycle_disclosure(s);
                if self.editable() {
                    self.commit(event);
                }
            }
            MeetingField::Timebox(step) => {
                let now = s
                    .meta
                    .steps
                    .get(usize::from(step) - 1)
                    .map(|st| st.timebox_min.to_string())
                    .unwrap_or_default();
                self.open_editor(EditTarget::Timebox(step), &now);
            }
            MeetingField::Lang => {
                let event = edits::toggle_lang(s);
                if self.editable() && self.commit(event) {
                    let lang = self.session().meta.lang;
                    let name = match lang {
                        Lang::Ja => Ui::LangJa,
                        Lang::En => Ui::LangEn,
                    };
                    let mut said = fill(self.t(Ui::LangSet), &[("lang", self.t(name))]);
                    if self.lang != lang {
                        said.push_str(self.t(Ui::LangScreenKept));
                    }
                    self.say(said, false);
                }
            }
            MeetingField::Bell => {
                let event = edits::toggle_bell(s);
                if self.editable() && self.commit(event) {
                    let on = self.session().meta.bell;
                    self.info(if on { Ui::BellOn } else { Ui::BellOff });
                }
            }
            MeetingField::Host => {
                let event = edits::cycle_host(s);
                if self.editable() && self.commit(event) {
                    let said = match self.session().host() {
                        Some(p) => fill(self.t(Ui::HostSet), &[("party", &p.name)]),
                        None => self.t(Ui::HostNone).to_string(),
                    };
                    self.say(said, false);
                }
            }
        }
    }
}
