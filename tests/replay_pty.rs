//! `sori replay` in a pseudo-terminal, as a facilitator preparing the next meeting uses it:
//! open a copy of a bundled example, step forward, jump to the end and back to the start, play
//! for a moment, pause, quit. The screen shows the timeline; the folder is as it was.

#![cfg(unix)]

use std::time::Duration;

#[path = "common/files.rs"]
pub mod files;
#[path = "common/pty.rs"]
pub mod pty;

use files::folder;

use pty::Term;

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
    let status = t.wait_exit();
    assert!(status.success(), "sori exited with {status:?}");
    assert!(!t.screen().alternate_screen(), "the terminal is put back");
    assert_eq!(folder(dir.path()), before, "no file written, none added");
}
