//! An open session keeps its history as the file's text (see `store::history_text`): a save
//! copies that text as it was and adds the new records; a history that does not read is
//! never written again; a history laid out otherwise is read whole, with the right count.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sori::core::event::{Event, SetText};
use sori::core::history::{Record, replay};
use sori::core::{Lang, Session, Stamp, TextField};
use sori::export::{Format, Options, export};
use sori::store::journal::{journal_path, read_journal_file};
use sori::store::yaml::{head_yaml, records_yaml};
use sori::store::{CommitError, Document, Notice, load, to_yaml};
use sori::testkit::synth::Size;

/// About 1,000 events: a history of about 170 KB, longer than what is checked before
/// `open` returns, so its check runs in the background.
const LONG: Size = Size {
    parties: 12,
    activities: 4,
    items: 2,
    events: 1_000,
};

fn at(n: i64) -> Stamp {
    Stamp::from_unix(1_800_000_000 + n, 9 * 3600)
}

/// A session of `size` as sori writes it: its state, its records and the file's text.
fn session(size: Size, seed: u64) -> (Session, Vec<Record>, String) {
    let (s, records) = sori::testkit::synth::generate(size, seed, Lang::Ja);
    let text = to_yaml(&s, &records);
    (s, records, text)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The text after the `history:` line.
fn entries(text: &str) -> &str {
    let at = text.find("\nhistory:\n").expect("a history") + "\nhistory:\n".len();
    &text[at..]
}

/// An edit of the `n`th party's name.
fn rename(s: &Session, n: usize) -> Event {
    let party = &s.parties[n % s.parties.len()];
    Event::SetText(SetText {
        field: TextField::PartyName(party.id.clone()),
        text: format!("{}（{n}）", party.name),
    })
}

fn commit(doc: &mut Document, n: usize) {
    let e = rename(doc.session(), n);
    doc.commit(e, at(n as i64)).unwrap();
}

/// Wait (at most a minute) until the background check has something to say.
fn wait_for_notice(doc: &mut Document) -> Option<Notice> {
    let start = Instant::now();
    while doc.checking_history() && start.elapsed() < Duration::from_secs(60) {
        if let Some(notice) = doc.poll() {
            return Some(notice);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    doc.poll()
}

#[test]
fn a_save_copies_the_history_as_written_and_adds_the_new_records() {
    for size in [Size::SMALL, LONG] {
        let dir = tempfile::tempdir().unwrap();
        let (_, records, text) = session(size, 3);
        // What sori would not write but must keep: a comment, a quoted value.
        let second = text.match_indices("\n- at: ").nth(1).unwrap().0 + 1;
        let mut edited = text.clone();
        edited.insert_str(second, "# 会の途中で休憩\n");
        let edited = edited.replacen("    lang: ja\n", "    lang: 'ja'\n", 1);
        assert_ne!(edited, text);
        let path = write(dir.path(), "w.yaml", &edited);

        let (mut doc, _) = Document::open(&path).unwrap();
        assert_eq!(doc.history_len(), records.len());
        commit(&mut doc, 1);
        commit(&mut doc, 2);
        doc.save().unwrap();
        let new: Vec<Record> = doc.history().records().to_vec();
        let expected = format!(
            "{}history:\n{}{}",
            head_yaml(doc.session()),
            entries(&edited),
            records_yaml(&new)
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);

        // Saved again later: only the records since are added.
        commit(&mut doc, 3);
        doc.close().unwrap();
        let (s, all) = load(&path).unwrap();
        assert_eq!(all.len(), records.len() + 3);
        assert_eq!(all[..records.len()], records[..]);
        assert_eq!(replay(&all, all.len()).unwrap(), s);
        assert_eq!(s.parties[3 % s.parties.len()].name.matches('（').count(), 1);
        let text_now = std::fs::read_to_string(&path).unwrap();
        assert!(
            text_now.contains("# 会の途中で休憩\n- at: "),
            "the comment stays"
        );
        assert!(
            text_now.contains("    lang: 'ja'\n"),
            "the quoted value stays"
        );
    }
}

#[test]
fn a_file_sori_wrote_is_saved_as_a_whole_rewrite_would_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, records, text) = session(LONG, 5);
    let path = write(dir.path(), "w.yaml", &text);
    let (mut doc, _) = Document::open(&path).unwrap();
    for n in 0..4 {
        commit(&mut doc, n);
    }
    let session = doc.session().clone();
    let mut all = records;
    all.extend(doc.history().records().iter().cloned());
    doc.close().unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        to_yaml(&session, &all)
    );
}

