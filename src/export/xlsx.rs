//! The minutes' tables as an Excel workbook (.xlsx), where facilitators, city offices and
//! funders keep the 相利評価表 today: one sheet for the 相利評価表 of every activity (with each
//! party's evaluation and the ⚠ checks about its row), one for the action items and one for the
//! attendees (one row a person). Written with `rust_xlsxwriter`.
//!
//! Each sheet: the header row bold, shaded and frozen (it stays in view while scrolling, and
//! repeats on every printed page), cells wrapped and aligned to the top, column widths from
//! what the column holds (a Japanese character counts two), A4 landscape and one page wide in
//! print. Sheet names follow Excel's rules (`sheet_names`). Every cell is written as a string,
//! so a text that starts with `=` is never run as a formula.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::model::{self, Sheet, Table};
use super::xml_text;
use crate::core::history::Record;
use crate::core::session::{Lang, Session};
use crate::i18n::minutes::Label;

/// The workbook of `s`'s tables, headed in `lang`, as the bytes of a .xlsx file. Its creation
/// time is the meeting's start (the first record's time without one; 1970 without either), so
/// the bytes do not depend on when it is written.
pub fn render(s: &Session, records: &[Record], lang: Lang) -> Vec<u8> {
    let mut sheets = model::sheets(s, lang);
    if sheets.is_empty() {
        // A workbook has at least one sheet: an empty one, named for what it would hold.
        sheets.push(Sheet {
            name: Label::DocTitleUntitled.text(lang).to_string(),
            table: Table {
                caption: None,
                columns: vec![],
                rows: vec![],
                even: false,
            },
        });
    }
    let names = sheet_names(sheets.iter().map(|s| s.name.as_str()));
    let font = match lang {
        Lang::Ja => "游ゴシック",
        Lang::En => "Calibri",
    };
    let cell = Format::new()
        .set_font_name(font)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xB9C7C1));
    let header = cell
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE9E4));
    let mut book = Workbook::new();
    let created = model::document_times(s, records).map_or(0, |(start, _)| start.unix_seconds());
    if let Ok(when) = ExcelDateTime::from_timestamp(created) {
        book.set_properties(&DocProperties::new().set_creation_datetime(&when));
    }
    for (sheet, name) in sheets.iter().zip(names) {
        let ws = book.add_worksheet();
        write_sheet(ws, &name, &sheet.table, &header, &cell)
            .expect("a sheet whose name and size follow Excel's rules");
    }
    book.save_to_buffer().expect("writing a workbook to memory")
}

/// Excel's limits: a cell holds at most 32,767 characters; a sheet at most 1,048,576 rows.
const MAX_CELL_CHARS: usize = 32_767;
const MAX_ROWS: usize = 1_048_575;

fn write_sheet(
    ws: &mut Worksheet,
    name: &str,
    table: &Table,
    header: &Format,
    cell: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name(name)?;
    for (col, column) in table.columns.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, xml_text(&column.title), header)?;
        let widest = table
            .rows
            .iter()
            .filter_map(|row| row.get(usize::from(col)))
            .flatten()
            .chain(std::iter::once(&column.title))
            .flat_map(|text| text.split('\n'))
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        ws.set_column_width(col, column_width(widest))?;
    }
    for (r, row) in table.rows.iter().take(MAX_ROWS).enumerate() {
        for (col, lines) in row.iter().enumerate() {
            let text: String = xml_text(&lines.join("\n"))
                .chars()
                .take(MAX_CELL_CHARS)
                .collect();
            ws.write_string_with_format(r as u32 + 1, col as u16, text, cell)?;
        }
    }
    if !table.columns.is_empty() {
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
        let last_row = table.rows.len().min(MAX_ROWS) as u32;
        ws.autofilter(0, 0, last_row, table.columns.len() as u16 - 1)?;
    }
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A column's width in Excel's units (about one Latin digit, half a Japanese character) for
/// the widest line it holds: room for short texts, wrapped beyond 40 units (20 Japanese
/// characters).
fn column_width(widest: usize) -> f64 {
    (widest + 2).clamp(8, 42) as f64
}

