//! Every way a session file can fail to load, each with the exact message a facilitator sees:
//! file, line, column and what is wrong. Loading never panics.

use sori::testkit::id;
use sori::testkit::{Fixed, SessionBuilder};
use std::path::Path;

use proptest::prelude::*;

use sori::core::event::*;
use sori::core::start::{MeetingDetails, NewSession, new_session_events};
use sori::core::{
    ActionItem, Activity, Event, Idea, IdeaKind, Item, Lang, Participant, Session, Stamp,
};
use sori::store::yaml::MAX_FILE_BYTES;
use sori::store::{load, parse, to_yaml};

/// The one-line message for these bytes, as `sori check` prints it.
fn error(text: impl AsRef<[u8]>) -> String {
    match parse(Path::new("w.yaml"), text.as_ref()) {
        Ok(_) => panic!("loaded: {}", String::from_utf8_lossy(text.as_ref())),
        Err(e) => e.to_string(),
    }
}

fn loads(text: impl AsRef<[u8]>) -> (Session, Vec<sori::core::Record>) {
    parse(Path::new("w.yaml"), text.as_ref()).unwrap_or_else(|e| panic!("{e}"))
}

/// A real session written by sori: parties with goals, an activity, a decision, an action
/// item and an idea, and the history that made them.
fn real_file() -> String {
    let at: Stamp = "2026-11-27T14:00:00+09:00".parse().unwrap();
    let opts = NewSession {
        title: "地域猫活動の語り合う場".into(),
        details: MeetingDetails {
            venue: "公民館".into(),
            facilitator: "山田".into(),
            ..MeetingDetails::default()
        },
        lang: Lang::Ja,
        host: Some("地域猫の会".into()),
        parties: vec!["町内会".into(), "保健所".into()],
        start: None,
    };
    let mut events = new_session_events(&opts, at);
    let item = |list: &str, i: &str, text: &str| {
        Event::AddItem(AddItem {
            list: list.parse().unwrap(),
            id: id(i),
            text: text.into(),
            index: None,
        })
    };
    events.extend([
        item("p1.purposes", "i4", "野良猫のトラブルを減らしたい"),
        item("p2.purposes", "i5", "ごみ置き場をきれいに保ちたい"),
        item("p3.strengths", "i6", "不妊手術の助成制度"),
        Event::AddActivity(AddActivity {
            activity: Activity {
                lead: Some(id("p1")),
                participants: vec![
                    Participant {
                        role: "餌やりの管理".into(),
                        benefit: "苦情が減る".into(),
                        purposes: vec![id("i4")],
                        ..Participant::new(id("p1"))
                    },
                    Participant {
                        purposes: vec![id("i5")],
                        ..Participant::new(id("p2"))
                    },
                ],
                ..Activity::new(id("a7"), "餌やりルール")
            },
            index: None,
        }),
        item("decisions", "i8", "月1回集まる"),
        Event::AddAction(AddAction {
            action: ActionItem {
                activity: Some(id("a7")),
                ..ActionItem::new(id("t9"), "回覧板で周知")
            },
            index: None,
        }),
        Event::AddIdea(AddIdea {
            idea: Idea {
                activity: Some(id("a7")),
                ..Idea::new(id("x10"), IdeaKind::Scale, "隣の地区へ")
            },
            index: None,
        }),
    ]);
    let mut b = SessionBuilder::new(Fixed(at));
    for e in events {
        b.commit(e);
    }
    to_yaml(&b.session, b.records())
}

/// The 1-based number of the first line equal to `line`.
fn line_of(text: &str, line: &str) -> usize {
    text.lines()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("no line {line:?} in\n{text}"))
        + 1
}

/// `text` with the first line equal to `from` replaced.
fn replace_line(text: &str, from: &str, to: &str) -> String {
    line_of(text, from);
    let mut out: Vec<&str> = text.lines().collect();
    let i = out.iter().position(|l| *l == from).unwrap();
    out[i] = to;
    out.join("\n") + "\n"
}

