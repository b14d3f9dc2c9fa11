//! kill -9 at any moment loses at most the edit in flight.
//!
//! A scripted meeting of 1,000 edits (a synthetic session's history: Japanese text, parties,
//! activities, roles and benefits, steps) is made by a child process — this test binary again,
//! running `kill9_child` through the library's event path, folding the journal into the file
//! every few edits as the workshop does — and killed with SIGKILL over and over: at random
//! moments, and at named points inside a journal append (half a line written, the line before
//! its fsync, after it), inside a save (the temporary file half written, complete before the
//! rename, between the rename and the folder fsync, before the folded journal is removed).
//! After each kill: the file loads by itself; the session opens, recovering the journal; it
//! holds every edit the child had acknowledged and at most the one in flight more, each
//! exactly as scripted; a temporary file left by the kill is removed and never listed as a
//! session. The next child carries on from there until the script is done.
//!
//! Then the real binary, in a pseudo-terminal, typing Japanese, killed the same way inside a
//! journal append and inside a save.
//!
//! `cargo test` runs a short script; the reliability report runs `kill9_report` (≥ 300 kills
//! over the 1,000 edits) for its R1 line.

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use sori::core::history::replay;
use sori::core::session::Lang;
use sori::core::{History, Record, Session};
use sori::store::journal::journal_path;
use sori::store::listing::list_sessions;
use sori::store::{Document, faults, load};
use sori::testkit::synth::{Size, generate};

const CHILD: &str = "SORI_KILL9_CHILD";
/// The child folds the journal into the file every this many edits (the workshop folds on a
/// step change, after 200 edits and every two minutes: more often here, to be killed in saves).
const FOLD_EVERY: usize = 4;

/// The scripted meeting: the first `n` records of a synthetic session's history.
fn script(n: usize) -> Vec<Record> {
    let size = Size {
        parties: 12,
        activities: 6,
        items: 3,
        events: n,
    };
    let (_, records) = generate(size, 27, Lang::Ja);
    assert!(
        records.len() >= n,
        "the script has {} records",
        records.len()
    );
    records.into_iter().take(n).collect()
}

/// Started by the parent as a child process; does nothing in a normal test run. Opens the
/// session (recovering what a kill left), says `READY`, then makes the script's next edits,
/// printing `EDIT n` before it starts edit n and `ACK n` once edit n is durable, until the
/// script is done or the process is killed. (A line is in the pipe as soon as it is written:
/// the parent reads it even after the kill, so it knows every edit that was started.)
#[test]
#[ignore = "started by the kill -9 tests as a child process"]
fn kill9_child() {
    let Some(dir) = std::env::var_os(CHILD).map(PathBuf::from) else {
        return;
    };
    let records: Vec<Record> = std::fs::read_to_string(dir.join("script.jsonl"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let path = dir.join("w.yaml");
    // The last child was killed: its lock is gone. (A fork of the parent test process, made by
    // a test running beside this one, may hold a copy of the parent's lock for the moment
    // before it execs: `open_to_write` waits that moment out.)
    let (mut doc, _) = sori::testkit::open_to_write(&path);
    assert!(!doc.is_read_only(), "the session stayed locked");
    let mut out = std::io::stdout().lock();
    writeln!(out, "READY {}", doc.history_len()).unwrap();
    out.flush().unwrap();
    for (i, record) in records.iter().enumerate().skip(doc.history_len()) {
        writeln!(out, "EDIT {}", i + 1).unwrap();
        out.flush().unwrap();
        doc.commit(record.event.clone(), record.at).unwrap();
        writeln!(out, "ACK {}", i + 1).unwrap();
        out.flush().unwrap();
        if (i + 1) % FOLD_EVERY == 0 {
            doc.save().unwrap();
        }
    }
    doc.close().unwrap();
    writeln!(out, "DONE").unwrap();
    out.flush().unwrap();
}

/// A small deterministic random number generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// What the child said: `READY n`, `EDIT n`, `ACK n`, `DONE`, or (on standard error) where it
/// stopped.
enum Said {
    Ready,
    Edit(usize),
    Ack(usize),
    Done,
    Stopped,
}

struct Run {
    child: Child,
    said: Receiver<Said>,
    /// The threads reading its output: joined after its death, so nothing it said is missed.
    readers: Vec<std::thread::JoinHandle<()>>,
}

fn spawn(dir: &Path, faults: Option<String>) -> Run {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "kill9_child",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
        "-q",
    ])
    .env(CHILD, dir)
    .env_remove("SORI_TEST_FAULTS")
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    if let Some(plan) = faults {
        cmd.env("SORI_TEST_FAULTS", plan);
    }
    let mut child = cmd.spawn().unwrap();
    let (tx, said) = channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    let tx_out = tx.clone();
    let out_reader = std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            let said = if line.starts_with("READY ") {
                Said::Ready
            } else if let Some(n) = line.strip_prefix("EDIT ") {
                Said::Edit(n.parse().unwrap())
            } else if let Some(n) = line.strip_prefix("ACK ") {
                Said::Ack(n.parse().unwrap())
            } else if line == "DONE" {
                Said::Done
            } else {
                continue;
            };
            if tx_out.send(said).is_err() {
                break;
            }
        }
    });
    let err = BufReader::new(child.stderr.take().unwrap());
    let err_reader = std::thread::spawn(move || {
        for line in err.lines().map_while(Result::ok) {
            if line.starts_with("sori: stopped at ") && tx.send(Said::Stopped).is_err() {
                break;
            }
        }
    });
    Run {
        child,
        said,
        readers: vec![out_reader, err_reader],
    }
}

