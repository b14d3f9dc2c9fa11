//! The real `sori` binary in a pseudo-terminal, seen through a vt100 parser, as a facilitator's
//! terminal would show it: send keys, wait for text on the screen, look at the terminal's modes
//! and at every byte sori wrote, wait for the exit or kill it.
//!
//! Included by the tests that need it as `#[path = "common/pty.rs"] pub mod pty;`: a `pub`
//! module of the test crate, so the helpers one test does not use are not dead code.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// The community-cats example as `w.yaml` in `dir`, where a console and a room view started
/// there find it.
pub fn community_cats_in(dir: &Path) -> std::path::PathBuf {
    let example = sori::bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .expect("the community-cats example");
    let path = dir.join("w.yaml");
    std::fs::write(&path, example.yaml).unwrap();
    path
}

/// How long `wait_for` and `wait_exit` wait before they fail the test.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// How to start sori: in `dir` (also the parent of `SORI_HOME`), 80×24, `TERM=xterm-256color`,
/// the language from `LANG=ja_JP.UTF-8` (`LC_ALL` and `LC_MESSAGES` removed).
pub struct Launch {
    dir: PathBuf,
    /// A program that runs sori (`setpriv --reuid=…`), with its arguments; none: sori itself.
    wrapper: Vec<String>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    rows: u16,
    cols: u16,
}

impl Launch {
    pub fn new(dir: &Path) -> Launch {
        Launch {
            dir: dir.to_path_buf(),
            wrapper: vec![],
            args: vec![],
            env: vec![],
            rows: 24,
            cols: 80,
        }
    }

    /// Run sori through another program (its arguments, then sori's path and arguments).
    pub fn through(mut self, wrapper: &[&str]) -> Launch {
        self.wrapper = wrapper.iter().map(|a| a.to_string()).collect();
        self
    }

    pub fn args(mut self, args: &[&str]) -> Launch {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// One more environment variable (or another value for one of the defaults).
    pub fn env(mut self, key: &str, value: &str) -> Launch {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn size(mut self, rows: u16, cols: u16) -> Launch {
        self.rows = rows;
        self.cols = cols;
        self
    }

    pub fn spawn(self) -> Term {
        self.spawn_with_callbacks(())
    }

    /// With vt100 callbacks that see what sori asks of the terminal besides drawing (title,
    /// clipboard, bell).
    pub fn spawn_with_callbacks<C: vt100::Callbacks + Send + 'static>(
        self,
        callbacks: C,
    ) -> Term<C> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: self.rows,
                cols: self.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = match self.wrapper.split_first() {
            Some((program, rest)) => {
                let mut cmd = CommandBuilder::new(program);
                cmd.args(rest);
                cmd.arg(env!("CARGO_BIN_EXE_sori"));
                cmd
            }
            None => CommandBuilder::new(env!("CARGO_BIN_EXE_sori")),
        };
        cmd.args(&self.args);
        cmd.cwd(&self.dir);
        cmd.env("SORI_HOME", self.dir.join("home"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "ja_JP.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            NonZeroU16::new(self.rows).unwrap(),
            NonZeroU16::new(self.cols).unwrap(),
            0,
            callbacks,
        )));
        let raw = Arc::new(Mutex::new(vec![]));
        let arrived = Arc::new(Condvar::new());
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (p, r, a) = (parser.clone(), raw.clone(), arrived.clone());
        let (done, read_all) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Ends when the last holder of the terminal's other side (sori) is gone.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
                a.notify_all();
            }
            let _ = done.send(());
        });
        let writer = pair.master.take_writer().unwrap();
        Term {
            parser,
            raw,
            arrived,
            read_all,
            writer,
            child,
            master: pair.master,
        }
    }
}

/// sori running in a pseudo-terminal. Dropping it kills sori if it still runs.
pub struct Term<C: vt100::Callbacks = ()> {
    parser: Arc<Mutex<vt100::Parser<C>>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Told when more output has been read (and parsed).
    arrived: Arc<Condvar>,
    read_all: Receiver<()>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Term {
    /// sori with `args`, 80×24, in `dir` (see `Launch`).
    pub fn spawn(dir: &Path, args: &[&str]) -> Term {
        Launch::new(dir).args(args).spawn()
    }
}

impl<C: vt100::Callbacks> Term<C> {
    /// Type: the bytes as a terminal sends them for keys (`\r` Enter, `\x1b[C` →, text as
    /// UTF-8, `\x1b[200~…\x1b[201~` a paste).
    pub fn send(&mut self, bytes: &str) {
        self.send_bytes(bytes.as_bytes());
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// The screen's text, row after row.
    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The screen as it is now: cells, cursor, modes (alternate screen, mouse, paste).
    pub fn screen(&self) -> vt100::Screen {
        self.parser.lock().unwrap().screen().clone()
    }

    /// The parser itself (its callbacks, say). Do not hold it while waiting.
    pub fn parser(&self) -> MutexGuard<'_, vt100::Parser<C>> {
        self.parser.lock().unwrap()
    }

