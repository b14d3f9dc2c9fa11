//! The real binary in a pseudo-terminal, as a facilitator would use it: create a session, type
//! a purpose in Japanese, paste a block of lines, change step, undo once, quit; then the saved
//! file, the last screen, the terminal put back, and the purpose there on reopening.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use sori::core::By;
use sori::text::width;

const PURPOSE: &str = "野良猫のトラブルを減らしたい";
const PASTED: &str = "一行目：餌やりのルールがない\n二行目：苦情が町内会に集まる";

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
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
        let raw = Arc::new(Mutex::new(vec![]));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Term {
            parser,
            raw,
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

#[test]
fn a_facilitator_creates_types_pastes_changes_step_undoes_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(
        dir.path(),
        &[
            "new",
            "w.yaml",
            "--title",
            "地域猫",
            "--host",
            "地域猫の会",
            "--party",
            "町内会",
            "--party",
            "保健所",
            "--lang",
            "ja",
        ],
    );
    t.wait_for("目的 (0)");
    // The focus is in the host's purposes: a, type, Enter.
    t.send("a");
    t.wait_for("追加：目的");
    t.send(PURPOSE);
    t.wait_for(PURPOSE);
    // The terminal's cursor sits right after the typed text (the IME window follows it).
    let (row, line) = t.row_with(PURPOSE).unwrap();
    let start = width(&line[..line.find(PURPOSE).unwrap()]) as u16;
    let (cy, cx) = t.parser.lock().unwrap().screen().cursor_position();
    assert_eq!((cy, cx), (row, start + width(PURPOSE) as u16), "caret");
    t.send("\r");
    t.wait_for("目的 (1)");
    // A multi-line block arrives whole through bracketed paste; Enter saves it as one item.
    t.send(&format!(
        "a\x1b[200~{}\x1b[201~",
        PASTED.replace('\n', "\r")
    ));
    t.wait_for("二行目：苦情が町内会に集まる");
    t.send("\r");
    t.wait_for("目的 (2)");
    t.send("]");
    t.wait_for("▶2 相手");
    t.send("u");
    let last = t.wait_for("元に戻しました");
    assert!(last.contains("▶1 自分"), "{last}");
    assert!(last.contains(PURPOSE), "{last}");
    assert!(last.contains("一行目：餌やりのルールがない"), "{last}");
    assert!(last.contains("✓ 保存済み"), "{last}");
    t.send("q");
    t.wait_exit();

    // The terminal is as it was: main screen, no bracketed paste, no mouse reporting.
    {
        let parser = t.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen());
        assert!(!screen.bracketed_paste());
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
        assert!(!screen.hide_cursor());
    }
    let raw = String::from_utf8_lossy(&t.raw.lock().unwrap()).into_owned();
    assert!(
        !raw.contains("\x1b[>"),
        "no keyboard-enhancement flags pushed"
    );

    // The saved file: both purposes under the host, step 1 (the step change undone).
    let path = dir.path().join("w.yaml");
    let (session, records) = sori::store::load(&path).unwrap();
    let host = session.host().unwrap();
    assert_eq!(host.name, "地域猫の会");
    let purposes: Vec<&str> = host.purposes.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(purposes, [PURPOSE, PASTED]);
    assert_eq!(session.meta.step, 1);
    assert_eq!(records.last().unwrap().by, Some(By::Undo));
    assert!(
        !dir.path().join("w.yaml.journal").exists(),
        "folded on quit"
    );

    // Reopening shows the purpose.
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for(PURPOSE);
    t.send("q");
    t.wait_exit();
}

#[test]
fn the_picker_opens_a_new_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--lang", "ja"]);
    t.wait_for("新しいセッション");
    t.send("\r");
    t.wait_for("新しいセッションのタイトル");
    t.send("子ども食堂の語り合う場\r");
    t.wait_for("主催の関係者");
    t.send("楽笑\r");
    t.wait_for("目的 (0)");
    let screen = t.screen();
    assert!(screen.contains("楽笑（主催）"), "{screen}");
    t.send("q");
    t.wait_exit();
    let sessions = sori::store::listing::list_sessions(&dir.path().join("home").join("sessions"));
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].title, "子ども食堂の語り合う場");
    assert_eq!(sessions[0].parties, ["楽笑"]);
}
