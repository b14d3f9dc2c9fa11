//! An open session file: the state, its history, the lock and the journal, kept in step.
//!
//! Every change is applied through the core's history (`apply`, the one door), then appended
//! to the journal and fsync'd before `commit` returns. The whole file is rewritten (atomically)
//! only when the journal is folded.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::core::apply::{ApplyError, apply};
use crate::core::event::Event;
use crate::core::history::{History, Record};
use crate::core::session::Session;
use crate::core::stamp::Stamp;

use super::journal::{JournalWriter, journal_path, read_journal_file, sync_dir};
use super::lock::{SessionLock, try_lock};
use super::yaml::{LoadError, load, to_yaml};

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
}

impl Document {
    /// Open a session file: load it, take the lock (or fall back to read-only), and recover
    /// edits left in its journal. A file that fails to load is never written.
    pub fn open(path: &Path) -> Result<(Document, Vec<Notice>), OpenError> {
        let (session, records) = load(path).map_err(OpenError::Load)?;
        let lock = try_lock(path).map_err(|e| OpenError::Io(format!("{}: {e}", path.display())))?;
        let folded = records.len();
        let mut doc = Document {
            path: path.to_path_buf(),
            session,
            history: History::from_records(records),
            lock,
            journal: None,
            folded,
            durable: folded,
            unfolded_since: None,
            write_error: None,
        };
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
            history,
            lock: Some(lock),
            journal: None,
            folded: 0,
            durable: 0,
            unfolded_since: None,
            write_error: None,
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
        let mut recovered = 0;
        let mut damaged = read.damaged.as_ref().map(|(line, _)| *line);
        for (number, (seq, record)) in read.records.into_iter().enumerate() {
            let seq = seq as usize;
            if seq < self.history.len() {
                continue; // Already folded into the file before the journal was removed.
            }
            if seq > self.history.len() || apply(&mut self.session, &record.event).is_err() {
                // A gap, or a record that does not fit this file: stop, keep the rest aside.
                damaged = Some(number + 1);
                break;
            }
            self.history.push_applied(record);
            recovered += 1;
        }
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
        // Fold what was recovered into the file; then the journal has done its job.
        if recovered > 0 || damaged.is_some() || jpath.exists() {
            self.durable = self.history.len();
            self.save().map_err(OpenError::Io)?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// Whether every change is on disk (in the file or the journal).
    pub fn is_saved(&self) -> bool {
        self.durable == self.history.len()
    }

    /// The last write error, while changes are waiting to be written.
    pub fn write_error(&self) -> Option<&str> {
        self.write_error.as_deref()
    }

    /// Make a change now: apply it, record it, make it durable.
    pub fn commit(&mut self, event: Event, at: Stamp) -> Result<(), CommitError> {
        if self.is_read_only() {
            return Err(CommitError::ReadOnly);
        }
        self.history
            .commit(&mut self.session, event, at)
            .map_err(CommitError::Refused)?;
        self.persist()
    }

    /// Undo this run's last change. `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self, at: Stamp) -> Result<bool, CommitError> {
        if self.is_read_only() {
            return Err(CommitError::ReadOnly);
        }
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
        if self.is_read_only() {
            return Err(CommitError::ReadOnly);
        }
        let done = self
            .history
            .redo(&mut self.session, at)
            .map_err(CommitError::Refused)?
            .is_some();
        self.persist()?;
        Ok(done)
    }

    /// Append every record not yet durable to the journal.
    fn persist(&mut self) -> Result<(), CommitError> {
        if self.durable == self.history.len() {
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
        if self.journal.is_none() {
            self.journal = Some(JournalWriter::open(&journal_path(&self.path))?);
        }
        let journal = self.journal.as_mut().expect("opened above");
        let records: &[Record] = self.history.records();
        while self.durable < records.len() {
            journal.append(self.durable as u64, &records[self.durable])?;
            self.durable += 1;
        }
        Ok(())
    }

    /// Whether it is time to fold the journal into the file.
    pub fn fold_due(&self, now: Instant) -> bool {
        let waiting = self.history.len() - self.folded;
        waiting > 0
            && (waiting >= FOLD_AFTER_RECORDS
                || self
                    .unfolded_since
                    .is_some_and(|t| now.duration_since(t) >= FOLD_AFTER))
    }

    /// Write the whole file atomically (temporary file, fsync, rename, fsync the folder), then
    /// remove the journal whose records it now holds. On failure the old file is untouched.
    pub fn save(&mut self) -> Result<(), String> {
        if self.is_read_only() {
            return Err("read-only: another sori has this session open".into());
        }
        let text = to_yaml(&self.session, self.history.records());
        if let Err(e) = write_atomic(&self.path, text.as_bytes()) {
            let message = format!("{}: {e}", self.path.display());
            self.write_error = Some(message.clone());
            return Err(message);
        }
        self.folded = self.history.len();
        self.durable = self.folded;
        self.unfolded_since = None;
        self.write_error = None;
        self.journal = None;
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
            || self.folded == self.history.len() && !journal_path(&self.path).exists()
        {
            return Ok(());
        }
        self.save()
    }
}

/// Replace a file's content all at once: a reader sees the old file or the new, never half.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
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
