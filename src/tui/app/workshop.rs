//! The workshop screen's own keys (contexts `Workshop` and `Global`): the step, the timer, the
//! step's notes, the overlays they open (decisions, action items, parking lot, messages, the
//! meeting's details, representatives), the minutes, closing the meeting
//! (`close_meeting.rs`), the help, quitting. A paste outside the
//! editor adds its text to the focused list.

use crate::core::edits;
use crate::core::session::{STEPS, TextField};
use crate::i18n::minutes::Label;
use crate::i18n::ui::Ui;
use crate::i18n::{Term, fill};
use crate::store::minutes_files::write_beside;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{ActionCol, Overlay, Pane, goal_party, next_stop, partner_at_or_after};

use super::{App, Source};

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Quit => app.request_quit(),
        Action::Help => app.open_help(),
        Action::NextPane => app.cycle_pane(true),
        Action::PrevPane => app.cycle_pane(false),
        Action::NextStep => app.go_step(app.step().saturating_add(1)),
        Action::PrevStep => app.go_step(app.step().saturating_sub(1)),
        Action::GoStep(n) => app.go_step(n),
        Action::Timer => {
            if app.editable()
                && let Some(e) = edits::toggle_timer(app.session(), app.step(), app.now())
                && app.commit(e)
            {
                app.info(if app.timer_running() {
                    Ui::TimerStarted
                } else {
                    Ui::TimerStopped
                });
            }
        }
        Action::StepNotes => {
            let step = app.step();
            let notes = app
                .session()
                .meta
                .steps
                .get(usize::from(step) - 1)
                .map(|st| st.notes.clone())
                .unwrap_or_default();
            app.open_editor(EditTarget::Text(TextField::StepNotes(step)), &notes);
        }
        Action::Decisions => app.toggle_overlay(Overlay::Decisions { row: 0 }),
        Action::ParkingLot => app.toggle_overlay(Overlay::ParkingLot { row: 0 }),
        Action::ActionItems => app.toggle_overlay(Overlay::ActionItems {
            row: 0,
            col: ActionCol::What,
        }),
        Action::Messages => app.toggle_overlay(Overlay::Messages {
            row: app.view.log.len().saturating_sub(1),
        }),
        Action::MeetingInfo => app.toggle_overlay(Overlay::Meeting { row: 0 }),
        Action::Representatives => app.open_representatives(),
        Action::Minutes => app.write_minutes(),
        Action::Phones => app.open_phones(),
        Action::CloseMeeting => app.close_meeting(),
        Action::Paste(text) => {
            // Pasting outside the editor adds to the focused list, with the text in the
            // editor to check before Enter.
            app.update(Action::Add);
            if let Some(editor) = &mut app.view.editor {
                editor.paste(&text);
            }
        }
        // Not a key of the workshop screen: `App::route` sends those elsewhere.
        _ => {}
    }
}

impl App {
    /// The representatives of the party in sight: the party pane's, else the party list's
    /// selection (in steps 3–5 the one last selected there).
    pub(super) fn open_representatives(&mut self) {
        let s = self.session();
        let index = if self.view.pane == Pane::Goals {
            goal_party(s, &self.view)
        } else {
            (!s.parties.is_empty()).then(|| self.view.sel.party.min(s.parties.len() - 1))
        };
        match index.map(|i| s.parties[i].id.clone()) {
            Some(party) => self.toggle_overlay(Overlay::Representatives { party, row: 0 }),
            None => self.info(Ui::NoPartiesYet),
        }
    }

    pub(super) fn toggle_overlay(&mut self, overlay: Overlay) {
        let same = self
            .view
            .overlay
            .as_ref()
            .is_some_and(|o| std::mem::discriminant(o) == std::mem::discriminant(&overlay));
        self.view.overlay = if same { None } else { Some(overlay) };
    }

    /// Write the minutes next to the session file and say where. The session does not
    /// change, so a read-only session writes them too; a replay writes nothing.
    pub(super) fn write_minutes(&mut self) {
        let Source::Live(doc) = &self.source else {
            let refusal = match self.source {
                Source::Replay { .. } => Ui::ReplayNoMinutes,
                _ => Ui::ReadOnlyRefused,
            };
            return self.warn(refusal);
        };
        let written = write_beside(doc.path(), doc.session(), &doc.minutes_records(), self.lang);
        let at = doc.history_len();
        match written {
            Ok(files) => {
                self.minutes_at = Some(at);
                let name = |p: &std::path::Path| {
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                };
                let folder = files
                    .markdown
                    .parent()
                    .map(|f| f.display().to_string())
                    .filter(|f| !f.is_empty())
                    .unwrap_or_else(|| ".".into());
                let text = format!(
                    "{}{}",
                    fill(
                        Label::MinutesWritten.text(self.lang),
                        &[
                            ("markdown", &name(&files.markdown)),
                            ("html", &name(&files.html)),
                            ("docx", &name(&files.docx)),
                        ],
                    ),
                    fill(self.t(Ui::MinutesFolder), &[("folder", &folder)])
                );
                self.say(text, false);
            }
            Err(error) => {
                let text = fill(self.t(Ui::MinutesFailed), &[("error", &error.to_string())]);
                self.say(text, true);
            }
        }
    }

