//! Replay: the state at event N is the first N events applied (whatever order the seeks come
//! in), the replay screen's keys move through a real meeting, and nothing is ever written.

#[path = "common/files.rs"]
pub mod files;

use sori::testkit::keys::{key, keys, screen_text};
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};
use sori::bundled;
use sori::core::edits;
use sori::core::event::{Event as Change, SetText};
use sori::core::history::{Cursor, History, Record, Snapshots, replay};
use sori::core::session::{Id, Lang, ListRef, PartyList, Session, TextField};
use sori::core::stamp::Stamp;
use sori::replay::Timeline;
use sori::replay::describe::{describe, step_set};
use sori::store::Document;
use sori::tui::App;
use sori::tui::replay::{MAX_PAUSE, Player, SPEEDS};
use sori::tui::state::Pane;

use files::folder;

// ----- Random histories -----

/// One step of a random editing run, read against the session as it stands.
#[derive(Clone, Debug)]
enum Op {
    AddParty,
    AddItem(usize, usize),
    EditItem(usize),
    DeleteItem(usize),
    DeleteParty(usize),
    AddActivity,
    Join(usize, usize),
    Link(usize, usize),
    GoStep(u8),
    Timer,
    Undo,
    Redo,
    MoveParty(usize, usize),
    Vote(usize),
    Decide,
    DeleteActivity(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let n = 0usize..8;
    prop_oneof![
        3 => Just(Op::AddParty),
        4 => (n.clone(), 0usize..7).prop_map(|(p, l)| Op::AddItem(p, l)),
        2 => n.clone().prop_map(Op::EditItem),
        1 => n.clone().prop_map(Op::DeleteItem),
        1 => n.clone().prop_map(Op::DeleteParty),
        2 => Just(Op::AddActivity),
        2 => (n.clone(), n.clone()).prop_map(|(a, p)| Op::Join(a, p)),
        2 => (n.clone(), n.clone()).prop_map(|(a, i)| Op::Link(a, i)),
        1 => (1u8..=5).prop_map(Op::GoStep),
        1 => Just(Op::Timer),
        3 => Just(Op::Undo),
        3 => Just(Op::Redo),
        1 => (n.clone(), n.clone()).prop_map(|(p, to)| Op::MoveParty(p, to)),
        1 => n.clone().prop_map(Op::Vote),
        1 => Just(Op::Decide),
        1 => n.prop_map(Op::DeleteActivity),
    ]
}

fn pick<T>(v: &[T], i: usize) -> Option<&T> {
    (!v.is_empty()).then(|| &v[i % v.len()])
}

/// The events the screen would send for `op`, built by the screen's own `edits` (batches for
/// deletions and step changes with a running timer).
fn event_for(s: &Session, op: &Op, at: Stamp) -> Option<Change> {
    let all_items: Vec<Id> = s
        .parties
        .iter()
        .flat_map(|p| {
            PartyList::ALL
                .iter()
                .flat_map(|l| p.list(*l).iter().map(|i| i.id.clone()))
        })
        .chain(s.decisions.iter().map(|i| i.id.clone()))
        .collect();
    Some(match op {
        Op::AddParty => edits::add_party(s, format!("関係者{}", s.next_id)),
        Op::AddItem(p, l) => {
            let party = pick(&s.parties, *p)?;
            let list = ListRef::Party(party.id.clone(), PartyList::ALL[*l]);
            edits::add_item(s, list, format!("項目{}「ｶﾞ」", s.next_id)).0
        }
        Op::EditItem(i) => {
            let id = pick(&all_items, *i)?;
            edits::set_text(TextField::Item(id.clone()), format!("直した{}", s.next_id))
        }
        Op::DeleteItem(i) => edits::delete(s, pick(&all_items, *i)?),
        Op::DeleteParty(p) => edits::delete(s, &pick(&s.parties, *p)?.id),
        Op::AddActivity => edits::add_activity(s, format!("活動{}", s.next_id)),
        Op::Join(a, p) => {
            let a = pick(&s.activities, *a)?;
            let p = pick(&s.parties, *p)?;
            if a.participant(&p.id).is_some() {
                edits::remove_participant(&a.id, &p.id)
            } else {
                edits::add_participant(&a.id, &p.id)
            }
        }
        Op::Link(a, i) => {
            let a = pick(&s.activities, *a)?;
            let part = pick(&a.participants, *i)?;
            let party = s.party(&part.party)?;
            let item = pick(&party.purposes, *i)?;
            edits::toggle_link(s, &a.id, &party.id, &item.id)?
        }
        Op::GoStep(to) => edits::go_step(s, *to, at)?,
        Op::Timer => edits::toggle_timer(s, s.meta.step, at)?,
        Op::MoveParty(p, to) => {
            let party = pick(&s.parties, *p)?;
            edits::move_to(&party.id, to % s.parties.len())
        }
        Op::Vote(a) => {
            let a = pick(&s.activities, *a)?;
            edits::set_votes(a, a.votes + 1)
        }
        Op::Decide => edits::add_item(s, ListRef::Decisions, "決定".into()).0,
        Op::DeleteActivity(a) => edits::delete(s, &pick(&s.activities, *a)?.id),
        Op::Undo | Op::Redo => return None,
    })
}

/// A history made as a facilitator makes one: through `History::commit`, undo and redo.
fn history(ops: &[Op], gaps: &[u16]) -> (Session, Vec<Record>) {
    let mut s = Session::empty();
    let mut h = History::default();
    let mut at = Stamp::from_unix(1_781_000_000, 9 * 3600);
    for (k, op) in ops.iter().enumerate() {
        at = at.plus_seconds(i64::from(gaps[k % gaps.len()]));
        match op {
            Op::Undo => {
                h.undo(&mut s, at).unwrap();
            }
            Op::Redo => {
                h.redo(&mut s, at).unwrap();
            }
            op => {
                if let Some(e) = event_for(&s, op, at) {
                    // The screen's edits apply; a refused one (a duplicate move) changes nothing.
                    let _ = h.commit(&mut s, e, at);
                }
            }
        }
    }
    (s, h.into_records())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_state_at_n_is_the_first_n_events_applied_whatever_the_order_of_seeks(
        ops in prop::collection::vec(op(), 1..160),
        gaps in prop::collection::vec(0u16..400, 1..8),
        seeks in prop::collection::vec(0usize..1000, 1..40),
    ) {
        let (end, records) = history(&ops, &gaps);
        let len = records.len();
        prop_assert_eq!(&replay(&records, len).unwrap(), &end);
        // Small snapshot intervals so that seeks cross snapshots, anchors and evictions.
        let mut cursor = Cursor::lazy(Snapshots { interval: 4, anchor_every: 3, loose: 2 });
        let mut eager = Cursor::new(&records, 5).unwrap();
        let mut timeline = Timeline::new(records.clone(), Lang::Ja);
        for &n in &seeks {
            let n = n % (len + 1);
            let expected = replay(&records, n).unwrap();
            cursor.try_seek(&records, n).unwrap();
            prop_assert_eq!(cursor.position(), n);
            prop_assert_eq!(cursor.state(), &expected, "lazy cursor at {}", n);
            eager.seek(&records, n);
            prop_assert_eq!(eager.state(), &expected, "eager cursor at {}", n);
            timeline.seek(n).unwrap();
            prop_assert_eq!(timeline.state(), &expected, "timeline at {}", n);
            // The timeline's words are the record's, told with the state before it.
            if n > 0 {
                let before = replay(&records, n - 1).unwrap();
                prop_assert_eq!(timeline.said(), describe(&before, &records[n - 1], Lang::Ja));
            }
        }
        // Snapshots stay bounded: the start, the anchors, and a few loose ones.
        prop_assert!(cursor.snapshot_count() <= 1 + len / 12 + 2, "{}", cursor.snapshot_count());
        // Step boundaries are exactly the records after which the step differs.
        let mut expected = vec![];
        for i in 0..len {
            let (a, b) = (replay(&records, i).unwrap(), replay(&records, i + 1).unwrap());
            if a.meta.step != b.meta.step {
                expected.push((i, b.meta.step));
            }
        }
        let found: Vec<(usize, u8)> = timeline.boundaries().iter().map(|b| (b.index, b.step)).collect();
        prop_assert_eq!(found, expected);
    }
}

#[test]
fn a_long_history_keeps_few_snapshots() {
    let (_, records) =
        sori::testkit::synth::generate(sori::testkit::synth::Size::SMALL, 5, Lang::En);
    let keep = Snapshots {
        interval: 2,
        anchor_every: 8,
        loose: 3,
    };
    let mut cursor = Cursor::lazy(keep);
    for n in [records.len(), 0, 37, 80, 12, records.len() / 2, 99] {
        cursor.seek(&records, n);
        assert_eq!(cursor.state(), &replay(&records, n).unwrap());
    }
    let anchors = records.len() / 16 + 1;
    assert!(
        cursor.snapshot_count() <= anchors + 3,
        "{} snapshots",
        cursor.snapshot_count()
    );
    // The default for a long history: at most about 64 anchors, and 32 loose snapshots.
    let big = Snapshots::for_history(100_000);
    assert_eq!(big.interval, 256);
    assert!(100_000 / (big.interval * big.anchor_every) <= 64);
    assert_eq!(big.loose, 32);
}

// ----- A record that does not apply -----

fn title(text: &str) -> Change {
    Change::SetText(SetText {
        field: TextField::Title,
        text: text.into(),
    })
}

/// Three good records, then one that names a party that was never added.
fn broken_records() -> Vec<Record> {
    let at = Stamp::from_unix(1_781_000_000, 9 * 3600);
    let mut records: Vec<Record> = ["一", "二", "三"]
        .iter()
        .map(|t| Record {
            at,
            by: None,
            from: None,
            event: title(t),
        })
        .collect();
    records.push(Record {
        at,
        by: None,
        from: None,
        event: Change::SetText(SetText {
            field: TextField::PartyName("p9".parse().unwrap()),
            text: "幽霊".into(),
        }),
    });
    records.push(Record {
        at,
        by: None,
        from: None,
        event: title("五"),
    });
    records
}

#[test]
fn a_record_that_does_not_apply_ends_the_replay_with_a_message() {
    let mut player = Player::new(App::replay(
        Timeline::new(broken_records(), Lang::En),
        "w.yaml".into(),
        Lang::En,
    ));
    key(&mut player, KeyCode::End);
    assert_eq!(player.position(), 3, "stops just before record 4");
    assert_eq!(player.app.session().meta.title, "三");
    let message = &player.app.view.message.as_ref().unwrap().text;
    assert!(
        message.contains("History record 4 does not apply"),
        "{message}"
    );
    assert!(message.contains("(p9 was not found)"), "{message}");
    // Forward says it is the end; the screen still draws.
    key(&mut player, KeyCode::Right);
    assert_eq!(player.position(), 3);
    let screen = screen_text(&mut player, 100, 30);
    assert!(screen.contains("3/5"), "{screen}");
}

// ----- The replay screen's keys on a real meeting -----

fn example(file: &str) -> (Session, Vec<Record>) {
    let e = bundled::examples().iter().find(|e| e.file == file).unwrap();
    sori::store::parse(Path::new(file), e.yaml.as_bytes()).unwrap()
}

fn cats_player(lang: Lang) -> (Player, Vec<Record>) {
    let (_, records) = example("chiiki-neko.yaml");
    let player = Player::new(App::replay(
        Timeline::new(records.clone(), lang),
        "chiiki-neko.yaml".into(),
        lang,
    ));
    (player, records)
}

/// Positions just after each record that moves the room to another step.
fn step_changes(records: &[Record]) -> Vec<usize> {
    let mut step = 1;
    let mut out = vec![];
    for (i, r) in records.iter().enumerate() {
        if let Some(to) = step_set(&r.event)
            && to != step
        {
            out.push(i + 1);
            step = to;
        }
    }
    out
}

#[test]
fn arrows_home_end_and_step_boundaries() {
    let (mut p, records) = cats_player(Lang::Ja);
    assert_eq!(p.position(), 0);
    let screen = screen_text(&mut p, 100, 30);
    assert!(screen.contains(&format!("0/{}", records.len())), "{screen}");
    assert!(screen.contains("記録の始まり"), "{screen}");

    key(&mut p, KeyCode::Right);
    keys(&mut p, "ll");
    assert_eq!(p.position(), 3);
    assert_eq!(p.app.session(), &replay(&records, 3).unwrap());
    key(&mut p, KeyCode::Left);
    keys(&mut p, "h");
    assert_eq!(p.position(), 1);

    let changes = step_changes(&records);
    assert!(changes.len() >= 3, "{changes:?}");
    keys(&mut p, "]");
    assert_eq!(p.position(), changes[0]);
    keys(&mut p, "]]");
    assert_eq!(p.position(), changes[2]);
    // The screen follows the meeting's step.
    let step = p.app.session().meta.step;
    assert_eq!(p.app.view.step(p.app.session()), step);
    assert!(Pane::order(step).contains(&p.app.view.pane));
    let screen = screen_text(&mut p, 100, 30);
    assert!(screen.contains(&format!("▶{step}")), "{screen}");
    assert!(screen.contains(&format!("ステップ{step}へ")), "{screen}");
    keys(&mut p, "[");
    assert_eq!(p.position(), changes[1]);

    key(&mut p, KeyCode::End);
    assert_eq!(p.position(), records.len());
    assert_eq!(p.app.session(), &replay(&records, records.len()).unwrap());
    key(&mut p, KeyCode::Right);
    assert_eq!(p.position(), records.len());
    assert_eq!(p.app.view.message.as_ref().unwrap().text, "記録の最後です");
    keys(&mut p, "[");
    assert_eq!(p.position(), *changes.last().unwrap());
    key(&mut p, KeyCode::Home);
    assert_eq!(p.position(), 0);
    assert_eq!(p.app.session(), &Session::empty());
    keys(&mut p, "[");
    assert_eq!(p.position(), 0);
    assert!(p.app.view.message.is_some());
}

#[test]
fn picking_a_step_to_look_at_and_following_the_meeting_again() {
    let (mut p, records) = cats_player(Lang::En);
    key(&mut p, KeyCode::End);
    let meeting = p.app.session().meta.step;
    let other = if meeting == 2 { 3 } else { 2 };
    keys(&mut p, &other.to_string());
    assert_eq!(p.app.view.step, Some(other));
    let screen = screen_text(&mut p, 120, 36);
    assert!(screen.contains(&format!("step {other} shown")), "{screen}");
    // Moving keeps the picked step; 0 follows the meeting again.
    key(&mut p, KeyCode::Left);
    assert_eq!(p.app.view.step(p.app.session()), other);
    keys(&mut p, "0");
    assert_eq!(p.app.view.step, None);
    assert_eq!(
        p.app.view.step(p.app.session()),
        replay(&records, records.len() - 1).unwrap().meta.step
    );
}

#[test]
fn search_jumps_to_the_next_and_previous_matching_event() {
    let (mut p, records) = cats_player(Lang::Ja);
    // Every event whose words name the neighbourhood association.
    let matching: Vec<usize> = (0..records.len())
        .filter(|&i| {
            describe(&replay(&records, i).unwrap(), &records[i], Lang::Ja).contains("町内会")
        })
        .map(|i| i + 1)
        .collect();
    assert!(matching.len() >= 3, "{matching:?}");

    keys(&mut p, "/");
    assert!(p.searching());
    let screen = screen_text(&mut p, 100, 30);
    assert!(screen.contains("/ 検索："), "{screen}");
    keys(&mut p, "町内会");
    key(&mut p, KeyCode::Enter);
    assert!(!p.searching());
    assert_eq!(p.position(), matching[0]);
    assert!(p.app.view.message.as_ref().unwrap().text.contains("町内会"));
    keys(&mut p, "n");
    assert_eq!(p.position(), matching[1]);
    keys(&mut p, "N");
    assert_eq!(p.position(), matching[0]);
    // Before the first match, N wraps around to the last.
    keys(&mut p, "N");
    assert_eq!(p.position(), *matching.last().unwrap());
    keys(&mut p, "n");
    assert_eq!(p.position(), matching[0], "n wraps around too");

    // No match: the replay stays where it is and says so; Esc leaves the search box.
    keys(&mut p, "/該当なしの言葉");
    key(&mut p, KeyCode::Enter);
    assert_eq!(p.position(), matching[0]);
    assert!(
        p.app
            .view
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("見つかりません")
    );
    keys(&mut p, "/x");
    key(&mut p, KeyCode::Esc);
    assert!(!p.searching());
    assert_eq!(p.position(), matching[0]);
}

#[test]
fn play_follows_the_meetings_pace_sped_up_with_long_pauses_cut_short() {
    let (mut p, records) = cats_player(Lang::En);
    assert_eq!(p.speed(), 60);
    keys(&mut p, "+");
    assert_eq!(p.speed(), 600);
    keys(&mut p, "+");
    assert_eq!(p.speed(), 600, "600× is the fastest");
    keys(&mut p, "---");
    assert_eq!(p.speed(), SPEEDS[0]);
    keys(&mut p, "+");
    assert_eq!(p.speed(), 10);

    keys(&mut p, " ");
    assert!(p.playing());
    let mut now = Instant::now();
    let mut last = 0;
    // Wake up as the event loop would, until the end.
    for _ in 0..records.len() * 2 {
        let wait = sori::tui::terminal::Tui::wakeup(&p, now).unwrap_or_default();
        assert!(
            wait <= MAX_PAUSE,
            "waits at most {MAX_PAUSE:?}, not {wait:?}"
        );
        now += wait;
        p.play_due(now);
        assert!(p.position() >= last, "playing only goes forward");
        last = p.position();
        if !p.playing() {
            break;
        }
    }
    assert_eq!(p.position(), records.len());
    assert!(!p.playing(), "stops at the end");
    assert_eq!(p.app.session(), &replay(&records, records.len()).unwrap());
    // Space at the end plays again from the start; Space pauses.
    keys(&mut p, " ");
    assert_eq!(p.position(), 0);
    assert!(p.playing());
    keys(&mut p, " ");
    assert!(!p.playing());
    assert_eq!(
        sori::tui::terminal::Tui::wakeup(&p, Instant::now()),
        None,
        "paused: sleeps until a key"
    );
}

#[test]
fn a_gap_between_events_is_scaled_by_the_speed() {
    // Two events two minutes apart: 12 s at 10×, 2 s at 60× (cut to the longest pause).
    let at = Stamp::from_unix(1_781_000_000, 9 * 3600);
    let records = vec![
        Record {
            at,
            by: None,
            from: None,
            event: title("一"),
        },
        Record {
            at: at.plus_seconds(120),
            by: None,
            from: None,
            event: title("二"),
        },
    ];
    let mut p = Player::new(App::replay(
        Timeline::new(records, Lang::Ja),
        "w.yaml".into(),
        Lang::Ja,
    ));
    key(&mut p, KeyCode::Right);
    keys(&mut p, "-");
    assert_eq!(p.speed(), 10);
    keys(&mut p, " ");
    let now = Instant::now();
    let wait = sori::tui::terminal::Tui::wakeup(&p, now).unwrap();
    assert!(wait <= MAX_PAUSE, "{wait:?}");
    keys(&mut p, "---");
    assert_eq!(p.speed(), 1);
    p.play_due(now + Duration::from_millis(100));
    assert_eq!(p.position(), 1, "not yet");
    p.play_due(now + MAX_PAUSE + Duration::from_millis(100));
    assert_eq!(p.position(), 2);
}

#[test]
fn edits_are_refused_and_say_that_a_replay_is_read_only() {
    let (mut p, records) = cats_player(Lang::Ja);
    key(&mut p, KeyCode::End);
    let before = p.app.session().clone();
    for k in ["a", "d", "u", "t", "v", "c", "s"] {
        keys(&mut p, k);
        let message = p.app.view.message.clone().unwrap();
        assert!(message.warn, "{k}");
        assert_eq!(
            message.text, "再生は読み取り専用です：変更できません",
            "{k}"
        );
    }
    key(&mut p, KeyCode::Enter);
    assert!(p.app.view.editor.is_none(), "no editor opens");
    keys(&mut p, "x");
    assert!(
        p.app
            .view
            .message
            .clone()
            .unwrap()
            .text
            .contains("sori export")
    );
    assert_eq!(p.app.session(), &before);
    assert_eq!(p.position(), records.len());
    // Looking still works: the decisions overlay opens and closes.
    keys(&mut p, "D");
    assert!(p.app.view.overlay.is_some());
    key(&mut p, KeyCode::Esc);
    assert!(p.app.view.overlay.is_none());
}

#[test]
fn the_help_lists_the_replay_keys_first_and_no_editing_keys() {
    let (mut p, _) = cats_player(Lang::En);
    key(&mut p, KeyCode::Right);
    keys(&mut p, "?");
    // Tall enough for the whole help.
    let screen = screen_text(&mut p, 120, 90);
    assert!(
        screen.contains("Typing"),
        "the end of the help is on screen:\n{screen}"
    );
    assert!(
        screen.contains("parking lot"),
        "the workshop's looking keys:\n{screen}"
    );
    let replay_at = screen.find("Replay").expect("a Replay section");
    assert!(screen.contains("one event forward"), "{screen}");
    assert!(
        screen.contains("search the events' words and jump"),
        "{screen}"
    );
    assert!(!screen.contains("Lists"), "no list editing keys:\n{screen}");
    assert!(!screen.contains("Undo and redo"), "{screen}");
    for edit in [
        "start / pause the step timer",
        "write the minutes",
        "write the step's notes",
    ] {
        assert!(!screen.contains(edit), "{edit}:\n{screen}");
    }
    let moving = screen.find("Moving").unwrap_or(usize::MAX);
    assert!(replay_at < moving, "{screen}");
}

#[test]
fn the_timeline_shows_the_event_its_time_and_the_bar_in_english() {
    let (mut p, records) = cats_player(Lang::En);
    let first_step = step_changes(&records)[0];
    p.seek(first_step);
    let screen = screen_text(&mut p, 100, 30);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines.len(), 30);
    let info = lines[28];
    let record = &records[first_step - 1];
    assert!(
        info.starts_with(&format!(
            "{first_step}/{} {}",
            records.len(),
            record.at.hm()
        )),
        "{info}"
    );
    assert!(info.contains("On to step 2"), "{info}");
    // The bar: played, here, the rest; each step change marked by its number.
    let bar = lines[29];
    assert_eq!(sori::text::width(bar), 100, "{bar}");
    assert!(bar.starts_with('1'), "{bar}");
    assert_eq!(bar.matches('●').count(), 1, "{bar}");
    assert!(bar.contains('━') && bar.contains('─'), "{bar}");
    assert!(bar.ends_with(" ‖ paused 60×"), "{bar}");
    for step in ['3', '5'] {
        assert!(bar.contains(step), "{bar}");
    }
    assert!(lines[27].contains("replay, read-only"), "{}", lines[27]);
}

