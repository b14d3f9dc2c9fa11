//! HTML minutes: one self-contained page (inline CSS; no script, font, image or link to
//! anything outside), readable on screen and printable on A4.
//!
//! The page is a `maud` template: every piece of session text goes through maud's escaping, so
//! a party named `<script>…</script>` is shown as text. The only unescaped string is the
//! constant style sheet below. A Content-Security-Policy forbids scripts and outside resources
//! as a second line of defence.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::model::{self, Block, Cell, ColumnKind, Field, Minutes, Section, Table};
use crate::core::history::Record;
use crate::core::session::{Lang, Session};

/// The HTML minutes of `s` in `lang`.
pub fn render(s: &Session, records: &[Record], lang: Lang) -> String {
    to_html(&model::build(s, records, lang))
}

/// Lay out built minutes as an HTML page.
pub fn to_html(m: &Minutes) -> String {
    let page = html! {
        (DOCTYPE)
        html lang=(m.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'";
                meta name="generator" content="sori";
                title { (m.title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    header {
                        h1 { (m.title) }
                        (fields(&m.facts))
                    }
                    @for s in &m.sections {
                        (section(s, 2))
                    }
                }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

fn section(s: &Section, level: usize) -> Markup {
    html! {
        section class=[(level > 2).then_some("sub")] {
            (heading(level, &s.heading))
            @for run in runs(&s.blocks) {
                @if run.len() > 1 && is_labelled_list(&run[0]) {
                    // Side by side: 目的 | 課題 | 強み, then 弱み | 機会 | 脅威.
                    div.lists {
                        @for b in run {
                            div { (block(b, level)) }
                        }
                    }
                } @else {
                    @for b in run {
                        (block(b, level))
                    }
                }
            }
        }
    }
}

fn is_labelled_list(b: &Block) -> bool {
    matches!(b, Block::List { label: Some(_), .. })
}

/// The blocks cut into runs of labelled lists and runs of anything else.
fn runs(blocks: &[Block]) -> Vec<&[Block]> {
    blocks
        .chunk_by(|a, b| is_labelled_list(a) == is_labelled_list(b))
        .collect()
}

fn heading(level: usize, text: &str) -> Markup {
    match level {
        0..=2 => html! { h2 { (text) } },
        3 => html! { h3 { (text) } },
        4 => html! { h4 { (text) } },
        _ => html! { h5 { (text) } },
    }
}

fn block(b: &Block, level: usize) -> Markup {
    match b {
        Block::Fields(f) => fields(f),
        Block::List { label, items } => html! {
            @if let Some(label) = label {
                (heading(level + 1, label))
            }
            ul {
                @for item in items {
                    li { (lines(item)) }
                }
            }
        },
        Block::Numbered(items) => html! {
            ol {
                @for item in items {
                    li { (lines(item)) }
                }
            }
        },
        Block::Table(t) => table(t),
        Block::Checks { label, warnings } => html! {
            aside.checks {
                p.checks-label { (label) }
                ul {
                    @for w in warnings {
                        li { (lines(w)) }
                    }
                }
            }
        },
        Block::Text(text) => html! { p { (lines(text)) } },
        Block::Sub(s) => section(s, level + 1),
    }
}

fn fields(fields: &[Field]) -> Markup {
    html! {
        dl.fields {
            @for f in fields {
                dt { (f.label) }
                dd { (lines(&f.value)) }
            }
        }
    }
}

fn table(t: &Table) -> Markup {
    html! {
        table class=[table_class(t)] {
            @if let Some(caption) = &t.caption {
                caption { (caption) }
            }
            thead {
                tr {
                    @for c in &t.columns {
                        th class=[column_class(c.kind)] scope="col" { (c.title) }
                    }
                }
            }
            tbody {
                @for row in &t.rows {
                    tr {
                        @for (cell, column) in row.iter().zip(&t.columns) {
                            td class=[column_class(column.kind)] { (cell_lines(cell)) }
                        }
                    }
                }
            }
        }
    }
}

/// A table of at most this many rows is kept on one page in print; a longer one starts where
/// it is and goes on over the next page (rows whole, the header repeated).
pub const KEEP_WHOLE_ROWS: usize = 3;

fn table_class(t: &Table) -> Option<&'static str> {
    match (t.rows.len() <= KEEP_WHOLE_ROWS, t.even) {
        (false, false) => None,
        (true, false) => Some("whole"),
        (false, true) => Some("even"),
        (true, true) => Some("whole even"),
    }
}

fn column_class(kind: ColumnKind) -> Option<&'static str> {
    match kind {
        ColumnKind::Text => None,
        ColumnKind::Word => Some("word"),
        ColumnKind::Number => Some("num"),
    }
}

fn cell_lines(cell: &Cell) -> Markup {
    html! {
        @for (i, line) in cell.iter().enumerate() {
            @if i > 0 { br; }
            (lines(line))
        }
    }
}

/// Text with its line breaks kept.
fn lines(text: &str) -> Markup {
    html! {
        @for (i, line) in text.split('\n').enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// Screen: a sheet of paper on a grey desk. Print: A4 portrait; the 相利評価表's six columns
/// (and the narrow 相利の種類) share the width, so it fits without a landscape page. No page is
/// forced: a table too long for the rest of a page starts there and goes on over the next (rows
/// are never cut, the header row repeats); a short table, a field list, a check box or a
/// heading with what follows it moves to the next page whole.
const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1f2421; --accent: #2f6f5e; --rule: #b9c7c1; --soft: #eef4f1; }
html { font-size: 15px; font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "BIZ UDPGothic", "Yu Gothic UI", "Yu Gothic", YuGothic, Meiryo, "Noto Sans CJK JP", "Noto Sans JP", system-ui, sans-serif; }
html:lang(en) { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Hiragino Sans", "Yu Gothic", Meiryo, "Noto Sans CJK JP", sans-serif; }
body { margin: 0; background: #e9ebe8; color: var(--ink); line-height: 1.7; }
main { max-width: 62rem; margin: 2rem auto; padding: 2.5rem 3rem 3rem; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.15); }
h1 { font-size: 1.7rem; line-height: 1.35; margin: 0 0 .8rem; padding-bottom: .5rem; border-bottom: 3px solid var(--accent); }
h2 { font-size: 1.3rem; margin: 2.4rem 0 .8rem; padding: .25rem .7rem; border-left: 6px solid var(--accent); background: var(--soft); }
h3 { font-size: 1.1rem; margin: 1.8rem 0 .6rem; padding-bottom: .15rem; border-bottom: 1px solid var(--rule); }
h4, h5 { font-size: 1rem; margin: 1rem 0 .3rem; color: var(--accent); }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; margin: .4rem 0 1rem; }
dl.fields dt { font-weight: bold; color: #4a524e; }
dl.fields dd { margin: 0; }
ul, ol { margin: .2rem 0 .9rem; padding-left: 1.5rem; }
div.lists { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0 1.5rem; }
div.lists ul { padding-left: 1.2rem; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1.3rem; font-size: .93rem; }
caption { caption-side: top; text-align: left; font-weight: bold; color: var(--accent); padding: .2rem 0 .3rem; }
th, td { border: 1px solid var(--rule); padding: .35rem .55rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
thead th { background: var(--accent); color: #fff; font-weight: bold; }
tbody tr:nth-child(even) { background: #f7faf8; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.word, thead th { white-space: nowrap; }
table.even { table-layout: fixed; }
table.even thead th { white-space: normal; }
aside.checks { margin: .5rem 0 1.3rem; padding: .5rem 1rem .2rem; border: 1px solid #e2b04a; border-left-width: 6px; background: #fff8e5; }
.checks-label { margin: 0 0 .2rem; font-weight: bold; color: #7a5200; }
@page { size: A4; margin: 15mm 13mm 16mm; }
@media print {
  html { font-size: 9.5pt; }
  body { background: #fff; line-height: 1.55; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h1, h2, h3, h4, h5, caption { break-after: avoid; page-break-after: avoid; }
  h2 { background: none; margin-top: 1.6rem; }
  h3 { margin-top: 1.2rem; }
  table { break-inside: auto; page-break-inside: auto; font-size: .9rem; }
  table.whole, aside.checks, dl.fields, div.lists > div { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { break-inside: avoid; page-break-inside: avoid; }
  th, td { padding: .25rem .4rem; }
  p, li { orphans: 2; widows: 2; }
  thead th { background: #dde9e4; color: #000; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_text_is_escaped() {
        let mut s = Session::empty();
        s.meta.title = "<script>alert(1)</script>".into();
        let out = render(&s, &[], Lang::En);
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(out.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    }

    #[test]
    fn line_breaks_in_text_are_kept() {
        assert_eq!(lines("一\n二<").into_string(), "一<br>二&lt;");
    }
}