#[test]
fn the_real_file_loads() {
    let text = real_file();
    let (s, records) = loads(&text);
    assert_eq!(s.parties.len(), 3);
    assert_eq!(s.activities[0].participants.len(), 2);
    assert!(!records.is_empty());
}

#[test]
fn syntax_errors() {
    assert_eq!(
        error("sori: 1\nmeta:\n  title: \"閉じていない\n  venue: 公民館\n"),
        "w.yaml:3:10: this quoted text is never closed: its closing quote is missing"
    );
    assert_eq!(
        error("sori: 1\nparties: [\n"),
        "w.yaml:3:1: the file ends inside a `[` list or `{` mapping that is never closed"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: {a: 1, b\n"),
        "w.yaml:3:10: this mapping `{` is not closed with `}` (or a `,` is missing between its entries)"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: x\n title2: y\n"),
        "w.yaml:4:2: this line does not line up with the keys above it; check its indentation"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: 会議: 第1回\n"),
        "w.yaml:3:12: unexpected `:` here: put text that contains `: ` in quotes, or check the indentation"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: x\n  venue y\n"),
        "w.yaml:4:3: expected `key: value` here: the `:` is missing"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: \"\\q\"\n"),
        "w.yaml:3:11: unknown escape `\\q` in double-quoted text: write `\\\\` for a backslash, or use single quotes"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: @山田\n"),
        "w.yaml:3:10: `@` cannot start a value; put the text in quotes ('...')"
    );
    assert_eq!(
        error("sori: 1\nparties:\n- id: p1\n  name: *nobody\n"),
        "w.yaml:4:9: this alias (`*name`) refers to no anchor (`&name`) before it; quote text that starts with `*`"
    );
    // YAML features sori files never use, met by starting a text with `!`, `%`, `*`, `&`,
    // `|` or `>` (found by the loader fuzzing: the parser's own words were jargon).
    assert_eq!(
        error("sori: 1\nmeta:\n  title: !<%zz> x\n"),
        "w.yaml:3:12: `!` starts a YAML tag here, which sori files do not use; put text that starts with `!` in quotes ('...')"
    );
    assert_eq!(
        error("%FOO bar\n---\nsori: 1\n"),
        "w.yaml:1:5: `%` at the start of a line starts a YAML directive, which sori files do not use; put text that starts with `%` in quotes ('...')"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: &\n"),
        "w.yaml:3:11: `*` and `&` start a YAML alias or anchor here (`*name`, `&name`); put text that starts with `*` or `&` in quotes ('...')"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: |x\n"),
        "w.yaml:3:11: `|` and `>` start a block of text and end their line; put text that starts with `|` or `>` in quotes ('...')"
    );
    assert_eq!(
        error("sori: 1\nhistory:\n- at: 2026-01-01T00:00:00+09:00\n  add_party: [x]\n"),
        "w.yaml:4:14: history[0].add_party: expected the fields of `add_party` (a mapping), found a list"
    );
    assert_eq!(
        error("sori: 1\n---\nsori: 1\n"),
        "w.yaml:1:1: the file holds more than one YAML document (a `---` line?); a session is one"
    );
}

/// A syntax error in the middle of a real file is reported as the syntax error, at its place,
/// even though the parser reads ahead and the data before it could look wrong first.
#[test]
fn a_syntax_error_in_a_real_file_is_reported_where_it_is() {
    let text = real_file();
    // An unclosed `[` makes the title look like a list to the deserialiser.
    let bad = replace_line(
        &text,
        "  title: 地域猫活動の語り合う場",
        "  title: [地域猫活動の語り合う場",
    );
    let n = line_of(&text, "  title: 地域猫活動の語り合う場");
    assert_eq!(
        error(&bad),
        format!(
            "w.yaml:{n}:10: this list `[` is not closed with `]` (or a `,` is missing between its entries)"
        )
    );
    // One space too many folds the line into the id above (`p2 name`): the parser's
    // complaint about the `:` is what points at the line to fix.
    let bad = replace_line(&text, "  name: 町内会", "   name: 町内会");
    let n = line_of(&text, "  name: 町内会");
    assert_eq!(
        error(&bad),
        format!(
            "w.yaml:{n}:8: unexpected `:` here: put text that contains `: ` in quotes, or check the indentation"
        )
    );
    // An unclosed quote deep in the history.
    let bad = replace_line(&text, "    text: 月1回集まる", "    text: '月1回集まる");
    let n = line_of(&text, "    text: 月1回集まる");
    assert_eq!(
        error(&bad),
        format!("w.yaml:{n}:11: this quoted text is never closed: its closing quote is missing")
    );
}

