//! The 相利評価表 of every activity as CSV, one row per (activity, party), for a spreadsheet.
//!
//! Cells hold the session's text as the minutes show it (`model::clean`: no control
//! characters, which would drive a terminal when the CSV is printed to it, no bidi controls).
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
//! so a spreadsheet shows it as text and never runs it as a formula. For Excel on Windows
//! (`excel`), the file starts with a UTF-8 byte-order mark (else Excel reads Japanese as
//! Shift_JIS) and lines end with CRLF.

use std::borrow::Cow;

use csv::{Terminator, WriterBuilder};

use super::Index;
use super::model::clean;
use crate::core::session::{Activity, Lang, Participant, Session};
use crate::i18n::fill;
use crate::i18n::minutes::Label;
use crate::i18n::terms::Term;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// The CSV of `s`'s evaluation tables, headed in `lang`.
pub fn render(s: &Session, lang: Lang, excel: bool) -> Vec<u8> {
    let index = Index::new(s);
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
    let header = [
        Label::ActivityId.text(lang),
        Term::ColActivity.text(lang),
        Term::Coop.text(lang),
        Term::Status.text(lang),
        Term::ColStakeholder.text(lang),
        Term::ColChallenge.text(lang),
        Term::ColPurpose.text(lang),
        Term::ColRole.text(lang),
        Term::ColBenefit.text(lang),
        Term::Achieved.text(lang),
        Term::Comment.text(lang),
    ];
    // Writing to memory cannot fail, and every record has the header's length.
    const IN_MEMORY: &str = "writing CSV to memory";
    w.write_record(header).expect(IN_MEMORY);
    for a in &s.activities {
        if a.participants.is_empty() {
            // Keep the activity in the sheet even before anyone has joined it.
            w.write_record(row(a, None, &index, lang)).expect(IN_MEMORY);
        }
        for p in &a.participants {
            w.write_record(row(a, Some(p), &index, lang))
                .expect(IN_MEMORY);
        }
    }
    w.into_inner().expect(IN_MEMORY)
}

fn row(a: &Activity, p: Option<&Participant>, index: &Index, lang: Lang) -> Vec<String> {
    let coop = fill(
        Label::CoopValue.text(lang),
        &[
            ("n", &a.coop.to_string()),
            ("name", Term::coop(a.coop).text(lang)),
        ],
    );
    let mut cells = vec![
        a.id.to_string(),
        a.title.clone(),
        coop,
        Term::status(a.status).text(lang).to_string(),
    ];
    match p {
        Some(p) => cells.extend([
            index.party_name(&p.party).to_string(),
            index.item_texts(&p.challenges).join("\n"),
            index.item_texts(&p.purposes).join("\n"),
            p.role.clone(),
            p.benefit.clone(),
            Term::achieved(p.evaluation.achieved).text(lang).to_string(),
            p.evaluation.comment.clone(),
        ]),
        None => cells.extend(std::iter::repeat_n(String::new(), 7)),
    }
    cells
        .into_iter()
        .map(|c| neutralise(&clean(&c)).into_owned())
        .collect()
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
