//! Markdown minutes: CommonMark with GFM tables and no HTML at all, for pasting into a mail, a
//! wiki or GitHub.
//!
//! Session text never becomes markup: every character Markdown gives a meaning to is
//! backslash-escaped, and a text can never start a block of its own (see `inline` and
//! `line_start`). A text of several lines keeps its lines: in a list item, a field or a
//! paragraph each line ends in a CommonMark hard break (two spaces, invisible in a mail) and the
//! next is indented under the item, so it reads as separate lines pasted as plain text too; in a
//! table cell, where a line break cannot be written without HTML, the lines are joined with
//! ` / ` (a cell's own lines, several purposes say, with a space: they carry their bullets).

use super::model::{self, Block, ColumnKind, Field, Minutes, Section, Table};
use crate::core::history::Record;
use crate::core::session::{Lang, Session};
use crate::i18n::minutes::Label;

/// The Markdown minutes of `s` in `lang`.
pub fn render(s: &Session, records: &[Record], lang: Lang) -> String {
    to_markdown(&model::build(s, records, lang))
}

/// Lay out built minutes as Markdown.
pub fn to_markdown(m: &Minutes) -> String {
    let mut w = Writer {
        out: String::new(),
        separator: Label::FieldSeparator.text(m.lang),
    };
    w.line(&format!("# {}", inline(&m.title)));
    w.blank();
    w.fields(&m.facts);
    for section in &m.sections {
        w.section(section, 2);
    }
    let mut out = w.out;
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// What joins the lines of one text where they must stay on one line (a heading, a cell).
pub const LINE_JOIN: &str = " / ";

/// What joins the lines of a table cell (each a text of its own).
pub const CELL_LINE_JOIN: &str = " ";

/// The end of a line that continues the same paragraph on the next: a CommonMark hard break.
const HARD_BREAK: &str = "  \n";

struct Writer {
    out: String,
    separator: &'static str,
}

impl Writer {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn heading(&mut self, level: usize, text: &str) {
        let hashes = "#".repeat(level.clamp(1, 6));
        self.line(&format!("{hashes} {}", inline(text)));
        self.blank();
    }

    fn section(&mut self, section: &Section, level: usize) {
        self.heading(level, &section.heading);
        for block in &section.blocks {
            self.block(block, level);
        }
    }

    fn fields(&mut self, fields: &[Field]) {
        for f in fields {
            self.line(&format!(
                "- **{}**{}{}",
                inline(&f.label),
                self.separator,
                lines(&f.value, "  ")
            ));
        }
        self.blank();
    }

    fn block(&mut self, block: &Block, level: usize) {
        match block {
            Block::Fields(fields) => self.fields(fields),
            Block::List { label, items } => {
                if let Some(label) = label {
                    self.heading(level + 1, label);
                }
                for item in items {
                    self.line(&format!("- {}", lines(item, "  ")));
                }
                self.blank();
            }
            Block::Numbered(items) => {
                for (n, item) in items.iter().enumerate() {
                    let marker = format!("{}. ", n + 1);
                    let indent = " ".repeat(marker.len());
                    self.line(&format!("{marker}{}", lines(item, &indent)));
                }
                self.blank();
            }
            Block::Table(table) => self.table(table),
            Block::Checks { label, warnings } => {
                self.line(&format!("> **{}**", inline(label)));
                self.line(">");
                for w in warnings {
                    self.line(&format!("> - {}", lines(w, ">   ")));
                }
                self.blank();
            }
            Block::Text(text) => {
                self.line(&lines(text, ""));
                self.blank();
            }
            Block::Sub(section) => self.section(section, level + 1),
        }
    }

    fn table(&mut self, table: &Table) {
        if let Some(caption) = &table.caption {
            self.line(&format!("**{}**", inline(caption)));
            self.blank();
        }
        let head: Vec<String> = table.columns.iter().map(|c| inline(&c.title)).collect();
        self.row(&head);
        let rule: Vec<String> = table
            .columns
            .iter()
            .map(|c| match c.kind {
                ColumnKind::Number => "---:",
                ColumnKind::Text | ColumnKind::Word => "---",
            })
            .map(str::to_string)
            .collect();
        self.row(&rule);
        for row in &table.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|lines| {
                    lines
                        .iter()
                        .map(|l| inline(l))
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join(CELL_LINE_JOIN)
                })
                .collect();
            self.row(&cells);
        }
        self.blank();
    }

    fn row(&mut self, cells: &[String]) {
        let mut line = String::from("|");
        for c in cells {
            line.push(' ');
            line.push_str(c);
            line.push_str(" |");
        }
        self.line(&line);
    }
}

