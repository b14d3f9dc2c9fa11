//! A panic in the middle of a meeting, in the real (release, under the reliability report)
//! binary in a pseudo-terminal, raised by a test hook (see `sori::tui::terminal` and
//! `sori::store::faults`) where the facilitator's key is read (`SORI_TEST_PANIC_AT_KEY=N`, the
//! Nth key, before sori acts on it), inside a commit (`SORI_TEST_FAULTS=panic:commit.applied:N`:
//! the change applied, not yet in the journal), inside a save (`panic:save.before-rename:1`: the
//! new file written, not yet in place) and inside a draw (`SORI_TEST_PANIC_AT_DRAW=TEXT`: the
//! first frame showing TEXT). Then the terminal must be as it was before sori (raw mode off,
//! the main screen, no mouse reporting, no bracketed paste, the cursor shown), the panic's
//! message readable on it, and reopening the session must give back every edit that was made,
//! in its exact words, and nothing of the edit in flight.
//!
//! `cargo test` runs every case; the reliability report runs `panic_report` (release build)
//! and prints the `R8` line.

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use pty::{Launch, Term};
use sori::core::Record;
use sori::core::event::Event;
use sori::store::{Document, Notice};
use sori::tui::terminal::{PANIC_AT_DRAW, PANIC_AT_KEY};
use vt100::{MouseProtocolEncoding, MouseProtocolMode};

/// What the facilitator does, through the keys a facilitator uses.
#[derive(Clone, Copy, Debug)]
enum Do {
    /// `a`, the text, Enter: one item added to the list in focus.
    Add(&'static str),
    /// One key that makes one edit of the given kind (`3`: `set_step`, `t`: `set_timer`).
    Edit(&'static str, &'static str),
    /// One key that changes nothing in the session (an overlay, a move); then the screen
    /// shows the text.
    Key(&'static str, &'static str),
}

impl Do {
    /// How many key presses sori reads for it (a character is one, whatever its width).
    fn keys(self) -> usize {
        match self {
            Do::Add(text) => 1 + text.chars().count() + 1,
            Do::Edit(..) | Do::Key(..) => 1,
        }
    }

    fn edits(self) -> usize {
        match self {
            Do::Key(..) => 0,
            Do::Add(_) | Do::Edit(..) => 1,
        }
    }

