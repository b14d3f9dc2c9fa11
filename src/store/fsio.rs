//! Opening files among other programs' files: a shared or synced folder may hold, where sori
//! expects a file, a named pipe (FIFO), a device, a folder, or a symbolic link someone else
//! planted. Every file sori reads goes through `read_regular` (regular files only, size-capped,
//! a FIFO never waited on); every file sori creates beside a session through `create_new`
//! (an existing file or link in its place is refused, never followed or truncated).

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// What is at a path when it is not a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Folder,
    Fifo,
    Device,
    Socket,
    Link,
    Other,
}

impl Kind {
    /// `None` for a regular file.
    pub fn of(meta: &Metadata) -> Option<Kind> {
        let ft = meta.file_type();
        if ft.is_file() {
            return None;
        }
        if ft.is_dir() {
            return Some(Kind::Folder);
        }
        if ft.is_symlink() {
            return Some(Kind::Link);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                return Some(Kind::Fifo);
            }
            if ft.is_char_device() || ft.is_block_device() {
                return Some(Kind::Device);
            }
            if ft.is_socket() {
                return Some(Kind::Socket);
            }
        }
        Some(Kind::Other)
    }

    /// What it is, in the words of an error message ("… is a named pipe (FIFO), not a file").
    pub fn words(self) -> &'static str {
        match self {
            Kind::Folder => "a folder",
            Kind::Fifo => "a named pipe (FIFO)",
            Kind::Device => "a device",
            Kind::Socket => "a socket",
            Kind::Link => "a symbolic link",
            Kind::Other => "not a regular file",
        }
    }
}

/// What is at `path` when it is something other than a regular file (links not followed);
/// `None` for a regular file or nothing at all.
pub fn kind_at(path: &Path) -> Option<Kind> {
    std::fs::symlink_metadata(path)
        .ok()
        .and_then(|m| Kind::of(&m))
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadFailure {
    Io(io::Error),
    /// Not a regular file: nothing was read from it.
    NotRegular(Kind),
    /// Larger than the limit: nothing was read.
    TooBig {
        limit: u64,
    },
}

impl fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadFailure::Io(e) => f.write_str(&io_words(e)),
            ReadFailure::NotRegular(Kind::Folder) => {
                f.write_str("this is a folder, not a file; sori does not read it")
            }
            ReadFailure::NotRegular(kind) => {
                write!(
                    f,
                    "this is {}, not a file; sori does not read it",
                    kind.words()
                )
            }
            ReadFailure::TooBig { limit } => write!(
                f,
                "the file is larger than {} MiB; sori refuses to read it",
                limit / 1024 / 1024
            ),
        }
    }
}

impl From<io::Error> for ReadFailure {
    fn from(e: io::Error) -> ReadFailure {
        ReadFailure::Io(e)
    }
}

/// An I/O error in a few plain words.
pub fn io_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk or folder is read-only".to_string(),
        _ if is_loop(e) => "a symbolic link where sori expects a file".to_string(),
        _ => e.to_string(),
    }
}

/// Whether an open failed because the last part of the path is a symbolic link (O_NOFOLLOW).
pub fn is_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Open a file to read, only if it is a regular file: a FIFO is opened without waiting for a
/// writer (O_NONBLOCK) and refused, as are devices, folders and sockets. With `follow` false,
/// a symbolic link is refused too (O_NOFOLLOW) rather than read through.
pub fn open_regular(path: &Path, follow: bool) -> Result<(File, Metadata), ReadFailure> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK;
        if !follow {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    {
        if !follow && kind_at(path) == Some(Kind::Link) {
            return Err(ReadFailure::NotRegular(Kind::Link));
        }
        if let Some(kind) = std::fs::metadata(path).ok().and_then(|m| Kind::of(&m)) {
            return Err(ReadFailure::NotRegular(kind));
        }
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if !follow && is_loop(&e) => return Err(ReadFailure::NotRegular(Kind::Link)),
        // Opening a folder for reading works on some systems and not on others.
        Err(e) if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) => {
            let _ = e;
            return Err(ReadFailure::NotRegular(Kind::Folder));
        }
        Err(e) => return Err(ReadFailure::Io(e)),
    };
    let meta = file.metadata()?;
    if let Some(kind) = Kind::of(&meta) {
        return Err(ReadFailure::NotRegular(kind));
    }
    Ok((file, meta))
}

