//! The real `sori` binary without a terminal: a command run in a folder (also the parent of
//! `SORI_HOME`), Japanese locale, with a deadline so that a command that waits forever (on a
//! FIFO, say) fails the test instead of hanging it; and the session most of those tests start
//! from.
//!
//! Included by the tests that need it as `#[path = "common/binary.rs"] pub mod binary;`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// What a command did.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Run `sori ARGS` in `dir` with `env` added; fails the test if it has not ended within ten
/// seconds.
pub fn sori_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sori"));
    cmd.args(args)
        .current_dir(dir)
        .env("SORI_HOME", dir.join("home"))
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        cmd.env(key, value);
    }
    let child = cmd.spawn().unwrap();
    let pid = child.id();
    // Its output is read as it comes (a full pipe would stop it), on a thread of its own.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let Ok(out) = rx.recv_timeout(Duration::from_secs(10)) else {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("sori {args:?} hung");
    };
    let out = out.unwrap();
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn sori(dir: &Path, args: &[&str]) -> Ran {
    sori_with(dir, args, &[])
}

/// `sori new NAME --title 見守りの会 --host 社会福祉協議会 --party 町内会 --lang ja --no-open`.
/// Returns its path.
pub fn new_session(dir: &Path, name: &str) -> PathBuf {
    new_titled(dir, name, "見守りの会", &[])
}

/// `sori new`, as `new_session` does, with this title and more partners.
pub fn new_titled(dir: &Path, name: &str, title: &str, more_parties: &[&str]) -> PathBuf {
    let mut args = vec![
        "new",
        name,
        "--title",
        title,
        "--host",
        "社会福祉協議会",
        "--party",
        "町内会",
        "--lang",
        "ja",
        "--no-open",
    ];
    for party in more_parties {
        args.extend(["--party", party]);
    }
    let ran = sori(dir, &args);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    dir.join(name)
}
