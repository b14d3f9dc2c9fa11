//! The terminal: enter and leave the full-screen mode, put everything back on a panic, and
//! the event loop.
//!
//! The loop draws only after input, a timer tick or a wake-up and otherwise sleeps on its
//! inbox, so an idle sori costs nothing. The inbox is fed by a thread that reads the terminal,
//! by a thread that catches signals, by whoever holds a `waker` (the folder watcher of an
//! open session), and by whoever holds an `action_sender` (the room's server: a contribution
//! from a phone is an action like a key, taken in turn). Keyboard-enhancement (kitty) flags
//! are never pushed: with them, the Enter that confirms an IME conversion would reach sori.
//!
//! SIGTERM (`kill`), SIGHUP (the terminal window closed) and SIGINT (Ctrl-C while the screen
//! is not in raw mode) end sori the way Ctrl-C does: the loop stops, the terminal is put back,
//! and the caller saves what is being typed, folds the journal and lets go of the lock
//! (`catch_signals`, `signal_received`). The terminal is read on its own thread because a
//! terminal that hangs up makes crossterm's read spin without returning: the loop still hears
//! the signal.

use std::backtrace::{Backtrace, BacktraceStatus};
use std::io::{self, Write, stdout};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, Once, OnceLock, PoisonError};
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

use super::keymap::Action;
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
    /// Something outside asked to be looked at (`waker`): the open file changed on disk, say.
    /// Returns whether to draw again.
    fn woken(&mut self) -> bool {
        false
    }
    /// An action from another thread (`action_sender`). Returns whether to draw again.
    fn act(&mut self, _action: Action) -> bool {
        false
    }
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

/// What wakes the event loop.
enum Input {
    Term(Event),
    /// One of the signals that end sori.
    Signal,
    /// The terminal was resized (SIGWINCH).
    Resized,
    Wake,
    /// An action from another thread: a contribution from a phone in the room.
    Act(Action),
    /// The terminal cannot be read any more.
    Failed(io::Error),
}

struct Inbox {
    tx: Sender<Input>,
    rx: Mutex<Receiver<Input>>,
    /// The thread that reads the terminal runs.
    reading: AtomicBool,
}

fn inbox() -> &'static Inbox {
    static INBOX: OnceLock<Inbox> = OnceLock::new();
    INBOX.get_or_init(|| {
        let (tx, rx) = channel();
        Inbox {
            tx,
            rx: Mutex::new(rx),
            reading: AtomicBool::new(false),
        }
    })
}

/// Something that wakes the event loop from any thread; the screen then looks at what
/// changed (`Tui::woken`).
pub fn waker() -> Arc<dyn Fn() + Send + Sync> {
    let tx = Mutex::new(inbox().tx.clone());
    Arc::new(move || {
        let _ = tx.lock().map(|tx| tx.send(Input::Wake));
    })
}

/// Something that hands the event loop an action from any thread (the room's server, with a
/// contribution from a phone): one more source of actions besides the terminal, taken in turn
/// with the keys (`Tui::act`).
pub fn action_sender() -> Arc<dyn Fn(Action) + Send + Sync> {
    let tx = Mutex::new(inbox().tx.clone());
    Arc::new(move |action| {
        let _ = tx.lock().map(|tx| tx.send(Input::Act(action)));
    })
}

/// Read the terminal on a thread of its own, for as long as the process runs (one thread,
/// whichever full screen is on): its events wait in the inbox.
fn start_reading() {
    if inbox().reading.swap(true, Ordering::SeqCst) {
        return;
    }
    let tx = inbox().tx.clone();
    std::thread::spawn(move || {
        let end = |e: io::Error| {
            inbox().reading.store(false, Ordering::SeqCst);
            let _ = tx.send(Input::Failed(e));
        };
        loop {
            if let Err(e) = wait_for_terminal_input() {
                return end(e);
            }
            // Input waits: take every event it makes.
            loop {
                match event::poll(Duration::ZERO) {
                    Ok(true) => match event::read() {
                        Ok(ev) => {
                            if tx.send(Input::Term(ev)).is_err() {
                                return;
                            }
                        }
                        Err(e) => return end(e),
                    },
                    Ok(false) => break,
                    Err(e) => return end(e),
                }
            }
        }
    });
}

/// Sleep until the terminal has input. A terminal that has hung up (its window closed) is an
/// error here, before crossterm would spin on it.
#[allow(unsafe_code)] // libc's poll(2): the one way to see a hang-up before crossterm reads
fn wait_for_terminal_input() -> io::Result<()> {
    #[cfg(unix)]
    {
        if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            // crossterm reads /dev/tty then; its own wait is the one to use.
            return event::poll(Duration::from_secs(3600)).map(drop);
        }
        loop {
            let mut fd = libc::pollfd {
                fd: 0,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: poll(2) on one pollfd that lives on this stack frame.
            let ready = unsafe { libc::poll(&mut fd, 1, -1) };
            if ready < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return Err(io::Error::other("the terminal is gone"));
            }
            if fd.revents & libc::POLLIN != 0 {
                return Ok(());
            }
        }
    }
    #[cfg(not(unix))]
    {
        event::poll(Duration::from_secs(3600)).map(drop)
    }
}