/// How a child is to be killed.
#[derive(Clone, Debug)]
enum KillAt {
    /// After this many microseconds from the moment it said it was ready (the session open,
    /// its journal recovered): a kill while it is still starting proves nothing.
    Time(u64),
    /// When it stops at a named point (the nth time it reaches it).
    Point(&'static str, u64),
}

#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    by_point: Vec<(&'static str, usize)>,
    random: usize,
    unreadable: usize,
    /// Acknowledged edits missing after a kill (must be 0).
    lost_acknowledged: usize,
    /// Edits started (`EDIT n`) but missing after a kill, over all kills: measured, not
    /// assumed (each can only be the one in flight).
    lost_started: usize,
    /// The most edits started and missing after one kill (the claim: at most 1).
    max_lost: usize,
    /// Random kills that came before the child was ready, so not counted (none: the timer
    /// starts at `READY`).
    random_before_ready: usize,
    wrong_state: usize,
    leftovers_listed: usize,
    leftovers_kept: usize,
    problems: Vec<String>,
}

/// Run the script to its end, killing children, checking after each kill; again from the
/// start until there were `min_kills` kills, at least one at each named point.
fn run(edits: usize, seed: u64, min_kills: usize) -> Tally {
    let dir = tempfile::tempdir().unwrap();
    let records = script(edits);
    let mut file = String::new();
    for record in &records {
        file.push_str(&serde_json::to_string(record).unwrap());
        file.push('\n');
    }
    std::fs::write(dir.path().join("script.jsonl"), file).unwrap();
    let path = dir.path().join("w.yaml");
    drop(Document::create(&path, Session::empty(), History::default()).unwrap());

    let mut rng = Rng(seed | 1);
    let mut tally = Tally {
        by_point: faults::POINTS.iter().map(|p| (*p, 0)).collect(),
        ..Tally::default()
    };
    let mut acknowledged = 0;
    // The highest edit a child started (said `EDIT n`): what a kill may have cut short.
    let mut started;
    let mut round = 0u64;
    loop {
        round += 1;
        // Every other kill at a named point, in turn; the others at random moments.
        let kill_at = if round.is_multiple_of(2) {
            let point = faults::POINTS[(round / 2) as usize % faults::POINTS.len()];
            let nth = 1 + rng.below(if point.starts_with("save") { 2 } else { 4 });
            KillAt::Point(point, nth)
        } else {
            KillAt::Time(rng.below(40_000))
        };
        let plan = match &kill_at {
            KillAt::Point(point, nth) => Some(format!("stop:{point}:{nth}")),
            KillAt::Time(_) => None,
        };
        let mut child = spawn(dir.path(), plan);
        started = acknowledged;
        // The random moment is counted from `READY`.
        let mut ready_at: Option<std::time::Instant> = None;
        let mut done = false;
        let mut killed = false;
        loop {
            let wait = match (&kill_at, ready_at) {
                (KillAt::Time(us), Some(ready)) => {
                    let left = Duration::from_micros(*us).saturating_sub(ready.elapsed());
                    if left.is_zero() {
                        break;
                    }
                    left
                }
                _ => Duration::from_secs(30),
            };
            match child.said.recv_timeout(wait) {
                Ok(Said::Ack(n)) => acknowledged = acknowledged.max(n),
                Ok(Said::Edit(n)) => started = started.max(n),
                Ok(Said::Ready) => ready_at = Some(std::time::Instant::now()),
                Ok(Said::Done) => {
                    done = true;
                    break;
                }
                Ok(Said::Stopped) => break,
                Err(_) if matches!(kill_at, KillAt::Time(_)) && ready_at.is_some() => break,
                Err(e) => panic!("the child neither stopped nor finished: {e:?} ({kill_at:?})"),
            }
        }
        if matches!(kill_at, KillAt::Time(_)) && ready_at.is_none() && !done {
            tally.random_before_ready += 1;
        }
        if !done {
            child.child.kill().unwrap(); // SIGKILL
            killed = true;
        }
        let status = child.child.wait().unwrap();
        for reader in child.readers.drain(..) {
            reader.join().unwrap();
        }
        // What the child said before it died.
        while let Ok(said) = child.said.try_recv() {
            match said {
                Said::Ack(n) => acknowledged = acknowledged.max(n),
                Said::Edit(n) => started = started.max(n),
                Said::Done => done = true,
                _ => {}
            }
        }
        if killed && status.success() {
            // It finished just before the kill.
            killed = false;
        }
        if killed {
            tally.kills += 1;
            match &kill_at {
                KillAt::Point(point, _) => {
                    if let Some(entry) = tally.by_point.iter_mut().find(|(p, _)| p == point) {
                        entry.1 += 1;
                    }
                }
                KillAt::Time(_) => tally.random += 1,
            }
        }
        // What the session holds now is on disk (opening folded it): the next child starts
        // from there.
        acknowledged = check_after_kill(
            &path,
            &records,
            acknowledged,
            started.max(acknowledged),
            &mut tally,
            &kill_at,
        );
        if done && tally.kills >= min_kills && tally.by_point.iter().all(|(_, n)| *n > 0) {
            break;
        }
        if done {
            // The script is done but not enough kills yet: start the meeting again.
            std::fs::remove_file(&path).unwrap();
            let _ = std::fs::remove_file(journal_path(&path));
            drop(Document::create(&path, Session::empty(), History::default()).unwrap());
            acknowledged = 0;
        }
        assert!(round < 100_000, "no progress");
    }
    let (session, records_in_file) = load(&path).unwrap();
    assert_eq!(
        records_in_file.len(),
        edits,
        "the whole script is in the file"
    );
    assert_eq!(session, replay(&records, edits).unwrap());
    tally
}

