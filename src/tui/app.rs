//! The workshop screen's state and its one `update`: an `Action` (from the keymap, a paste, the
//! mouse or the timer) changes the view state, or sends an `Event` through
//! `Document::commit`, which applies, journals and fsyncs it before returning.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event as TermEvent, KeyEvent, KeyEventKind, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::core::apply::ApplyError;
use crate::core::event::Event;
use crate::core::session::{ListRef, PartyList, STEPS, Session, TextField};
use crate::core::stamp::Stamp;
use crate::i18n::files::FileText;
use crate::i18n::minutes::Label;
use crate::i18n::ui::Ui;
use crate::i18n::{Lang, Term, fill};
use crate::replay::Timeline;
use crate::store::document::FOLD_AFTER;
use crate::store::minutes_files::write_beside;
use crate::store::{CommitError, Document, Notice};

use super::editor::{EditTarget, Editor};
use super::edits;
use super::keymap::{Action, KeyPat, lookup, typed_char};
use super::refusal::refusal_text;
use super::state::{
    ACTION_COL_ACTIVITY, ACTION_COL_DONE, ACTION_COLS, COL_ACTIVITY, COL_CHALLENGE, COL_PURPOSE,
    COL_ROLE, COL_STAKEHOLDER, EVAL_COLS, FileStatus, GOAL_LISTS, IDEA_COLS, MEETING_FIELDS,
    MeetingField, Message, Overlay, Pane, SWOT_LISTS, SaveState, TABLE_COLS, TABLE_CURSOR_COLS,
    View, contexts, goal_party, partner_at_or_after, selected_activity,
};
use super::view::{self, Drawn, Hit, Screen};

/// Where the session on screen comes from.
pub enum Source {
    /// An open session file: every change is committed to it.
    Live(Box<Document>),
    /// A state to look at (`sori render`): nothing can change.
    Snapshot { session: Box<Session>, name: String },
    /// The replay of a history (`sori replay`): the state after the events so far; nothing
    /// can change. The name is the file's.
    Replay {
        timeline: Box<Timeline>,
        name: String,
    },
}

pub struct App {
    pub source: Source,
    pub view: View,
    /// The screen's language.
    pub lang: Lang,
    /// No `--lang` chose the screen's language: it follows a change of the session's.
    pub lang_follows_session: bool,
    pub quit: bool,
    /// Where clicks land, from the last frame drawn.
    pub hits: Vec<(Rect, Hit)>,
    /// When to fold the journal into the file if nothing else does it first.
    fold_at: Option<Instant>,
    /// The user was told that quitting now loses changes not written: the next quit quits.
    quit_warned: bool,
    /// A fixed clock for tests; the machine's clock when `None`.
    pub fixed_clock: Option<Stamp>,
}

/// How many rows PageUp and PageDown move.
const PAGE: usize = 10;
/// The messages overlay keeps this many messages.
const LOG_MAX: usize = 200;

impl App {
    /// The workshop on an open session, with what the user must hear about the opening.
    pub fn live(doc: Document, notices: Vec<Notice>, lang: Lang) -> App {
        let view = View::new(doc.session(), Stamp::now());
        let mut app = App {
            source: Source::Live(Box::new(doc)),
            view,
            lang,
            lang_follows_session: false,
            quit: false,
            hits: vec![],
            fold_at: None,
            quit_warned: false,
            fixed_clock: None,
        };
        for notice in &notices {
            let text = app.notice_text(notice);
            app.say(text, true);
        }
        if let Source::Live(doc) = &app.source
            && let Some(e) = doc.write_error()
        {
            // What was recovered could not be folded into the file (it is in the journal
            // still): say so, and try again soon.
            let text = fill(app.t(Ui::NotSavedMessage), &[("error", e)]);
            app.say(text, true);
            app.fold_at = Some(Instant::now() + Duration::from_secs(10));
        }
        if !notices.is_empty() {
            app.view.overlay = Some(Overlay::Messages {
                row: app.view.log.len().saturating_sub(1),
            });
        }
        app
    }

    /// What the user is told about a `Notice`.
    fn notice_text(&self, notice: &Notice) -> String {
        super::notices::notice_text(notice, self.lang)
    }

    /// Take what the open document has found since (the check of its history): a message,
    /// shown in the messages overlay. Returns whether to draw again.
    pub fn poll_document(&mut self) -> bool {
        let Source::Live(doc) = &mut self.source else {
            return false;
        };
        let Some(notice) = doc.poll() else {
            return false;
        };
        let text = self.notice_text(&notice);
        self.say(text, true);
        if let Notice::HistoryDamaged { .. } = notice {
            self.view.editor = None;
        }
        // The file may be another version now: what is selected must exist in it.
        self.fix_focus();
        self.view.overlay = Some(Overlay::Messages {
            row: self.view.log.len().saturating_sub(1),
        });
        true
    }

    /// A read-only workshop screen on a session state.
    pub fn snapshot(session: Session, name: String, lang: Lang) -> App {
        let view = View::new(&session, Stamp::now());
        App {
            source: Source::Snapshot {
                session: Box::new(session),
                name,
            },
            view,
            lang,
            lang_follows_session: false,
            quit: false,
            hits: vec![],
            fold_at: None,
            quit_warned: false,
            fixed_clock: None,
        }
    }

    /// The replay of a history, at its start, read-only.
    pub fn replay(timeline: Timeline, name: String, lang: Lang) -> App {
        let mut view = View::new(timeline.state(), timeline.time().unwrap_or_else(Stamp::now));
        view.replay = true;
        App {
            source: Source::Replay {
                timeline: Box::new(timeline),
                name,
            },
            view,
            lang,
            lang_follows_session: false,
            quit: false,
            hits: vec![],
            fold_at: None,
            quit_warned: false,
            fixed_clock: None,
        }
    }

    pub fn session(&self) -> &Session {
        match &self.source {
            Source::Live(doc) => doc.session(),
            Source::Snapshot { session, .. } => session,
            Source::Replay { timeline, .. } => timeline.state(),
        }
    }

    pub fn document(&self) -> Option<&Document> {
        match &self.source {
            Source::Live(doc) => Some(doc),
            Source::Snapshot { .. } | Source::Replay { .. } => None,
        }
    }

    /// The history being replayed, if this is a replay.
    pub fn timeline(&self) -> Option<&Timeline> {
        match &self.source {
            Source::Replay { timeline, .. } => Some(timeline),
            _ => None,
        }
    }

    pub fn timeline_mut(&mut self) -> Option<&mut Timeline> {
        match &mut self.source {
            Source::Replay { timeline, .. } => Some(timeline),
            _ => None,
        }
    }

    pub fn read_only(&self) -> bool {
        match &self.source {
            Source::Live(doc) => doc.is_read_only(),
            Source::Snapshot { .. } | Source::Replay { .. } => true,
        }
    }

    /// What a refused edit says.
    fn refusal(&self) -> Ui {
        match &self.source {
            Source::Replay { .. } => Ui::ReplayReadOnly,
            _ => Ui::ReadOnlyRefused,
        }
    }

