//! Files of format 1 (`sori: 1`): every bundled example as format 1 wrote it
//! (`tests/format1/`, and `tests/format1/flow/` as the sori of the facilitator's flow wrote
//! it), and hand-written ones, load, show, replay, and are saved as format 2;
//! the free-text next meeting becomes data; errors still say where, with line and column.

use std::path::{Path, PathBuf};

use sori::core::Event;
use sori::core::history::{Record, replay};
use sori::core::session::{Session, TextField};
use sori::store::{Document, load, parse, to_yaml};

/// The bundled examples as a sori of format 1 wrote them: `tests/format1` as the first sori
/// did; `tests/format1/flow` as the sori of the facilitator's flow did, still saying `sori: 1`
/// with the keys and changes it added (`reached`, `benefit_kinds`, `set_reached`,
/// `set_benefit_kinds`, due dates as dates).
fn format1_examples() -> Vec<(String, String)> {
    examples_in("tests/format1")
}

fn examples_in(folder: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// What the format-1 text of each example said of the next meeting, and what it becomes.
fn expected_next(file: &str) -> (Option<&'static str>, &'static str, &'static str) {
    match file {
        "chiiki-neko.yaml" => (
            Some("2026-09-12T13:30:00+09:00"),
            "同じ会場",
            "3か月のふりかえり（ステップ4）",
        ),
        "edinburgh-festivals.yaml" => (
            Some("2026-05-12T10:00:00+00:00"),
            "City Chambers",
            "wards, rooms and indicators",
        ),
        "gamagori-rakusho.yaml" => (None, "", "7月 開店1か月後に、同じ顔ぶれで"),
        "kamaishi-forestry.yaml" => (
            Some("2026-07-11T13:30:00+09:00"),
            "社協 会議室",
            "1年のふりかえり",
        ),
        "park-nagaike.yaml" => (
            Some("2026-05-23T14:00:00+09:00"),
            "自然館",
            "2026年度 第1回",
        ),
        other => panic!("no expectation for {other}"),
    }
}

fn has_format1_field(e: &Event) -> bool {
    match e {
        Event::SetText(t) => t.field == TextField::Format1NextMeeting,
        Event::Batch(events) => events.iter().any(has_format1_field),
        _ => false,
    }
}

/// An example's format-1 text read: the next meeting as data, the history in format 2 and
/// replaying to the state, saved as format 2 and read back the same. Returns what was read and
/// the text saved.
fn migrated(file: &str, text: &str) -> (Session, Vec<Record>, String) {
    assert!(text.starts_with("sori: 1\n"), "{file}");
    assert!(text.contains("next_meeting:"), "{file}");
    let (session, records) =
        parse(Path::new(file), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    // The next meeting as data.
    let (start, venue, note) = expected_next(file);
    let next = &session.meta.next;
    assert_eq!(
        next.start.map(|s| s.to_string()).as_deref(),
        start,
        "{file}"
    );
    assert_eq!(
        (next.venue.as_str(), next.note.as_str()),
        (venue, note),
        "{file}"
    );
    assert_eq!(session.meta.format1_next_meeting, None);
    // The history is in format 2 too, and replays to the state.
    assert!(
        !records.iter().any(|r| has_format1_field(&r.event)),
        "{file}"
    );
    assert_eq!(replay(&records, records.len()).unwrap(), session, "{file}");
    // Saved as format 2, it reads back the same.
    let saved = to_yaml(&session, &records);
    assert!(saved.starts_with("sori: 2\n"), "{file}");
    assert!(!saved.contains("next_meeting"), "{file}");
    let (again, again_records) = parse(Path::new(file), saved.as_bytes()).unwrap();
    assert_eq!((&again, &again_records), (&session, &records), "{file}");
    (session, records, saved)
}

#[test]
fn every_bundled_example_of_format_1_loads_replays_and_saves_as_format_2() {
    let examples = format1_examples();
    assert_eq!(examples.len(), sori::bundled::examples().len());
    for (file, text) in examples {
        let (session, _, _) = migrated(&file, &text);
        // What format 2 added besides: format 1 had none of it, so the defaults (how far the
        // meeting got counts its step, the bell rings, no kinds of benefit).
        assert_eq!(session.meta.reached, 0, "{file}");
        assert_eq!(session.meta.progress(), session.meta.step, "{file}");
        assert!(session.meta.bell, "{file}");
        assert!(
            session
                .activities
                .iter()
                .flat_map(|a| &a.participants)
                .all(|p| p.benefit_kinds.is_empty()),
            "{file}"
        );
    }
}

/// Files of format 1 that the sori of the facilitator's flow wrote: its keys are read as they
/// stand (how far each meeting got, the kinds of benefit, due dates), its changes replay to the
/// state, and the file is saved as format 2 with them.
#[test]
fn every_bundled_example_as_the_flows_sori_wrote_it_keeps_what_it_added() {
    let examples = examples_in("tests/format1/flow");
    assert_eq!(examples.len(), sori::bundled::examples().len());
    for (file, text) in examples {
        let reached: u8 = text
            .lines()
            .find_map(|l| l.strip_prefix("  reached: "))
            .unwrap_or_else(|| panic!("{file}: no meta.reached"))
            .parse()
            .unwrap();
        let (session, records, saved) = migrated(&file, &text);
        assert_eq!(session.meta.reached, reached, "{file}");
        assert!(
            saved.contains(&format!("\n  reached: {reached}\n")),
            "{file}"
        );
        let kinds = session
            .activities
            .iter()
            .flat_map(|a| &a.participants)
            .filter(|p| !p.benefit_kinds.is_empty())
            .count();
        assert_eq!(
            kinds,
            text.matches("\n    benefit_kinds:\n").count(),
            "{file}: every row's kinds"
        );
        assert!(
            session.action_items.iter().any(|t| t.due_date().is_some()),
            "{file}: due dates"
        );
        fn reaches(e: &Event) -> bool {
            match e {
                Event::SetReached(_) => true,
                Event::Batch(events) => events.iter().any(reaches),
                _ => false,
            }
        }
        assert!(records.iter().any(|r| reaches(&r.event)), "{file}");
    }
}

#[test]
fn a_format_1_file_opens_shows_and_is_saved_as_format_2() {
    let dir = tempfile::tempdir().unwrap();
    let (file, text) = format1_examples().into_iter().next().unwrap();
    let path = dir.path().join(&file);
    std::fs::write(&path, &text).unwrap();
    // `sori check` says ok: the migrated history replays to the migrated state.
    assert_eq!(check(&path), format!("{}: ok\n", path.display()));
    // The screen shows the next meeting as data.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(["export", path.to_str().unwrap()])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("### 次回\n\n- **日時**：2026年9月12日(土) 13:30〜\n- **場所**：同じ会場\n"),
        "{md}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "reading writes nothing"
    );
    // Opened, changed and closed: the file is format 2 and loads as it was left.
    let (mut doc, notices) = Document::open(&path).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    let before = doc.session().clone();
    let at = before.meta.start.unwrap().plus_seconds(3 * 3600);
    doc.commit(
        Event::SetText(sori::core::event::SetText {
            field: TextField::NextNote,
            text: "ふりかえりと次の地区".into(),
        }),
        at,
    )
    .unwrap();
    doc.close().unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.starts_with("sori: 2\n"), "{}", &saved[..40]);
    let (after, records) = load(&path).unwrap();
    assert_eq!(after.meta.next.note, "ふりかえりと次の地区");
    assert_eq!(replay(&records, records.len()).unwrap(), after);
    // And the next save copies the history as text, as for any file sori wrote.
    let (doc, _) = Document::open(&path).unwrap();
    doc.close().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
}

