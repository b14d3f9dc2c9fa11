//! Nothing is ever lost: atomic saves, the journal, the lock, and a writer killed at any moment.
//!
//! Some tests need a second process: they run this test binary again with
//! `SORI_STORAGE_CHILD` set, and the same test function then plays the child's part.

use sori::testkit::{Fixed, SessionBuilder};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use sori::core::event::*;
use sori::core::history::replay;
use sori::core::start::{NewSession, new_session_events};
use sori::core::{Event, History, Id, Lang, ListRef, Session, Stamp, prefix};
use sori::store::journal::journal_path;
use sori::store::lock::lock_path;
use sori::store::{CommitError, Document, Notice, OpenError, load};

/// The tests here run one at a time. A test that starts a child process forks this process,
/// and until the child execs, it holds copies of every open file, locks included: another
/// test that closed a session and reopened it in that instant would find it locked.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

const CHILD: &str = "SORI_STORAGE_CHILD";
const CHILD_PATH: &str = "SORI_STORAGE_PATH";

fn at(n: usize) -> Stamp {
    Stamp::from_unix(1_800_000_000 + n as i64, 9 * 3600)
}

/// A new session file with a host and two partners, as `sori new` makes it.
fn create(dir: &Path) -> (PathBuf, Document) {
    let path = dir.join("w.yaml");
    let opts = NewSession {
        title: "公園の管理を考える会".into(),
        lang: Lang::Ja,
        host: Some("NPO法人".into()),
        parties: vec!["市役所".into(), "町内会".into()],
        ..NewSession::default()
    };
    let mut b = SessionBuilder::new(Fixed(at(0)));
    for e in new_session_events(&opts, at(0)) {
        b.commit(e);
    }
    let (s, h) = b.into_parts();
    let doc = Document::create(&path, s, h).unwrap();
    (path, doc)
}

/// The `n`th change of a run: a decision with a numbered text, a fresh id each time.
fn decision(s: &Session, n: usize) -> Event {
    Event::AddItem(AddItem {
        list: ListRef::Decisions,
        id: Id::new(prefix::ITEM, s.next_id),
        text: format!("決定 {n}"),
        index: None,
    })
}

fn commit_decisions(doc: &mut Document, range: std::ops::Range<usize>) {
    for n in range {
        let e = decision(doc.session(), n);
        doc.commit(e, at(n)).unwrap();
    }
}

fn decision_texts(s: &Session) -> Vec<String> {
    s.decisions.iter().map(|d| d.text.clone()).collect()
}

fn expected_texts(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|n| format!("決定 {n}")).collect()
}

fn open(path: &Path) -> (Document, Vec<Notice>) {
    Document::open(path).unwrap_or_else(|e| panic!("{e}"))
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Check that the session on disk replays to its state and equals `expected`.
fn assert_on_disk(path: &Path, expected: &Session) {
    let (s, records) = load(path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&s, expected);
    assert_eq!(replay(&records, records.len()).unwrap(), s);
}

/// Run this test binary again as a child that plays `role` on `path`.
fn spawn_child(test: &str, role: &str, path: &Path, wrapper: Option<&str>) -> Child {
    let exe = std::env::current_exe().unwrap();
    let args = [test, "--exact", "--nocapture", "--test-threads=1"];
    let mut command = match wrapper {
        Some(script) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(script).arg(&exe).args(args);
            c
        }
        None => {
            let mut c = Command::new(&exe);
            c.args(args);
            c
        }
    };
    command
        .env(CHILD, role)
        .env(CHILD_PATH, path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// The role and path when this process is a child.
fn child_role() -> Option<(String, PathBuf)> {
    let role = std::env::var(CHILD).ok()?;
    let path = std::env::var_os(CHILD_PATH)?.into();
    // The test harness has printed `test NAME ... ` without a line end: what the child says
    // starts on a line of its own.
    println!();
    Some((role, path))
}

/// Lines the child printed that start with `tag `: the numbers after it.
fn read_tagged(lines: &mut impl Iterator<Item = String>, tag: &str, want: usize) -> Vec<usize> {
    let mut out = vec![];
    if want == 0 {
        return out;
    }
    for line in lines.by_ref() {
        if let Some(n) = line.strip_prefix(tag).and_then(|r| r.trim().parse().ok()) {
            out.push(n);
            if out.len() == want {
                break;
            }
        }
    }
    out
}

#[test]
fn a_new_session_is_on_disk_and_replays() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, doc) = create(dir.path());
    assert!(doc.is_saved());
    assert!(!doc.is_read_only());
    assert_on_disk(&path, doc.session());
    assert_eq!(names(dir.path()), ["w.yaml", "w.yaml.lock"]);
    // Creating over an existing file is refused and leaves it alone.
    let before = std::fs::read(&path).unwrap();
    drop(doc);
    match Document::create(&path, Session::empty(), History::default()) {
        Err(OpenError::Io(message)) => {
            assert_eq!(
                message,
                format!("{}: the file already exists", path.display())
            );
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn every_commit_is_in_the_journal_and_a_save_folds_it() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    let file_before = std::fs::read(&path).unwrap();
    commit_decisions(&mut doc, 0..5);
    // The file is not rewritten per change; the journal holds the changes.
    assert_eq!(std::fs::read(&path).unwrap(), file_before);
    let journal = std::fs::read_to_string(journal_path(&path)).unwrap();
    // The header (the version of the file the changes build on), then one line per change.
    assert_eq!(journal.lines().count(), 1 + 5);
    assert!(journal.starts_with("{\"base\":{\"history\":"), "{journal}");
    assert!(doc.is_saved());
    doc.save().unwrap();
    assert!(!journal_path(&path).exists());
    assert_on_disk(&path, doc.session());
    assert_eq!(decision_texts(doc.session()), expected_texts(0..5));
    // Closing with nothing new does not write.
    let saved = std::fs::read(&path).unwrap();
    doc.close().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), saved);
}

