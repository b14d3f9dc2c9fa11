//! Writing exported minutes to disk: atomically, so a reader (a mail client attaching the file,
//! a sync folder) never sees half a file. The minutes themselves come from `export`, which
//! touches no files.

use std::path::{Path, PathBuf};

use crate::core::history::Record;
use crate::core::session::{Lang, Session};
use crate::export::{self, Format, Options};

use super::disk;

/// Where the minutes of a session go: next to it, `w.yaml` → `w.minutes.md` and
/// `w.minutes.html`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MinutesFiles {
    pub markdown: PathBuf,
    pub html: PathBuf,
}

impl MinutesFiles {
    pub fn beside(session_path: &Path) -> MinutesFiles {
        let stem = session_path
            .file_stem()
            .unwrap_or(session_path.as_os_str())
            .to_os_string();
        let named = |format: Format| {
            let mut name = stem.clone();
            name.push(format!(".minutes.{}", format.extension()));
            session_path.with_file_name(name)
        };
        MinutesFiles {
            markdown: named(Format::Markdown),
            html: named(Format::Html),
        }
    }
}

/// Write the Markdown and the HTML minutes next to the session file (the workshop's `x` key)
/// and say where. An error names the file that could not be written.
pub fn write_beside(
    session_path: &Path,
    session: &Session,
    records: &[Record],
    lang: Lang,
) -> Result<MinutesFiles, String> {
    let files = MinutesFiles::beside(session_path);
    for (format, path) in [
        (Format::Markdown, &files.markdown),
        (Format::Html, &files.html),
    ] {
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
        let bare = MinutesFiles::beside(Path::new("地域猫"));
        assert_eq!(bare.markdown, Path::new("地域猫.minutes.md"));
    }

    #[test]
    fn writes_both_files_and_replaces_old_ones() {
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
    }

    #[test]
    fn an_unwritable_place_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let session_path = dir.path().join("missing-folder").join("w.yaml");
        let err = write_beside(&session_path, &Session::empty(), &[], Lang::En).unwrap_err();
        assert!(err.contains("w.minutes.md"), "{err}");
    }
}