    pub(super) fn go_step(&mut self, to: u8) {
        if !(1..=STEPS).contains(&to) {
            return;
        }
        if let Source::Replay { .. } = self.source {
            return self.show_step(to);
        }
        if to == self.step() {
            return;
        }
        if !self.editable() {
            return;
        }
        let from = self.step();
        let now = self.now();
        let Some(event) = edits::go_step(self.session(), to, now) else {
            return;
        };
        // Each step's timer is its own: one running here stops, and the status line says so.
        let stopped = self
            .session()
            .meta
            .steps
            .get(usize::from(from) - 1)
            .filter(|st| st.running_since.is_some())
            .map(|st| st.spent_at(&now));
        if self.commit(event) {
            self.fold();
            self.view.pane = Pane::opening(self.session(), to);
            self.view.sel.goal_list = 0;
            if to == 2 {
                let s = self.session();
                if let Some(i) = partner_at_or_after(s, self.view.sel.party) {
                    self.view.sel.party = i;
                }
            }
            let mut text = format!("{to} {}", Term::step(to).text(self.lang));
            if let Some(spent) = stopped {
                text.push_str(&fill(
                    self.t(Ui::TimerHandedOver),
                    &[
                        ("n", &from.to_string()),
                        ("spent", &crate::tui::view::step_bar::clock(spent)),
                    ],
                ));
            }
            self.say(text, false);
        }
    }

    /// A replay looks at step `to` (the meeting's own step again when it is that one).
    pub(super) fn show_step(&mut self, to: u8) {
        let meeting = self.session().meta.step;
        self.view.step = (to != meeting).then_some(to);
        if !Pane::order(to).contains(&self.view.pane) {
            self.view.pane = Pane::opening(self.session(), to);
            self.view.sel.goal_list = 0;
        }
        if to == 2
            && let Some(i) = partner_at_or_after(self.session(), self.view.sel.party)
        {
            self.view.sel.party = i;
        }
    }

    /// Move to the next (or previous) pane; in steps 1–2 the party pane's three lists are
    /// stops of their own, when it shows a party (`state::tab_stops`: only what is on screen).
    pub(super) fn cycle_pane(&mut self, forward: bool) {
        let Some((pane, list)) = next_stop(self.session(), &self.view, forward) else {
            return;
        };
        self.view.pane = pane;
        if pane == Pane::Goals && list != self.view.sel.goal_list {
            self.view.sel.goal_list = list;
            self.view.sel.goal_item = 0;
        }
    }

    /// Which steps are over their timebox now.
    pub(super) fn timeboxes_out(&self) -> [bool; STEPS as usize] {
        let now = self.now();
        let mut out = [false; STEPS as usize];
        for (o, st) in out.iter_mut().zip(&self.session().meta.steps) {
            let timebox = u64::from(st.timebox_min) * 60;
            *o = timebox > 0 && st.spent_at(&now) >= timebox;
        }
        out
    }

    /// A step's timebox has just run out while its timer ran: say so, and ring the terminal
    /// bell once (unless the session turned it off), so the facilitator notices without
    /// looking. A timebox made longer can run out again.
    pub(super) fn tell_timebox_out(&mut self) {
        if self.read_only() {
            return;
        }
        let out = self.timeboxes_out();
        let running = self
            .session()
            .meta
            .steps
            .iter()
            .map(|st| st.running_since.is_some());
        for (n, (now_out, running)) in out.iter().zip(running.collect::<Vec<_>>()).enumerate() {
            if !now_out {
                self.timebox_told[n] = false;
            } else if running && !self.timebox_told[n] {
                self.timebox_told[n] = true;
                self.bell |= self.session().meta.bell;
                let text = fill(self.t(Ui::TimeUp), &[("n", &(n + 1).to_string())]);
                self.say(text, true);
            }
        }
    }
}
