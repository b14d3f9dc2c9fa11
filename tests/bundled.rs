//! The bundled example sessions: the committed files are exactly what the scripts produce, they
//! load, their histories replay to their states, and they hold what a real two-hour meeting
//! would leave behind.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use sori::core::checks::{Warning, warnings};
use sori::core::event::Event;
use sori::core::history::{By, Record, replay};
use sori::core::session::{Achieved, DEFAULT_TIMEBOX_MIN, PartyList, Session, TextField};
use sori::store::load;

#[path = "../examples/scripts/mod.rs"]
mod scripts;

const REGENERATE: &str = "run `cargo run --example make_sessions` to rewrite sessions/*.yaml from \
                          examples/scripts/, then review and commit the files";

fn sessions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions")
}

fn committed_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(sessions_dir())
        .expect("sessions/ exists")
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    files.sort();
    files
}

/// Every bundled example, loaded from its committed file.
fn loaded() -> Vec<(String, Session, Vec<Record>)> {
    committed_files()
        .into_iter()
        .map(|file| {
            let (session, records) = load(&sessions_dir().join(&file))
                .unwrap_or_else(|e| panic!("{file} does not load: {e}"));
            (file, session, records)
        })
        .collect()
}

#[test]
fn committed_files_are_what_the_scripts_produce() {
    let generated = scripts::all();
    let mut names: Vec<String> = generated.iter().map(|g| g.file.to_string()).collect();
    names.sort();
    assert_eq!(
        committed_files(),
        names,
        "sessions/ holds other files than the scripts make; {REGENERATE}"
    );
    for g in &generated {
        let path = sessions_dir().join(g.file);
        let committed = std::fs::read_to_string(&path).expect("the file reads");
        let fresh = g.yaml();
        if committed != fresh {
            let line = committed
                .lines()
                .zip(fresh.lines())
                .position(|(a, b)| a != b)
                .map(|i| i + 1)
                .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()) + 1);
            panic!(
                "sessions/{} differs from its script from line {line} on; {REGENERATE}",
                g.file
            );
        }
    }
}

#[test]
fn the_binary_bundles_every_example_in_order_japanese_first() {
    let generated = scripts::all();
    let bundled = sori::bundled::examples();
    let bundled_files: Vec<&str> = bundled.iter().map(|e| e.file).collect();
    let generated_files: Vec<&str> = generated.iter().map(|g| g.file).collect();
    assert_eq!(bundled_files, generated_files);
    for (example, g) in bundled.iter().zip(&generated) {
        assert!(
            example.yaml == g.yaml(),
            "the bundled {} is stale; {REGENERATE}",
            example.file
        );
    }
    let langs: Vec<&str> = generated
        .iter()
        .map(|g| g.session.meta.lang.code())
        .collect();
    let first_english = langs
        .iter()
        .position(|l| *l == "en")
        .expect("one in English");
    assert!(
        langs[first_english..].iter().all(|l| *l == "en"),
        "Japanese examples come first: {langs:?}"
    );
    assert!(langs.iter().filter(|l| **l == "ja").count() >= 3);
}

#[test]
fn every_history_replays_to_its_state_in_time_order() {
    for (file, session, records) in loaded() {
        let replayed = replay(&records, records.len())
            .unwrap_or_else(|(i, e)| panic!("{file}: record {} does not apply: {e}", i + 1));
        assert!(
            replayed == session,
            "{file}: the history does not replay to the state"
        );
        for pair in records.windows(2) {
            assert!(
                pair[1].at.seconds_since(&pair[0].at) >= 0,
                "{file}: history goes back in time at {}",
                pair[1].at
            );
        }
        let start = session.meta.start.expect("a start time");
        let first = records.first().expect("a history").at;
        let last = records.last().expect("a history").at;
        assert!(
            start.seconds_since(&first) > 0 && start.seconds_since(&first) < 3600,
            "{file}: the session is set up shortly before it starts"
        );
        let length = last.seconds_since(&start);
        assert!(
            (90 * 60..=150 * 60).contains(&length),
            "{file}: a meeting of about two hours, found {} minutes",
            length / 60
        );
    }
}

