//! The facilitator's flow through the real binary (issue 12): a beach-cleaning workshop with
//! five parties, one activity, the whole 相利評価表, the evaluation, the expansion and the undo
//! of a deletion after a step change, in a pseudo-terminal, counting the keys the table takes;
//! the bell when a timebox runs out; a paste that arrives as keys (tmux `paste-buffer` without
//! bracketed paste).

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pty::{Launch, Term};
use sori::core::session::{Achieved, BenefitKind};

/// The keys a facilitator pressed to fill this table row by row with sori as it was before
/// (commit a13d70a): the same five parties, one purpose and one challenge each, one activity,
/// every row's challenge, purpose, role and benefit. Measured by driving that binary in tmux
/// (`scripts/table-keys`, README "Measured"): 94 keys besides the text typed.
const TABLE_KEYS_BEFORE: usize = 94;

/// The room's workshop, driven key by key; the keys the table takes are counted.
struct Room {
    t: Term,
    counted: Option<usize>,
}

impl Room {
    /// Press a key (or a few, each counted) and wait for what it shows.
    fn press(&mut self, keys: &[&str], then: &str) -> String {
        for k in keys {
            self.t.send(k);
            if let Some(n) = &mut self.counted {
                *n += 1;
            }
        }
        self.t.wait_for(then)
    }

    /// Type text (not a key: the same text whatever the flow) and wait until it shows.
    fn type_text(&mut self, text: &str) {
        self.t.send(text);
        self.t.wait_for(text);
    }
}

const PARTNERS: [&str; 4] = ["市の環境課", "漁協", "町内会", "高校"];

