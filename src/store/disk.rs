//! The few steps by which a file is replaced durably — a temporary file beside it, written,
//! fsync'd, renamed over it, the folder fsync'd — each asking `faults` first.
//!
//! sori takes these steps itself rather than through a crate (it used `atomic-write-file`)
//! because the reliability tests must fail or kill a save at each of them, between the rename
//! and the folder fsync too, and because the temporary file must have a name sori recognises:
//! one left by a killed save is removed when the session is next opened, and never listed as
//! a session (`.w.yaml.sori-tmp-<pid>` does not end in `.yaml`).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::faults::{self, Op};

/// The part of a temporary file's name after the session's name.
const TEMP_MARK: &str = ".sori-tmp-";

/// The temporary file this process writes before replacing `path`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!("{TEMP_MARK}{}", std::process::id()));
    path.with_file_name(name)
}

/// Replace a file's content all at once (the pieces one after the other): a reader, or the
/// next run after a crash at any point, finds the old file or the new, never half. On an
/// error before the rename the old file is untouched and the temporary file removed.
pub(crate) fn replace(path: &Path, pieces: &[&[u8]]) -> io::Result<()> {
    let temp = temp_path(path);
    let written = write_temp(&temp, pieces, path);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    faults::point("save.before-rename");
    if let Err(e) = faults::op(Op::Rename).and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    faults::point("save.after-rename");
    sync_dir(path)
}

fn write_temp(temp: &Path, pieces: &[&[u8]], replacing: &Path) -> io::Result<()> {
    faults::op(Op::Create)?;
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(temp)?;
    // The new file keeps the old one's permissions (a session kept private stays private).
    if let Ok(old) = std::fs::metadata(replacing) {
        file.set_permissions(old.permissions())?;
    }
    let total: usize = pieces.iter().map(|p| p.len()).sum();
    let mut done = 0;
    for piece in pieces {
        if done < total / 2
            && done + piece.len() >= total / 2
            && faults::stop_here("save.mid-write")
        {
            let _ = file.write_all(&piece[..total / 2 - done]);
            faults::halt("save.mid-write");
        }
        write_all(&mut file, piece)?;
        done += piece.len();
    }
    faults::op(Op::Sync)?;
    file.sync_all()
}

/// `write_all`, except that an injected failure writes half first, as a disk that fills up
/// in the middle of a write does.
pub(crate) fn write_all(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    if let Err(e) = faults::op(Op::Write) {
        let _ = file.write_all(&bytes[..bytes.len() / 2]);
        return Err(e);
    }
    file.write_all(bytes)
}

/// Make a folder's entries (a new or renamed file in it) durable.
pub fn sync_dir(file_in_dir: &Path) -> io::Result<()> {
    faults::op(Op::Sync)?;
    let dir = match file_in_dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
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
        replace(&path, &[b"sori: 1\n", b"meta: {}\n"]).unwrap();
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
            let e = replace(&path, &[b"new ", b"content"]).unwrap_err();
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
        assert!(replace(&path, &[b"new ", b"content"]).is_err());
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
        replace(&path, &[b"new"]).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
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