    pub fn file_status(&self) -> FileStatus {
        match &self.source {
            Source::Live(doc) => FileStatus {
                name: doc
                    .path()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                state: if doc.is_read_only() {
                    SaveState::ReadOnly
                } else if let Some(e) = doc.write_error() {
                    SaveState::NotSaved(e.to_string())
                } else if doc.is_saved() {
                    SaveState::Saved
                } else {
                    SaveState::NotSaved(String::new())
                },
            },
            Source::Snapshot { name, .. } => FileStatus {
                name: name.clone(),
                state: SaveState::Snapshot,
            },
            Source::Replay { name, .. } => FileStatus {
                name: name.clone(),
                state: SaveState::Replay,
            },
        }
    }

    pub fn screen(&self) -> Screen<'_> {
        Screen::new(self.session(), &self.view, self.lang, self.file_status())
    }

    /// Draw the screen into a buffer; returns the caret and the click regions.
    pub fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        view::draw(&self.screen(), area, buf)
    }

    /// Keep what a frame says about where clicks land.
    pub fn drawn(&mut self, drawn: Drawn) {
        self.hits = drawn.hits;
    }

    /// Close the session: what is being typed is saved first (however the screen ended: a
    /// quit, a signal, a terminal gone), then the journal is folded into the file. Returns
    /// what the user must still be told (printed once the screen is gone).
    pub fn finish(mut self) -> Result<Vec<String>, String> {
        if self.view.editor.as_ref().is_some_and(|e| e.changed()) {
            self.save_editor();
        }
        let Source::Live(doc) = self.source else {
            return Ok(vec![]);
        };
        let (closed, notices) = doc.finish();
        let lang = self.lang;
        closed.map(|()| {
            notices
                .iter()
                .map(|n| super::notices::notice_text(n, lang))
                .collect()
        })
    }

    fn t(&self, ui: Ui) -> &'static str {
        ui.text(self.lang)
    }

    fn now(&self) -> Stamp {
        self.fixed_clock.unwrap_or_else(Stamp::now)
    }

    fn step(&self) -> u8 {
        self.view.step(self.session())
    }

    // ----- Messages -----

    /// Show a message in the status line and keep it in the messages overlay.
    pub fn say(&mut self, text: String, warn: bool) {
        let m = Message { text, warn };
        self.view.log.push(m.clone());
        if self.view.log.len() > LOG_MAX {
            self.view.log.remove(0);
        }
        self.view.message = Some(m);
    }

    fn info(&mut self, ui: Ui) {
        self.say(self.t(ui).to_string(), false);
    }

    fn warn(&mut self, ui: Ui) {
        self.say(self.t(ui).to_string(), true);
    }

    // ----- Input -----

    /// Handle a terminal event; returns whether the screen must be drawn again.
    pub fn handle_event(&mut self, ev: TermEvent) -> bool {
        let found = self.poll_document();
        found | self.handle_input(ev)
    }

    fn handle_input(&mut self, ev: TermEvent) -> bool {
        match ev {
            TermEvent::Key(key) => {
                if key.kind == KeyEventKind::Release {
                    return false;
                }
                self.handle_key(key);
                true
            }
            TermEvent::Paste(text) => {
                self.update(Action::Paste(text));
                true
            }
            TermEvent::Mouse(m) => match m.kind {
                MouseEventKind::Down(_) => {
                    self.update(Action::Click {
                        column: m.column,
                        row: m.row,
                    });
                    true
                }
                MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                    self.update(Action::Scroll {
                        column: m.column,
                        row: m.row,
                        down: m.kind == MouseEventKind::ScrollDown,
                    });
                    true
                }
                _ => false,
            },
            TermEvent::Resize(..) => true,
            _ => false,
        }
    }

    /// A key, through the keymap.
    pub fn handle_key(&mut self, key: KeyEvent) {
        let pat = KeyPat::from_event(&key);
        let ctxs = contexts(&self.view);
        self.view.message = None;
        if let Some(b) = lookup(&ctxs, pat) {
            self.update(b.action.clone());
        } else if self.view.editor.is_some()
            && let Some(c) = typed_char(pat)
        {
            self.update(Action::Type(c));
        }
    }

    /// When the event loop must wake without input: the next second while a step timer runs
    /// (for its display), and when the journal is due to be folded. `None`: sleep until input.
    pub fn wakeup(&self, now: Instant) -> Option<Duration> {
        let mut next: Option<Duration> = None;
        if self.timer_running() {
            let ms = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.subsec_millis())
                .unwrap_or(0);
            next = Some(Duration::from_millis(u64::from(1000 - ms.min(999))));
        }
        if let Some(at) = self.fold_at {
            let until = at.saturating_duration_since(now);
            next = Some(next.map_or(until, |n| n.min(until)));
        }
        if let Source::Live(doc) = &self.source
            && doc.checking_history()
        {
            // Look again soon for what the check of the history finds.
            let soon = Duration::from_millis(100);
            next = Some(next.map_or(soon, |n| n.min(soon)));
        }
        next
    }

    fn timer_running(&self) -> bool {
        let s = self.session();
        s.meta
            .steps
            .get(usize::from(self.step()) - 1)
            .is_some_and(|st| st.running_since.is_some())
    }

    /// The clock moved on: update the timer display, fold the journal when due. Returns
    /// whether to draw again.
    pub fn tick(&mut self) -> bool {
        self.poll_document();
        self.update(Action::Tick);
        true
    }

    // ----- Changes -----

    /// Send an event to the document. `true` if the session changed.
    fn commit(&mut self, event: Event) -> bool {
        let now = self.now();
        self.view.clock = now;
        let lang_before = self.session().meta.lang;
        let result = match &mut self.source {
            Source::Snapshot { .. } | Source::Replay { .. } => Err(CommitError::ReadOnly),
            Source::Live(doc) => doc.commit(event, now),
        };
        let changed = self.after_commit(result.map(|()| true));
        self.follow_lang(lang_before);
        changed
    }

    /// The screen speaks the session's new language, unless `--lang` chose the screen's.
    fn follow_lang(&mut self, before: Lang) {
        let now = self.session().meta.lang;
        if now != before && self.lang_follows_session {
            self.lang = now;
        }
    }

    fn after_commit(&mut self, result: Result<bool, CommitError>) -> bool {
        match result {
            Ok(changed) => {
                self.schedule_fold();
                changed
            }
            Err(CommitError::NotSaved(e)) => {
                // Made in memory, not yet on disk: the status line says so until a write works.
                self.say(fill(self.t(Ui::NotSavedMessage), &[("error", &e)]), true);
                self.schedule_fold();
                true
            }
            Err(CommitError::ReadOnly) => {
                self.warn(self.refusal());
                false
            }
            Err(CommitError::TooLarge { limit_mib }) => {
                let text = fill(
                    FileText::TooLarge.text(self.lang),
                    &[("mib", &limit_mib.to_string())],
                );
                self.say(text, true);
                false
            }
            Err(CommitError::Refused(e)) => {
                let why = refusal_text(&e, self.session(), self.lang);
                self.say(fill(self.t(Ui::Refused), &[("error", &why)]), true);
                false
            }
        }
    }

    fn schedule_fold(&mut self) {
        let now = Instant::now();
        if self.fold_at.is_none() {
            self.fold_at = Some(now + FOLD_AFTER);
        }
        if let Source::Live(doc) = &self.source
            && doc.fold_due(now)
        {
            self.fold();
        }
    }

    /// Quit, unless changes would be lost: changes that could not be written (a full disk, a
    /// stick pulled out) are tried once more, and if they still cannot be written the first
    /// quit says so and only a second one quits.
    fn request_quit(&mut self) {
        if let Source::Live(doc) = &mut self.source
            && !doc.is_read_only()
            && !doc.is_saved()
            && !self.quit_warned
        {
            let saved = doc.save();
            if let Err(e) = saved {
                let n = doc.unsaved().to_string();
                self.quit_warned = true;
                self.say(
                    fill(self.t(Ui::QuitNotSaved), &[("n", &n), ("error", &e)]),
                    true,
                );
                return;
            }
        }
        self.quit = true;
    }

    /// Fold the journal into the file (atomic rewrite).
    fn fold(&mut self) {
        if let Source::Live(doc) = &mut self.source {
            if doc.is_read_only() {
                return;
            }
            match doc.save() {
                Ok(()) => self.fold_at = None,
                Err(e) => {
                    self.fold_at = Some(Instant::now() + Duration::from_secs(10));
                    self.say(fill(self.t(Ui::NotSavedMessage), &[("error", &e)]), true);
                }
            }
        }
    }

    fn editable(&mut self) -> bool {
        if self.read_only() {
            self.warn(self.refusal());
            false
        } else {
            true
        }
    }

    fn undo(&mut self, redo: bool) {
        let now = self.now();
        let step_before = self.session().meta.step;
        let lang_before = self.session().meta.lang;
        let result = match &mut self.source {
            Source::Snapshot { .. } | Source::Replay { .. } => Err(CommitError::ReadOnly),
            Source::Live(doc) => {
                if redo {
                    doc.redo(now)
                } else {
                    doc.undo(now)
                }
            }
        };
        let did = matches!(result, Ok(true));
        let nothing = matches!(result, Ok(false));
        self.after_commit(result);
        self.follow_lang(lang_before);
        if did {
            self.info(if redo { Ui::Redone } else { Ui::Undone });
        } else if nothing {
            self.info(if redo {
                Ui::NothingToRedo
            } else {
                Ui::NothingToUndo
            });
        }
        if self.session().meta.step != step_before {
            self.fold();
        }
        self.fix_focus();
    }

    /// After undo or redo (or a replay's move): the pane must belong to the step; an overlay
    /// about something that is gone closes.
    pub fn fix_focus(&mut self) {
        let step = self.step();
        if !Pane::order(step).contains(&self.view.pane) {
            self.view.pane = Pane::first(step);
        }
        let s = self.session();
        let gone = match &self.view.overlay {
            Some(Overlay::Swot { party, .. }) => s.party(party).is_none(),
            Some(Overlay::Links {
                activity, party, ..
            }) => s
                .activity(activity)
                .and_then(|a| a.participant(party))
                .is_none(),
            Some(Overlay::Participants { activity, .. }) => s.activity(activity).is_none(),
            Some(Overlay::Representatives { party, .. }) => s.party(party).is_none(),
            _ => false,
        };
        if gone {
            self.view.overlay = None;
        }
    }

    // ----- The one update -----

    pub fn update(&mut self, action: Action) {
        if action == Action::Tick {
            self.view.clock = self.now();
            if self.fold_at.is_some_and(|at| Instant::now() >= at) {
                self.fold();
            }
            return;
        }
        if self.view.editor.is_some() {
            self.update_editor(action);
            return;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => {
                let back = self.view.overlay.take().map(Box::new);
                self.view.overlay = Some(Overlay::Help { scroll: 0, back });
            }
            Action::Close => {
                self.view.overlay = match self.view.overlay.take() {
                    Some(Overlay::Help { back, .. }) => back.map(|b| *b),
                    _ => None,
                };
            }
            Action::Undo => self.undo(false),
            Action::Redo => self.undo(true),
            Action::NextStep => self.go_step(self.step().saturating_add(1)),
            Action::PrevStep => self.go_step(self.step().saturating_sub(1)),
            Action::GoStep(n) => self.go_step(n),
            Action::Timer => {
                if self.editable()
                    && let Some(e) = edits::toggle_timer(self.session(), self.step(), self.now())
                    && self.commit(e)
                {
                    self.info(if self.timer_running() {
                        Ui::TimerStarted
                    } else {
                        Ui::TimerStopped
                    });
                }
            }
            Action::Decisions => self.toggle_overlay(Overlay::Decisions { row: 0 }),
            Action::ParkingLot => self.toggle_overlay(Overlay::ParkingLot { row: 0 }),
            Action::ActionItems => self.toggle_overlay(Overlay::ActionItems { row: 0, col: 0 }),
            Action::Messages => self.toggle_overlay(Overlay::Messages {
                row: self.view.log.len().saturating_sub(1),
            }),
            Action::MeetingInfo => self.toggle_overlay(Overlay::Meeting { row: 0 }),
            Action::Representatives => self.open_representatives(),
            Action::Minutes => self.write_minutes(),
            Action::StepNotes => {
                let step = self.step();
                let notes = self
                    .session()
                    .meta
                    .steps
                    .get(usize::from(step) - 1)
                    .map(|st| st.notes.clone())
                    .unwrap_or_default();
                self.open_editor(EditTarget::Text(TextField::StepNotes(step)), &notes);
            }
            Action::Paste(text) => {
                // Pasting outside the editor adds to the focused list, with the text in the
                // editor to check before Enter.
                self.update(Action::Add);
                if let Some(editor) = &mut self.view.editor {
                    editor.paste(&text);
                }
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, down } => self.wheel(column, row, down),
            Action::Type(_) => {}
            other => {
                if self.view.overlay.is_some() {
                    self.update_overlay(other);
                } else {
                    self.update_pane(other);
                }
            }
        }
    }

    /// The representatives of the party in sight: the party pane's, else the party list's
    /// selection (in steps 3–5 the one last selected there).
    fn open_representatives(&mut self) {
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

    fn toggle_overlay(&mut self, overlay: Overlay) {
        let same = self
            .view
            .overlay
            .as_ref()
            .is_some_and(|o| std::mem::discriminant(o) == std::mem::discriminant(&overlay));
        self.view.overlay = if same { None } else { Some(overlay) };
    }

    /// Write the minutes next to the session file and say where. The session does not
    /// change, so a read-only session writes them too; a replay writes nothing.
    fn write_minutes(&mut self) {
        let Source::Live(doc) = &self.source else {
            let refusal = match self.source {
                Source::Replay { .. } => Ui::ReplayNoMinutes,
                _ => Ui::ReadOnlyRefused,
            };
            return self.warn(refusal);
        };
        let written = write_beside(doc.path(), doc.session(), &doc.history_ends(), self.lang);
        match written {
            Ok(files) => {
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

    fn go_step(&mut self, to: u8) {
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
    fn show_step(&mut self, to: u8) {
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

    // ----- The editor -----

    fn open_editor(&mut self, target: EditTarget, initial: &str) {
        if self.editable() {
            self.view.editor = Some(Editor::new(target, initial));
        }
    }

    fn update_editor(&mut self, action: Action) {
        match action {
            Action::EdSave => self.save_editor(),
            Action::EdCancel => self.view.editor = None,
            Action::Quit => {
                // Nothing typed is lost: what is in the editor is saved before quitting.
                self.save_editor();
                self.request_quit();
            }
            other => {
                if let Some(editor) = &mut self.view.editor {
                    editor.apply(&other);
                }
            }
        }
    }

    fn save_editor(&mut self) {
        let Some(editor) = self.view.editor.take() else {
            return;
        };
        let text = editor.text().trim().to_string();
        let changed = editor.changed();
        // Too long a text (a paste of a whole document) stays in the editor, with the limit.
        if changed
            && let Some(size) = editor.target.text_size()
            && let Err(ApplyError::TooLong { max, chars, .. }) = size.check(&text)
        {
            self.view.editor = Some(editor);
            self.say(super::refusal::too_long(size, max, chars, self.lang), true);
            return;
        }
        let s = self.session();
        match &editor.target {
            EditTarget::Start if changed => {
                match edits::parse_start(&text, s.meta.start.as_ref()) {
                    Ok(start) if start == s.meta.start => {}
                    Ok(start) => {
                        self.commit(edits::set_start(start));
                    }
                    Err(edits::Unreadable) => self.keep_editing(editor, Ui::StartFormat),
                }
                return;
            }
            EditTarget::Timebox(step) if changed => {
                let step = *step;
                let old = s.meta.steps.get(usize::from(step).wrapping_sub(1));
                match edits::parse_timebox(&text) {
                    Ok(minutes) if old.is_some_and(|st| st.timebox_min == minutes) => {}
                    Ok(minutes) => {
                        self.commit(edits::set_timebox(step, minutes));
                    }
                    Err(edits::Unreadable) => self.keep_editing(editor, Ui::TimeboxFormat),
                }
                return;
            }
            EditTarget::Start | EditTarget::Timebox(_) => return,
            _ => {}
        }
        match editor.target {
            EditTarget::Text(field) => {
                if !changed || current_text(s, &field).as_deref() == Some(text.as_str()) {
                    return;
                }
                if text.is_empty() && needs_text(&field) {
                    self.warn(Ui::EmptyNotSaved);
                    return;
                }
                self.commit(edits::set_text(field, text));
            }
            // The replay's search box has its own editor (`tui::replay`); nothing to save.
            EditTarget::Search => {}
            EditTarget::Start | EditTarget::Timebox(_) => {}
            _ if text.is_empty() => {}
            EditTarget::NewItem(list) => {
                let (event, _) = edits::add_item(s, list.clone(), text);
                if self.commit(event) {
                    let len = self.session().list(&list).map_or(0, Vec::len);
                    self.select_row(len.saturating_sub(1));
                }
            }
            EditTarget::NewParty => {
                if self.commit(edits::add_party(s, text)) {
                    self.view.sel.party = self.session().parties.len() - 1;
                }
            }
            EditTarget::NewActivity => {
                if self.commit(edits::add_activity(s, text)) {
                    self.view.sel.activity = self.session().activities.len() - 1;
                    self.view.sel.table_row = 0;
                }
            }
            EditTarget::NewAction => {
                if self.commit(edits::add_action(s, text)) {
                    let last = self.session().action_items.len() - 1;
                    self.select_row(last);
                }
            }
            EditTarget::NewIdea => {
                if self.commit(edits::add_idea(s, text)) {
                    self.view.sel.idea_row = self.session().expansion.len() - 1;
                }
            }
            EditTarget::NewLinkedItem {
                activity,
                party,
                list,
            } => {
                let event = edits::add_linked_item(s, &activity, &party, list, text);
                if self.commit(event) {
                    let len = self
                        .session()
                        .party(&party)
                        .map_or(0, |p| p.list(list).len());
                    self.select_row(len.saturating_sub(1));
                }
            }
        }
    }

    /// Text that cannot be read stays in the editor, with what is expected, to be fixed.
    fn keep_editing(&mut self, editor: Editor, why: Ui) {
        self.view.editor = Some(editor);
        self.warn(why);
    }

    /// Select a row in whatever list has the focus (after adding to it).
    fn select_row(&mut self, row: usize) {
        match &mut self.view.overlay {
            Some(
                Overlay::Decisions { row: r }
                | Overlay::ParkingLot { row: r }
                | Overlay::ActionItems { row: r, .. }
                | Overlay::Swot { row: r, .. }
                | Overlay::Links { row: r, .. }
                | Overlay::Participants { row: r, .. }
                | Overlay::Messages { row: r }
                | Overlay::Meeting { row: r }
                | Overlay::Representatives { row: r, .. },
            ) => *r = row,
            Some(Overlay::Help { .. }) => {}
            None => match self.view.pane {
                Pane::Parties => self.view.sel.party = row,
                Pane::Goals => self.view.sel.goal_item = row,
                Pane::Activities => self.view.sel.activity = row,
                Pane::Table => self.view.sel.table_row = row,
                Pane::Evaluation => self.view.sel.eval_row = row,
                Pane::Improvements => self.view.sel.improvement = row,
                Pane::Ideas => self.view.sel.idea_row = row,
                Pane::Actions => self.view.sel.action_row = row,
            },
        }
    }

    // ----- Panes -----

    /// Move to the next (or previous) pane; in steps 1–2 the party pane's three lists are
    /// stops of their own.
    fn cycle_pane(&mut self, forward: bool) {
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

    fn update_pane(&mut self, action: Action) {
        match action {
            Action::NextPane => return self.cycle_pane(true),
            Action::PrevPane => return self.cycle_pane(false),
            _ => {}
        }
        match self.view.pane {
            Pane::Parties => self.parties_pane(action),
            Pane::Goals => self.goals_pane(action),
            Pane::Activities => self.activities_pane(action),
            Pane::Table => self.table_pane(action),
            Pane::Evaluation => self.evaluation_pane(action),
            Pane::Improvements => self.improvements_pane(action),
            Pane::Ideas => self.ideas_pane(action),
            Pane::Actions => self.actions_pane(action),
        }
    }

    fn parties_pane(&mut self, action: Action) {
        let len = self.session().parties.len();
        let mut sel = self.view.sel.party.min(len.saturating_sub(1));
        if nav(&mut sel, len, &action) {
            self.view.sel.party = sel;
            return;
        }
        let party = self.session().parties.get(sel).cloned();
        match (action, party) {
            (Action::Add, _) => self.open_editor(EditTarget::NewParty, ""),
            (Action::Edit, Some(p)) => self.open_editor(
                EditTarget::Text(TextField::PartyName(p.id.clone())),
                &p.name,
            ),
            (Action::Delete, Some(p)) => {
                self.remove(edits::delete_party(self.session(), &p.id), &p.name);
            }
            (a @ (Action::MoveUp | Action::MoveDown), Some(p)) => {
                if let Some(to) = self.move_thing(&p.id, sel, len, &a) {
                    self.view.sel.party = to;
                }
            }
            (Action::Swot, Some(p)) => {
                self.view.overlay = Some(Overlay::Swot {
                    party: p.id,
                    quadrant: 0,
                    row: 0,
                })
            }
            (Action::SetHost, Some(p)) => {
                self.commit(edits::set_host(&p.id));
            }
            (Action::CycleKind, Some(p)) => {
                self.commit(edits::cycle_party_kind(&p));
            }
            (Action::Edit | Action::Delete | Action::Swot, None) => self.info(Ui::NothingSelected),
            _ => {}
        }
    }

    fn goals_pane(&mut self, action: Action) {
        let s = self.session();
        let Some(pi) = goal_party(s, &self.view) else {
            if matches!(action, Action::Add) {
                self.info(Ui::EmptyHost);
            }
            return;
        };
        let party = &s.parties[pi];
        let pid = party.id.clone();
        let kind = GOAL_LISTS[self.view.sel.goal_list.min(GOAL_LISTS.len() - 1)];
        let items = party.list(kind);
        let len = items.len();
        let mut sel = self.view.sel.goal_item.min(len.saturating_sub(1));
        if nav(&mut sel, len, &action) {
            self.view.sel.goal_item = sel;
            return;
        }
        match action {
            Action::Left | Action::Right => {
                let right = action == Action::Right;
                if self.step() == 1 {
                    let l = self.view.sel.goal_list;
                    self.view.sel.goal_list = if right {
                        (l + 1).min(GOAL_LISTS.len() - 1)
                    } else {
                        l.saturating_sub(1)
                    };
                    self.view.sel.goal_item = 0;
                } else if let Some(next) = next_partner(s, pi, right) {
                    self.view.sel.party = next;
                    self.view.sel.goal_item = 0;
                }
            }
            Action::Swot => {
                self.view.overlay = Some(Overlay::Swot {
                    party: pid,
                    quadrant: 0,
                    row: 0,
                })
            }
            other => {
                let list = ListRef::Party(pid, kind);
                if let Some(to) = self.item_list_action(other, list, sel) {
                    self.view.sel.goal_item = to;
                }
            }
        }
    }

    /// Add, edit, delete and move in a list of items. Returns the new selection when it moved.
    fn item_list_action(&mut self, action: Action, list: ListRef, sel: usize) -> Option<usize> {
        let items = self.session().list(&list)?;
        let len = items.len();
        let item = items.get(sel).cloned();
        match (action, item) {
            (Action::Add, _) => self.open_editor(EditTarget::NewItem(list), ""),
            (Action::Edit, Some(it)) => {
                self.open_editor(EditTarget::Text(TextField::Item(it.id)), &it.text)
            }
            (Action::Delete, Some(it)) => {
                let removed = self.remove(edits::delete_item(self.session(), &it.id), &it.text);
                return removed.then(|| sel.min(len.saturating_sub(2)));
            }
            (a @ (Action::MoveUp | Action::MoveDown), Some(it)) => {
                return self.move_thing(&it.id, sel, len, &a);
            }
            (Action::Edit | Action::Delete, None) => self.info(Ui::NothingSelected),
            _ => {}
        }
        None
    }

    fn move_thing(
        &mut self,
        id: &crate::core::session::Id,
        sel: usize,
        len: usize,
        action: &Action,
    ) -> Option<usize> {
        let to = match action {
            Action::MoveUp => sel.checked_sub(1)?,
            _ if sel + 1 < len => sel + 1,
            _ => return None,
        };
        (self.commit(edits::move_to(id, to))).then_some(to)
    }

    /// Remove something (the event removes its references too) and say what went.
    fn remove(&mut self, event: Event, what: &str) -> bool {
        let removed = self.commit(event);
        if removed {
            self.deleted(what);
        }
        removed
    }

    fn deleted(&mut self, what: &str) {
        let what = crate::text::clean_line(what);
        let what = crate::text::fit(&what, 30);
        self.say(fill(self.t(Ui::Deleted), &[("what", &what)]), false);
    }

    fn activities_pane(&mut self, action: Action) {
        let len = self.session().activities.len();
        let mut sel = self.view.sel.activity.min(len.saturating_sub(1));
        if nav(&mut sel, len, &action) {
            if sel != self.view.sel.activity {
                self.view.sel.table_row = 0;
                self.view.sel.eval_row = 0;
                self.view.sel.improvement = 0;
            }
            self.view.sel.activity = sel;
            return;
        }
        let activity = self.session().activities.get(sel).cloned();
        match (action, activity) {
            (Action::Add, _) => self.open_editor(EditTarget::NewActivity, ""),
            (Action::Edit, Some(a)) => {
                self.open_editor(EditTarget::Text(TextField::ActivityTitle(a.id)), &a.title)
            }
            (Action::Delete, Some(a)) => {
                self.remove(edits::delete_activity(self.session(), &a.id), &a.title);
            }
            (a @ (Action::MoveUp | Action::MoveDown), Some(act)) => {
                if let Some(to) = self.move_thing(&act.id, sel, len, &a) {
                    self.view.sel.activity = to;
                }
            }
            (other, _) => self.activity_action(other),
        }
    }

    /// Keys about the selected activity, from any pane that shows it.
    fn activity_action(&mut self, action: Action) {
        let s = self.session();
        let Some(ai) = selected_activity(s, &self.view) else {
            if matches!(
                action,
                Action::Vote
                    | Action::Unvote
                    | Action::CycleKind
                    | Action::CycleStatus
                    | Action::CycleLead
                    | Action::Participants
                    | Action::EditDescription
            ) {
                self.info(Ui::EmptyActivitiesMain);
            }
            return;
        };
        let a = s.activities[ai].clone();
        let event = match action {
            // A hand-edited file may hold u32::MAX votes: the count stops there.
            Action::Vote if a.votes == u32::MAX => {
                self.info(Ui::VotesFull);
                None
            }
            Action::Vote => Some(edits::set_votes(&a, a.votes.saturating_add(1))),
            Action::Unvote if a.votes == 0 => {
                self.info(Ui::NoVotes);
                None
            }
            Action::Unvote => Some(edits::set_votes(&a, a.votes - 1)),
            Action::CycleKind => Some(edits::cycle_coop(&a)),
            Action::CycleStatus => Some(edits::cycle_status(&a)),
            Action::CycleLead => Some(edits::cycle_lead(&a)),
            Action::Participants => {
                self.view.overlay = Some(Overlay::Participants {
                    activity: a.id.clone(),
                    row: 0,
                });
                None
            }
            Action::EditDescription => {
                self.open_editor(
                    EditTarget::Text(TextField::ActivityDescription(a.id.clone())),
                    &a.description,
                );
                None
            }
            _ => None,
        };
        if let Some(event) = event
            && self.editable()
            && self.commit(event)
            && matches!(action, Action::Vote | Action::Unvote)
        {
            let votes = self.session().activities[ai].votes;
            let text = fill(
                self.t(Ui::Voted),
                &[("activity", &a.title), ("n", &votes.to_string())],
            );
            self.say(text, false);
        }
    }

    fn table_pane(&mut self, action: Action) {
        let s = self.session();
        let Some(ai) = selected_activity(s, &self.view) else {
            return self.activity_action(action);
        };
        let a = s.activities[ai].clone();
        let len = a.participants.len();
        let mut row = self.view.sel.table_row.min(len.saturating_sub(1));
        if nav(&mut row, len, &action) {
            self.view.sel.table_row = row;
            return;
        }
        let col = self.view.sel.table_col.min(TABLE_COLS - 1);
        let part = a.participants.get(row).cloned();
        match (action, part) {
            (a @ (Action::Left | Action::Right), _) => {
                let at = TABLE_CURSOR_COLS
                    .iter()
                    .position(|&c| c >= col)
                    .unwrap_or(0);
                let at = if a == Action::Left {
                    at.saturating_sub(1)
                } else {
                    (at + 1).min(TABLE_CURSOR_COLS.len() - 1)
                };
                self.view.sel.table_col = TABLE_CURSOR_COLS[at];
            }
            (Action::Add, _) => self.activity_action(Action::Participants),
            (Action::Edit, Some(p)) => match col {
                COL_STAKEHOLDER => self.activity_action(Action::Participants),
                COL_CHALLENGE | COL_PURPOSE => {
                    self.view.overlay = Some(Overlay::Links {
                        activity: a.id.clone(),
                        party: p.party.clone(),
                        list: if col == COL_PURPOSE {
                            PartyList::Purposes
                        } else {
                            PartyList::Challenges
                        },
                        row: 0,
                    })
                }
                COL_ACTIVITY => self.open_editor(
                    EditTarget::Text(TextField::ActivityTitle(a.id.clone())),
                    &a.title,
                ),
                COL_ROLE => self.open_editor(
                    EditTarget::Text(TextField::Role(a.id.clone(), p.party.clone())),
                    &p.role,
                ),
                _ => self.open_editor(
                    EditTarget::Text(TextField::Benefit(a.id.clone(), p.party.clone())),
                    &p.benefit,
                ),
            },
            (Action::Edit, None) => self.activity_action(Action::Participants),
            (Action::Delete, Some(p)) => {
                let name = self.session().party_name(&p.party).to_string();
                self.remove(edits::remove_participant(&a.id, &p.party), &name);
            }
            (Action::MoveUp | Action::MoveDown, _) => self.info(Ui::CannotMove),
            (other, _) => self.activity_action(other),
        }
    }

    fn evaluation_pane(&mut self, action: Action) {
        let s = self.session();
        let Some(ai) = selected_activity(s, &self.view) else {
            return self.activity_action(action);
        };
        let a = s.activities[ai].clone();
        let len = a.participants.len();
        let mut row = self.view.sel.eval_row.min(len.saturating_sub(1));
        if nav(&mut row, len, &action) {
            self.view.sel.eval_row = row;
            return;
        }
        let col = self.view.sel.eval_col.min(EVAL_COLS - 1);
        let part = a.participants.get(row).cloned();
        match (action, part) {
            (Action::Left, _) => self.view.sel.eval_col = col.saturating_sub(1),
            (Action::Right, _) => self.view.sel.eval_col = (col + 1).min(EVAL_COLS - 1),
            (Action::Toggle, Some(p)) => {
                self.commit(edits::cycle_achieved(
                    &a.id,
                    &p.party,
                    p.evaluation.achieved,
                ));
            }
            (Action::Edit, Some(p)) if col == 0 => {
                self.commit(edits::cycle_achieved(
                    &a.id,
                    &p.party,
                    p.evaluation.achieved,
                ));
            }
            (Action::Edit, Some(p)) => self.open_editor(
                EditTarget::Text(TextField::EvaluationComment(a.id.clone(), p.party.clone())),
                &p.evaluation.comment,
            ),
            (Action::Edit | Action::Toggle, None) => self.info(Ui::EmptyParticipantsEval),
            (other, _) => self.activity_action(other),
        }
    }

    fn improvements_pane(&mut self, action: Action) {
        let s = self.session();
        let Some(ai) = selected_activity(s, &self.view) else {
            return self.activity_action(action);
        };
        let a = &s.activities[ai];
        let len = a.improvements.len();
        let list = ListRef::Improvements(a.id.clone());
        let mut sel = self.view.sel.improvement.min(len.saturating_sub(1));
        if nav(&mut sel, len, &action) {
            self.view.sel.improvement = sel;
            return;
        }
        match action {
            Action::Add | Action::Edit | Action::Delete | Action::MoveUp | Action::MoveDown => {
                if let Some(to) = self.item_list_action(action, list, sel) {
                    self.view.sel.improvement = to;
                }
            }
            other => self.activity_action(other),
        }
    }

    fn ideas_pane(&mut self, action: Action) {
        let s = self.session();
        let len = s.expansion.len();
        let mut row = self.view.sel.idea_row.min(len.saturating_sub(1));
        if nav(&mut row, len, &action) {
            self.view.sel.idea_row = row;
            return;
        }
        let col = self.view.sel.idea_col.min(IDEA_COLS - 1);
        let idea = s.expansion.get(row).cloned();
        match (action, idea) {
            (Action::Left, _) => self.view.sel.idea_col = col.saturating_sub(1),
            (Action::Right, _) => self.view.sel.idea_col = (col + 1).min(IDEA_COLS - 1),
            (Action::Add, _) => self.open_editor(EditTarget::NewIdea, ""),
            (Action::Edit, Some(x)) => match col {
                0 => {
                    self.commit(edits::cycle_idea_kind(&x));
                }
                1 => self.open_editor(EditTarget::Text(TextField::IdeaName(x.id)), &x.name),
                2 => self.open_editor(EditTarget::Text(TextField::IdeaWhy(x.id)), &x.why),
                _ => {
                    if self.editable() {
                        let e = edits::cycle_idea_activity(self.session(), &x);
                        self.commit(e);
                    }
                }
            },
            (Action::CycleKind, Some(x)) => {
                self.commit(edits::cycle_idea_kind(&x));
            }
            (Action::Delete, Some(x)) => {
                self.remove(edits::delete(self.session(), &x.id), &x.name);
            }
            (a @ (Action::MoveUp | Action::MoveDown), Some(x)) => {
                if let Some(to) = self.move_thing(&x.id, row, len, &a) {
                    self.view.sel.idea_row = to;
                }
            }
            (Action::Edit | Action::Delete, None) => self.info(Ui::NothingSelected),
            _ => {}
        }
    }

    fn actions_pane(&mut self, action: Action) {
        let (row, col) = (self.view.sel.action_row, self.view.sel.action_col);
        let (row, col) = self.action_items(action, row, col);
        self.view.sel.action_row = row;
        self.view.sel.action_col = col;
    }

    /// The action items table, in step 5 or the overlay: returns the new (row, column).
    fn action_items(&mut self, action: Action, row: usize, col: usize) -> (usize, usize) {
        let s = self.session();
        let len = s.action_items.len();
        let mut row = row.min(len.saturating_sub(1));
        let col = col.min(ACTION_COLS - 1);
        if nav(&mut row, len, &action) {
            return (row, col);
        }
        let item = s.action_items.get(row).cloned();
        match (action, item) {
            (Action::Left, _) => return (row, col.saturating_sub(1)),
            (Action::Right, _) => return (row, (col + 1).min(ACTION_COLS - 1)),
            (Action::Add, _) => self.open_editor(EditTarget::NewAction, ""),
            (Action::Edit, Some(t)) => match col {
                0 => self.open_editor(EditTarget::Text(TextField::ActionWhat(t.id)), &t.what),
                1 => self.open_editor(EditTarget::Text(TextField::ActionWho(t.id)), &t.who),
                // The due date is free text, as people say it (「来月末」, "before the fair").
                2 => self.open_editor(EditTarget::Text(TextField::ActionDue(t.id)), &t.due),
                ACTION_COL_ACTIVITY => {
                    if self.session().activities.is_empty() {
                        self.info(Ui::EmptyActivitiesMain);
                    } else {
                        self.commit(edits::cycle_action_activity(self.session(), &t));
                    }
                }
                _ => {
                    debug_assert_eq!(col, ACTION_COL_DONE);
                    self.commit(edits::toggle_done(&t));
                }
            },
            (Action::Toggle, Some(t)) => {
                self.commit(edits::toggle_done(&t));
            }
            (Action::Delete, Some(t)) => {
                if self.remove(edits::delete(self.session(), &t.id), &t.what) {
                    return (row.min(len.saturating_sub(2)), col);
                }
                return (row, col);
            }
            (a @ (Action::MoveUp | Action::MoveDown), Some(t)) => {
                if let Some(to) = self.move_thing(&t.id, row, len, &a) {
                    return (to, col);
                }
            }
            (Action::Edit | Action::Delete | Action::Toggle, None) => {
                self.info(Ui::NothingSelected)
            }
            _ => {}
        }
        (row, col)
    }

    // ----- Overlays -----

    fn update_overlay(&mut self, action: Action) {
        let Some(overlay) = self.view.overlay.clone() else {
            return;
        };
        match overlay {
            Overlay::Help { scroll, back } => {
                let scroll = match action {
                    Action::Down => scroll + 1,
                    Action::Up => scroll.saturating_sub(1),
                    Action::PageDown => scroll + PAGE,
                    Action::PageUp => scroll.saturating_sub(PAGE),
                    _ => scroll,
                };
                // Scrolling stops at the end of the help.
                let lines = view::overlays::help_lines(
                    &self.screen(),
                    &super::state::contexts_under_help(&self.view),
                )
                .len();
                self.view.overlay = Some(Overlay::Help {
                    scroll: scroll.min(lines.saturating_sub(1)),
                    back,
                });
            }
            Overlay::Messages { mut row } => {
                nav(&mut row, self.view.log.len(), &action);
                self.view.overlay = Some(Overlay::Messages { row });
            }
            Overlay::Decisions { row } => {
                let row = self.overlay_list(action, ListRef::Decisions, row);
                self.view.overlay = Some(Overlay::Decisions { row });
            }
            Overlay::ParkingLot { row } => {
                let row = self.overlay_list(action, ListRef::ParkingLot, row);
                self.view.overlay = Some(Overlay::ParkingLot { row });
            }
            Overlay::ActionItems { row, col } => {
                let (row, col) = self.action_items(action, row, col);
                if let Some(Overlay::ActionItems { .. }) = self.view.overlay {
                    self.view.overlay = Some(Overlay::ActionItems { row, col });
                }
            }
            Overlay::Swot {
                party,
                quadrant,
                row,
            } => {
                let quadrant = match action {
                    Action::NextPane | Action::Right => (quadrant + 1) % SWOT_LISTS.len(),
                    Action::PrevPane | Action::Left => {
                        (quadrant + SWOT_LISTS.len() - 1) % SWOT_LISTS.len()
                    }
                    _ => quadrant,
                };
                let row = if matches!(
                    action,
                    Action::NextPane | Action::Right | Action::PrevPane | Action::Left
                ) {
                    0
                } else {
                    let list = ListRef::Party(party.clone(), SWOT_LISTS[quadrant]);
                    self.overlay_list(action, list, row)
                };
                if let Some(Overlay::Swot { .. }) = self.view.overlay {
                    self.view.overlay = Some(Overlay::Swot {
                        party,
                        quadrant,
                        row,
                    });
                }
            }
            Overlay::Links {
                activity,
                party,
                list,
                mut row,
            } => {
                let s = self.session();
                let items: Vec<_> = s
                    .party(&party)
                    .map(|p| p.list(list).iter().map(|it| it.id.clone()).collect())
                    .unwrap_or_default();
                if !nav(&mut row, items.len(), &action) {
                    match action {
                        Action::Toggle => {
                            if let Some(item) = items.get(row)
                                && let Some(e) = edits::toggle_link(s, &activity, &party, item)
                                && self.editable()
                            {
                                self.commit(e);
                            }
                        }
                        Action::Add => self.open_editor(
                            EditTarget::NewLinkedItem {
                                activity: activity.clone(),
                                party: party.clone(),
                                list,
                            },
                            "",
                        ),
                        _ => {}
                    }
                }
                if let Some(Overlay::Links { row: r, .. }) = &mut self.view.overlay
                    && self.view.editor.is_none()
                {
                    *r = row;
                }
            }
            Overlay::Meeting { mut row } => {
                row = row.min(MEETING_FIELDS.len() - 1);
                if !nav(&mut row, MEETING_FIELDS.len(), &action) && action == Action::Edit {
                    self.edit_meeting_field(MEETING_FIELDS[row]);
                }
                if let Some(Overlay::Meeting { row: r }) = &mut self.view.overlay {
                    *r = row;
                }
            }
            Overlay::Representatives { party, row } => {
                let s = self.session();
                let (party, row) = match action {
                    Action::Left | Action::Right => {
                        let n = s.parties.len();
                        let at = s.parties.iter().position(|p| p.id == party).unwrap_or(0);
                        let next = if action == Action::Right {
                            (at + 1) % n.max(1)
                        } else {
                            (at + n.max(1) - 1) % n.max(1)
                        };
                        (s.parties.get(next).map_or(party, |p| p.id.clone()), 0)
                    }
                    other => {
                        let list = ListRef::Party(party.clone(), PartyList::Representatives);
                        let row = self.overlay_list(other, list, row);
                        (party, row)
                    }
                };
                if let Some(Overlay::Representatives { .. }) = self.view.overlay {
                    self.view.overlay = Some(Overlay::Representatives { party, row });
                }
            }
            Overlay::Participants { activity, mut row } => {
                let s = self.session();
                let len = s.parties.len();
                if !nav(&mut row, len, &action) && action == Action::Toggle {
                    let event = s.parties.get(row).and_then(|p| {
                        let a = s.activity(&activity)?;
                        Some(if a.participant(&p.id).is_some() {
                            edits::remove_participant(&activity, &p.id)
                        } else {
                            edits::add_participant(&activity, &p.id)
                        })
                    });
                    if let Some(e) = event
                        && self.editable()
                    {
                        self.commit(e);
                    }
                }
                if let Some(Overlay::Participants { row: r, .. }) = &mut self.view.overlay {
                    *r = row;
                }
            }
        }
    }

    /// A row of the meeting's details: text opens the editor, a choice changes.
    fn edit_meeting_field(&mut self, field: MeetingField) {
        let s = self.session();
        let text = |f: TextField| EditTarget::Text(f);
        match field {
            MeetingField::Title => self.open_editor(text(TextField::Title), &s.meta.title.clone()),
            MeetingField::Start => {
                let now = edits::start_text(s.meta.start.as_ref());
                self.open_editor(EditTarget::Start, &now)
            }
            MeetingField::Venue => self.open_editor(text(TextField::Venue), &s.meta.venue.clone()),
            MeetingField::Facilitator => {
                let now = s.meta.facilitator.clone();
                self.open_editor(text(TextField::Facilitator), &now)
            }
            MeetingField::NextMeeting => {
                let now = s.meta.next_meeting.clone();
                self.open_editor(text(TextField::NextMeeting), &now)
            }
            MeetingField::Timebox(step) => {
                let now = s
                    .meta
                    .steps
                    .get(usize::from(step) - 1)
                    .map(|st| st.timebox_min.to_string())
                    .unwrap_or_default();
                self.open_editor(EditTarget::Timebox(step), &now)
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

    /// A list of items in an overlay: returns the new selected row.
    fn overlay_list(&mut self, action: Action, list: ListRef, row: usize) -> usize {
        let len = self.session().list(&list).map_or(0, Vec::len);
        let mut row = row.min(len.saturating_sub(1));
        if nav(&mut row, len, &action) {
            return row;
        }
        self.item_list_action(action, list, row).unwrap_or(row)
    }

    // ----- The mouse -----

    fn hit_at(&self, column: u16, row: u16) -> Option<Hit> {
        let p = Position { x: column, y: row };
        let overlay_open = self.view.overlay.is_some();
        self.hits
            .iter()
            .rev()
            .filter(|(_, h)| {
                !overlay_open || matches!(h, Hit::OverlayRow(_) | Hit::SwotItem { .. })
            })
            .find(|(r, _)| r.contains(p))
            .map(|(_, h)| *h)
    }

    fn click(&mut self, column: u16, row: u16) {
        let Some(hit) = self.hit_at(column, row) else {
            return;
        };
        let step = self.step();
        let sel = &mut self.view.sel;
        match hit {
            Hit::Step(n) => self.go_step(n),
            Hit::Pane(p) => {
                if Pane::order(self.step()).contains(&p) {
                    self.view.pane = p;
                }
            }
            Hit::Party(i) => {
                self.view.pane = Pane::Parties;
                sel.party = i;
            }
            Hit::GoalItem { party, list, item } => {
                if step == 2 {
                    sel.party = party;
                }
                if sel.goal_list != list {
                    sel.goal_item = 0;
                }
                sel.goal_list = list;
                if let Some(i) = item {
                    sel.goal_item = i;
                }
                self.view.pane = Pane::Goals;
            }
            Hit::Activity(i) => {
                sel.activity = i;
                self.view.pane = Pane::Activities;
            }
            Hit::TableCell { row, col } => {
                (sel.table_row, sel.table_col) = (row, col);
                self.view.pane = Pane::Table;
            }
            Hit::EvalCell { row, col } => {
                sel.eval_row = row;
                sel.eval_col = col
                    .saturating_sub(view::step4::FIRST_EDITABLE_COL)
                    .min(EVAL_COLS - 1);
                self.view.pane = Pane::Evaluation;
            }
            Hit::Improvement(i) => {
                sel.improvement = i;
                self.view.pane = Pane::Improvements;
            }
            Hit::IdeaCell { row, col } => {
                (sel.idea_row, sel.idea_col) = (row, col);
                self.view.pane = Pane::Ideas;
            }
            Hit::ActionCell { row, col } => {
                (sel.action_row, sel.action_col) = (row, col);
                self.view.pane = Pane::Actions;
            }
            Hit::OverlayRow(i) => self.select_row(i),
            Hit::Representatives(i) => {
                if let Some(p) = self.session().parties.get(i) {
                    self.view.overlay = Some(Overlay::Representatives {
                        party: p.id.clone(),
                        row: 0,
                    });
                }
            }
            Hit::SwotItem { quadrant, row } => {
                if let Some(Overlay::Swot {
                    quadrant: q,
                    row: r,
                    ..
                }) = &mut self.view.overlay
                {
                    if *q != quadrant {
                        *r = 0;
                    }
                    *q = quadrant;
                    if let Some(row) = row {
                        *r = row;
                    }
                }
            }
        }
    }

    /// The wheel moves the selection of the region under the mouse.
    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let step = if down { Action::Down } else { Action::Up };
        if let Some(Overlay::Help { .. }) = self.view.overlay {
            return self.update_overlay(step);
        }
        if self.view.overlay.is_some() {
            return self.update_overlay(step);
        }
        match self.hit_at(column, row) {
            Some(Hit::Step(_)) | None => {}
            Some(hit) => {
                self.click(column, row);
                if !matches!(hit, Hit::Pane(_))
                    || Pane::order(self.step()).contains(&self.view.pane)
                {
                    self.update_pane(step);
                }
            }
        }
    }
}

/// Up, down, top, bottom and page moves in a list of `len`; `true` if the action was one.
fn nav(sel: &mut usize, len: usize, action: &Action) -> bool {
    let last = len.saturating_sub(1);
    *sel = match action {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (*sel + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageUp => sel.saturating_sub(PAGE),
        Action::PageDown => (*sel + PAGE).min(last),
        _ => return false,
    };
    true
}

/// The partner before or after `from` (wrapping), skipping the host.
fn next_partner(s: &Session, from: usize, forward: bool) -> Option<usize> {
    let n = s.parties.len();
    let host = s.meta.host.as_ref();
    (1..n)
        .map(|k| {
            if forward {
                (from + k) % n
            } else {
                (from + n - k) % n
            }
        })
        .find(|&j| Some(&s.parties[j].id) != host)
}

/// Fields that must not be emptied (a thing needs a name); the rest may be.
fn needs_text(field: &TextField) -> bool {
    matches!(
        field,
        TextField::PartyName(_)
            | TextField::Item(_)
            | TextField::ActivityTitle(_)
            | TextField::ActionWhat(_)
            | TextField::IdeaName(_)
    )
}

/// The text a field holds now.
fn current_text(s: &Session, field: &TextField) -> Option<String> {
    use TextField::*;
    Some(match field {
        Title => s.meta.title.clone(),
        Venue => s.meta.venue.clone(),
        Facilitator => s.meta.facilitator.clone(),
        NextMeeting => s.meta.next_meeting.clone(),
        StepNotes(n) => s
            .meta
            .steps
            .get(usize::from(*n).checked_sub(1)?)?
            .notes
            .clone(),
        PartyName(p) => s.party(p)?.name.clone(),
        PartyKind(p) => s.party(p)?.kind.clone(),
        Item(i) => s.item(i)?.text.clone(),
        ActivityTitle(a) => s.activity(a)?.title.clone(),
        ActivityDescription(a) => s.activity(a)?.description.clone(),
        Role(a, p) => s.activity(a)?.participant(p)?.role.clone(),
        Benefit(a, p) => s.activity(a)?.participant(p)?.benefit.clone(),
        EvaluationComment(a, p) => s.activity(a)?.participant(p)?.evaluation.comment.clone(),
        ActionWhat(t) | ActionWho(t) | ActionDue(t) => {
            let t = s.action_items.iter().find(|x| &x.id == t)?;
            match field {
                ActionWhat(_) => t.what.clone(),
                ActionWho(_) => t.who.clone(),
                _ => t.due.clone(),
            }
        }
        IdeaName(x) | IdeaWhy(x) => {
            let x = s.expansion.iter().find(|i| &i.id == x)?;
            if matches!(field, IdeaName(_)) {
                x.name.clone()
            } else {
                x.why.clone()
            }
        }
    })
}
