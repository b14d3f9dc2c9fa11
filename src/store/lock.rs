//! One writer per session: an OS lock on a sidecar file (`w.yaml.lock`) beside the real file
//! (links resolved), and on Unix also on the session file itself, so that two names for one
//! file (hard links) share one writer. The OS releases both when the process ends, however it
//! ends, so a lock left by a killed sori never blocks.
//!
//! The lock file is opened without following a link and must be a regular file; it is locked,
//! then checked to be still the file at that name (another sori may have removed it on its way
//! out): a lock on a file no longer there locks nothing, so sori tries again. That check lets a
//! writer remove its lock file when it closes the session, leaving nothing behind in a shared
//! folder. Locking needs only read access: a lock file made by another user of a shared
//! folder still works.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use super::fsio::{self, Kind};
use super::identity::StatKey;

pub fn lock_path(session: &Path) -> PathBuf {
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    session.with_file_name(name)
}

/// Held while this process may write the session. Dropping it releases the lock (and leaves
/// the lock file); `release` removes the lock file too.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
    /// This process made the lock file (there was none).
    created: bool,
    /// The session file itself, locked (Unix): `None` before the file exists.
    session_file: Option<File>,
}

/// Why this process cannot be the session's writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotLocked {
    /// Another sori holds the lock (it has this session open, perhaps under another name).
    Taken,
    /// The lock file cannot be made or used: its path, and why in words.
    Unusable { lock: PathBuf, why: String },
}

/// Try to become the writer of the session whose real file is `session`.
pub fn try_lock(session: &Path) -> Result<SessionLock, NotLocked> {
    let path = lock_path(session);
    let unusable = |why: String| NotLocked::Unusable {
        lock: path.clone(),
        why,
    };
    for _ in 0..16 {
        let (file, created) = match open_lock_file(&path) {
            Ok(opened) => opened,
            Err(Opened::Retry) => continue,
            Err(Opened::Failed(why)) => return Err(unusable(why)),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(NotLocked::Taken),
            Err(TryLockError::Error(e)) => {
                return Err(unusable(format!(
                    "cannot be locked: {}",
                    fsio::io_words(&e)
                )));
            }
        }
        // Still the file at that name? (Another sori removes its lock file when it closes.)
        let here = std::fs::symlink_metadata(&path).map(|m| StatKey::of(&m));
        let held = file.metadata().map(|m| StatKey::of(&m));
        match (here, held) {
            (Ok(here), Ok(held)) if here.same_file(&held) || !cfg!(unix) => {}
            _ => continue,
        }
        let session_file = lock_session_file(session)?;
        return Ok(SessionLock {
            file,
            path,
            created,
            session_file,
        });
    }
    Err(unusable(
        "keeps changing; another program is at work on it".into(),
    ))
}

enum Opened {
    Retry,
    Failed(String),
}

/// Open the lock file, creating it if there is none: never through a link, and only a
/// regular file.
fn open_lock_file(path: &Path) -> Result<(File, bool), Opened> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let not_regular = |kind: Kind| {
        Opened::Failed(format!(
            "is {}, not sori's lock file; remove it to edit the session",
            kind.words()
        ))
    };
    if let Some(kind) = fsio::kind_at(path) {
        return Err(not_regular(kind));
    }
    let (file, created) = match options.open(path) {
        Ok(file) => (file, false),
        Err(e) if e.kind() == io::ErrorKind::NotFound => match fsio::create_new(path) {
            Ok(file) => (file, true),
            // Made by another sori just now: open that one.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(Opened::Retry),
            Err(e) => {
                return Err(Opened::Failed(format!(
                    "cannot be created: {}",
                    fsio::io_words(&e)
                )));
            }
        },
        Err(e) if fsio::is_loop(&e) => return Err(not_regular(Kind::Link)),
        Err(e) => {
            return Err(Opened::Failed(format!(
                "cannot be opened: {}",
                fsio::io_words(&e)
            )));
        }
    };
    match file.metadata() {
        Ok(meta) => match Kind::of(&meta) {
            None => Ok((file, created)),
            Some(kind) => Err(not_regular(kind)),
        },
        Err(e) => Err(Opened::Failed(fsio::io_words(&e))),
    }
}

