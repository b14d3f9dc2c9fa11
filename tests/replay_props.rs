//! The history is the truth: over random editing runs (plausible events against the current
//! state, random invalid ones, batches, undo and redo), replaying the history from an empty
//! session gives exactly the state; the file and the journal carry state and history
//! unchanged; and seeking anywhere in the history gives the state after that many events, in
//! a timeline made of the whole history or read from its file beside the first screen.

use std::path::Path;

use proptest::prelude::*;

use sori::core::event::*;
use sori::core::history::replay;
use sori::core::places::ItemPlaces;
use sori::core::{
    Achieved, ActionItem, Activity, BenefitKind, Coop, Cursor, Disclosure, Event, History, Id,
    Idea, IdeaKind, Item, Lang, ListRef, MeetingList, Participant, Party, PartyList, Previous,
    PreviousAction, Record, STEPS, Session, Stamp, Status, TextField, apply, prefix,
};
use sori::core::{apply_indexed, apply_inverse};
use sori::replay::{Preview, Timeline};
use sori::store::journal::{JournalWriter, read_journal_file};
use sori::store::{parse, to_yaml};

/// Random numbers from which one event is built against whatever the session holds then.
#[derive(Clone, Debug)]
struct Gen {
    kind: u8,
    a: usize,
    b: usize,
    c: usize,
    flag: bool,
    text: String,
}

#[derive(Clone, Debug)]
enum Step {
    Commit(Gen),
    Batch(Vec<Gen>),
    Undo,
    Redo,
}

/// Text as people type it, text that stresses YAML (brackets, colons, quotes, block scalar
/// markers, line breaks, indentation), long notes that look deeply nested, and any Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z 野良猫町内会保健所ｶﾞｷﾞ🐈\u{301}、。]{0,16}",
        2 => "[\\[\\]{}\\-:#|>'\"*&!%@`,? \n\tab]{0,40}",
        1 => "(\\[|\\{|- |\n| |\\[){150,300}",
        1 => (100usize..200).prop_map(|n| (0..n).map(|i| format!("{}- k:\n", " ".repeat(i))).collect()),
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
}

/// The kinds of event `build` makes, weighted so that sessions grow parties, goals and
/// activities for the other events to work on.
const KINDS: &[u8] = &[
    0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9, 9, 10, 10, 10, 10, 11, 12, 13, 14, 14,
    15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 20, 20, 20, 20, 21, 21, 21, 22, 23, 23, 24, 25,
    26, 27, 28, 29, 30, 31, 32, 33, 33, 33,
];

fn one_event() -> impl Strategy<Value = Gen> {
    (
        prop::sample::select(KINDS),
        0usize..64,
        0usize..64,
        0usize..64,
        any::<bool>(),
        text(),
    )
        .prop_map(|(kind, a, b, c, flag, text)| Gen {
            kind,
            a,
            b,
            c,
            flag,
            text,
        })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => one_event().prop_map(Step::Commit),
        2 => prop::collection::vec(one_event(), 0..5).prop_map(Step::Batch),
        3 => Just(Step::Undo),
        2 => Just(Step::Redo),
    ]
}

fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(step(), 0..max)
}

/// One in eight picks names nothing in the session (or a thing of the wrong kind).
fn pick_id(ids: Vec<Id>, n: usize, missing: &str) -> Id {
    if ids.is_empty() || n % 8 == 7 {
        missing.parse().unwrap()
    } else {
        ids[n % ids.len()].clone()
    }
}

fn party(s: &Session, n: usize) -> Id {
    pick_id(s.parties.iter().map(|p| p.id.clone()).collect(), n, "p999")
}

fn activity(s: &Session, n: usize) -> Id {
    pick_id(
        s.activities.iter().map(|a| a.id.clone()).collect(),
        n,
        "a999",
    )
}

fn action(s: &Session, n: usize) -> Id {
    pick_id(
        s.action_items.iter().map(|t| t.id.clone()).collect(),
        n,
        "t999",
    )
}

