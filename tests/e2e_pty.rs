//! The real binary in a pseudo-terminal, as a facilitator would use it: create a session, type
//! a purpose in Japanese, paste a block of lines, change step, undo once (the paste, not the
//! step change), quit; then the saved file, the last screen, the terminal put back, and the
//! purpose there on reopening.

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use pty::Term;
use sori::core::By;
use sori::text::width;

const PURPOSE: &str = "野良猫のトラブルを減らしたい";
const PASTED: &str = "一行目：餌やりのルールがない\n二行目：苦情が町内会に集まる";

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
    let (cy, cx) = t.screen().cursor_position();
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
    // Undo is "my last change": the paste, not the step change, which stays.
    t.send("u");
    let last = t.wait_for("の追加を元に戻しました");
    assert!(last.contains("▶2 相手"), "{last}");
    assert!(last.contains("「一行目：餌やりのルールがない"), "{last}");
    assert!(last.contains("✓ 保存済み"), "{last}");
    t.send("1");
    let last = t.wait_for("▶1 自分");
    assert!(last.contains(PURPOSE), "{last}");
    assert!(!last.contains("一行目：餌やりのルールがない"), "{last}");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "sori exited with {status:?}");

    // The terminal is as it was: main screen, no bracketed paste, no mouse reporting.
    let screen = t.screen();
    assert!(!screen.alternate_screen());
    assert!(!screen.bracketed_paste());
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    assert!(!screen.hide_cursor());
    assert!(t.cooked(), "raw mode off");
    let raw = String::from_utf8_lossy(&t.raw()).into_owned();
    assert!(
        !raw.contains("\x1b[>"),
        "no keyboard-enhancement flags pushed"
    );

    // The saved file: the typed purpose under the host (the paste undone), step 1 where the
    // facilitator is, step 2 as far as the meeting got.
    let path = dir.path().join("w.yaml");
    let (session, records) = sori::store::load(&path).unwrap();
    let host = session.host().unwrap();
    assert_eq!(host.name, "地域猫の会");
    let purposes: Vec<&str> = host.purposes.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(purposes, [PURPOSE]);
    assert_eq!((session.meta.step, session.meta.progress()), (1, 2));
    let undone = records.iter().rev().find(|r| r.by.is_some()).unwrap();
    assert_eq!(undone.by, Some(By::Undo));
    let added = records
        .iter()
        .find(|r| matches!(&r.event, sori::core::Event::AddItem(e) if e.text == PASTED));
    assert!(added.is_some(), "the paste is in the history, whole");
    assert!(
        !dir.path().join("w.yaml.journal").exists(),
        "folded on quit"
    );

    // Reopening shows the purpose.
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for(PURPOSE);
    t.send("q");
    assert!(t.wait_exit().success());
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
    // Then the partners, one by one; Enter on an empty line creates the session.
    t.wait_for("相手の関係者 1");
    t.send("町内会\r");
    let screen = t.wait_for("相手の関係者 2");
    assert!(screen.contains("相手：町内会"), "{screen}");
    t.send("漁協\r");
    t.wait_for("相手：町内会、漁協");
    t.send("\r");
    t.wait_for("目的 (0)");
    let screen = t.text();
    assert!(screen.contains("楽笑（主催）"), "{screen}");
    assert!(
        screen.contains("町内会") && screen.contains("漁協"),
        "{screen}"
    );
    t.send("q");
    assert!(t.wait_exit().success());
    let sessions = sori::store::listing::list_sessions(&dir.path().join("home").join("sessions"));
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].title, "子ども食堂の語り合う場");
    assert_eq!(sessions[0].parties, ["楽笑", "町内会", "漁協"]);
    // Named after its date and title.
    let name = sessions[0]
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let date = sessions[0].start.unwrap().ymd();
    assert_eq!(name, format!("{date} 子ども食堂の語り合う場.yaml"));
}

/// `f` on a recent session in the picker makes its follow-up meeting and opens it.
#[test]
fn the_picker_makes_the_follow_up_of_a_recent_session() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_sori"))
        .args([
            "new",
            "--title",
            "地域猫の語り合う場（第1回）",
            "--host",
            "地域猫の会",
            "--start",
            "2026-12-03 14:00",
            "--next",
            "2027-01-22 14:00",
            "--lang",
            "ja",
            "--no-open",
        ])
        .env("SORI_HOME", dir.path().join("home"))
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let mut t = Term::spawn(dir.path(), &["--lang", "ja"]);
    t.wait_for("地域猫の語り合う場（第1回）");
    t.send("f");
    t.wait_for("次の回を作る会議");
    // The first row is "new session": f asks for a recent one.
    t.send("j");
    t.send("f");
    let screen = t.wait_for("↻ 前回から");
    assert!(screen.contains("地域猫の会（主催）"), "{screen}");
    t.send("q");
    assert!(t.wait_exit().success());
    let path = dir
        .path()
        .join("home/sessions/2027-01-22 地域猫の語り合う場（第2回）.yaml");
    let (s, _) = sori::store::load(&path).unwrap();
    assert_eq!(s.meta.title, "地域猫の語り合う場（第2回）");
    assert_eq!(s.meta.start.unwrap().ymd(), "2027-01-22");
    assert_eq!(s.previous.unwrap().title, "地域猫の語り合う場（第1回）");
}
