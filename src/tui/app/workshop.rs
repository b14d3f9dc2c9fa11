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
use crate::tui::state::{ActionCol, GOAL_LISTS, Overlay, Pane, goal_party, partner_at_or_after};

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
        let written = write_beside(doc.path(), doc.session(), &doc.history_ends(), self.lang);
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
                let text = fill(self.t(Ui::MinutesFailed), &[("error", &error)]);
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
        let Some(event) = edits::go_step(self.session(), to, self.now()) else {
            return;
        };
        if self.commit(event) {
            self.fold();
            self.view.pane = Pane::first(to);
            self.view.sel.goal_list = 0;
            if to == 2 {
                let s = self.session();
                if let Some(i) = partner_at_or_after(s, self.view.sel.party) {
                    self.view.sel.party = i;
                }
            }
            let text = format!("{to} {}", Term::step(to).text(self.lang));
            self.say(text, false);
        }
    }

    /// A replay looks at step `to` (the meeting's own step again when it is that one).
    pub(super) fn show_step(&mut self, to: u8) {
        let meeting = self.session().meta.step;
        self.view.step = (to != meeting).then_some(to);
        if !Pane::order(to).contains(&self.view.pane) {
            self.view.pane = Pane::first(to);
            self.view.sel.goal_list = 0;
        }
        if to == 2
            && let Some(i) = partner_at_or_after(self.session(), self.view.sel.party)
        {
            self.view.sel.party = i;
        }
    }

    /// Move to the next (or previous) pane; in steps 1–2 the party pane's three lists are
    /// stops of their own.
    pub(super) fn cycle_pane(&mut self, forward: bool) {
        let step = self.step();
        let stops: Vec<(Pane, usize)> = Pane::order(step)
            .iter()
            .flat_map(|&p| {
                if p == Pane::Goals {
                    (0..GOAL_LISTS.len()).map(|l| (p, l)).collect::<Vec<_>>()
                } else {
                    vec![(p, 0)]
                }
            })
            .collect();
        let here = (
            self.view.pane,
            if self.view.pane == Pane::Goals {
                self.view.sel.goal_list
            } else {
                0
            },
        );
        let at = stops.iter().position(|s| *s == here).unwrap_or(0);
        let n = stops.len();
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        let (pane, list) = stops[next];
        self.view.pane = pane;
        if pane == Pane::Goals && list != self.view.sel.goal_list {
            self.view.sel.goal_list = list;
            self.view.sel.goal_item = 0;
        }
    }
}