#[test]
fn an_empty_history_and_a_file_without_a_last_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let (s, records, text) = session(Size::SMALL, 8);
    // `history: []`: the first records make it a list.
    let empty = write(dir.path(), "empty.yaml", &to_yaml(&s, &[]));
    let (mut doc, _) = Document::open(&empty).unwrap();
    assert_eq!(doc.history_len(), 0);
    commit(&mut doc, 1);
    let expected = to_yaml(doc.session(), doc.history().records());
    doc.close().unwrap();
    assert_eq!(std::fs::read_to_string(&empty).unwrap(), expected);
    // The last entry without its line break: the new one starts on a line of its own.
    let cut = write(dir.path(), "cut.yaml", text.trim_end());
    let (mut doc, _) = Document::open(&cut).unwrap();
    commit(&mut doc, 1);
    doc.close().unwrap();
    let (_, all) = load(&cut).unwrap();
    assert_eq!(all.len(), records.len() + 1);
}

/// A long history with one record that does not read, in its middle: the lines of that
/// record, from its start to the damage.
fn damaged(text: &str) -> (String, std::ops::RangeInclusive<usize>) {
    let mut middle = text.len() / 2 + entries(text).len() / 4;
    while !text.is_char_boundary(middle) {
        middle += 1;
    }
    let at = middle + text[middle..].find("\n  set_text:\n").unwrap() + 1;
    let line = |i: usize| text[..i].matches('\n').count() + 1;
    let start = text[..at].rfind("\n- at: ").unwrap() + 1;
    let mut damaged = text.to_string();
    damaged.replace_range(at..at + "  set_text:".len(), "  set_txet:");
    (damaged, line(start)..=line(at))
}

#[test]
fn a_long_history_that_does_not_read_is_found_after_opening_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, text) = session(LONG, 4);
    let (bad, line) = damaged(&text);
    let path = write(dir.path(), "w.yaml", &bad);

    // The state reads: the session opens at once.
    let (mut doc, notices) = Document::open(&path).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    let Some(Notice::HistoryDamaged { error, journal }) = wait_for_notice(&mut doc) else {
        panic!("the damage is reported");
    };
    assert!(line.contains(&error.line.unwrap()), "{error} in {line:?}");
    assert!(error.message.contains("set_txet"), "{error}");
    assert_eq!(journal, journal_path(&path));
    // From now on nothing is written.
    assert!(doc.is_read_only());
    let e = rename(doc.session(), 1);
    assert_eq!(doc.commit(e, at(1)), Err(CommitError::ReadOnly));
    assert!(doc.save().unwrap_err().contains("does not read"));
    doc.close().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
    assert!(!journal_path(&path).exists());
}

#[test]
fn a_change_made_before_the_check_ends_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, records, text) = session(LONG, 6);
    let path = write(dir.path(), "w.yaml", &text);
    let (mut doc, _) = Document::open(&path).unwrap();
    commit(&mut doc, 1);
    assert!(!doc.checking_history());
    let journal = read_journal_file(&journal_path(&path)).unwrap().unwrap();
    assert_eq!(
        journal.records[0].0,
        records.len() as u64,
        "the record's seq"
    );
    drop(doc);

    // A damaged one: the change is refused and nothing is written, not even the journal.
    let (bad, _) = damaged(&text);
    let bad_path = write(dir.path(), "bad.yaml", &bad);
    let (mut doc, _) = Document::open(&bad_path).unwrap();
    let e = rename(doc.session(), 1);
    assert_eq!(doc.commit(e, at(1)), Err(CommitError::ReadOnly));
    assert!(doc.check_history().is_err());
    drop(doc);
    assert!(!journal_path(&bad_path).exists());
    assert_eq!(std::fs::read_to_string(&bad_path).unwrap(), bad);

    // The journal left by the first run is recovered after the file's records.
    let (doc, notices) = Document::open(&path).unwrap();
    assert_eq!(notices, [Notice::Recovered { edits: 1 }]);
    assert_eq!(doc.history_len(), records.len() + 1);
}