#[test]
fn ids_are_unique_and_of_their_kind() {
    for (file, session, _) in loaded() {
        let mut seen = HashSet::new();
        for (id, path) in session.all_ids() {
            assert!(seen.insert(id.clone()), "{file}: {id} twice ({path})");
            // `parties[2].id` is a party's own id, `parties[2].purposes[0].id` an item's.
            let own = path.matches('.').count() == 1;
            let want = match path.split('[').next().unwrap_or("") {
                "parties" if own => 'p',
                "activities" if own => 'a',
                "action_items" => 't',
                "expansion" => 'x',
                _ => 'i',
            };
            assert_eq!(id.prefix(), want, "{file}: {id} at {path}");
            assert!(
                id.number() < session.next_id,
                "{file}: {id} not below next_id"
            );
        }
    }
}

/// What a facilitator would have on screen at the end of the meeting.
#[test]
fn every_example_is_a_full_meeting() {
    for (file, s, records) in loaded() {
        let m = &s.meta;
        assert!(!m.title.is_empty() && !m.venue.is_empty() && !m.facilitator.is_empty());
        assert!(!m.next.is_empty(), "{file}: next meeting");
        let start = m.start.expect("start");
        let offset = if m.lang.code() == "ja" { 9 * 3600 } else { 0 };
        assert_eq!(
            start.offset_seconds(),
            offset,
            "{file}: local time of the room"
        );
        assert!(s.host().is_some(), "{file}: a host");

        assert!((4..=8).contains(&s.parties.len()), "{file}: 4 to 8 parties");
        let complete = s
            .parties
            .iter()
            .filter(|p| {
                !p.kind.is_empty()
                    && !p.representatives.is_empty()
                    && !p.purposes.is_empty()
                    && !p.challenges.is_empty()
                    && !p.strengths.is_empty()
            })
            .count();
        assert!(
            complete >= 4,
            "{file}: {complete} parties with purposes, challenges, strengths"
        );

        let mutual = s
            .activities
            .iter()
            .filter(|a| {
                a.participants.len() >= 2
                    && a.participants.iter().all(|p| {
                        let linked = !p.purposes.is_empty() || !p.challenges.is_empty();
                        !p.role.is_empty() && !p.benefit.is_empty() && linked
                    })
            })
            .count();
        assert!(
            mutual >= 2,
            "{file}: {mutual} activities with a role and a benefit for all"
        );
        assert!(
            s.activities.iter().all(|a| a.lead.is_some()),
            "{file}: leads"
        );
        assert!(
            s.activities.iter().any(|a| a.votes > 0),
            "{file}: dot votes"
        );
        assert!(
            s.activities
                .iter()
                .any(|a| a.coop == sori::core::session::Coop::Mutual),
            "{file}: a 相利 activity"
        );

        assert!(s.decisions.len() >= 2, "{file}: decisions");
        assert!(s.action_items.len() >= 3, "{file}: action items");
        assert!(
            s.action_items
                .iter()
                .all(|t| !t.who.is_empty() && !t.due.is_empty()),
            "{file}: every action has who and when"
        );
        assert!(
            s.action_items.iter().any(|t| t.done),
            "{file}: some action done"
        );
        assert!(!s.parking_lot.is_empty(), "{file}: parking lot");
        assert!(s.expansion.len() >= 2, "{file}: step 5 ideas");

        let visited: Vec<usize> = m
            .steps
            .iter()
            .enumerate()
            .filter(|(_, st)| st.spent_sec > 0)
            .map(|(i, _)| i + 1)
            .collect();
        assert!(
            visited.len() >= 3,
            "{file}: time spent in steps {visited:?}"
        );
        assert!(m.steps.iter().all(|st| st.running_since.is_none()));
        assert!(m.steps.iter().filter(|st| !st.notes.is_empty()).count() >= 3);
        assert!(
            m.steps
                .iter()
                .zip(DEFAULT_TIMEBOX_MIN)
                .any(|(st, default)| st.timebox_min != default),
            "{file}: timeboxes set for this meeting"
        );

        let has = |pred: &dyn Fn(&Record) -> bool| records.iter().any(pred);
        assert!(
            has(&|r| sori::replay::describe::step_set(&r.event).is_some()),
            "{file}: step changes"
        );
        // As sori records them now: how far the meeting got, and the kinds of benefit.
        assert!(m.reached >= 3, "{file}: reached {}", m.reached);
        assert!(
            s.activities
                .iter()
                .flat_map(|a| &a.participants)
                .any(|p| !p.benefit_kinds.is_empty()),
            "{file}: kinds of benefit"
        );
        assert!(
            has(&|r| matches!(r.event, Event::SetTimer(_))),
            "{file}: timer"
        );
        assert!(has(&|r| r.by == Some(By::Undo)), "{file}: an undo");
        assert!(
            records.iter().enumerate().any(|(i, r)| match &r.event {
                // A correction: an item or a name set again after it was written.
                Event::SetText(e) if r.by.is_none() => match &e.field {
                    TextField::Item(id) => records[..i].iter().any(|q| match &q.event {
                        Event::AddItem(a) => &a.id == id,
                        _ => false,
                    }),
                    TextField::PartyName(_) | TextField::Venue => true,
                    _ => false,
                },
                _ => false,
            }),
            "{file}: a typo corrected"
        );
    }
}

