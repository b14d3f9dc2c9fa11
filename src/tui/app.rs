//! The workshop screen's `App`: its life (a live document, a state to look at, a replay), the
//! changes it sends (`Document::commit` applies, journals and fsyncs each before returning),
//! and the one dispatch: every `Action` goes to the handler its keymap row's context names
//! (`App::route`), one file per pane or overlay in `app/`.
//!
//! To find what a key does: its row in `keymap::KEYMAP`, then the handler its context names
//! (`Handler::of` below; `Handler::file` gives the file), and there the `Action`'s arm.

mod action_items;
mod activities;
mod activity;
mod any_overlay;
mod changes;
mod checklists;
mod close_meeting;
mod editing;
mod evaluation;
mod goals;
mod help;
mod ideas;
mod improvements;
mod lists;
mod meeting;
mod meeting_lists;
mod menus;
mod messages;
mod mouse;
mod notes_waiting;
mod parties;
mod phones;
mod representatives;
mod swot;
mod table;
mod workshop;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event as TermEvent;
use ratatui::layout::Rect;

use crate::core::event::Event;
use crate::core::history::Origin;
use crate::core::session::{STEPS, Session};
use crate::core::stamp::Stamp;
use crate::i18n::files::FileText;
use crate::i18n::ui::Ui;
use crate::i18n::{Lang, fill};
use crate::replay::Timeline;
use crate::store::document::FOLD_AFTER;
use crate::store::minutes_files::{MinutesFiles, write_beside};
use crate::store::shared_view::{self, SharedView};
use crate::store::{CommitError, Document, Notice};

use super::input;
use super::keymap::{Action, Ctx, KEYMAP};
use super::refusal::refusal_text;
use super::state::{
    FileStatus, Message, Overlay, OverlayKind, Pane, SaveState, View, contexts, goal_party,
    selected_activity,
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
    /// The history's length when the minutes next to the session were last written (`x`, or
    /// found there on opening): when the session has changed since, quitting writes them
    /// again.
    minutes_at: Option<usize>,
    /// A fixed clock for tests; the machine's clock when `None`.
    pub fixed_clock: Option<Stamp>,
    /// What this console last told the room view it shows (`store::shared_view`).
    shared: Option<SharedView>,
    /// Steps whose running out was already told (the bell rings once per step).
    timebox_told: [bool; STEPS as usize],
    /// The terminal bell is to ring (the event loop takes it: `take_bell`).
    bell: bool,
    /// More input came right after the key being handled, faster than anyone types: a paste
    /// arriving as keys (`input_follows`).
    pasting: bool,
    /// The room's server and what the phones were told, while the room is open.
    room: Option<Box<phones::Room>>,
    /// Where the room's server hands contributions (tests); the event loop's inbox when `None`.
    pub room_deliver: Option<crate::room_server::Deliver>,
}

/// The messages overlay keeps this many messages.
const LOG_MAX: usize = 200;

/// The unit that handles an action: one file under `src/tui/app/` (or the replay's or the
/// picker's own). A keymap row's context names it (`Handler::of`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Handler {
    /// Keys of the whole workshop screen: steps, the timer, notes, the overlays they open, the
    /// minutes, help, quit (`Workshop`, `Global`).
    Workshop,
    /// Undo and redo (`Changes`).
    Changes,
    /// The editor's keys that end the editing: save what was typed, cancel (`Editor`).
    Editor,
    /// Moving, deleting, typing in the editor's text (`Editor`, `Action::edits_text`).
    TextEditor,
    /// Clicks and the wheel.
    Mouse,
    /// Keys of every overlay: close it, open the help over it (`Overlay`).
    AnyOverlay,
    /// The selected activity's keys, from any pane that shows it (`Activity`).
    Activity,
    /// The focused pane: its own context, and lists (`List`) and moving (`Nav`) in it.
    Pane(Pane),
    /// The open overlay: its own context, and lists, moving and checklists in it.
    Overlay(OverlayKind),
    /// The replay's own keys (`Replay`): `tui::replay::Player`.
    Replay,
    /// The session picker (`Picker`): `tui::picker::Picker`.
    Picker,
    /// The room view (`Room`): `tui::present::Presenter`.
    Room,
}

