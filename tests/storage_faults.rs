//! Storage faults: every create, write, fsync and rename of a meeting's storage made to fail
//! in turn (ENOSPC, as a full disk or a USB stick pulled out), one at a time, across the
//! recovery of a journal left by a crash, two edits, a save and two more edits. Each time: no
//! panic; a failed save leaves the file as it was, byte for byte; every edit already on disk
//! stays on disk; the user is told; the session stays whole in memory, and is saved whole
//! once the disk has room again. Then the same through the workshop screen, with a disk that
//! stays full, and a quit that would lose edits refused once.
//!
//! `cargo test` runs every case; the reliability report runs `faults_report` for its R2 line.

mod common;

use sori::testkit::{Fixed, SessionBuilder};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use sori::core::history::replay;
use sori::core::{Event, History, Record, Session, Stamp};
use sori::store::journal::journal_path;
use sori::store::{Document, faults, load};

/// Events in the file before the crash, then in the journal the crash left, then this run's.
const IN_FILE: usize = 20;
const IN_JOURNAL: usize = 2;
const THIS_RUN: usize = 4;

fn events() -> Vec<Event> {
    let events = common::community_cats_events();
    assert!(events.len() >= IN_FILE + IN_JOURNAL + THIS_RUN);
    events
}

fn at(i: usize) -> Stamp {
    common::t0().plus_seconds(60 * i as i64)
}

/// The state after the first `n` events.
fn state_after(n: usize) -> Session {
    let records: Vec<Record> = events()
        .into_iter()
        .take(n)
        .enumerate()
        .map(|(i, event)| Record {
            at: at(i),
            by: None,
            from: None,
            event,
        })
        .collect();
    replay(&records, n).expect("the script applies")
}

/// The cases: a clean journal or a damaged one, and a file with one name or two (a hard
/// link: saves then rewrite it in place, the whole new version first beside it).
#[derive(Clone, Copy, Debug)]
struct Setup {
    damaged: bool,
    linked: bool,
}

const SETUPS: [Setup; 3] = [
    Setup {
        damaged: false,
        linked: false,
    },
    Setup {
        damaged: true,
        linked: false,
    },
    Setup {
        damaged: false,
        linked: true,
    },
];

/// What a crash leaves: a file of `IN_FILE` events and a journal of `IN_JOURNAL` more (with a
/// damaged line after them when `damaged`); a second name for the file when `linked`.
fn crashed_session_as(dir: &Path, setup: Setup) -> PathBuf {
    let path = crashed_session(dir, setup.damaged);
    if setup.linked {
        std::fs::hard_link(&path, dir.join("other-name.yaml")).unwrap();
    }
    path
}

/// What a crash leaves: a file of `IN_FILE` events and a journal of `IN_JOURNAL` more (with a
/// damaged line after them when `damaged`).
fn crashed_session(dir: &Path, damaged: bool) -> PathBuf {
    let path = dir.join("w.yaml");
    let events = events();
    let mut b = SessionBuilder::new(Fixed(at(0)));
    for (i, event) in events[..IN_FILE].iter().enumerate() {
        b.commit_at(event.clone(), at(i));
    }
    let (session, records) = b.finish();
    let doc = Document::create(&path, session, History::from_records(records)).unwrap();
    drop(doc);
    let (mut doc, _) = Document::open(&path).unwrap();
    for (i, event) in events[IN_FILE..IN_FILE + IN_JOURNAL].iter().enumerate() {
        doc.commit(event.clone(), at(IN_FILE + i)).unwrap();
    }
    drop(doc); // No close: the journal stays, as after a kill.
    if damaged {
        use std::io::Write;
        let mut journal = std::fs::OpenOptions::new()
            .append(true)
            .open(journal_path(&path))
            .unwrap();
        journal
            .write_all(b"{\"seq\":99,\"rec\x00\x01garbage\n")
            .unwrap();
    }
    path
}

/// What a reader finds on disk now (the file and the journal, recovered in a copy, on another
/// thread so that no fault planned for this one touches it): the state and the history's length.
fn on_disk(path: &Path) -> Result<(Session, usize), String> {
    let path = path.to_path_buf();
    std::thread::scope(|s| {
        s.spawn(move || {
            let copy = tempfile::tempdir().unwrap();
            let target = copy.path().join("w.yaml");
            std::fs::copy(&path, &target).map_err(|e| format!("copy: {e}"))?;
            if journal_path(&path).exists() {
                std::fs::copy(journal_path(&path), journal_path(&target))
                    .map_err(|e| format!("copy: {e}"))?;
            }
            // A rewrite in place cut short leaves the whole version beside the file.
            for name in temporary_files(&path) {
                std::fs::copy(
                    path.with_file_name(&name),
                    copy.path().join(name.replace(".sori-tmp-", ".sori-tmp-1")),
                )
                .map_err(|e| format!("copy: {e}"))?;
            }
            let (doc, _) = Document::open(&target).map_err(|e| e.to_string())?;
            Ok((doc.session().clone(), doc.history_len()))
        })
        .join()
        .map_err(|_| "reading the disk panicked".to_string())?
    })
}

