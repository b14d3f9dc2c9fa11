//! Writing exported minutes to disk: atomically, so a reader (a mail client attaching the file,
//! a sync folder) never sees half a file. The minutes themselves come from `export`, which
//! touches no files.

use std::path::{Path, PathBuf};

use crate::core::history::Record;
use crate::core::session::{Lang, Session};
use crate::export::{self, Format, Options};

use super::disk;

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
) -> Result<MinutesFiles, String> {
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

/// Replace `path` with `bytes` atomically. The error names the file.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    disk::replace(path, &[bytes]).map_err(|e| format!("{}: {e}", path.display()))
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
        assert!(err.contains("w.minutes.md"), "{err}");
    }
}
