//! `sori replay` in a pseudo-terminal, as a facilitator preparing the next meeting uses it:
//! open a copy of a bundled example, step forward, jump to the end and back to the start, play
//! for a moment, pause, quit. The screen shows the timeline; the folder is as it was.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Term {
    fn spawn(dir: &Path, args: &[&str]) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sori"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("SORI_HOME", dir.join("home"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "ja_JP.UTF-8");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(24).unwrap(),
            NonZeroU16::new(80).unwrap(),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Term {
            parser,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows `text` (and the app has drawn it).
    fn wait_for(&mut self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!("waited for {text:?}; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "sori exited with {status:?}");
                // Let the reader take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!("sori did not quit; the screen is:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[allow(dead_code)]
    fn row_with(&self, text: &str) -> Option<(u16, String)> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        screen
            .rows(0, 80)
            .enumerate()
            .find(|(_, row)| row.contains(text))
            .map(|(i, row)| (i as u16, row))
    }
}

/// Every file in a folder with its bytes.
fn folder(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_facilitator_steps_through_plays_and_quits_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let example = sori::bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .unwrap();
    std::fs::write(dir.path().join("cats.yaml"), example.yaml).unwrap();
    let before = folder(dir.path());
    let (_, records) = sori::store::load(&dir.path().join("cats.yaml")).unwrap();
    let len = records.len();

    let mut t = Term::spawn(dir.path(), &["replay", "cats.yaml"]);
    let first = t.wait_for(&format!("0/{len} 記録の始まり"));
    assert!(first.contains("再生・読み取り専用"), "{first}");
    assert!(first.contains("●"), "the bar: {first}");
    // → one event forward.
    t.send("\x1b[C");
    t.wait_for(&format!("\n1/{len} "));
    t.send("\x1b[C");
    t.wait_for(&format!("\n2/{len} "));
    // End: the whole meeting.
    t.send("\x1b[F");
    let end = t.wait_for(&format!("{len}/{len} "));
    assert!(end.contains("━"), "the bar played: {end}");
    assert!(end.contains("▶5"), "the meeting ended in step 5: {end}");
    // Home: back to the start.
    t.send("\x1b[H");
    t.wait_for(&format!("0/{len} 記録の始まり"));
    // Space plays in the meeting's own pace, sped up; Space pauses.
    t.send("+ ");
    t.wait_for("再生中 600×");
    std::thread::sleep(Duration::from_millis(1500));
    t.send(" ");
    let paused = t.wait_for("停止中 600×");
    let moved = paused
        .lines()
        .find_map(|l| {
            l.split_once(&format!("/{len} "))
                .map(|(n, _)| n.trim().to_string())
        })
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap();
    assert!(moved > 0, "played some events: {paused}");
    // An edit key is refused with a word.
    t.send("a");
    t.wait_for("再生は読み取り専用です");
    t.send("q");
    t.wait_exit();
    {
        let parser = t.parser.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "the terminal is put back"
        );
    }
    assert_eq!(folder(dir.path()), before, "no file written, none added");
}