impl Handler {
    /// The handler of a keymap row (its context and action), on a screen whose focus is
    /// `focus` (the open overlay, else the pane with the focus).
    pub fn of(ctx: Ctx, action: &Action, focus: Handler) -> Handler {
        match ctx {
            Ctx::Editor if action.edits_text() => Handler::TextEditor,
            Ctx::Workshop | Ctx::Global => Handler::Workshop,
            Ctx::Changes => Handler::Changes,
            Ctx::Editor => Handler::Editor,
            Ctx::Overlay => Handler::AnyOverlay,
            Ctx::Activity => Handler::Activity,
            Ctx::Replay => Handler::Replay,
            Ctx::Picker => Handler::Picker,
            Ctx::Room => Handler::Room,
            Ctx::Help
            | Ctx::Confirm
            | Ctx::NotesWaiting
            | Ctx::List
            | Ctx::Nav
            | Ctx::Checklist
            | Ctx::RowChecklist
            | Ctx::Menu
            | Ctx::Swot
            | Ctx::ActionItems
            | Ctx::Meeting
            | Ctx::Representatives
            | Ctx::Parties
            | Ctx::Goals
            | Ctx::Table
            | Ctx::Evaluation
            | Ctx::Ideas
            | Ctx::Phones => focus,
        }
    }

    /// The file that says what this handler does with each of its actions.
    pub fn file(self) -> &'static str {
        match self {
            Handler::Workshop => "src/tui/app/workshop.rs",
            Handler::Changes => "src/tui/app/changes.rs",
            Handler::Editor => "src/tui/app/editing.rs",
            Handler::TextEditor => "src/tui/editor.rs",
            Handler::Mouse => "src/tui/app/mouse.rs",
            Handler::AnyOverlay => "src/tui/app/any_overlay.rs",
            Handler::Activity => "src/tui/app/activity.rs",
            Handler::Pane(pane) => match pane {
                Pane::Parties => "src/tui/app/parties.rs",
                Pane::Goals => "src/tui/app/goals.rs",
                Pane::Activities => "src/tui/app/activities.rs",
                Pane::Table => "src/tui/app/table.rs",
                Pane::Evaluation => "src/tui/app/evaluation.rs",
                Pane::Improvements => "src/tui/app/improvements.rs",
                Pane::Ideas => "src/tui/app/ideas.rs",
                Pane::Actions => "src/tui/app/action_items.rs",
            },
            Handler::Overlay(kind) => match kind {
                OverlayKind::Help => "src/tui/app/help.rs",
                OverlayKind::Messages => "src/tui/app/messages.rs",
                OverlayKind::Decisions | OverlayKind::ParkingLot | OverlayKind::MeetingList => {
                    "src/tui/app/meeting_lists.rs"
                }
                OverlayKind::CloseOnQuit => "src/tui/app/close_meeting.rs",
                OverlayKind::NotesWaiting => "src/tui/app/notes_waiting.rs",
                OverlayKind::ActionItems => "src/tui/app/action_items.rs",
                OverlayKind::Swot => "src/tui/app/swot.rs",
                OverlayKind::Links | OverlayKind::Participants => "src/tui/app/checklists.rs",
                OverlayKind::Meeting => "src/tui/app/meeting.rs",
                OverlayKind::Representatives => "src/tui/app/representatives.rs",
                OverlayKind::Menu => "src/tui/app/menus.rs",
                OverlayKind::Phones => "src/tui/app/phones.rs",
            },
            Handler::Replay => "src/tui/replay.rs",
            Handler::Picker => "src/tui/picker.rs",
            Handler::Room => "src/tui/present.rs",
        }
    }
}

