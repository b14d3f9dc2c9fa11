//! Word minutes (.docx): the same minutes as the Markdown and the HTML, for a facilitator or a
//! city office that edits, stamps and files them in Word.
//!
//! Written with `docx-rs`. Headings are Word's own heading styles (見出し 1–4 in a Japanese
//! Word, so the navigation pane and a table of contents find them); tables are real tables
//! (the 相利評価表's six columns, and 相利の種類 when a row has kinds, share the width of an A4
//! portrait page, rows never split across pages and the header row repeats on the next);
//! lists are Word bullet lists. The fonts are named for Japanese: 游明朝 for text and 游ゴシック
//! for headings (east-asian and Latin slots in a Japanese document), which Word has on Windows
//! and macOS; LibreOffice, where they are missing, falls back to a Japanese font it has (Noto
//! CJK on Linux).
//!
//! Session text goes in as text runs (docx-rs escapes it for XML); characters XML cannot hold
//! at all are replaced by `�` first (`super::xml_text`).

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, IndentLevel, Level, LevelJc,
    LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph,
    Run, RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table as WordTable,
    TableCell, TableLayoutType, TableRow, WidthType,
};

use super::model::{self, Block, Cell, ColumnKind, Field, Minutes, Section, Table};
use super::xml_text;
use crate::core::history::Record;
use crate::core::session::{Lang, Session};
use crate::core::stamp::Stamp;
use crate::i18n::minutes::Label;

/// The Word minutes of `s` in `lang`, as the bytes of a .docx file.
pub fn render(s: &Session, records: &[Record], lang: Lang) -> Vec<u8> {
    to_docx(&model::build(s, records, lang))
}

/// A4 in twentieths of a point.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
/// 20 mm top and bottom, 18 mm left and right.
const MARGIN_TOP_BOTTOM: i32 = 1134;
const MARGIN_SIDES: i32 = 1020;
/// The width tables take: the page between the margins.
const TEXT_WIDTH: usize = A4_WIDTH as usize - 2 * MARGIN_SIDES as usize;

/// Sizes in half-points: 10.5 pt text (the Japanese default), 9 pt in tables.
const TEXT_SIZE: usize = 21;
const TABLE_SIZE: usize = 18;

/// The fonts the minutes name. Word resolves the Japanese names on Windows and macOS.
const TEXT_FONT: &str = "游明朝";
const HEADING_FONT: &str = "游ゴシック";

/// The bullet list every list uses (docx-rs defines a numbered list as 1).
const BULLETS: usize = 2;
/// The numbered list of the agenda (1. 2. 3.; the minutes have one).
const NUMBERED: usize = 3;

/// The table header's shading.
const HEADER_FILL: &str = "DDE9E4";

/// Lay out built minutes as a .docx file.
pub fn to_docx(m: &Minutes) -> Vec<u8> {
    let mut doc = document(m.lang);
    if let Some((created, modified)) = m.times {
        doc = doc.created_at(&utc(created)).updated_at(&utc(modified));
    }
    let mut w = Writer {
        doc,
        separator: Label::FieldSeparator.text(m.lang),
    };
    w.add(
        Paragraph::new()
            .style("Title")
            .keep_next(true)
            .add_run(text_run(&m.title)),
    );
    for f in &m.facts {
        w.add(w.field(f));
    }
    for section in &m.sections {
        w.section(section, 1);
    }
    let mut xml = w.doc.build();
    xml.document = repeat_header_rows(&xml.document);
    let mut out = Cursor::new(Vec::new());
    // Packing into memory fails only if the zip writer does, which it does not in memory.
    xml.pack(&mut out).expect("packing a .docx in memory");
    out.into_inner()
}