#[test]
fn follow_up_meetings_evaluate_and_review_the_swot() {
    for (file, s, _) in loaded() {
        let evaluated = s
            .activities
            .iter()
            .flat_map(|a| &a.participants)
            .filter(|p| {
                p.evaluation.achieved != Achieved::NotYet || !p.evaluation.comment.is_empty()
            })
            .count();
        let improved = s
            .activities
            .iter()
            .filter(|a| !a.improvements.is_empty())
            .count();
        match file.as_str() {
            "park-nagaike.yaml" | "kamaishi-forestry.yaml" => {
                assert!(evaluated >= 10, "{file}: step 4 evaluations");
                assert!(improved >= 2, "{file}: improvements");
                assert!(s.meta.steps[3].spent_sec > 0, "{file}: time in step 4");
                let kinds: HashSet<Achieved> = s
                    .activities
                    .iter()
                    .flat_map(|a| &a.participants)
                    .map(|p| p.evaluation.achieved)
                    .collect();
                assert!(kinds.contains(&Achieved::Yes) && kinds.contains(&Achieved::Partly));
            }
            _ => assert_eq!(
                evaluated, 0,
                "{file}: a first meeting evaluates nothing yet"
            ),
        }
    }
    let (_, kamaishi, _) = loaded()
        .into_iter()
        .find(|(f, _, _)| f == "kamaishi-forestry.yaml")
        .expect("the Kamaishi example");
    let swot: Vec<&str> = kamaishi
        .parties
        .iter()
        .filter(|p| {
            [
                PartyList::Weaknesses,
                PartyList::Opportunities,
                PartyList::Threats,
            ]
            .iter()
            .all(|l| !p.list(*l).is_empty())
        })
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(swot, ["釜石市社会福祉協議会", "釜石地方森林組合"]);
}

/// The 相利 checks have something to show in one example, and only there.
#[test]
fn deliberate_warnings_only_in_the_community_cats_example() {
    for (file, s, _) in loaded() {
        let found = warnings(&s);
        if file != "chiiki-neko.yaml" {
            assert!(found.is_empty(), "{file}: unexpected warnings {found:?}");
            continue;
        }
        let described: Vec<String> = found
            .iter()
            .map(|w| match w {
                Warning::OneSided { activity, party } => format!(
                    "one-sided: {} in {}",
                    s.party_name(party),
                    s.activity(activity).expect("activity").title
                ),
                Warning::UnservedPurpose { party, purpose } => format!(
                    "unserved: {} / {}",
                    s.party_name(party),
                    s.item(purpose).expect("purpose").text
                ),
                Warning::FewParties { activity, count } => {
                    format!("few parties: {activity} ({count})")
                }
            })
            .collect();
        assert_eq!(
            described,
            [
                "one-sided: さくら動物病院 in TNR（捕獲・不妊去勢・元の場所へ）を地区で一斉に",
                "unserved: 中央保健所 生活衛生課 / 多頭飼育の問題を早く見つけたい",
            ]
        );
    }
}