/// Read a regular file whole, refusing it (without reading it) when it is larger than `limit`.
/// What the file's size says is not trusted: at most `limit + 1` bytes are ever read.
pub fn read_regular(
    path: &Path,
    limit: u64,
    follow: bool,
) -> Result<(Vec<u8>, Metadata), ReadFailure> {
    let (file, meta) = open_regular(path, follow)?;
    if meta.len() > limit {
        return Err(ReadFailure::TooBig { limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadFailure::TooBig { limit });
    }
    Ok((bytes, meta))
}

/// Create a new file to write, refusing any file or link already in its place (O_EXCL with
/// O_NOFOLLOW: a planted symbolic link is never followed, whatever it points at).
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Open an existing regular file to append to, refusing a symbolic link or anything but a
/// regular file in its place.
pub fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if kind_at(path) == Some(Kind::Link) {
        return Err(not_regular(path, Kind::Link));
    }
    let file = options.open(path).map_err(|e| {
        if is_loop(&e) {
            not_regular(path, Kind::Link)
        } else {
            e
        }
    })?;
    if let Some(kind) = Kind::of(&file.metadata()?) {
        return Err(not_regular(path, kind));
    }
    Ok(file)
}

/// The error for something that is not a regular file where sori writes one.
pub fn not_regular(path: &Path, kind: Kind) -> io::Error {
    io::Error::other(format!(
        "{} is {}, not a regular file: sori does not write into it",
        path.display(),
        kind.words()
    ))
}

/// Whether this process may create files in `dir` (a read-only mount, a folder without write
/// permission). Only a hint: creating the file is the real test.
#[allow(unsafe_code)] // libc's access(2): asking without writing anything into a shared folder
pub fn folder_writable(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: access(2) reads the NUL-terminated path and nothing else.
        if unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
    #[cfg(not(unix))]
    {
        match std::fs::metadata(dir) {
            Ok(m) if m.permissions().readonly() => {
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            }
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// The folder a file is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo").arg(path).status();
        assert!(status.unwrap().success());
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("w.yaml");
        mkfifo(&fifo);
        let e = read_regular(&fifo, 1024, true).unwrap_err();
        assert!(matches!(e, ReadFailure::NotRegular(Kind::Fifo)), "{e:?}");
        assert_eq!(
            e.to_string(),
            "this is a named pipe (FIFO), not a file; sori does not read it"
        );
    }

    #[test]
    fn devices_folders_and_big_files_are_refused() {
        let e = read_regular(Path::new("/dev/zero"), 1024, true).unwrap_err();
        assert!(matches!(e, ReadFailure::NotRegular(Kind::Device)), "{e:?}");
        let dir = tempfile::tempdir().unwrap();
        let e = read_regular(dir.path(), 1024, true).unwrap_err();
        assert!(matches!(e, ReadFailure::NotRegular(Kind::Folder)), "{e:?}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 2048]).unwrap();
        let e = read_regular(&big, 1024, true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file is larger than 0 MiB; sori refuses to read it"
        );
        assert_eq!(read_regular(&big, 4096, true).unwrap().0.len(), 2048);
    }

    #[test]
    fn a_link_is_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secret");
        std::fs::write(&target, "private").unwrap();
        let link = dir.path().join("w.yaml.journal");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_regular(&link, 1024, true).unwrap().0, b"private");
        let e = read_regular(&link, 1024, false).unwrap_err();
        assert!(matches!(e, ReadFailure::NotRegular(Kind::Link)), "{e:?}");
    }

    #[test]
    fn creating_never_follows_or_truncates_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.path().join("planted");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = create_new(&link).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(create_new(&dangling).is_err());
        assert!(!dir.path().join("nowhere").exists());
        let e = open_append(&link).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }
}
