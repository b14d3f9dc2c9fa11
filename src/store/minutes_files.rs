//! Writing exported minutes to disk: atomically, so a reader (a mail client attaching the file,
//! a sync folder) never sees half a file. The minutes themselves come from `export`, which
//! touches no files.
//!
//! An output never replaces a session file, a journal or a lock (`sori export w.yaml -o
//! w.yaml` is refused, as is any file that holds a session), and is never written into
//! something that is not a regular file: a FIFO or a device is refused (leave out `-o` to
//! print), and so is a symbolic link (a link planted in a shared folder must not send the
//! minutes over another file).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::core::history::Record;
use crate::core::session::{Lang, Session};
use crate::export::{self, Format, Options};

use super::disk;
use super::fsio::{self, Kind};

/// Why an output file was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// sori refuses to write there: what is there.
    Refused { path: PathBuf, what: Occupant },
    /// Writing failed: the error in words.
    Failed { path: PathBuf, error: String },
}

/// What is already at an output's path that sori will not write over or into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occupant {
    Session,
    Journal,
    Lock,
    NotRegular(Kind),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Refused { path, what } => {
                let what = match what {
                    Occupant::Session => "a sori session",
                    Occupant::Journal => "a session's journal",
                    Occupant::Lock => "a session's lock file",
                    Occupant::NotRegular(kind) => kind.words(),
                };
                write!(
                    f,
                    "{}: this is {what}; sori does not write minutes over it",
                    path.display()
                )
            }
            OutputError::Failed { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {}

/// What is at `path` that an output must not replace or write into, if anything.
pub fn occupant(path: &Path) -> Option<Occupant> {
    if let Some(kind) = fsio::kind_at(path) {
        return Some(Occupant::NotRegular(kind));
    }
    let name = path.file_name()?.to_string_lossy();
    if let Some(session) = name.strip_suffix(".lock")
        && path.with_file_name(session).is_file()
    {
        return Some(Occupant::Lock);
    }
    // The first bytes say what it is; no more is read.
    let (file, _) = fsio::open_regular(path, false).ok()?;
    let mut head = Vec::with_capacity(4096);
    file.take(4096).read_to_end(&mut head).ok()?;
    let head = String::from_utf8_lossy(&head);
    let head = head.trim_start_matches('\u{feff}');
    if head.starts_with("{\"seq\":") || head.starts_with("{\"base\":") {
        return Some(Occupant::Journal);
    }
    let first_key = head
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .unwrap_or_default();
    (first_key.starts_with("sori:") || first_key == "---" && head.contains("\nsori:"))
        .then_some(Occupant::Session)
}

/// Where the minutes of a session go: next to it, `w.yaml` → `w.minutes.md`,
/// `w.minutes.html` and `w.minutes.docx` (what the workshop's `x` writes: the minutes to mail,
/// to print and to edit in Word).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MinutesFiles {
    pub markdown: PathBuf,
    pub html: PathBuf,
    pub docx: PathBuf,
}

impl MinutesFiles {
    pub fn beside(session_path: &Path) -> MinutesFiles {
        MinutesFiles {
            markdown: MinutesFiles::beside_as(session_path, Format::Markdown),
            html: MinutesFiles::beside_as(session_path, Format::Html),
            docx: MinutesFiles::beside_as(session_path, Format::Docx),
        }
    }

    /// The minutes of a session in `format`, next to it: `w.yaml` → `w.minutes.docx`.
    pub fn beside_as(session_path: &Path, format: Format) -> PathBuf {
        let mut name = session_path
            .file_stem()
            .unwrap_or(session_path.as_os_str())
            .to_os_string();
        name.push(format!(".minutes.{}", format.extension()));
        session_path.with_file_name(name)
    }

    /// Each file with its format, in the order `x` names them.
    pub fn each(&self) -> [(Format, &Path); 3] {
        [
            (Format::Markdown, &self.markdown),
            (Format::Html, &self.html),
            (Format::Docx, &self.docx),
        ]
    }
}

/// Write the Markdown, the HTML and the Word minutes next to the session file (the workshop's
/// `x`) and say where. An error names the file that could not be written.
pub fn write_beside(
    session_path: &Path,
    session: &Session,
    records: &[Record],
    lang: Lang,
) -> Result<MinutesFiles, OutputError> {
    let files = MinutesFiles::beside(session_path);
    for (format, path) in files.each() {
        let options = Options {
            format,
            lang,
            excel: false,
        };
        write_file(path, &export::export(session, records, options))?;
    }
    Ok(files)
}