#[test]
fn undo_and_redo_are_journaled_too() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    commit_decisions(&mut doc, 0..3);
    assert!(doc.undo(at(10)).unwrap());
    assert!(doc.undo(at(11)).unwrap());
    assert!(doc.redo(at(12)).unwrap());
    let expected = doc.session().clone();
    assert_eq!(decision_texts(&expected), expected_texts(0..2));
    drop(doc);
    let (doc, notices) = open(&path);
    assert_eq!(notices, [Notice::Recovered { edits: 6 }]);
    assert_eq!(doc.session(), &expected);
    assert_on_disk(&path, &expected);
}

#[test]
fn a_refused_change_is_not_recorded() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    let before = doc.session().clone();
    let len = doc.history_len();
    let err = doc
        .commit(
            Event::Remove(Remove {
                id: "p1".parse().unwrap(),
            }),
            at(1),
        )
        .unwrap_err();
    assert!(matches!(err, CommitError::Refused(_)), "{err:?}");
    assert_eq!(doc.session(), &before);
    assert_eq!(doc.history_len(), len);
    assert!(!journal_path(&path).exists());
}

#[test]
fn edits_left_by_a_sori_that_did_not_close_are_recovered() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    commit_decisions(&mut doc, 0..7);
    let expected = doc.session().clone();
    // No close, no save: as after a crash.
    drop(doc);
    let (doc, notices) = open(&path);
    assert_eq!(notices, [Notice::Recovered { edits: 7 }]);
    assert_eq!(doc.session(), &expected);
    // Recovered edits are folded into the file at once; the journal has done its job.
    assert!(!journal_path(&path).exists());
    assert_on_disk(&path, &expected);
    drop(doc);
    let (_, notices) = open(&path);
    assert_eq!(notices, []);
}

#[test]
fn a_journal_cut_in_the_middle_of_a_record_gives_back_every_complete_record() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    commit_decisions(&mut doc, 0..4);
    drop(doc);
    let jpath = journal_path(&path);
    let bytes = std::fs::read(&jpath).unwrap();
    let last_start = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    // Every cut inside the last record, including one inside a multi-byte character.
    for cut in [
        last_start + 1,
        (last_start + bytes.len()) / 2,
        bytes.len() - 2,
    ] {
        let copy = tempfile::tempdir().unwrap();
        let p = copy.path().join("w.yaml");
        std::fs::copy(&path, &p).unwrap();
        std::fs::write(journal_path(&p), &bytes[..cut]).unwrap();
        let (doc, notices) = open(&p);
        assert_eq!(notices, [Notice::Recovered { edits: 3 }], "cut at {cut}");
        assert_eq!(decision_texts(doc.session()), expected_texts(0..3));
        assert_on_disk(&p, doc.session());
    }
}

