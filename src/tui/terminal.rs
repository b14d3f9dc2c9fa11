//! The terminal: enter and leave the full-screen mode, put everything back on a panic, and
//! the event loop.
//!
//! The loop draws only after input or a timer tick and otherwise sleeps in `event::read`, so
//! an idle sori costs nothing. Keyboard-enhancement (kitty) flags are never pushed: with
//! them, the Enter that confirms an IME conversion would reach sori.

use std::backtrace::{Backtrace, BacktraceStatus};
use std::io::{self, Write, stdout};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, Once, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
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
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1015l\x1b[?1005l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

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
    /// Whether to ring the terminal bell now (a timebox ran out); taking it clears it.
    fn take_bell(&mut self) -> bool {
        false
    }
    /// Whether what follows this event matters to it: the loop then looks whether more input
    /// arrives within `LOOKAHEAD` and says so (`input_follows`) before handing it on.
    fn wants_lookahead(&self, _ev: &Event) -> bool {
        false
    }
    fn input_follows(&mut self, _more: bool) {}
}

/// Input that comes this soon after a key came faster than a person types: a paste without
/// bracketed paste (some terminals, remote sessions) arriving as keys.
pub const LOOKAHEAD: Duration = Duration::from_millis(10);

fn enter() -> io::Result<()> {
    // First: from here on a panic must find the terminal to put back.
    FULL_SCREEN.store(true, Ordering::SeqCst);
    kept_panic().take();
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
/// cooked mode. Does nothing when the full screen is not on (a second call, say).
pub fn leave() -> io::Result<()> {
    if !FULL_SCREEN.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
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

/// Whether the terminal is in sori's full-screen mode (between `enter` and `leave`).
static FULL_SCREEN: AtomicBool = AtomicBool::new(false);

/// The last panic while the full screen was on, in the words Rust prints it.
static KEPT_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn kept_panic() -> MutexGuard<'static, Option<String>> {
    KEPT_PANIC.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A panic while the full screen is on is not printed at once: on the alternate screen, in
/// raw mode, it would be unreadable and then wiped. Nor is the terminal put back there: the
/// panic may be caught (the store catches any panic of its YAML parser, on this thread or on
/// the thread that checks a long history) and the screen go on running. The message is kept;
/// a panic that unwinds out of `run` puts the terminal back on its way (`FullScreen::drop`),
/// then prints it on the main screen. (A panic that ends another thread is that thread's
/// owner's to report: the check of a long history turns it into a read-only session and a
/// message.) Every committed edit is already in the journal.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !FULL_SCREEN.load(Ordering::SeqCst) {
                return previous(info);
            }
            if cfg!(panic = "abort") {
                // Nothing will unwind: put the terminal back now.
                let _ = leave();
                return previous(info);
            }
            let thread = std::thread::current();
            let backtrace = Backtrace::capture();
            let trace = if backtrace.status() == BacktraceStatus::Captured {
                format!("stack backtrace:\n{backtrace}")
            } else {
                "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"
                    .to_string()
            };
            let name = thread.name().unwrap_or("<unnamed>");
            *kept_panic() = Some(format!("thread '{name}' {info}\n{trace}"));
        }));
    });
}

/// Leaves the full screen when dropped, on every way out of `run`; on the way out of a panic,
/// then prints the panic's message.
struct FullScreen;

impl Drop for FullScreen {
    fn drop(&mut self) {
        let _ = leave();
        if std::thread::panicking()
            && let Some(message) = kept_panic().take()
        {
            eprintln!("{message}");
        }
    }
}

/// Run a full-screen program until it is done.
pub fn run(app: &mut impl Tui) -> io::Result<()> {
    install_panic_hook();
    // Before `enter`, so that a failure halfway through it is put back too.
    let _full_screen = FullScreen;
    enter()?;
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
        if app.take_bell() {
            // BEL: the terminal beeps (or flashes), once.
            let mut out = stdout();
            out.write_all(b"\x07")?;
            out.flush()?;
        }
        if app.done() {
            break;
        }
        let ready = match app.wakeup(Instant::now()) {
            Some(timeout) => event::poll(timeout)?,
            None => true,
        };
        if ready {
            dirty |= take_event(app)?;
            // Take everything already waiting (a held key, a fast typist) before drawing.
            while !app.done() && event::poll(Duration::ZERO)? {
                dirty |= take_event(app)?;
            }
        } else {
            dirty |= app.tick();
        }
    }
    Ok(())
}

/// Read the next event and hand it to the program (telling it first, when it asks, whether
/// more input follows at once). Returns whether to draw again.
fn take_event(app: &mut impl Tui) -> io::Result<bool> {
    let ev = read_event()?;
    if app.wants_lookahead(&ev) {
        app.input_follows(event::poll(LOOKAHEAD)?);
    }
    Ok(app.handle_event(ev))
}

/// The next terminal event, through the test hook.
fn read_event() -> io::Result<Event> {
    let ev = event::read()?;
    panic_if_asked(&ev);
    Ok(ev)
}

/// The environment variable of the test hook below.
pub const PANIC_AT_KEY: &str = "SORI_TEST_PANIC_AT_KEY";

/// Test hook: with `SORI_TEST_PANIC_AT_KEY=N`, sori panics on the Nth key press it reads
/// (counted from its start, on every full screen), before acting on it. `tests/panic_recovery.rs`
/// runs the release binary with it, to prove that a panic in the middle of an edit puts the
/// terminal back and loses no edit. Unset, it costs one look at the environment per run and
/// one comparison per event.
fn panic_if_asked(ev: &Event) {
    static AT: OnceLock<Option<u64>> = OnceLock::new();
    static KEYS_READ: AtomicU64 = AtomicU64::new(0);
    let at = AT.get_or_init(|| std::env::var(PANIC_AT_KEY).ok()?.parse().ok());
    if let (Some(at), Event::Key(key)) = (*at, ev)
        && key.kind != KeyEventKind::Release
        && KEYS_READ.fetch_add(1, Ordering::Relaxed) + 1 == at
    {
        panic!("{PANIC_AT_KEY}={at}: the panic asked for, at key press {at}");
    }
}

impl Tui for super::app::App {
    fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        super::app::App::draw(self, area, buf)
    }
    fn drawn(&mut self, drawn: Drawn) {
        super::app::App::drawn(self, drawn);
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
    fn take_bell(&mut self) -> bool {
        super::app::App::take_bell(self)
    }
    fn wants_lookahead(&self, ev: &Event) -> bool {
        super::app::App::wants_lookahead(self, ev)
    }
    fn input_follows(&mut self, more: bool) {
        super::app::App::input_follows(self, more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store catches any panic of its YAML parser, also while the full screen is on: the
    /// screen must go on running, not be put back nor written over; the message is kept in
    /// case the panic does end sori after all.
    #[test]
    fn a_caught_panic_leaves_the_full_screen_alone() {
        install_panic_hook();
        // What `enter` records, without touching the terminal the tests run in.
        FULL_SCREEN.store(true, Ordering::SeqCst);
        let caught = std::panic::catch_unwind(|| panic!("パーサーの中で"));
        let still_on = FULL_SCREEN.swap(false, Ordering::SeqCst);
        assert!(caught.is_err());
        assert!(still_on, "the terminal was put back");
        let kept = kept_panic().take().unwrap();
        assert!(
            kept.starts_with("thread '")
                && kept.contains("panicked at src/tui/terminal.rs:")
                && kept.contains("\nパーサーの中で\n"),
            "{kept}"
        );
    }
}
