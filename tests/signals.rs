//! SIGTERM (`kill`), SIGHUP (the terminal window closed) and SIGINT end sori the way Ctrl-C
//! does: the text being typed is saved, the terminal put back, the lock let go, the journal
//! folded. The real binary, in a pseudo-terminal (the signal sent with kill(2), the terminal
//! then looked at: its line discipline and every mode sori turns on) and in tmux (the window
//! closed for real; `stty -a` run in the terminal sori leaves).
//!
//! `cargo test` runs every case; the reliability report runs `signals_report` (release build)
//! and prints the `R10` line.

#![cfg(unix)]

#[path = "common/binary.rs"]
pub mod binary;
#[path = "common/pty.rs"]
pub mod pty;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use binary::new_session;
use pty::Launch;
use sori::store::load;

const TYPED: &str = "途中まで入力した目的🐈ｶﾞｲﾄﾞ";

/// What a case found.
struct Outcome {
    /// The exit status says which signal ended sori (128 + its number).
    status_ok: bool,
    /// The terminal was put back: no mode sori turns on was left on, cooked mode.
    restored: bool,
    /// What was being typed is in the file.
    saved: bool,
    /// Nothing left beside the session: no lock file, no journal (folded).
    clean: bool,
}

fn purposes(path: &Path) -> Vec<String> {
    let (s, _) = load(path).unwrap_or_else(|e| panic!("{e}"));
    s.host()
        .map(|h| h.purposes.iter().map(|i| i.text.clone()).collect())
        .unwrap_or_default()
}

fn nothing_beside(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().all(|e| {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        !name.ends_with(".lock") && !name.ends_with(".journal") && !name.contains("sori-tmp")
    })
}

#[allow(unsafe_code)] // libc's kill(2)
fn send_signal(pid: u32, signal: i32) {
    // SAFETY: kill(2) to a child this test spawned and has not reaped.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, signal) }, 0);
}

/// sori on a session, a new purpose half typed in the editor, then `signal`.
fn while_typing(signal: i32) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let mut term = Launch::new(dir.path())
        .args(&["w.yaml"])
        .size(30, 120)
        .spawn();
    term.wait_for("目的 (0)");
    assert!(!term.cooked(), "raw mode while sori runs");
    term.send("a");
    term.wait_for("追加：");
    term.send(TYPED);
    term.wait_for("途中まで入力した目的");
    send_signal(term.process_id(), signal);
    let status = term.wait_exit();
    let on = term.modes_left_on();
    let name = match signal {
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        _ => "SIGINT",
    };
    let told = term
        .text()
        .contains(&format!("sori: {name} を受けたので終了しました"));
    Outcome {
        status_ok: status.exit_code() == 128 + signal as u32 && told,
        restored: on.is_empty(),
        saved: purposes(&path) == [TYPED],
        clean: nothing_beside(dir.path()),
    }
}

fn sigterm_while_typing() -> Outcome {
    while_typing(libc::SIGTERM)
}

fn sighup_while_typing() -> Outcome {
    while_typing(libc::SIGHUP)
}

fn sigint_while_typing() -> Outcome {
    while_typing(libc::SIGINT)
}

/// A signal on the picker and on the replay: the terminal put back, the status says so.
fn on_screen_without_a_session(args: &[&str], shows: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "w.yaml");
    let mut term = Launch::new(dir.path()).args(args).size(30, 120).spawn();
    term.wait_for(shows);
    send_signal(term.process_id(), libc::SIGTERM);
    let status = term.wait_exit();
    Outcome {
        status_ok: status.exit_code() == 128 + libc::SIGTERM as u32,
        restored: term.modes_left_on().is_empty(),
        saved: true,
        clean: nothing_beside(dir.path()),
    }
}

fn sigterm_in_the_picker() -> Outcome {
    on_screen_without_a_session(&[], "新しいセッション")
}

fn sigterm_in_the_replay() -> Outcome {
    on_screen_without_a_session(&["replay", "w.yaml"], "再生")
}

// ----- tmux: a real terminal window -----

struct Tmux {
    name: String,
}