#[test]
fn tabs_used_for_indentation() {
    assert_eq!(
        error("sori: 1\nmeta:\n\ttitle: x\n"),
        "w.yaml:3:1: a tab is used to indent here; YAML indents with spaces only"
    );
    let text = real_file();
    let bad = replace_line(&text, "  name: 町内会", "\tname: 町内会");
    let n = line_of(&text, "  name: 町内会");
    assert_eq!(
        error(&bad),
        format!("w.yaml:{n}:1: a tab is used to indent here; YAML indents with spaces only")
    );
}

#[test]
fn wrong_types() {
    assert_eq!(
        error("sori: 1\nparties:\n- id: p1\n  name: 町内会\n  purposes: x\n"),
        "w.yaml:5:13: parties[0].purposes: expected a list, found text \"x\""
    );
    assert_eq!(
        error("sori: 1\nparties:\n- id: p1\n  name: 町内会\n  purposes: [ごみ]\n"),
        "w.yaml:5:14: parties[0].purposes[0]: expected a list item with id and text (a mapping), found text \"ごみ\""
    );
    assert_eq!(
        error("sori: 1\nparties: {}\n"),
        "w.yaml:2:10: parties: expected a list, found a mapping"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  step: x\n"),
        "w.yaml:3:9: meta.step: expected a whole number from 0 to 255, found text \"x\""
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  step: 300\n"),
        "w.yaml:3:9: meta.step: expected a whole number from 0 to 255, found 300"
    );
    assert_eq!(
        error("sori: 1\nactivities:\n- id: a1\n  title: x\n  votes: -1\n"),
        "w.yaml:5:10: activities[0].votes: expected a whole number (0 or more), found -1"
    );
    assert_eq!(
        error("sori: 1\naction_items:\n- id: t1\n  what: x\n  done: maybe\n"),
        "w.yaml:5:9: action_items[0].done: expected true or false, found text \"maybe\""
    );
    assert_eq!(
        error("sori: 1\nmeta: ~\n"),
        "w.yaml:2:7: meta: expected the meeting's details (a mapping), found nothing (null)"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  lang: fr\n"),
        "w.yaml:3:9: meta.lang: unknown value `fr`, expected `ja` or `en`"
    );
    assert_eq!(
        error("sori: 1\nactivities:\n- id: a1\n  title: x\n  status: someday\n"),
        "w.yaml:5:11: activities[0].status: unknown value `someday`, expected one of `idea`, `planned`, `running`, `done`"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  start: 来週\n"),
        "w.yaml:3:10: meta.start: expected a time like 2026-11-27T14:00:00+09:00, found '来週'"
    );
    assert_eq!(
        error("sori: 1\n? [a, b]\n: x\n"),
        "w.yaml:2:3: expected a key (text), found a list"
    );
}