/// The signal that ended sori, once one has come (its number).
static SIGNALLED: AtomicI32 = AtomicI32::new(0);

/// From now on SIGTERM, SIGHUP and SIGINT end sori the way Ctrl-C does instead of killing it:
/// a full screen running stops at once (and one started later does not start), and the
/// caller, seeing `signal_received`, saves and closes before it exits. Called once, by the
/// commands that open a session on the screen, before they open it.
pub fn catch_signals() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
            let Ok(mut signals) =
                signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGWINCH])
            else {
                return;
            };
            let tx = inbox().tx.clone();
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    let input = if signal == SIGWINCH {
                        Input::Resized
                    } else {
                        SIGNALLED.store(signal, Ordering::SeqCst);
                        Input::Signal
                    };
                    let _ = tx.send(input);
                }
            });
        }
    });
}

/// The signal that ended sori, if one did: its number and name (`SIGTERM`).
pub fn signal_received() -> Option<(i32, &'static str)> {
    let signal = SIGNALLED.load(Ordering::SeqCst);
    #[cfg(unix)]
    let name = match signal {
        0 => return None,
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        _ => "a signal",
    };
    #[cfg(not(unix))]
    let name = match signal {
        0 => return None,
        _ => "a signal",
    };
    Some((signal, name))
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

/// Run a full-screen program until it is done, or a signal ends it (`catch_signals`).
pub fn run(app: &mut impl Tui) -> io::Result<()> {
    install_panic_hook();
    // Before `enter`, so that a failure halfway through it is put back too.
    let _full_screen = FullScreen;
    if signal_received().is_some() {
        return Ok(());
    }
    enter()?;
    start_reading();
    let inbox = inbox().rx.lock().unwrap_or_else(PoisonError::into_inner);
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let mut dirty = true;
    let mut pending = None;
    loop {
        if signal_received().is_some() {
            break;
        }
        if dirty {
            let mut drawn = None;
            terminal.draw(|frame| {
                let d = app.draw(frame.area(), frame.buffer_mut());
                panic_in_draw_if_asked(frame.buffer_mut());
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
        // An input taken early by a look-ahead (`take`) comes first.
        let next = match pending.take() {
            Some(input) => Ok(input),
            None => match app.wakeup(Instant::now()) {
                Some(timeout) => inbox.recv_timeout(timeout),
                None => inbox.recv().map_err(|_| RecvTimeoutError::Disconnected),
            },
        };
        match next {
            Ok(input) => {
                dirty |= take(app, input, &inbox, &mut pending)?;
                // Take everything already waiting (a held key, a fast typist) before drawing.
                while !app.done() && signal_received().is_none() {
                    let Some(input) = pending.take().or_else(|| inbox.try_recv().ok()) else {
                        break;
                    };
                    dirty |= take(app, input, &inbox, &mut pending)?;
                }
            }
            Err(RecvTimeoutError::Timeout) => dirty |= app.tick(),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the terminal's input stopped"));
            }
        }
    }
    Ok(())
}

/// One input for the program; returns whether to draw again. When the program asks what
/// follows a key (`Tui::wants_lookahead`), the next input is awaited for `LOOKAHEAD` and kept
/// in `pending`, to be taken next.
fn take(
    app: &mut impl Tui,
    input: Input,
    inbox: &Receiver<Input>,
    pending: &mut Option<Input>,
) -> io::Result<bool> {
    match input {
        Input::Term(ev) => {
            panic_if_asked(&ev);
            if app.wants_lookahead(&ev) {
                let next = inbox.recv_timeout(LOOKAHEAD).ok();
                app.input_follows(matches!(next, Some(Input::Term(_))));
                *pending = next;
            }
            Ok(app.handle_event(ev))
        }
        // The loop stops before it draws again.
        Input::Signal => Ok(false),
        Input::Resized => Ok(true),
        Input::Wake => Ok(app.woken()),
        Input::Act(action) => Ok(app.act(action)),
        Input::Failed(e) => Err(e),
    }
}

/// The environment variable of the test hook below.
pub const PANIC_AT_KEY: &str = "SORI_TEST_PANIC_AT_KEY";
/// The environment variable of the test hook that panics in the middle of drawing a frame.
pub const PANIC_AT_DRAW: &str = "SORI_TEST_PANIC_AT_DRAW";

/// Test hook: with `SORI_TEST_PANIC_AT_DRAW=TEXT`, sori panics while it draws the first frame
/// that shows TEXT (drawn into the buffer, not yet on the terminal): a frame is the screen's,
/// so a test says what it waits for rather than counting frames. Unset, it costs one look at
/// the environment per run and one comparison per frame.
fn panic_in_draw_if_asked(buf: &Buffer) {
    static TEXT: OnceLock<Option<String>> = OnceLock::new();
    let Some(text) = TEXT.get_or_init(|| std::env::var(PANIC_AT_DRAW).ok()) else {
        return;
    };
    if super::view::buffer_text(buf).contains(text.as_str()) {
        panic!("{PANIC_AT_DRAW}={text}: the panic asked for, in a frame showing it");
    }
}

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
    fn woken(&mut self) -> bool {
        self.poll_document()
    }
    fn act(&mut self, action: Action) -> bool {
        super::app::App::act(self, action)
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
