//! Keys typed into a screen, as the terminal sends them, and the screen read back as text: the
//! one way the tests and the benchmarks drive the workshop (`App`), the replay (`Player`) and
//! the picker.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use crate::tui::terminal::Tui;
use crate::tui::view::buffer_text;

/// A key pressed without modifiers.
pub fn key(screen: &mut impl Tui, code: KeyCode) {
    screen.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Each character of `text` pressed as a key (a capital is the shifted letter, as the terminal
/// sends it).
pub fn keys(screen: &mut impl Tui, text: &str) {
    for c in text.chars() {
        key(screen, KeyCode::Char(c));
    }
}

/// Ctrl and a letter.
pub fn ctrl(screen: &mut impl Tui, c: char) {
    screen.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// Draw the screen at `width`×`height` (keeping where clicks land, as the terminal's loop does)
/// and read it as text, a line per row.
pub fn screen_text(screen: &mut impl Tui, width: u16, height: u16) -> String {
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    let drawn = screen.draw(buf.area, &mut buf);
    screen.drawn(drawn);
    buffer_text(&buf)
}
