//! One writer per session: an OS lock on a sidecar file (`w.yaml.lock`). The OS releases it when
//! the process ends, however it ends, so a lock left by a killed sori never blocks.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

pub fn lock_path(session: &Path) -> PathBuf {
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    session.with_file_name(name)
}

/// Held while this process may write the session. Dropping it releases the lock.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

/// Try to become the session's writer. `Ok(None)`: another process holds it.
pub fn try_lock(session: &Path) -> io::Result<Option<SessionLock>> {
    // The lock file is never removed: removing it would let two processes lock two different
    // files of the same name.
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(session))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(SessionLock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(e),
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
        assert!(first.is_some());
        assert!(try_lock(&path).unwrap().is_none());
        drop(first);
        assert!(try_lock(&path).unwrap().is_some());
    }
}
