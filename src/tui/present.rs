//! `sori present`: the room view in a second window (on the projector), following the session
//! the console is changing. It reads the session and its journal as they change
//! (`store::peek::Follow`, woken by `store::watch`), follows what the console shows (the step,
//! the activity, the party being talked about: `store::shared_view`), redraws the timer each
//! second while it runs, and writes nothing: no lock, no journal, no file.
//!
//! Its keys (context `Room`) turn the pages; `Home` goes back to following the console. The
//! drawing is `view::room`.

use std::cell::Cell;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event as TermEvent;
use ratatui::layout::Rect;

use super::input;
use super::keymap::{Action, Ctx};
use super::state::ThemeName;
use super::terminal::Tui;
use super::view::room::{self, Room, RoomDrawn};
use super::view::{Drawn, Theme};
use crate::core::session::{Lang, Session};
use crate::core::stamp::Stamp;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::store::LoadError;
use crate::store::peek::Follow;
use crate::store::shared_view::{self, SharedView};
use crate::store::watch::SessionWatch;

/// How often the room view looks whether the watcher saw a change (and so the most it adds
/// to the time an edit takes to reach the room).
pub const LOOK_EVERY: Duration = Duration::from_millis(25);

pub struct Presenter {
    follow: Follow,
    watch: SessionWatch,
    /// What the console last said it shows.
    shared: Option<SharedView>,
    lang: Lang,
    /// No `--lang` chose the language: it follows the session's.
    lang_follows_session: bool,
    theme: Theme,
    /// The page the room turned to; `None`: the page of the party being talked about.
    page: Option<usize>,
    help: bool,
    quit: bool,
    /// Why the session on screen is not the latest (it did not read).
    notice: Option<String>,
    /// The pages of the last frame drawn.
    drawn: Cell<RoomDrawn>,
    /// The second the timer showed in the last frame, while it runs.
    shown_second: Cell<Option<i64>>,
    /// A fixed clock for tests; the machine's when `None`.
    pub fixed_clock: Option<Stamp>,
}

/// The room view of a session: what `sori present` draws, and `sori render --room`.
pub fn room<'a>(
    session: &'a Session,
    shared: Option<&'a SharedView>,
    (lang, theme): (Lang, Theme),
    clock: Stamp,
    page: Option<usize>,
) -> Room<'a> {
    let step = shared.map_or(session.meta.step, |v| v.step).clamp(1, 5);
    let activity = shared
        .and_then(|v| v.activity.as_ref())
        .and_then(|id| session.activities.iter().position(|a| &a.id == id));
    Room {
        session,
        lang,
        theme,
        clock,
        step,
        activity,
        party: shared.and_then(|v| v.party.as_ref()),
        page,
        help: false,
        notice: None,
        codes: shared
            .and_then(|v| v.room.as_ref())
            .map(|room| room.codes.as_slice()),
    }
}

impl Presenter {
    /// The room view of the session at `path`, as it stands now. `lang`: `--lang`, if given.
    pub fn open(path: &Path, lang: Option<Lang>, theme: ThemeName) -> Result<Presenter, LoadError> {
        let follow = Follow::open(path)?;
        let watch = SessionWatch::new(path);
        let shared = shared_view::read(path);
        Ok(Presenter {
            lang: lang.unwrap_or(follow.session().meta.lang),
            lang_follows_session: lang.is_none(),
            follow,
            watch,
            shared,
            theme: Theme::new(theme),
            page: None,
            help: false,
            quit: false,
            notice: None,
            drawn: Cell::new(RoomDrawn::default()),
            shown_second: Cell::new(None),
            fixed_clock: None,
        })
    }

    pub fn session(&self) -> &Session {
        self.follow.session()
    }

    /// How the files are watched (for the tests and the report).
    pub fn watch_mode(&self) -> crate::store::watch::WatchMode {
        self.watch.mode()
    }

    fn now(&self) -> Stamp {
        self.fixed_clock.unwrap_or_else(Stamp::now)
    }

    fn contexts(&self) -> Vec<Ctx> {
        if self.help {
            vec![Ctx::Help, Ctx::Global]
        } else {
            vec![Ctx::Room, Ctx::Global]
        }
    }

    /// Read again what changed on disk: the session, its journal, the console's view.
    /// Returns whether to draw again.
    pub fn look(&mut self) -> bool {
        let mut changed = false;
        match self.follow.refresh() {
            Ok(read) => {
                changed |= read || self.notice.is_some();
                self.notice = None;
            }
            Err(e) => {
                let text = fill(
                    Ui::RoomCannotRead.text(self.lang),
                    &[("error", &e.to_string())],
                );
                changed |= self.notice.as_ref() != Some(&text);
                self.notice = Some(text);
            }
        }
        if self.lang_follows_session {
            self.lang = self.session().meta.lang;
        }
        let shared = shared_view::read(self.follow.path());
        if shared != self.shared {
            // The console moved on: the room follows it again.
            self.shared = shared;
            self.page = None;
            changed = true;
        }
        changed
    }

    /// The room's keys: pages, the help, quit. Nothing here changes the session.
    pub fn update(&mut self, action: Action) {
        if self.help {
            match action {
                Action::Close | Action::Help => self.help = false,
                Action::Quit => self.quit = true,
                // The help is one short box: nothing to scroll.
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {}
                _ => {}
            }
            return;
        }
        let drawn = self.drawn.get();
        let last = drawn.pages.saturating_sub(1);
        match action {
            Action::PageDown | Action::Scroll { down: true, .. } => {
                self.page = Some((drawn.page + 1).min(last));
            }
            Action::PageUp | Action::Scroll { down: false, .. } => {
                self.page = Some(drawn.page.saturating_sub(1));
            }
            Action::Top => self.page = None,
            Action::Help => self.help = true,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    pub fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        let clock = self.now();
        let mut r = room(
            self.session(),
            self.shared.as_ref(),
            (self.lang, self.theme),
            clock,
            self.page,
        );
        r.help = self.help;
        r.notice = self.notice.as_deref();
        self.drawn.set(room::draw(&r, area, buf));
        self.shown_second
            .set(self.timer_running().then(|| clock.unix_seconds()));
        Drawn::default()
    }

    fn timer_running(&self) -> bool {
        let s = self.session();
        let step = self.shared.as_ref().map_or(s.meta.step, |v| v.step);
        s.meta
            .steps
            .get(usize::from(step.clamp(1, 5)) - 1)
            .is_some_and(|st| st.running_since.is_some())
    }
}

impl Tui for Presenter {
    fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        Presenter::draw(self, area, buf)
    }
    fn drawn(&mut self, _: Drawn) {}
    fn handle_event(&mut self, ev: TermEvent) -> bool {
        if let Some(action) = input::action(&ev, &self.contexts(), false) {
            self.update(action);
        }
        input::redraws(&ev)
    }
    fn wakeup(&self, _now: Instant) -> Option<Duration> {
        Some(LOOK_EVERY)
    }
    fn tick(&mut self) -> bool {
        let changed = self.watch.changed() && self.look();
        // The timer's next second.
        let second = self.now().unix_seconds();
        changed || self.shown_second.get().is_some_and(|shown| shown != second)
    }
    fn done(&self) -> bool {
        self.quit
    }
}

/// Run the room view of the session at `path` until the room quits.
pub fn run(path: &Path, lang: Option<Lang>, theme: ThemeName) -> Result<(), String> {
    let mut presenter = Presenter::open(path, lang, theme).map_err(|e| e.to_string())?;
    super::terminal::run(&mut presenter).map_err(|e: io::Error| e.to_string())
}
