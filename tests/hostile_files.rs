//! Hostile files, one table: each is written to a temporary folder and given to the real
//! `sori check`, which must print the exact one-line message (with line and column where the
//! file has a place to point at) and exit 1, never panic (exit 101).
//!
//! The report script (`scripts/reliability-report`) runs `hostile_files_report` with
//! `--ignored`: the same table, each run timed (< 1 s each), printed as the `R3` line. Timing
//! is not asserted in `cargo test`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sori::core::event::{Remove, SetText};
use sori::core::{Event, History, Record, Session, Stamp, TextField};
use sori::store::{Document, Notice};

/// One hostile file: its name, how to make it, and what `sori check` must say after the path.
struct Case {
    name: &'static str,
    make: fn(&Path),
    /// The whole line `sori check` prints, with `{path}` for the file's path.
    says: String,
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap();
}

fn case(name: &'static str, make: fn(&Path), says: &str) -> Case {
    Case {
        name,
        make,
        says: says.to_string(),
    }
}

const ALIAS_BOMB: &str =
    "the file's aliases (`*name`) repeat far more than it holds (an alias bomb?); sori refuses it";

/// Billion laughs in the history: each batch holds the last one twice.
fn alias_bomb(path: &Path) {
    let mut t = String::from(
        "sori: 1\nhistory:\n- at: 2026-01-01T00:00:00+09:00\n  batch: &b0 [{set_step: {step: 2}}, {set_step: {step: 3}}]\n",
    );
    for n in 1..40 {
        t += &format!(
            "- at: 2026-01-01T00:00:00+09:00\n  batch: &b{n} [{{batch: *b{}}}, {{batch: *b{}}}]\n",
            n - 1,
            n - 1
        );
    }
    write(path, t);
}

/// One long mapping repeated for every entry of a list: few aliases, a lot of walking.
fn alias_fan_out(path: &Path) {
    let keys: Vec<String> = (0..20_000).map(|i| format!("k{i}: 0")).collect();
    write(
        path,
        format!(
            "sori: 1\nx: &m {{{}, name: a}}\nparties: [{}]\n",
            keys.join(", "),
            vec!["*m"; 20_000].join(", ")
        ),
    );
}

fn a_real_session() -> String {
    sori::bundled::examples()[0].yaml.to_string()
}

/// Where the real session is cut for `cut-in-half.yaml`: at the first byte of the first
/// multi-byte character after its middle, so the file ends in half a character.
fn half_a_character() -> (String, usize) {
    let text = a_real_session();
    let cut = (text.len() / 2..text.len())
        .find(|&i| text.is_char_boundary(i) && text.as_bytes()[i] >= 0x80)
        .unwrap();
    (text, cut)
}

