//! File names made from what people typed: a new session is named after its date and title
//! (`2026-12-03 地域猫の語り合う場 第2回.yaml`), and its minutes after it
//! (`… 第2回.minutes.docx`). The names must work in every folder facilitators keep files in:
//! Windows, macOS, Linux, and the sync clients and USB sticks between them.
//!
//! So a name has none of `\ / : * ? " < > |` (each becomes its full-width twin, which reads the
//! same: `／`, `：`, `？`), no control or invisible direction characters, no leading dot (a
//! hidden file) and no trailing dot or space (Windows drops them), is not a name Windows
//! reserves (`CON`, `NUL`, `COM1`...), is at most `MAX_STEM_BYTES` long (cut between
//! characters, never inside one), and is not taken: ` (2)`, ` (3)`... is added until neither
//! the session nor any file sori keeps beside it exists.

use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation;

/// The longest name, in UTF-8 bytes, before ` (2)` and the extensions: with the longest of
/// those (`.yaml.journal`, `.minutes.docx`, a save's temporary `.… .sori-tmp-<pid>`) it stays
/// well under the 255 bytes a file name may take on every file system (40 kanji).
pub const MAX_STEM_BYTES: usize = 120;

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// What sori may put beside a session `stem.yaml`: a new session's name is free only when
/// none of these exists.
const BESIDE: [&str; 8] = [
    ".yaml",
    ".yaml.journal",
    ".yaml.lock",
    ".minutes.md",
    ".minutes.html",
    ".minutes.docx",
    ".minutes.xlsx",
    ".minutes.csv",
];

/// `text` made into a file name's stem that every system takes (see the module's notes);
/// empty when nothing of it is left.
pub fn safe_stem(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\\' => '＼',
            '/' => '／',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '"' => '＂',
            '<' => '＜',
            '>' => '＞',
            '|' => '｜',
            c if c.is_control() || crate::text::is_unsafe(c) || c.is_whitespace() => ' ',
            c => c,
        };
        // One space between words, whatever was there.
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    let mut stem = cut(out.trim_start_matches(['.', ' ']), MAX_STEM_BYTES);
    stem.truncate(stem.trim_end_matches(['.', ' ']).len());
    let device = stem
        .split('.')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase();
    if RESERVED.contains(&device.as_str()) {
        stem.insert(device.len(), '_');
    }
    stem
}

/// At most `max` bytes of `text`, cut between characters as a reader sees them (a letter and
/// its accent, an emoji sequence stay whole).
fn cut(text: &str, max: usize) -> String {
    let mut out = String::new();
    for g in text.graphemes(true) {
        if out.len() + g.len() > max {
            break;
        }
        out.push_str(g);
    }
    out
}

/// The stem of a new session's file: its date and title (`2026-12-03 地域猫の語り合う場`), or
/// its date alone.
pub fn session_stem(date: &str, title: &str) -> String {
    safe_stem(&format!("{date} {title}"))
}

