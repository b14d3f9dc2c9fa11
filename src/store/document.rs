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

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::core::apply::ApplyError;
use crate::core::event::Event;
use crate::core::history::{History, Record};
use crate::core::session::Session;
use crate::core::stamp::Stamp;

use super::disk::{self, sync_dir};
use super::faults;
use super::history_text::{Checked, HistoryText, split};
use super::journal::{JournalWriter, follow, journal_path, read_journal_file};
use super::lock::{SessionLock, try_lock};
use super::yaml::{FileHistory, LoadError, head_yaml, load_lazy, records_yaml, to_yaml_parts};

/// A history up to this size (a few hundred records) is checked before `open` returns, as the
/// whole file used to be: a damaged one fails to open. A longer one is checked in the
/// background, so the first frame does not wait for it.
pub const CHECK_AT_OPEN_BYTES: usize = 64 * 1024;

/// Fold the journal into the file when this many records are waiting...
pub const FOLD_AFTER_RECORDS: usize = 200;
/// ...or when the oldest waiting record is this old.
pub const FOLD_AFTER: Duration = Duration::from_secs(120);

/// Something the user must be told after opening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Another sori has the session open: this one only reads.
    ReadOnly,
    /// Edits left in the journal by a sori that did not close (a crash, a kill, a power cut)
    /// were recovered.
    Recovered { edits: usize },
    /// Part of the journal could not be read; it was kept beside the session as `copy`.
    JournalDamaged { line: usize, copy: Option<PathBuf> },
    /// The file's history does not read (found by the check after opening): the session is
    /// read-only from now on; changes made before are in the journal, which is kept.
    HistoryDamaged { error: LoadError, journal: PathBuf },
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
    /// Another sori holds the session; nothing changed.
    ReadOnly,
    /// The change is made in memory but could not be written (disk full, unplugged stick...).
    /// It is written with the next change or save that succeeds.
    NotSaved(String),
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::Refused(e) => write!(f, "not applied: {e}"),
            CommitError::ReadOnly => f.write_str("read-only: another sori has this session open"),
            CommitError::NotSaved(e) => write!(f, "not saved yet: {e}"),
        }
    }
}

pub struct Document {
    path: PathBuf,
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
}

impl Document {
    /// Open a session file: load its state, take the lock (or fall back to read-only), and
    /// recover edits left in its journal. A file that fails to load is never written. The
    /// history is checked in the background (see the module's notes).
    pub fn open(path: &Path) -> Result<(Document, Vec<Notice>), OpenError> {
        let (session, past) = load_lazy(path).map_err(OpenError::Load)?;
        // A short history is checked now, before the lock is taken: a file that does not
        // read leaves nothing behind.
        let mut checked = None;
        if let FileHistory::Text(text) = &past
            && text.bytes() <= CHECK_AT_OPEN_BYTES
        {
            match text.check(path) {
                Checked::Broken(error) => return Err(OpenError::Load(error)),
                other => checked = Some(other),
            }
        }
        let lock = try_lock(path).map_err(|e| OpenError::Io(format!("{}: {e}", path.display())))?;
        if lock.is_some() {
            // A save killed before its rename leaves its temporary file. What it held is in
            // the file or the journal still (the journal goes only after the rename), so it
            // is only removed.
            disk::remove_leftover_temps(path);
        }
        let opened = past.len();
        let stop_checking = Arc::new(AtomicBool::new(false));
        let checking = match &past {
            FileHistory::Text(text) if text.bytes() <= CHECK_AT_OPEN_BYTES => None,
            FileHistory::Text(text) => {
                let (text, path) = (text.clone(), path.to_path_buf());
                let stop = Arc::clone(&stop_checking);
                Some(std::thread::spawn(move || text.check_unless(&path, &stop)))
            }
            FileHistory::Records(_) => None,
        };
        let mut doc = Document {
            path: path.to_path_buf(),
            session,
            past,
            opened,
            checking,
            stop_checking,
            damaged: None,
            history: History::default(),
            lock,
            journal: None,
            folded: opened,
            durable: opened,
            unfolded_since: None,
            write_error: None,
            journal_unusable: false,
        };
        if let Some(checked) = checked {
            doc.take_check(checked);
        }
        let mut notices = vec![];
        if doc.lock.is_none() {
            notices.push(Notice::ReadOnly);
        }
        doc.recover(&mut notices)?;
        Ok((doc, notices))
    }

