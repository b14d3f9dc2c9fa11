//! Which file a session is, and which version of it sori read.
//!
//! A session opened through a symbolic link is the file the link points at: its lock, its
//! journal and its saves are beside the real file, and the link stays a link (`real_path`).
//!
//! What sori read (or last wrote) is kept as a `Seen`: the file's size and SHA-256, and what
//! `stat` said of it (device, inode, size, modification and change times). Another program
//! that replaces the file (a sync client renaming its download over it), rewrites it in place
//! (a hand edit, a copy) or deletes it changes what `stat` says: only then is the file read
//! again and its hash compared (`Seen::compare`). A journal names the version its records
//! build on by its `Content` (size, hash, history length: `journal::Base`).

use std::fmt;
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where a session really is: symbolic links resolved (in the folders on the way too). A
/// path that does not exist yet (a new session) has its folder resolved.
pub fn real_path(path: &Path) -> io::Result<PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A dangling link is not a new file: creating one would write where it points.
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(e);
            }
            let name = path
                .file_name()
                .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
            let dir = super::fsio::folder_of(path);
            Ok(std::fs::canonicalize(dir)?.join(name))
        }
        Err(e) => Err(e),
    }
}

/// What a file holds, named by its size and SHA-256.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Content {
    pub bytes: u64,
    pub sha256: [u8; 32],
}

impl Content {
    pub fn of(bytes: &[u8]) -> Content {
        let mut h = ContentHasher::default();
        h.update(bytes);
        h.finish()
    }

    pub fn hex(&self) -> String {
        self.sha256.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// From a size and the hex form `hex` gives; `None` if it is not one.
    pub fn from_hex(bytes: u64, hex: &str) -> Option<Content> {
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut sha256 = [0u8; 32];
        for (i, out) in sha256.iter_mut().enumerate() {
            *out = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Content { bytes, sha256 })
    }
}

impl fmt::Debug for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Content({} bytes, {})", self.bytes, &self.hex()[..12])
    }
}

/// Hashes what is written, a piece at a time (a save writes its file in pieces).
#[derive(Default)]
pub struct ContentHasher {
    sha: Sha256,
    bytes: u64,
}

impl ContentHasher {
    pub fn update(&mut self, piece: &[u8]) {
        self.sha.update(piece);
        self.bytes += piece.len() as u64;
    }

    pub fn finish(self) -> Content {
        Content {
            bytes: self.bytes,
            sha256: self.sha.finalize().into(),
        }
    }
}

/// What `stat` says of a file: changed by any write, rename over it or copy onto it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct StatKey {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl StatKey {
    pub fn of(meta: &Metadata) -> StatKey {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            StatKey {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                mtime: (meta.mtime(), meta.mtime_nsec()),
                // The change time cannot be set by `touch`: a rewrite that keeps the size and
                // puts the modification time back still changes it.
                ctime: (meta.ctime(), meta.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| {
                    (d.as_secs() as i64, i64::from(d.subsec_nanos()))
                });
            StatKey {
                dev: 0,
                ino: 0,
                len: meta.len(),
                mtime,
                ctime: (0, 0),
            }
        }
    }

    /// Whether two keys name the same file (device and inode), whatever it holds.
    pub fn same_file(&self, other: &StatKey) -> bool {
        cfg!(unix) && self.dev == other.dev && self.ino == other.ino
    }
}

/// A version of the session file as sori saw it: read, or written by sori itself.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Seen {
    pub key: StatKey,
    pub content: Content,
}

/// How the file on disk compares with what sori saw.
#[derive(Debug)]
pub enum OnDisk {
    /// As sori saw it (perhaps touched, or copied over with the same bytes).
    Same,
    /// Another program changed it: its bytes now, and what `stat` says.
    Changed { bytes: Vec<u8>, meta: Metadata },
    /// Removed (or renamed away) by another program.
    Gone,
    /// Something that is not a session file took its place, or it cannot be read now.
    Unreadable(String),
}

impl Seen {
    pub fn new(meta: &Metadata, content: Content) -> Seen {
        Seen {
            key: StatKey::of(meta),
            content,
        }
    }

