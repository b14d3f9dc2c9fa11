//! Read a session as it stands now, without writing or locking anything: the file plus the
//! edits still waiting in its journal (a sori that has it open right now, or one that
//! crashed). For exports and other readers; only `Document` recovers a journal into the file.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::core::apply::apply;
use crate::core::history::Record;
use crate::core::session::Session;

use super::journal::{journal_path, read_journal_file};
use super::yaml::{FileHistory, LoadError, load, load_lazy};

/// A session read with its journal.
pub struct Current {
    pub session: Session,
    pub records: Vec<Record>,
    /// How many of the records came from the journal (not yet in the file).
    pub from_journal: usize,
}

/// Load `path` and apply, in memory, the journal's records that follow the file's history.
/// The journal is read as `Document::open` reads it: a gap, a record that does not apply or a
/// damaged line ends what is used of it. Reads the whole history (for replays).
pub fn load_current(path: &Path) -> Result<Current, LoadError> {
    let (mut session, mut records) = load(path)?;
    let from_journal = apply_journal(path, &mut session, records.len())?;
    let from_journal_len = from_journal.len();
    records.extend(from_journal);
    Ok(Current {
        session,
        records,
        from_journal: from_journal_len,
    })
}

/// A session's state as it stands now, with its history counted but not read (see
/// `load_lazy`): for what needs the state only (`sori render`, the minutes).
pub struct CurrentState {
    pub session: Session,
    /// The file's history.
    pub history: FileHistory,
    /// The journal's records applied after it.
    pub from_journal: Vec<Record>,
}

impl CurrentState {
    /// How many records the history holds, the journal's included.
    pub fn len(&self) -> usize {
        self.history.len() + self.from_journal.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first record and the last (what the minutes read of a history).
    pub fn history_ends(&self) -> Vec<Record> {
        let (first, last) = match &self.history {
            FileHistory::Records(r) => (r.first().cloned(), r.last().cloned()),
            FileHistory::Text(text) => text.ends(),
        };
        let first = first.or_else(|| self.from_journal.first().cloned());
        let last = self.from_journal.last().cloned().or(last);
        first.into_iter().chain(last).collect()
    }
}

/// `load_current` without reading the history: the state, the file's history counted, the
/// journal applied. The history's records are not checked (`sori check` does that).
pub fn load_state(path: &Path) -> Result<CurrentState, LoadError> {
    let (mut session, history) = load_lazy(path)?;
    let from_journal = apply_journal(path, &mut session, history.len())?;
    Ok(CurrentState {
        session,
        history,
        from_journal,
    })
}

/// A session followed as another sori changes it (`sori present`): the state with the journal
/// applied, read again when the file or the journal changes. The file is read only when it
/// changed (a save, a hand edit); a change to the journal alone re-applies the journal to the
/// file's state, so an edit costs the journal, not the whole file. Writes and locks nothing.
pub struct Follow {
    path: PathBuf,
    /// The files as they were when last read.
    file: Option<Seen>,
    journal: Option<Seen>,
    /// The file's state and the length of its history.
    base: Session,
    history_len: usize,
    /// `base` with the journal applied: the session as it stands.
    session: Session,
}

/// What a file was when it was looked at: enough to tell that it changed (a rename over it
/// changes its identity, an append its size, a rewrite its time).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    identity: u64,
}

fn seen(path: &Path) -> Option<Seen> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let identity = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let identity = 0;
    Some(Seen {
        len: meta.len(),
        modified: meta.modified().ok(),
        identity,
    })
}

impl Follow {
    /// Read the session and its journal.
    pub fn open(path: &Path) -> Result<Follow, LoadError> {
        let file = seen(path);
        let journal = seen(&journal_path(path));
        let state = load_state(path)?;
        let history_len = state.history.len();
        let mut base = state.session;
        // The journal was applied to the state read: the file's own state is read again only
        // when there is a journal (rare at a start, and small).
        let session = base.clone();
        if !state.from_journal.is_empty() {
            base = load_lazy(path)?.0;
        }
        Ok(Follow {
            path: path.to_path_buf(),
            file,
            journal,
            base,
            history_len,
            session,
        })
    }