/// What `sori check` prints of a file.
fn check(path: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Format-1 files written by hand: the state's text edited without the history, undo and
/// redo of a next meeting, a date without a time, a journal an older sori left.
#[test]
fn hand_written_format_1_files() {
    let dir = tempfile::tempdir().unwrap();
    // The state alone.
    let path = write(
        dir.path(),
        "a.yaml",
        "sori: 1\nmeta:\n  title: 手書き\n  start: 2026-11-27T14:00:00+09:00\n  next_meeting: 1月22日（金）14:00 公民館\n",
    );
    let (s, _) = load(&path).unwrap();
    assert_eq!(
        s.meta.next.start.unwrap().to_string(),
        "2027-01-22T14:00:00+09:00"
    );
    assert_eq!(s.meta.next.venue, "公民館");

    // A history that set the next meeting, undid it and set it again; the state was then
    // edited by hand (its text differs from the history's last).
    let history = "history:
- at: 2026-11-27T14:00:00+09:00
  set_start:
    start: 2026-11-27T14:00:00+09:00
- at: 2026-11-27T15:50:00+09:00
  set_text:
    field: meta.next_meeting
    text: 12月4日 14:00 会館
- at: 2026-11-27T15:51:00+09:00
  by: undo
  set_text:
    field: meta.next_meeting
    text: ''
- at: 2026-11-27T15:52:00+09:00
  batch:
  - set_text:
      field: meta.next_meeting
      text: 未定
";
    let with_history = |name: &str, next: &str| {
        let text = format!(
            "sori: 1\nmeta:\n  start: 2026-11-27T14:00:00+09:00\n  next_meeting: {next}\n{history}"
        );
        write(dir.path(), name, &text)
    };
    let path = with_history("b.yaml", "未定");
    let (s, records) = load(&path).unwrap();
    assert_eq!(s.meta.next.note, "未定");
    assert_eq!(s.meta.next.start, None);
    assert_eq!(replay(&records, records.len()).unwrap(), s);
    let replayed_at_2 = replay(&records, 2).unwrap();
    assert_eq!(
        replayed_at_2.meta.next.start.unwrap().to_string(),
        "2026-12-04T14:00:00+09:00"
    );
    assert_eq!(replayed_at_2.meta.next.venue, "会館");
    assert!(replay(&records, 3).unwrap().meta.next.is_empty(), "undone");
    // Hand-edited state: still loads; `check` says the history does not replay to it.
    let path = with_history("c.yaml", "来月");
    let (s, records) = load(&path).unwrap();
    assert_eq!(s.meta.next.note, "来月");
    assert_ne!(replay(&records, records.len()).unwrap(), s);

    // A journal left by a sori of format 1 next to its file: its records are migrated too.
    let path = write(
        dir.path(),
        "d.yaml",
        "sori: 1\nmeta:\n  start: 2026-11-27T14:00:00+09:00\nhistory: []\n",
    );
    std::fs::write(
        sori::store::journal::journal_path(&path),
        "{\"seq\":0,\"record\":{\"at\":\"2026-11-27T15:00:00+09:00\",\"set_text\":{\"field\":\"meta.next_meeting\",\"text\":\"2027-01-22 14:00 公民館\"}}}\n",
    )
    .unwrap();
    let current = sori::store::peek::load_current(&path).unwrap();
    assert_eq!(current.from_journal, 1);
    assert_eq!(current.session.meta.next.venue, "公民館");
    let (doc, notices) = Document::open(&path).unwrap();
    assert_eq!(notices, [sori::store::Notice::Recovered { edits: 1 }]);
    assert_eq!(doc.session().meta.next.venue, "公民館");
    doc.close().unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("sori: 2\n")
    );
}