fn idea(s: &Session, n: usize) -> Id {
    pick_id(
        s.expansion.iter().map(|x| x.id.clone()).collect(),
        n,
        "x999",
    )
}

fn any_id(s: &Session, n: usize) -> Id {
    pick_id(
        s.all_ids().into_iter().map(|(id, _)| id.clone()).collect(),
        n,
        "z1",
    )
}

fn item(s: &Session, n: usize) -> Id {
    pick_id(
        s.all_ids()
            .into_iter()
            .filter(|(id, _)| id.prefix() == prefix::ITEM)
            .map(|(id, _)| id.clone())
            .collect(),
        n,
        "i999",
    )
}

/// A fresh id for a new thing; one in ten reuses an existing id (of any kind) instead.
fn new_id(s: &Session, kind: char, offset: u64, g: &Gen) -> Id {
    if g.c % 10 == 9 && !s.all_ids().is_empty() {
        any_id(s, g.a)
    } else {
        Id::new(kind, s.next_id + offset)
    }
}

/// A position: at the end, anywhere in the list, or now and then one past the end (refused).
fn index(g: &Gen, len: usize) -> Option<usize> {
    match (g.flag, g.c % 10) {
        (false, _) => None,
        (true, 0) => Some(len + 1),
        (true, c) => Some(c % (len + 1)),
    }
}

/// An optional reference to an activity: none when there is none (or one time in three).
fn maybe_activity(s: &Session, g: &Gen) -> Option<Id> {
    (!s.activities.is_empty() && !g.b.is_multiple_of(3)).then(|| activity(s, g.a))
}

fn list_ref(s: &Session, g: &Gen) -> ListRef {
    match g.b % 11 {
        7 => ListRef::Improvements(activity(s, g.a)),
        8 => ListRef::Decisions,
        9 => ListRef::ParkingLot,
        10 => ListRef::Meeting(MeetingList::ALL[g.c % MeetingList::ALL.len()]),
        l => ListRef::Party(party(s, g.a), PartyList::ALL[l]),
    }
}

fn text_field(s: &Session, g: &Gen) -> TextField {
    use TextField::*;
    let p = || party(s, g.a);
    let a = || activity(s, g.a);
    let participant = || {
        s.activity(&a())
            .and_then(|act| act.participants.get(g.c % act.participants.len().max(1)))
            .map(|part| part.party.clone())
            .unwrap_or_else(p)
    };
    match g.b % 18 {
        0 => Title,
        1 => Venue,
        2 => Facilitator,
        3 => NextVenue,
        4 => StepNotes((g.c % 6) as u8 + 1),
        5 => PartyName(p()),
        6 => PartyKind(p()),
        7 => Item(item(s, g.a)),
        8 => ActivityTitle(a()),
        9 => ActivityDescription(a()),
        10 => Role(a(), participant()),
        11 => Benefit(a(), participant()),
        12 => EvaluationComment(a(), participant()),
        13 => ActionWhat(action(s, g.a)),
        14 => ActionWho(action(s, g.a)),
        15 => ActionDue(action(s, g.a)),
        16 => IdeaName(idea(s, g.a)),
        _ => IdeaWhy(idea(s, g.a)),
    }
}

fn stamp(n: usize) -> Stamp {
    let offsets = [9 * 3600, 0, -5 * 3600 - 1800, 13 * 3600 + 2700];
    Stamp::from_unix(1_800_000_000 + n as i64 * 37, offsets[n % offsets.len()])
}

/// A row of an activity's 相利評価表: the activity and one of its parties (or any party).
fn row(s: &Session, g: &Gen) -> (Id, Id) {
    let a = activity(s, g.a);
    let p = s
        .activity(&a)
        .and_then(|x| x.participants.get(g.b % x.participants.len().max(1)))
        .map(|part| part.party.clone())
        .unwrap_or_else(|| party(s, g.b));
    (a, p)
}