    /// Whether `record` is this edit, made as it was typed.
    fn made(self, record: &Record) -> bool {
        match self {
            Do::Add(text) => added_text(&record.event) == Some(text),
            // A step further than before is a batch: the step and how far the meeting got.
            Do::Edit(_, kind) => match &record.event {
                Event::Batch(events) => events.iter().any(|e| e.key() == kind),
                event => event.key() == kind,
            },
            Do::Key(..) => false,
        }
    }
}

/// The text of a new item, activity, decision, party, action or idea.
fn added_text(event: &Event) -> Option<&str> {
    Some(match event {
        Event::AddItem(e) => &e.text,
        Event::AddActivity(e) => &e.activity.title,
        Event::AddParty(e) => &e.party.name,
        Event::AddAction(e) => &e.action.what,
        Event::AddIdea(e) => &e.idea.name,
        _ => return None,
    })
}

/// What is going on when the panic comes.
#[derive(Clone, Copy, Debug)]
enum InFlight {
    /// `a`, then `typed` (waited for in the editor), then `rest`: the panic comes on the
    /// first character of `rest`, nothing of it saved.
    Typing {
        typed: &'static str,
        rest: &'static str,
    },
    /// The panic comes on this key, before sori acts on it.
    Key(&'static str),
    /// `a`, the text, Enter: the panic comes inside the commit of this text, nothing of it
    /// saved.
    Committing(&'static str),
    /// The last edit (a step change) is made; the panic comes inside the save that follows.
    Saving,
    /// The last edit is made; the panic comes while the frame showing this is drawn.
    Drawing(&'static str),
}

struct Case {
    /// Where the panic comes, in words for the report.
    place: &'static str,
    edits: &'static [Do],
    in_flight: InFlight,
}

/// Step 1 opens on the host's purposes; step 3 on the joint activities.
const IN_THE_EDITOR: Case = Case {
    place: "typing a new activity",
    edits: &[
        Do::Add("野良猫のトラブルを減らしたい"),
        Do::Add("ｶﾞｲﾄﾞﾌﾞｯｸを配ってふん害を減らす🐈"),
        Do::Add("餌やりさんと顔の見える関係をつくる😊"),
        Do::Edit("3", "set_step"),
        Do::Add("ＴＮＲ（不妊去勢手術）を町内会と共同で"),
        Do::Add("ﾄｲﾚ設置と清掃当番👨\u{200d}👩\u{200d}👧"),
    ],
    in_flight: InFlight::Typing {
        typed: "見守り",
        rest: "カメラを設置📷",
    },
};

const CASES: &[Case] = &[
    IN_THE_EDITOR,
    Case {
        place: "inside a commit",
        edits: &[Do::Add("見守り当番を決めたい"), Do::Add("ｶﾞｲﾄﾞﾌﾞｯｸを配る📖")],
        in_flight: InFlight::Committing("コミットの途中で落ちる目的"),
    },
    Case {
        place: "inside a save",
        edits: &[
            Do::Add("空き家を居場所にしたい🏠"),
            Do::Add("子ども食堂を週1回"),
            // The step change folds the journal: the panic comes in that save.
            Do::Edit("]", "set_step"),
        ],
        in_flight: InFlight::Saving,
    },
    Case {
        place: "inside a draw",
        edits: &[
            Do::Add("高齢者の見守りを続けたい"),
            Do::Add("ﾎﾞﾗﾝﾃｨｱを増やしたい🙏"),
            Do::Add("商店街と一緒に"),
        ],
        in_flight: InFlight::Drawing("目的 (3)"),
    },
    Case {
        place: "moving in a list",
        edits: &[
            Do::Add("子どもが安心して集まれる場所"),
            Do::Edit("t", "set_timer"),
            Do::Add("ﾎﾞﾗﾝﾃｨｱの負担を軽くしたい🙏"),
            Do::Key("k", "目的 (2)"),
        ],
        in_flight: InFlight::Key("k"),
    },
    Case {
        place: "typing a decision",
        edits: &[
            Do::Add("高齢者の見守りを続けたい"),
            Do::Key("D", "決定事項"),
            Do::Add("次回は公民館で開く📅"),
        ],
        in_flight: InFlight::Typing {
            // (vt100 draws a half-width ﾞ apart from its kana: ｶ ﾞ; none in what is waited for.)
            typed: "ｻﾏｰ",
            rest: "ﾌｪｽﾀﾞを秋に🍂",
        },
    },
    Case {
        place: "changing step",
        edits: &[
            Do::Add("空き家を地域の居場所にしたい🏠"),
            Do::Add("ｶﾌｪの売上で家賃を払う"),
            Do::Edit("t", "set_timer"),
        ],
        in_flight: InFlight::Key("]"),
    },
];

/// What one case found.
struct Outcome {
    /// sori ended with Rust's exit code for a panic and the message on the screen.
    panicked: bool,
    /// No mode sori turns on was still on.
    restored: bool,
    /// Edits made (each seen in the journal before the panic).
    edits: usize,
    /// Edits not found, in their exact words, after reopening.
    lost: usize,
}

fn records_now(path: &Path) -> usize {
    sori::store::peek::load_current(path).map_or(0, |c| c.records.len())
}

/// Wait until the session's history (file and journal, as sori wrote them) holds `len`
/// records: the edit is committed.
fn wait_committed(t: &mut Term, path: &Path, len: usize) {
    let start = Instant::now();
    while records_now(path) != len {
        assert!(
            start.elapsed() < pty::TIMEOUT,
            "waited for {len} records, the session has {}; the screen is:\n{}",
            records_now(path),
            t.text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The modes sori turns on that are still on: none once the terminal is put back.
fn still_on(t: &Term) -> Vec<&'static str> {
    t.modes_left_on()
}

/// Run one case: a new session, the edits, the panic; check the terminal and reopen.
fn run_case(case: &Case) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    let before: usize = case.edits.iter().map(|d| d.keys()).sum();
    let edits_before = case.edits.iter().map(|d| d.edits()).sum::<usize>();
    let (hook, plan, message) = match case.in_flight {
        InFlight::Typing { typed, .. } => {
            let at = before + 1 + typed.chars().count() + 1;
            (PANIC_AT_KEY, at.to_string(), None)
        }
        InFlight::Key(_) => (PANIC_AT_KEY, (before + 1).to_string(), None),
        InFlight::Committing(_) => (
            "SORI_TEST_FAULTS",
            format!("panic:commit.applied:{}", edits_before + 1),
            Some("SORI_TEST_FAULTS: the panic asked for, at commit.applied".to_string()),
        ),
        InFlight::Saving => (
            "SORI_TEST_FAULTS",
            "panic:save.before-rename:1".to_string(),
            Some("SORI_TEST_FAULTS: the panic asked for, at save.before-rename".to_string()),
        ),
        InFlight::Drawing(text) => (
            PANIC_AT_DRAW,
            text.to_string(),
            Some(format!("{PANIC_AT_DRAW}={text}: the panic asked for")),
        ),
    };
    let message = message.unwrap_or_else(|| format!("{hook}={plan}: the panic asked for"));
    let mut t = Launch::new(dir.path())
        .args(&[
            "new",
            "w.yaml",
            "--title",
            "地域の語り合い",
            "--host",
            "NPO さくら",
            "--party",
            "町内会",
            "--party",
            "社会福祉協議会",
            "--lang",
            "ja",
        ])
        .env(hook, &plan)
        // The message on one screen, without a backtrace.
        .env("RUST_BACKTRACE", "0")
        .spawn();
    t.wait_for("目的 (0)");
    // Every mode is on while sori runs: the checks after the panic can see them.
    let running = t.screen();
    assert!(running.alternate_screen());
    assert_eq!(
        running.mouse_protocol_mode(),
        MouseProtocolMode::PressRelease
    );
    assert_eq!(
        running.mouse_protocol_encoding(),
        MouseProtocolEncoding::Sgr
    );
    assert!(running.bracketed_paste());
    assert!(!t.cooked(), "raw mode while sori runs");

    let base = records_now(&path);
    assert!(base > 0, "sori new wrote the session");
    let mut made = 0;
    for &d in case.edits {
        match d {
            Do::Add(text) => {
                t.send("a");
                t.wait_for("追加：");
                t.send(text);
                t.send("\r");
            }
            Do::Edit(key, _) => t.send(key),
            Do::Key(key, shows) => {
                t.send(key);
                t.wait_for(shows);
            }
        }
        made += d.edits();
        wait_committed(&mut t, &path, base + made);
    }
    let in_flight = match case.in_flight {
        InFlight::Typing { typed, rest } => {
            t.send("a");
            t.wait_for("追加：");
            t.send(typed);
            // In the middle of an edit: what is typed so far is in the editor, not saved.
            t.wait_for(typed);
            t.send(rest);
            Some(format!("{typed}{}", rest.chars().next().unwrap()))
        }
        InFlight::Key(key) => {
            t.send(key);
            None
        }
        InFlight::Committing(text) => {
            t.send("a");
            t.wait_for("追加：");
            t.send(text);
            t.send("\r");
            Some(text.to_string())
        }
        // The last edit already set it off.
        InFlight::Saving | InFlight::Drawing(_) => None,
    };

    let status = t.wait_exit();
    // Rust's exit code for a panic, and the message on the main screen, each line from the
    // left margin: readable.
    let said = t.row_with("panicked at").zip(t.row_with(&message));
    let panicked = status.signal().is_none()
        && status.exit_code() == 101
        && said
            .as_ref()
            .is_some_and(|((above_row, above), (row, line))| {
                above.starts_with("thread 'main' panicked at ")
                    && line.starts_with(&message)
                    && above_row + 1 == *row
            });
    assert!(
        panicked,
        "{}: {status:?}; the screen is:\n{}",
        case.place,
        t.text()
    );
    let still_on = still_on(&t);
    assert_eq!(still_on, [] as [&str; 0], "{}: still on", case.place);
    drop(t);

    // Reopening: the journal's edits recovered, the file then complete.
    let (_, in_file) = sori::store::load(&path).unwrap();
    let (doc, notices) = Document::open(&path).unwrap();
    let records = doc.all_records().unwrap();
    let in_journal = records.len() - in_file.len();
    if in_journal > 0 {
        assert_eq!(
            notices,
            [Notice::Recovered { edits: in_journal }],
            "{}",
            case.place
        );
    } else {
        assert_eq!(notices, [], "{}", case.place);
    }
    let session = doc.session().clone();
    drop(doc);
    let (reloaded, reloaded_records) = sori::store::load(&path).unwrap();
    assert_eq!(
        reloaded, session,
        "{}: the file holds what was recovered",
        case.place
    );
    assert_eq!(reloaded_records, records);

    // Every edit, in order and in its exact words; nothing after them.
    let ours = &records[base..];
    let edits: Vec<Do> = case
        .edits
        .iter()
        .copied()
        .filter(|d| d.edits() > 0)
        .collect();
    let lost = edits
        .iter()
        .enumerate()
        .filter(|(i, d)| !ours.get(*i).is_some_and(|r| d.made(r)))
        .count();
    assert_eq!(lost, 0, "{}: {ours:#?}", case.place);
    assert_eq!(
        ours.len(),
        made,
        "{}: only the edits made: {ours:#?}",
        case.place
    );
    // What was added is in the session; what was being typed is not.
    for d in &edits {
        if let Do::Add(text) = d {
            assert!(holds_text(&reloaded, text), "{}: {text}", case.place);
        }
    }
    if let Some(partial) = in_flight {
        assert!(
            !holds_text(&reloaded, &partial),
            "{}: {partial}",
            case.place
        );
    }
    Outcome {
        panicked,
        restored: still_on.is_empty(),
        edits: made,
        lost,
    }
}

/// Whether a party's purposes, challenges or strengths, an activity or a decision is `text`.
fn holds_text(session: &sori::core::session::Session, text: &str) -> bool {
    let parties = session.parties.iter().flat_map(|p| {
        p.purposes
            .iter()
            .chain(&p.challenges)
            .chain(&p.strengths)
            .map(|i| i.text.as_str())
    });
    let activities = session.activities.iter().map(|a| a.title.as_str());
    let decisions = session.decisions.iter().map(|i| i.text.as_str());
    parties
        .chain(activities)
        .chain(decisions)
        .any(|t| t == text)
}

/// Every case, each its own test.
macro_rules! each_case {
    ($($name:ident = $index:expr),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let case = &CASES[$index];
                let outcome = run_case(case);
                assert!(outcome.panicked && outcome.restored, "{}", case.place);
                assert_eq!(outcome.lost, 0, "{}", case.place);
                assert!(outcome.edits > 0, "{}", case.place);
            }
        )*
        #[test]
        fn every_case_is_a_test() {
            assert_eq!([$($index),*].len(), CASES.len());
        }
    };
}

each_case!(
    a_panic_while_typing_restores_the_terminal_and_loses_no_edit = 0,
    a_panic_inside_a_commit_loses_only_that_edit = 1,
    a_panic_inside_a_save_loses_nothing = 2,
    a_panic_inside_a_draw_loses_nothing = 3,
    a_panic_while_moving_in_a_list_loses_nothing = 4,
    a_panic_while_typing_a_decision_loses_nothing = 5,
    a_panic_on_a_step_change_loses_nothing = 6,
);

/// The checks are not blind: a sori killed with SIGKILL (nothing runs, no hook) leaves the
/// terminal raw, on the alternate screen, with the mouse and paste modes on, and they see it.
#[test]
fn a_killed_sori_leaves_a_raw_terminal_which_the_checks_see() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(
        dir.path(),
        &["new", "w.yaml", "--title", "t", "--lang", "ja"],
    );
    t.wait_for("関係者 (0)");
    t.kill();
    let status = t.wait_exit();
    assert!(status.signal().is_some(), "{status:?}");
    let on = still_on(&t);
    for mode in [
        "the alternate screen",
        "mouse reporting",
        "the SGR mouse encoding",
        "bracketed paste",
        "raw mode",
    ] {
        assert!(on.contains(&mode), "{mode} not seen: {on:?}");
    }
}

/// The `R8` line of the reliability report.
#[test]
#[ignore = "run by scripts/reliability-report"]
fn panic_report() {
    let (mut panics, mut restored, mut edits, mut lost) = (0, 0, 0, 0);
    for case in CASES {
        let outcome = run_case(case);
        panics += usize::from(outcome.panicked);
        restored += usize::from(outcome.restored);
        edits += outcome.edits;
        lost += outcome.lost;
    }
    let places: Vec<&str> = CASES.iter().map(|c| c.place).collect();
    let ok = panics == CASES.len() && restored == panics && lost == 0;
    println!(
        "R8 panic: {panics} panics ({}), terminal restored {restored} of {panics} times (raw mode, alternate screen, mouse, paste, cursor), {lost} of {edits} edits lost {}",
        places.join(", "),
        if ok { "ok" } else { "FAILED" }
    );
}