fn cases() -> Vec<Case> {
    vec![
        // An alias bomb is refused where the walk ran out of budget: inside the anchored
        // text being repeated.
        case(
            "alias-bomb.yaml",
            alias_bomb,
            &format!("{{path}}:4:16: {ALIAS_BOMB}"),
        ),
        case(
            "alias-fan-out.yaml",
            alias_fan_out,
            &format!("{{path}}:2:48498: {ALIAS_BOMB}"),
        ),
        case(
            "deep-flow.yaml",
            |p| {
                write(
                    p,
                    format!("sori: 1\nmeta:\n  title: {}\n", "[".repeat(200_000)),
                );
            },
            "{path}:3:136: the file nests deeper than 128 levels; sori refuses it",
        ),
        case(
            "deep-block.yaml",
            |p| {
                write(
                    p,
                    format!("sori: 1\nparking_lot:\n{}x\n", "- ".repeat(200_000)),
                );
            },
            "{path}:3:255: the file nests deeper than 128 levels; sori refuses it",
        ),
        case(
            "deep-indent.yaml",
            |p| {
                let mut t = String::from("sori: 1\n");
                for level in 0..1000 {
                    t += &format!("{}k{level}:\n", " ".repeat(level));
                }
                write(p, t);
            },
            "{path}:130:129: the file nests deeper than 128 levels; sori refuses it",
        ),
        case(
            "100mb.yaml",
            |p| {
                // Sparse: no disk space used, and sori must refuse it without reading it.
                let f = std::fs::File::create(p).unwrap();
                f.set_len(100 * 1024 * 1024).unwrap();
            },
            "{path}: the file is larger than 64 MiB; sori refuses to read it",
        ),
        case(
            "long-title-then-error.yaml",
            |p| {
                write(
                    p,
                    format!(
                        "sori: 1\nmeta:\n  title: {}\n  venue: 'x\n",
                        "野良猫".repeat(300_000)
                    ),
                );
            },
            "{path}:4:10: this quoted text is never closed: its closing quote is missing",
        ),
        case(
            "invalid-utf8.yaml",
            |p| write(p, b"sori: 1\nmeta:\n  title: \xff\xfe\n"),
            "{path}:3:10: the file is not UTF-8 text (an invalid byte here): save it as UTF-8",
        ),
        case(
            "shift-jis.yaml",
            // 町内会 as old Japanese Windows tools save it.
            |p| {
                write(
                    p,
                    b"sori: 1\nparties:\n- id: p1\n  name: \x92\xac\x93\xe0\x89\xef\n",
                );
            },
            "{path}:4:9: the file is not UTF-8 text (an invalid byte here): save it as UTF-8",
        ),
        case(
            "utf16-bom.yaml",
            |p| {
                let mut bytes = vec![0xFF, 0xFE];
                for unit in "sori: 1\n".encode_utf16() {
                    bytes.extend_from_slice(&unit.to_le_bytes());
                }
                write(p, bytes);
            },
            "{path}:1:1: the file is not UTF-8 text (an invalid byte here): save it as UTF-8",
        ),
        case(
            "nul.yaml",
            |p| write(p, "sori: 1\nmeta:\n  title: a\u{0}b\n"),
            "{path}:3:11: control character U+0000 is not allowed in a session file",
        ),
        case(
            "escape.yaml",
            |p| write(p, "sori: 1\nmeta:\n  title: 赤\u{1b}]0;pwned\u{7}\n"),
            "{path}:3:11: control character U+001B is not allowed in a session file",
        ),
        case(
            "c1-control.yaml",
            |p| write(p, "sori: 1\nmeta:\n  venue: x\u{9b}2J\n"),
            "{path}:3:11: control character U+009B is not allowed in a session file",
        ),
        case(
            "bom-then-error.yaml",
            |p| write(p, "\u{feff}sori: 1\nmeta:\n  title: 会議: 第1回\n"),
            "{path}:3:12: unexpected `:` here: put text that contains `: ` in quotes, or check the indentation",
        ),
        case(
            "crlf-then-error.yaml",
            |p| write(p, "sori: 1\r\nmeta:\r\n  title: x\r\n  venue y\r\n"),
            "{path}:4:3: expected `key: value` here: the `:` is missing",
        ),
        case(
            "tab-indent.yaml",
            |p| write(p, "sori: 1\nmeta:\n\ttitle: x\n"),
            "{path}:3:1: a tab is used to indent here; YAML indents with spaces only",
        ),
        case(
            "duplicate-key.yaml",
            |p| write(p, "sori: 1\nmeta:\n  title: x\nmeta: {}\n"),
            "{path}:4:1: the key `meta` appears twice",
        ),
        case(
            "duplicate-id.yaml",
            |p| {
                write(
                    p,
                    "sori: 1\nparties:\n- id: p1\n  name: a\n- id: p1\n  name: b\n",
                );
            },
            "{path}:5:3: parties[1].id: duplicate id p1 (also at parties[0].id)",
        ),
        case(
            "dangling-lead.yaml",
            |p| {
                write(
                    p,
                    "sori: 1\nparties:\n- id: p1\n  name: a\nactivities:\n- id: a2\n  title: t\n  lead: p9\n",
                );
            },
            "{path}:8:3: activities[0].lead: no party has id p9",
        ),
        case(
            "dangling-participant.yaml",
            |p| {
                write(
                    p,
                    "sori: 1\nactivities:\n- id: a2\n  title: t\n  participants:\n  - party: p7\n",
                );
            },
            "{path}:6:5: activities[0].participants[0].party: no party has id p7",
        ),
        case(
            "negative-votes.yaml",
            |p| {
                write(
                    p,
                    "sori: 1\nactivities:\n- id: a1\n  title: x\n  votes: -1\n",
                );
            },
            "{path}:5:10: activities[0].votes: expected a whole number (0 or more), found -1",
        ),
        case(
            "huge-step.yaml",
            |p| write(p, "sori: 1\nmeta:\n  step: 99999999999999999999999\n"),
            "{path}:3:9: meta.step: expected a whole number from 0 to 255, found 99999999999999999999999",
        ),
        case(
            "huge-next-id.yaml",
            |p| write(p, "sori: 1\nnext_id: 18446744073709551616\n"),
            "{path}:2:10: next_id: expected a whole number (0 or more), found 18446744073709551616",
        ),
        case(
            "future-version.yaml",
            |p| write(p, "sori: 3\nmeta:\n  title: 未来\n  mood: 良い\n"),
            "{path}:1:1: this file is format 3, from a newer sori; this sori reads format 2: please update sori",
        ),
        case(
            "not-a-session.yaml",
            |p| write(p, "- 一\n- 二\n"),
            "{path}:1:1: not a sori session: expected a mapping that starts with `sori: 2`",
        ),
        case(
            "empty.yaml",
            |p| write(p, ""),
            "{path}: the file is empty: a sori session starts with `sori: 2`",
        ),
        case(
            "two-documents.yaml",
            |p| write(p, "sori: 1\n---\nsori: 1\n"),
            "{path}:1:1: the file holds more than one YAML document (a `---` line?); a session is one",
        ),
        case(
            "a-folder.yaml",
            |p| std::fs::create_dir(p).unwrap(),
            "{path}: this is a folder, not a session file",
        ),
        case(
            "cut-in-half.yaml",
            |p| {
                let (text, cut) = half_a_character();
                write(p, &text.as_bytes()[..cut + 1]);
            },
            "",
        ),
        case(
            "journal-garbage.yaml",
            journal_with_garbage,
            // Line 1 is the journal's header, 2 and 3 its records.
            "{path}.journal:4:1: this line of the journal cannot be read (expected value); opening the session recovers the edits before it (2) and keeps the journal aside",
        ),
        case(
            "journal-gap.yaml",
            |p| journal_lines(p, &[(3, title("三"))]),
            "{path}.journal:1: this edit in the journal is number 3, but the file's history has 0; opening the session recovers the edits before it (0) and keeps the journal aside",
        ),
        case(
            "journal-unfit.yaml",
            |p| {
                let remove = Event::Remove(Remove {
                    id: "p9".parse().unwrap(),
                });
                journal_lines(p, &[(0, title("一")), (1, remove)]);
            },
            "{path}.journal:2: this edit in the journal does not fit the file (there is nothing with id p9); opening the session recovers the edits before it (1) and keeps the journal aside",
        ),
    ]
}