    /// Every byte sori wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// How many bytes sori wrote so far.
    pub fn output_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Wait until sori has written more than `seen` bytes (they are on the screen then), or
    /// until `until`; returns how many it wrote so far. Wakes as soon as output is read, not
    /// at the next poll: for timing what sori shows.
    pub fn wait_output(&self, seen: usize, until: Instant) -> usize {
        let mut raw = self.raw.lock().unwrap();
        while raw.len() <= seen {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            raw = self.arrived.wait_timeout(raw, left).unwrap().0;
        }
        raw.len()
    }

    /// The first row that contains `text`: its number and its text.
    pub fn row_with(&self, text: &str) -> Option<(u16, String)> {
        let screen = self.screen();
        let (_, cols) = screen.size();
        screen
            .rows(0, cols.get())
            .enumerate()
            .find(|(_, row)| row.contains(text))
            .map(|(i, row)| (i as u16, row))
    }

    /// Wait until the screen shows `text`; returns the screen's text. Fails the test with
    /// the screen after `TIMEOUT`, or at once if sori exits first.
    pub fn wait_for(&mut self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.text();
            if screen.contains(text) {
                return screen;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                // What it printed last may still be on its way.
                let _ = self.read_all.recv_timeout(Duration::from_secs(5));
                let screen = self.text();
                if screen.contains(text) {
                    return screen;
                }
                panic!("waited for {text:?}, sori exited ({status:?}); the screen is:\n{screen}");
            }
            if start.elapsed() > TIMEOUT {
                self.kill();
                panic!("waited for {text:?}; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until sori exits and everything it wrote has been read; its exit status (not
    /// checked here). Fails the test with the screen after `TIMEOUT`.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let left = TIMEOUT.saturating_sub(start.elapsed());
                if self.read_all.recv_timeout(left).is_err() {
                    // Something else holds the terminal (a child of sori?): take what came.
                    eprintln!("the terminal stayed open after sori exited");
                }
                return status;
            }
            if start.elapsed() > TIMEOUT {
                self.kill();
                panic!("sori did not exit; the screen is:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: sori gets no chance to do anything. `wait_exit` then reaps it.
    #[allow(unsafe_code)] // libc's kill(2)
    pub fn kill(&mut self) {
        if let Some(pid) = self.child.process_id() {
            // SAFETY: kill(2) with a pid this test spawned and has not reaped yet.
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
        }
    }

    pub fn process_id(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// The terminal's line discipline settings, as sori left them (`ICANON` and `ECHO` are
    /// off in raw mode). The pseudo-terminal's two sides share them.
    #[allow(unsafe_code)] // libc's tcgetattr(3)
    pub fn termios(&self) -> libc::termios {
        let fd = self.master.as_raw_fd().unwrap();
        // SAFETY: tcgetattr fills the zeroed struct; `fd` is the master, open while `self` is.
        unsafe {
            let mut termios: libc::termios = std::mem::zeroed();
            assert_eq!(
                libc::tcgetattr(fd, &mut termios),
                0,
                "tcgetattr: {}",
                std::io::Error::last_os_error()
            );
            termios
        }
    }

    /// Whether the terminal is in cooked mode: lines edited by the terminal, keys echoed.
    pub fn cooked(&self) -> bool {
        let lflag = self.termios().c_lflag;
        lflag & libc::ICANON != 0 && lflag & libc::ECHO != 0
    }

    /// The modes sori turns on that are still on (none once the terminal is put back): the
    /// alternate screen, mouse reporting and its SGR encoding, bracketed paste, the hidden
    /// cursor, raw mode.
    pub fn modes_left_on(&self) -> Vec<&'static str> {
        use vt100::{MouseProtocolEncoding, MouseProtocolMode};
        let screen = self.screen();
        [
            (screen.alternate_screen(), "the alternate screen"),
            (
                screen.mouse_protocol_mode() != MouseProtocolMode::None,
                "mouse reporting",
            ),
            (
                screen.mouse_protocol_encoding() != MouseProtocolEncoding::Default,
                "the SGR mouse encoding",
            ),
            (screen.bracketed_paste(), "bracketed paste"),
            (screen.hide_cursor(), "the hidden cursor"),
            (!self.cooked(), "raw mode"),
        ]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect()
    }
}

impl<C: vt100::Callbacks> Drop for Term<C> {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.kill();
            let _ = self.child.wait();
        }
    }
}