    /// The session as it stands.
    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Look at the files again and read what changed. `Ok(true)` when something did. An
    /// error (a hand edit that does not read) leaves the last state read in place; the next
    /// change is read again.
    pub fn refresh(&mut self) -> Result<bool, LoadError> {
        let journal = journal_path(&self.path);
        let mut changed = false;
        // A save can happen while this reads: look until the files stay as they were read.
        for _ in 0..3 {
            let (file_now, journal_now) = (seen(&self.path), seen(&journal));
            if file_now == self.file && journal_now == self.journal {
                break;
            }
            if file_now != self.file {
                let (base, history) = load_lazy(&self.path)?;
                self.base = base;
                self.history_len = history.len();
            }
            let mut session = self.base.clone();
            apply_journal(&self.path, &mut session, self.history_len)?;
            self.session = session;
            (self.file, self.journal) = (file_now, journal_now);
            changed = true;
        }
        Ok(changed)
    }
}

/// Apply the journal's records that follow a history of `len` records; returns them.
fn apply_journal(path: &Path, session: &mut Session, len: usize) -> Result<Vec<Record>, LoadError> {
    let jpath = journal_path(path);
    let journal = read_journal_file(&jpath)
        .map_err(|e| LoadError::new(&jpath, e.to_string()))?
        .unwrap_or_default();
    let mut applied = vec![];
    for (seq, record) in journal.records {
        let seq = seq as usize;
        if seq < len + applied.len() {
            continue; // Folded into the file already.
        }
        if seq > len + applied.len() || apply(session, &record.event).is_err() {
            break;
        }
        applied.push(record);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{Event, SetText};
    use crate::core::history::History;
    use crate::core::session::TextField;
    use crate::core::stamp::Stamp;
    use crate::store::Document;

    fn title(text: &str) -> Event {
        Event::SetText(SetText {
            field: TextField::Title,
            text: text.into(),
        })
    }

    #[test]
    fn sees_the_journal_of_an_open_session_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let at = Stamp::from_unix(1_800_000_000, 9 * 3600);
        let mut doc = Document::create(&path, Session::empty(), History::default()).unwrap();
        doc.commit(title("一"), at).unwrap();
        doc.commit(title("二"), at.plus_seconds(60)).unwrap();
        let before = std::fs::read(&path).unwrap();
        let journal_before = std::fs::read(journal_path(&path)).unwrap();

        let current = load_current(&path).unwrap();
        assert_eq!(current.session.meta.title, "二");
        assert_eq!(current.records.len(), 2);
        assert_eq!(current.from_journal, 2);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(std::fs::read(journal_path(&path)).unwrap(), journal_before);
        drop(doc);
    }

    #[test]
    fn a_follower_sees_each_edit_and_each_save_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let at = Stamp::from_unix(1_800_000_000, 9 * 3600);
        let mut doc = Document::create(&path, Session::empty(), History::default()).unwrap();
        doc.commit(title("一"), at).unwrap();
        let mut follow = Follow::open(&path).unwrap();
        assert_eq!(follow.session().meta.title, "一");
        assert!(!follow.refresh().unwrap(), "nothing changed");
        doc.commit(title("二"), at.plus_seconds(1)).unwrap();
        assert!(follow.refresh().unwrap());
        assert_eq!(follow.session().meta.title, "二");
        doc.save().unwrap();
        doc.commit(title("三"), at.plus_seconds(2)).unwrap();
        assert!(follow.refresh().unwrap());
        assert_eq!(follow.session().meta.title, "三");
        doc.close().unwrap();
        assert!(follow.refresh().unwrap());
        assert_eq!(follow.session().meta.title, "三");
        // The follower made no file of its own.
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["w.yaml", "w.yaml.lock"]);
        // A hand edit that does not read: the last state stays, with the error.
        let good = std::fs::read(&path).unwrap();
        std::fs::write(&path, "sori: 1\nmeta: [\n").unwrap();
        assert!(follow.refresh().is_err());
        assert_eq!(follow.session().meta.title, "三");
        std::fs::write(&path, &good).unwrap();
        follow.refresh().unwrap();
        assert_eq!(follow.session().meta.title, "三");
    }

    #[test]
    fn a_file_without_journal_is_just_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let mut doc = Document::create(&path, Session::empty(), History::default()).unwrap();
        doc.commit(title("一"), Stamp::from_unix(1_800_000_000, 0))
            .unwrap();
        doc.close().unwrap();
        let current = load_current(&path).unwrap();
        assert_eq!(current.session.meta.title, "一");
        assert_eq!(current.from_journal, 0);
        assert_eq!(current.records.len(), 1);
    }
}