#[test]
fn unknown_and_missing_keys() {
    assert_eq!(
        error("sori: 1\nmeta:\n  titel: x\n"),
        "w.yaml:3:3: meta: unknown key `titel`, expected one of `title`, `start`, `end`, `venue`, `facilitator`, `recorder`, `disclosure`, `lang`, `host`, `step`, `reached`, `bell`, `next`, `agenda`, `absentees`, `handouts`, `signers`, `steps`"
    );
    assert_eq!(
        error("sori: 1\nparties:\n- id: p1\n"),
        "w.yaml:3:3: parties[0]: the key `name` is missing"
    );
    assert_eq!(
        error("sori: 1\nparties:\n- id: p1\n  name: a\n  name: b\n"),
        "w.yaml:5:3: parties[0]: the key `name` appears twice"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: x\nmeta: {}\n"),
        "w.yaml:4:1: the key `meta` appears twice"
    );
    assert_eq!(
        error("sori: 1\nhistory:\n- set_step: {step: 2}\n"),
        "w.yaml:3:3: history[0]: the key `at` is missing"
    );
    assert_eq!(
        error("sori: 1\nhistory:\n- at: 2026-01-01T00:00:00+09:00\n"),
        "w.yaml:3:3: history[0]: a record needs one change"
    );
    assert_eq!(
        error(
            "sori: 1\nhistory:\n- at: 2026-01-01T00:00:00+09:00\n  set_step: {step: 2}\n  set_lang: {lang: ja}\n"
        ),
        "w.yaml:3:3: history[0]: one change per record, found `set_step` and `set_lang`"
    );
    let unknown_change =
        error("sori: 1\nhistory:\n- at: 2026-01-01T00:00:00+09:00\n  set_titel: {}\n");
    assert!(
        unknown_change.starts_with(
            "w.yaml:3:3: history[0]: unknown change `set_titel` (known: set_text, set_start,"
        ),
        "{unknown_change}"
    );
}

#[test]
fn not_a_sori_session() {
    assert_eq!(
        error("meta:\n  title: x\n"),
        "w.yaml:1:1: not a sori session: the file must start with `sori: 2`"
    );
    assert_eq!(
        error("- 一\n- 二\n"),
        "w.yaml:1:1: not a sori session: expected a mapping that starts with `sori: 2`"
    );
    assert_eq!(
        error("ただの文章\n"),
        "w.yaml:1:1: not a sori session: expected a mapping that starts with `sori: 2`"
    );
    assert_eq!(
        error("sori: 1.5\n"),
        "w.yaml:1:7: sori: expected the format version 2, found 1.5"
    );
    assert_eq!(
        error("sori: \"1\"\n"),
        "w.yaml:1:7: sori: expected the format version 2, found text \"1\""
    );
    assert_eq!(
        error("sori: 0\n"),
        "w.yaml:1:1: unknown format version 0 (expected 2)"
    );
}

#[test]
fn a_file_from_a_newer_sori() {
    assert_eq!(
        error("sori: 3\n"),
        "w.yaml:1:1: this file is format 3, from a newer sori; this sori reads format 2: please update sori"
    );
    // Keys this sori does not know do not hide the reason.
    assert_eq!(
        error("sori: 3\nmeta:\n  title: x\n  mood: 良い\nnew_section: []\n"),
        "w.yaml:1:1: this file is format 3, from a newer sori; this sori reads format 2: please update sori"
    );
    // Before format 1 there was none.
    assert_eq!(
        error("sori: 0\n"),
        "w.yaml:1:1: unknown format version 0 (expected 2)"
    );
}

#[test]
fn empty_files() {
    let empty = "w.yaml: the file is empty: a sori session starts with `sori: 2`";
    assert_eq!(error(""), empty);
    assert_eq!(error("\n\n  \n"), empty);
    assert_eq!(error("# メモだけ\n  # コメント\n"), empty);
    assert_eq!(error("\u{feff}"), empty);
}

