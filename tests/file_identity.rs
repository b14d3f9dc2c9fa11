//! The session file among other programs, through the library: which file a session is (links,
//! hard links), which version of it sori read, and what sori does when another program changes
//! it (a sync client renaming its download over it or copying onto it, a hand edit, a
//! deletion), when a journal was written on another version, and when the file, its folder,
//! its lock or its journal cannot be written. The real binary in a terminal goes through the
//! same cases in `tests/folders.rs`.

use std::path::{Path, PathBuf};

mod big_session;
use big_session::near_the_limit;

use sori::core::event::{AddItem, SetText};
use sori::core::{Event, History, Id, ListRef, Session, Stamp, TextField, prefix};
use sori::store::journal::journal_path;
use sori::store::lock::lock_path;
use sori::store::{CommitError, Document, Notice, WriteBlock, load};

fn at(n: usize) -> Stamp {
    Stamp::from_unix(1_800_000_000 + n as i64 * 60, 9 * 3600)
}

fn decision(s: &Session, text: &str) -> Event {
    Event::AddItem(AddItem {
        list: ListRef::Decisions,
        id: Id::new(prefix::ITEM, s.next_id),
        text: text.into(),
        index: None,
    })
}

fn decide(doc: &mut Document, texts: &[&str]) {
    for (n, text) in texts.iter().enumerate() {
        let e = decision(doc.session(), text);
        doc.commit(e, at(n)).unwrap();
    }
}

fn decisions(s: &Session) -> Vec<String> {
    s.decisions.iter().map(|d| d.text.clone()).collect()
}

/// A session file with a title and one decision, made and closed by sori.
fn session(dir: &Path, name: &str, title: &str) -> PathBuf {
    let path = dir.join(name);
    let mut doc = Document::create(&path, Session::empty(), History::default()).unwrap();
    doc.commit(
        Event::SetText(SetText {
            field: TextField::Title,
            text: title.into(),
        }),
        at(0),
    )
    .unwrap();
    decide(&mut doc, &["最初の決定"]);
    doc.close().unwrap();
    path
}

/// Another version of the session: a colleague's copy, written elsewhere with a history as
/// long as this one's or longer.
fn colleagues_version(dir: &Path, records: usize) -> Vec<u8> {
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let path = elsewhere.join(format!("colleague-{records}.yaml"));
    let mut doc = Document::create(&path, Session::empty(), History::default()).unwrap();
    doc.commit(
        Event::SetText(SetText {
            field: TextField::Title,
            text: "同僚の版".into(),
        }),
        at(0),
    )
    .unwrap();
    let texts: Vec<String> = (1..records).map(|n| format!("同僚の決定 {n}")).collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    decide(&mut doc, &texts);
    doc.close().unwrap();
    std::fs::read(&path).unwrap()
}

/// How a sync client puts another version in place.
#[derive(Clone, Copy, Debug)]
enum Sync {
    /// Written beside, renamed over (Dropbox, Syncthing): a new file.
    RenameOver,
    /// Written into the file itself (a copy, some clients): the same file.
    CopyOver,
}

fn replace(path: &Path, bytes: &[u8], how: Sync) {
    match how {
        Sync::RenameOver => {
            let tmp = path.with_file_name(".sync-download.tmp");
            std::fs::write(&tmp, bytes).unwrap();
            std::fs::rename(&tmp, path).unwrap();
        }
        Sync::CopyOver => std::fs::write(path, bytes).unwrap(),
    }
}

