//! The terminal: enter and leave the full-screen mode, put everything back on a panic, and
//! the event loop.
//!
//! The loop draws only after input or a timer tick and otherwise sleeps in `event::read`, so
//! an idle sori costs nothing. Keyboard-enhancement (kitty) flags are never pushed: with
//! them, the Enter that confirms an IME conversion would reach sori.

use std::io::{self, Write, stdout};
use std::sync::Once;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::style::Print;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::Rect;

use super::view::Drawn;

/// Mouse reporting: clicks and the wheel only (1000), in SGR encoding (1006). Not the
/// any-motion mode crossterm's `EnableMouseCapture` also turns on: moving the mouse over an
/// idle sori must not wake it.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
/// Every mouse mode off, including those another program may have left on.
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

/// A full-screen program the event loop runs: the workshop or the picker.
pub trait Tui {
    fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn;
    /// What the frame just drawn says (where clicks land).
    fn drawn(&mut self, drawn: Drawn);
    /// Returns whether to draw again.
    fn handle_event(&mut self, ev: Event) -> bool;
    /// How long to sleep without input; `None` until input comes.
    fn wakeup(&self, now: Instant) -> Option<Duration>;
    /// Time passed without input; returns whether to draw again.
    fn tick(&mut self) -> bool;
    fn done(&self) -> bool;
}

fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = stdout();
    // Cleared here rather than with `Terminal::clear`, which asks the terminal where its
    // cursor is: some terminals never answer, and sori would not start.
    execute!(
        out,
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableBracketedPaste,
        Print(MOUSE_ON)
    )
}

/// Put the terminal back as it was: mouse and paste modes off, the main screen, the cursor,
/// cooked mode. Safe to call more than once.
pub fn leave() -> io::Result<()> {
    let mut out = stdout();
    let _ = queue!(
        out,
        Print(MOUSE_OFF),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
    disable_raw_mode()
}

/// On a panic, restore the terminal before the message is printed, so the message is
/// readable and the shell usable. Every edit is already in the journal.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = leave();
            previous(info);
        }));
    });
}

/// Leaves the full screen when dropped, on every way out of `run`.
struct FullScreen;

impl Drop for FullScreen {
    fn drop(&mut self) {
        let _ = leave();
    }
}

/// Run a full-screen program until it is done.
pub fn run(app: &mut impl Tui) -> io::Result<()> {
    install_panic_hook();
    enter()?;
    let _full_screen = FullScreen;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let mut dirty = true;
    loop {
        if dirty {
            let mut drawn = None;
            terminal.draw(|frame| {
                let d = app.draw(frame.area(), frame.buffer_mut());
                if let Some(caret) = d.cursor {
                    // The real cursor at the caret: the IME's candidate window follows it.
                    frame.set_cursor_position(caret);
                }
                drawn = Some(d);
            })?;
            if let Some(d) = drawn {
                app.drawn(d);
            }
            dirty = false;
        }
        if app.done() {
            break;
        }
        let ready = match app.wakeup(Instant::now()) {
            Some(timeout) => event::poll(timeout)?,
            None => true,
        };
        if ready {
            dirty |= app.handle_event(event::read()?);
            // Take everything already waiting (a held key, a fast typist) before drawing.
            while !app.done() && event::poll(Duration::ZERO)? {
                dirty |= app.handle_event(event::read()?);
            }
        } else {
            dirty |= app.tick();
        }
    }
    Ok(())
}

impl Tui for super::app::App {
    fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        super::app::App::draw(self, area, buf)
    }
    fn drawn(&mut self, drawn: Drawn) {
        super::app::App::drawn(self, drawn)
    }
    fn handle_event(&mut self, ev: Event) -> bool {
        super::app::App::handle_event(self, ev)
    }
    fn wakeup(&self, now: Instant) -> Option<Duration> {
        super::app::App::wakeup(self, now)
    }
    fn tick(&mut self) -> bool {
        super::app::App::tick(self)
    }
    fn done(&self) -> bool {
        self.quit
    }
}