#[test]
fn bytes_that_are_not_text() {
    assert_eq!(
        error(b"sori: 1\nmeta:\n  title: \xff\xfe\n"),
        "w.yaml:3:10: the file is not UTF-8 text (an invalid byte here): save it as UTF-8"
    );
    // 町内会 in Shift_JIS, as old Japanese Windows tools save it.
    assert_eq!(
        error(b"sori: 1\nmeta:\n  title: \x92\xac\x93\xe0\x89\xef\n"),
        "w.yaml:3:10: the file is not UTF-8 text (an invalid byte here): save it as UTF-8"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: a\u{0}b\n"),
        "w.yaml:3:11: control character U+0000 is not allowed in a session file"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  title: 赤\u{1b}[31m\n"),
        "w.yaml:3:11: control character U+001B is not allowed in a session file"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  venue: x\u{9f}\n"),
        "w.yaml:3:11: control character U+009F is not allowed in a session file"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  venue: \u{7f}\n"),
        "w.yaml:3:10: control character U+007F is not allowed in a session file"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  venue: \u{fffe}\n"),
        "w.yaml:3:10: character U+FFFE is not allowed in a session file"
    );
}

#[test]
fn byte_order_marks_and_windows_line_ends_are_fine() {
    let text = real_file();
    let expected = loads(&text);
    let with_bom = format!("\u{feff}{text}");
    assert_eq!(loads(&with_bom), expected);
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(loads(&crlf), expected);
    // Positions stay right in a CRLF file.
    let bad = replace_line(&text, "  name: 町内会", "  name: 町内会: x").replace('\n', "\r\n");
    let n = line_of(&text, "  name: 町内会");
    assert_eq!(
        error(&bad),
        format!(
            "w.yaml:{n}:12: unexpected `:` here: put text that contains `: ` in quotes, or check the indentation"
        )
    );
}

#[test]
fn nesting_200000_deep_is_refused_before_parsing() {
    // Finishes at once (the parser alone would take minutes); not timed here.
    let flow = format!("sori: 1\nmeta:\n  title: {}\n", "[".repeat(200_000));
    assert_eq!(
        error(&flow),
        "w.yaml:3:136: the file nests deeper than 128 levels; sori refuses it"
    );
    let mixed = format!("sori: 1\nparking_lot: {}\n", "[{".repeat(100_000));
    assert_eq!(
        error(&mixed),
        "w.yaml:2:141: the file nests deeper than 128 levels; sori refuses it"
    );
    let dashes = format!("sori: 1\nparking_lot:\n{}x\n", "- ".repeat(200_000));
    assert_eq!(
        error(&dashes),
        "w.yaml:3:255: the file nests deeper than 128 levels; sori refuses it"
    );
    let mut block = String::from("sori: 1\n");
    for level in 0..1000 {
        block += &format!("{}k{level}:\n", " ".repeat(level));
    }
    assert_eq!(
        error(&block),
        "w.yaml:130:129: the file nests deeper than 128 levels; sori refuses it"
    );
}

/// Billion laughs, placed in fields the file really has: nested batches in the history, and
/// lists of items. Each alias doubles or decuples what the last one held.
#[test]
fn alias_bombs_are_refused() {
    let mut history = String::from(
        "sori: 1\nhistory:\n- at: 2026-01-01T00:00:00+09:00\n  batch: &b0 [{set_step: {step: 2}}, {set_step: {step: 3}}]\n",
    );
    for level in 1..40 {
        history += &format!(
            "- at: 2026-01-01T00:00:00+09:00\n  batch: &b{level} [{{batch: *b{}}}, {{batch: *b{}}}]\n",
            level - 1,
            level - 1
        );
    }
    let message = error(&history);
    assert!(
        message.ends_with(
            ": the file's aliases (`*name`) repeat far more than it holds (an alias bomb?); sori refuses it"
        ),
        "{message}"
    );
    assert!(message.starts_with("w.yaml:"), "{message}");

    let mut items = String::from(
        "sori: 1\nparties:\n- id: p1\n  name: a\n  purposes: &l0 [{id: i2, text: 野良猫}, {id: i3, text: ごみ}]\n",
    );
    for level in 1..30 {
        items += &format!(
            "- id: p{}\n  name: b\n  challenges: &l{level} [{}]\n",
            level + 10,
            vec![format!("*l{}", level - 1); 10].join(", ")
        );
    }
    let message = error(&items);
    assert!(message.contains("alias bomb"), "{message}");

    // The same bomb behind 20,000 ordinary entries: the parser's own limit grows with the
    // file, so this once ran for minutes.
    let mut padded = String::from("sori: 1\nparking_lot:\n");
    for n in 0..20_000 {
        padded += &format!("- {{id: i{}, text: メモ}}\n", n + 100);
    }
    padded += &history["sori: 1\n".len()..];
    let message = error(&padded);
    assert!(message.contains("alias bomb"), "{message}");
}

#[test]
fn a_few_honest_aliases_are_fine() {
    let text = "sori: 1\nparties:\n- id: p1\n  name: &n 町内会\n  kind: *n\n";
    let (s, _) = loads(text);
    assert_eq!(s.parties[0].kind, "町内会");
}

#[test]
fn a_file_over_64_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: no disk space is used, and sori must not read it to refuse it.
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: the file is larger than 64 MiB; sori refuses to read it",
            path.display()
        )
    );
    // Exactly 64 MiB is read (and then refused for what it holds: zero bytes).
    file.set_len(MAX_FILE_BYTES).unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:1:1: control character U+0000 is not allowed in a session file",
            path.display()
        )
    );
}