#[test]
fn a_short_history_that_does_not_read_fails_to_open_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, text) = session(Size::SMALL, 4);
    let bad = text.replacen("\n  set_text:\n", "\n  set_txet:\n", 1);
    let path = write(dir.path(), "w.yaml", &bad);
    let err = Document::open(&path).err().expect("refused");
    assert!(err.to_string().contains("set_txet"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
    assert!(!journal_path(&path).exists());
}

/// The same file laid out in ways sori does not write.
fn unusual_layouts(text: &str, records: &[Record]) -> Vec<(&'static str, String)> {
    let head = &text[..text.find("\nhistory:\n").unwrap() + 1];
    let indented: String = entries(text).lines().map(|l| format!("  {l}\n")).collect();
    // A double-quoted text may go on over lines, and a line of it may start with `- `.
    let first_text = text.find("\n    text: ").unwrap() + "\n    text: ".len();
    let end = first_text + text[first_text..].find('\n').unwrap();
    let mut folded = text.to_string();
    folded.replace_range(
        first_text..end,
        &format!("\"{}\n- もう一行\"", &text[first_text..end]),
    );
    // An alias in one entry to an anchor in another: the entries do not read on their own.
    let mut aliased = text.to_string();
    let mut ats = text
        .match_indices("\n- at: ")
        .map(|(i, _)| i + "\n- at: ".len());
    let (first, second) = (ats.next().unwrap(), ats.next().unwrap());
    let second_end = second + text[second..].find('\n').unwrap();
    aliased.replace_range(second..second_end, "*t0");
    aliased.insert_str(first, "&t0 ");
    vec![
        ("an alias to another entry", aliased),
        (
            "flow",
            format!(
                "{head}history: {}\n",
                serde_json::to_string(records).unwrap()
            ),
        ),
        ("indented", format!("{head}history:\n{indented}")),
        (
            "a key after the history",
            format!("{}sori: 1\n", &text["sori: 1\n".len()..]),
        ),
        ("windows line ends", text.replace('\n', "\r\n")),
        ("a text over two lines", folded),
    ]
}

#[test]
fn histories_laid_out_otherwise_are_read_whole_with_the_right_count() {
    for size in [Size::SMALL, LONG] {
        let dir = tempfile::tempdir().unwrap();
        let (_, records, text) = session(size, 9);
        for (what, layout) in unusual_layouts(&text, &records) {
            let path = write(dir.path(), "w.yaml", &layout);
            let (_, on_disk) = load(&path).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(on_disk.len(), records.len(), "{what}");
            let (mut doc, _) = Document::open(&path).unwrap();
            doc.check_history().unwrap();
            assert_eq!(doc.history_len(), records.len(), "{what}");
            commit(&mut doc, 7);
            let journal = read_journal_file(&journal_path(&path)).unwrap().unwrap();
            assert_eq!(journal.records[0].0, records.len() as u64, "{what}");
            let state = doc.session().clone();
            doc.close().unwrap();
            let (s, all) = load(&path).unwrap();
            assert_eq!(s, state, "{what}");
            assert_eq!(all.len(), records.len() + 1, "{what}");
            assert_eq!(all[..records.len()], on_disk[..], "{what}");
        }
    }
}

#[test]
fn minutes_from_the_counted_history_are_those_of_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, text) = session(LONG, 2);
    let path = write(dir.path(), "w.yaml", &text);
    // Some changes still in the journal, as when another sori has it open.
    let (mut doc, _) = Document::open(&path).unwrap();
    commit(&mut doc, 1);
    commit(&mut doc, 2);
    let state = sori::store::peek::load_state(&path).unwrap();
    let whole = sori::store::peek::load_current(&path).unwrap();
    assert_eq!(state.session, whole.session);
    assert_eq!(state.len(), whole.records.len());
    for format in [Format::Markdown, Format::Html] {
        let options = Options {
            format,
            lang: Lang::Ja,
            excel: false,
        };
        assert_eq!(
            export(&state.session, &state.minutes_records(), options),
            export(&whole.session, &whole.records, options)
        );
    }
    drop(doc);
}

#[test]
fn check_reads_a_long_history_record_by_record_and_says_where_it_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, text) = session(LONG, 4);
    let good = write(dir.path(), "good.yaml", &text);
    let (bad_text, _) = damaged(&text);
    let bad = write(dir.path(), "bad.yaml", &bad_text);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sori"))
        .arg("check")
        .args([&good, &bad])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let said = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines[0], format!("{}: ok", good.display()));
    assert_eq!(lines[1], load(&bad).unwrap_err().to_string());
    assert_eq!(out.status.code(), Some(1));
}

/// What a replay reads (`CurrentState::into_records`, a batch at a time in one pass) is what
/// reading the whole file gives, whatever the layout, the journal included; the preview of
/// its first screen, when there is one, has the same step changes.
#[test]
fn a_replay_reads_the_records_the_whole_file_holds_in_every_layout() {
    use sori::replay::{Preview, Timeline};
    for size in [Size::SMALL, LONG] {
        let dir = tempfile::tempdir().unwrap();
        let (_, records, text) = session(size, 10);
        let mut layouts = unusual_layouts(&text, &records);
        layouts.push(("as sori writes it", text.clone()));
        for (what, layout) in layouts {
            let path = write(dir.path(), "w.yaml", &layout);
            let (mut doc, _) = Document::open(&path).unwrap();
            commit(&mut doc, 1);
            let whole = sori::store::peek::load_current(&path).unwrap();
            let current = sori::store::peek::load_state(&path).unwrap();
            let preview = Preview::of(&current);
            if what == "as sori writes it" {
                assert!(preview.is_some(), "{what}");
            }
            if let Some(preview) = preview {
                let read = Timeline::reading(preview, Lang::Ja, || {}, || Err("-".into()));
                let made = Timeline::new(whole.records.clone(), Lang::Ja);
                assert_eq!(read.boundaries(), made.boundaries(), "{what}");
                assert_eq!(read.len(), made.len(), "{what}");
            }
            let read = current.into_records(&path).unwrap();
            assert_eq!(read, whole.records, "{what}");
            doc.close().unwrap();
        }
    }
}
