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
//! - `view`: drawing, one file per region; `view::render_workshop` draws a session without a
//!   terminal or a document (replay, `sori render`).
//! - `editor`: the text editor (grapheme-aware caret for Japanese text).
//! - `terminal`: enter/leave the terminal, panic hook, event loop.
//! - `picker`: the session picker.
//! - `print`: a drawn screen as text (`sori render`), plain or with SGR colours.
//! - `replay`: the replay screen (`sori replay`): the workshop read-only, with a timeline.
//! - `text`: making session text safe to show, wrapping by display width.

pub mod app;
pub mod editor;
pub mod input;
pub mod keymap;
pub mod picker;
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
use crate::store::{Document, Notice};

pub use app::{App, Source};
pub use state::View;
pub use view::{buffer_text, render_workshop, render_workshop_into};

/// Run the live workshop screen on an open session until the facilitator quits; then fold
/// the journal into the file.
/// `lang_follows_session`: no `--lang` chose the screen's language, so when the session's
/// language is changed (or a change of it undone) the screen follows.
pub fn run_workshop(
    doc: Document,
    notices: Vec<Notice>,
    lang: Lang,
    lang_follows_session: bool,
) -> io::Result<()> {
    let mut app = App::live(doc, notices, lang);
    app.lang_follows_session = lang_follows_session;
    let result = terminal::run(&mut app);
    let said = app.finish().map_err(io::Error::other)?;
    {
        use std::io::Write;
        let mut out = io::stdout().lock();
        for line in said {
            let _ = writeln!(out, "{}", crate::text::clean_line(&line));
        }
    }
    result
}

/// Replay a history until the user quits. Writes nothing.
pub fn run_replay(timeline: Timeline, name: String, lang: Lang) -> io::Result<()> {
    let mut player = replay::Player::new(App::replay(timeline, name, lang));
    terminal::run(&mut player)
}

/// The workshop screen of a session as `sori render` draws it: its own step or `step`, the
/// timer counted to now, colours only when asked.
pub fn render_screen(
    session: &Session,
    step: Option<u8>,
    color: bool,
    lang: Lang,
    name: &str,
    (width, height): (u16, u16),
) -> Buffer {
    let mut view = View::new(session, Stamp::now());
    show_step(&mut view, session, step);
    view.color = color;
    render_workshop(session, &view, lang, name, width, height)
}

/// The replay screen after `at` events, as `sori render --at` draws it.
pub fn render_replay(
    timeline: Timeline,
    at: usize,
    step: Option<u8>,
    color: bool,
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
pub fn run_picker(lang: Lang) -> io::Result<Option<PathBuf>> {
    let mut picker = picker::Picker::new(lang);
    terminal::run(&mut picker)?;
    Ok(picker.chosen)
}
