//! The few steps by which a file is replaced durably — a temporary file beside it, written,
//! fsync'd, renamed over it, the folder fsync'd — each asking `faults` first.
//!
//! sori takes these steps itself rather than through a crate (it used `atomic-write-file`)
//! because the reliability tests must fail or kill a save at each of them, between the rename
//! and the folder fsync too, and because the temporary file must have a name sori recognises:
//! one left by a killed save is removed when the session is next opened, and never listed as
//! a session (`.w.yaml.sori-tmp-<pid>` does not end in `.yaml`).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::faults::{self, Op};
use super::fsio;
use super::identity::{Content, ContentHasher};

/// The part of a temporary file's name after the session's name.
const TEMP_MARK: &str = ".sori-tmp-";

/// The temporary file this process writes before replacing `path`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!("{TEMP_MARK}{}", std::process::id()));
    path.with_file_name(name)
}

/// What a save wrote: the new file, still open (the writer locks it before it takes the
/// session's name), and what it holds.
pub(crate) struct Written {
    pub file: File,
    pub content: Content,
    /// The folder's fsync after the rename failed: the new file is in place (a reader sees
    /// it), but a power cut could still undo the rename.
    pub unsynced: Option<io::Error>,
}

impl Written {
    /// Done, with the folder's fsync too; else its error.
    pub fn durable(mut self) -> io::Result<Written> {
        match self.unsynced.take() {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }
}

/// Replace a file's content all at once (the pieces one after the other): a reader, or the
/// next run after a crash at any point, finds the old file or the new, never half. On an
/// error before the rename the old file is untouched and the temporary file removed. With
/// `lock`, the new file is locked (`File::try_lock`) before it takes the name, so a writer's
/// lock on the session's file never lapses.
pub(crate) fn replace(path: &Path, pieces: &[&[u8]], lock: bool) -> io::Result<Written> {
    let temp = temp_path(path);
    let written = match write_temp(&temp, pieces, Some(path)) {
        Ok(written) => written,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    if lock {
        // Only sori's own writers look at this lock; a file system without locks is no reason
        // not to save.
        let _ = written.file.try_lock();
    }
    faults::point("save.before-rename");
    if let Err(e) = faults::op(Op::Rename, path).and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    faults::point("save.after-rename");
    Ok(Written {
        unsynced: sync_dir(path).err(),
        ..written
    })
}

/// Write a new file that must not replace anything: the pieces are written to a temporary
/// file, which then takes the name only if nothing has it (a hard link, which fails on an
/// existing name; where the file system has no hard links, a check just before the rename).
pub(crate) fn create(path: &Path, pieces: &[&[u8]]) -> io::Result<Written> {
    let temp = temp_path(path);
    let written = match write_temp(&temp, pieces, None) {
        Ok(written) => written,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    let _ = written.file.try_lock();
    let placed =
        faults::op(Op::Rename, path).and_then(|()| match std::fs::hard_link(&temp, path) {
            Ok(()) => std::fs::remove_file(&temp),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            Err(_) if std::fs::symlink_metadata(path).is_ok() => {
                Err(io::Error::from(io::ErrorKind::AlreadyExists))
            }
            Err(_) => std::fs::rename(&temp, path),
        });
    if let Err(e) = placed {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(Written {
        unsynced: sync_dir(path).err(),
        ..written
    })
}

/// Write the temporary file: created new (a file or a link already at its name is taken away,
/// never followed), with the permissions of the file it replaces, fsync'd.
fn write_temp(temp: &Path, pieces: &[&[u8]], replacing: Option<&Path>) -> io::Result<Written> {
    faults::op(Op::Create, temp)?;
    let mut file = match fsio::create_new(temp) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            // A name only this process uses: what is there is a leftover or planted. Removing
            // it removes the link itself, not what it points at.
            std::fs::remove_file(temp)?;
            fsio::create_new(temp)?
        }
        Err(e) => return Err(e),
    };
    // The new file keeps the old one's permissions (a session kept private stays private).
    if let Some(old) = replacing.and_then(|p| std::fs::metadata(p).ok()) {
        file.set_permissions(old.permissions())?;
    }
    let total: usize = pieces.iter().map(|p| p.len()).sum();
    let mut hasher = ContentHasher::default();
    let mut done = 0;
    for piece in pieces {
        if done < total / 2
            && done + piece.len() >= total / 2
            && faults::stop_here("save.mid-write")
        {
            let _ = file.write_all(&piece[..total / 2 - done]);
            faults::halt("save.mid-write");
        }
        write_all(&mut file, piece, temp)?;
        hasher.update(piece);
        done += piece.len();
    }
    faults::op(Op::Sync, temp)?;
    file.sync_all()?;
    Ok(Written {
        file,
        content: hasher.finish(),
        unsynced: None,
    })
}

/// `write_all`, except that an injected failure writes half first, as a disk that fills up
/// in the middle of a write does.
pub(crate) fn write_all(file: &mut File, bytes: &[u8], path: &Path) -> io::Result<()> {
    if let Err(e) = faults::op(Op::Write, path) {
        let _ = file.write_all(&bytes[..bytes.len() / 2]);
        return Err(e);
    }
    file.write_all(bytes)
}

/// Make a folder's entries (a new or renamed file in it) durable.
pub fn sync_dir(file_in_dir: &Path) -> io::Result<()> {
    let dir = fsio::folder_of(file_in_dir);
    faults::op(Op::Sync, dir)?;
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Remove the temporary files a killed save of `path` left behind (any process's: the caller
/// holds the session's lock, so no other sori is saving it). Returns how many were removed.
pub(crate) fn remove_leftover_temps(path: &Path) -> usize {
    let Some(name) = path.file_name() else {
        return 0;
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(TEMP_MARK);
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir(fsio::folder_of(path)) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.strip_prefix(&prefix)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_writes_all_pieces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        std::fs::write(&path, "old").unwrap();
        let written = replace(&path, &[b"sori: 1\n", b"meta: {}\n"], false)
            .and_then(Written::durable)
            .unwrap();
        assert_eq!(written.content, Content::of(b"sori: 1\nmeta: {}\n"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "sori: 1\nmeta: {}\n"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["w.yaml"]);
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        std::fs::write(&path, "old").unwrap();
        // create, write, write, fsync, rename: the folder fsync (6) comes after the rename.
        for n in 1..=5 {
            faults::fail_op(n);
            let e = replace(&path, &[b"new ", b"content"], false)
                .and_then(Written::durable)
                .err()
                .unwrap();
            faults::clear();
            assert_eq!(e.raw_os_error(), Some(28), "operation {n}");
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                "old",
                "operation {n}"
            );
            assert_eq!(
                std::fs::read_dir(dir.path()).unwrap().count(),
                1,
                "operation {n}"
            );
        }
        faults::fail_op(6);
        let written = replace(&path, &[b"new ", b"content"], false).unwrap();
        assert!(
            written.unsynced.is_some(),
            "the folder's fsync failed after the rename"
        );
        faults::clear();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new content");
    }

    #[cfg(unix)]
    #[test]
    fn the_new_file_keeps_the_old_ones_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        replace(&path, &[b"new"], false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_the_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        std::fs::write(&path, "old").unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "not sori's").unwrap();
        std::os::unix::fs::symlink(&victim, temp_path(&path)).unwrap();
        replace(&path, &[b"new"], false).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not sori's");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(std::fs::symlink_metadata(temp_path(&path)).is_err());
    }

    #[test]
    fn create_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        create(&path, &[b"first"])
            .and_then(Written::durable)
            .unwrap();
        let e = create(&path, &[b"second"]).err().unwrap();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftover_temporary_files_of_this_session_only_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        for name in [
            ".w.yaml.sori-tmp-123",
            ".w.yaml.sori-tmp-9",
            ".w2.yaml.sori-tmp-5",
            ".w.yaml.sori-tmp-notes",
            "w.yaml",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(remove_leftover_temps(&path), 2);
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".w.yaml.sori-tmp-notes", ".w2.yaml.sori-tmp-5", "w.yaml"]
        );
    }
}