#[test]
fn garbage_after_valid_records_is_kept_aside_and_reported() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    commit_decisions(&mut doc, 0..3);
    drop(doc);
    let jpath = journal_path(&path);
    let mut bytes = std::fs::read(&jpath).unwrap();
    let valid = bytes.clone();
    bytes.extend_from_slice(b"\x00\x00 not a record \xff\n");
    bytes.extend_from_slice(valid.split(|&b| b == b'\n').next().unwrap());
    bytes.push(b'\n');
    std::fs::write(&jpath, &bytes).unwrap();

    let (doc, notices) = open(&path);
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert_eq!(notices[0], Notice::Recovered { edits: 3 });
    let Notice::JournalDamaged { line, copy } = &notices[1] else {
        panic!("{notices:?}")
    };
    // The header, three records, then the garbage.
    assert_eq!(*line, 5);
    let copy = copy.as_ref().expect("a copy is kept");
    assert_eq!(std::fs::read(copy).unwrap(), bytes, "the copy holds it all");
    assert!(
        copy.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("w.yaml.journal.damaged-")
    );
    assert_eq!(decision_texts(doc.session()), expected_texts(0..3));
    assert_on_disk(&path, doc.session());
}

#[test]
fn a_journal_with_a_gap_stops_at_the_gap() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    commit_decisions(&mut doc, 0..3);
    drop(doc);
    let jpath = journal_path(&path);
    let text = std::fs::read_to_string(&jpath).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Drop the second record (after the header): the third no longer follows on.
    std::fs::write(
        &jpath,
        format!("{}\n{}\n{}\n", lines[0], lines[1], lines[3]),
    )
    .unwrap();
    let (doc, notices) = open(&path);
    assert_eq!(notices[0], Notice::Recovered { edits: 1 });
    assert!(
        matches!(notices[1], Notice::JournalDamaged { line: 3, .. }),
        "{notices:?}"
    );
    assert_eq!(decision_texts(doc.session()), expected_texts(0..1));
}

#[test]
fn a_journal_left_after_a_fold_is_not_applied_twice() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    commit_decisions(&mut doc, 0..3);
    let jpath = journal_path(&path);
    let old_journal = std::fs::read(&jpath).unwrap();
    doc.save().unwrap();
    let expected = doc.session().clone();
    drop(doc);
    // A crash between the save and the journal's removal leaves the folded records behind.
    std::fs::write(&jpath, &old_journal).unwrap();
    let (doc, notices) = open(&path);
    assert_eq!(notices, []);
    assert_eq!(doc.session(), &expected);
    assert_eq!(decision_texts(doc.session()), expected_texts(0..3));
    assert_on_disk(&path, &expected);

    // Folded records followed by new ones: only the new ones apply.
    let mut doc = doc;
    commit_decisions(&mut doc, 3..5);
    let expected = doc.session().clone();
    drop(doc);
    let mut both = old_journal.clone();
    both.extend(std::fs::read(&jpath).unwrap());
    std::fs::write(&jpath, &both).unwrap();
    let (doc, notices) = open(&path);
    assert_eq!(notices, [Notice::Recovered { edits: 2 }]);
    assert_eq!(doc.session(), &expected);
    assert_eq!(decision_texts(doc.session()), expected_texts(0..5));
}

#[test]
fn a_file_that_failed_to_load_is_never_written() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut doc) = create(dir.path());
    commit_decisions(&mut doc, 0..2);
    drop(doc);
    // The file is damaged by hand after the crash; its journal is still there.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"parties: [\n");
    std::fs::write(&path, &bytes).unwrap();
    let journal = std::fs::read(journal_path(&path)).unwrap();
    let files = names(dir.path());
    for _ in 0..2 {
        match Document::open(&path) {
            Err(OpenError::Load(e)) => assert!(e.line.is_some(), "{e}"),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a damaged file opened"),
        }
    }
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(std::fs::read(journal_path(&path)).unwrap(), journal);
    assert_eq!(names(dir.path()), files);
}