// ----- Nothing is written -----

#[test]
fn replay_leaves_the_file_its_journal_and_the_folder_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cats.yaml");
    std::fs::write(
        &path,
        bundled::examples()
            .iter()
            .find(|e| e.file == "chiiki-neko.yaml")
            .unwrap()
            .yaml,
    )
    .unwrap();
    // Another sori has it open with edits in its journal (and its lock).
    let (mut doc, _) = Document::open(&path).unwrap();
    doc.commit(title("第1回（ふりかえり）"), Stamp::now())
        .unwrap();
    let before = folder(dir.path());
    assert!(before.len() >= 3, "{before:?}");

    let current = sori::store::peek::load_current(&path).unwrap();
    assert_eq!(current.from_journal, 1);
    let len = current.records.len();
    let mut p = Player::new(App::replay(
        Timeline::new(current.records, Lang::Ja),
        "cats.yaml".into(),
        Lang::Ja,
    ));
    key(&mut p, KeyCode::End);
    assert_eq!(p.position(), len);
    assert_eq!(p.app.session().meta.title, "第1回（ふりかえり）");
    keys(&mut p, "[[]/町内会");
    key(&mut p, KeyCode::Enter);
    keys(&mut p, " adxuq");
    p.play_due(Instant::now() + Duration::from_secs(60));
    screen_text(&mut p, 80, 24);
    assert!(p.app.quit);
    assert!(p.app.finish().is_ok());

    assert_eq!(folder(dir.path()), before, "nothing written, nothing added");
    drop(doc);
}