/// After a kill: the file loads by itself; the session opens with every acknowledged edit and
/// at most one more, each as scripted; no temporary file is listed or left. What was lost is
/// counted: the edits the child had started (`started`) that the session does not hold.
/// Returns how many edits the session holds.
fn check_after_kill(
    path: &Path,
    records: &[Record],
    acknowledged: usize,
    started: usize,
    tally: &mut Tally,
    kill_at: &KillAt,
) -> usize {
    if let Err(e) = load(path) {
        tally.unreadable += 1;
        tally
            .problems
            .push(format!("{kill_at:?}: the file alone: {e}"));
    }
    let dir = path.parent().unwrap();
    let listed = list_sessions(dir);
    if listed.len() != 1 {
        tally.leftovers_listed += 1;
        tally.problems.push(format!(
            "{kill_at:?}: {} sessions listed: {:?}",
            listed.len(),
            listed.iter().map(|s| s.path.clone()).collect::<Vec<_>>()
        ));
    }
    let (doc, _notices) = match Document::open(path) {
        Ok(opened) => opened,
        Err(e) => {
            tally.unreadable += 1;
            tally
                .problems
                .push(format!("{kill_at:?}: does not open: {e}"));
            return acknowledged;
        }
    };
    let len = doc.history_len();
    if len < acknowledged {
        tally.lost_acknowledged += acknowledged - len;
        tally.problems.push(format!(
            "{kill_at:?}: {acknowledged} acknowledged, {len} kept"
        ));
    }
    if len > started {
        tally.problems.push(format!(
            "{kill_at:?}: {len} kept but only {started} started"
        ));
    }
    // Started and not kept: lost. Only the edit in flight may be.
    let lost = started.saturating_sub(len);
    tally.lost_started += lost;
    tally.max_lost = tally.max_lost.max(lost);
    if lost > 1 {
        tally.problems.push(format!(
            "{kill_at:?}: {lost} edits lost ({started} started, {len} kept)"
        ));
    }
    match replay(&records[..len.min(records.len())], len.min(records.len())) {
        Ok(expected) if expected == *doc.session() => {}
        _ => {
            tally.wrong_state += 1;
            tally.problems.push(format!(
                "{kill_at:?}: the state is not the script's first {len} edits"
            ));
        }
    }
    let temps: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("sori-tmp"))
        .collect();
    if !temps.is_empty() {
        tally.leftovers_kept += 1;
        tally.problems.push(format!(
            "{kill_at:?}: temporary files left after opening: {temps:?}"
        ));
    }
    len
}