/// Replace `path` with `bytes` atomically, unless what is there must not be replaced
/// (`occupant`). The error names the file.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    if let Some(what) = occupant(path) {
        return Err(OutputError::Refused {
            path: path.to_path_buf(),
            what,
        });
    }
    disk::replace(path, &[bytes], false)
        .and_then(disk::Written::durable)
        .map(drop)
        .map_err(|e| OutputError::Failed {
            path: path.to_path_buf(),
            error: fsio::io_words(&e),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_go_next_to_the_session() {
        let files = MinutesFiles::beside(Path::new("/data/2026-11-27-1400.yaml"));
        assert_eq!(
            files.markdown,
            Path::new("/data/2026-11-27-1400.minutes.md")
        );
        assert_eq!(files.html, Path::new("/data/2026-11-27-1400.minutes.html"));
        assert_eq!(files.docx, Path::new("/data/2026-11-27-1400.minutes.docx"));
        assert_eq!(
            MinutesFiles::beside_as(Path::new("/data/w.yaml"), Format::Xlsx),
            Path::new("/data/w.minutes.xlsx")
        );
        let bare = MinutesFiles::beside(Path::new("地域猫"));
        assert_eq!(bare.markdown, Path::new("地域猫.minutes.md"));
    }

    #[test]
    fn writes_every_file_and_replaces_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let session_path = dir.path().join("w.yaml");
        let mut s = Session::empty();
        s.meta.title = "一回目".into();
        std::fs::write(dir.path().join("w.minutes.md"), "old").unwrap();
        let files = write_beside(&session_path, &s, &[], Lang::Ja).unwrap();
        let md = std::fs::read_to_string(&files.markdown).unwrap();
        assert!(md.starts_with("# 一回目 議事録\n"), "{md}");
        let html = std::fs::read_to_string(&files.html).unwrap();
        assert!(html.contains("<title>一回目 議事録</title>"), "{html}");
        let docx = std::fs::read(&files.docx).unwrap();
        assert!(docx.starts_with(b"PK"), "a zip package");
    }

    #[test]
    fn an_unwritable_place_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let session_path = dir.path().join("missing-folder").join("w.yaml");
        let err = write_beside(&session_path, &Session::empty(), &[], Lang::En).unwrap_err();
        assert!(err.to_string().contains("w.minutes.md"), "{err}");
    }

    #[test]
    fn sessions_journals_and_locks_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.yaml");
        std::fs::write(&session, "# notes\nsori: 1\nmeta: {}\n").unwrap();
        std::fs::write(dir.path().join("w.yaml.journal"), "{\"base\":{}}\n").unwrap();
        std::fs::write(dir.path().join("w.yaml.lock"), "").unwrap();
        for (name, what) in [
            ("w.yaml", Occupant::Session),
            ("w.yaml.journal", Occupant::Journal),
            ("w.yaml.lock", Occupant::Lock),
        ] {
            let path = dir.path().join(name);
            let before = std::fs::read(&path).unwrap();
            assert_eq!(
                write_file(&path, b"# minutes"),
                Err(OutputError::Refused {
                    path: path.clone(),
                    what
                })
            );
            assert_eq!(std::fs::read(&path).unwrap(), before);
        }
        let e = write_file(&session, b"x").unwrap_err();
        assert!(
            e.to_string()
                .ends_with("w.yaml: this is a sori session; sori does not write minutes over it"),
            "{e}"
        );
        // Other files are replaced as before.
        let md = dir.path().join("w.md");
        std::fs::write(&md, "old minutes").unwrap();
        write_file(&md, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&md).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn links_fifos_and_devices_are_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep").unwrap();
        let link = dir.path().join("w.minutes.md");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let e = write_file(&link, b"minutes").unwrap_err();
        assert_eq!(
            e,
            OutputError::Refused {
                path: link.clone(),
                what: Occupant::NotRegular(Kind::Link)
            }
        );
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        let e = write_file(Path::new("/dev/null"), b"minutes").unwrap_err();
        assert!(
            matches!(
                e,
                OutputError::Refused {
                    what: Occupant::NotRegular(Kind::Device),
                    ..
                }
            ),
            "{e:?}"
        );
    }
}