fn conflict_copies(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.contains(".sori-conflict-") && name.ends_with(".yaml")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_file_replaced_while_open_is_kept_and_sori_writes_its_version_beside_it() {
    for how in [Sync::RenameOver, Sync::CopyOver] {
        let dir = tempfile::tempdir().unwrap();
        let path = session(dir.path(), "w.yaml", "見守りの会");
        let (mut doc, _) = Document::open(&path).unwrap();
        decide(&mut doc, &["見守り当番を決める"]);
        let theirs = colleagues_version(dir.path(), 6);
        replace(&path, &theirs, how);
        // The fold (a step change, a quit) finds the other version: nothing is overwritten.
        doc.save().unwrap();
        let notice = doc.poll().expect("the facilitator is told");
        let Notice::Conflict { theirs: at, ours } = &notice else {
            panic!("{how:?}: {notice:?}")
        };
        assert_eq!(at, &path);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            theirs,
            "{how:?}: theirs untouched"
        );
        assert_eq!(
            conflict_copies(dir.path()),
            std::slice::from_ref(ours),
            "{how:?}"
        );
        assert!(
            ours.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("w.sori-conflict-"),
            "{ours:?}"
        );
        let (copy, _) = load(ours).unwrap();
        assert_eq!(
            decisions(&copy),
            ["最初の決定", "見守り当番を決める"],
            "{how:?}"
        );
        // The session goes on in the copy: the lock moved, the old journal is gone.
        assert_eq!(doc.path(), ours.as_path());
        assert!(!lock_path(&path).exists(), "{how:?}");
        assert!(!journal_path(&path).exists(), "{how:?}");
        decide(&mut doc, &["次回の日程"]);
        doc.close().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), theirs);
        let (copy, _) = load(ours).unwrap();
        assert_eq!(
            decisions(&copy),
            ["最初の決定", "見守り当番を決める", "次回の日程"]
        );
    }
}

#[test]
fn a_change_seen_by_poll_is_dealt_with_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let (mut doc, _) = Document::open(&path).unwrap();
    decide(&mut doc, &["見守り当番を決める"]);
    let theirs = colleagues_version(dir.path(), 2);
    replace(&path, &theirs, Sync::CopyOver);
    // No watcher here: every poll looks at the file.
    assert!(matches!(doc.poll(), Some(Notice::Conflict { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), theirs);
    assert_eq!(doc.poll(), None, "told once");
}

#[test]
fn without_changes_of_its_own_sori_shows_the_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let (mut doc, _) = Document::open(&path).unwrap();
    let theirs = colleagues_version(dir.path(), 3);
    replace(&path, &theirs, Sync::RenameOver);
    assert_eq!(doc.poll(), Some(Notice::Reloaded { path: path.clone() }));
    assert_eq!(doc.session().meta.title, "同僚の版");
    assert_eq!(doc.history_len(), 3);
    assert!(conflict_copies(dir.path()).is_empty());
    // And it is a writer on the new version.
    decide(&mut doc, &["追加"]);
    doc.close().unwrap();
    let (s, records) = load(&path).unwrap();
    assert_eq!(s.meta.title, "同僚の版");
    assert_eq!(records.len(), 4);
}

#[test]
fn another_sori_that_saved_after_this_one_is_followed_not_conflicted() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let (mut doc, _) = Document::open(&path).unwrap();
    decide(&mut doc, &["一"]);
    doc.save().unwrap();
    // Elsewhere (another machine, through a sync client) the saved file was opened and
    // carried on: its history continues this one's.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let copy = elsewhere.join("w.yaml");
    std::fs::copy(&path, &copy).unwrap();
    let (mut other, _) = Document::open(&copy).unwrap();
    decide(&mut other, &["二"]);
    other.close().unwrap();
    replace(&path, &std::fs::read(&copy).unwrap(), Sync::RenameOver);
    assert!(matches!(doc.poll(), Some(Notice::Reloaded { .. })));
    assert_eq!(decisions(doc.session()), ["最初の決定", "一", "二"]);
    assert!(conflict_copies(dir.path()).is_empty());
}

