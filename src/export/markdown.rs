//! Markdown minutes: CommonMark with GFM tables, for pasting into a mail, a wiki or GitHub.
//!
//! Session text never becomes markup: every character Markdown gives a meaning to is
//! backslash-escaped, line breaks become `<br>` (so a text stays on its line, inside its table
//! cell or list item), and a text can never start a block of its own (see `inline` and
//! `line_start`).

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
        self.out.push('\n');
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
                inline(&f.value)
            ));
        }
        self.blank();
    }

    fn block(&mut self, block: &Block, level: usize) {
        match block {
            Block::Fields(fields) => self.fields(fields),
            Block::List { label, items, none } => {
                if let Some(label) = label {
                    self.heading(level + 1, label);
                }
                if items.is_empty() {
                    self.line(&line_start(none));
                }
                for item in items {
                    self.line(&format!("- {}", line_start(item)));
                }
                self.blank();
            }
            Block::Table(table) => self.table(table),
            Block::Checks { label, warnings } => {
                self.line(&format!("> **{}**", inline(label)));
                self.line(">");
                for w in warnings {
                    self.line(&format!("> - {}", line_start(w)));
                }
                self.blank();
            }
            Block::Note(text) | Block::Text(text) => {
                self.line(&line_start(text));
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
                        .collect::<Vec<_>>()
                        .join("<br>")
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

/// Session text as inline Markdown that reads as the text itself: `\`, `` ` ``, `*`, `_`,
/// `[`, `]`, `<`, `>`, `&`, `|`, `#` and `~` are backslash-escaped wherever they are, each
/// line is trimmed and line breaks become `<br>`, so the text stays on its line (in its table
/// cell, its list item) and opens no emphasis, code, link, HTML or cell.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in line.trim().chars() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '~'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Inline text that starts a line of its own (a paragraph, a list item): also escapes a
/// leading `-`, `+` or `=` and the `.` or `)` of a leading `1.`, so it cannot open a list, a
/// rule or a numbered list. (A leading `#` or `>` is escaped by `inline` already, and the
/// trimming keeps four leading spaces from making a code block.)
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
        assert_eq!(inline("一行目\n二行目"), "一行目<br>二行目");
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
        assert_eq!(line_start("x\n- y"), r"x<br>- y");
        assert_eq!(inline("+2分"), "+2分");
    }
}
