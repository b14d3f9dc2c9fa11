//! The console and the room view on one session, each in a pseudo-terminal of its own, as a
//! facilitator runs a meeting with a projector: the real binaries, keys typed into the console,
//! the room view read back. An edit, a step change, the row the facilitator is on and the
//! timer's seconds reach the room; the room's own keys turn its pages; the room writes nothing.
//! Once with the system's file notifications, once polling (`SORI_TEST_WATCH=poll`).
//! How fast an edit reaches the room is measured in `scripts/bench-report` (P10).

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use pty::{Launch, Term, community_cats_in as session};

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Wait until the screen no longer shows `text`; returns the screen.
fn wait_gone(term: &mut Term, text: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let screen = term.text();
        if !screen.contains(text) {
            return screen;
        }
        assert!(
            start.elapsed() < pty::TIMEOUT,
            "{text:?} stayed on the screen:\n{screen}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn room(dir: &std::path::Path, watch: &str) -> Term {
    let launch = Launch::new(dir).args(&["present", "w.yaml"]).size(24, 80);
    let launch = if watch == "poll" {
        launch.env("SORI_TEST_WATCH", "poll")
    } else {
        launch
    };
    launch.spawn()
}

#[test]
fn the_room_view_follows_the_console() {
    for watch in ["notify", "poll"] {
        let dir = tempfile::tempdir().unwrap();
        let path = session(dir.path());
        let mut console = Launch::new(dir.path())
            .args(&["open", "w.yaml"])
            .size(24, 80)
            .spawn();
        console.wait_for("▶5 拡大");
        let mut room = room(dir.path(), watch);
        room.wait_for("▶5 拡大");
        let view = dir.path().join("w.yaml.view");
        assert!(view.exists(), "{watch}: the console shares what it shows");

        // A step change.
        console.send("1");
        console.wait_for("▶1 自分");
        room.wait_for("▶1 自分のしたいことの明確化");

        // An edit: the facilitator adds the host's purpose; the room shows it.
        console.send("a");
        console.wait_for("追加：目的");
        console.send("プロジェクターに映す目的");
        console.wait_for("プロジェクターに映す目的");
        assert!(
            !room.text().contains("プロジェクターに映す目的"),
            "{watch}: nothing is seen before it is saved"
        );
        console.send("\r");
        room.wait_for("プロジェクターに映す目的");

        // The row the facilitator is on in the 相利評価表, on the room's page.
        console.send("3");
        room.wait_for("▶3 企画・実施");
        console.send("\t");
        console.wait_for("[相利評価表");
        console.send("jjj");
        let screen = room.wait_for("▶ 中央保健所");
        assert!(!screen.contains("▶ NPO"), "{watch}: {screen}");
        // The room turns a page back, and comes back to the row with Home.
        room.send("\x1b[5~");
        let paged = wait_gone(&mut room, "▶ 中央保健所");
        assert!(paged.contains("1/"), "{watch}: {paged}");
        room.send("\x1b[H");
        room.wait_for("▶ 中央保健所");

        // The timer, second by second.
        console.send("4");
        room.wait_for("停止中 00:00/05:00");
        console.send("t");
        room.wait_for("計測中 00:01/05:00");
        room.wait_for("計測中 00:02/05:00");

        // The console quits: the room shows the session's own step, with its running timer.
        console.send("q");
        assert!(console.wait_exit().success());
        assert!(
            !view.exists(),
            "{watch}: the console's view file is removed"
        );
        room.wait_for("▶4 評価・改善");
        // The help over the room, then quitting it.
        room.send("?");
        room.wait_for("プロジェクター画面のキー");
        room.send("\x1b");
        wait_gone(&mut room, "プロジェクター画面のキー");
        room.send("q");
        assert!(room.wait_exit().success());
        let screen = room.screen();
        assert!(
            !screen.alternate_screen(),
            "{watch}: the terminal is put back"
        );
        assert!(room.cooked(), "{watch}: raw mode off");

        // The room wrote nothing: only the session is left (the console removed its lock and its
        // view file on quitting), and the session holds the console's edit.
        assert_eq!(files(dir.path()), ["w.yaml"], "{watch}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("プロジェクターに映す目的"), "{watch}");
    }
}

/// `sori present` on a file that is not a session says so, like `sori open`, and exits.
#[test]
fn a_file_that_does_not_read_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.yaml"), "sori: 1\nparties: [\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(["present", "w.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("sori: w.yaml:"), "{err}");
    assert!(err.contains(":3:"), "line and column: {err}");
    assert_eq!(files(dir.path()), ["w.yaml"]);
}