#[test]
fn a_whole_workshop_fills_the_table_in_half_the_keys_and_undo_brings_back_a_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "new",
        "w.yaml",
        "--title",
        "海岸清掃の語り合う場",
        "--host",
        "海辺の会",
        "--lang",
        "ja",
    ];
    for p in PARTNERS {
        args.extend(["--party", p]);
    }
    let t = Launch::new(dir.path()).args(&args).size(40, 120).spawn();
    let mut room = Room { t, counted: None };
    room.t.wait_for("目的 (0)");

    // Steps 1 and 2: what each party wants and what troubles it.
    room.press(&["a"], "追加：目的 — 海辺の会");
    room.type_text("海をきれいにしたい");
    room.press(&["\r"], "目的 (1)");
    room.press(&["\t"], "[課題 (0)]");
    room.press(&["a"], "追加：課題 — 海辺の会");
    room.type_text("人手が足りない");
    room.press(&["\r"], "課題 (1)");
    room.press(&["2"], "▶2 相手");
    for (i, p) in PARTNERS.iter().enumerate() {
        room.press(&["a"], &format!("追加：目的 — {p}"));
        room.type_text(&format!("{p}の目的"));
        room.press(&["\r"], "[目的 (1)]");
        // → is the next list in step 2 as in step 1; > the next partner.
        room.press(&["l"], "[課題 (0)]");
        room.press(&["a"], &format!("追加：課題 — {p}"));
        room.type_text(&format!("{p}の課題"));
        room.press(&["\r"], "[課題 (1)]");
        room.press(&["h"], "[目的 (1)]");
        if let Some(next) = PARTNERS.get(i + 1) {
            room.press(&[">"], &format!("{next}を表示"));
        }
    }

    // Step 3: the activity, then the 相利評価表, counted.
    room.press(&["3"], "▶3 企画");
    room.press(&["a"], "追加：活動");
    room.type_text("月1回の海岸清掃");
    room.press(&["\r"], "共同の活動 (1)");
    room.counted = Some(0);
    room.press(&["\t"], "[相利評価表");
    room.press(&["a"], "加える関係者");
    let parties = [
        "海辺の会",
        PARTNERS[0],
        PARTNERS[1],
        PARTNERS[2],
        PARTNERS[3],
    ];
    for (i, party) in parties.iter().enumerate() {
        // The party joins with its challenge and purpose ticked: the row's checklist.
        room.press(&["\r"], &format!("{party}の課題・目的"));
        room.press(&["\r"], &format!("編集：役割 — {party}"));
        room.type_text(&format!("役割{i}"));
        room.press(&["\r"], &format!("編集：相利 — {party}"));
        room.type_text(&format!("相利{i}"));
        // At the row's end, the next party (from the menu of those not yet taking part).
        let next = if i + 1 < parties.len() {
            "加える関係者"
        } else {
            "b 種類"
        };
        room.press(&["\r"], next);
    }
    let table_keys = room.counted.take().unwrap();
    assert!(
        table_keys * 2 <= TABLE_KEYS_BEFORE,
        "the table took {table_keys} keys, before {TABLE_KEYS_BEFORE}"
    );
    // The last row's benefit is psychological (b, 3, Enter).
    room.press(&["b"], "相利の種類 — 高校");
    room.press(&["3"], "3 [x] 心理的");
    room.press(&["\r"], "〔心理的〕");
    // The cooperation type, from its numbered menu: 型3 already.
    room.press(&["c"], "● 型3 相利");
    room.press(&["\x1b"], "[相利評価表");

    // Step 4: each party's benefit happened; a comment for the host.
    room.press(&["4"], "▶4 評価");
    room.press(&["\t"], "[評価");
    room.press(&[" "], "○");
    room.press(&["l", "\r"], "編集：コメント — 海辺の会");
    room.type_text("参加者が倍になった");
    // Saved: the editor gone, the status line says where Tab goes.
    room.press(&["\r"], "Tab 改善点へ");

    // Step 5: an idea to expand, an action item with its due date typed as people say it.
    room.press(&["5"], "▶5 拡大");
    room.press(&["\t"], "[拡大のアイデア");
    room.press(&["a"], "追加：拡大のアイデア");
    room.type_text("隣町の清掃団体");
    room.press(&["\r"], "編集：理由");
    room.type_text("同じ浜でごみを拾っている");
    room.press(&["\r"], "Tab アクションへ");
    room.press(&["\t"], "[アクション");
    room.press(&["a"], "追加：アクション");
    room.type_text("火ばさみを買う");
    room.press(&["\r"], "編集：担当");
    room.type_text("漁協");
    room.press(&["\r"], "編集：期限");
    room.type_text("来月末");
    room.press(&["\r"], "期限は 12/15");
    room.press(&["\x15"], "編集：期限");
    room.type_text("１２／１５");
    room.press(&["\r"], "2026-12-15");

    // Back in step 2, a party removed; on to step 3; one u brings it back, with its row.
    room.press(&["2"], "▶2 相手");
    room.press(&["\x1b[Z"], "[関係者 (5)]");
    room.press(&["g", "j", "d"], "「市の環境課」を削除しました");
    room.press(&["3"], "▶3 企画");
    let screen = room.press(&["u"], "「市の環境課」の削除を元に戻しました");
    assert!(
        screen.contains("▶3 企画"),
        "the step change stays: {screen}"
    );
    assert!(screen.contains("市の環境課"), "{screen}");
    // The meeting reached step 5 and was not closed: quitting asks; n quits without closing.
    room.press(&["q"], "閉会として終了時刻");
    room.press(&["n"], "");
    assert!(room.t.wait_exit().success());

    // The file: every row full, the host first; the evaluation, the idea, the action item;
    // where the facilitator stopped and how far the meeting got.
    let (s, _) = sori::store::load(&dir.path().join("w.yaml")).unwrap();
    assert_eq!(s.parties.len(), 5);
    let a = &s.activities[0];
    let rows = s.table_rows(a);
    assert_eq!(rows.len(), 5);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(s.party_name(&row.party), parties[i]);
        assert_eq!(row.role, format!("役割{i}"));
        assert_eq!(row.benefit, format!("相利{i}"));
        assert_eq!((row.purposes.len(), row.challenges.len()), (1, 1), "{i}");
    }
    assert_eq!(rows[4].benefit_kinds, [BenefitKind::Psychological]);
    assert_eq!(rows[0].evaluation.achieved, Achieved::Yes);
    assert_eq!(rows[0].evaluation.comment, "参加者が倍になった");
    assert_eq!(s.expansion[0].why, "同じ浜でごみを拾っている");
    assert_eq!(s.action_items[0].due, "2026-12-15");
    assert_eq!((s.meta.step, s.meta.progress()), (3, 5));
    eprintln!("the table took {table_keys} keys (before: {TABLE_KEYS_BEFORE})");
}

/// Counts the terminal bells sori rings.
#[derive(Clone, Default)]
struct Bells(Arc<Mutex<usize>>);

impl vt100::Callbacks for Bells {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        *self.0.lock().unwrap() += 1;
    }
}