#[test]
fn a_second_opener_only_reads() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let (path, mut first) = create(dir.path());
    commit_decisions(&mut first, 0..2);
    let journal = std::fs::read(journal_path(&path)).unwrap();
    let file = std::fs::read(&path).unwrap();

    let (mut second, notices) = open(&path);
    // Only read-only: the journaled edits are the first sori's, live, not recovered ones.
    assert_eq!(notices, [Notice::ReadOnly]);
    assert!(second.is_read_only());
    // It shows what the first one has journaled, and touches nothing.
    assert_eq!(second.session(), first.session());
    let e = decision(second.session(), 9);
    assert_eq!(second.commit(e, at(9)), Err(CommitError::ReadOnly));
    assert_eq!(second.undo(at(9)), Err(CommitError::ReadOnly));
    assert_eq!(second.redo(at(9)), Err(CommitError::ReadOnly));
    assert!(second.save().is_err());
    second.close().unwrap();
    assert_eq!(std::fs::read(journal_path(&path)).unwrap(), journal);
    assert_eq!(std::fs::read(&path).unwrap(), file);

    // The first goes on writing; once it closes, the next opener writes.
    commit_decisions(&mut first, 2..3);
    first.close().unwrap();
    let (mut third, notices) = open(&path);
    assert_eq!(notices, []);
    assert!(!third.is_read_only());
    commit_decisions(&mut third, 3..4);
    assert_eq!(decision_texts(third.session()), expected_texts(0..4));
}

#[test]
fn a_failed_save_keeps_the_old_file_and_the_session() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("会議");
    std::fs::create_dir(&folder).unwrap();
    let (path, mut doc) = create(&folder);
    commit_decisions(&mut doc, 0..3);
    doc.save().unwrap();
    let saved = std::fs::read(&path).unwrap();

    // The folder goes away (an unplugged stick, a synced folder moved by another machine).
    let moved = dir.path().join("会議-moved");
    std::fs::rename(&folder, &moved).unwrap();
    let err = doc.save().unwrap_err();
    assert!(err.starts_with(&path.display().to_string()), "{err}");
    assert_eq!(doc.write_error(), Some(err.as_str()));
    // Changes made meanwhile stay in memory.
    let e = decision(doc.session(), 3);
    let _ = doc.commit(e, at(3));
    assert_eq!(decision_texts(doc.session()), expected_texts(0..4));
    assert!(doc.save().is_err());
    assert_eq!(std::fs::read(moved.join("w.yaml")).unwrap(), saved);
    let left: Vec<String> = names(&moved)
        .into_iter()
        .filter(|n| n != "w.yaml.journal")
        .collect();
    assert_eq!(left, ["w.yaml", "w.yaml.lock"], "no temporary files left");

    // The fault clears: the next save writes everything.
    std::fs::rename(&moved, &folder).unwrap();
    doc.save().unwrap();
    assert_eq!(doc.write_error(), None);
    assert!(doc.is_saved());
    assert_on_disk(&path, doc.session());
    assert_eq!(decision_texts(doc.session()), expected_texts(0..4));
    assert_eq!(names(&folder), ["w.yaml", "w.yaml.lock"]);
}