impl App {
    /// The workshop on an open session, with what the user must hear about the opening.
    pub fn live(doc: Document, notices: Vec<Notice>, lang: Lang) -> App {
        let view = View::new(doc.session(), Stamp::now());
        // Minutes already beside the session were written from it: keep them up to date too.
        let minutes_at = MinutesFiles::beside(doc.path())
            .markdown
            .exists()
            .then(|| doc.history_len());
        let mut app = App {
            source: Source::Live(Box::new(doc)),
            view,
            lang,
            lang_follows_session: false,
            quit: false,
            hits: vec![],
            fold_at: None,
            quit_warned: false,
            minutes_at,
            fixed_clock: None,
            shared: None,
            timebox_told: [false; STEPS as usize],
            bell: false,
            pasting: false,
            room: None,
            room_deliver: None,
        };
        app.timebox_told = app.timeboxes_out();
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
            minutes_at: None,
            fixed_clock: None,
            shared: None,
            timebox_told: [true; STEPS as usize],
            bell: false,
            pasting: false,
            room: None,
            room_deliver: None,
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
            minutes_at: None,
            fixed_clock: None,
            shared: None,
            timebox_told: [true; STEPS as usize],
            bell: false,
            pasting: false,
            room: None,
            room_deliver: None,
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
                minutes_stale: self.minutes_stale(),
            },
            Source::Snapshot { name, .. } => FileStatus {
                name: name.clone(),
                state: SaveState::Snapshot,
                minutes_stale: false,
            },
            Source::Replay { name, .. } => FileStatus {
                name: name.clone(),
                state: SaveState::Replay,
                minutes_stale: false,
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

    /// Keep what a frame says about where clicks land, and tell the room view what the
    /// screen now shows. After the frame, not before: the write (a rename over the old view
    /// file, which some file systems make wait for the disk) never holds a key's change off
    /// the screen.
    pub fn drawn(&mut self, drawn: Drawn) {
        self.hits = drawn.hits;
        self.share_view();
    }

    /// Close the session: what is being typed is saved first (however the screen ended: a
    /// quit, a signal, a terminal gone); minutes written with `x` that the session has changed
    /// since are written again; then the journal is folded into the file; the room view hears
    /// that this console is gone. Returns what the user must still be told, the minutes
    /// rewritten among it (printed once the screen is gone).
    pub fn finish(mut self) -> Result<Vec<String>, String> {
        if self.view.editor.as_ref().is_some_and(|e| e.changed()) {
            self.save_editor();
        }
        // The room closes with the console: its server stops, its tokens are gone.
        self.room = None;
        let stale = self.minutes_stale();
        let lang = self.lang;
        let Source::Live(doc) = self.source else {
            return Ok(vec![]);
        };
        if self.shared.is_some() {
            shared_view::remove(doc.path());
        }
        let mut said = vec![];
        if stale {
            let written = write_beside(doc.path(), doc.session(), &doc.minutes_records(), lang);
            said.push(match written {
                Ok(files) => fill(
                    Ui::MinutesRewritten.text(lang),
                    &[(
                        "files",
                        &files
                            .each()
                            .into_iter()
                            .map(|(_, p)| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(Ui::ListSep.text(lang)),
                    )],
                ),
                Err(error) => fill(
                    Ui::MinutesFailed.text(lang),
                    &[("error", &error.to_string())],
                ),
            });
        }
        let (closed, notices) = doc.finish();
        closed.map(|()| {
            said.extend(notices.iter().map(|n| super::notices::notice_text(n, lang)));
            said
        })
    }

    /// Whether minutes written next to the session say less than the session does now.
    pub fn minutes_stale(&self) -> bool {
        match (&self.source, self.minutes_at) {
            (Source::Live(doc), Some(at)) => doc.history_len() != at,
            _ => false,
        }
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

    // ----- The room view -----

    /// What the console shows, for the room view: the step on screen, the selected activity,
    /// and the party being talked about (the partner shown in step 2, the table's or the
    /// evaluation's row under the cursor in steps 3 and 4).
    pub fn shared_view(&self) -> SharedView {
        let s = self.session();
        let step = self.step();
        let activity = selected_activity(s, &self.view).map(|i| &s.activities[i]);
        // The table's rows as the screen has them: the host's first.
        let row = |row: usize| {
            activity.and_then(|a| {
                let rows = s.table_rows(a);
                rows.get(row.min(rows.len().saturating_sub(1)))
                    .map(|p| p.party.clone())
            })
        };
        let party = match (step, self.view.pane) {
            (2, _) => goal_party(s, &self.view).map(|i| s.parties[i].id.clone()),
            (3, Pane::Table) => row(self.view.sel.table_row),
            (4, Pane::Evaluation) => row(self.view.sel.eval_row),
            _ => None,
        };
        SharedView {
            sori_view: shared_view::VERSION,
            step,
            activity: activity.map(|a| a.id.clone()),
            party,
            room: self.room_share(),
        }
    }

    /// Tell the room view (`sori present`) what the console shows, when that changed. Only
    /// the console that writes the session shares its view; a failure to write costs the
    /// room view its following, nothing else, and is tried again at the next change.
    pub fn share_view(&mut self) {
        let Source::Live(doc) = &self.source else {
            return;
        };
        if doc.is_read_only() {
            return;
        }
        let shared = self.shared_view();
        if self.shared.as_ref() != Some(&shared) && shared_view::write(doc.path(), &shared).is_ok()
        {
            self.shared = Some(shared);
        }
    }

    // ----- Input -----

    /// Handle a terminal event; returns whether the screen must be drawn again.
    pub fn handle_event(&mut self, ev: TermEvent) -> bool {
        let found = self.poll_document();
        if input::is_key_press(&ev) {
            self.view.message = None;
        }
        let typing = self.view.editor.is_some();
        let pasting = std::mem::take(&mut self.pasting);
        if let Some(action) = input::action(&ev, &contexts(&self.view), typing) {
            // An Enter with more text right behind it is a line break of a paste that came as
            // keys (no bracketed paste): the text stays in the editor, nothing runs as a key.
            let action = match action {
                Action::EdSave if pasting => Action::EdNewline,
                action => action,
            };
            self.update(action);
        }
        self.publish_room();
        found | input::redraws(&ev)
    }

    /// An action from another thread (the room's server): handled as a key would be, between
    /// keys. Returns whether to draw again.
    pub fn act(&mut self, action: Action) -> bool {
        self.update(action);
        self.publish_room();
        true
    }

    /// Whether the event loop should look for input right behind this event: an Enter while
    /// typing (see `input_follows`).
    pub fn wants_lookahead(&self, ev: &TermEvent) -> bool {
        self.view.editor.is_some()
            && matches!(ev, TermEvent::Key(key)
                if key.code == ratatui::crossterm::event::KeyCode::Enter
                    && key.kind != ratatui::crossterm::event::KeyEventKind::Release
                    && key.modifiers.is_empty())
    }

    /// More input arrived within `terminal::LOOKAHEAD` of the event about to be handled.
    pub fn input_follows(&mut self, more: bool) {
        self.pasting = more;
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
        self.publish_room();
        true
    }

    // ----- Changes -----

    /// Send an event to the document. `true` if the session changed.
    fn commit(&mut self, event: Event) -> bool {
        self.commit_from(event, None)
    }

    /// Send an event accepted from a phone in the room: its record says where it came from.
    fn commit_from(&mut self, event: Event, from: Option<Origin>) -> bool {
        let now = self.now();
        self.view.clock = now;
        let lang_before = self.session().meta.lang;
        let result = match &mut self.source {
            Source::Snapshot { .. } | Source::Replay { .. } => Err(CommitError::ReadOnly),
            Source::Live(doc) => doc.commit_from(event, now, from),
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

    /// Quit; while notes from the room's phones still wait (they are saved only once
    /// accepted), first ask about them (`notes_waiting.rs` takes the answer); then, after the
    /// last step, when the meeting's end is not recorded yet, whether to close the meeting
    /// (`close_meeting.rs`). A quit key pressed while a question is on screen answers it:
    /// quit without.
    fn request_quit(&mut self) {
        match self.view.overlay {
            Some(Overlay::NotesWaiting | Overlay::CloseOnQuit) => {}
            _ if self.notes_waiting() > 0 => {
                self.view.overlay = Some(Overlay::NotesWaiting);
                return;
            }
            _ => {}
        }
        self.quit_past_notes();
    }

    /// Quit, the phones' notes answered: ask whether to close the meeting first, when that
    /// applies.
    fn quit_past_notes(&mut self) {
        let asking = matches!(self.view.overlay, Some(Overlay::CloseOnQuit));
        if !asking
            && !self.read_only()
            && self.document().is_some()
            && crate::core::edits::close_on_quit(self.session())
        {
            self.view.clock = self.now();
            self.view.overlay = Some(Overlay::CloseOnQuit);
            return;
        }
        self.view.overlay = None;
        self.quit_now();
    }

    /// Quit, unless changes would be lost: changes that could not be written (a full disk, a
    /// stick pulled out) are tried once more, and if they still cannot be written the first
    /// quit says so and only a second one quits.
    fn quit_now(&mut self) {
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

    // ----- The one dispatch -----

    /// Where the screen sends an action: while the editor is open, to the editor; a click or
    /// the wheel to the mouse; a paste to the workshop (it adds to the focused list); a key's
    /// action to the handler of the first active context whose rows name it. `None`: nothing
    /// here does anything with it (a character typed with no editor open).
    pub fn route(&self, action: &Action) -> Option<Handler> {
        // A contribution from a phone waits in the queue whatever the screen shows.
        if let Action::Phone(_) = action {
            return Some(Handler::Overlay(OverlayKind::Phones));
        }
        if self.view.editor.is_some() {
            return Some(if action.edits_text() {
                Handler::TextEditor
            } else {
                Handler::Editor
            });
        }
        match action {
            Action::Click { .. } | Action::Scroll { .. } => return Some(Handler::Mouse),
            Action::Paste(_) => return Some(Handler::Workshop),
            Action::Type(_) | Action::Tick => return None,
            _ => {}
        }
        let ctx = contexts(&self.view)
            .into_iter()
            .find(|ctx| KEYMAP.iter().any(|b| b.ctx == *ctx && b.action == *action))?;
        Some(Handler::of(ctx, action, self.focus()))
    }

    /// The handler of the open overlay, else of the pane with the focus.
    fn focus(&self) -> Handler {
        match &self.view.overlay {
            Some(overlay) => Handler::Overlay(overlay.kind()),
            None => Handler::Pane(self.view.pane),
        }
    }

    /// The one update: the clock's tick here, every other action to its handler; then
    /// whether a timebox ran out (`tell_timebox_out`).
    pub fn update(&mut self, action: Action) {
        if action == Action::Tick {
            self.view.clock = self.now();
            if self.fold_at.is_some_and(|at| Instant::now() >= at) {
                self.fold();
            }
        } else if let Some(handler) = self.route(&action) {
            self.dispatch(handler, action);
        }
        self.tell_timebox_out();
    }

    /// Whether the terminal bell is to ring now (once: taking it clears it).
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.bell)
    }

    /// Give an action to a handler.
    fn dispatch(&mut self, handler: Handler, action: Action) {
        match handler {
            Handler::Workshop => workshop::update(self, action),
            Handler::Changes => changes::update(self, action),
            Handler::Editor => editing::update(self, action),
            Handler::TextEditor => {
                if let Some(editor) = &mut self.view.editor {
                    editor.apply(&action);
                }
            }
            Handler::Mouse => mouse::update(self, action),
            Handler::AnyOverlay => any_overlay::update(self, action),
            Handler::Activity => activity::update(self, action),
            Handler::Pane(pane) => match pane {
                Pane::Parties => parties::update(self, action),
                Pane::Goals => goals::update(self, action),
                Pane::Activities => activities::update(self, action),
                Pane::Table => table::update(self, action),
                Pane::Evaluation => evaluation::update(self, action),
                Pane::Improvements => improvements::update(self, action),
                Pane::Ideas => ideas::update(self, action),
                Pane::Actions => action_items::update(self, action),
            },
            Handler::Overlay(kind) => match kind {
                OverlayKind::Help => help::update(self, action),
                OverlayKind::Messages => messages::update(self, action),
                OverlayKind::Decisions | OverlayKind::ParkingLot | OverlayKind::MeetingList => {
                    meeting_lists::update(self, action);
                }
                OverlayKind::CloseOnQuit => close_meeting::update(self, action),
                OverlayKind::NotesWaiting => notes_waiting::update(self, action),
                OverlayKind::ActionItems => action_items::update(self, action),
                OverlayKind::Swot => swot::update(self, action),
                OverlayKind::Links | OverlayKind::Participants => checklists::update(self, action),
                OverlayKind::Meeting => meeting::update(self, action),
                OverlayKind::Representatives => representatives::update(self, action),
                OverlayKind::Menu => menus::update(self, action),
                OverlayKind::Phones => phones::update(self, action),
            },
            // The replay's, the picker's and the room view's keys are theirs (`Player::update`,
            // `Picker::update`, `Presenter::update`).
            Handler::Replay | Handler::Picker | Handler::Room => {}
        }
    }

    /// The workshop's keys, for the replay's `?` and `q`.
    pub(crate) fn workshop_action(&mut self, action: Action) {
        self.dispatch(Handler::Workshop, action);
    }
}

#[cfg(test)]
mod tests;