/// Lock the session file itself (Unix), so another name for the same file (a hard link) finds
/// it taken. `None` when there is no file yet. A file system without locks does not stop a
/// writer: the lock file is the lock that counts there.
fn lock_session_file(session: &Path) -> Result<Option<File>, NotLocked> {
    if !cfg!(unix) {
        return Ok(None);
    }
    for _ in 0..16 {
        let Ok((file, _)) = fsio::open_regular(session, true) else {
            return Ok(None);
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(NotLocked::Taken),
            Err(TryLockError::Error(_)) => return Ok(None),
        }
        let here = std::fs::metadata(session).map(|m| StatKey::of(&m));
        let held = file.metadata().map(|m| StatKey::of(&m));
        match (here, held) {
            (Ok(here), Ok(held)) if here.same_file(&held) => return Ok(Some(file)),
            // Replaced while it was being locked: lock what is there now.
            _ => continue,
        }
    }
    Ok(None)
}

impl SessionLock {
    /// The session's file is now this one (a save renamed it into place, already locked):
    /// hold its lock and let go of the old file's.
    pub fn holds_session_file(&mut self, file: File) {
        self.session_file = Some(file);
    }

    /// The session file is locked (by `Document::create`, once the file exists).
    pub fn lock_session_file(&mut self, session: &Path) {
        if let Ok(Some(file)) = lock_session_file(session) {
            self.session_file = Some(file);
        }
    }

    /// Let go without having written anything (a file that did not open, a session that
    /// turned out read-only): the lock file goes only if this process made it, so the folder
    /// is as it was.
    pub fn let_go(self) {
        if self.created {
            self.release();
        }
    }

    /// Let go of the session and remove the lock file (if it is still ours), leaving the
    /// folder as it was before sori opened the session.
    pub fn release(self) {
        let here = std::fs::symlink_metadata(&self.path).map(|m| StatKey::of(&m));
        let held = self.file.metadata().map(|m| StatKey::of(&m));
        if let (Ok(here), Ok(held)) = (here, held)
            && here.same_file(&held)
        {
            // Removed while still locked: whoever opened it meanwhile finds it gone after
            // locking it, and makes a new one.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_in_process_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let first = try_lock(&path).unwrap();
        assert_eq!(try_lock(&path).unwrap_err(), NotLocked::Taken);
        drop(first);
        assert!(try_lock(&path).is_ok());
    }

    #[test]
    fn release_removes_the_lock_file_and_the_next_lock_makes_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let lock = try_lock(&path).unwrap();
        assert!(lock_path(&path).exists());
        lock.release();
        assert!(!lock_path(&path).exists());
        let again = try_lock(&path).unwrap();
        assert_eq!(try_lock(&path).unwrap_err(), NotLocked::Taken);
        drop(again);
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_share_one_writer() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yaml");
        std::fs::write(&a, "sori: 1\n").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        let first = try_lock(&a).unwrap();
        assert_eq!(try_lock(&b).unwrap_err(), NotLocked::Taken);
        drop(first);
        assert!(try_lock(&b).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_or_folder_as_lock_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "not sori's").unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&path)).unwrap();
        match try_lock(&path).unwrap_err() {
            NotLocked::Unusable { lock, why } => {
                assert_eq!(lock, lock_path(&path));
                assert_eq!(
                    why,
                    "is a symbolic link, not sori's lock file; remove it to edit the session"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not sori's");
        std::fs::remove_file(lock_path(&path)).unwrap();
        std::fs::create_dir(lock_path(&path)).unwrap();
        assert!(matches!(
            try_lock(&path).unwrap_err(),
            NotLocked::Unusable { why, .. } if why.starts_with("is a folder")
        ));
    }
}