#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    injected: usize,
    reported: usize,
    panics: usize,
    changed_originals: usize,
    lost_edits: usize,
    leftovers: usize,
    /// Injected failures by the kind of operation.
    by_kind: std::collections::BTreeMap<String, usize>,
    /// Injected failures by the file or folder they hit (its name: `w.yaml.journal`,
    /// `.w.yaml.sori-tmp-…`, the folder).
    by_target: std::collections::BTreeMap<String, usize>,
    /// Failures not reported to the user: each an fsync of a folder.
    unreported_folder_syncs: usize,
    unsaved_after_clearing: usize,
    problems: Vec<String>,
}

/// What one case saw.
struct Case {
    /// Errors the user was shown (the status line shows the document's write error).
    messages: Vec<String>,
    /// Failed saves that left the file neither as it was nor whole.
    changed_originals: usize,
    /// Steps after which an edit that had been on disk was not any more.
    lost: usize,
    /// Steps after which a temporary file was left beside the session.
    leftovers: usize,
    /// Storage operations made before the faults were cleared.
    operations: u64,
    /// The operations made to fail, with the file or folder each hit.
    failed: Vec<faults::Failure>,
}

/// The steps of a meeting's storage with the fault planned by the caller: open (recovering
/// the journal, folding it), two edits, a save, two edits. After the faults are cleared, a save
/// must write everything.
fn run_case(path: &Path, plan: impl FnOnce()) -> Result<Case, String> {
    let events = events();
    let mut case = Case {
        messages: vec![],
        changed_originals: 0,
        lost: 0,
        leftovers: 0,
        operations: 0,
        failed: vec![],
    };
    let mut durable_before = on_disk(path)?.1;
    plan();
    let before = std::fs::read(path).map_err(|e| e.to_string())?;
    let (mut doc, _notices) =
        Document::open(path).map_err(|e| format!("open failed under a fault: {e}"))?;
    case.messages.extend(doc.write_error().map(str::to_string));
    let mut check = |doc: &Document, before: &[u8], step: &str, case: &mut Case| {
        // A file rewritten in place and cut short has its whole new version beside it, and
        // keeps it until it is written whole: that is no leftover.
        let half_written = temporary_files(path)
            .iter()
            .any(|t| load(&path.with_file_name(t)).is_ok());
        if !temporary_files(path).is_empty() && !half_written {
            case.leftovers += 1;
        }
        let now = std::fs::read(path).unwrap_or_default();
        if now != before {
            // Changed: only by a save that wrote everything (or, in place, that left the whole
            // of it beside the file).
            match load(path) {
                Ok((state, _)) if state == *doc.session() => {}
                _ if half_written => {}
                _ => case.changed_originals += 1,
            }
        }
        match on_disk(path) {
            Ok((state, len)) => {
                if len < durable_before {
                    case.lost += 1;
                }
                if doc.is_saved() && (len != doc.history_len() || state != *doc.session()) {
                    case.lost += 1;
                }
                durable_before = durable_before.max(if doc.is_saved() { len } else { 0 });
            }
            Err(e) => {
                case.lost += 1;
                case.messages
                    .push(format!("{step}: the disk does not open: {e}"));
            }
        }
    };
    check(&doc, &before, "open", &mut case);
    let n = IN_FILE + IN_JOURNAL;
    for (step, event) in events[n..n + THIS_RUN].iter().enumerate() {
        let before = std::fs::read(path).unwrap_or_default();
        if let Err(e) = doc.commit(event.clone(), at(n + step)) {
            case.messages.push(e.to_string());
        }
        check(&doc, &before, "edit", &mut case);
        if step == 1 {
            let before = std::fs::read(path).unwrap_or_default();
            if let Err(e) = doc.save() {
                case.messages.push(e);
            }
            check(&doc, &before, "save", &mut case);
        }
    }
    case.operations = faults::ops();
    case.failed = faults::failed();
    faults::clear();
    let expected = state_after(IN_FILE + IN_JOURNAL + THIS_RUN);
    if *doc.session() != expected {
        return Err("the session in memory is not whole".into());
    }
    doc.save()
        .map_err(|e| format!("the save after the fault cleared failed: {e}"))?;
    drop(doc);
    let (state, records) = load(path).map_err(|e| e.to_string())?;
    if state != expected || records.len() != IN_FILE + IN_JOURNAL + THIS_RUN {
        return Err(format!(
            "after the fault cleared the file holds {} records, not every edit",
            records.len()
        ));
    }
    if journal_path(path).exists() {
        return Err("the journal is still there after a save".into());
    }
    let leftovers = temporary_files(path);
    if !leftovers.is_empty() {
        return Err(format!("temporary files left: {leftovers:?}"));
    }
    // Two names for one file stay one file.
    let other = path.with_file_name("other-name.yaml");
    if other.exists() && std::fs::read(&other).ok() != std::fs::read(path).ok() {
        return Err("the file's other name holds another version".into());
    }
    Ok(case)
}