/// A session whose step 1 has a one-minute timebox and a timer started `ago` seconds ago.
fn running_out(dir: &Path, ago: i64, bell: bool) {
    let status = Command::new(env!("CARGO_BIN_EXE_sori"))
        .args([
            "new",
            "w.yaml",
            "--title",
            "時間",
            "--host",
            "海辺の会",
            "--lang",
            "ja",
        ])
        .arg("--no-open")
        .current_dir(dir)
        .env("SORI_HOME", dir.join("home"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let path = dir.join("w.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let since = sori::core::stamp::Stamp::now().plus_seconds(-ago);
    let head =
        format!("  steps:\n  - timebox_min: 1\n    spent_sec: 0\n    running_since: {since}\n");
    let mut text = text.replacen(
        "  steps:\n  - timebox_min: 15\n    spent_sec: 0\n",
        &head,
        1,
    );
    if !bell {
        text = text.replacen("  step: 1\n", "  step: 1\n  bell: false\n", 1);
    }
    std::fs::write(&path, text).unwrap();
    sori::store::load(&path).unwrap();
}

#[test]
fn the_bell_rings_once_when_the_timebox_runs_out_unless_turned_off() {
    for bell in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        running_out(dir.path(), 57, bell);
        let bells = Bells::default();
        let mut t = Launch::new(dir.path())
            .args(&["w.yaml"])
            .spawn_with_callbacks(bells.clone());
        t.wait_for("計測中");
        t.wait_for("ステップ1の予定時間になりました");
        // A few more seconds of overtime: still one bell.
        let until = Instant::now() + Duration::from_secs(3);
        while Instant::now() < until {
            std::thread::sleep(Duration::from_millis(100));
        }
        let screen = t.wait_for("! 時間超過");
        let rung = *bells.0.lock().unwrap();
        assert_eq!(rung, usize::from(bell), "bell {bell}: {screen}");
        t.send("q");
        assert!(t.wait_exit().success());
    }
}

/// tmux, when it is installed (`.ci/run` installs it).
fn tmux() -> Option<()> {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: tmux is not installed");
    }
    found.then_some(())
}

#[test]
fn a_paste_that_arrives_as_keys_is_text_not_commands() {
    if tmux().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let status = Command::new(env!("CARGO_BIN_EXE_sori"))
        .args([
            "new",
            "w.yaml",
            "--host",
            "海辺の会",
            "--party",
            "漁協",
            "--lang",
            "ja",
        ])
        .arg("--no-open")
        .current_dir(dir.path())
        .env("SORI_HOME", &home)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let socket = dir.path().join("tmux.sock");
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap()
    };
    let shell = format!(
        "cd '{}' && SORI_HOME='{}' LANG=ja_JP.UTF-8 exec '{}' w.yaml",
        dir.path().display(),
        home.display(),
        env!("CARGO_BIN_EXE_sori")
    );
    let out = tmux(&[
        "new-session",
        "-d",
        "-s",
        "room",
        "-x",
        "100",
        "-y",
        "30",
        &shell,
    ]);
    assert!(out.status.success(), "{out:?}");
    // The tmux server (and sori in it) goes with the test, however it ends.
    let _server = KillServer(socket.clone());
    let screen = || {
        String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "room"]).stdout).into_owned()
    };
    let wait_for = |text: &str| {
        let start = Instant::now();
        loop {
            let now = screen();
            if now.contains(text) {
                return now;
            }
            assert!(
                start.elapsed() < pty::TIMEOUT,
                "waited for {text:?}:\n{now}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("目的 (0)");
    tmux(&["send-keys", "-t", "room", "a"]);
    wait_for("追加：目的");
    // Two lines, the second starting with 2 (a step key) and holding q (quit): pasted without
    // -p, so without bracketed paste: the terminal gets keys, the line break an Enter.
    let out = tmux(&[
        "set-buffer",
        "-b",
        "lines",
        "海をきれいにしたい\n2つの浜でごみを拾う q",
    ]);
    assert!(out.status.success(), "{out:?}");
    let out = tmux(&["paste-buffer", "-b", "lines", "-t", "room"]);
    assert!(out.status.success(), "{out:?}");
    let shown = wait_for("2つの浜でごみを拾う q");
    assert!(shown.contains("▶1 自分"), "no step change: {shown}");
    assert!(shown.contains("追加：目的"), "still typing: {shown}");
    tmux(&["send-keys", "-t", "room", "Enter"]);
    wait_for("目的 (1)");
    tmux(&["send-keys", "-t", "room", "q"]);
    let start = Instant::now();
    while tmux(&["has-session", "-t", "room"]).status.success() {
        assert!(start.elapsed() < pty::TIMEOUT, "sori did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (s, _) = sori::store::load(&dir.path().join("w.yaml")).unwrap();
    assert_eq!(s.meta.step, 1);
    let purposes: Vec<&str> = s
        .host()
        .unwrap()
        .purposes
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(purposes, ["海をきれいにしたい\n2つの浜でごみを拾う q"]);
}

/// Kills the tmux server on its own socket when dropped.
struct KillServer(std::path::PathBuf);

impl Drop for KillServer {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.0)
            .arg("kill-server")
            .output();
    }
}
