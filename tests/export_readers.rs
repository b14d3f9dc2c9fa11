//! The minutes as programs that are not sori's read them: the .docx through python-docx, the
//! .xlsx through openpyxl, the HTML printed to PDF by Chromium and read back by poppler, and the
//! .docx converted to PDF by LibreOffice. Each reader runs as a child process; a test whose
//! reader is not installed says so on standard error and passes (`.ci/run` installs the Python
//! readers, Chromium and poppler; LibreOffice only when it is there already).

#[path = "common/browser.rs"]
mod browser;
mod export_support;
mod hostile_text;

use std::path::{Path, PathBuf};
use std::process::Command;

use export_support::{Meeting, community_cats, kinds_text, park_partnership};
use serde_json::Value;
use sori::core::history::Record;
use sori::core::session::{Activity, Lang, Session};
use sori::export::{self, Format, Options};
use sori::i18n::Term;

fn same(s: &str) -> String {
    s.to_string()
}

/// Whether `program args` runs and succeeds; if not, say which test is skipped and why.
fn have(test: &str, program: &str, args: &[&str], install: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("{test}: skipped: {program} is not available here ({install})");
    }
    ok
}

fn have_python_readers(test: &str) -> bool {
    have(
        test,
        "python3",
        &["-c", "import docx, openpyxl"],
        "pip install python-docx openpyxl",
    )
}

fn write(dir: &Path, name: &str, s: &Session, records: &[Record], format: Format) -> PathBuf {
    let lang = s.meta.lang;
    let path = dir.join(name);
    let options = Options {
        format,
        lang,
        excel: false,
    };
    std::fs::write(&path, export::export(s, records, options)).unwrap();
    path
}

