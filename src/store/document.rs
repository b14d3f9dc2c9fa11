//! An open session file: the state, its history, the lock and the journal, kept in step.
//!
//! Every change is applied through the core's history (`apply`, the one door), then appended
//! to the journal and fsync'd before `commit` returns. The whole file is rewritten (atomically)
//! only when the journal is folded.
//!
//! Opening reads the state and counts the history without reading it (`load_lazy`): the
//! history stays the file's text, which a save copies as it is and follows with the new
//! records. That text is checked in the background right after opening; nothing is written,
//! not even to the journal, before the check is done (the first change waits for it), and a
//! history that does not read makes the session read-only with a message that says where it
//! is wrong. So a history sori cannot read is never written again as if it were sound.
//!
//! The session file lives among other programs (a sync client, a colleague, a text editor).
//! Opening takes the lock first, then reads the file and its journal, so what a writer holds
//! is what is on disk. The file is known by its real path (links resolved; the lock, the
//! journal and every save are beside it). What was read is remembered (`identity::Seen`);
//! before every save, and whenever the folder watcher or the event loop asks (`poll`), the
//! file is compared with it. A file another program changed is never written over: if this
//! run has changes of its own, sori's version is written beside it as a conflict copy
//! (`w.sori-conflict-20261127-143205.yaml`) and the session goes on there; if not, sori shows
//! the new version. Either way the facilitator is told (`Notice`).

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::core::apply::ApplyError;
use crate::core::event::Event;
use crate::core::history::{History, Origin, Record};
use crate::core::session::Session;
use crate::core::stamp::Stamp;

use super::disk::{self, InPlaceError, Written, sync_dir};
use super::faults;
use super::fsio;
use super::history_text::{Checked, HistoryText, split};
use super::identity::{self, Content, OnDisk, Seen};
use super::journal::{
    Base, JournalWriter, Verdict, follow, journal_path, keep_aside, read_journal_file, sort_out,
};
use super::lock::{NotLocked, SessionLock, try_lock};
use super::yaml::{
    FileHistory, LoadError, MAX_FILE_BYTES, head_yaml, io_message, parse_lazy, read_session_file,
    records_yaml, to_yaml_parts,
};

/// A history up to this size (a few hundred records) is checked before `open` returns, as the
/// whole file used to be: a damaged one fails to open. A longer one is checked in the
/// background, so the first frame does not wait for it.
pub const CHECK_AT_OPEN_BYTES: usize = 64 * 1024;

/// Fold the journal into the file when this many records are waiting...
pub const FOLD_AFTER_RECORDS: usize = 200;
/// ...or when the oldest waiting record is this old.
pub const FOLD_AFTER: Duration = Duration::from_secs(120);

/// Something the user must be told: after opening, or when the file changed under sori.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Another sori has the session open: this one only reads.
    ReadOnly,
    /// sori cannot write this session (the file, the folder, the lock or the journal): it
    /// only reads, and says why.
    CannotWrite(WriteBlock),
    /// Edits left in the journal by a sori that did not close (a crash, a kill, a power cut)
    /// were recovered.
    Recovered { edits: usize },
    /// Part of the journal could not be read; it was kept beside the session as `copy`.
    JournalDamaged { line: usize, copy: Option<PathBuf> },
    /// The file's history does not read (found by the check after opening): the session is
    /// read-only from now on; changes made before are in the journal, which is kept.
    HistoryDamaged { error: LoadError, journal: PathBuf },
    /// The journal beside the file holds changes made on another version of the file (it was
    /// replaced since, by a sync client or a colleague): not applied, kept aside as `kept`.
    JournalForeign { edits: usize, kept: PathBuf },
    /// Another program changed the file while sori had it open and this run had changes of
    /// its own: both are kept. The other version stays at `theirs`; sori's is `ours`, where
    /// the session goes on.
    Conflict { theirs: PathBuf, ours: PathBuf },
    /// Another program changed the file; this run had no change of its own: sori shows the
    /// new version.
    Reloaded { path: PathBuf },
    /// Another program changed the file into one that does not read: sori shows what it read
    /// and writes nothing until the file reads again.
    ChangedUnreadable { error: String },
    /// Another program removed (or moved away) the file: sori wrote its version back.
    Restored { path: PathBuf },
}

/// Why sori cannot write a session, named for the facilitator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteBlock {
    /// The session file is read-only (its permissions).
    FileReadOnly { path: PathBuf },
    /// Nothing can be created in the folder (a read-only disk or mount, no permission).
    FolderReadOnly { dir: PathBuf, why: String },
    /// The lock file cannot be made or used (a link, a folder, another user's, ...).
    Lock { lock: PathBuf, why: String },
    /// The journal's place holds something sori does not write into (a FIFO, a link, a
    /// folder) or a journal too large to read.
    Journal { journal: PathBuf, why: String },
}

#[derive(Debug)]
pub enum OpenError {
    Load(LoadError),
    Io(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Load(e) => e.fmt(f),
            OpenError::Io(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for OpenError {}

/// Why a change was not made, or not made durable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitError {
    /// The event does not apply; nothing changed.
    Refused(ApplyError),
    /// Another sori holds the session, or it cannot be written; nothing changed.
    ReadOnly,
    /// The change would make the file larger than sori reads (`MAX_FILE_BYTES`); nothing
    /// changed.
    TooLarge { limit_mib: u64 },
    /// The change is made in memory but could not be written (disk full, unplugged stick...).
    /// It is written with the next change or save that succeeds.
    NotSaved(String),
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::Refused(e) => write!(f, "not applied: {e}"),
            CommitError::ReadOnly => f.write_str("read-only: this session cannot be changed"),
            CommitError::TooLarge { limit_mib } => write!(
                f,
                "not made: the session file would be larger than {limit_mib} MiB, which sori could not open again"
            ),
            CommitError::NotSaved(e) => write!(f, "not saved yet: {e}"),
        }
    }
}