fn check(tally: &Tally) {
    assert!(
        tally.problems.is_empty(),
        "{} problems: {:#?}",
        tally.problems.len(),
        tally.problems
    );
    for (point, kills) in &tally.by_point {
        assert!(*kills > 0, "never killed at {point}");
    }
}

#[test]
fn kills_in_journal_appends_and_saves_lose_at_most_the_edit_in_flight() {
    let tally = run(60, 7, 2 * faults::POINTS.len() + 4);
    check(&tally);
    assert!(tally.kills >= 2 * faults::POINTS.len());
}

/// The `R1` line of the reliability report.
#[test]
#[ignore = "run by scripts/reliability-report"]
fn kill9_report() {
    let tally = run(1000, 2026, 300);
    let binary = binary_kills();
    let ok = tally.problems.is_empty()
        && tally.by_point.iter().all(|(_, n)| *n > 0)
        && tally.kills >= 300
        && tally.max_lost <= 1
        && tally.random_before_ready == 0
        && binary.iter().all(|(_, ok)| *ok);
    let points: Vec<String> = tally
        .by_point
        .iter()
        .map(|(p, n)| format!("{p} {n}"))
        .collect();
    println!(
        "R1 kill9: {} kills over 1000 edits ({} at random moments after the child was ready; {}) + {} of the real binary in a terminal, {} unreadable, {} acknowledged edits lost, {} started edits lost in all (the one in flight), max lost edits in one kill {}, {} temporary files listed or left {}",
        tally.kills,
        tally.random,
        points.join(", "),
        binary.len(),
        tally.unreadable,
        tally.lost_acknowledged,
        tally.lost_started,
        tally.max_lost,
        tally.leftovers_listed + tally.leftovers_kept,
        if ok { "ok" } else { "FAILED" }
    );
    check(&tally);
    for (point, ok) in &binary {
        assert!(ok, "the real binary killed at {point}");
    }
}