/// A time as the document's properties write it (W3CDTF, in UTC): `2026-11-27T05:00:00Z`.
fn utc(t: Stamp) -> String {
    jiff::Timestamp::from_second(t.unix_seconds())
        .map(|ts| ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// The document with its page, fonts, styles and bullet list: A4 portrait, page numbers at the
/// foot of each page.
fn document(lang: Lang) -> Docx {
    let text_fonts = fonts(TEXT_FONT);
    let heading_fonts = fonts(HEADING_FONT);
    let heading = |id: &str, name: &str, level: usize, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(heading_fonts.clone())
            .size(size)
            .bold()
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(80))
    };
    let bullet = match lang {
        Lang::Ja => "・",
        Lang::En => "•",
    };
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP_BOTTOM)
                .bottom(MARGIN_TOP_BOTTOM)
                .left(MARGIN_SIDES)
                .right(MARGIN_SIDES)
                .header(567)
                .footer(567),
        )
        .default_fonts(text_fonts)
        .default_size(TEXT_SIZE)
        .default_line_spacing(LineSpacing::new().after(60))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .fonts(heading_fonts.clone())
                .size(32)
                .bold()
                .line_spacing(LineSpacing::new().after(200)),
        )
        .add_style(heading("Heading1", "heading 1", 0, 28))
        .add_style(heading("Heading2", "heading 2", 1, 24))
        .add_style(heading("Heading3", "heading 3", 2, 22))
        .add_style(heading("Heading4", "heading 4", 3, 21))
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new(bullet),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(420),
                    Some(SpecialIndentType::Hanging(300)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .add_abstract_numbering(
            AbstractNumbering::new(NUMBERED).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("decimal"),
                    LevelText::new("%1."),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(420),
                    Some(SpecialIndentType::Hanging(420)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(NUMBERED, NUMBERED))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        )
}

/// The same font for every script: Japanese names, Latin letters and digits in them.
fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

struct Writer {
    doc: Docx,
    separator: &'static str,
}

impl Writer {
    fn add(&mut self, p: Paragraph) {
        self.doc = std::mem::take(&mut self.doc).add_paragraph(p);
    }

    fn add_table(&mut self, t: WordTable) {
        self.doc = std::mem::take(&mut self.doc).add_table(t);
    }

    fn heading(&mut self, level: usize, text: &str) {
        let style = format!("Heading{}", level.clamp(1, 4));
        self.add(
            Paragraph::new()
                .style(&style)
                .keep_next(true)
                .add_run(text_run(text)),
        );
    }

    fn section(&mut self, section: &Section, level: usize) {
        self.heading(level, &section.heading);
        for block in &section.blocks {
            self.block(block, level);
        }
    }

    fn field(&self, f: &Field) -> Paragraph {
        Paragraph::new()
            .add_run(Run::new().add_text(xml_text(&f.label)).bold())
            .add_run(Run::new().add_text(self.separator))
            .add_run(text_run(&f.value))
    }

    fn bullet(&mut self, text: &str) {
        self.add(
            Paragraph::new()
                .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                .add_run(text_run(text)),
        );
    }

    fn block(&mut self, block: &Block, level: usize) {
        match block {
            Block::Fields(fields) => {
                for f in fields {
                    let p = self.field(f);
                    self.add(p);
                }
            }
            Block::List { label, items } => {
                if let Some(label) = label {
                    self.heading(level + 1, label);
                }
                for item in items {
                    self.bullet(item);
                }
            }
            Block::Numbered(items) => {
                for item in items {
                    self.add(
                        Paragraph::new()
                            .numbering(NumberingId::new(NUMBERED), IndentLevel::new(0))
                            .add_run(text_run(item)),
                    );
                }
            }
            Block::Table(t) => {
                if let Some(caption) = &t.caption {
                    self.add(
                        Paragraph::new()
                            .keep_next(true)
                            .add_run(Run::new().add_text(xml_text(caption)).bold()),
                    );
                }
                self.add_table(table(t));
                // Word runs two tables in a row into one; a paragraph keeps them apart.
                self.add(Paragraph::new());
            }
            Block::Checks { label, warnings } => {
                self.add(
                    Paragraph::new()
                        .keep_next(true)
                        .add_run(Run::new().add_text(xml_text(label)).bold()),
                );
                for w in warnings {
                    self.bullet(w);
                }
            }
            Block::Text(text) => self.add(Paragraph::new().add_run(text_run(text))),
            Block::Sub(section) => self.section(section, level + 1),
        }
    }
}

