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
    /// Written into the file itself (its other names kept): `file` is not a new file.
    pub in_place: bool,
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
        in_place: false,
    })
}

/// Whether a save must keep the file itself: it has more than one name (hard links), and a
/// rename over one name would leave the others with the old version.
pub(crate) fn has_other_names(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).is_ok_and(|m| m.nlink() > 1)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Why a rewrite in place failed.
#[derive(Debug)]
pub(crate) enum InPlaceError {
    /// Nothing was written to the file.
    Untouched(io::Error),
    /// The file may hold part of the new content; the temporary file beside it holds all of
    /// it (fsync'd), and the next open puts it in place (`restore_interrupted`).
    Damaged(io::Error),
}

/// Replace a file's content without replacing the file (for a file with other names): the new
/// content is first written whole to the temporary file beside it and fsync'd, then into the
/// file itself, which is cut to its length and fsync'd; then the temporary file goes. A crash
/// in the middle leaves the temporary file, from which the next open restores the file.
pub(crate) fn rewrite_in_place(path: &Path, pieces: &[&[u8]]) -> Result<Written, InPlaceError> {
    let temp = temp_path(path);
    let staged = match write_temp(&temp, pieces, Some(path)) {
        Ok(staged) => staged,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(InPlaceError::Untouched(e));
        }
    };
    faults::point("save.before-rename");
    let opened = faults::op(Op::Create, path)
        .and_then(|()| std::fs::OpenOptions::new().write(true).open(path));
    let mut file = match opened {
        Ok(file) => file,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(InPlaceError::Untouched(e));
        }
    };
    let written = (|| {
        let mut total = 0u64;
        for piece in pieces {
            write_all(&mut file, piece, path)?;
            total += piece.len() as u64;
        }
        file.set_len(total)?;
        faults::op(Op::Sync, path)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        return Err(InPlaceError::Damaged(e));
    }
    faults::point("save.after-rename");
    let _ = std::fs::remove_file(&temp);
    Ok(Written {
        file,
        content: staged.content,
        unsynced: sync_dir(path).err(),
        in_place: true,
    })
}

/// After a crash: the temporary files a killed save of `path` left behind, dealt with by the
/// session's writer (it holds the lock, so no other sori is saving). A temporary file that
/// reads is the whole of a save. The file it was to replace is then:
/// - the same, or a version the journal builds on (`known`: the save was killed before its
///   rename, and the journal still holds everything): the temporary file is removed;
/// - anything else: a rewrite in place (a file with other names) was cut short, so the
///   temporary file is put in place. If what is there reads all the same, it is kept first as
///   a conflict copy (sori cannot tell a half-written file that happens to read from another
///   program's version).
///
/// A temporary file that does not read is a save killed while writing it: removed. Returns
/// how many temporary files there were.
pub(crate) fn restore_interrupted(path: &Path, limit: u64, known: &[Content]) -> usize {
    let read = |p: &Path| {
        fsio::read_regular(p, limit, false)
            .ok()
            .map(|(bytes, _)| bytes)
    };
    let reads = |p: &Path, bytes: &[u8]| super::yaml::parse(p, bytes).is_ok();
    let temps = leftover_temps(path);
    for temp in &temps {
        let Some(whole) = read(temp).filter(|t| reads(temp, t)) else {
            let _ = std::fs::remove_file(temp);
            continue;
        };
        let restore = match read(path) {
            Some(now) if now == whole || known.contains(&Content::of(&now)) => false,
            Some(now) if reads(path, &now) => {
                let aside = super::identity::conflict_path(path, &super::identity::stamp_now());
                if create(&aside, &[&now]).and_then(Written::durable).is_err() {
                    // Neither may be lost: leave both as they are.
                    continue;
                }
                true
            }
            _ => true,
        };
        if restore {
            let placed = if path.exists() {
                rewrite_in_place(path, &[&whole]).map(drop).map_err(|_| ())
            } else {
                create(path, &[&whole]).map(drop).map_err(|_| ())
            };
            if placed.is_err() {
                // Keep it: it holds the only whole version.
                continue;
            }
        }
        let _ = std::fs::remove_file(temp);
    }
    temps.len()
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
#[cfg(test)]
fn remove_leftover_temps(path: &Path) -> usize {
    leftover_temps(path)
        .iter()
        .filter(|t| std::fs::remove_file(t).is_ok())
        .count()
}

/// The temporary files of saves of `path` (any process's) beside it.
fn leftover_temps(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name() else {
        return vec![];
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(TEMP_MARK);
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir(fsio::folder_of(path)) else {
        return vec![];
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.strip_prefix(&prefix)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|e| e.path())
        .collect()
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

    #[cfg(unix)]
    #[test]
    fn a_file_with_other_names_is_rewritten_in_place_and_they_follow() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        let other = dir.path().join("other.yaml");
        std::fs::write(&path, "sori: 1\nold: a long old content\n").unwrap();
        std::fs::hard_link(&path, &other).unwrap();
        assert!(has_other_names(&path));
        rewrite_in_place(&path, &[b"sori: 1\n", b"meta: {}\n"]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&other).unwrap(),
            "sori: 1\nmeta: {}\n"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn an_interrupted_rewrite_in_place_is_restored_from_its_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        // Half of the new file written into it, the whole of it in the temporary file.
        let whole = "sori: 1\nmeta:\n  title: 新しい版\n";
        std::fs::write(&path, &whole[..12]).unwrap();
        std::fs::write(dir.path().join(".w.yaml.sori-tmp-4242"), whole).unwrap();
        assert_eq!(restore_interrupted(&path, 1 << 20, &[]), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A killed rename-save: the file is the version the journal builds on; the temporary
        // file goes.
        std::fs::write(dir.path().join(".w.yaml.sori-tmp-4243"), "sori: 1\n").unwrap();
        let known = Content::of(whole.as_bytes());
        assert_eq!(restore_interrupted(&path, 1 << 20, &[known]), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Cut short in a way that reads, or another program's version: both are kept.
        std::fs::write(dir.path().join(".w.yaml.sori-tmp-4244"), "sori: 1\n").unwrap();
        assert_eq!(restore_interrupted(&path, 1 << 20, &[]), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "sori: 1\n");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names[0].starts_with("w.sori-conflict-"), "{names:?}");
        let aside = std::fs::read_to_string(dir.path().join(&names[0])).unwrap();
        assert_eq!(aside, whole, "what was there is kept");
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
