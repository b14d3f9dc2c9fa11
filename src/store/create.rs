//! Making a new session file: from the events that start it (`sori new`, the picker's new
//! session) or as a copy of a bundled example (the picker). The one place sori creates a
//! session file; both ways write it as a new file that replaces nothing (`disk::create`: a
//! temporary file, fsync'd, then given the name only if nothing has it).

use std::io;
use std::path::{Path, PathBuf};

use crate::core::event::Event;
use crate::core::history::History;
use crate::core::session::Session;
use crate::core::stamp::Stamp;

use super::Document;
use super::disk;
use super::fsio;
use super::listing::free_path;
use super::names::{free_session_path, session_stem};
use super::paths;

/// A free path for a new session in the data folder, named for its date and title
/// (`2026-12-03 地域猫の語り合う場 第2回.yaml`, then ` (2)`, ` (3)`…; see `names`). Creates the
/// folder; an error names it.
pub fn path_in_data_folder(start: &Stamp, title: &str) -> Result<PathBuf, (PathBuf, io::Error)> {
    let dir = paths::sessions_dir();
    std::fs::create_dir_all(&dir).map_err(|e| (dir.clone(), e))?;
    Ok(free_session_path(&dir, &session_stem(&start.ymd(), title)))
}

/// Where a new session made of `events` goes in the data folder when no path is given: named
/// for the date and the title those events give it (the start, else `now`).
pub fn path_for_new(events: &[Event], now: Stamp) -> Result<PathBuf, (PathBuf, io::Error)> {
    let mut preview = Session::empty();
    for event in events {
        // A refused event is refused again, with its reason, by `create_session`.
        let _ = crate::core::apply::apply(&mut preview, event);
    }
    path_in_data_folder(&preview.meta.start.unwrap_or(now), &preview.meta.title)
}

/// A new session file made of `events`, each applied in order at `at` (the history starts with
/// them), opened with its lock held. Refuses to overwrite a file; an event the core refuses
/// writes nothing.
pub fn create_session(path: &Path, events: Vec<Event>, at: Stamp) -> Result<Document, String> {
    let mut session = Session::empty();
    let mut history = History::default();
    for event in events {
        history
            .commit(&mut session, event, at)
            .map_err(|e| e.to_string())?;
    }
    Document::create(path, session, history).map_err(|e| e.to_string())
}

/// Copy a bundled example's file into the data folder under a free name (`chiiki-neko.yaml`,
/// then `-2`…), so that opening it never changes the example. Never replaces anything, nor
/// writes through a link (`disk::create`). Returns the copy's path.
pub fn copy_example(file: &str, yaml: &str) -> Result<PathBuf, String> {
    let dir = paths::sessions_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("{}: {}", dir.display(), fsio::io_words(&e)))?;
    loop {
        let path = free_path(&dir, file.trim_end_matches(".yaml"));
        match disk::create(&path, &[yaml.as_bytes()]).and_then(disk::Written::durable) {
            Ok(_) => return Ok(path),
            // Taken just now: the next free name.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{}: {}", path.display(), fsio::io_words(&e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{Remove, SetText};

    #[test]
    fn a_refused_event_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let bad = Event::Remove(Remove {
            id: "p1".parse().unwrap(),
        });
        let Err(err) = create_session(&path, vec![bad], Stamp::from_unix(0, 0)) else {
            panic!("a refused event made a file");
        };
        assert_eq!(err, "there is nothing with id p1");
        assert!(!path.exists());
        let title = Event::SetText(SetText {
            field: crate::core::session::TextField::Title,
            text: "一回目".into(),
        });
        let Ok(doc) = create_session(&path, vec![title], Stamp::from_unix(0, 0)) else {
            panic!("the file was not made");
        };
        assert_eq!(doc.session().meta.title, "一回目");
        assert_eq!(doc.history().len(), 1);
    }
}