#[test]
fn files_that_are_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.yaml");
    assert_eq!(
        load(&missing).unwrap_err().to_string(),
        format!("{}: no such file", missing.display())
    );
    assert_eq!(
        load(dir.path()).unwrap_err().to_string(),
        format!(
            "{}: this is a folder, not a session file",
            dir.path().display()
        )
    );
}

#[test]
fn duplicate_ids() {
    assert_eq!(
        error("sori: 1\nparties:\n- id: p1\n  name: a\n- id: p1\n  name: b\n"),
        "w.yaml:5:3: parties[1].id: duplicate id p1 (also at parties[0].id)"
    );
    assert_eq!(
        error(
            "sori: 1\nparties:\n- id: p1\n  name: a\n  purposes:\n  - id: i2\n    text: x\ndecisions:\n- id: i2\n  text: y\n"
        ),
        "w.yaml:9:3: decisions[0].id: duplicate id i2 (also at parties[0].purposes[0].id)"
    );
}

/// A plain value folded over a blank line holds a line break; the message quoting it stays
/// one line (found by the loader fuzzing).
#[test]
fn a_quoted_line_break_keeps_the_message_on_one_line() {
    assert_eq!(
        error("sori: 1\nparties:\n- id: p4\n\n    x\n  name: a\n"),
        "w.yaml:3:7: parties[0].id: 'p4⏎x' is not an id (a letter and a number of up to 15 digits, like p3)"
    );
}

#[test]
fn wrong_id_letters_and_sizes() {
    assert_eq!(
        error("sori: 1\nparties:\n- id: a1\n  name: x\n"),
        "w.yaml:3:3: parties[0].id: id a1 should start with 'p'"
    );
    assert_eq!(
        error("sori: 1\ndecisions:\n- id: t1\n  text: x\n"),
        "w.yaml:3:3: decisions[0].id: id t1 should start with 'i'"
    );
    assert_eq!(
        error("sori: 1\nparties:\n- id: P1\n  name: x\n"),
        "w.yaml:3:7: parties[0].id: 'P1' is not an id (a letter and a number of up to 15 digits, like p3)"
    );
    assert_eq!(
        error("sori: 1\nparties:\n- id: p18446744073709551615\n  name: x\n"),
        "w.yaml:3:7: parties[0].id: 'p18446744073709551615' is not an id (a letter and a number of up to 15 digits, like p3)"
    );
    assert_eq!(
        error("sori: 1\nnext_id: 18446744073709551615\n"),
        "w.yaml:2:1: next_id: 18446744073709551615 is too large (ids have at most 15 digits)"
    );
    // The largest ids load, and the counter moves past them.
    let (s, _) = loads("sori: 1\nnext_id: 3\nparties:\n- id: p999999999999999\n  name: x\n");
    assert_eq!(s.next_id, 1_000_000_000_000_000);
}