/// A table across the text width: the header row shaded and bold, rows that never split.
/// The columns share the width evenly (the 相利評価表) or by what they hold (text wider than
/// a word or a number).
fn table(t: &Table) -> WordTable {
    let widths = column_widths(t);
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, &w)| {
                let title = Run::new()
                    .add_text(xml_text(&c.title))
                    .bold()
                    .size(TABLE_SIZE);
                TableCell::new()
                    .width(w, WidthType::Dxa)
                    .shading(Shading::new().fill(HEADER_FILL))
                    .add_paragraph(Paragraph::new().keep_next(true).add_run(title))
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for row in &t.rows {
        let cells = row.iter().zip(&widths).map(|(lines, &w)| cell(lines, w));
        rows.push(TableRow::new(cells.collect()).cant_split());
    }
    let table = WordTable::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa);
    if t.even {
        table.layout(TableLayoutType::Fixed)
    } else {
        table
    }
}

/// A cell of `width` twips holding its lines, one a line.
fn cell(lines: &Cell, width: usize) -> TableCell {
    let mut run = Run::new().size(TABLE_SIZE);
    for (i, line) in lines.iter().enumerate() {
        run = add_lines(run, line, i > 0);
    }
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().add_run(run))
}

/// Column widths in twips that add up to the text width.
fn column_widths(t: &Table) -> Vec<usize> {
    let weight = |kind: ColumnKind| match (t.even, kind) {
        (true, _) | (false, ColumnKind::Text) => 10,
        (false, ColumnKind::Word) => 5,
        (false, ColumnKind::Number) => 4,
    };
    let total: usize = t
        .columns
        .iter()
        .map(|c| weight(c.kind))
        .sum::<usize>()
        .max(1);
    t.columns
        .iter()
        .map(|c| TEXT_WIDTH * weight(c.kind) / total)
        .collect()
}

/// A run of session text, its line breaks kept.
fn text_run(text: &str) -> Run {
    add_lines(Run::new(), text, false)
}

/// Add `text` to `run`, a line break between its lines (and before it, if `break_first`).
fn add_lines(mut run: Run, text: &str, break_first: bool) -> Run {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 || break_first {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(xml_text(line));
    }
    run
}

/// Mark the first row of every table as its header row (`w:tblHeader`), which Word and
/// LibreOffice repeat at the top of each page the table runs onto. docx-rs has no setting for
/// it; the row's properties are where sori's own rows always have one (`cantSplit`). Session
/// text cannot match: docx-rs escapes every `<` in it.
fn repeat_header_rows(xml: &[u8]) -> Vec<u8> {
    const TABLE: &[u8] = b"<w:tbl>";
    const ROW_PROPERTIES: &[u8] = b"<w:trPr>";
    const HEADER: &[u8] = b"<w:tblHeader />";
    let mut out = Vec::with_capacity(xml.len() + 256);
    let mut rest = xml;
    while let Some(at) = find(rest, TABLE) {
        let Some(props) = find(&rest[at..], ROW_PROPERTIES) else {
            break;
        };
        let end = at + props + ROW_PROPERTIES.len();
        out.extend_from_slice(&rest[..end]);
        out.extend_from_slice(HEADER);
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_gets_one_header_row() {
        let xml = b"<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:p/><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl></w:body>";
        let out = String::from_utf8(repeat_header_rows(xml)).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 2, "{out}");
        assert!(out.starts_with(
            "<w:body><w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit />"
        ));
    }

    #[test]
    fn text_xml_cannot_hold_is_replaced() {
        assert_eq!(
            xml_text("a\u{fffe}b\u{ffff}\u{1}c\n地域猫"),
            "a�b��c\n地域猫"
        );
    }
}