/// A sound session whose journal holds two edits, then garbage, then a third edit.
fn journal_with_garbage(path: &Path) {
    let at = Stamp::from_unix(1_800_000_000, 9 * 3600);
    let mut doc = Document::create(path, Session::empty(), History::default()).unwrap();
    doc.commit(title("一"), at).unwrap();
    doc.commit(title("二"), at.plus_seconds(60)).unwrap();
    drop(doc); // as a crash leaves it: the journal is not folded
    let journal = journal_path(path);
    let lines = std::fs::read(&journal).unwrap();
    let mut bytes = lines.clone();
    bytes.extend_from_slice(b"\x00\x00garbage\xff\n");
    bytes.extend_from_slice(&lines);
    write(&journal, bytes);
}

/// An empty session whose journal holds these records, as sori writes them.
fn journal_lines(path: &Path, records: &[(u64, Event)]) {
    Document::create(path, Session::empty(), History::default()).unwrap();
    let mut text = String::new();
    for (seq, event) in records {
        let record = Record {
            at: Stamp::from_unix(1_800_000_000, 9 * 3600),
            by: None,
            from: None,
            event: event.clone(),
        };
        text += &serde_json::json!({ "seq": seq, "record": record }).to_string();
        text.push('\n');
    }
    write(&journal_path(path), text);
}

fn journal_path(path: &Path) -> PathBuf {
    sori::store::journal::journal_path(path)
}

fn title(text: &str) -> Event {
    Event::SetText(SetText {
        field: TextField::Title,
        text: text.into(),
    })
}

/// Run `sori check` on one file: its exit code, its output, how long it took.
fn check(path: &Path) -> (Option<i32>, String, String, Duration) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(["check", path.to_str().unwrap()])
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let took = started.elapsed();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        took,
    )
}

/// What `sori check` must print for a case (the cut-in-half file is the real session's text
/// up to its middle: its place is computed).
fn expected(case: &Case, path: &Path) -> String {
    let shown = path.display().to_string();
    if case.says.is_empty() {
        let (text, cut) = half_a_character();
        let (line, column) = sori::store::yaml::line_col(text.as_bytes(), cut);
        return format!(
            "{shown}:{line}:{column}: the file is not UTF-8 text (an invalid byte here): save it as UTF-8"
        );
    }
    case.says.replace("{path}", &shown)
}