#[test]
fn a_file_changed_into_one_that_does_not_read_is_not_written_until_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let (mut doc, _) = Document::open(&path).unwrap();
    let good = std::fs::read(&path).unwrap();
    std::fs::write(&path, b"sori: 1\nparties: [\n").unwrap();
    let Some(Notice::ChangedUnreadable { error }) = doc.poll() else {
        panic!()
    };
    assert!(error.contains("w.yaml:"), "{error}");
    assert!(doc.is_read_only());
    let e = decision(doc.session(), "x");
    assert_eq!(doc.commit(e, at(1)), Err(CommitError::ReadOnly));
    assert_eq!(std::fs::read(&path).unwrap(), b"sori: 1\nparties: [\n");
    // Fixed by hand: sori reads it again and may write.
    let mut fixed = good.clone();
    fixed.extend_from_slice(b"# fixed\n");
    std::fs::write(&path, &fixed).unwrap();
    assert!(matches!(doc.poll(), Some(Notice::Reloaded { .. })));
    assert!(!doc.is_read_only());
}

#[test]
fn a_file_deleted_while_open_is_written_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let (mut doc, _) = Document::open(&path).unwrap();
    decide(&mut doc, &["消されても残る"]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(doc.poll(), Some(Notice::Restored { path: path.clone() }));
    let (s, _) = load(&path).unwrap();
    assert_eq!(decisions(&s), ["最初の決定", "消されても残る"]);
}

/// A sori killed with edits in its journal; meanwhile the file was replaced by a version
/// whose history is as long or longer. The journal's records were made on the old version:
/// they are never applied to the new one, nor deleted.
#[test]
fn a_journal_written_on_another_version_is_kept_aside_and_reported() {
    for (how, records) in [(Sync::RenameOver, 3), (Sync::CopyOver, 5)] {
        let dir = tempfile::tempdir().unwrap();
        let path = session(dir.path(), "w.yaml", "見守りの会");
        let (mut doc, _) = Document::open(&path).unwrap();
        decide(&mut doc, &["一", "二"]);
        drop(doc); // killed: the journal stays
        let journal = std::fs::read(journal_path(&path)).unwrap();
        let theirs = colleagues_version(dir.path(), records);
        replace(&path, &theirs, how);

        let (doc, notices) = Document::open(&path).unwrap();
        let [Notice::JournalForeign { edits, kept }] = notices.as_slice() else {
            panic!("{how:?}: {notices:?}")
        };
        assert_eq!(*edits, 2, "{how:?}");
        assert_eq!(std::fs::read(kept).unwrap(), journal, "kept whole");
        assert!(
            kept.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("w.yaml.journal.sori-conflict-"),
            "{kept:?}"
        );
        assert_eq!(doc.session().meta.title, "同僚の版");
        assert_eq!(doc.history_len(), records);
        assert!(!journal_path(&path).exists());
        drop(doc);
        assert_eq!(std::fs::read(&path).unwrap(), theirs, "{how:?}");
        // `sori check` said the same before the open moved it (see tests/folders.rs).
    }
}