pub struct Document {
    /// The path as given (a link stays a link): what the facilitator knows the session by.
    path: PathBuf,
    /// The real file (links resolved): the lock, the journal and saves are beside it.
    real: PathBuf,
    /// The file as sori last read or wrote it; `None` before it exists.
    seen: Option<Seen>,
    session: Session,
    /// The records the file held when it was opened (or created): as its text, or read.
    past: FileHistory,
    /// How many records `past` held then: this run's records follow them.
    opened: usize,
    /// The check of `past`'s text, while it runs (`None` from it: stopped).
    checking: Option<JoinHandle<Option<Checked>>>,
    /// Set to stop the check (the document is dropped).
    stop_checking: Arc<AtomicBool>,
    /// What the check found wrong: nothing is written any more.
    damaged: Option<LoadError>,
    /// The changes of this run (and those recovered from the journal), after `past`.
    history: History,
    lock: Option<SessionLock>,
    journal: Option<JournalWriter>,
    /// Records that are in the YAML file.
    folded: usize,
    /// Records that are in the file or the journal (durable).
    durable: usize,
    /// When the first record not yet folded was made.
    unfolded_since: Option<Instant>,
    /// The last write error, until a write succeeds.
    write_error: Option<String>,
    /// The journal has a damaged line that could not be folded away: nothing is appended
    /// after it (a reader would stop at the damage); changes are saved whole instead.
    journal_unusable: bool,
    /// Why nothing may be written, besides the lock and a damaged history.
    blocked: Option<WriteBlock>,
    /// The file on disk changed into one that does not read: nothing is written until it
    /// reads again.
    unreadable_on_disk: bool,
    /// What the user has not been told yet (`poll`).
    notices: VecDeque<Notice>,
    /// The bytes the records not yet folded may add to the file (twice their YAML: the
    /// history's entry and the state they change), for the size limit.
    unfolded_bytes: u64,
    /// A rewrite in place (a file with other names) failed half-way: the file holds part of
    /// sori's own new version, not another program's. The next save writes it whole.
    half_written: bool,
    /// Watches the file's folder; sets `changed` when something happens to the file.
    watcher: Option<notify::RecommendedWatcher>,
    changed: Arc<AtomicBool>,
    wake: Option<Arc<dyn Fn() + Send + Sync>>,
}

/// Where a whole file is written.
enum Target {
    /// Over the session file (atomically).
    Replace,
    /// A new file that must not replace anything (a new session, a conflict copy).
    CreateNew(PathBuf),
}

/// What comparing the file on disk with what sori saw led to.
enum Settled {
    /// Nothing in the way: write the file.
    Write,
    /// Everything is written already (a conflict copy was made) or nothing may be.
    Nothing,
}

impl Document {
    /// Open a session file: take the lock (or fall back to read-only, saying why), then load
    /// its state and recover edits left in its journal. A file that fails to load is never
    /// written. The history is checked in the background (see the module's notes).
    pub fn open(path: &Path) -> Result<(Document, Vec<Notice>), OpenError> {
        let real = identity::real_path(path)
            .map_err(|e| OpenError::Load(LoadError::new(path, io_message(&e))))?;
        // The lock first: what a writer reads is then what is on disk, and stays so.
        let mut notices = vec![];
        // Nothing can be written in a read-only folder (or mount): say that, rather than what
        // it does to the lock file.
        let dir = fsio::folder_of(&real);
        let mut blocked = None;
        let mut lock = match fsio::folder_writable(dir) {
            Err(e) => {
                blocked = Some(WriteBlock::FolderReadOnly {
                    dir: dir.to_path_buf(),
                    why: io_message(&e),
                });
                None
            }
            Ok(()) => match try_lock(&real) {
                Ok(lock) => Some(lock),
                Err(NotLocked::Taken) => {
                    notices.push(Notice::ReadOnly);
                    None
                }
                Err(NotLocked::Unusable { lock, why }) => {
                    blocked = Some(WriteBlock::Lock { lock, why });
                    None
                }
            },
        };
        if let Some(block) = &blocked {
            notices.push(Notice::CannotWrite(block.clone()));
        }
        // A file that does not open leaves nothing behind: not even the lock file.
        let fail = |lock: Option<SessionLock>, e: OpenError| {
            if let Some(lock) = lock {
                lock.let_go();
            }
            Err(e)
        };
        // Can this writer write at all? (The file's permissions.)
        if lock.is_some()
            && let Ok(meta) = std::fs::metadata(&real)
            && let Some(block) = write_block(&real, &meta)
        {
            notices.push(Notice::CannotWrite(block.clone()));
            blocked = Some(block);
            if let Some(lock) = lock.take() {
                lock.let_go();
            }
        }
        if lock.is_some() {
            // A save killed before its rename leaves its temporary file. What it held is in
            // the file or the journal still (the journal goes only after the rename), so it
            // is only removed; unless a rewrite in place was cut short: then it is put back
            // before the file is read.
            let known: Vec<Content> = match read_journal_file(&journal_path(&real)) {
                Ok(Some(read)) => read.bases.iter().map(|(_, b)| b.content).collect(),
                _ => vec![],
            };
            disk::restore_interrupted(&real, MAX_FILE_BYTES, &known);
        }
        let (bytes, meta) = match read_session_file(&real) {
            Ok(read) => read,
            Err(mut e) => {
                e.path = path.display().to_string();
                return fail(lock, OpenError::Load(e));
            }
        };
        let seen = Seen::new(&meta, Content::of(&bytes));
        let (session, past) = match parse_lazy(path, bytes) {
            Ok(read) => read,
            Err(e) => return fail(lock, OpenError::Load(e)),
        };
        // A short history is checked now: a file that does not read fails to open.
        let mut checked = None;
        if let FileHistory::Text(text) = &past
            && text.bytes() <= CHECK_AT_OPEN_BYTES
        {
            match text.check(path) {
                Checked::Broken(error) => return fail(lock, OpenError::Load(error)),
                other => checked = Some(other),
            }
        }
        let opened = past.len();
        let mut doc = Document::new(path, real, Some(seen), session, past, lock);
        doc.opened = opened;
        doc.folded = opened;
        doc.durable = opened;
        doc.blocked = blocked;
        match checked {
            Some(checked) => doc.take_check(checked),
            None => doc.start_check(),
        }
        if let Err(e) = doc.recover(&mut notices) {
            return fail(doc.lock.take(), e);
        }
        Ok((doc, notices))
    }