/// Every case through the real binary: the exact message, exit 1, and the file left as it was.
/// Returns each case's time, for the report.
fn run_table() -> Vec<(&'static str, Duration)> {
    let dir = tempfile::tempdir().unwrap();
    let mut times = vec![];
    let mut wrong = vec![];
    for case in cases() {
        let path = dir.path().join(case.name);
        (case.make)(&path);
        let before = std::fs::read(&path).ok();
        let (code, stdout, stderr, took) = check(&path);
        assert_ne!(code, Some(101), "{}: sori panicked: {stderr}", case.name);
        assert_eq!(code, Some(1), "{}: {stdout}{stderr}", case.name);
        let expected = expected(&case, &path);
        if stdout.lines().last() != Some(expected.as_str()) {
            wrong.push(format!(
                "{}:\n  said     {stdout:?}\n  expected {expected:?}",
                case.name
            ));
        }
        assert!(stderr.is_empty(), "{}: {stderr}", case.name);
        assert_eq!(
            std::fs::read(&path).ok(),
            before,
            "{} was written",
            case.name
        );
        times.push((case.name, took));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    times
}

#[test]
fn every_hostile_file_gets_its_clear_message_and_exit_1() {
    let times = run_table();
    assert!(times.len() >= 30, "{}", times.len());
}

/// The `R3` line of the reliability report: the table again, each `sori check` timed.
#[test]
#[ignore = "run by scripts/reliability-report"]
fn hostile_files_report() {
    let times = run_table();
    let (slowest, max) = times.iter().max_by_key(|(_, t)| *t).copied().unwrap();
    let ok = max < Duration::from_secs(1);
    println!(
        "R3 hostile: {n} files, {n} clear errors, max {:.2} s ({slowest}) {}",
        max.as_secs_f64(),
        if ok { "ok" } else { "FAILED" },
        n = times.len()
    );
    assert!(ok, "{slowest} took {max:?}");
}

/// The journal case opened for real: the edits before the garbage are recovered, the user is
/// told where the journal is damaged, a copy of it is kept, and the session is whole after.
#[test]
fn a_journal_with_garbage_after_valid_records_recovers_what_is_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    journal_with_garbage(&path);
    let journal = std::fs::read(journal_path(&path)).unwrap();
    let (doc, notices) = Document::open(&path).unwrap();
    assert_eq!(doc.session().meta.title, "二");
    assert_eq!(doc.history().len(), 2);
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert_eq!(notices[0], Notice::Recovered { edits: 2 });
    let Notice::JournalDamaged { line, copy } = &notices[1] else {
        panic!("{notices:?}")
    };
    // After the header and the two records.
    assert_eq!(*line, 4);
    let copy = copy.as_ref().expect("a copy of the damaged journal");
    assert_eq!(
        std::fs::read(copy).unwrap(),
        journal,
        "the copy is the journal as it was"
    );
    // Folded at once: the file holds both edits; the journal has done its job.
    assert!(!journal_path(&path).exists());
    let (session, records) = sori::store::load(&path).unwrap();
    assert_eq!(session.meta.title, "二");
    assert_eq!(records.len(), 2);
    drop(doc);
    // Reopening finds nothing more to recover and nothing damaged.
    let (doc, notices) = Document::open(&path).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(doc.history_len(), 2);
    assert!(doc.history().is_empty(), "nothing recovered twice");
}

// ----- Any text a facilitator types saves as a file that loads -----

/// Texts made of what YAML gives meaning to (brackets, quotes, `#`, `:`, `-`, `|`, `>`, `&`,
/// `*`, `!`, `%`, `@`, backticks, tabs, line breaks), spaces and Japanese, long and short:
/// set as the title, the venue and a purpose, through the history; the file sori writes loads
/// to the same state and history. (The journal fuzzing found a note of 130 `{` that did not.)
mod any_text {
    use super::*;
    use proptest::prelude::*;
    use sori::core::event::AddParty;

    fn texts() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("{".to_string()),
            Just("[".to_string()),
            Just("}".to_string()),
            Just("]".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just("'".to_string()),
            Just("\"".to_string()),
            Just("# ".to_string()),
            Just(": ".to_string()),
            Just("- ".to_string()),
            Just("|".to_string()),
            Just(">".to_string()),
            Just("&a *a !t %".to_string()),
            Just("@`,?".to_string()),
            Just("? ".to_string()),
            Just("---\n...".to_string()),
            Just("%YAML 1.2".to_string()),
            Just("\\".to_string()),
            Just("  ".to_string()),
            Just("電話".to_string()),
            Just("ｶﾞ".to_string()),
            Just("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{".to_string()),
            Just("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_string()),
        ];
        proptest::collection::vec(piece, 0..80).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn saves_and_loads_the_same(title in texts(), venue in texts(), name in texts()) {
            let mut session = Session::empty();
            let mut history = History::default();
            let at = Stamp::from_unix(1_800_000_000, 9 * 3600);
            let events = [
                Event::SetText(SetText { field: TextField::Title, text: title }),
                Event::SetText(SetText { field: TextField::Venue, text: venue }),
                Event::AddParty(AddParty {
                    party: sori::core::session::Party::new("p1".parse().unwrap(), name),
                    index: None,
                }),
            ];
            for event in events {
                history.commit(&mut session, event, at).unwrap();
            }
            let records = history.into_records();
            let text = sori::store::to_yaml(&session, &records);
            let (again, again_records) = sori::store::parse(Path::new("w.yaml"), text.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(again, session);
            prop_assert_eq!(again_records, records);
        }
    }
}