/// A journal written before journals had headers (an older sori), the file then replaced by
/// a longer history: the records at the same places differ, so it does not belong either.
#[test]
fn a_journal_without_header_is_checked_against_the_records_the_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let (mut doc, _) = Document::open(&path).unwrap();
    decide(&mut doc, &["一", "二"]);
    drop(doc);
    let jpath = journal_path(&path);
    let text = std::fs::read_to_string(&jpath).unwrap();
    let legacy: String = text
        .lines()
        .filter(|l| !l.starts_with("{\"base\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&jpath, &legacy).unwrap();
    replace(&path, &colleagues_version(dir.path(), 6), Sync::RenameOver);
    let (_, notices) = Document::open(&path).unwrap();
    assert!(
        matches!(
            notices.as_slice(),
            [Notice::JournalForeign { edits: 2, .. }]
        ),
        "{notices:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_session_opened_through_a_link_writes_the_real_file_and_the_link_stays() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("Dropbox");
    std::fs::create_dir(&real_dir).unwrap();
    let real = session(&real_dir, "w.yaml", "見守りの会");
    let link = dir.path().join("今日の会.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let (mut doc, notices) = Document::open(&link).unwrap();
    assert_eq!(notices, []);
    assert_eq!(doc.path(), link);
    let real_canon = std::fs::canonicalize(&real).unwrap();
    assert_eq!(doc.real_path(), real_canon);
    decide(&mut doc, &["リンク越しの決定"]);
    // The lock and the journal are beside the real file, none beside the link.
    assert!(lock_path(&real).exists() && journal_path(&real).exists());
    assert!(!lock_path(&link).exists() && !journal_path(&link).exists());
    // The target is the same session: a second opener through it only reads.
    let (second, notices) = Document::open(&real).unwrap();
    assert_eq!(notices, [Notice::ReadOnly]);
    drop(second);
    doc.close().unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let (s, _) = load(&real).unwrap();
    assert_eq!(decisions(&s), ["最初の決定", "リンク越しの決定"]);
}

#[cfg(unix)]
#[test]
fn two_hard_links_to_one_file_share_one_writer() {
    let dir = tempfile::tempdir().unwrap();
    let a = session(dir.path(), "a.yaml", "見守りの会");
    let b = dir.path().join("b.yaml");
    std::fs::hard_link(&a, &b).unwrap();
    let (mut first, notices) = Document::open(&a).unwrap();
    assert_eq!(notices, []);
    let (mut second, notices) = Document::open(&b).unwrap();
    assert_eq!(notices, [Notice::ReadOnly], "the other name is taken");
    let e = decision(second.session(), "x");
    assert_eq!(second.commit(e, at(1)), Err(CommitError::ReadOnly));
    drop(second);
    decide(&mut first, &["一"]);
    // Saved while the other name is open read-only again: still one writer.
    first.save().unwrap();
    let (third, notices) = Document::open(&b).unwrap();
    assert_eq!(notices, [Notice::ReadOnly], "{:?}", third.path());
    drop(third);
    first.close().unwrap();
    // Saved in place: both names are still one file, with the change.
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let (s, _) = load(&b).unwrap();
    assert_eq!(decisions(&s), ["最初の決定", "一"]);
}

#[cfg(unix)]
#[test]
fn links_planted_where_sori_creates_its_files_are_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "someone else's file").unwrap();
    let victim_mode = std::fs::metadata(&victim).unwrap().permissions();

    // The journal: read-only, the cause named; nothing read from it or written through it.
    std::os::unix::fs::symlink(&victim, journal_path(&path)).unwrap();
    let (mut doc, notices) = Document::open(&path).unwrap();
    let [Notice::CannotWrite(WriteBlock::Journal { journal, why })] = notices.as_slice() else {
        panic!("{notices:?}")
    };
    assert_eq!(journal, &journal_path(&path));
    assert!(why.contains("symbolic link"), "{why}");
    let e = decision(doc.session(), "x");
    assert_eq!(doc.commit(e, at(1)), Err(CommitError::ReadOnly));
    drop(doc);
    std::fs::remove_file(journal_path(&path)).unwrap();

    // The lock: the same.
    std::os::unix::fs::symlink(&victim, lock_path(&path)).unwrap();
    let (doc, notices) = Document::open(&path).unwrap();
    assert!(
        matches!(
            notices.as_slice(),
            [Notice::CannotWrite(WriteBlock::Lock { .. })]
        ),
        "{notices:?}"
    );
    assert!(doc.is_read_only());
    drop(doc);
    std::fs::remove_file(lock_path(&path)).unwrap();

    // The temporary file of a save: taken away, never written through.
    let (mut doc, _) = Document::open(&path).unwrap();
    let temp = dir
        .path()
        .join(format!(".w.yaml.sori-tmp-{}", std::process::id()));
    std::os::unix::fs::symlink(&victim, &temp).unwrap();
    decide(&mut doc, &["一"]);
    doc.save().unwrap();
    assert!(std::fs::symlink_metadata(&temp).is_err());
    doc.close().unwrap();

    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "someone else's file"
    );
    assert_eq!(
        std::fs::metadata(&victim).unwrap().permissions(),
        victim_mode
    );
    let (s, _) = load(&path).unwrap();
    assert_eq!(decisions(&s), ["最初の決定", "一"]);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_opens_read_only_and_is_never_rewritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let (mut doc, notices) = Document::open(&path).unwrap();
    let real = std::fs::canonicalize(&path).unwrap();
    assert_eq!(
        notices,
        [Notice::CannotWrite(WriteBlock::FileReadOnly { path: real })]
    );
    let e = decision(doc.session(), "x");
    assert_eq!(doc.commit(e, at(1)), Err(CommitError::ReadOnly));
    assert!(doc.save().is_err());
    doc.close().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Nothing left beside it: no lock, no journal.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "elsewhere")
        .collect();
    assert_eq!(names, ["w.yaml"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_in_the_journals_place_is_never_read_or_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let status = std::process::Command::new("mkfifo")
        .arg(journal_path(&path))
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    let (doc, notices) = Document::open(&path).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let [Notice::CannotWrite(WriteBlock::Journal { why, .. })] = notices.as_slice() else {
        panic!("{notices:?}")
    };
    assert_eq!(
        why,
        "this is a named pipe (FIFO), not a file; sori does not read it"
    );
    assert!(doc.is_read_only());
    drop(doc);
    std::fs::remove_file(journal_path(&path)).unwrap();
    std::fs::create_dir(journal_path(&path)).unwrap();
    let (_, notices) = Document::open(&path).unwrap();
    assert!(
        matches!(notices.as_slice(), [Notice::CannotWrite(WriteBlock::Journal { why, .. })] if why.contains("folder")),
        "{notices:?}"
    );
}

#[test]
fn an_enormous_journal_is_not_read_and_the_session_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), "w.yaml", "見守りの会");
    let journal = std::fs::File::create(journal_path(&path)).unwrap();
    journal.set_len(65 * 1024 * 1024).unwrap(); // sparse: nothing is written
    drop(journal);
    let (doc, notices) = Document::open(&path).unwrap();
    let [Notice::CannotWrite(WriteBlock::Journal { why, .. })] = notices.as_slice() else {
        panic!("{notices:?}")
    };
    assert_eq!(
        why,
        "the file is larger than 64 MiB; sori refuses to read it"
    );
    assert!(doc.is_read_only());
    drop(doc);
    assert_eq!(
        std::fs::metadata(journal_path(&path)).unwrap().len(),
        65 * 1024 * 1024,
        "kept as it is"
    );
}

/// A session near the 64 MiB sori reads: a change that would take it past is refused, with
/// nothing written and the file still readable.
#[test]
fn a_change_that_would_make_the_file_too_large_to_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    std::fs::write(&path, near_the_limit(1024 * 1024)).unwrap();
    let (mut doc, notices) = Document::open(&path).unwrap();
    assert_eq!(notices, []);
    let before = doc.history_len();
    let note = |n: usize| {
        Event::SetText(SetText {
            field: TextField::StepNotes(2),
            text: format!("{}{n}", "議".repeat(99_000)),
        })
    };
    // About 300 KB a change, counted twice: a few go in, then one is refused.
    let mut made = 0;
    let refused = loop {
        match doc.commit(note(made), at(made)) {
            Ok(()) => made += 1,
            Err(e) => break e,
        }
        assert!(made < 10, "never refused");
    };
    assert_eq!(refused, CommitError::TooLarge { limit_mib: 64 });
    assert!(made >= 1, "the changes that fit were made");
    assert_eq!(doc.history_len(), before + made);
    doc.close().unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size <= 64 * 1024 * 1024, "{size}");
    let (_, records) = load(&path).unwrap();
    assert_eq!(records.len(), before + made);
}