/// The goals (purposes and challenges) of a party, to link.
fn goals(s: &Session, party: &Id) -> Vec<Id> {
    s.party(party)
        .map(|p| {
            p.purposes
                .iter()
                .chain(&p.challenges)
                .map(|it| it.id.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Build one event from random numbers, against the state it will meet.
fn build(s: &Session, g: &Gen) -> Event {
    let text = g.text.clone();
    match g.kind {
        0 => Event::SetText(SetText {
            field: text_field(s, g),
            text,
        }),
        1 => Event::SetStart(SetStart {
            start: g.flag.then(|| stamp(g.a)),
        }),
        2 => Event::SetLang(SetLang {
            lang: if g.flag { Lang::Ja } else { Lang::En },
        }),
        3 => Event::SetHost(SetHost {
            party: (!g.b.is_multiple_of(5)).then(|| party(s, g.a)),
        }),
        4 => Event::SetStep(SetStep {
            step: (g.b % (usize::from(STEPS) + 2)) as u8,
        }),
        5 => Event::SetTimebox(SetTimebox {
            step: (g.b % 7) as u8,
            minutes: g.c as u32,
        }),
        6 => Event::SetTimer(SetTimer {
            step: (g.b % 6) as u8 + 1,
            spent_sec: (g.c * 61) as u64,
            running_since: g.flag.then(|| stamp(g.a)),
        }),
        7 => {
            let mut p = Party::new(new_id(s, prefix::PARTY, 0, g), text);
            for (k, list) in PartyList::ALL.iter().enumerate().take(g.b % 4) {
                let item_id = Id::new(prefix::ITEM, s.next_id + 1 + k as u64);
                p.list_mut(*list).push(Item {
                    id: item_id,
                    text: format!("{} {k}", list.key()),
                });
            }
            p.kind = ["npo", "welfare", "町内会", ""][g.c % 4].into();
            Event::AddParty(AddParty {
                party: p,
                index: index(g, s.parties.len()),
            })
        }
        8 => {
            let list = list_ref(s, g);
            let len = s.list(&list).map_or(0, Vec::len);
            Event::AddItem(AddItem {
                list,
                id: new_id(s, prefix::ITEM, 0, g),
                text,
                index: index(g, len),
            })
        }
        9 => {
            let mut a = Activity::new(new_id(s, prefix::ACTIVITY, 0, g), text);
            a.coop = Coop::ALL[g.b % 3];
            a.lead = (g.a.is_multiple_of(3)).then(|| party(s, g.b));
            // Now and then a lead that is no party (refused). (A cooperation type out of range,
            // which this used to send, can no longer be made: `Coop` has three values.)
            if g.b.is_multiple_of(13) {
                a.lead = Some(Id::new(prefix::PARTY, 999_999));
            }
            let mut seen = vec![];
            for n in [g.a, g.b, g.c].into_iter().take(g.c % 4) {
                let p = party(s, n);
                // A party twice is refused: now and then, on purpose.
                if seen.contains(&p) && !g.c.is_multiple_of(9) {
                    continue;
                }
                seen.push(p.clone());
                let mut part = Participant::new(p.clone());
                part.role = format!("役割 {n}");
                if !n.is_multiple_of(3) {
                    part.benefit = format!("相利 {n}");
                }
                if let Some(goal) = goals(s, &p).get(n % 3) {
                    let is_purpose = s
                        .party(&p)
                        .is_some_and(|q| q.purposes.iter().any(|it| &it.id == goal));
                    if is_purpose {
                        part.purposes.push(goal.clone());
                    } else {
                        part.challenges.push(goal.clone());
                    }
                }
                a.participants.push(part);
            }
            if g.flag {
                a.improvements.push(Item {
                    id: Id::new(prefix::ITEM, s.next_id + 1),
                    text: "改善".into(),
                });
            }
            Event::AddActivity(AddActivity {
                activity: a,
                index: index(g, s.activities.len()),
            })
        }
        10 => {
            let a = activity(s, g.a);
            let len = s.activity(&a).map_or(0, |x| x.participants.len());
            Event::AddParticipant(AddParticipant {
                activity: a,
                participant: Participant {
                    benefit: text,
                    ..Participant::new(party(s, g.b))
                },
                index: index(g, len),
            })
        }
        11 => Event::AddAction(AddAction {
            action: ActionItem {
                who: "町内会長".into(),
                due: "来月末".into(),
                activity: maybe_activity(s, g),
                done: g.c.is_multiple_of(3),
                ..ActionItem::new(new_id(s, prefix::ACTION, 0, g), text)
            },
            index: index(g, s.action_items.len()),
        }),
        12 => Event::AddIdea(AddIdea {
            idea: Idea {
                activity: maybe_activity(s, g),
                ..Idea::new(new_id(s, prefix::IDEA, 0, g), IdeaKind::ALL[g.b % 3], text)
            },
            index: index(g, s.expansion.len()),
        }),
        13 => Event::Remove(Remove { id: any_id(s, g.a) }),
        14 => {
            let a = activity(s, g.a);
            let p = s
                .activity(&a)
                .and_then(|x| x.participants.get(g.b % x.participants.len().max(1)))
                .filter(|_| !g.flag)
                .map(|part| part.party.clone())
                .unwrap_or_else(|| party(s, g.b));
            Event::RemoveParticipant(RemoveParticipant {
                activity: a,
                party: p,
            })
        }
        15 => Event::Move(Move {
            id: any_id(s, g.a),
            to: g.c % 6,
        }),
        16 => Event::SetCoop(SetCoop {
            activity: activity(s, g.a),
            coop: Coop::ALL[g.b % 3],
        }),
        17 => Event::SetLead(SetLead {
            activity: activity(s, g.a),
            party: g.flag.then(|| party(s, g.b)),
        }),
        18 => Event::SetStatus(SetStatus {
            activity: activity(s, g.a),
            status: Status::ALL[g.b % 4],
        }),
        19 => Event::SetVotes(SetVotes {
            activity: activity(s, g.a),
            votes: (g.b * g.c) as u32,
        }),
        20 => {
            let a = activity(s, g.a);
            let p = s
                .activity(&a)
                .and_then(|x| x.participants.get(g.b % x.participants.len().max(1)))
                .filter(|_| !g.c.is_multiple_of(5))
                .map(|part| part.party.clone())
                .unwrap_or_else(|| party(s, g.b));
            let own = goals(s, &p);
            let goal = if own.is_empty() || g.c.is_multiple_of(6) {
                item(s, g.c)
            } else {
                own[g.c % own.len()].clone()
            };
            let linked = s
                .activity(&a)
                .and_then(|x| x.participant(&p))
                .is_some_and(|part| {
                    part.purposes.contains(&goal) || part.challenges.contains(&goal)
                });
            Event::SetLink(SetLink {
                activity: a,
                party: p,
                item: goal,
                on: if g.c.is_multiple_of(7) {
                    linked
                } else {
                    !linked
                },
                index: g.flag.then_some(g.b % 3),
            })
        }
        21 => {
            let (a, p) = row(s, g);
            Event::SetAchieved(SetAchieved {
                activity: a,
                party: p,
                achieved: Achieved::ALL[g.c % 4],
            })
        }
        22 => Event::SetDone(SetDone {
            action: action(s, g.a),
            done: g.flag,
        }),
        23 => Event::SetActionActivity(SetActionActivity {
            action: action(s, g.c),
            activity: maybe_activity(s, g),
        }),
        24 => Event::SetIdeaKind(SetIdeaKind {
            idea: idea(s, g.a),
            kind: IdeaKind::ALL[g.b % 3],
        }),
        25 => Event::SetIdeaActivity(SetIdeaActivity {
            idea: idea(s, g.c),
            activity: maybe_activity(s, g),
        }),
        27 => Event::SetEnd(SetEnd {
            end: g.flag.then(|| stamp(g.a)),
        }),
        28 => Event::SetNextStart(SetNextStart {
            start: g.flag.then(|| stamp(g.b)),
        }),
        29 => Event::SetDisclosure(SetDisclosure {
            disclosure: [None, Some(Disclosure::Public), Some(Disclosure::Closed)][g.b % 3],
        }),
        30 => Event::SetPrevious(Box::new(SetPrevious {
            previous: g.flag.then(|| Previous {
                title: g.text.clone(),
                start: Some(stamp(g.c)),
                decisions: vec![g.text.clone()],
                open_actions: vec![PreviousAction {
                    what: g.text.clone(),
                    ..PreviousAction::default()
                }],
                carried: vec![any_id(s, g.a)],
            }),
        })),
        31 => Event::SetReached(SetReached {
            step: (g.b % (usize::from(STEPS) + 2)) as u8,
        }),
        32 => Event::SetBell(SetBell { on: g.flag }),
        33 => {
            let (a, p) = row(s, g);
            Event::SetBenefitKinds(SetBenefitKinds {
                activity: a,
                party: p,
                kinds: BenefitKind::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| g.c & (1 << i) != 0)
                    .map(|(_, k)| k)
                    .collect(),
            })
        }
        // Remove a thing after removing what refers to it, as the screen does.
        _ => removal_batch(s, &any_id(s, g.a)),
    }
}

/// A batch that removes `id` and, first, everything that refers to it.
fn removal_batch(s: &Session, id: &Id) -> Event {
    let mut events = vec![];
    if s.meta.host.as_ref() == Some(id) {
        events.push(Event::SetHost(SetHost { party: None }));
    }
    for a in &s.activities {
        if a.lead.as_ref() == Some(id) {
            events.push(Event::SetLead(SetLead {
                activity: a.id.clone(),
                party: None,
            }));
        }
        for part in &a.participants {
            if &part.party == id {
                events.push(Event::RemoveParticipant(RemoveParticipant {
                    activity: a.id.clone(),
                    party: id.clone(),
                }));
            } else if part.purposes.contains(id) || part.challenges.contains(id) {
                events.push(Event::SetLink(SetLink {
                    activity: a.id.clone(),
                    party: part.party.clone(),
                    item: id.clone(),
                    on: false,
                    index: None,
                }));
            }
        }
    }
    for t in &s.action_items {
        if t.activity.as_ref() == Some(id) {
            events.push(Event::SetActionActivity(SetActionActivity {
                action: t.id.clone(),
                activity: None,
            }));
        }
    }
    for x in &s.expansion {
        if x.activity.as_ref() == Some(id) {
            events.push(Event::SetIdeaActivity(SetIdeaActivity {
                idea: x.id.clone(),
                activity: None,
            }));
        }
    }
    events.push(Event::Remove(Remove { id: id.clone() }));
    Event::Batch(events)
}

/// Run the steps as an editing session would. Refused events must leave the state as it
/// was; undo and redo must always apply.
fn run(steps: &[Step]) -> Result<(Session, History), TestCaseError> {
    let mut s = Session::empty();
    let mut h = History::default();
    for (n, step) in steps.iter().enumerate() {
        let at = stamp(n);
        match step {
            Step::Commit(g) => {
                let event = build(&s, g);
                let before = s.clone();
                let len = h.len();
                if h.commit(&mut s, event, at).is_err() {
                    prop_assert_eq!(&s, &before, "a refused event changed the state");
                    prop_assert_eq!(h.len(), len);
                }
            }
            Step::Batch(gens) => {
                // Each event is built against the state the ones before it leave.
                let mut scratch = s.clone();
                let mut events = vec![];
                for g in gens {
                    let e = build(&scratch, g);
                    let _ = apply(&mut scratch, &e);
                    events.push(e);
                }
                let before = s.clone();
                if h.commit(&mut s, Event::Batch(events), at).is_err() {
                    prop_assert_eq!(&s, &before, "a refused batch changed the state");
                }
            }
            Step::Undo => {
                let could = h.can_undo();
                let done = h.undo(&mut s, at);
                prop_assert!(done.is_ok(), "undo failed: {:?}", done.err());
                prop_assert_eq!(done.unwrap().is_some(), could);
            }
            Step::Redo => {
                let could = h.can_redo();
                let done = h.redo(&mut s, at);
                prop_assert!(done.is_ok(), "redo failed: {:?}", done.err());
                prop_assert_eq!(done.unwrap().is_some(), could);
            }
        }
    }
    Ok((s, h))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn replaying_the_history_gives_the_state(steps in steps(120)) {
        let (s, h) = run(&steps)?;
        let records = h.records();
        let replayed = replay(records, records.len());
        prop_assert!(replayed.is_ok(), "record {:?} does not replay", replayed.as_ref().err());
        prop_assert_eq!(replayed.unwrap(), s);
    }

    #[test]
    fn the_file_keeps_state_and_history(steps in steps(60)) {
        let (s, h) = run(&steps)?;
        let yaml = to_yaml(&s, h.records());
        let loaded = parse(Path::new("w.yaml"), yaml.as_bytes());
        prop_assert!(loaded.is_ok(), "sori refuses its own file: {}\n{}", loaded.as_ref().err().unwrap(), yaml);
        let (loaded, records) = loaded.unwrap();
        prop_assert_eq!(loaded, s.clone());
        prop_assert_eq!(records.as_slice(), h.records());
        // Written again, the file is the same text.
        prop_assert_eq!(to_yaml(&s, &records), yaml);
    }

    #[test]
    fn journal_records_round_trip_as_json(steps in steps(60)) {
        let (_, h) = run(&steps)?;
        for record in h.records() {
            let line = serde_json::to_string(record).unwrap();
            prop_assert!(!line.contains('\n'), "a journal record must be one line");
            let back: Record = serde_json::from_str(&line).unwrap();
            prop_assert_eq!(&back, record);
        }
    }

    #[test]
    fn seeking_anywhere_gives_the_replayed_state(
        steps in steps(60),
        interval in 1usize..12,
        seeks in prop::collection::vec(0usize..100, 1..12),
    ) {
        let (s, h) = run(&steps)?;
        let records = h.records();
        let mut cursor = Cursor::new(records, interval).unwrap();
        prop_assert_eq!(cursor.position(), records.len());
        prop_assert_eq!(cursor.state(), &s);
        // Forwards and backwards, near and far, including past the end (clamped).
        for &n in &seeks {
            cursor.seek(records, n);
            let n = n.min(records.len());
            prop_assert_eq!(cursor.position(), n);
            prop_assert_eq!(cursor.state(), &replay(records, n).unwrap());
        }
        cursor.seek(records, usize::MAX);
        prop_assert_eq!(cursor.state(), &s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A timeline read from its file beside the first screen (`Timeline::reading`: the
    /// history's length, first record and step changes from the file's text, the records read
    /// on a thread or by the first seek) starts as the timeline of the whole history does and,
    /// seeking anywhere, is that timeline: the same states, words, times, step changes and
    /// record that does not apply (one is put in the history at random).
    #[test]
    fn a_timeline_read_beside_the_first_screen_is_the_whole_one(
        steps in steps(60),
        ghost in prop::option::of(0usize..100),
        threaded in any::<bool>(),
        seeks in prop::collection::vec(0usize..100, 1..10),
    ) {
        let (s, h) = run(&steps)?;
        let mut records = h.records().to_vec();
        if let Some(at) = ghost {
            let at = at.min(records.len());
            records.insert(at, Record::new(stamp(at), Event::SetText(SetText {
                field: TextField::PartyName("p9999".parse().unwrap()),
                text: "幽霊".into(),
            })));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml");
        std::fs::write(&path, to_yaml(&s, &records)).unwrap();
        let current = sori::store::peek::load_state(&path).unwrap();
        let preview = Preview::of(&current);
        prop_assert!(preview.is_some(), "sori's own file");
        let mut whole = Timeline::new(records.clone(), Lang::En);
        let mut read = Timeline::reading(preview.unwrap(), Lang::En, || {}, move || {
            current.into_records(&path).map_err(|e| e.to_string())
        });
        // What the first screen shows.
        prop_assert_eq!(read.len(), whole.len());
        prop_assert_eq!(read.position(), 0);
        prop_assert_eq!(read.state(), whole.state());
        prop_assert_eq!(read.said(), whole.said());
        prop_assert_eq!(read.time(), whole.time());
        prop_assert_eq!(read.current(), None);
        prop_assert_eq!(read.boundaries(), whole.boundaries());
        if threaded {
            read.start_reading();
        }
        for &n in &seeks {
            prop_assert_eq!(read.seek(n), whole.seek(n));
            prop_assert!(!read.is_reading());
            prop_assert_eq!(read.position(), whole.position());
            prop_assert_eq!(read.state(), whole.state());
            prop_assert_eq!(read.said(), whole.said());
            prop_assert_eq!(read.time(), whole.time());
            prop_assert_eq!(read.current(), whole.current());
            prop_assert_eq!(read.broken(), whole.broken());
            prop_assert_eq!(read.reachable(), whole.reachable());
            prop_assert_eq!(read.boundaries(), whole.boundaries());
        }
        prop_assert_eq!(read.seek(usize::MAX), whole.seek(usize::MAX));
        prop_assert_eq!(read.state(), whole.state());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The item index that replays use gives every event the same outcome as the plain
    /// search (the same inverse, the same refusal, the same state), and stays exactly the
    /// places of the state's items through additions, removals, moves, refused events,
    /// batches rolled back, undo and redo.
    #[test]
    fn the_item_index_follows_every_change(steps in steps(120)) {
        let mut plain = Session::empty();
        let mut indexed = Session::empty();
        let mut places = ItemPlaces::default();
        let (mut undo, mut redo): (Vec<Event>, Vec<Event>) = (vec![], vec![]);
        for step in &steps {
            let (event, from) = match step {
                Step::Commit(g) => (build(&plain, g), 0),
                Step::Batch(gens) => {
                    let mut scratch = plain.clone();
                    let mut events = vec![];
                    for g in gens {
                        let e = build(&scratch, g);
                        let _ = apply(&mut scratch, &e);
                        events.push(e);
                    }
                    (Event::Batch(events), 0)
                }
                Step::Undo => match undo.pop() {
                    Some(e) => (e, 1),
                    None => continue,
                },
                Step::Redo => match redo.pop() {
                    Some(e) => (e, 2),
                    None => continue,
                },
            };
            let by_search = apply_inverse(&mut plain, &event);
            let by_index = apply_indexed(&mut indexed, &mut places, &event);
            prop_assert_eq!(&by_search, &by_index, "{:?}", event);
            prop_assert_eq!(&plain, &indexed);
            prop_assert_eq!(&places, &ItemPlaces::of(&indexed));
            for (id, _) in indexed.all_ids().into_iter().filter(|(id, _)| id.prefix() == prefix::ITEM) {
                prop_assert_eq!(places.find(&indexed, id), indexed.find_item(id));
            }
            if let Ok(inverse) = by_index {
                match from {
                    1 => redo.push(inverse),
                    2 => undo.push(inverse),
                    _ => {
                        undo.push(inverse);
                        redo.clear();
                    }
                }
            }
        }
    }
}

/// The validator for what `sori schema` prints.
fn schema_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema = schemars::schema_for!(sori::store::yaml::SessionFile).to_value();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Editors that validate against `sori schema` accept every file sori writes.
    #[test]
    fn every_file_sori_writes_fits_its_schema(steps in steps(60)) {
        let (s, h) = run(&steps)?;
        let yaml = to_yaml(&s, h.records());
        let value: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
        let errors: Vec<String> = schema_validator()
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
    }
}

proptest! {
    // Each case writes a journal file with an fsync per record: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_journal_file_gives_back_every_record(steps in steps(40)) {
        let (_, h) = run(&steps)?;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml.journal");
        let base = sori::store::journal::Base {
            history: 0,
            content: sori::store::identity::Content::of(b"sori: 1\n"),
        };
        let mut journal = JournalWriter::open(&path, &base, None).unwrap();
        for (seq, record) in h.records().iter().enumerate() {
            journal.append(seq as u64, record).unwrap();
        }
        let read = read_journal_file(&path).unwrap().unwrap();
        prop_assert!(read.damaged.is_none());
        prop_assert!(!read.cut_tail);
        let seqs: Vec<u64> = read.records.iter().map(|(seq, _)| *seq).collect();
        let expected: Vec<u64> = (0..h.len() as u64).collect();
        prop_assert_eq!(seqs, expected);
        let records: Vec<Record> = read.records.into_iter().map(|(_, r)| r).collect();
        prop_assert_eq!(records.as_slice(), h.records());
    }
}

/// The random runs must exercise what they claim to: most kinds of event apply, batches and
/// undo and redo happen. (A generator that only ever made refused events would pass the
/// properties above without proving anything.)
#[test]
fn the_generator_makes_events_that_apply() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = steps(120);
    let mut applied = std::collections::BTreeMap::<&str, usize>::new();
    let mut undone = 0;
    let mut records = 0;
    for _ in 0..200 {
        let steps = strategy.new_tree(&mut runner).unwrap().current();
        let (_, h) = run(&steps).unwrap();
        records += h.len();
        for r in h.records() {
            if r.by.is_some() {
                undone += 1;
            } else {
                *applied.entry(r.event.key()).or_default() += 1;
            }
        }
    }
    let missing: Vec<&&str> = Event::KEYS
        .iter()
        .filter(|k| applied.get(**k).copied().unwrap_or(0) < 5)
        .collect();
    assert!(
        missing.is_empty(),
        "kinds that rarely apply: {missing:?}; {applied:?}"
    );
    assert!(undone > 100, "undo/redo records: {undone}");
    assert!(records > 2000, "records: {records}");
}

/// Texts a facilitator may paste into a note, each of which once made (or could make) sori
/// write a file it would not read back.
#[test]
fn sori_reads_back_every_text_it_writes() {
    let stairs: String = (0..200)
        .map(|i| format!("{}- 項目:\n", " ".repeat(i)))
        .collect();
    let texts = [
        format!("メモ\n{}", "[".repeat(300)),
        format!("メモ\n{}", "- ".repeat(300)),
        format!("a\n{stairs}"),
        format!("  先頭に空白\n{}", "{".repeat(200)),
        "*強調* &参照 !タグ %指示 @人 `コード`".to_string(),
        "key: value\n# not a comment\n---\n...\n".to_string(),
        "\u{7}\u{1b}[31m赤\u{1b}[0m\u{85}\u{2028}\u{feff}\u{fffe}".to_string(),
        "行末の空白 \n\t字下げ\r\n".to_string(),
        "x".repeat(100_000),
    ];
    for text in texts {
        let mut s = Session::empty();
        let mut h = History::default();
        // A title holds at most a line's worth (core::limits): the longer texts go in notes.
        let fields = if text.chars().count() <= 1_000 {
            ["meta.title", "step2.notes"]
        } else {
            ["step1.notes", "step2.notes"]
        };
        for field in fields {
            h.commit(
                &mut s,
                Event::SetText(SetText {
                    field: field.parse().unwrap(),
                    text: text.clone(),
                }),
                stamp(0),
            )
            .unwrap();
        }
        let yaml = to_yaml(&s, h.records());
        let (loaded, records) = parse(Path::new("w.yaml"), yaml.as_bytes())
            .unwrap_or_else(|e| panic!("{e} for {:?}", &text[..text.len().min(40)]));
        assert_eq!(loaded, s);
        assert_eq!(records, h.records());
    }
}