/// A file the sori of the facilitator's flow wrote, still saying `sori: 1`, with the keys and
/// changes it added (how far the meeting got, the bell, the kinds of benefit, a due date as a
/// date): read as they are, and saved as format 2 with them.
#[test]
fn a_format_1_file_with_the_flows_keys_reads_them() {
    let text = "sori: 1
meta:
  title: 海岸清掃
  start: 2026-11-27T14:00:00+09:00
  step: 2
  reached: 4
  bell: false
  next_meeting: 12月4日 14:00 会館
next_id: 4
parties:
- id: p1
  name: 海辺の会
activities:
- id: a2
  title: ふれあい清掃
  participants:
  - party: p1
    benefit: 活動が知られる
    benefit_kinds:
    - psychological
action_items:
- id: t3
  what: 見積もり
  due: 2026-12-15
history:
- at: 2026-11-27T14:00:00+09:00
  set_start:
    start: 2026-11-27T14:00:00+09:00
- at: 2026-11-27T14:00:01+09:00
  set_text:
    field: meta.title
    text: 海岸清掃
- at: 2026-11-27T14:01:00+09:00
  add_party:
    party:
      id: p1
      name: 海辺の会
- at: 2026-11-27T14:02:00+09:00
  batch:
  - set_step:
      step: 4
  - set_reached:
      step: 4
- at: 2026-11-27T14:03:00+09:00
  set_step:
    step: 2
- at: 2026-11-27T14:04:00+09:00
  set_bell:
    on: false
- at: 2026-11-27T14:05:00+09:00
  add_activity:
    activity:
      id: a2
      title: ふれあい清掃
      participants:
      - party: p1
        benefit: 活動が知られる
- at: 2026-11-27T14:06:00+09:00
  set_benefit_kinds:
    activity: a2
    party: p1
    kinds:
    - psychological
- at: 2026-11-27T14:07:00+09:00
  add_action:
    action:
      id: t3
      what: 見積もり
      due: 2026-12-15
- at: 2026-11-27T14:08:00+09:00
  set_text:
    field: meta.next_meeting
    text: 12月4日 14:00 会館
";
    let (s, records) =
        parse(Path::new("w.yaml"), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.meta.step, s.meta.reached, s.meta.progress()), (2, 4, 4));
    assert!(!s.meta.bell);
    assert_eq!(
        s.activities[0].participants[0].benefit_kinds,
        [sori::core::session::BenefitKind::Psychological]
    );
    assert_eq!(
        s.action_items[0].due_date(),
        Some("2026-12-15".parse().unwrap())
    );
    assert_eq!(s.meta.next.venue, "会館");
    assert_eq!(replay(&records, records.len()).unwrap(), s);
    let saved = to_yaml(&s, &records);
    assert!(saved.starts_with("sori: 2\n"));
    assert!(saved.contains("  reached: 4\n  bell: false\n"), "{saved}");
    let (again, again_records) = parse(Path::new("w.yaml"), saved.as_bytes()).unwrap();
    assert_eq!((again, again_records), (s, records));
}