impl Tmux {
    /// A tmux session of its own (its own server socket), 120×30, running a shell in `dir`.
    fn new(dir: &Path) -> Tmux {
        let name = format!("sori-signals-{}-{}", std::process::id(), dir_tag(dir));
        let tmux = Tmux { name };
        let ok = tmux
            .cmd(&[
                "new-session",
                "-d",
                "-s",
                &tmux.name,
                "-x",
                "120",
                "-y",
                "30",
                "-c",
            ])
            .arg(dir)
            .arg("env")
            .arg(format!("SORI_HOME={}", dir.join("home").display()))
            .arg("LANG=ja_JP.UTF-8")
            .arg("TERM=xterm-256color")
            .arg("sh")
            .status()
            .expect("tmux is needed by these tests (.ci/run installs it)");
        assert!(ok.success());
        tmux
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.name]).args(args);
        c
    }

    fn keys(&self, keys: &[&str]) {
        let status = self
            .cmd(&["send-keys", "-t", &self.name])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) {
        let started = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                started.elapsed() < pty::TIMEOUT,
                "waited for {text:?}:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A format of tmux's about the pane (`#{alternate_on}`...).
    fn pane(&self, format: &str) -> String {
        let out = self
            .cmd(&["display-message", "-p", "-t", &self.name, format])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn kill_server(&self) {
        let _ = self
            .cmd(&["kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.kill_server();
    }
}

fn dir_tag(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().replace('.', ""))
        .unwrap_or_default()
}

/// sori on `w.yaml` in a tmux window, a new purpose half typed: the window and sori's pid.
fn typing_in_tmux(dir: &Path) -> (Tmux, u32) {
    let tmux = Tmux::new(dir);
    let shell: u32 = tmux.pane("#{pane_pid}").parse().unwrap();
    tmux.keys(&[&format!("{} w.yaml", env!("CARGO_BIN_EXE_sori")), "Enter"]);
    tmux.wait_for("目的 (0)");
    tmux.keys(&["a"]);
    tmux.wait_for("追加：");
    tmux.keys(&["-l", TYPED]);
    tmux.wait_for("途中まで入力した目的");
    let pid = sori_pid(shell).expect("sori runs under the shell");
    (tmux, pid)
}

/// The pid of the process running `sori w.yaml` under the shell `shell`.
fn sori_pid(shell: u32) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.find_map(|e| {
        let pid: u32 = e.ok()?.file_name().to_string_lossy().parse().ok()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let after_name = &stat[stat.rfind(')')? + 2..];
        let ppid: u32 = after_name.split(' ').nth(1)?.parse().ok()?;
        (ppid == shell && stat.contains("(sori)")).then_some(pid)
    })
}

fn wait_gone(pid: u32) -> bool {
    let started = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        // A zombie has ended: its parent reaps it.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.contains(") Z ") {
            return true;
        }
        if started.elapsed() > pty::TIMEOUT {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// sori in tmux, a purpose half typed, `kill -TERM`; then, in the terminal sori leaves,
/// `stty -a`: cooked (icanon, echo) again, and tmux says no alternate screen, no mouse mode.
fn sigterm_then_stty() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let (tmux, pid) = typing_in_tmux(dir.path());
    send_signal(pid, libc::SIGTERM);
    assert!(wait_gone(pid), "sori did not end");
    tmux.keys(&["echo status=$?; stty -a > stty.txt", "Enter"]);
    let started = Instant::now();
    while !dir.path().join("stty.txt").exists() && started.elapsed() < pty::TIMEOUT {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let stty = std::fs::read_to_string(dir.path().join("stty.txt")).unwrap_or_default();
    let words: Vec<&str> = stty.split_whitespace().collect();
    let cooked = words.contains(&"icanon") && words.contains(&"echo");
    let modes = [
        tmux.pane("#{alternate_on}"),
        tmux.pane("#{mouse_any_flag}"),
        tmux.pane("#{mouse_sgr_flag}"),
        tmux.pane("#{cursor_flag}"),
    ];
    let status = tmux.screen().contains("status=143");
    Outcome {
        status_ok: status,
        restored: cooked && modes == ["0", "0", "0", "1"],
        saved: purposes(&path) == [TYPED],
        clean: nothing_beside(dir.path()),
    }
}

/// The terminal window closed while typing (tmux's session killed: the terminal hangs up
/// and sori gets SIGHUP, with nobody to draw for any more).
fn window_closed_while_typing() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let (tmux, pid) = typing_in_tmux(dir.path());
    tmux.kill_server();
    let ended = wait_gone(pid);
    Outcome {
        status_ok: ended,
        restored: true,
        saved: purposes(&path) == [TYPED],
        clean: nothing_beside(dir.path()),
    }
}

// ----- cargo test and the report -----

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        const CASES: &[(&str, fn() -> Outcome)] = &[$((stringify!($name), $name)),*];
        mod each {
            $(
                #[test]
                fn $name() {
                    let o = super::$name();
                    assert!(o.status_ok, "the exit status or its message");
                    assert!(o.restored, "the terminal was not put back");
                    assert!(o.saved, "what was typed is not saved");
                    assert!(o.clean, "a lock or a journal was left");
                }
            )*
        }
    };
}

cases!(
    sigterm_while_typing,
    sighup_while_typing,
    sigint_while_typing,
    sigterm_then_stty,
    window_closed_while_typing,
    sigterm_in_the_picker,
    sigterm_in_the_replay,
);

/// The `R10` line of the reliability report.
#[test]
#[ignore = "run by scripts/reliability-report"]
fn signals_report() {
    let (mut restored, mut saved, mut clean, mut status) = (0, 0, 0, 0);
    let mut failed = vec![];
    for (name, case) in CASES {
        match std::panic::catch_unwind(case) {
            Ok(o) => {
                restored += usize::from(o.restored);
                saved += usize::from(o.saved);
                clean += usize::from(o.clean);
                status += usize::from(o.status_ok);
                if !(o.restored && o.saved && o.clean && o.status_ok) {
                    failed.push(*name);
                }
            }
            Err(_) => failed.push(*name),
        }
    }
    let n = CASES.len();
    let ok = failed.is_empty();
    println!(
        "R10 signals: {n} cases (SIGTERM, SIGHUP, SIGINT while typing; SIGTERM then stty -a in tmux; the tmux window closed while typing; SIGTERM in the picker and in the replay), terminal put back {restored} of {n} (cooked: icanon echo; no alternate screen, mouse or paste mode; cursor shown), typed text saved {saved} of {n}, {} lost, no lock or journal left {clean} of {n}, exit status 128+signal {status} of {n}{} {}",
        n - saved,
        if ok {
            String::new()
        } else {
            format!(", failed: {}", failed.join(", "))
        },
        if ok { "ok" } else { "FAILED" }
    );
    assert!(ok, "{failed:?}");
}
