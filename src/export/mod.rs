//! Minutes (議事録) from a session: pure functions from a `Session` (and its history) to text or
//! bytes. No terminal, no files: writing them is the store's and the CLI's job
//! (`store::minutes_files`).
//!
//! The Markdown, the HTML and the Word file render one `model::Minutes`, built once, so all
//! three carry the same content in the same order. The CSV is the 相利評価表 of every activity
//! as data; the Excel workbook holds the minutes' tables, a sheet each (`model::sheets`).
//!
//! Cost: linear in the size of the session; of the history only the first record is read (the
//! start of a meeting whose start was never set).

pub mod csv;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod model;
pub mod xlsx;

use std::collections::HashMap;
use std::str::FromStr;

use crate::core::history::Record;
use crate::core::session::{Activity, Id, Item, Lang, Party, Session};

/// The formats `sori export` writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    Docx,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Html,
        Format::Docx,
        Format::Xlsx,
        Format::Csv,
    ];

    /// The name on the command line: `md`, `html`, `docx`, `xlsx`, `csv`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// Whether the format is a binary file (a zip package), not text to show on a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx)
    }

    /// The format a file name asks for by its extension (`.md`, `.markdown`, `.html`, `.htm`,
    /// `.docx`, `.xlsx`, `.csv`), if any.
    pub fn from_file_name(name: &str) -> Option<Format> {
        let (_, ext) = name.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "csv" => Ok(Format::Csv),
            "docx" | "word" => Ok(Format::Docx),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            _ => Err(format!(
                "unknown format '{s}' (md, html, docx, xlsx or csv)"
            )),
        }
    }
}

/// How to write the minutes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Options {
    pub format: Format,
    pub lang: Lang,
    /// CSV only: a UTF-8 byte-order mark and CRLF line ends, for Excel on Windows.
    pub excel: bool,
}

/// The minutes in the asked format, as the bytes of a file.
pub fn export(session: &Session, records: &[Record], options: Options) -> Vec<u8> {
    match options.format {
        Format::Markdown => markdown::render(session, records, options.lang).into_bytes(),
        Format::Html => html::render(session, records, options.lang).into_bytes(),
        Format::Docx => docx::render(session, records, options.lang),
        Format::Xlsx => xlsx::render(session, records, options.lang),
        Format::Csv => csv::render(session, options.lang, options.excel),
    }
}

/// Text an XML file (.docx, .xlsx) can hold: control characters (none reach here after
/// `model::clean`, but labels and names are checked too) and the non-characters U+FFFE and
/// U+FFFF, which XML 1.0 forbids and a reader refuses the whole file for, become `�`.
pub(crate) fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Parties and items by id, built once per export so every lookup is O(1) and the minutes
/// stay linear in the size of the session.
pub(crate) struct Index<'a> {
    parties: HashMap<&'a Id, &'a Party>,
    items: HashMap<&'a Id, &'a Item>,
    activities: HashMap<&'a Id, &'a Activity>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(s: &'a Session) -> Index<'a> {
        let parties = s.parties.iter().map(|p| (&p.id, p)).collect();
        let items = s
            .parties
            .iter()
            .flat_map(|p| p.purposes.iter().chain(&p.challenges))
            .map(|it| (&it.id, it))
            .collect();
        let activities = s.activities.iter().map(|a| (&a.id, a)).collect();
        Index {
            parties,
            items,
            activities,
        }
    }

    pub(crate) fn party(&self, id: &Id) -> Option<&'a Party> {
        self.parties.get(id).copied()
    }

    /// A party's name; `?` when no party has this id.
    pub(crate) fn party_name(&self, id: &Id) -> &'a str {
        match self.party(id) {
            Some(p) => &p.name,
            None => "?",
        }
    }

    pub(crate) fn activity(&self, id: &Id) -> Option<&'a Activity> {
        self.activities.get(id).copied()
    }

    /// The texts of these purposes or challenges, in the order given.
    pub(crate) fn item_texts(&self, ids: &[Id]) -> Vec<&'a str> {
        ids.iter()
            .filter_map(|id| self.items.get(id).map(|it| it.text.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_file_name() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
            assert_eq!(
                Format::from_file_name(&format!("x.minutes.{}", f.extension())),
                Some(f)
            );
        }
        assert_eq!(Format::from_file_name("A.HTM"), Some(Format::Html));
        assert_eq!(Format::from_file_name("notes.txt"), None);
        assert_eq!(Format::from_file_name("noext"), None);
        let err = "pdf".parse::<Format>().unwrap_err();
        assert!(err.contains("md, html, docx, xlsx or csv"), "{err}");
        assert!(Format::Docx.is_binary() && Format::Xlsx.is_binary());
        assert!(!Format::Markdown.is_binary() && !Format::Csv.is_binary());
    }

    #[test]
    fn text_xml_cannot_hold_is_replaced() {
        assert_eq!(
            xml_text("a\u{fffe}b\u{ffff}\u{1}c\n地域猫"),
            "a�b��c\n地域猫"
        );
    }
}