// ----- The real binary -----

const TYPED: [&str; 6] = [
    "ゴミ出しのトラブルをなくしたい",
    "見守りの担い手を増やす",
    "ｶﾞｲﾄﾞﾌﾞｯｸを作る",
    "子ども食堂🍙を週1回",
    "e\u{301}te\u{301}の交流会",
    "空き家を集いの場に",
];

/// `sori new` a session in `dir`, open it in a pseudo-terminal with a stop planned at `point`,
/// type purposes until sori stops there (a step change folds the journal: the save points),
/// kill it with SIGKILL, then open the session through the library. Returns whether every
/// purpose typed before the one in flight was there, exactly.
fn binary_kill(point: &'static str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_sori"))
        .args([
            "new",
            "w.yaml",
            "--title",
            "地域の見守り",
            "--host",
            "社会福祉協議会",
            "--party",
            "町内会",
            "--lang",
            "ja",
            "--no-open",
        ])
        .current_dir(dir.path())
        .env("SORI_HOME", dir.path().join("home"))
        .status()
        .unwrap();
    assert!(status.success());
    let path = dir.path().join("w.yaml");
    // The third append, or the first save after the edits.
    let plan = if point.starts_with("save") {
        format!("stop:{point}:1")
    } else {
        format!("stop:{point}:3")
    };
    let mut term = pty::Launch::new(dir.path())
        .args(&["w.yaml"])
        .env("SORI_TEST_FAULTS", &plan)
        .spawn();
    term.wait_for("社会福祉協議会");
    let mut typed = vec![];
    let mut stopped = false;
    for text in TYPED {
        term.send("a");
        term.send(text);
        term.send("\r");
        typed.push(text);
        if point.starts_with("save") && typed.len() == 3 {
            // A key right behind an editor's Enter would be text (a paste arriving as keys):
            // the step key comes once the purpose is in the list, as a person's would.
            term.wait_for(&format!("目的 ({})", typed.len()));
            term.send("]"); // a step change folds the journal into the file
            stopped = wait_any(&term, &["stopped at"]).is_some();
            break;
        }
        // The purpose is in the list (its count shows it), or sori stopped making it.
        let listed = format!("目的 ({})", typed.len());
        if wait_any(&term, &["stopped at", &listed]) == Some(0) {
            stopped = true;
            break;
        }
    }
    assert!(stopped, "sori never reached {point}:\n{}", term.text());
    term.kill();
    term.wait_exit();
    let Ok((doc, _)) = Document::open(&path) else {
        return false;
    };
    let host = doc.session().host().unwrap();
    let kept: Vec<&str> = host.purposes.iter().map(|i| i.text.as_str()).collect();
    // Every purpose typed before the one in flight; the one in flight may be there too.
    let before = &typed[..typed.len() - 1];
    let in_flight = typed.len() - 1;
    let expected_ok = if point.starts_with("save") {
        kept == typed // the save came after the last edit was journaled
    } else {
        kept == before || (kept.len() == typed.len() && kept[..in_flight] == *before)
    };
    expected_ok && load(&path).is_ok()
}

/// Which of `texts` the screen shows first (its index), waiting up to ten seconds.
fn wait_any<C: vt100::Callbacks>(term: &pty::Term<C>, texts: &[&str]) -> Option<usize> {
    for _ in 0..500 {
        let screen = term.text();
        if let Some(i) = texts.iter().position(|t| screen.contains(t)) {
            return Some(i);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn binary_kills() -> Vec<(&'static str, bool)> {
    [
        "journal.mid-append",
        "journal.before-sync",
        "save.mid-write",
        "save.after-rename",
    ]
    .into_iter()
    .map(|point| (point, binary_kill(point)))
    .collect()
}

#[test]
fn the_real_binary_killed_in_an_append_and_in_a_save_loses_at_most_the_edit_in_flight() {
    for (point, ok) in binary_kills() {
        assert!(ok, "killed at {point}");
    }
}