    /// Write a new session file and open it. Refuses to overwrite an existing file.
    pub fn create(path: &Path, session: Session, history: History) -> Result<Document, OpenError> {
        if path.exists() {
            return Err(OpenError::Io(format!(
                "{}: the file already exists",
                path.display()
            )));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| OpenError::Io(format!("{}: {e}", dir.display())))?;
        }
        let lock = try_lock(path)
            .map_err(|e| OpenError::Io(format!("{}: {e}", path.display())))?
            .ok_or_else(|| {
                OpenError::Io(format!("{}: another sori is creating it", path.display()))
            })?;
        let len = history.len();
        let mut doc = Document {
            path: path.to_path_buf(),
            session,
            past: FileHistory::Records(vec![]),
            opened: 0,
            checking: None,
            stop_checking: Arc::new(AtomicBool::new(false)),
            damaged: None,
            history,
            lock: Some(lock),
            journal: None,
            folded: 0,
            durable: 0,
            unfolded_since: None,
            write_error: None,
            journal_unusable: false,
        };
        doc.save().map_err(OpenError::Io)?;
        debug_assert_eq!(doc.folded, len);
        Ok(doc)
    }

    fn recover(&mut self, notices: &mut Vec<Notice>) -> Result<(), OpenError> {
        let jpath = journal_path(&self.path);
        let read = read_journal_file(&jpath)
            .map_err(|e| OpenError::Io(format!("{}: {e}", jpath.display())))?;
        let Some(read) = read else { return Ok(()) };
        // The journal's records follow the file's: the history must be known to read (and
        // its length sure) before they are placed after it. A history that does not read is
        // what a file that fails to load is: an error, and nothing written.
        self.settle_check();
        if let Some(error) = self.damaged.take() {
            return Err(OpenError::Load(error));
        }
        let mut damaged = read.damaged.as_ref().map(|(line, _)| *line);
        // A gap, or a record that does not fit this file, stops it: the rest is kept aside.
        let len = self.history_len();
        let (kept, stopped) = follow(&mut self.session, len, read.records);
        let recovered = kept.len();
        for record in kept {
            self.history.push_applied(record);
        }
        damaged = stopped.or(damaged);
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
            if self.save().is_err() {
                self.unfolded_since = Some(Instant::now());
                self.journal_unusable = damaged.is_some();
            }
        }
        Ok(())
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

    /// What the check of the history found, once it is done: a message for the user when
    /// the history does not read. Cheap to call often (the event loop does).
    pub fn poll(&mut self) -> Option<Notice> {
        if !self.checking.as_ref().is_some_and(|h| h.is_finished()) {
            return None;
        }
        self.settle_check();
        self.damaged_notice()
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

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// This run's changes (those recovered from the journal first): what undo and redo work
    /// on. The records before them are the file's (`history_len`, `history_ends`, `all_records`).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The first and the last record of the whole history (what the minutes read of it:
    /// when the meeting started and ended). Reads two records, whatever the length.
    pub fn history_ends(&self) -> Vec<Record> {
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

    /// Read-only: another sori has the session (the lock), or its history does not read.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none() || self.damaged.is_some()
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

    /// Make a change now: apply it, record it, make it durable.
    pub fn commit(&mut self, event: Event, at: Stamp) -> Result<(), CommitError> {
        self.ready_to_write()?;
        self.history
            .commit(&mut self.session, event, at)
            .map_err(CommitError::Refused)?;
        self.persist()
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
            self.journal = Some(JournalWriter::open(&journal_path(&self.path))?);
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
    /// A history kept as text is copied as it is, the new records after it.
    pub fn save(&mut self) -> Result<(), String> {
        if self.lock.is_some() {
            self.settle_check();
        }
        if self.lock.is_none() {
            return Err("read-only: another sori has this session open".into());
        }
        if let Some(e) = &self.damaged {
            return Err(format!("read-only: the history does not read: {e}"));
        }
        let new = self.history.records();
        let written = match &mut self.past {
            FileHistory::Records(old) => {
                let text = to_yaml_parts(&self.session, old, new);
                let written = disk::replace(&self.path, &[text.as_bytes()]);
                // From now on the history is the text just written (in sori's layout, and
                // sound): the next save copies it instead of writing every record again.
                if written.is_ok()
                    && let Some(split) = split(&text)
                {
                    self.past = FileHistory::Text(HistoryText::new(Arc::new(text), split));
                }
                written
            }
            FileHistory::Text(text) => {
                // Records of this run already in the text (saved before) are not written twice.
                let in_text = text.len() - self.opened;
                let new_text = records_yaml(&new[in_text..]);
                let head = head_yaml(&self.session);
                let written = if text.is_empty() && new_text.is_empty() {
                    disk::replace(&self.path, &[head.as_bytes(), b"history: []\n"])
                } else {
                    let [entries, appended, gap, new_text] = text.pieces(&new_text);
                    disk::replace(
                        &self.path,
                        &[
                            head.as_bytes(),
                            b"history:\n",
                            entries.as_bytes(),
                            appended.as_bytes(),
                            gap.as_bytes(),
                            new_text.as_bytes(),
                        ],
                    )
                };
                if written.is_ok() {
                    text.saved(&new_text, new.len() - in_text);
                }
                written
            }
        };
        if let Err(e) = written {
            let message = format!("{}: {e}", self.path.display());
            self.write_error = Some(message.clone());
            return Err(message);
        }
        self.folded = self.history_len();
        self.durable = self.folded;
        self.unfolded_since = None;
        self.write_error = None;
        self.journal = None;
        self.journal_unusable = false;
        faults::point("save.before-journal-removal");
        let jpath = journal_path(&self.path);
        match std::fs::remove_file(&jpath) {
            Ok(()) => {
                let _ = sync_dir(&jpath);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            // The journal's records are all older than the file's history now: harmless if it
            // stays, and skipped on the next open.
            Err(_) => {}
        }
        Ok(())
    }

    /// Save and let go of the file (on quit).
    pub fn close(mut self) -> Result<(), String> {
        if self.is_read_only()
            || self.folded == self.history_len() && !journal_path(&self.path).exists()
        {
            return Ok(());
        }
        self.save()
    }
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