/// `dir/stem.yaml`, or `dir/stem (2).yaml`, `(3)`...: the first for which no file sori keeps
/// beside a session (journal, lock, minutes) exists either, not even as a link, so a new
/// session never takes over an old one's minutes.
pub fn free_session_path(dir: &Path, stem: &str) -> PathBuf {
    // Taken even by a link (dangling or not): a new session is never created through one.
    let taken = |stem: &str| {
        BESIDE
            .iter()
            .any(|ext| std::fs::symlink_metadata(dir.join(format!("{stem}{ext}"))).is_ok())
    };
    let stem = if stem.is_empty() { "sori" } else { stem };
    let name = (1..)
        .map(|n| match n {
            1 => stem.to_string(),
            n => format!("{stem} ({n})"),
        })
        .find(|s| !taken(s))
        .expect("some number is free");
    dir.join(format!("{name}.yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_titles_become_names_every_system_takes() {
        let cases = [
            ("地域猫の語り合う場 第2回", "地域猫の語り合う場 第2回"),
            ("a/b\\c:d*e?f\"g<h>i|j", "a／b＼c：d＊e？f＂g＜h＞i｜j"),
            ("改行\nと\tタブ\r\n", "改行 と タブ"),
            ("\u{1b}[31m赤\u{7f}\u{9b}", "[31m赤"),
            ("\u{202E}txt.exe", "txt.exe"),
            ("...隠し", "隠し"),
            ("終わりに点...", "終わりに点"),
            ("  空白   だらけ  ", "空白 だらけ"),
            ("CON", "CON_"),
            ("con.txt", "con_.txt"),
            ("Lpt1", "Lpt1_"),
            ("CONSOLE", "CONSOLE"),
            ("/", "／"),
            ("...", ""),
            ("", ""),
        ];
        for (title, want) in cases {
            assert_eq!(safe_stem(title), want, "{title:?}");
        }
    }

    #[test]
    fn a_long_title_is_cut_between_characters() {
        let long = "相利".repeat(200);
        let stem = safe_stem(&long);
        assert!(stem.len() <= MAX_STEM_BYTES, "{}", stem.len());
        assert_eq!(stem, "相利".repeat(20));
        // A letter with its accent and an emoji sequence are not split.
        let marks = format!("{}e\u{301}👨‍👩‍👧", "a".repeat(MAX_STEM_BYTES - 3));
        let stem = safe_stem(&marks);
        assert_eq!(stem, format!("{}e\u{301}", "a".repeat(MAX_STEM_BYTES - 3)));
        let marks = format!("{}e\u{301}", "a".repeat(MAX_STEM_BYTES - 2));
        assert_eq!(safe_stem(&marks), "a".repeat(MAX_STEM_BYTES - 2));
        // Cutting leaves no trailing space or dot.
        let spaced = format!("{} . x", "b".repeat(MAX_STEM_BYTES - 2));
        assert_eq!(safe_stem(&spaced), "b".repeat(MAX_STEM_BYTES - 2));
        // The longest name with everything sori adds fits in 255 bytes.
        let name = format!(".{stem} (99).yaml.journal.sori-tmp-4294967295");
        assert!(name.len() < 255, "{}", name.len());
    }

    #[test]
    fn a_session_name_is_its_date_and_title() {
        assert_eq!(
            session_stem("2026-12-03", "地域猫の語り合う場 第2回"),
            "2026-12-03 地域猫の語り合う場 第2回"
        );
        assert_eq!(session_stem("2026-12-03", ""), "2026-12-03");
        assert_eq!(session_stem("2026-12-03", "CON"), "2026-12-03 CON");
    }

    #[test]
    fn names_are_unique_among_sessions_and_what_lies_beside_them() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let stem = "2026-12-03 地域猫";
        assert_eq!(free_session_path(d, stem), d.join("2026-12-03 地域猫.yaml"));
        std::fs::write(d.join("2026-12-03 地域猫.yaml"), "").unwrap();
        assert_eq!(
            free_session_path(d, stem),
            d.join("2026-12-03 地域猫 (2).yaml")
        );
        // Minutes left by a removed session keep their name too.
        std::fs::write(d.join("2026-12-03 地域猫 (2).minutes.docx"), "").unwrap();
        std::fs::write(d.join("2026-12-03 地域猫 (3).yaml.journal"), "").unwrap();
        assert_eq!(
            free_session_path(d, stem),
            d.join("2026-12-03 地域猫 (4).yaml")
        );
        assert_eq!(free_session_path(d, ""), d.join("sori.yaml"));
    }

    /// A link in a shared folder, even one to nothing, takes its name: a new session is never
    /// created through it.
    #[cfg(unix)]
    #[test]
    fn a_link_takes_its_name_even_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::os::unix::fs::symlink(d.join("nowhere"), d.join("2026-12-03 会.yaml")).unwrap();
        assert_eq!(
            free_session_path(d, "2026-12-03 会"),
            d.join("2026-12-03 会 (2).yaml")
        );
    }
}