    fn new(
        path: &Path,
        real: PathBuf,
        seen: Option<Seen>,
        session: Session,
        past: FileHistory,
        lock: Option<SessionLock>,
    ) -> Document {
        Document {
            path: path.to_path_buf(),
            real,
            seen,
            session,
            past,
            opened: 0,
            checking: None,
            stop_checking: Arc::new(AtomicBool::new(false)),
            damaged: None,
            history: History::default(),
            lock,
            journal: None,
            folded: 0,
            durable: 0,
            unfolded_since: None,
            write_error: None,
            journal_unusable: false,
            blocked: None,
            unreadable_on_disk: false,
            notices: VecDeque::new(),
            unfolded_bytes: 0,
            half_written: false,
            watcher: None,
            changed: Arc::new(AtomicBool::new(false)),
            wake: None,
        }
    }

    /// Check a long history's text in the background (a short one was checked already).
    fn start_check(&mut self) {
        if let FileHistory::Text(text) = &self.past
            && text.bytes() > CHECK_AT_OPEN_BYTES
        {
            let (text, path) = (text.clone(), self.path.clone());
            let stop = Arc::clone(&self.stop_checking);
            self.checking = Some(std::thread::spawn(move || text.check_unless(&path, &stop)));
        }
    }

    /// Write a new session file and open it. Refuses to overwrite an existing file (or to
    /// create one through a link).
    pub fn create(path: &Path, session: Session, history: History) -> Result<Document, OpenError> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(OpenError::Io(format!(
                "{}: the file already exists",
                path.display()
            )));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| OpenError::Io(format!("{}: {}", dir.display(), io_message(&e))))?;
        }
        let real = identity::real_path(path)
            .map_err(|e| OpenError::Io(format!("{}: {}", path.display(), io_message(&e))))?;
        let dir = fsio::folder_of(&real);
        fsio::folder_writable(dir).map_err(|e| {
            OpenError::Io(format!(
                "{}: nothing can be written in this folder: {}",
                dir.display(),
                io_message(&e)
            ))
        })?;
        let lock = match try_lock(&real) {
            Ok(lock) => lock,
            Err(NotLocked::Taken) => {
                return Err(OpenError::Io(format!(
                    "{}: another sori is creating it",
                    path.display()
                )));
            }
            Err(NotLocked::Unusable { lock, why }) => {
                return Err(OpenError::Io(format!("{}: {why}", lock.display())));
            }
        };
        let len = history.len();
        let mut doc = Document::new(
            path,
            real,
            None,
            session,
            FileHistory::Records(vec![]),
            Some(lock),
        );
        doc.history = history;
        if let Err(e) = doc.save() {
            if let Some(lock) = doc.lock.take() {
                lock.release();
            }
            return Err(OpenError::Io(e));
        }
        debug_assert_eq!(doc.folded, len);
        Ok(doc)
    }

    fn recover(&mut self, notices: &mut Vec<Notice>) -> Result<(), OpenError> {
        let jpath = journal_path(&self.real);
        let read = match read_journal_file(&jpath) {
            Ok(Some(read)) => read,
            Ok(None) => return Ok(()),
            Err(failure) => {
                // A FIFO, a device, a folder, a link or a huge file where the journal goes:
                // never read, never touched, never written into.
                let block = WriteBlock::Journal {
                    journal: jpath,
                    why: failure.to_string(),
                };
                if self.lock.is_some() {
                    self.block(block.clone());
                    notices.push(Notice::CannotWrite(block));
                }
                return Ok(());
            }
        };
        // The journal's records follow the file's: the history must be known to read (and
        // its length sure) before they are placed after it. A history that does not read is
        // what a file that fails to load is: an error, and nothing written.
        self.settle_check();
        if let Some(error) = self.damaged.take() {
            return Err(OpenError::Load(error));
        }
        let len = self.history_len();
        let content = self.seen.map(|s| s.content);
        let verdict = sort_out(&read, len, content.as_ref(), |from| {
            self.file_records_from(from)
        })
        .map_err(OpenError::Load)?;
        let skip = match verdict {
            Verdict::Fits { skip } => skip,
            Verdict::Foreign { edits } => {
                if self.lock.is_none() {
                    // Read-only: the file is shown as it is; the journal is not ours to move.
                    return Ok(());
                }
                // Never applied to a file it was not written for, never deleted: kept aside,
                // so that this session's own journal can start.
                match keep_aside(&jpath, &identity::stamp_now()) {
                    Ok(kept) => notices.push(Notice::JournalForeign { edits, kept }),
                    Err(e) => {
                        let block = WriteBlock::Journal {
                            journal: jpath,
                            why: format!(
                                "holds changes made on another version of the file and cannot be moved aside: {}",
                                io_message(&e)
                            ),
                        };
                        self.block(block.clone());
                        notices.push(Notice::CannotWrite(block));
                    }
                }
                return Ok(());
            }
        };
        let mut damaged = read.damaged.as_ref().map(|(line, _)| *line);
        // A gap, or a record that does not fit this file, stops it: the rest is kept aside.
        let lines: Vec<usize> = (0..read.records.len()).map(|i| read.line_of(i)).collect();
        let records: Vec<(u64, Record)> = read.records.into_iter().skip(skip).collect();
        let (kept, stopped) = follow(&mut self.session, len, records);
        let recovered = kept.len();
        for record in kept {
            self.history.push_applied(record);
        }
        damaged = stopped.map(|n| lines[skip + n - 1]).or(damaged);
        if self.lock.is_none() {
            // Read-only: show what the other sori has journaled, touch nothing. Those edits
            // belong to a sori that is running (it holds the lock): nothing was recovered.
            return Ok(());
        }
        if recovered > 0 {
            notices.push(Notice::Recovered { edits: recovered });
        }
        if let Some(line) = damaged {
            let copy = keep_damaged_copy(&jpath).ok();
            notices.push(Notice::JournalDamaged { line, copy });
        }
        // Fold what was recovered into the file; then the journal has done its job. If that
        // cannot be written (a full disk), the session opens all the same: what was recovered
        // is in the journal still, the status line says the file is not saved, and the fold is
        // tried again.
        if recovered > 0 || damaged.is_some() || jpath.exists() {
            self.durable = self.history_len();
            self.unfolded_bytes = self.history.records().iter().map(record_weight).sum();
            if self.save().is_err() {
                self.unfolded_since = Some(Instant::now());
                self.journal_unusable = damaged.is_some();
            }
        }
        Ok(())
    }

    /// The file's records from index `from` (a journal's records are compared with them).
    fn file_records_from(&self, from: usize) -> Result<Vec<Record>, LoadError> {
        match &self.past {
            FileHistory::Records(records) => Ok(records.get(from..).unwrap_or_default().to_vec()),
            FileHistory::Text(text) => text.records_from(&self.path, from),
        }
    }

    /// From now on nothing is written: say why (the lock is let go).
    fn block(&mut self, block: WriteBlock) {
        self.blocked = Some(block);
        if let Some(lock) = self.lock.take() {
            lock.release();
        }
    }

    /// How many records the history holds: the file's and this run's.
    pub fn history_len(&self) -> usize {
        self.opened + self.history.len()
    }

    /// Wait for the check of the history's text, if it runs, and take what it found.
    fn settle_check(&mut self) {
        let Some(handle) = self.checking.take() else {
            return;
        };
        match handle.join() {
            Ok(Some(checked)) => self.take_check(checked),
            // Stopped: only a document being dropped stops its check.
            Ok(None) => {}
            Err(_) => {
                self.damaged = Some(LoadError::new(
                    &self.path,
                    "the history could not be checked; sori does not write this file",
                ));
            }
        }
    }

    fn take_check(&mut self, checked: Checked) {
        match checked {
            Checked::Sound => {}
            Checked::Unusual(records) => {
                // Read whole after all; nothing was written before this (see `commit`).
                self.opened = records.len();
                self.folded = self.opened;
                self.durable = self.opened;
                self.past = FileHistory::Records(records);
            }
            Checked::Broken(error) => self.damaged = Some(error),
        }
    }

    /// What the user must be told now, if anything: what the check of the history found once
    /// it is done, and what happened to the file on disk (another program changed it: the
    /// change is dealt with here). Cheap to call often (the event loop does, on every event):
    /// the file is looked at only when the folder watcher saw something, or when there is no
    /// watcher.
    pub fn poll(&mut self) -> Option<Notice> {
        if let Some(notice) = self.notices.pop_front() {
            return Some(notice);
        }
        if self.checking.as_ref().is_some_and(|h| h.is_finished()) {
            self.settle_check();
            if let Some(notice) = self.damaged_notice() {
                return Some(notice);
            }
        }
        if self.lock.is_some()
            && self.damaged.is_none()
            && (self.changed.swap(false, Ordering::Relaxed) || self.watcher.is_none())
            && let Err(e) = self.settle_disk()
        {
            self.write_error = Some(e);
        }
        self.notices.pop_front()
    }

    /// Watch the file's folder while the session is open: when another program changes the
    /// file, `wake` is called (from the watcher's thread) and the next `poll` deals with it.
    /// Without a watcher (one could not be made) the file is looked at on every `poll` and
    /// before every save.
    pub fn watch(&mut self, wake: Arc<dyn Fn() + Send + Sync>) {
        use notify::Watcher;
        self.watcher = None;
        self.wake = Some(Arc::clone(&wake));
        let name = self.real.file_name().map(|n| n.to_os_string());
        let changed = Arc::clone(&self.changed);
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let ours = match &event {
                Ok(event) => event
                    .paths
                    .iter()
                    .any(|p| p.file_name().map(|n| n.to_os_string()) == name),
                // Events were lost: look.
                Err(_) => true,
            };
            if ours {
                changed.store(true, Ordering::Relaxed);
                wake();
            }
        });
        if let Ok(mut watcher) = watcher
            && watcher
                .watch(
                    fsio::folder_of(&self.real),
                    notify::RecursiveMode::NonRecursive,
                )
                .is_ok()
        {
            self.watcher = Some(watcher);
        }
    }

    /// Compare the file on disk with what sori saw, and deal with a change by another
    /// program: never write over it.
    fn settle_disk(&mut self) -> Result<Settled, String> {
        let Some(seen) = &mut self.seen else {
            return Ok(Settled::Write);
        };
        if self.half_written {
            return Ok(Settled::Write);
        }
        match seen.compare(&self.real, MAX_FILE_BYTES) {
            OnDisk::Same => {
                if self.unreadable_on_disk {
                    // Put back as it was: writable again.
                    self.unreadable_on_disk = false;
                }
                Ok(Settled::Write)
            }
            OnDisk::Gone => {
                // Deleted or moved away while open: the meeting is written back where it was
                // (nothing of it may be lost), and the facilitator told.
                let written = self
                    .write_whole(Target::CreateNew(self.real.clone()))
                    .and_then(Written::durable)
                    .map_err(|e| format!("{}: {}", self.path.display(), io_message(&e)))?;
                self.took_written(written);
                let _ = std::fs::remove_file(journal_path(&self.real));
                self.notices.push_back(Notice::Restored {
                    path: self.path.clone(),
                });
                Ok(Settled::Nothing)
            }
            OnDisk::Changed { bytes, meta } => {
                if self.has_own_changes() && !self.extended_by(&bytes) {
                    self.keep_both().map(|()| Settled::Nothing)
                } else {
                    self.reload(bytes, &meta);
                    Ok(Settled::Nothing)
                }
            }
            OnDisk::Unreadable(error) => {
                if self.has_own_changes() {
                    self.keep_both().map(|()| Settled::Nothing)
                } else {
                    self.unreadable(error);
                    Ok(Settled::Nothing)
                }
            }
        }
    }

    /// This run made changes (or recovered some): sori's version is more than what it read.
    fn has_own_changes(&self) -> bool {
        !self.history.is_empty()
    }

    /// Whether the file another program wrote holds everything sori has written and nothing
    /// is waiting to be written: its history continues sori's (another sori saved after this
    /// one, through a sync client). Then nothing of sori's is lost by showing it.
    fn extended_by(&self, bytes: &[u8]) -> bool {
        if self.durable != self.folded || self.folded != self.history_len() {
            return false;
        }
        let FileHistory::Text(ours) = &self.past else {
            return false;
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return false;
        };
        let Some(theirs) = split(text) else {
            return false;
        };
        let [entries, appended, _, _] = ours.pieces("");
        let theirs = &text[theirs.entries_start..];
        theirs.len() > entries.len() + appended.len()
            && theirs.starts_with(entries)
            && theirs[entries.len()..].starts_with(appended)
    }

    /// Another program changed the file and this run has nothing of its own in it: show the
    /// new version (or, if it does not read, keep showing the old one and write nothing).
    fn reload(&mut self, bytes: Vec<u8>, meta: &std::fs::Metadata) {
        let content = Content::of(&bytes);
        match parse_lazy(&self.path, bytes) {
            Ok((session, past)) => {
                self.stop_checking.store(true, Ordering::Relaxed);
                self.stop_checking = Arc::new(AtomicBool::new(false));
                self.checking = None;
                self.damaged = None;
                self.opened = past.len();
                self.folded = self.opened;
                self.durable = self.opened;
                self.session = session;
                self.past = past;
                self.history = History::default();
                self.seen = Some(Seen::new(meta, content));
                self.unreadable_on_disk = false;
                self.unfolded_bytes = 0;
                self.journal = None;
                if let FileHistory::Text(text) = &self.past
                    && text.bytes() <= CHECK_AT_OPEN_BYTES
                {
                    let checked = text.check(&self.path);
                    self.take_check(checked);
                } else {
                    self.start_check();
                }
                self.notices.push_back(Notice::Reloaded {
                    path: self.path.clone(),
                });
            }
            Err(e) => {
                if let Some(seen) = &mut self.seen {
                    // Looked at again only when it changes again.
                    seen.key = identity::StatKey::of(meta);
                }
                self.unreadable(e.to_string());
            }
        }
    }

    fn unreadable(&mut self, error: String) {
        if !self.unreadable_on_disk {
            self.unreadable_on_disk = true;
            self.notices.push_back(Notice::ChangedUnreadable { error });
        }
    }

    /// Another program changed the file and this run has changes of its own: write sori's
    /// version beside it as a conflict copy (a new file, never over anything), and go on
    /// there. The other version stays where it is, untouched; this run's journal (all of it
    /// now in the copy) is removed; the lock moves to the copy.
    fn keep_both(&mut self) -> Result<(), String> {
        // The history's text is copied into the copy: it must be known to read.
        self.settle_check();
        if let Some(e) = &self.damaged {
            return Err(format!("read-only: the history does not read: {e}"));
        }
        let ours = identity::conflict_path(&self.real, &identity::stamp_now());
        let lock = try_lock(&ours).map_err(|e| match e {
            NotLocked::Taken => format!("{}: another sori has it open", ours.display()),
            NotLocked::Unusable { lock, why } => format!("{}: {why}", lock.display()),
        })?;
        let written = match self
            .write_whole(Target::CreateNew(ours.clone()))
            .and_then(Written::durable)
        {
            Ok(written) => written,
            Err(e) => {
                lock.release();
                let message = format!("{}: {}", ours.display(), io_message(&e));
                self.write_error = Some(message.clone());
                return Err(message);
            }
        };
        let theirs = self.path.clone();
        let old_journal = journal_path(&self.real);
        self.journal = None;
        match std::fs::remove_file(&old_journal) {
            Ok(()) => {
                let _ = sync_dir(&old_journal);
            }
            Err(_) => {
                // Left as it is: its records are all in the copy, and in the file's history
                // they are not; the next open keeps it aside and says so.
            }
        }
        if let Some(old) = self.lock.replace(lock) {
            old.release();
        }
        // Named as the facilitator named the session: beside it, when that is the same folder.
        let given_dir = std::fs::canonicalize(fsio::folder_of(&self.path)).ok();
        let shown = match (given_dir, ours.file_name()) {
            (Some(dir), Some(name)) if dir == fsio::folder_of(&ours) => {
                self.path.with_file_name(name)
            }
            _ => ours.clone(),
        };
        self.real = ours;
        self.path = shown.clone();
        let ours = shown;
        self.took_written(written);
        if let Some(wake) = self.wake.clone() {
            self.watch(wake);
        }
        self.notices.push_back(Notice::Conflict { theirs, ours });
        Ok(())
    }

    /// Wait until the history is checked; its problem, if it has one.
    pub fn check_history(&mut self) -> Result<(), LoadError> {
        self.settle_check();
        match &self.damaged {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Whether the history's check is still running.
    pub fn checking_history(&self) -> bool {
        self.checking.is_some()
    }

    fn damaged_notice(&self) -> Option<Notice> {
        self.damaged.as_ref().map(|error| Notice::HistoryDamaged {
            error: error.clone(),
            journal: journal_path(&self.path),
        })
    }

    /// The session's path as given (a link stays a link); after a conflict, the conflict copy.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The real file (links resolved): where the lock, the journal and saves are.
    pub fn real_path(&self) -> &Path {
        &self.real
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// This run's changes (those recovered from the journal first): what undo and redo work
    /// on. The records before them are the file's (`history_len`, `history_ends`, `all_records`).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// What the minutes read of the whole history: the first record (when the meeting started)
    /// and those accepted from the parties' phones (who proposed what), in order. Reads only
    /// those records, whatever the history's length.
    pub fn minutes_records(&self) -> Vec<Record> {
        let mut phones = match &self.past {
            FileHistory::Records(r) => r.iter().filter(|r| r.from.is_some()).cloned().collect(),
            FileHistory::Text(text) => {
                let mut read = text.records_from_phones();
                // The text holds this run's records too once they are saved: those are
                // counted below, from this run's history.
                let saved = self.folded.saturating_sub(self.opened);
                let ours = self.history.records()[..saved.min(self.history.len())]
                    .iter()
                    .filter(|r| r.from.is_some())
                    .count();
                read.truncate(read.len().saturating_sub(ours));
                read
            }
        };
        phones.extend(
            self.history
                .records()
                .iter()
                .filter(|r| r.from.is_some())
                .cloned(),
        );
        super::with_ends(self.history_ends(), phones)
    }

    /// The first and the last record of the whole history (when the meeting started and
    /// ended). Reads two records, whatever the length.
    fn history_ends(&self) -> Vec<Record> {
        let first_here = self.history.records().first();
        let last_here = self.history.records().last();
        let (first, last) = match &self.past {
            FileHistory::Records(r) => (r.first().cloned(), r.last().cloned()),
            FileHistory::Text(text) => text.ends(),
        };
        let first = first.or_else(|| first_here.cloned());
        let last = last_here.cloned().or(last);
        first.into_iter().chain(last).collect()
    }

    /// Every record of the history, read (slow for a long one): the file's, then this run's.
    pub fn all_records(&self) -> Result<Vec<Record>, LoadError> {
        let mut out = match &self.past {
            FileHistory::Records(r) => r.clone(),
            FileHistory::Text(text) => {
                let mut all = text.records(&self.path)?;
                // The text holds this run's records too once they are saved.
                all.truncate(self.opened);
                all
            }
        };
        out.extend(self.history.records().iter().cloned());
        Ok(out)
    }

    /// Read-only: another sori has the session (the lock), its history does not read, it
    /// cannot be written (`WriteBlock`), or another program made the file unreadable.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
            || self.damaged.is_some()
            || self.blocked.is_some()
            || self.unreadable_on_disk
    }

    /// Why this session cannot be written, when that is the reason it is read-only.
    pub fn write_block(&self) -> Option<&WriteBlock> {
        self.blocked.as_ref()
    }

    /// Whether every change is on disk (in the file or the journal).
    pub fn is_saved(&self) -> bool {
        self.durable == self.history_len()
    }

    /// How many changes are in memory only (a write failed): lost if sori ended now.
    pub fn unsaved(&self) -> usize {
        self.history_len() - self.durable
    }

    /// The last write error, while changes are waiting to be written.
    pub fn write_error(&self) -> Option<&str> {
        self.write_error.as_deref()
    }

    /// Make a change now: apply it, record it, make it durable. A change that would make the
    /// file larger than sori reads is refused (`CommitError::TooLarge`).
    pub fn commit(&mut self, event: Event, at: Stamp) -> Result<(), CommitError> {
        self.commit_from(event, at, None)
    }

    /// `commit`, for a change proposed from a phone in the room and accepted by the
    /// facilitator: its record says where it came from.
    pub fn commit_from(
        &mut self,
        event: Event,
        at: Stamp,
        from: Option<Origin>,
    ) -> Result<(), CommitError> {
        self.ready_to_write()?;
        let record = Record {
            at,
            by: None,
            from,
            event,
        };
        let weight = record_weight(&record);
        if self.projected_bytes(weight) > MAX_FILE_BYTES {
            // The estimate of what is not folded yet is generous: fold, then look again.
            if self.unfolded_bytes > 0 {
                let _ = self.save();
            }
            if self.projected_bytes(weight) > MAX_FILE_BYTES {
                return Err(CommitError::TooLarge {
                    limit_mib: MAX_FILE_BYTES / 1024 / 1024,
                });
            }
        }
        self.history
            .commit_from(&mut self.session, record.event, at, record.from)
            .map_err(CommitError::Refused)?;
        faults::point(faults::COMMIT_APPLIED);
        self.unfolded_bytes += weight;
        self.persist()
    }

    /// How large the file would be with one more record of `weight`, at most.
    fn projected_bytes(&self, weight: u64) -> u64 {
        // The state's keys and indentation around what a record adds.
        const SLACK: u64 = 4096;
        let file = self.seen.map_or(0, |s| s.content.bytes);
        file + self.unfolded_bytes + weight + SLACK
    }

    /// Undo this run's last change. `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self, at: Stamp) -> Result<bool, CommitError> {
        self.ready_to_write()?;
        let done = self
            .history
            .undo(&mut self.session, at)
            .map_err(CommitError::Refused)?
            .is_some();
        self.persist()?;
        Ok(done)
    }

    /// Redo the last undone change. `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self, at: Stamp) -> Result<bool, CommitError> {
        self.ready_to_write()?;
        let done = self
            .history
            .redo(&mut self.session, at)
            .map_err(CommitError::Refused)?
            .is_some();
        self.persist()?;
        Ok(done)
    }

    /// Before the first write: the history checked (a wait only when a change comes within
    /// moments of opening a long session), and the session writable.
    fn ready_to_write(&mut self) -> Result<(), CommitError> {
        if self.lock.is_some() {
            self.settle_check();
            if self.changed.swap(false, Ordering::Relaxed)
                && let Err(e) = self.settle_disk()
            {
                self.write_error = Some(e);
            }
        }
        if self.is_read_only() {
            return Err(CommitError::ReadOnly);
        }
        Ok(())
    }

    /// Append every record not yet durable to the journal.
    fn persist(&mut self) -> Result<(), CommitError> {
        if self.durable == self.history_len() {
            return Ok(());
        }
        self.unfolded_since.get_or_insert_with(Instant::now);
        match self.append_pending() {
            Ok(()) => {
                self.write_error = None;
                Ok(())
            }
            Err(e) => {
                // Start from a fresh handle next time; the file may have gone away.
                self.journal = None;
                let message = e.to_string();
                self.write_error = Some(message.clone());
                Err(CommitError::NotSaved(message))
            }
        }
    }

    fn append_pending(&mut self) -> io::Result<()> {
        if self.journal_unusable {
            return self.save().map_err(io::Error::other);
        }
        if self.journal.is_none() {
            let base = Base {
                history: self.folded as u64,
                content: self.seen.map(|s| s.content).unwrap_or(Content::of(b"")),
            };
            self.journal = Some(JournalWriter::open(
                &journal_path(&self.real),
                &base,
                Some(&self.real),
            )?);
        }
        let journal = self.journal.as_mut().expect("opened above");
        let records: &[Record] = self.history.records();
        while self.durable < self.opened + records.len() {
            journal.append(self.durable as u64, &records[self.durable - self.opened])?;
            self.durable += 1;
        }
        Ok(())
    }

    /// Whether it is time to fold the journal into the file.
    pub fn fold_due(&self, now: Instant) -> bool {
        let waiting = self.history_len() - self.folded;
        waiting > 0
            && (waiting >= FOLD_AFTER_RECORDS
                || self
                    .unfolded_since
                    .is_some_and(|t| now.duration_since(t) >= FOLD_AFTER))
    }

    /// Write the whole file atomically (temporary file, fsync, rename, fsync the folder), then
    /// remove the journal whose records it now holds. On failure the old file is untouched.
    /// A history kept as text is copied as it is, the new records after it. A file another
    /// program changed since sori saw it is never written over (`settle_disk`).
    pub fn save(&mut self) -> Result<(), String> {
        if self.lock.is_some() {
            self.settle_check();
        }
        if let Some(e) = &self.damaged {
            return Err(format!("read-only: the history does not read: {e}"));
        }
        if self.lock.is_none() || self.blocked.is_some() {
            return Err(self.read_only_words());
        }
        let settled = self.settle_disk().inspect_err(|e| {
            self.write_error = Some(e.clone());
        })?;
        if let Settled::Nothing = settled {
            return if self.unreadable_on_disk {
                Err(self.read_only_words())
            } else {
                Ok(())
            };
        }
        let target = match self.seen {
            Some(_) => Target::Replace,
            None => Target::CreateNew(self.real.clone()),
        };
        let failed = match self.write_whole(target) {
            // In place even if the folder's fsync failed: what the file holds is known.
            Ok(mut written) => {
                let unsynced = written.unsynced.take();
                self.took_written(written);
                unsynced
            }
            Err(e) => Some(e),
        };
        if let Some(e) = failed {
            let message = format!("{}: {}", self.path.display(), io_message(&e));
            self.write_error = Some(message.clone());
            return Err(message);
        }
        faults::point("save.before-journal-removal");
        let jpath = journal_path(&self.real);
        match std::fs::remove_file(&jpath) {
            Ok(()) => {
                let _ = sync_dir(&jpath);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // The journal's records are all in the file now: harmless if it stays (the next
            // open finds them there, the very same records, and skips them).
            Err(_) => {}
        }
        Ok(())
    }

    fn read_only_words(&self) -> String {
        match &self.blocked {
            Some(block) => format!("read-only: {block}"),
            None if self.unreadable_on_disk => format!(
                "read-only: {} was changed by another program and does not read",
                self.path.display()
            ),
            None => "read-only: another sori has this session open".into(),
        }
    }

    /// Write the whole session (state, history) to `target`: over the session file, or as a
    /// new file. Refuses (writing nothing) a file larger than sori reads.
    fn write_whole(&mut self, target: Target) -> io::Result<Written> {
        let real = &self.real;
        let half_written = std::cell::Cell::new(false);
        let write = |pieces: &[&[u8]]| {
            let total: usize = pieces.iter().map(|p| p.len()).sum();
            if total as u64 > MAX_FILE_BYTES {
                return Err(io::Error::other(format!(
                    "the session would be larger than {} MiB, which sori could not open again; nothing was written",
                    MAX_FILE_BYTES / 1024 / 1024
                )));
            }
            match &target {
                // Two names for one file stay one file: written in place.
                Target::Replace if disk::has_other_names(real) => {
                    disk::rewrite_in_place(real, pieces).map_err(|e| match e {
                        InPlaceError::Untouched(e) => e,
                        InPlaceError::Damaged(e) => {
                            half_written.set(true);
                            e
                        }
                    })
                }
                Target::Replace => disk::replace(real, pieces, true),
                Target::CreateNew(path) => disk::create(path, pieces),
            }
        };
        let new = self.history.records();
        let past = &mut self.past;
        let session = &self.session;
        let result = (|| match past {
            FileHistory::Records(old) => {
                let text = to_yaml_parts(session, old, new);
                let written = write(&[text.as_bytes()])?;
                // From now on the history is the text just written (in sori's layout, and
                // sound): the next save copies it instead of writing every record again.
                if let Some(split) = split(&text) {
                    *past = FileHistory::Text(HistoryText::new(Arc::new(text), split));
                }
                Ok(written)
            }
            FileHistory::Text(text) => {
                // Records of this run already in the text (saved before) are not written twice.
                let in_text = text.len() - self.opened;
                let new_text = records_yaml(&new[in_text..]);
                let head = head_yaml(session);
                let written = if text.is_empty() && new_text.is_empty() {
                    write(&[head.as_bytes(), b"history: []\n"])?
                } else {
                    let [entries, appended, gap, new_text] = text.pieces(&new_text);
                    write(&[
                        head.as_bytes(),
                        b"history:\n",
                        entries.as_bytes(),
                        appended.as_bytes(),
                        gap.as_bytes(),
                        new_text.as_bytes(),
                    ])?
                };
                text.saved(&new_text, new.len() - in_text);
                Ok(written)
            }
        })();
        self.half_written = half_written.get();
        result
    }

    /// The whole session is in the file just written: remember what it holds, hold its lock.
    fn took_written(&mut self, written: Written) {
        if let Ok(meta) = written.file.metadata() {
            self.seen = Some(Seen::new(&meta, written.content));
        }
        // A new file took the name: hold its lock (it was locked before the rename). Written
        // in place, the file is the one already locked.
        if !written.in_place
            && let Some(lock) = &mut self.lock
        {
            lock.holds_session_file(written.file);
        }
        self.folded = self.history_len();
        self.durable = self.folded;
        self.unfolded_since = None;
        self.unfolded_bytes = 0;
        self.write_error = None;
        self.journal = None;
        self.journal_unusable = false;
    }

    /// Save and let go of the file (on quit); then what the user must still be told (the
    /// save may have found the file changed by another program).
    pub fn finish(mut self) -> (Result<(), String>, Vec<Notice>) {
        let result = if self.is_read_only()
            || self.folded == self.history_len() && !journal_path(&self.real).exists()
        {
            Ok(())
        } else {
            self.save()
        };
        if let Some(lock) = self.lock.take() {
            lock.release();
        }
        let mut notices = vec![];
        while let Some(n) = self.notices.pop_front() {
            notices.push(n);
        }
        (result, notices)
    }

    /// Save and let go of the file (on quit).
    pub fn close(self) -> Result<(), String> {
        self.finish().0
    }
}