/// The temporary files beside a session.
fn temporary_files(path: &Path) -> Vec<String> {
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("sori-tmp"))
        .collect()
}

/// What a failure hit, as the report names it: the file's name beside the session, with the
/// process id of a temporary file left out; `folder` for the session's folder.
fn target_name(session: &Path, failure: &faults::Failure) -> String {
    if failure.path.is_dir() {
        return "folder".into();
    }
    let name = failure
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let session = session.file_name().unwrap().to_string_lossy();
    match name.split_once(".sori-tmp-") {
        Some((before, _)) => format!("{before}.sori-tmp"),
        None if name.starts_with(&*session) => name,
        None => "other".into(),
    }
}

/// How many storage operations a case makes before its faults are cleared.
fn count_operations(setup: Setup) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let path = crashed_session_as(dir.path(), setup);
    // A plan that fails nothing but counts.
    run_case(&path, || faults::fail_op(u64::MAX))
        .expect("the case runs without a fault")
        .operations
}

fn run_all() -> Tally {
    let mut tally = Tally::default();
    for setup in SETUPS {
        let total = count_operations(setup);
        assert!(total > 10, "a case makes {total} storage operations");
        for n in 1..=total {
            tally.cases += 1;
            let dir = tempfile::tempdir().unwrap();
            let path = crashed_session_as(dir.path(), setup);
            let result = catch_unwind(AssertUnwindSafe(|| run_case(&path, || faults::fail_op(n))));
            faults::clear();
            let label = format!(
                "{} journal{}, operation {n} of {total}",
                if setup.damaged { "damaged" } else { "clean" },
                if setup.linked {
                    ", hard-linked file"
                } else {
                    ""
                }
            );
            match result {
                Err(_) => {
                    tally.panics += 1;
                    tally.problems.push(format!("{label}: panicked"));
                }
                Ok(Err(e)) => {
                    tally.unsaved_after_clearing += 1;
                    tally.problems.push(format!("{label}: {e}"));
                }
                Ok(Ok(case)) => {
                    if case.failed.len() != 1 {
                        tally
                            .problems
                            .push(format!("{label}: failed {:?}", case.failed));
                    }
                    tally.injected += case.failed.len();
                    for failure in &case.failed {
                        *tally
                            .by_kind
                            .entry(format!("{:?}", failure.op))
                            .or_default() += 1;
                        *tally
                            .by_target
                            .entry(target_name(&path, failure))
                            .or_default() += 1;
                    }
                    if case
                        .messages
                        .iter()
                        .any(|m| m.contains("os error 28") || m.contains("No space left"))
                    {
                        tally.reported += 1;
                    } else if case.failed.iter().all(|f| f.is_folder_sync()) {
                        // Only a folder's fsync sori may leave unsaid (after removing a journal
                        // already folded, after keeping a copy of a damaged one): the data is
                        // in files whose own fsyncs were reported.
                        tally.unreported_folder_syncs += 1;
                    } else {
                        // A file's fsync (or any other operation) that fails unreported is a
                        // lie to the user: the report fails.
                        tally
                            .problems
                            .push(format!("{label}: {:?} not reported", case.failed));
                    }
                    tally.changed_originals += case.changed_originals;
                    tally.lost_edits += case.lost;
                    tally.leftovers += case.leftovers;
                    if case.changed_originals + case.lost + case.leftovers > 0 {
                        tally.problems.push(format!(
                            "{label}: {} changed, {} lost, {} left: {:?}",
                            case.changed_originals, case.lost, case.leftovers, case.messages
                        ));
                    }
                }
            }
        }
    }
    tally
}

