//! Read a session as it stands now, without writing or locking anything: the file plus the
//! edits still waiting in its journal (a sori that has it open right now, or one that
//! crashed). For exports and other readers; only `Document` recovers a journal into the file.

use std::path::{Path, PathBuf};

use crate::core::history::Record;
use crate::core::session::Session;

use super::identity::{self, Content, StatKey};
use super::journal::{Verdict, follow, journal_path, read_journal_file, sort_out};
use super::yaml::{FileHistory, LoadError, parse, parse_lazy, read_session_file};

/// A journal beside the file that was not applied: where it is, and why in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    pub journal: PathBuf,
    pub why: String,
}

/// A session read with its journal.
pub struct Current {
    pub session: Session,
    pub records: Vec<Record>,
    /// How many of the records came from the journal (not yet in the file).
    pub from_journal: usize,
    /// A journal that does not belong to the file (or cannot be read): not applied.
    pub left_out: Option<LeftOut>,
}

/// Load `path` and apply, in memory, the journal's records that follow the file's history.
/// The journal is read as `Document::open` reads it: a journal written against another
/// version of the file is left out; a gap, a record that does not apply or a damaged line
/// ends what is used of it. Reads the whole history (for replays).
pub fn load_current(path: &Path) -> Result<Current, LoadError> {
    let (bytes, _) = read_session_file(&real(path)).map_err(|e| LoadError {
        path: path.display().to_string(),
        ..e
    })?;
    let content = Content::of(&bytes);
    let (mut session, mut records) = parse(path, &bytes)?;
    drop(bytes);
    let held = records.clone();
    let (from_journal, left_out) =
        apply_journal(path, &mut session, Some(&content), records.len(), |from| {
            Ok(held.get(from..).unwrap_or_default().to_vec())
        })?;
    let from_journal_len = from_journal.len();
    records.extend(from_journal);
    Ok(Current {
        session,
        records,
        from_journal: from_journal_len,
        left_out,
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
    /// A journal that does not belong to the file (or cannot be read): not applied.
    pub left_out: Option<LeftOut>,
}

impl CurrentState {
    /// How many records the history holds, the journal's included.
    pub fn len(&self) -> usize {
        self.history.len() + self.from_journal.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the minutes read of the history: the first record (when the meeting started) and
    /// those accepted from the parties' phones (who proposed what), in order.
    pub fn minutes_records(&self) -> Vec<Record> {
        let mut phones: Vec<Record> = match &self.history {
            FileHistory::Records(r) => r.iter().filter(|r| r.from.is_some()).cloned().collect(),
            FileHistory::Text(text) => text.records_from_phones(),
        };
        phones.extend(
            self.from_journal
                .iter()
                .filter(|r| r.from.is_some())
                .cloned(),
        );
        super::with_ends(self.history_ends(), phones)
    }

    /// The first record and the last.
    fn history_ends(&self) -> Vec<Record> {
        let (first, last) = match &self.history {
            FileHistory::Records(r) => (r.first().cloned(), r.last().cloned()),
            FileHistory::Text(text) => text.ends(),
        };
        let first = first.or_else(|| self.from_journal.first().cloned());
        let last = self.from_journal.last().cloned().or(last);
        first.into_iter().chain(last).collect()
    }

    /// The history's first record, read alone (the journal's when the file's history is
    /// empty); `None` for an empty history, or a first entry that does not read on its own.
    pub fn first_record(&self) -> Option<Record> {
        self.history_ends().into_iter().next()
    }

    /// The size of the file's history as the file holds it, in bytes (none when it was read
    /// record by record: then it is already in memory).
    pub fn history_bytes(&self) -> usize {
        match &self.history {
            FileHistory::Records(_) => 0,
            FileHistory::Text(text) => text.bytes(),
        }
    }

    /// Every record, the journal's after the file's: the records `load_current` reads, read
    /// a batch at a time (`HistoryText::records`), or the same error.
    pub fn into_records(self, path: &Path) -> Result<Vec<Record>, LoadError> {
        let mut records = match self.history {
            FileHistory::Records(records) => records,
            FileHistory::Text(text) => {
                let mut records = text.records(path)?;
                records.reserve_exact(self.from_journal.len());
                records
            }
        };
        records.extend(self.from_journal);
        Ok(records)
    }

    /// Without reading the whole history: the records whose entry in the file contains
    /// `needle`, and the journal's records, each with its index in the history. `None` when
    /// that cannot be told without reading it all (a history read whole, an entry that does
    /// not read on its own).
    pub fn records_mentioning(&self, needle: &str) -> Option<Vec<(usize, Record)>> {
        let FileHistory::Text(text) = &self.history else {
            return None;
        };
        let mut found = text.records_mentioning(needle)?;
        let start = text.len();
        found.extend(
            self.from_journal
                .iter()
                .enumerate()
                .map(|(i, r)| (start + i, r.clone())),
        );
        Some(found)
    }
}

/// `load_current` without reading the history: the state, the file's history counted, the
/// journal applied. The history's records are not checked (`sori check` does that).
pub fn load_state(path: &Path) -> Result<CurrentState, LoadError> {
    // What the file held is compared with a journal's header only: hashed (tens of
    // milliseconds for a long history) only when there is a journal. One that appears after
    // this look builds on what another sori does now, after this read: it is left out, as if
    // the file had been read a moment sooner.
    let journal = std::fs::symlink_metadata(journal_path(&real(path))).is_ok();
    let (bytes, _) = read_session_file(&real(path)).map_err(|e| LoadError {
        path: path.display().to_string(),
        ..e
    })?;
    let content = journal.then(|| Content::of(&bytes));
    let (mut session, history) = parse_lazy(path, bytes)?;
    let (from_journal, left_out) = apply_journal(
        path,
        &mut session,
        content.as_ref(),
        history.len(),
        |from| match &history {
            FileHistory::Records(r) => Ok(r.get(from..).unwrap_or_default().to_vec()),
            FileHistory::Text(text) => text.records_from(path, from),
        },
    )?;
    Ok(CurrentState {
        session,
        history,
        from_journal,
        left_out,
    })
}

/// A session followed as another sori changes it (`sori present`): the state with the journal
/// applied, read again when the file or the journal changes. The file is read only when it
/// changed (a save, a hand edit); a change to the journal alone re-applies the journal to the
/// file's state, so an edit costs the journal, not the whole file. The journal is applied as
/// `load_state` applies it (one written against another version of the file is left out).
/// Writes and locks nothing.
pub struct Follow {
    path: PathBuf,
    /// The files as they were when last read (`stat`).
    file: Option<StatKey>,
    journal: Option<StatKey>,
    /// The file as read: its state, its history, what it held.
    base: Session,
    history: FileHistory,
    content: Content,
    /// `base` with the journal applied: the session as it stands.
    session: Session,
    /// A journal beside the file that was not applied.
    left_out: Option<LeftOut>,
}

/// What `stat` says of a file now, if it is there.
fn stat(path: &Path) -> Option<StatKey> {
    std::fs::metadata(path).ok().map(|m| StatKey::of(&m))
}

/// The session file read: its state, its history (counted), what it held.
fn read_file(path: &Path) -> Result<(Session, FileHistory, Content), LoadError> {
    let (bytes, _) = read_session_file(&real(path)).map_err(|e| LoadError {
        path: path.display().to_string(),
        ..e
    })?;
    let content = Content::of(&bytes);
    let (session, history) = parse_lazy(path, bytes)?;
    Ok((session, history, content))
}

impl Follow {
    /// Read the session and its journal.
    pub fn open(path: &Path) -> Result<Follow, LoadError> {
        let real = real(path);
        let (file, journal) = (stat(&real), stat(&journal_path(&real)));
        let (base, history, content) = read_file(path)?;
        let mut follow = Follow {
            path: path.to_path_buf(),
            file,
            journal,
            session: base.clone(),
            base,
            history,
            content,
            left_out: None,
        };
        follow.apply_journal()?;
        Ok(follow)
    }

    /// The session as it stands.
    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A journal beside the file that was not applied, if any.
    pub fn left_out(&self) -> Option<&LeftOut> {
        self.left_out.as_ref()
    }

    /// The file's state with the journal applied, as it is now.
    fn apply_journal(&mut self) -> Result<(), LoadError> {
        let mut session = self.base.clone();
        let history = &self.history;
        let path = &self.path;
        let (_, left_out) = apply_journal(
            path,
            &mut session,
            Some(&self.content),
            history.len(),
            |from| match history {
                FileHistory::Records(r) => Ok(r.get(from..).unwrap_or_default().to_vec()),
                FileHistory::Text(text) => text.records_from(path, from),
            },
        )?;
        self.session = session;
        self.left_out = left_out;
        Ok(())
    }

    /// Look at the files again and read what changed. `Ok(true)` when something did. An
    /// error (a hand edit that does not read) leaves the last state read in place; the next
    /// change is read again.
    pub fn refresh(&mut self) -> Result<bool, LoadError> {
        let mut changed = false;
        // A save can happen while this reads: look until the files stay as they were read.
        for _ in 0..3 {
            let real = real(&self.path);
            let (file_now, journal_now) = (stat(&real), stat(&journal_path(&real)));
            if file_now == self.file && journal_now == self.journal {
                break;
            }
            if file_now != self.file {
                (self.base, self.history, self.content) = read_file(&self.path)?;
            }
            self.apply_journal()?;
            (self.file, self.journal) = (file_now, journal_now);
            changed = true;
        }
        Ok(changed)
    }
}

/// The real file behind `path` (its journal is beside it); `path` itself if it cannot be
/// resolved (the read then says why).
fn real(path: &Path) -> PathBuf {
    identity::real_path(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Apply the journal's records that follow a history of `len` records (the file holding
/// `content`); returns them, or why the journal was left out. `None` for `content`: there was
/// no journal when the file was read, and any journal there now is left out.
fn apply_journal(
    path: &Path,
    session: &mut Session,
    content: Option<&Content>,
    len: usize,
    file_records: impl FnOnce(usize) -> Result<Vec<Record>, LoadError>,
) -> Result<(Vec<Record>, Option<LeftOut>), LoadError> {
    let Some(content) = content else {
        return Ok((vec![], None));
    };
    let jpath = journal_path(&real(path));
    let journal = match read_journal_file(&jpath) {
        Ok(Some(journal)) => journal,
        Ok(None) => return Ok((vec![], None)),
        Err(e) => {
            let why = e.to_string();
            return Ok((
                vec![],
                Some(LeftOut {
                    journal: jpath,
                    why,
                }),
            ));
        }
    };
    match sort_out(&journal, len, Some(content), file_records)? {
        Verdict::Fits { skip } => {
            let records = journal.records.into_iter().skip(skip).collect();
            Ok((follow(session, len, records).0, None))
        }
        Verdict::Foreign { edits } => Ok((
            vec![],
            Some(LeftOut {
                journal: jpath,
                why: format!("its {edits} changes were made on another version of the file"),
            }),
        )),
    }
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
        // The follower made no file of its own (the writer removed its lock on closing).
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["w.yaml"]);
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