#[test]
fn the_panes_follow_what_each_event_is_about() {
    use sori::core::event::{AddItem, Event as E};
    let (mut p, records) = cats_player(Lang::Ja);
    // A purpose or challenge added to a partner in step 2: that partner and item are shown.
    let (n, add) = records
        .iter()
        .enumerate()
        .find_map(|(i, r)| match &r.event {
            E::AddItem(
                a @ AddItem {
                    list: ListRef::Party(_, PartyList::Challenges),
                    ..
                },
            ) if replay(&records, i).unwrap().meta.step == 2 => Some((i + 1, a.clone())),
            _ => None,
        })
        .unwrap();
    p.seek(n);
    let ListRef::Party(party, _) = &add.list else {
        unreachable!()
    };
    let s = p.app.session().clone();
    let shown = sori::tui::state::goal_party(&s, &p.app.view).unwrap();
    assert_eq!(&s.parties[shown].id, party);
    assert_eq!(p.app.view.sel.goal_list, 1, "the challenges");
    let items = &s.parties[shown].challenges;
    assert_eq!(items[p.app.view.sel.goal_item].id, add.id);
    assert!(screen_text(&mut p, 100, 30).contains(&s.parties[shown].name));

    // A benefit written in the 相利評価表 of the second activity: that activity and row.
    let (n, activity, row_party) = records
        .iter()
        .enumerate()
        .find_map(|(i, r)| match &r.event {
            E::SetText(SetText {
                field: TextField::Benefit(a, party),
                ..
            }) if replay(&records, i)
                .unwrap()
                .activities
                .first()
                .map(|x| &x.id)
                != Some(a) =>
            {
                Some((i + 1, a.clone(), party.clone()))
            }
            _ => None,
        })
        .unwrap();
    p.seek(n);
    let s = p.app.session().clone();
    let a = &s.activities[p.app.view.sel.activity];
    assert_eq!(a.id, activity);
    assert_eq!(a.participants[p.app.view.sel.table_row].party, row_party);
    let screen = screen_text(&mut p, 120, 36);
    assert!(
        screen.contains(&format!("相利評価表 — {}", a.title)),
        "{screen}"
    );
}

#[test]
fn a_click_on_the_bar_goes_there() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let (mut p, records) = cats_player(Lang::En);
    screen_text(&mut p, 100, 30);
    let click = |column| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row: 29,
            modifiers: KeyModifiers::NONE,
        })
    };
    p.handle_event(click(0));
    assert_eq!(p.position(), 0);
    p.handle_event(click(40));
    let screen = screen_text(&mut p, 100, 30);
    let bar = screen.lines().nth(29).unwrap();
    assert_eq!(bar.chars().position(|c| c == '●'), Some(40), "{bar}");
    assert!(p.position() > records.len() / 3, "{}", p.position());
    assert_eq!(p.app.session(), &replay(&records, p.position()).unwrap());
    // The rightmost cell of the bar is the end.
    let end = bar.chars().position(|c| c == ' ').unwrap() as u16 - 1;
    p.handle_event(click(end));
    assert_eq!(p.position(), records.len());
}
