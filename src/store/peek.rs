//! Read a session as it stands now, without writing or locking anything: the file plus the
//! edits still waiting in its journal (a sori that has it open right now, or one that
//! crashed). For exports and other readers; only `Document` recovers a journal into the file.

use std::path::Path;

use crate::core::apply::apply;
use crate::core::history::Record;
use crate::core::session::Session;

use super::journal::{journal_path, read_journal_file};
use super::yaml::{LoadError, load};

/// A session read with its journal.
pub struct Current {
    pub session: Session,
    pub records: Vec<Record>,
    /// How many of the records came from the journal (not yet in the file).
    pub from_journal: usize,
}

/// Load `path` and apply, in memory, the journal's records that follow the file's history.
/// The journal is read as `Document::open` reads it: a gap, a record that does not apply or a
/// damaged line ends what is used of it.
pub fn load_current(path: &Path) -> Result<Current, LoadError> {
    let (mut session, mut records) = load(path)?;
    let jpath = journal_path(path);
    let journal = read_journal_file(&jpath)
        .map_err(|e| LoadError::new(&jpath, e.to_string()))?
        .unwrap_or_default();
    let mut from_journal = 0;
    for (seq, record) in journal.records {
        let seq = seq as usize;
        if seq < records.len() {
            continue; // Folded into the file already.
        }
        if seq > records.len() || apply(&mut session, &record.event).is_err() {
            break;
        }
        records.push(record);
        from_journal += 1;
    }
    Ok(Current {
        session,
        records,
        from_journal,
    })
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
