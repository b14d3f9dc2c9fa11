//! The imperative shell: the terminal, the event loop and the screens.
//!
//! - `keymap`: every key as data, (context, key) → `Action`; the help is made from it.
//! - `app`: the workshop's `App` and its one `update(Action)`; changes go through
//!   `Document::commit`.
//! - `state`: the view state (focus, selection, overlay, editor), plain data.
//! - `edits`: the events the screen sends, built from the session (pure).
//! - `view`: drawing, one file per region; `view::render_workshop` draws a session without a
//!   terminal or a document (replay, `sori render`).
//! - `editor`: the text editor (grapheme-aware caret for Japanese text).
//! - `terminal`: enter/leave the terminal, panic hook, event loop.
//! - `picker`: the session picker.
//! - `text`: making session text safe to show, wrapping by display width.

pub mod app;
pub mod editor;
pub mod edits;
pub mod keymap;
pub mod picker;
pub mod state;
pub mod terminal;
pub mod text;
pub mod view;

use std::io;
use std::path::PathBuf;

use crate::core::session::Lang;
use crate::store::{Document, Notice};

pub use app::{App, Source};
pub use state::View;
pub use view::{buffer_text, render_workshop, render_workshop_into};

/// Run the live workshop screen on an open session until the facilitator quits; then fold
/// the journal into the file.
pub fn run_workshop(doc: Document, notices: Vec<Notice>, lang: Lang) -> io::Result<()> {
    let mut app = App::live(doc, notices, lang);
    let result = terminal::run(&mut app);
    let closed = app.finish().map_err(io::Error::other);
    result.and(closed)
}

/// The picker shown by `sori` with no arguments: returns the session to open, if any.
pub fn run_picker(lang: Lang) -> io::Result<Option<PathBuf>> {
    let mut picker = picker::Picker::new(lang);
    terminal::run(&mut picker)?;
    Ok(picker.chosen)
}