fn check(tally: &Tally) {
    assert!(
        tally.problems.is_empty(),
        "{} problems: {:#?}",
        tally.problems.len(),
        tally.problems
    );
    assert_eq!(tally.panics, 0);
    assert_eq!(tally.changed_originals, 0);
    assert_eq!(tally.lost_edits, 0);
    assert_eq!(tally.leftovers, 0);
    assert_eq!(tally.unsaved_after_clearing, 0);
}

#[test]
fn every_storage_operation_failing_in_turn_loses_nothing() {
    let tally = run_all();
    check(&tally);
    // Every fault is reported to the user but folder fsyncs sori may ignore (after removing a
    // journal already folded into the file, its records skipped if it comes back; after
    // keeping a copy of a damaged journal): `run_all` fails a file's fsync left unsaid.
    assert_eq!(
        tally.reported + tally.unreported_folder_syncs,
        tally.injected,
        "{tally:?}"
    );
    assert!(tally.reported * 10 >= tally.injected * 9, "{tally:?}");
}

/// The `R2` line of the reliability report.
#[test]
#[ignore = "run by scripts/reliability-report"]
fn faults_report() {
    let tally = run_all();
    let ok = tally.problems.is_empty()
        && tally.panics == 0
        && tally.changed_originals == 0
        && tally.lost_edits == 0
        && tally.leftovers == 0
        && tally.unsaved_after_clearing == 0
        && tally.reported + tally.unreported_folder_syncs == tally.injected;
    println!(
        "R2 faults: {} injected ({}; in {}; {} reported to the user, {} unreported, all folder fsyncs, 0 file fsyncs unreported), {} panics, {} changed originals, {} lost edits, {} temporary files left, {} not saved once the disk had room {}",
        tally.injected,
        tally
            .by_kind
            .iter()
            .map(|(kind, n)| format!("{n} {}", kind.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", "),
        tally
            .by_target
            .iter()
            .map(|(target, n)| format!("{target} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        tally.reported,
        tally.unreported_folder_syncs,
        tally.panics,
        tally.changed_originals,
        tally.lost_edits,
        tally.leftovers,
        tally.unsaved_after_clearing,
        if ok { "ok" } else { "FAILED" }
    );
    check(&tally);
}

/// The workshop screen on a disk that fills up: the status line says the change is not saved
/// and why, a quit that would lose it is refused once with the reason, and once there is room
/// the next change writes both.
#[test]
fn the_workshop_says_what_is_not_saved_and_does_not_quit_and_lose_it() {
    use ratatui::crossterm::event::KeyCode;

    use sori::core::session::Lang;
    use sori::tui::App;

    use sori::testkit::keys::{key, keys, screen_text};
    fn typed(app: &mut App, text: &str) {
        key(app, KeyCode::Char('a'));
        keys(app, text);
        key(app, KeyCode::Enter);
    }
    fn screen(app: &mut App) -> String {
        screen_text(app, 160, 48)
    }

    let dir = tempfile::tempdir().unwrap();
    let path = crashed_session(dir.path(), false);
    let (doc, notices) = Document::open(&path).unwrap();
    let mut app = App::live(doc, notices, Lang::Ja);
    key(&mut app, KeyCode::Esc); // the notice of the recovery
    let before = app.document().unwrap().history_len();

    faults::fail_from(1); // the disk is full from now on
    typed(&mut app, "見守り当番表");
    let doc = app.document().unwrap();
    assert_eq!(doc.history_len(), before + 1, "made in memory");
    assert_eq!(doc.unsaved(), 1);
    let shown = screen(&mut app);
    assert!(shown.contains("✗ 未保存"), "{shown}");
    assert!(shown.contains("No space left on device"), "{shown}");

    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quit, "a quit that loses a change is refused once");
    let said = &app.view.message.as_ref().unwrap().text;
    assert!(
        said.starts_with("1 件の変更がまだ保存されていません") && said.contains("os error 28"),
        "{said}"
    );

    faults::clear(); // room again
    typed(&mut app, "ｶﾞｲﾄﾞ役🐈");
    let doc = app.document().unwrap();
    assert!(doc.is_saved(), "the next change writes both");
    assert_eq!(doc.write_error(), None);
    assert!(!screen(&mut app).contains("✗ 未保存"));
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
    let expected = app.session().clone();
    app.finish().unwrap();
    let (doc, _) = Document::open(&path).unwrap();
    assert_eq!(*doc.session(), expected);
    assert_eq!(doc.history_len(), before + 2);
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains("見守り当番表") && file.contains("ｶﾞｲﾄﾞ役🐈"));
}