/// Sheet names as Excel accepts them, one for each asked name, in order: `[]:*?/\` made their
/// full-width look-alikes, line breaks spaces, what XML cannot hold `�`, no `'` at either end,
/// at most 31 UTF-16 units (cut between characters as the reader sees them), never empty or
/// Excel's reserved `History`, and unique (Excel compares them ignoring case): a repeat gets
/// ` (2)`, ` (3)`...
pub fn sheet_names<'a>(asked: impl Iterator<Item = &'a str>) -> Vec<String> {
    const MAX_UNITS: usize = 31;
    // Excel keeps `History` for itself.
    let mut taken: Vec<String> = vec!["history".into()];
    let mut out = vec![];
    for name in asked {
        let name: String = name
            .chars()
            .map(|c| match c {
                '[' => '［',
                ']' => '］',
                ':' => '：',
                '*' => '＊',
                '?' => '？',
                '/' => '／',
                '\\' => '＼',
                c if c.is_control() => ' ',
                '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
                c => c,
            })
            .collect();
        let name = name.trim().trim_matches('\'').trim();
        let name = if name.is_empty() {
            format!("Sheet{}", out.len() + 1)
        } else {
            name.to_string()
        };
        let mut n = 1;
        let unique = loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let base = cut(&name, MAX_UNITS - suffix.encode_utf16().count());
            let candidate = format!("{}{suffix}", base.trim_end().trim_end_matches('\''));
            let key = candidate.to_lowercase();
            if !taken.contains(&key) {
                taken.push(key);
                break candidate;
            }
            n += 1;
        };
        out.push(unique);
    }
    out
}

/// The longest start of `text` of at most `units` UTF-16 units, cut between graphemes.
fn cut(text: &str, units: usize) -> &str {
    let mut end = 0;
    let mut used = 0;
    for g in text.graphemes(true) {
        used += g.encode_utf16().count();
        if used > units {
            break;
        }
        end += g.len();
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(name: &str) -> bool {
        rust_xlsxwriter::utility::check_sheet_name(name).is_ok()
    }

    #[test]
    fn sheet_names_follow_excels_rules() {
        let asked = [
            "TNR（捕獲・不妊去勢・元の場所へ）を地区で一斉に行い、その後の見守りも続ける",
            "TNR（捕獲・不妊去勢・元の場所へ）を地区で一斉に行い、その後の見守りも続ける",
            "a/b\\c[d]e:f*g?h",
            "'quoted'",
            "",
            "History",
            "アクション",
            "アクション",
            "ACTION",
            "action",
            "👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧",
            "two\nlines",
        ];
        let names = sheet_names(asked.iter().copied());
        assert_eq!(names.len(), asked.len());
        for n in &names {
            assert!(valid(n), "{n:?}");
            assert!(n.encode_utf16().count() <= 31, "{n:?}");
        }
        let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), names.len(), "{names:?}");
        assert_eq!(names[2], "a／b＼c［d］e：f＊g？h");
        assert_eq!(names[3], "quoted");
        assert_eq!(names[6], "アクション");
        assert_eq!(names[7], "アクション (2)");
        assert_eq!(names[9], "action (2)");
        assert!(names[1].ends_with(" (2)"), "{}", names[1]);
        assert_eq!(names[11], "two lines");
        assert_eq!(names[4], "Sheet5");
        assert_eq!(names[5], "History (2)");
        // A family emoji is two UTF-16 units a person: never cut in half.
        assert!(names[10].chars().count() % 5 == 0, "{}", names[10]);
    }

    #[test]
    fn widths_leave_room_and_wrap_long_text() {
        assert_eq!(column_width(0), 8.0);
        assert_eq!(column_width(20), 22.0);
        assert_eq!(column_width(200), 42.0);
    }
}