    /// Look at the file now. Reads it only when `stat` says something changed; `self` learns
    /// the new `stat` of a file whose bytes are the same.
    pub fn compare(&mut self, path: &Path, limit: u64) -> OnDisk {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return OnDisk::Gone,
            Err(e) => return OnDisk::Unreadable(super::fsio::io_words(&e)),
        };
        if StatKey::of(&meta) == self.key {
            return OnDisk::Same;
        }
        match super::fsio::read_regular(path, limit, true) {
            Ok((bytes, meta)) => {
                if Content::of(&bytes) == self.content {
                    self.key = StatKey::of(&meta);
                    OnDisk::Same
                } else {
                    OnDisk::Changed { bytes, meta }
                }
            }
            Err(super::fsio::ReadFailure::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
                OnDisk::Gone
            }
            Err(e) => OnDisk::Unreadable(e.to_string()),
        }
    }
}

/// Now, as conflict copies are named: `20261127-143205` (local time).
pub fn stamp_now() -> String {
    let now = crate::core::stamp::Stamp::now().local();
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        now.month(),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

/// The name of a conflict copy of `real` made at `stamp` (`YYYYMMDD-HHMMSS`), not yet taken:
/// `w.sori-conflict-20261127-143205.yaml` beside `w.yaml` (then `…-2.yaml`, `…-3.yaml`). It
/// ends in `.yaml`: a conflict copy is a whole session, listed and opened like any other.
pub fn conflict_path(real: &Path, stamp: &str) -> PathBuf {
    let stem = real
        .file_stem()
        .unwrap_or(real.as_os_str())
        .to_string_lossy()
        .into_owned();
    let ext = real
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "yaml".into());
    first_free(|suffix| real.with_file_name(format!("{stem}.sori-conflict-{stamp}{suffix}.{ext}")))
}

/// The first of `name("")`, `name("-2")`, `name("-3")`... that nothing (not even a link) has.
pub fn first_free(name: impl Fn(&str) -> PathBuf) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => name(""),
            n => name(&format!("-{n}")),
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hex_round_trips() {
        let c = Content::of("相利".as_bytes());
        assert_eq!(c.bytes, 6);
        assert_eq!(Content::from_hex(6, &c.hex()), Some(c));
        assert_eq!(Content::from_hex(6, "zz"), None);
    }

    #[test]
    fn a_change_is_seen_only_when_the_bytes_differ() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        std::fs::write(&path, "sori: 1\n").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let mut seen = Seen::new(&meta, Content::of(b"sori: 1\n"));
        assert!(matches!(seen.compare(&path, 1024), OnDisk::Same));
        // The same bytes written again (a sync client's copy): not a change.
        std::fs::write(&path, "sori: 1\n").unwrap();
        assert!(matches!(seen.compare(&path, 1024), OnDisk::Same));
        std::fs::write(&path, "sori: 2\n").unwrap();
        assert!(matches!(seen.compare(&path, 1024), OnDisk::Changed { .. }));
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(seen.compare(&path, 1024), OnDisk::Gone));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_resolves_to_its_target_and_a_new_file_to_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let real_dir = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(dir.path().join("w.yaml"), "x").unwrap();
        std::os::unix::fs::symlink("w.yaml", dir.path().join("link.yaml")).unwrap();
        assert_eq!(
            real_path(&dir.path().join("link.yaml")).unwrap(),
            real_dir.join("w.yaml")
        );
        assert_eq!(
            real_path(&dir.path().join("new.yaml")).unwrap(),
            real_dir.join("new.yaml")
        );
        std::os::unix::fs::symlink("nowhere", dir.path().join("dangling.yaml")).unwrap();
        assert!(real_path(&dir.path().join("dangling.yaml")).is_err());
    }

    #[test]
    fn conflict_copies_take_a_free_name_ending_in_yaml() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("地域猫.yaml");
        let first = conflict_path(&real, "20261127-143205");
        assert_eq!(
            first.file_name().unwrap(),
            "地域猫.sori-conflict-20261127-143205.yaml"
        );
        std::fs::write(&first, "x").unwrap();
        let second = conflict_path(&real, "20261127-143205");
        assert_eq!(
            second.file_name().unwrap(),
            "地域猫.sori-conflict-20261127-143205-2.yaml"
        );
    }
}
