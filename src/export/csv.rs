//! The 相利評価表 of every activity as CSV, one row per activity and party, for a spreadsheet:
//! 活動, 協力の型, 状態, 関係者, 課題, 目的, 役割, 相利, 相利の実現, コメント and the ⚠ checks
//! about the row, headed in the minutes' language (the session's, unless `--lang` says
//! otherwise). No internal ids; an activity no party has joined has no row.
//!
//! Cells hold the session's text as the minutes show it (`model::clean`: no control
//! characters, which would drive a terminal when the CSV is printed to it, no bidi controls);
//! several linked purposes are one a line in their cell. A cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text and
//! never runs it as a formula. For Excel on Windows (`excel`), the file starts with a UTF-8
//! byte-order mark (else Excel reads Japanese as Shift_JIS) and lines end with CRLF.

use std::borrow::Cow;

use csv::{Terminator, WriterBuilder};

use super::model::evaluation_records;
use crate::core::session::{Lang, Session};

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// The CSV of `s`'s evaluation tables, headed in `lang`.
pub fn render(s: &Session, lang: Lang, excel: bool) -> Vec<u8> {
    let table = evaluation_records(s, lang);
    let mut out = Vec::new();
    if excel {
        out.extend_from_slice(BOM);
    }
    let mut w = WriterBuilder::new()
        .terminator(if excel {
            Terminator::CRLF
        } else {
            Terminator::Any(b'\n')
        })
        .from_writer(out);
    // Writing to memory cannot fail, and every record has the header's length.
    const IN_MEMORY: &str = "writing CSV to memory";
    w.write_record(table.columns.iter().map(|c| c.title.as_str()))
        .expect(IN_MEMORY);
    for row in &table.rows {
        let cells = row.iter().map(|lines| {
            let cell = lines.join("\n");
            neutralise(&cell).into_owned()
        });
        w.write_record(cells).expect(IN_MEMORY);
    }
    w.into_inner().expect(IN_MEMORY)
}

/// A cell a spreadsheet would run as a formula, made plain text with a leading `'`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=1+1",
            "+81 3",
            "-2",
            "@SUM(A1)",
            "\t=x",
            "\r=x",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for good in ["地域猫", "1+1=2", "a-b", "", "'quoted"] {
            assert_eq!(neutralise(good), good);
        }
    }
}