fn error(text: &str) -> String {
    match parse(Path::new("w.yaml"), text.as_bytes()) {
        Ok(_) => panic!("loaded: {text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_in_format_1_files_still_say_where() {
    assert_eq!(
        error("sori: 1\nmeta:\n  next_meeting: [1月\n"),
        "w.yaml:3:17: this list `[` is not closed with `]` (or a `,` is missing between its entries)"
    );
    assert_eq!(
        error("sori: 1\nmeta:\n  next_meeting: 1月\n  mood: 良い\n"),
        "w.yaml:4:3: meta: unknown key `mood`, expected one of `title`, `start`, `end`, `venue`, `facilitator`, `recorder`, `disclosure`, `lang`, `host`, `step`, `reached`, `bell`, `next`, `agenda`, `absentees`, `handouts`, `signers`, `steps`"
    );
    assert_eq!(
        error("sori: 1\nparties:\n- id: p1\n  name: 町内会\n  purposes: x\n"),
        "w.yaml:5:13: parties[0].purposes: expected a list, found text \"x\""
    );
    // The key of format 1 in a file that says format 2: refused where it is.
    assert_eq!(
        error("sori: 2\nmeta:\n  title: x\n  next_meeting: 1月\n"),
        "w.yaml:4:3: meta.next_meeting: a key of format 1; this file is format 2: write the next meeting as `next: {start, venue, note}`"
    );
    // ...and in its history, when the record is applied: `sori check` says which.
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "w.yaml",
        "sori: 2\nmeta:\n  title: x\nhistory:\n- at: 2026-11-27T15:00:00+09:00\n  set_text:\n    field: meta.next_meeting\n    text: 1月\n",
    );
    assert_eq!(
        check(&path),
        format!(
            "{}: ok (note: history record 1 does not apply: meta.next_meeting is a field of format 1, read only when such a file is migrated)\n",
            path.display()
        )
    );
}

#[test]
fn the_schema_describes_format_2() {
    let schema = schemars::schema_for!(sori::store::yaml::SessionFile);
    let json = serde_json::to_value(&schema).unwrap();
    assert_eq!(json["$defs"]["FormatVersion"]["const"], 2);
    let meta = &json["$defs"]["Meta"]["properties"];
    for key in [
        "end",
        "recorder",
        "disclosure",
        "next",
        "agenda",
        "absentees",
        "handouts",
        "signers",
        "reached",
        "bell",
    ] {
        assert!(meta.get(key).is_some(), "{key}: {meta}");
    }
    assert!(
        json["$defs"]["Participant"]["properties"]
            .get("benefit_kinds")
            .is_some()
    );
    let text = json.to_string();
    for change in [
        "set_end",
        "set_next_start",
        "set_disclosure",
        "set_previous",
        "set_reached",
        "set_bell",
        "set_benefit_kinds",
    ] {
        assert!(text.contains(&format!("\"{change}\"")), "{change}");
    }
    assert!(
        meta.get("next_meeting").is_none(),
        "format 1's key is not in the schema"
    );
    assert!(json["properties"].get("previous").is_some());
}