#[test]
fn references_to_things_that_do_not_exist() {
    let text = real_file();
    let cases = [
        (
            "  host: p1",
            "  host: p99",
            "meta.host: no party has id p99",
            3,
        ),
        (
            "  lead: p1",
            "  lead: p99",
            "activities[0].lead: no party has id p99",
            3,
        ),
        (
            "  - party: p2",
            "  - party: p99",
            "activities[0].participants[1].party: no party has id p99",
            5,
        ),
        (
            "    - i5",
            "    - i4",
            "activities[0].participants[1].purposes[0]: i4 is not one of the purposes of party p2",
            5,
        ),
        (
            "  activity: a7",
            "  activity: a99",
            "action_items[0].activity: no activity has id a99",
            3,
        ),
    ];
    for (from, to, message, column) in cases {
        let n = line_of(&text, from);
        assert_eq!(
            error(replace_line(&text, from, to)),
            format!("w.yaml:{n}:{column}: {message}"),
            "{from} -> {to}"
        );
    }
    // The idea's activity: the second `  activity: a7` line (the first is the action's).
    let first = line_of(&text, "  activity: a7");
    let second = text
        .lines()
        .enumerate()
        .skip(first)
        .find(|(_, l)| *l == "  activity: a7")
        .map(|(i, _)| i)
        .unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[second] = "  activity: a99";
    assert_eq!(
        error(lines.join("\n")),
        format!(
            "w.yaml:{}:3: expansion[0].activity: no activity has id a99",
            second + 1
        )
    );
    // A party twice in one activity; a link listed twice.
    assert_eq!(
        error(
            "sori: 1\nparties:\n- id: p1\n  name: a\nactivities:\n- id: a2\n  title: x\n  participants:\n  - party: p1\n  - party: p1\n"
        ),
        "w.yaml:10:5: activities[0].participants[1].party: party p1 takes part twice"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  step: 6\n"),
        "w.yaml:3:3: meta.step: step 6 is not 1 to 5"
    );
    assert_eq!(
        error("sori: 1\nactivities:\n- id: a1\n  title: x\n  coop: 7\n"),
        "w.yaml:5:3: activities[0].coop: cooperation type 7 is not 1, 2 or 3"
    );
}

#[test]
fn every_message_is_one_line() {
    let samples: Vec<Vec<u8>> = vec![
        b"sori: 1\nmeta:\n  title: \"a\n".to_vec(),
        b"sori: 1\nhistory:\n- at: x\n  set_step: {}\n".to_vec(),
        b"\xff".to_vec(),
        b"sori: 1\nmeta: [\n".to_vec(),
    ];
    for bytes in samples {
        let message = error(&bytes);
        assert!(!message.contains('\n'), "{message}");
        assert!(message.starts_with("w.yaml:"), "{message}");
    }
}

/// Items with ids only the loader checks (not the parser): the kinds check.
#[test]
fn items_of_the_wrong_kind_inside_lists() {
    let item = Item {
        id: id("t5"),
        text: "x".into(),
    };
    let mut s = Session::empty();
    s.decisions.push(item);
    let text = to_yaml(&s, &[]);
    let n = line_of(&text, "- id: t5");
    assert_eq!(
        error(&text),
        format!("w.yaml:{n}:3: decisions[0].id: id t5 should start with 'i'")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random bytes: always an answer (loaded, or one line saying why not), never a panic.
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Err(e) = parse(Path::new("w.yaml"), &bytes) {
            let message = e.to_string();
            prop_assert!(!message.contains('\n'), "{}", message);
            prop_assert!(message.starts_with("w.yaml"), "{}", message);
        }
    }

    /// Random YAML-ish text: the same.
    #[test]
    fn random_yaml_never_panics(text in "(sori: 1\n)?([a-z_]{1,8}: |- |  |\\[|\\]|\\{|\\}|&a |\\*a|\n|'|\"|#|,|p1|i2|: ){0,200}") {
        if let Err(e) = parse(Path::new("w.yaml"), text.as_bytes()) {
            prop_assert!(!e.to_string().contains('\n'));
        }
    }

    /// A real file, damaged at a random place: a line and column whenever the text is still
    /// text, and never a panic.
    #[test]
    fn damaged_real_files_get_a_position(
        cut in 0usize..4000,
        len in 0usize..20,
        insert in "[ \\[\\]{}:#'\"\\-\t\n&*!|>a-z1]{0,6}",
    ) {
        let text = real_file();
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut end = (cut + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let damaged = format!("{}{}{}", &text[..cut], insert, &text[end..]);
        if let Err(e) = parse(Path::new("w.yaml"), damaged.as_bytes()) {
            prop_assert!(!e.to_string().contains('\n'));
            prop_assert!(e.line.is_some(), "no position: {}", e);
        }
    }
}