impl std::fmt::Display for WriteBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteBlock::FileReadOnly { path } => {
                write!(f, "{} is read-only (its permissions)", path.display())
            }
            WriteBlock::FolderReadOnly { dir, why } => {
                write!(f, "nothing can be written in {}: {why}", dir.display())
            }
            WriteBlock::Lock { lock, why } => write!(f, "{} {why}", lock.display()),
            WriteBlock::Journal { journal, why } => write!(f, "{}: {why}", journal.display()),
        }
    }
}

/// Why a writer could not write this file: its permissions.
fn write_block(real: &Path, meta: &std::fs::Metadata) -> Option<WriteBlock> {
    meta.permissions()
        .readonly()
        .then(|| WriteBlock::FileReadOnly {
            path: real.to_path_buf(),
        })
}

/// What a record may add to the file: its entry in the history and, at most as much again,
/// the state it changes.
fn record_weight(record: &Record) -> u64 {
    2 * records_yaml(std::slice::from_ref(record)).len() as u64
}

impl Drop for Document {
    fn drop(&mut self) {
        // A check still running has nothing more to tell anyone.
        self.stop_checking.store(true, Ordering::Relaxed);
    }
}

/// Copy a damaged journal aside (`w.yaml.journal.damaged-<unix seconds>`) so nothing in it is
/// silently lost.
fn keep_damaged_copy(jpath: &Path) -> io::Result<PathBuf> {
    let mut name = jpath.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".damaged-{}", Stamp::now().unix_seconds()));
    let copy = jpath.with_file_name(name);
    std::fs::copy(jpath, &copy)?;
    sync_dir(&copy)?;
    Ok(copy)
}
