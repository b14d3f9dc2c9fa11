//! Closing the meeting through the real binary in a pseudo-terminal: `E` records the end (the
//! running step timer stops there, `u` takes it back), quitting after step 5 asks whether to
//! record it (y records, n does not, Esc goes back), and the minutes written with `x` are
//! written again on quitting when the session has changed since.

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use std::path::{Path, PathBuf};

use pty::Term;
use sori::core::event::*;
use sori::core::session::{Lang, ListRef, Session, TextField};
use sori::core::{By, Event, Stamp};
use sori::store::Document;
use sori::testkit::{Fixed, SessionBuilder};

/// A meeting in step `step`, its timer running since an hour before now (so a close stops it
/// with about an hour spent).
fn meeting(dir: &Path, name: &str, step: u8) -> PathBuf {
    let hour_ago = Stamp::now().plus_seconds(-3600);
    let mut b = SessionBuilder::new(Fixed(hour_ago.plus_seconds(-60)));
    for event in [
        Event::SetStart(SetStart {
            start: Some(hour_ago),
        }),
        Event::SetLang(SetLang { lang: Lang::Ja }),
        Event::SetText(SetText {
            field: TextField::Title,
            text: "猫の会".into(),
        }),
        Event::SetStep(SetStep { step }),
        Event::SetTimer(SetTimer {
            step,
            spent_sec: 0,
            running_since: Some(hour_ago),
        }),
    ] {
        b.commit(event);
    }
    b.item(ListRef::Decisions, "一斉捕獲は7月");
    let (session, history) = b.into_parts();
    let path = dir.join(name);
    Document::create(&path, session, history)
        .unwrap()
        .close()
        .unwrap();
    path
}

/// Esc alone: a key sent right after it would read as Alt and that key.
fn esc(t: &mut Term) {
    t.send("\x1b");
    std::thread::sleep(std::time::Duration::from_millis(300));
}

fn load(path: &Path) -> (Session, Vec<sori::core::Record>) {
    sori::store::load(path).unwrap()
}

#[test]
fn e_closes_the_meeting_and_u_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = meeting(dir.path(), "w.yaml", 3);
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for("猫の会");
    t.send("E");
    let screen = t.wait_for("閉会を記録しました");
    assert!(screen.contains("取り消しは u"), "{screen}");
    // In the file at once, with the timer stopped at the close.
    let (s, _) = load(&path);
    let end = s.meta.end.expect("the end is recorded");
    assert!(end.seconds_since(&Stamp::now()).abs() < 60, "{end}");
    let step = &s.meta.steps[2];
    assert!(step.running_since.is_none(), "the timer stopped");
    assert!((3590..3700).contains(&step.spent_sec), "{}", step.spent_sec);
    // The end is in the meeting's details, and undo takes it back as one change.
    t.send("I");
    t.wait_for("閉会");
    esc(&mut t);
    t.send("u");
    t.wait_for("元に戻しました");
    t.send("q");
    assert!(t.wait_exit().success(), "step 3: q quits without asking");
    let (s, records) = load(&path);
    assert_eq!(s.meta.end, None);
    assert!(
        s.meta.steps[2].running_since.is_some(),
        "the timer runs again"
    );
    assert_eq!(records.last().unwrap().by, Some(By::Undo));
    assert!(
        matches!(&records[records.len() - 2].event, Event::Batch(events)
            if events.iter().any(|e| matches!(e, Event::SetEnd(_)))),
        "one change: the timer and the end"
    );
}

#[test]
fn quitting_after_step_5_asks_to_close_the_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let path = meeting(dir.path(), "w.yaml", 5);

    // Esc goes back to the meeting; n quits without recording the end.
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for("猫の会");
    t.send("q");
    let asked = t.wait_for("閉会として終了時刻");
    assert!(
        asked.contains("y 記録して終了 · n 記録せず終了 · Esc 戻る"),
        "{asked}"
    );
    esc(&mut t);
    assert!(!t.text().contains("閉会として終了時刻"), "{}", t.text());
    assert!(
        t.text().contains("拡大のアイデア"),
        "back at the meeting: {}",
        t.text()
    );
    t.send("q");
    t.wait_for("閉会として終了時刻");
    t.send("n");
    assert!(t.wait_exit().success());
    assert_eq!(load(&path).0.meta.end, None);

    // y records the end (and stops the timer), then quits.
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for("猫の会");
    t.send("q");
    t.wait_for("閉会として終了時刻");
    t.send("y");
    assert!(t.wait_exit().success());
    let (s, _) = load(&path);
    let end = s.meta.end.expect("recorded on quitting");
    assert!(end.seconds_since(&Stamp::now()).abs() < 60, "{end}");
    assert!(s.meta.steps[4].running_since.is_none());
    // The minutes end then, whatever happens to the file later.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(["export", path.to_str().unwrap()])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        sori::export::model::meeting_end(&s, s.meta.start),
        Some(end)
    );
    let start = s.meta.start.unwrap();
    let end_local = Stamp::from_unix(end.unix_seconds(), start.offset_seconds());
    let when = md.lines().find(|l| l.starts_with("- **日時**")).unwrap();
    assert!(when.ends_with(&end_local.hm()), "{when}");

    // Once the end is recorded, q quits without asking.
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for("猫の会");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn minutes_written_with_x_are_written_again_on_quitting_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = meeting(dir.path(), "w.yaml", 2);
    let md = dir.path().join("w.minutes.md");
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for("猫の会");
    t.send("x");
    t.wait_for("議事録を書き出しました");
    let before = std::fs::read_to_string(&md).unwrap();
    assert!(!before.contains("回覧は来月"), "{before}");
    // A decision after the minutes were written: the status line says they will be rewritten.
    t.send("D");
    t.wait_for("決定事項 (1)");
    t.send("a");
    t.send("回覧は来月\r");
    t.wait_for("決定事項 (2)");
    esc(&mut t);
    t.wait_for("議事録は終了時に更新");
    t.send("q");
    assert!(t.wait_exit().success());
    let after = std::fs::read_to_string(&md).unwrap();
    assert!(after.contains("- 回覧は来月"), "{after}");
    let screen = t.text();
    assert!(screen.contains("議事録を更新しました"), "{screen}");
    assert!(screen.contains("w.minutes.md"), "{screen}");
    // The Word file too.
    let docx = std::fs::read(dir.path().join("w.minutes.docx")).unwrap();
    assert!(docx.starts_with(b"PK"));
    let (s, records) = load(&path);
    let expected = sori::export::export(
        &s,
        &records,
        sori::export::Options {
            format: sori::export::Format::Docx,
            lang: Lang::Ja,
            excel: false,
        },
    );
    assert_eq!(docx, expected, "the Word file says what the session says");

    // Opened again without a change: the minutes are left as they are.
    let stamp = std::fs::metadata(&md).unwrap().modified().unwrap();
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for("猫の会");
    t.send("q");
    assert!(t.wait_exit().success());
    assert_eq!(std::fs::metadata(&md).unwrap().modified().unwrap(), stamp);
    assert!(!t.text().contains("議事録を更新しました"));

    // Minutes already beside a session count as written: a change in a later run updates
    // them on quitting too.
    let mut t = Term::spawn(dir.path(), &["w.yaml"]);
    t.wait_for("猫の会");
    t.send("D");
    t.wait_for("決定事項 (2)");
    t.send("a");
    t.send("次回は9月\r");
    t.wait_for("決定事項 (3)");
    esc(&mut t);
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("- 次回は9月")
    );
}