/// Run a Python script on `file` and read the JSON it prints.
fn python(script: &str, file: &Path) -> Value {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every example, and the two test meetings (one in English).
fn meetings() -> Vec<(String, Session, Vec<Record>)> {
    let mut out: Vec<(String, Session, Vec<Record>)> = sori::bundled::examples()
        .iter()
        .map(|e| {
            let (s, r) = sori::store::parse(Path::new(e.file), e.yaml.as_bytes()).unwrap();
            (e.file.trim_end_matches(".yaml").to_string(), s, r)
        })
        .collect();
    let add = |out: &mut Vec<_>, name: &str, m: Meeting| {
        out.push((name.to_string(), m.session.clone(), m.records().to_vec()));
    };
    add(&mut out, "community-cats", community_cats(&same));
    add(&mut out, "park-partnership", park_partnership(&same));
    // A follow-up meeting of the first example: what came from the previous meeting.
    let first = out[0].1.clone();
    let (s, r) = follow_up(&first);
    out.push(("chiiki-neko-follow-up".into(), s, r));
    out
}

/// The follow-up meeting of `old` (`sori new --from`), made the day its 次回 says, with a
/// decision of its own.
fn follow_up(old: &Session) -> (Session, Vec<Record>) {
    use sori::core::event::{AddItem, Event};
    use sori::core::session::ListRef;
    use sori::core::start::{FollowUp, follow_up_events};
    let at = old
        .meta
        .next
        .start
        .expect("the example says when it meets next");
    let opts = FollowUp {
        lang: old.meta.lang,
        ..FollowUp::default()
    };
    let mut s = Session::empty();
    let mut history = sori::core::History::default();
    let mut events = follow_up_events(old, &opts, at);
    events.push(Event::AddItem(AddItem {
        list: ListRef::Decisions,
        id: sori::core::Id::new('i', 9000),
        text: "一斉TNRは予定どおり完了、次は二丁目へ".into(),
        index: None,
    }));
    for e in events {
        history.commit(&mut s, e, at).unwrap();
    }
    (s, history.records().to_vec())
}

/// Every meeting of `meetings` written in `format` into `dir`, named after it.
fn exported(dir: &Path, format: Format) -> Vec<(String, Session, PathBuf)> {
    meetings()
        .into_iter()
        .map(|(name, s, records)| {
            let file = format!("{name}.{}", format.extension());
            let path = write(dir, &file, &s, &records, format);
            (name, s, path)
        })
        .collect()
}

/// What a reader sees in a cell for a text the minutes show: the text's lines (trimmed).
fn lines_of(text: &str) -> String {
    sori::export::model::clean(text)
        .split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

fn evaluation_header(lang: Lang, a: &Activity) -> Vec<String> {
    let mut columns = vec![
        Term::ColStakeholder,
        Term::ColChallenge,
        Term::ColPurpose,
        Term::ColActivity,
        Term::ColRole,
        Term::ColBenefit,
    ];
    // 相利の種類 when a row of the activity has kinds of benefit.
    if a.participants.iter().any(|p| !p.benefit_kinds.is_empty()) {
        columns.push(Term::BenefitKinds);
    }
    columns.iter().map(|t| t.text(lang).to_string()).collect()
}

/// Every header a 相利評価表 of the session has, as a printed line splits into words.
fn evaluation_headers(s: &Session, lang: Lang) -> Vec<Vec<String>> {
    s.activities
        .iter()
        .map(|a| {
            evaluation_header(lang, a)
                .iter()
                .flat_map(|c| c.split_whitespace())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// A sheet's rows as their cells' texts.
fn rows_of(rows: &Value) -> Vec<Vec<String>> {
    rows.as_array().unwrap().iter().map(strings).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

// --- Word, through python-docx.

/// The document as python-docx reads it: paragraphs with their style, tables as cell texts
/// (with whether the first row repeats as a header), the page, and the fonts the styles name.
const READ_DOCX: &str = r#"
import json, sys, zipfile
import docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
paragraphs = [[p.style.name if p.style is not None else "", p.text] for p in d.paragraphs]
tables = []
for t in d.tables:
    rows = [[c.text for c in r.cells] for r in t.rows]
    first = t._tbl.tr_lst[0]
    trPr = first.trPr
    header = trPr is not None and trPr.find(qn("w:tblHeader")) is not None
    cant_split = all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in t.rows)
    tables.append({"rows": rows, "header_repeats": header, "rows_whole": cant_split})
s = d.sections[0]
styles = zipfile.ZipFile(sys.argv[1]).read("word/styles.xml").decode("utf-8")
when = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S") if t is not None else None
print(json.dumps({
    "paragraphs": paragraphs,
    "tables": tables,
    "page_mm": [round(s.page_width.mm), round(s.page_height.mm)],
    "styles": styles,
    "created": when(d.core_properties.created),
    "modified": when(d.core_properties.modified),
}))
"#;

#[test]
fn word_minutes_read_in_python_docx() {
    if !have_python_readers("word_minutes_read_in_python_docx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, s, path) in exported(dir.path(), Format::Docx) {
        let lang = s.meta.lang;
        let doc = python(READ_DOCX, &path);
        let paragraphs: Vec<(String, String)> = doc["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let p = strings(p);
                (p[0].clone(), p[1].clone())
            })
            .collect();
        // The title, then Word headings in the minutes' order: 要旨 before the steps.
        assert_eq!(paragraphs[0].0, "Title", "{name}");
        assert!(paragraphs[0].1.contains(s.meta.title.trim()), "{name}");
        let h1: Vec<&str> = paragraphs
            .iter()
            .filter(|(style, _)| style == "Heading 1")
            .map(|(_, text)| text.as_str())
            .collect();
        let summary = match lang {
            Lang::Ja => "要旨",
            Lang::En => "Summary",
        };
        let step1 = h1.iter().position(|h| h.contains(Term::Step1.text(lang)));
        let summary_at = h1.iter().position(|h| *h == summary);
        assert!(summary_at.is_some(), "{name}: {h1:?}");
        if let Some(step1) = step1 {
            assert!(summary_at < Some(step1), "{name}: {h1:?}");
        }
        assert!(
            paragraphs.iter().any(|(style, _)| style == "Heading 2"),
            "{name}"
        );
        // The decisions, word for word, under 要旨.
        for d in &s.decisions {
            assert!(
                paragraphs
                    .iter()
                    .any(|(_, text)| *text == lines_of(&d.text)),
                "{name}: {}",
                d.text
            );
        }
        // A real table per activity: the 相利評価表's header, a row per party, each cell the
        // session's text; rows never split and the header row repeats on every page.
        let six = &evaluation_header(lang, &Activity::new("a1".parse().unwrap(), ""))[..];
        let tables: Vec<&Value> = doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| strings(&t["rows"][0]).starts_with(six))
            .collect();
        let with_parties: Vec<_> = s
            .activities
            .iter()
            .filter(|a| !a.participants.is_empty())
            .collect();
        assert_eq!(tables.len(), with_parties.len(), "{name}");
        for (a, t) in with_parties.iter().zip(&tables) {
            assert_eq!(strings(&t["rows"][0]), evaluation_header(lang, a), "{name}");
            assert_eq!(t["header_repeats"], true, "{name}");
            assert_eq!(t["rows_whole"], true, "{name}");
            let rows = t["rows"].as_array().unwrap();
            assert_eq!(rows.len(), a.participants.len() + 1, "{name}: {}", a.title);
            // The 相利評価表's rows as the method has them: the host's first.
            for (p, row) in s.table_rows(a).into_iter().zip(&rows[1..]) {
                let row = strings(row);
                assert_eq!(row[0], lines_of(s.party_name(&p.party)), "{name}");
                assert_eq!(row[3], lines_of(&a.title), "{name}");
                assert_eq!(row[4], lines_of(&p.role), "{name}");
                assert_eq!(row[5], lines_of(&p.benefit), "{name}");
            }
        }
        // The fields of a 議事録's head and its closing, as paragraphs Word shows.
        let has = |text: &str| paragraphs.iter().any(|(_, t)| t == text);
        let label = |l: sori::i18n::minutes::Label| l.text(lang);
        let sep = label(sori::i18n::minutes::Label::FieldSeparator);
        let m = &s.meta;
        if !m.recorder.is_empty() {
            let line = format!(
                "{}{sep}{}",
                Term::Recorder.text(lang),
                lines_of(&m.recorder)
            );
            assert!(has(&line), "{name}: {line}");
        }
        for item in &m.agenda {
            assert!(has(&lines_of(&item.text)), "{name}: {}", item.text);
        }
        if !m.absentees.is_empty() {
            let names: Vec<String> = m.absentees.iter().map(|i| lines_of(&i.text)).collect();
            let line = format!(
                "{}{sep}{}",
                Term::Absentees.text(lang),
                names.join(label(sori::i18n::minutes::Label::ListSeparator))
            );
            assert!(has(&line), "{name}: {line}");
        }
        for item in &m.handouts {
            assert!(has(&lines_of(&item.text)), "{name}: {}", item.text);
        }
        if !m.signers.is_empty() {
            assert!(has(label(sori::i18n::minutes::Label::Certify)), "{name}");
            for signer in &m.signers {
                assert!(
                    paragraphs
                        .iter()
                        .any(|(_, t)| t.starts_with(Term::Signer.text(lang))
                            && t.contains(&lines_of(&signer.text))),
                    "{name}: {}",
                    signer.text
                );
            }
        }
        if let Some(p) = &s.previous {
            assert!(h1.contains(&Term::Previous.text(lang)), "{name}: {h1:?}");
            for d in &p.decisions {
                assert!(has(&lines_of(d)), "{name}: {d}");
            }
            let carried = paragraphs
                .iter()
                .filter(|(style, t)| style == "Heading 2" && t.ends_with("（前回から）"))
                .count();
            assert!(
                carried >= s.parties.len(),
                "{name}: parties marked 前回から"
            );
        }
        // Its own times are the meeting's (so the file is the same whenever it is written).
        let utc = |t: sori::core::Stamp| {
            sori::core::Stamp::from_unix(t.unix_seconds(), 0)
                .to_string()
                .trim_end_matches("+00:00")
                .to_string()
        };
        let start = s.meta.start.expect("every meeting here has a start");
        assert_eq!(doc["created"], utc(start).as_str(), "{name}");
        let end = sori::export::model::meeting_end(&s, Some(start)).unwrap_or(start);
        assert_eq!(doc["modified"], utc(end).as_str(), "{name}");
        // A4, and Japanese fonts named for the east-asian script.
        assert_eq!(doc["page_mm"], serde_json::json!([210, 297]), "{name}");
        let styles = doc["styles"].as_str().unwrap();
        assert!(styles.contains(r#"w:eastAsia="游明朝""#), "{name}");
        assert!(styles.contains(r#"w:eastAsia="游ゴシック""#), "{name}");
    }
}

// --- Excel, through openpyxl.

const READ_XLSX: &str = r#"
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
sheets = []
for ws in wb.worksheets:
    rows = [[("" if c.value is None else str(c.value)) for c in r] for r in ws.iter_rows()]
    wrapped = all(c.alignment.wrap_text for r in ws.iter_rows() for c in r)
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(ws.max_column)]
    types = sorted({c.data_type for r in ws.iter_rows() for c in r if c.value is not None})
    sheets.append({"name": ws.title, "rows": rows, "freeze": ws.freeze_panes, "wrapped": wrapped,
                   "widths": widths, "types": types, "paper": ws.page_setup.paperSize,
                   "header_bold": all(c.font.b for c in ws[1]),
                   "created": wb.properties.created.strftime("%Y-%m-%dT%H:%M:%S")})
print(json.dumps(sheets))
"#;

#[test]
fn excel_workbook_reads_in_openpyxl() {
    if !have_python_readers("excel_workbook_reads_in_openpyxl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, s, path) in exported(dir.path(), Format::Xlsx) {
        let lang = s.meta.lang;
        let sheets = python(READ_XLSX, &path);
        let sheets = sheets.as_array().unwrap();
        let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
        let with_parties: Vec<_> = s
            .activities
            .iter()
            .filter(|a| !a.participants.is_empty())
            .collect();
        // One sheet a 相利評価表, then the action items and the attendees.
        assert_eq!(sheets.len(), with_parties.len() + 2, "{name}: {names:?}");
        let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), names.len(), "{name}: unique names");
        for sheet in sheets {
            let n = sheet["name"].as_str().unwrap();
            assert!(n.encode_utf16().count() <= 31, "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
            assert_eq!(
                sheet["freeze"], "A2",
                "{name}: {n}: the header row stays in view"
            );
            assert_eq!(sheet["wrapped"], true, "{name}: {n}");
            assert_eq!(sheet["header_bold"], true, "{name}: {n}");
            assert_eq!(sheet["paper"], 9, "{name}: {n}: A4");
            // Text only: nothing a spreadsheet would compute.
            assert_eq!(sheet["types"], serde_json::json!(["s"]), "{name}: {n}");
            for w in sheet["widths"].as_array().unwrap() {
                assert!(w.as_f64().unwrap() >= 8.0, "{name}: {n}: {w}");
            }
        }
        for (a, sheet) in with_parties.iter().zip(sheets) {
            let mut header = evaluation_header(lang, a);
            header.extend(
                [
                    Term::Achieved.text(lang),
                    Term::Comment.text(lang),
                    sori::i18n::minutes::Label::ChecksColumn.text(lang),
                ]
                .map(str::to_string),
            );
            let checks = header.len() - 1;
            let rows = rows_of(&sheet["rows"]);
            assert_eq!(rows[0], header, "{name}");
            assert_eq!(rows.len(), a.participants.len() + 1, "{name}: {}", a.title);
            for (p, row) in s.table_rows(a).into_iter().zip(&rows[1..]) {
                assert_eq!(row[0], lines_of(s.party_name(&p.party)), "{name}");
                assert_eq!(row[3], lines_of(&a.title), "{name}");
                assert_eq!(row[4], lines_of(&p.role), "{name}");
                assert_eq!(row[5], lines_of(&p.benefit), "{name}");
                let one_sided = !p.role.trim().is_empty() && p.benefit.trim().is_empty();
                assert_eq!(
                    !row[checks].is_empty(),
                    one_sided || a.participants.len() < 2
                );
                if header.len() > 9 {
                    assert_eq!(row[6], kinds_text(p, lang), "{name}");
                }
            }
        }
        let actions = &sheets[with_parties.len()];
        let rows = actions["rows"].as_array().unwrap();
        assert_eq!(rows.len(), s.action_items.len() + 1, "{name}");
        for (t, row) in s.action_items.iter().zip(&rows[1..]) {
            let row = strings(row);
            assert_eq!(row[0], lines_of(&t.what), "{name}");
            assert_eq!(row[1], lines_of(&t.who), "{name}");
            assert_eq!(row[2], lines_of(&t.due), "{name}");
        }
        let attendees = &sheets[with_parties.len() + 1];
        let people: usize = s
            .parties
            .iter()
            .map(|p| p.representatives.len().max(1))
            .sum();
        let rows = rows_of(&attendees["rows"]);
        assert_eq!(
            rows.len(),
            people + s.meta.absentees.len() + 1,
            "{name}: a row a person, the absent too"
        );
        for (absent, row) in s.meta.absentees.iter().zip(&rows[people + 1..]) {
            assert!(row.contains(&lines_of(&absent.text)), "{name}: {row:?}");
            assert_eq!(
                row.last().unwrap(),
                sori::i18n::minutes::Label::Absent.text(lang),
                "{name}"
            );
        }
        // The workbook's own time is the meeting's start, in UTC.
        if let Some(start) = s.meta.start {
            let utc = sori::core::Stamp::from_unix(start.unix_seconds(), 0).to_string();
            assert_eq!(
                sheets[0]["created"],
                utc.trim_end_matches("+00:00"),
                "{name}"
            );
        }
    }
}

#[test]
fn excel_sheet_names_survive_hostile_titles() {
    if !have_python_readers("excel_sheet_names_survive_hostile_titles") {
        return;
    }
    let m = community_cats(&same);
    let mut s = m.session.clone();
    let titles = [
        "[相利]: a/b\\c*d?e 地域猫活動、不妊去勢手術とエサやりルールづくりの長い題",
        "[相利]: a/b\\c*d?e 地域猫活動、不妊去勢手術とエサやりルールづくりの長い題",
    ];
    for (a, t) in s.activities.iter_mut().zip(titles) {
        a.title = t.into();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "hostile.xlsx", &s, m.records(), Format::Xlsx);
    let sheets = python(READ_XLSX, &path);
    let names: Vec<&str> = sheets
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_ne!(names[0], names[1]);
    assert!(
        names[0].starts_with("［相利］： a／b＼c＊d？e"),
        "{names:?}"
    );
    // The full title is in the sheet, in its 活動 column.
    let row = &sheets[0]["rows"][1];
    assert_eq!(row[3], titles[0]);
}

// --- Hostile text.

/// Text that could break a Word or Excel file, or change what it says: XML markup, entities,
/// Excel's own `_xHHHH_` escapes, characters XML cannot hold, control characters, a formula,
/// emoji, line breaks.
const NASTY: &[&str] = &[
    "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
    "]]><!-- <?xml?>",
    "&amp; &lt; &#x41;",
    "_x0041_ _x000D_",
    "\u{fffe}\u{ffff}",
    "\u{1}\u{1b}[31m",
    "=HYPERLINK(\"https://evil.example\")",
    "'quoted",
    "👨\u{200D}👩\u{200D}👧",
    "two\nlines",
];

/// What a reader sees for a text: as the minutes show it, with `�` where XML cannot hold a
/// character.
fn as_read(text: &str) -> String {
    sori::export::model::clean(text)
        .chars()
        .map(|c| match c {
            '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

#[test]
fn hostile_text_stays_text_in_word_and_excel() {
    if !have_python_readers("hostile_text_stays_text_in_word_and_excel") {
        return;
    }
    let m = community_cats(&same);
    let mut s = m.session.clone();
    let mut history = sori::core::History::from_records(m.records().to_vec());
    let at = m.records().last().unwrap().at;
    let text = |n: usize| format!("{} {n}", NASTY[n % NASTY.len()]);
    hostile_text::set_every_text(&mut s, &mut history, at, text);
    let fields = hostile_text::text_fields(&s).len();
    let dir = tempfile::tempdir().unwrap();
    let records = history.records().to_vec();
    let docx = write(dir.path(), "bad.docx", &s, &records, Format::Docx);
    let doc = python(READ_DOCX, &docx);
    let mut all = String::new();
    for p in doc["paragraphs"].as_array().unwrap() {
        all.push_str(p[1].as_str().unwrap());
        all.push('\n');
    }
    for t in doc["tables"].as_array().unwrap() {
        for row in t["rows"].as_array().unwrap() {
            for cell in strings(row) {
                all.push_str(&cell);
                all.push('\n');
            }
        }
    }
    // Every field is in the Word minutes, as text.
    for n in 0..fields {
        let shown = as_read(&text(n));
        assert!(
            all.contains(&shown),
            "field {n}: {shown:?} is not in the document"
        );
    }
    assert!(!all.contains("\u{1}") && !all.contains('\u{1b}'));
    // The workbook opens, and each text of the 相利評価表 reads back as it was written.
    let xlsx = write(dir.path(), "bad.xlsx", &s, &records, Format::Xlsx);
    let sheets = python(READ_XLSX, &xlsx);
    let first = rows_of(&sheets[0]["rows"]);
    // The comment's column: after 相利の種類 when the table has it.
    let comment = first[0]
        .iter()
        .position(|h| h == Term::Comment.text(s.meta.lang))
        .unwrap();
    for (p, row) in s.activities[0].participants.iter().zip(&first[1..]) {
        assert_eq!(row[4], as_read(&p.role));
        assert_eq!(row[5], as_read(&p.benefit));
        assert_eq!(row[comment], as_read(&p.evaluation.comment));
    }
}

// --- HTML printed by Chromium.

/// Print a page to PDF with headless Chromium (beside it, `.pdf`), as a browser's print does.
fn print_to_pdf(chromium: &str, html: &Path) -> PathBuf {
    let pdf = html.with_extension("pdf");
    let profile = tempfile::tempdir().unwrap();
    let out = browser::headless(chromium, profile.path())
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "{}: {}",
        html.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// A PDF's text as poppler lays it out, pages separated by form feeds.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A page of grey levels from `pdftoppm -gray`: how far down the page the last ink is.
fn ink_depth(pgm: &[u8]) -> f64 {
    // P5\nW H\n255\n then the pixels.
    let mut fields = pgm.splitn(4, |b| *b == b'\n');
    let _magic = fields.next();
    let size = std::str::from_utf8(fields.next().unwrap()).unwrap();
    let _max = fields.next();
    let pixels = fields.next().unwrap();
    let mut dims = size.split_whitespace().map(|n| n.parse::<usize>().unwrap());
    let (w, h) = (dims.next().unwrap(), dims.next().unwrap());
    let last = (0..h)
        .rev()
        .find(|y| pixels[y * w..(y + 1) * w].iter().any(|&p| p < 200))
        .unwrap_or(0);
    last as f64 / h as f64
}

#[test]
fn html_minutes_print_to_clean_a4_pages_in_chromium() {
    let test = "html_minutes_print_to_clean_a4_pages_in_chromium";
    let Some(chromium) = browser::chromium(test) else {
        return;
    };
    if !have(test, "pdftotext", &["-v"], "apt-get install poppler-utils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, s, html) in exported(dir.path(), Format::Html) {
        let lang = s.meta.lang;
        let pdf = print_to_pdf(chromium, &html);
        // A4 portrait.
        let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.contains("Page size:       594.96 x 841.92 pts (A4)"),
            "{name}: {info}"
        );
        // No page but the last is near-empty: each reaches at least half-way down.
        let prefix = dir.path().join(format!("{name}-page"));
        let ok = Command::new("pdftoppm")
            .args(["-r", "20", "-gray"])
            .arg(&pdf)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(ok.success());
        let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{name}-page"))
            })
            .collect();
        pages.sort_by_key(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            stem.rsplit('-').next().unwrap().parse::<u32>().unwrap()
        });
        assert!(!pages.is_empty(), "{name}");
        let depths: Vec<f64> = pages
            .iter()
            .map(|p| ink_depth(&std::fs::read(p).unwrap()))
            .collect();
        for (i, depth) in depths.iter().enumerate().take(depths.len() - 1) {
            assert!(
                *depth > 0.5,
                "{name}: page {} is near-empty: {depths:?}",
                i + 1
            );
        }
        // The text is there, Japanese included, and every 相利評価表's header row is printed
        // at least once per table (more where a table runs onto the next page).
        let text = pdf_text(&pdf);
        // (The start of each decision: a long one may wrap onto a second line.)
        for d in &s.decisions {
            let start: String = lines_of(&d.text).chars().take(8).collect();
            assert!(text.contains(&start), "{name}: {}", d.text);
        }
        let header = evaluation_headers(&s, lang);
        let headers = text
            .lines()
            .filter(|l| header.contains(&l.split_whitespace().map(str::to_string).collect()))
            .count();
        let tables = s
            .activities
            .iter()
            .filter(|a| !a.participants.is_empty())
            .count();
        if lang == Lang::Ja {
            assert!(
                headers >= tables,
                "{name}: {headers} headers, {tables} tables"
            );
        }
    }
}

/// The chiiki-neko minutes' first 相利評価表 runs onto a second page, and its header row is
/// printed again there.
#[test]
fn a_long_table_repeats_its_header_on_the_next_printed_page() {
    let test = "a_long_table_repeats_its_header_on_the_next_printed_page";
    let Some(chromium) = browser::chromium(test) else {
        return;
    };
    if !have(test, "pdftotext", &["-v"], "apt-get install poppler-utils") {
        return;
    }
    let example = sori::bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .unwrap();
    let (s, records) =
        sori::store::parse(Path::new(example.file), example.yaml.as_bytes()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "m.html", &s, &records, Format::Html);
    let text = pdf_text(&print_to_pdf(chromium, &html));
    let header = evaluation_headers(&s, Lang::Ja);
    let is_header = |l: &str| header.contains(&l.split_whitespace().map(str::to_string).collect());
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let with_header: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lines().any(is_header))
        .map(|(i, _)| i)
        .collect();
    let captions = text.matches(Term::EvaluationTable.text(Lang::Ja)).count();
    let headers: usize = pages
        .iter()
        .map(|p| p.lines().filter(|l| is_header(l)).count())
        .sum();
    assert_eq!(captions, 3, "{text}");
    assert!(
        headers > captions,
        "a header printed again: {with_header:?}\n{text}"
    );
    // The repeated header is the first line of its page, with no caption above it.
    let repeated = pages.iter().any(|p| {
        p.lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(is_header)
    });
    assert!(repeated, "{text}");
}

// --- Word, through LibreOffice.

/// LibreOffice opens the .docx and prints it to a PDF with the Japanese text in it.
#[test]
fn word_minutes_convert_to_pdf_in_libreoffice() {
    let test = "word_minutes_convert_to_pdf_in_libreoffice";
    if !have(
        test,
        "soffice",
        &["--version"],
        "apt-get install libreoffice-writer-nogui",
    ) || !have(test, "pdftotext", &["-v"], "apt-get install poppler-utils")
    {
        return;
    }
    let m = community_cats(&same);
    let dir = tempfile::tempdir().unwrap();
    let docx = write(
        dir.path(),
        "neko.docx",
        &m.session,
        m.records(),
        Format::Docx,
    );
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    let pdf = dir.path().join("neko.pdf");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("(A4)"));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    // pdftotext puts a space between Japanese and Latin letters or digits: compare without.
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "地域猫活動語り合う場（第1回）議事録",
        "要旨",
        "決定事項",
        "手術費助成の申請はNPOがまとめて行う",
        "相利評価表",
        "グリーンハイツ管理組合",
    ] {
        assert!(text.contains(needle), "{needle} is not in\n{text}");
    }
}