/// The characters Markdown gives a meaning to anywhere in a line.
fn is_markup(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '~'
    )
}

/// One line of session text, trimmed, with every markup character backslash-escaped.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    for c in line.trim().chars() {
        if is_markup(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The lines of a text that hold something.
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').filter(|l| !l.trim().is_empty())
}

/// Session text as inline Markdown on one line that reads as the text itself: `\`, `` ` ``,
/// `*`, `_`, `[`, `]`, `<`, `>`, `&`, `|`, `#` and `~` are backslash-escaped wherever they are,
/// each line is trimmed and the lines are joined with ` / `, so the text stays on its line (in
/// its heading, its table cell) and opens no emphasis, code, link, HTML or cell.
pub fn inline(text: &str) -> String {
    text_lines(text)
        .map(escape_line)
        .collect::<Vec<_>>()
        .join(LINE_JOIN)
}

/// Session text of one or more lines where a block may hold several (a list item, a field, a
/// paragraph): each line escaped as at the start of a line (`line_start`), ended by a hard
/// break and followed by `indent` (what keeps the next line inside its list item or quote).
pub fn lines(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text_lines(text).enumerate() {
        if i > 0 {
            out.push_str(HARD_BREAK);
            out.push_str(indent);
        }
        out.push_str(&line_start(line));
    }
    out
}

/// One line of text that starts a line of its own (a paragraph, a list item): escaped as by
/// `inline`, and also a leading `-`, `+` or `=` and the `.` or `)` of a leading `1.`, so it
/// cannot open a list, a rule, a setext heading or a numbered list. (A leading `#` or `>` is
/// escaped by `inline` already, and the trimming keeps four leading spaces from making a code
/// block.)
pub fn line_start(text: &str) -> String {
    let out = inline(text);
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if out.starts_with(['-', '+', '=']) {
        format!("\\{out}")
    } else if digits > 0 && matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
        format!("{}\\{}", &out[..digits], &out[digits..])
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_markup_and_keeps_japanese() {
        assert_eq!(inline("ゴミ出しのトラブル"), "ゴミ出しのトラブル");
        assert_eq!(inline("a|b"), r"a\|b");
        assert_eq!(inline("*強調* _x_ `code`"), r"\*強調\* \_x\_ \`code\`");
        assert_eq!(
            inline("<script>alert(1)</script>"),
            r"\<script\>alert(1)\</script\>"
        );
        assert_eq!(inline("A&amp;B"), r"A\&amp;B");
        assert_eq!(inline("[link](javascript:x)"), r"\[link\](javascript:x)");
        assert_eq!(inline("一行目\n二行目"), "一行目 / 二行目");
        assert_eq!(inline("back\\"), r"back\\");
    }

    #[test]
    fn text_at_the_start_of_a_line_never_starts_a_block() {
        assert_eq!(line_start("# 見出し"), r"\# 見出し");
        assert_eq!(line_start("- item"), r"\- item");
        assert_eq!(line_start("+ item"), r"\+ item");
        assert_eq!(line_start("---"), r"\---");
        assert_eq!(line_start("1. first"), r"1\. first");
        assert_eq!(line_start("12) twelfth"), r"12\) twelfth");
        assert_eq!(line_start("> quote"), r"\> quote");
        assert_eq!(line_start("    code"), "code");
        // Only at the start: inside a text, and in table cells, these are plain.
        assert_eq!(line_start("2026-12-15 a-b 3.5"), "2026-12-15 a-b 3.5");
        assert_eq!(inline("+2分"), "+2分");
    }

    #[test]
    fn lines_end_in_hard_breaks_and_each_is_escaped_as_a_line_start() {
        assert_eq!(lines("一\n二", "  "), "一  \n  二");
        assert_eq!(lines("x\n- y\n\n===", "> "), "x  \n> \\- y  \n> \\===");
        assert_eq!(lines("  \n ひとつ \n", ""), "ひとつ");
        assert!(!lines("a\nb", "").contains('<'));
    }
}