/// A full disk, for real: the child runs with a file size limit (`ulimit -f`), commits until
/// the journal cannot grow, then tries to save. The old file stays byte for byte what it was,
/// and every change whose commit returned is recovered.
#[test]
fn a_full_disk_never_damages_the_old_file() {
    let _serial = one_at_a_time();
    const TEST: &str = "a_full_disk_never_damages_the_old_file";
    if let Some((role, path)) = child_role() {
        assert_eq!(role, "full-disk");
        let (mut doc, notices) = open(&path);
        assert_eq!(notices, []);
        let long = "野良猫".repeat(300);
        for n in 0.. {
            let e = Event::AddItem(AddItem {
                list: ListRef::ParkingLot,
                id: Id::new(prefix::ITEM, doc.session().next_id),
                text: format!("{n} {long}"),
                index: None,
            });
            match doc.commit(e, at(n)) {
                Ok(()) => println!("committed {n}"),
                Err(CommitError::NotSaved(_)) => break,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(!doc.is_saved());
        assert!(doc.save().is_err(), "the save must hit the limit too");
        println!("save failed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, doc) = create(dir.path());
    drop(doc);
    let before = std::fs::read(&path).unwrap();
    // 64 blocks: 32 KiB in dash, 64 KiB in bash. The file is about 1 KiB.
    let script = "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"";
    let mut child = spawn_child(TEST, "full-disk", &path, Some(script));
    let out = BufReader::new(child.stdout.take().unwrap());
    let lines: Vec<String> = out.lines().map_while(Result::ok).collect();
    assert!(child.wait().unwrap().success());
    let committed = read_tagged(&mut lines.clone().into_iter(), "committed ", usize::MAX);
    assert!(lines.iter().any(|l| l == "save failed"), "{lines:?}");
    assert!(committed.len() >= 5, "{lines:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the old file changed"
    );
    // The journal ends with the start of the record that did not fit.
    let journal = std::fs::read(journal_path(&path)).unwrap();
    assert_ne!(journal.last(), Some(&b'\n'));

    let (doc, notices) = open(&path);
    assert_eq!(
        notices,
        [Notice::Recovered {
            edits: committed.len()
        }]
    );
    let recovered: Vec<usize> = doc
        .session()
        .parking_lot
        .iter()
        .map(|it| it.text.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(recovered, committed);
    assert_on_disk(&path, doc.session());
}

/// A lock held by a process that was killed does not block: the OS lets go of it.
#[test]
fn a_lock_left_by_a_killed_sori_does_not_block() {
    let _serial = one_at_a_time();
    const TEST: &str = "a_lock_left_by_a_killed_sori_does_not_block";
    if let Some((role, path)) = child_role() {
        assert_eq!(role, "hold-lock");
        let (doc, _) = open(&path);
        assert!(!doc.is_read_only());
        println!("locked");
        std::thread::sleep(std::time::Duration::from_secs(120));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, doc) = create(dir.path());
    drop(doc);
    let mut child = spawn_child(TEST, "hold-lock", &path, None);
    let mut lines = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok);
    assert!(lines.any(|l| l == "locked"));
    let (doc, notices) = open(&path);
    assert_eq!(notices, [Notice::ReadOnly]);
    drop(doc);

    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        lock_path(&path).exists(),
        "the lock file stays; only the lock goes"
    );
    let (mut doc, notices) = open(&path);
    assert_eq!(notices, []);
    commit_decisions(&mut doc, 0..1);
}

/// THE KILL TEST. A child opens the session and commits changes one by one, printing each
/// number after `commit` returns (and folding the journal now and then, as the screen does).
/// The parent kills it with SIGKILL at some point, reopens the session, and finds every change
/// whose commit had returned.
#[test]
fn a_writer_killed_at_any_moment_loses_no_returned_commit() {
    let _serial = one_at_a_time();
    const TEST: &str = "a_writer_killed_at_any_moment_loses_no_returned_commit";
    if let Some((role, path)) = child_role() {
        assert_eq!(role, "commit-until-killed");
        let (mut doc, _) = open(&path);
        println!("opened");
        for n in 0..1_000_000 {
            let e = decision(doc.session(), n);
            doc.commit(e, at(n)).unwrap();
            println!("committed {n}");
            if n % 37 == 36 {
                doc.save().unwrap();
            }
        }
        return;
    }
    // Kill right after opening, after a few commits, around folds, and after many.
    for kill_after in [0, 1, 7, 36, 37, 38, 120, 300] {
        let dir = tempfile::tempdir().unwrap();
        let (path, doc) = create(dir.path());
        let base = doc.session().clone();
        drop(doc);
        let mut child = spawn_child(TEST, "commit-until-killed", &path, None);
        let mut lines = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok);
        assert!(lines.any(|l| l == "opened"));
        let mut committed = read_tagged(&mut lines, "committed ", kill_after);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Lines printed before the kill are still in the pipe.
        committed.extend(read_tagged(&mut lines, "committed ", usize::MAX));
        assert_eq!(committed, (0..committed.len()).collect::<Vec<_>>());
        assert!(committed.len() >= kill_after);

        let (doc, notices) = open(&path);
        let texts = decision_texts(doc.session());
        // Every returned commit is there; at most the one in flight beyond them.
        assert!(
            texts.len() == committed.len() || texts.len() == committed.len() + 1,
            "kill after {kill_after}: {} returned, {} recovered",
            committed.len(),
            texts.len()
        );
        assert_eq!(texts, expected_texts(0..texts.len()));
        assert!(
            notices
                .iter()
                .all(|n| matches!(n, Notice::Recovered { .. })),
            "{notices:?}"
        );
        assert_eq!(doc.session().parties, base.parties);
        assert_on_disk(&path, doc.session());
        // No journal, no damaged copy. (A kill in the instant between naming a save's
        // temporary file and renaming it over w.yaml can leave that hidden, complete file.)
        let left: Vec<String> = names(dir.path())
            .into_iter()
            .filter(|n| !n.starts_with(".w.yaml."))
            .collect();
        assert_eq!(left, ["w.yaml", "w.yaml.lock"], "kill after {kill_after}");
        let records = doc.all_records().unwrap();
        assert_eq!(&replay(&records, records.len()).unwrap(), doc.session());
    }
}
