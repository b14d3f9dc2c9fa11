//! The imperative shell: the terminal, the event loop and the screens.
//!
//! - `keymap`: every key as data, (context, key) → `Action`; the help is made from it.
//! - `input`: a terminal event as an `Action`, for every screen.
//! - `app`: the workshop's `App`, its life and its one dispatch: each action to the handler its
//!   keymap context names, one file per pane or overlay in `app/`; changes go through
//!   `Document::commit`.
//! - `state`: the view state (focus, selection, overlay, editor), plain data.
//! - `typed`: what was typed for a start time or a timebox, read.
//! - `refusal`: a change the core refused, in the catalog's words.
//! - `notices`: what the store tells the user (a recovery, a conflict, a read-only folder), in
//!   the catalog's words.
//! - `view`: drawing, one file per region; `view::render_workshop` draws a session without a
//!   terminal or a document (replay, `sori render`).
//! - `editor`: the text editor (grapheme-aware caret for Japanese text).
//! - `terminal`: enter/leave the terminal, panic hook, event loop.
//! - `picker`: the session picker.
//! - `print`: a drawn screen as text (`sori render`), plain or with SGR colours.
//! - `replay`: the replay screen (`sori replay`): the workshop read-only, with a timeline.
//! - `present`: the room view (`sori present`): a second, read-only window for the projector
//!   that follows the session the console changes.
//! - `text`: making session text safe to show, wrapping by display width.

pub mod app;
pub mod editor;
pub mod input;
pub mod keymap;
pub mod notices;
pub mod picker;
pub mod present;
pub mod print;
pub mod refusal;
pub mod replay;
pub mod state;
pub mod terminal;
pub mod typed;

pub mod view;

use std::io;
use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::session::{Lang, Session};
use crate::core::stamp::Stamp;
use crate::replay::Timeline;
use crate::store::{self, Document, Notice};

pub use app::{App, Source};
pub use state::{ThemeName, View};
pub use view::{buffer_text, render_workshop, render_workshop_into};

/// Run the live workshop screen on an open session until the facilitator quits; then fold
/// the journal into the file.
/// `lang_follows_session`: no `--lang` chose the screen's language, so when the session's
/// language is changed (or a change of it undone) the screen follows.
pub fn run_workshop(
    mut doc: Document,
    notices: Vec<Notice>,
    lang: Lang,
    lang_follows_session: bool,
    theme: ThemeName,
    room: Option<crate::room_server::Bind>,
) -> io::Result<()> {
    // Another program changing the file wakes the screen, which then says what happened.
    doc.watch(terminal::waker());
    let mut app = App::live(doc, notices, lang);
    app.lang_follows_session = lang_follows_session;
    app.view.theme = theme;
    // `sori open --room`: the room opens with the console, its codes on screen.
    if let Some(bind) = room
        && app.open_room(bind)
    {
        app.update(keymap::Action::Phones);
        app.share_view();
    }
    // However the screen ends (a quit, a signal, a terminal gone, an error), what is typed
    // and what is in the journal are saved.
    let result = terminal::run(&mut app);
    let closed = app.finish().map_err(io::Error::other);
    if let Ok(messages) = &closed {
        use std::io::Write;
        let mut err = io::stderr().lock();
        for message in messages {
            // The terminal may be gone (SIGHUP): nothing to do about a failed write.
            let _ = writeln!(err, "sori: {}", crate::text::clean_line(message));
        }
    }
    result.and(closed.map(drop))
}

/// Replay a history until the user quits. Writes nothing. A history read in the background
/// (`Timeline::reading`) that turns out not to read ends the replay with the reason, as an
/// error.
pub fn run_replay(
    timeline: Timeline,
    name: String,
    lang: Lang,
    theme: ThemeName,
) -> io::Result<()> {
    let mut app = App::replay(timeline, name, lang);
    app.view.theme = theme;
    let mut player = replay::Player::new(app);
    terminal::run(&mut player)?;
    match player.timeline().failed() {
        Some(why) => Err(io::Error::other(why.to_string())),
        None => Ok(()),
    }
}

/// The workshop screen of a session as `sori render` draws it: its own step or `step`, the
/// timer counted to now, colours only when asked.
pub fn render_screen(
    session: &Session,
    step: Option<u8>,
    (color, theme): (bool, ThemeName),
    lang: Lang,
    name: &str,
    (width, height): (u16, u16),
) -> Buffer {
    let mut view = View::new(session, Stamp::now());
    show_step(&mut view, session, step);
    view.color = color;
    view.theme = theme;
    render_workshop(session, &view, lang, name, width, height)
}

/// The room view of a session as `sori render --room` draws it: what the console shows now
/// (its view file), else the session's own step; `page` from 0 (else the page of the party
/// being talked about).
pub fn render_room(
    session: &Session,
    shared: Option<&store::shared_view::SharedView>,
    (color, theme): (bool, ThemeName),
    lang: Lang,
    page: Option<usize>,
    (width, height): (u16, u16),
) -> Buffer {
    let theme = view::Theme { color, name: theme };
    let room = present::room(session, shared, (lang, theme), Stamp::now(), page);
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    view::room::draw(&room, buf.area, &mut buf);
    buf
}

/// The replay screen after `at` events, as `sori render --at` draws it.
pub fn render_replay(
    timeline: Timeline,
    at: usize,
    step: Option<u8>,
    (color, theme): (bool, ThemeName),
    lang: Lang,
    name: &str,
    (width, height): (u16, u16),
) -> Result<Buffer, crate::replay::Broken> {
    let mut player = replay::Player::new(App::replay(timeline, name.to_string(), lang));
    player.seek_checked(at)?;
    if let Some(step) = step {
        player.update(keymap::Action::GoStep(step));
    }
    player.app.view.color = color;
    player.app.view.theme = theme;
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    player.draw(buf.area, &mut buf);
    Ok(buf)
}

/// Look at `step` rather than the session's own.
fn show_step(view: &mut View, session: &Session, step: Option<u8>) {
    if let Some(step) = step {
        view.step = Some(step);
        view.pane = state::Pane::first(step);
        if step == 2
            && let Some(i) = state::partner_at_or_after(session, view.sel.party)
        {
            view.sel.party = i;
        }
    }
}

/// The picker shown by `sori` with no arguments: returns the session to open, if any.
pub fn run_picker(lang: Lang, theme: ThemeName) -> io::Result<Option<PathBuf>> {
    let mut picker = picker::Picker::new(lang, theme);
    terminal::run(&mut picker)?;
    Ok(picker.chosen)
}
