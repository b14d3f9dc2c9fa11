//! `apply` and `apply_inverse` for every kind of event: what each one changes, that each refused
//! event leaves the session exactly as it was, and that the inverse of each applied event
//! restores the state before it.

use sori::testkit::id;
use std::collections::BTreeSet;

use sori::core::event::*;
use sori::core::{
    Achieved, ActionItem, Activity, ApplyError, BenefitKind, Coop, Evaluation, Event, Id, Idea,
    IdeaKind, Item, Kind, Lang, ListRef, MAX_ID_NUMBER, Participant, Party, PartyList, Range,
    Reference, Session, Stamp, Status, TextField, apply, apply_inverse,
};

fn item(i: &str, text: &str) -> Item {
    Item {
        id: id(i),
        text: text.into(),
    }
}

fn at() -> Stamp {
    "2026-11-27T14:00:00+09:00".parse().unwrap()
}

fn set_text(field: &str, text: &str) -> Event {
    Event::SetText(SetText {
        field: field.parse().unwrap(),
        text: text.into(),
    })
}

fn remove(i: &str) -> Event {
    Event::Remove(Remove { id: id(i) })
}

fn add_item(list: &str, i: &str, text: &str, index: Option<usize>) -> Event {
    Event::AddItem(AddItem {
        list: list.parse().unwrap(),
        id: id(i),
        text: text.into(),
        index,
    })
}

fn set_link(activity: &str, party: &str, item: &str, on: bool) -> Event {
    Event::SetLink(SetLink {
        activity: id(activity),
        party: id(party),
        item: id(item),
        on,
        index: None,
    })
}

/// A community-cats meeting in step 3, built through `apply`:
/// - p1 地域猫の会 (host): purpose i4, challenge i5
/// - p2 町内会: purpose i6
/// - p3 保健所: strength i7
/// - a8 TNR (lead p1): p1 (role, benefit, serves i4, addresses i5) and p2 (serves i6);
///   improvement i9
/// - decision i10, parking lot i11, action t12 (for a8), idea x13 (scales a8)
/// - a14 説明会: p3 only
fn fixture() -> Session {
    let mut p1 = Party::new(id("p1"), "地域猫の会");
    p1.kind = "npo".into();
    p1.purposes = vec![item("i4", "野良猫のトラブルを減らしたい")];
    p1.challenges = vec![item("i5", "餌やりへの苦情が多い")];
    let mut p2 = Party::new(id("p2"), "町内会");
    p2.purposes = vec![item("i6", "ごみ置き場をきれいに保ちたい")];
    let mut p3 = Party::new(id("p3"), "保健所");
    p3.strengths = vec![item("i7", "不妊手術の助成制度")];
    let tnr = Activity {
        lead: Some(id("p1")),
        participants: vec![
            Participant {
                role: "捕獲と餌やりの管理".into(),
                benefit: "苦情が減る".into(),
                purposes: vec![id("i4")],
                challenges: vec![id("i5")],
                ..Participant::new(id("p1"))
            },
            Participant {
                purposes: vec![id("i6")],
                ..Participant::new(id("p2"))
            },
        ],
        improvements: vec![item("i9", "餌やりの時間を決める")],
        ..Activity::new(id("a8"), "TNRと餌やりルール")
    };
    let talk = Activity {
        participants: vec![Participant::new(id("p3"))],
        ..Activity::new(id("a14"), "住民説明会")
    };
    let events = vec![
        Event::SetLang(SetLang { lang: Lang::Ja }),
        set_text("meta.title", "地域猫活動の語り合う場"),
        Event::AddParty(AddParty {
            party: p1,
            index: None,
        }),
        Event::AddParty(AddParty {
            party: p2,
            index: None,
        }),
        Event::AddParty(AddParty {
            party: p3,
            index: None,
        }),
        Event::SetHost(SetHost {
            party: Some(id("p1")),
        }),
        Event::AddActivity(AddActivity {
            activity: tnr,
            index: None,
        }),
        add_item("decisions", "i10", "月1回の定例会を開く", None),
        add_item("parking_lot", "i11", "マンション管理組合への連絡", None),
        Event::AddAction(AddAction {
            action: ActionItem {
                who: "町内会長".into(),
                activity: Some(id("a8")),
                ..ActionItem::new(id("t12"), "回覧板で周知")
            },
            index: None,
        }),
        Event::AddIdea(AddIdea {
            idea: Idea {
                activity: Some(id("a8")),
                ..Idea::new(id("x13"), IdeaKind::Scale, "隣の地区へ")
            },
            index: None,
        }),
        Event::AddActivity(AddActivity {
            activity: talk,
            index: None,
        }),
        Event::SetStep(SetStep { step: 3 }),
    ];
    let mut s = Session::empty();
    for e in &events {
        apply(&mut s, e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    assert_eq!(s.next_id, 15);
    s
}

/// The state with the id counter taken from `like`: inverses never lower the counter (an id
/// is not handed out twice), so that is the one thing an inverse may leave different.
fn with_counter_of(s: &Session, like: &Session) -> Session {
    Session {
        next_id: like.next_id,
        ..s.clone()
    }
}

/// Apply an event that must apply; check its inverse restores the state before it and that
/// the inverse of the inverse makes the change again. Returns the new state.
fn applies(before: &Session, event: Event) -> Session {
    let mut s = before.clone();
    let inverse = apply_inverse(&mut s, &event).unwrap_or_else(|e| panic!("{event:?}: {e}"));
    let after = s.clone();
    assert!(after.next_id >= before.next_id);
    let redo = apply_inverse(&mut s, &inverse).unwrap_or_else(|e| panic!("{inverse:?}: {e}"));
    assert_eq!(with_counter_of(&s, before), *before, "inverse of {event:?}");
    assert_eq!(s.next_id, after.next_id, "the counter never goes down");
    apply(&mut s, &redo).unwrap_or_else(|e| panic!("{redo:?}: {e}"));
    assert_eq!(s, after, "inverse of the inverse of {event:?}");
    after
}

/// Apply an event that must be refused with `expected`; the session must not change at all.
fn refused(before: &Session, event: Event, expected: ApplyError) {
    let mut s = before.clone();
    let err = apply(&mut s, &event).expect_err(&format!("{event:?} should be refused"));
    assert_eq!(err, expected, "{event:?}");
    assert_eq!(s, *before, "a refused {event:?} changed the session");
    let err = apply_inverse(&mut s, &event).expect_err("refused by apply_inverse too");
    assert_eq!(err, expected);
    assert_eq!(s, *before);
}

fn unknown(i: &str) -> ApplyError {
    ApplyError::UnknownId(id(i))
}

/// An event with a cooperation type out of range does not even read (as a file's history or
/// a journal line would give it): `Coop` holds 1, 2 or 3 only.
fn coop_refused_when_read(yaml: &str, coop: u64) {
    let error = serde_yaml::from_str::<Event>(yaml).unwrap_err().to_string();
    let said = format!("cooperation type {coop} is not 1, 2 or 3");
    assert!(error.contains(&said), "{yaml}: {error}");
}

fn out_of_range(what: Range, value: u64) -> ApplyError {
    ApplyError::OutOfRange { what, value }
}

/// Reads one text field of a session.
type Reader = fn(&Session) -> &str;

#[test]
fn set_text_reaches_every_text_field() {
    let s = fixture();
    let cases: [(&str, Reader); 22] = [
        ("meta.title", |s| &s.meta.title),
        ("meta.venue", |s| &s.meta.venue),
        ("meta.facilitator", |s| &s.meta.facilitator),
        ("meta.recorder", |s| &s.meta.recorder),
        ("meta.next.venue", |s| &s.meta.next.venue),
        ("meta.next.note", |s| &s.meta.next.note),
        ("step1.notes", |s| &s.meta.steps[0].notes),
        ("step5.notes", |s| &s.meta.steps[4].notes),
        ("p2.name", |s| &s.parties[1].name),
        ("p2.kind", |s| &s.parties[1].kind),
        ("i4", |s| &s.parties[0].purposes[0].text),
        ("i9", |s| &s.activities[0].improvements[0].text),
        ("i10", |s| &s.decisions[0].text),
        ("a8.title", |s| &s.activities[0].title),
        ("a8.description", |s| &s.activities[0].description),
        ("a8/p2.role", |s| &s.activities[0].participants[1].role),
        ("a8/p2.benefit", |s| {
            &s.activities[0].participants[1].benefit
        }),
        ("a8/p1.comment", |s| {
            &s.activities[0].participants[0].evaluation.comment
        }),
        ("t12.what", |s| &s.action_items[0].what),
        ("t12.due", |s| &s.action_items[0].due),
        ("x13.name", |s| &s.expansion[0].name),
        ("x13.why", |s| &s.expansion[0].why),
    ];
    for (field, read) in cases {
        let text = format!("ｶﾞ「{field}」🐈 e\u{301}");
        let after = applies(&s, set_text(field, &text));
        assert_eq!(read(&after), text, "{field}");
    }
    let after = applies(&s, set_text("t12.who", ""));
    assert_eq!(after.action_items[0].who, "");
}

#[test]
fn set_text_refuses_what_is_not_there() {
    let s = fixture();
    refused(&s, set_text("p9.name", "x"), unknown("p9"));
    refused(&s, set_text("i99", "x"), unknown("i99"));
    refused(&s, set_text("a99.title", "x"), unknown("a99"));
    refused(&s, set_text("t99.what", "x"), unknown("t99"));
    refused(&s, set_text("x99.why", "x"), unknown("x99"));
    refused(
        &s,
        set_text("a8/p3.role", "x"),
        ApplyError::NotParticipant {
            activity: id("a8"),
            party: id("p3"),
        },
    );
    // A step number the text form refuses can still be built in code.
    refused(
        &s,
        Event::SetText(SetText {
            field: TextField::StepNotes(6),
            text: "x".into(),
        }),
        out_of_range(Range::Step, 6),
    );
}

#[test]
fn meeting_details_start_lang_host() {
    let s = fixture();
    let later = at().plus_seconds(3600);
    let after = applies(&s, Event::SetStart(SetStart { start: Some(later) }));
    assert_eq!(after.meta.start, Some(later));
    let after = applies(&after, Event::SetStart(SetStart { start: None }));
    assert_eq!(after.meta.start, None);

    let after = applies(&s, Event::SetLang(SetLang { lang: Lang::En }));
    assert_eq!(after.meta.lang, Lang::En);

    let after = applies(
        &s,
        Event::SetHost(SetHost {
            party: Some(id("p2")),
        }),
    );
    assert_eq!(after.host().unwrap().name, "町内会");
    let after = applies(&s, Event::SetHost(SetHost { party: None }));
    assert_eq!(after.meta.host, None);
    refused(
        &s,
        Event::SetHost(SetHost {
            party: Some(id("p9")),
        }),
        unknown("p9"),
    );
    refused(
        &s,
        Event::SetHost(SetHost {
            party: Some(id("a8")),
        }),
        unknown("a8"),
    );
}

#[test]
fn steps_timeboxes_and_timers() {
    let s = fixture();
    for step in 1..=5 {
        let after = applies(&s, Event::SetStep(SetStep { step }));
        assert_eq!(after.meta.step, step);
    }
    refused(
        &s,
        Event::SetStep(SetStep { step: 0 }),
        out_of_range(Range::Step, 0),
    );
    refused(
        &s,
        Event::SetStep(SetStep { step: 6 }),
        out_of_range(Range::Step, 6),
    );

    let after = applies(
        &s,
        Event::SetTimebox(SetTimebox {
            step: 3,
            minutes: 55,
        }),
    );
    assert_eq!(after.meta.steps[2].timebox_min, 55);
    refused(
        &s,
        Event::SetTimebox(SetTimebox {
            step: 0,
            minutes: 5,
        }),
        out_of_range(Range::Step, 0),
    );

    let since = at();
    let after = applies(
        &s,
        Event::SetTimer(SetTimer {
            step: 2,
            spent_sec: 90,
            running_since: Some(since),
        }),
    );
    assert_eq!(after.meta.steps[1].spent_sec, 90);
    assert_eq!(after.meta.steps[1].spent_at(&since.plus_seconds(30)), 120);
    let stopped = applies(
        &after,
        Event::SetTimer(SetTimer {
            step: 2,
            spent_sec: 120,
            running_since: None,
        }),
    );
    assert_eq!(stopped.meta.steps[1].running_since, None);
    refused(
        &s,
        Event::SetTimer(SetTimer {
            step: 9,
            spent_sec: 1,
            running_since: None,
        }),
        out_of_range(Range::Step, 9),
    );
}

#[test]
fn add_party_with_its_lists() {
    let s = fixture();
    let mut p = Party::new(id("p20"), "マンション管理人");
    p.purposes = vec![item("i21", "敷地内の糞害をなくしたい")];
    p.threats = vec![item("i22", "住民の反対")];
    let after = applies(
        &s,
        Event::AddParty(AddParty {
            party: p.clone(),
            index: Some(0),
        }),
    );
    assert_eq!(after.parties[0], p);
    assert_eq!(after.parties.len(), 4);
    assert_eq!(after.next_id, 23);
    assert!(after.parties[0].has_swot());

    let at_end = applies(
        &s,
        Event::AddParty(AddParty {
            party: Party::new(id("p30"), "市役所"),
            index: None,
        }),
    );
    assert_eq!(at_end.parties[3].name, "市役所");
}

#[test]
fn add_party_refusals() {
    let s = fixture();
    let add = |party: Party, index: Option<usize>| Event::AddParty(AddParty { party, index });
    refused(
        &s,
        add(Party::new(id("p1"), "again"), None),
        ApplyError::DuplicateId(id("p1")),
    );
    refused(
        &s,
        add(Party::new(id("a20"), "wrong letter"), None),
        ApplyError::WrongKind {
            id: id("a20"),
            expected: Kind::Party,
        },
    );
    let mut bad_item = Party::new(id("p20"), "x");
    bad_item.challenges = vec![item("t21", "wrong letter")];
    refused(
        &s,
        add(bad_item, None),
        ApplyError::WrongKind {
            id: id("t21"),
            expected: Kind::Item,
        },
    );
    let mut reused = Party::new(id("p20"), "x");
    reused.strengths = vec![item("i4", "already a purpose of p1")];
    refused(&s, add(reused, None), ApplyError::DuplicateId(id("i4")));
    let mut twice = Party::new(id("p20"), "x");
    twice.purposes = vec![item("i21", "a")];
    twice.strengths = vec![item("i21", "b")];
    refused(&s, add(twice, None), ApplyError::DuplicateId(id("i21")));
    refused(
        &s,
        add(Party::new(id("p20"), "x"), Some(4)),
        out_of_range(Range::Position, 4),
    );
    refused(
        &s,
        add(Party::new(Id::new('p', MAX_ID_NUMBER + 1), "x"), None),
        out_of_range(Range::IdNumber, MAX_ID_NUMBER + 1),
    );
}

#[test]
fn add_item_to_every_kind_of_list() {
    let s = fixture();
    for list in PartyList::ALL {
        let name = format!("p2.{}", list.key());
        let after = applies(&s, add_item(&name, "i20", "新しい項目", None));
        let items = after.parties[1].list(list);
        assert_eq!(items.last().unwrap(), &item("i20", "新しい項目"), "{name}");
        assert_eq!(after.next_id, 21);
    }
    let after = applies(&s, add_item("a8.improvements", "i20", "改善", Some(0)));
    assert_eq!(after.activities[0].improvements[0].text, "改善");
    let after = applies(&s, add_item("decisions", "i20", "決定", Some(1)));
    assert_eq!(after.decisions[1].text, "決定");
    let after = applies(&s, add_item("parking_lot", "i20", "保留", Some(0)));
    assert_eq!(after.parking_lot[0].text, "保留");
    // A far larger id moves the counter past it.
    let after = applies(&s, add_item("decisions", "i500", "x", None));
    assert_eq!(after.next_id, 501);
}

#[test]
fn add_item_refusals() {
    let s = fixture();
    refused(&s, add_item("p9.purposes", "i20", "x", None), unknown("p9"));
    refused(
        &s,
        add_item("a99.improvements", "i20", "x", None),
        unknown("a99"),
    );
    refused(
        &s,
        add_item("decisions", "i4", "x", None),
        ApplyError::DuplicateId(id("i4")),
    );
    refused(
        &s,
        add_item("decisions", "p20", "x", None),
        ApplyError::WrongKind {
            id: id("p20"),
            expected: Kind::Item,
        },
    );
    refused(
        &s,
        add_item("decisions", "i20", "x", Some(2)),
        out_of_range(Range::Position, 2),
    );
    refused(
        &s,
        add_item("p2.purposes", "i20", "x", Some(9)),
        out_of_range(Range::Position, 9),
    );
}

#[test]
fn add_activity_with_participants() {
    let s = fixture();
    let activity = Activity {
        coop: Coop::Supported,
        lead: Some(id("p3")),
        status: Status::Planned,
        votes: 4,
        participants: vec![
            Participant {
                role: "助成金の案内".into(),
                benefit: "申請が増える".into(),
                ..Participant::new(id("p3"))
            },
            Participant {
                purposes: vec![id("i6")],
                evaluation: Evaluation {
                    achieved: Achieved::Partly,
                    comment: "半分".into(),
                },
                ..Participant::new(id("p2"))
            },
        ],
        improvements: vec![item("i21", "案内を早めに")],
        ..Activity::new(id("a20"), "不妊手術の助成案内")
    };
    let after = applies(
        &s,
        Event::AddActivity(AddActivity {
            activity: activity.clone(),
            index: Some(1),
        }),
    );
    assert_eq!(after.activities[1], activity);
    assert_eq!(after.next_id, 22);
}

#[test]
fn add_activity_refusals() {
    let s = fixture();
    let add = |activity: Activity| {
        Event::AddActivity(AddActivity {
            activity,
            index: None,
        })
    };
    let base = || Activity::new(id("a20"), "x");
    refused(
        &s,
        add(Activity::new(id("p20"), "x")),
        ApplyError::WrongKind {
            id: id("p20"),
            expected: Kind::Activity,
        },
    );
    refused(
        &s,
        add(Activity::new(id("a8"), "x")),
        ApplyError::DuplicateId(id("a8")),
    );
    for coop in [0, 4] {
        // A cooperation type is a `Coop`: a number out of range is refused where it is read.
        let read = format!("add_activity: {{activity: {{id: a20, title: x, coop: {coop}}}}}");
        coop_refused_when_read(&read, coop);
    }
    refused(
        &s,
        add(Activity {
            lead: Some(id("p9")),
            ..base()
        }),
        unknown("p9"),
    );
    refused(
        &s,
        add(Activity {
            participants: vec![Participant::new(id("p9"))],
            ..base()
        }),
        unknown("p9"),
    );
    // p2 may not claim p1's purpose.
    refused(
        &s,
        add(Activity {
            participants: vec![Participant {
                purposes: vec![id("i4")],
                ..Participant::new(id("p2"))
            }],
            ..base()
        }),
        ApplyError::NotPartyGoal {
            item: id("i4"),
            party: id("p2"),
        },
    );
    // A challenge is not a purpose.
    refused(
        &s,
        add(Activity {
            participants: vec![Participant {
                purposes: vec![id("i5")],
                ..Participant::new(id("p1"))
            }],
            ..base()
        }),
        ApplyError::NotPartyGoal {
            item: id("i5"),
            party: id("p1"),
        },
    );
    refused(
        &s,
        add(Activity {
            participants: vec![Participant {
                purposes: vec![id("i4"), id("i4")],
                ..Participant::new(id("p1"))
            }],
            ..base()
        }),
        ApplyError::LinkUnchanged { item: id("i4") },
    );
    refused(
        &s,
        add(Activity {
            participants: vec![Participant::new(id("p2")), Participant::new(id("p2"))],
            ..base()
        }),
        ApplyError::AlreadyParticipant {
            activity: id("a20"),
            party: id("p2"),
        },
    );
    refused(
        &s,
        add(Activity {
            improvements: vec![item("i10", "x")],
            ..base()
        }),
        ApplyError::DuplicateId(id("i10")),
    );
    refused(
        &s,
        Event::AddActivity(AddActivity {
            activity: base(),
            index: Some(3),
        }),
        out_of_range(Range::Position, 3),
    );
}

#[test]
fn participants_join_and_leave() {
    let s = fixture();
    let joining = Participant {
        role: "助成制度の説明".into(),
        benefit: "手術件数が増える".into(),
        ..Participant::new(id("p3"))
    };
    let after = applies(
        &s,
        Event::AddParticipant(AddParticipant {
            activity: id("a8"),
            participant: joining.clone(),
            index: Some(0),
        }),
    );
    assert_eq!(after.activities[0].participants[0], joining);
    assert_eq!(after.next_id, s.next_id, "no new id");

    let after = applies(
        &s,
        Event::RemoveParticipant(RemoveParticipant {
            activity: id("a8"),
            party: id("p1"),
        }),
    );
    assert!(after.activities[0].participant(&id("p1")).is_none());
    assert_eq!(after.activities[0].participants.len(), 1);
}

#[test]
fn participant_refusals() {
    let s = fixture();
    let add = |activity: &str, participant: Participant, index: Option<usize>| {
        Event::AddParticipant(AddParticipant {
            activity: id(activity),
            participant,
            index,
        })
    };
    refused(
        &s,
        add("a8", Participant::new(id("p2")), None),
        ApplyError::AlreadyParticipant {
            activity: id("a8"),
            party: id("p2"),
        },
    );
    refused(
        &s,
        add("a99", Participant::new(id("p3")), None),
        unknown("a99"),
    );
    refused(
        &s,
        add("a8", Participant::new(id("p9")), None),
        unknown("p9"),
    );
    refused(
        &s,
        add(
            "a8",
            Participant {
                challenges: vec![id("i5")],
                ..Participant::new(id("p3"))
            },
            None,
        ),
        ApplyError::NotPartyGoal {
            item: id("i5"),
            party: id("p3"),
        },
    );
    refused(
        &s,
        add("a8", Participant::new(id("p3")), Some(3)),
        out_of_range(Range::Position, 3),
    );
    let leave = |activity: &str, party: &str| {
        Event::RemoveParticipant(RemoveParticipant {
            activity: id(activity),
            party: id(party),
        })
    };
    refused(
        &s,
        leave("a8", "p3"),
        ApplyError::NotParticipant {
            activity: id("a8"),
            party: id("p3"),
        },
    );
    refused(&s, leave("a99", "p1"), unknown("a99"));
}

#[test]
fn action_items_and_ideas() {
    let s = fixture();
    let action = ActionItem {
        who: "保健所".into(),
        due: "2026-12-15".into(),
        activity: Some(id("a14")),
        ..ActionItem::new(id("t20"), "助成の申請書を配る")
    };
    let after = applies(
        &s,
        Event::AddAction(AddAction {
            action: action.clone(),
            index: Some(0),
        }),
    );
    assert_eq!(after.action_items[0], action);
    assert_eq!(after.next_id, 21);

    let after = applies(
        &s,
        Event::SetDone(SetDone {
            action: id("t12"),
            done: true,
        }),
    );
    assert!(after.action_items[0].done);
    let after = applies(
        &s,
        Event::SetActionActivity(SetActionActivity {
            action: id("t12"),
            activity: Some(id("a14")),
        }),
    );
    assert_eq!(after.action_items[0].activity, Some(id("a14")));
    let after = applies(
        &after,
        Event::SetActionActivity(SetActionActivity {
            action: id("t12"),
            activity: None,
        }),
    );
    assert_eq!(after.action_items[0].activity, None);

    let idea = Idea {
        why: "子どもの見守りにもなる".into(),
        ..Idea::new(id("x20"), IdeaKind::Invite, "小学校")
    };
    let after = applies(
        &s,
        Event::AddIdea(AddIdea {
            idea: idea.clone(),
            index: None,
        }),
    );
    assert_eq!(after.expansion[1], idea);
    let after = applies(
        &s,
        Event::SetIdeaKind(SetIdeaKind {
            idea: id("x13"),
            kind: IdeaKind::Next,
        }),
    );
    assert_eq!(after.expansion[0].kind, IdeaKind::Next);
    let after = applies(
        &s,
        Event::SetIdeaActivity(SetIdeaActivity {
            idea: id("x13"),
            activity: None,
        }),
    );
    assert_eq!(after.expansion[0].activity, None);
    let after = applies(
        &after,
        Event::SetIdeaActivity(SetIdeaActivity {
            idea: id("x13"),
            activity: Some(id("a14")),
        }),
    );
    assert_eq!(after.expansion[0].activity, Some(id("a14")));
}

#[test]
fn action_item_and_idea_refusals() {
    let s = fixture();
    let add_action = |action: ActionItem| {
        Event::AddAction(AddAction {
            action,
            index: None,
        })
    };
    refused(
        &s,
        add_action(ActionItem::new(id("x20"), "x")),
        ApplyError::WrongKind {
            id: id("x20"),
            expected: Kind::Action,
        },
    );
    refused(
        &s,
        add_action(ActionItem::new(id("t12"), "x")),
        ApplyError::DuplicateId(id("t12")),
    );
    refused(
        &s,
        add_action(ActionItem {
            activity: Some(id("a99")),
            ..ActionItem::new(id("t20"), "x")
        }),
        unknown("a99"),
    );
    refused(
        &s,
        Event::AddAction(AddAction {
            action: ActionItem::new(id("t20"), "x"),
            index: Some(2),
        }),
        out_of_range(Range::Position, 2),
    );
    refused(
        &s,
        Event::SetDone(SetDone {
            action: id("t99"),
            done: true,
        }),
        unknown("t99"),
    );
    refused(
        &s,
        Event::SetActionActivity(SetActionActivity {
            action: id("t12"),
            activity: Some(id("a99")),
        }),
        unknown("a99"),
    );
    refused(
        &s,
        Event::SetActionActivity(SetActionActivity {
            action: id("t99"),
            activity: None,
        }),
        unknown("t99"),
    );

    let add_idea = |idea: Idea| Event::AddIdea(AddIdea { idea, index: None });
    refused(
        &s,
        add_idea(Idea::new(id("t20"), IdeaKind::Invite, "x")),
        ApplyError::WrongKind {
            id: id("t20"),
            expected: Kind::Idea,
        },
    );
    refused(
        &s,
        add_idea(Idea::new(id("x13"), IdeaKind::Invite, "x")),
        ApplyError::DuplicateId(id("x13")),
    );
    refused(
        &s,
        add_idea(Idea {
            activity: Some(id("a99")),
            ..Idea::new(id("x20"), IdeaKind::Scale, "x")
        }),
        unknown("a99"),
    );
    refused(
        &s,
        Event::SetIdeaKind(SetIdeaKind {
            idea: id("x99"),
            kind: IdeaKind::Next,
        }),
        unknown("x99"),
    );
    refused(
        &s,
        Event::SetIdeaActivity(SetIdeaActivity {
            idea: id("x13"),
            activity: Some(id("a99")),
        }),
        unknown("a99"),
    );
}

#[test]
fn remove_every_kind_of_thing() {
    let s = fixture();
    let after = applies(&s, remove("i7"));
    assert!(after.parties[2].strengths.is_empty());
    let after = applies(&s, remove("i10"));
    assert!(after.decisions.is_empty());
    let after = applies(&s, remove("i9"));
    assert!(after.activities[0].improvements.is_empty());
    let after = applies(&s, remove("a14"));
    assert_eq!(after.activities.len(), 1);
    let after = applies(&s, remove("t12"));
    assert!(after.action_items.is_empty());
    let after = applies(&s, remove("x13"));
    assert!(after.expansion.is_empty());
    // A party nobody refers to any more.
    let free = applies(
        &s,
        Event::RemoveParticipant(RemoveParticipant {
            activity: id("a14"),
            party: id("p3"),
        }),
    );
    let after = applies(&free, remove("p3"));
    assert!(after.party(&id("p3")).is_none());
    assert_eq!(after.parties.len(), 2);
}

#[test]
fn remove_refuses_things_still_referred_to() {
    let s = fixture();
    // What refers to the thing, typed; its English words are what the core said as text.
    let in_use = |i: &str, by: Reference, words: &str| {
        assert_eq!(by.to_string(), words);
        ApplyError::InUse { id: id(i), by }
    };
    let participant = |a: &str| Reference::Participant { activity: id(a) };
    let link = |a: &str, p: &str| Reference::Link {
        activity: id(a),
        party: id(p),
    };
    refused(
        &s,
        remove("p1"),
        in_use("p1", Reference::Host, "the session (host)"),
    );
    refused(
        &s,
        remove("p2"),
        in_use("p2", participant("a8"), "activity a8"),
    );
    refused(
        &s,
        remove("p3"),
        in_use("p3", participant("a14"), "activity a14"),
    );
    refused(
        &s,
        remove("i4"),
        in_use("i4", link("a8", "p1"), "activity a8 (p1)"),
    );
    refused(
        &s,
        remove("i5"),
        in_use("i5", link("a8", "p1"), "activity a8 (p1)"),
    );
    let action = Reference::ActionItem { action: id("t12") };
    refused(&s, remove("a8"), in_use("a8", action, "action item t12"));
    let no_action = applies(&s, remove("t12"));
    let idea = Reference::Idea { idea: id("x13") };
    refused(
        &no_action,
        remove("a8"),
        in_use("a8", idea, "expansion idea x13"),
    );
    // Only the lead refers to the party.
    let lead_only = applies(
        &s,
        Event::SetLead(SetLead {
            activity: id("a14"),
            party: Some(id("p2")),
        }),
    );
    let lead_only = applies(
        &lead_only,
        Event::RemoveParticipant(RemoveParticipant {
            activity: id("a8"),
            party: id("p2"),
        }),
    );
    let lead = Reference::Lead {
        activity: id("a14"),
    };
    refused(&lead_only, remove("p2"), in_use("p2", lead, "activity a14"));
    refused(&s, remove("p9"), unknown("p9"));
    refused(&s, remove("i99"), unknown("i99"));
    refused(&s, remove("z1"), unknown("z1"));
}

#[test]
fn move_every_kind_of_thing() {
    let s = fixture();
    let mv = |i: &str, to: usize| Event::Move(Move { id: id(i), to });
    let after = applies(&s, mv("p3", 0));
    let names: Vec<&str> = after.parties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["保健所", "地域猫の会", "町内会"]);
    let after = applies(&s, mv("p1", 2));
    assert_eq!(after.parties[2].id, id("p1"));
    let after = applies(&s, mv("a14", 0));
    assert_eq!(after.activities[0].id, id("a14"));
    let two_decisions = applies(&s, add_item("decisions", "i20", "二つ目", None));
    let after = applies(&two_decisions, mv("i20", 0));
    assert_eq!(after.decisions[0].id, id("i20"));
    let two_purposes = applies(&s, add_item("p1.purposes", "i20", "二つ目", None));
    let after = applies(&two_purposes, mv("i4", 1));
    assert_eq!(after.parties[0].purposes[1].id, id("i4"));
    // Moving to where it already is applies and changes nothing.
    let after = applies(&s, mv("t12", 0));
    assert_eq!(after, s);
    let after = applies(&s, mv("x13", 0));
    assert_eq!(after, s);

    refused(&s, mv("p1", 3), out_of_range(Range::Position, 3));
    refused(&s, mv("t12", 1), out_of_range(Range::Position, 1));
    refused(&s, mv("i4", 1), out_of_range(Range::Position, 1));
    refused(&s, mv("p9", 0), unknown("p9"));
    refused(&s, mv("i99", 0), unknown("i99"));
    refused(&s, mv("z1", 0), unknown("z1"));
}

#[test]
fn activity_settings() {
    let s = fixture();
    for coop in Coop::ALL {
        let after = applies(
            &s,
            Event::SetCoop(SetCoop {
                activity: id("a8"),
                coop,
            }),
        );
        assert_eq!(after.activities[0].coop, coop);
    }
    let after = applies(
        &s,
        Event::SetLead(SetLead {
            activity: id("a8"),
            party: None,
        }),
    );
    assert_eq!(after.activities[0].lead, None);
    for status in Status::ALL {
        let after = applies(
            &s,
            Event::SetStatus(SetStatus {
                activity: id("a14"),
                status,
            }),
        );
        assert_eq!(after.activities[1].status, status);
    }
    let after = applies(
        &s,
        Event::SetVotes(SetVotes {
            activity: id("a8"),
            votes: 7,
        }),
    );
    assert_eq!(after.activities[0].votes, 7);

    for coop in [0, 4, 255] {
        coop_refused_when_read(&format!("set_coop: {{activity: a8, coop: {coop}}}"), coop);
    }
    refused(
        &s,
        Event::SetCoop(SetCoop {
            activity: id("a99"),
            coop: Coop::SamePurpose,
        }),
        unknown("a99"),
    );
    refused(
        &s,
        Event::SetLead(SetLead {
            activity: id("a8"),
            party: Some(id("p9")),
        }),
        unknown("p9"),
    );
    refused(
        &s,
        Event::SetLead(SetLead {
            activity: id("a99"),
            party: None,
        }),
        unknown("a99"),
    );
    refused(
        &s,
        Event::SetStatus(SetStatus {
            activity: id("a99"),
            status: Status::Done,
        }),
        unknown("a99"),
    );
    refused(
        &s,
        Event::SetVotes(SetVotes {
            activity: id("a99"),
            votes: 1,
        }),
        unknown("a99"),
    );
}

#[test]
fn links_between_activities_and_goals() {
    let s = fixture();
    let off = applies(&s, set_link("a8", "p1", "i4", false));
    assert!(off.activities[0].participants[0].purposes.is_empty());
    let on = applies(&off, set_link("a8", "p1", "i4", true));
    assert_eq!(on, s);
    let off = applies(&s, set_link("a8", "p1", "i5", false));
    assert!(off.activities[0].participants[0].challenges.is_empty());
    // Linking at a position.
    let second = applies(&s, add_item("p1.purposes", "i20", "二つ目", None));
    let linked = applies(
        &second,
        Event::SetLink(SetLink {
            activity: id("a8"),
            party: id("p1"),
            item: id("i20"),
            on: true,
            index: Some(0),
        }),
    );
    assert_eq!(
        linked.activities[0].participants[0].purposes,
        [id("i20"), id("i4")]
    );

    // A party may only link its own purposes and challenges.
    refused(
        &s,
        set_link("a8", "p2", "i4", true),
        ApplyError::NotPartyGoal {
            item: id("i4"),
            party: id("p2"),
        },
    );
    // A strength is neither.
    refused(
        &s,
        set_link("a14", "p3", "i7", true),
        ApplyError::NotPartyGoal {
            item: id("i7"),
            party: id("p3"),
        },
    );
    refused(
        &s,
        set_link("a8", "p1", "i4", true),
        ApplyError::LinkUnchanged { item: id("i4") },
    );
    refused(
        &off,
        set_link("a8", "p1", "i5", false),
        ApplyError::LinkUnchanged { item: id("i5") },
    );
    refused(
        &s,
        set_link("a14", "p1", "i4", true),
        ApplyError::NotParticipant {
            activity: id("a14"),
            party: id("p1"),
        },
    );
    refused(&s, set_link("a99", "p1", "i4", true), unknown("a99"));
    refused(
        &second,
        Event::SetLink(SetLink {
            activity: id("a8"),
            party: id("p1"),
            item: id("i20"),
            on: true,
            index: Some(2),
        }),
        out_of_range(Range::Position, 2),
    );
}

#[test]
fn evaluation_achieved() {
    let s = fixture();
    for achieved in Achieved::ALL {
        let after = applies(
            &s,
            Event::SetAchieved(SetAchieved {
                activity: id("a8"),
                party: id("p2"),
                achieved,
            }),
        );
        assert_eq!(
            after.activities[0].participants[1].evaluation.achieved,
            achieved
        );
    }
    refused(
        &s,
        Event::SetAchieved(SetAchieved {
            activity: id("a8"),
            party: id("p3"),
            achieved: Achieved::Yes,
        }),
        ApplyError::NotParticipant {
            activity: id("a8"),
            party: id("p3"),
        },
    );
    refused(
        &s,
        Event::SetAchieved(SetAchieved {
            activity: id("a99"),
            party: id("p1"),
            achieved: Achieved::Yes,
        }),
        unknown("a99"),
    );
}

#[test]
fn a_batch_removes_references_then_the_thing_as_one_change() {
    let s = fixture();
    let batch = Event::Batch(vec![
        set_link("a8", "p1", "i4", false),
        remove("i4"),
        set_text("meta.title", "改題"),
        add_item("decisions", "i20", "新しい決定", None),
    ]);
    let after = applies(&s, batch);
    assert!(after.parties[0].purposes.is_empty());
    assert_eq!(after.meta.title, "改題");
    assert_eq!(after.decisions[1].id, id("i20"));
    assert_eq!(after.next_id, 21);
    // A batch inside a batch, and an empty batch.
    let nested = Event::Batch(vec![
        Event::Batch(vec![set_text("meta.venue", "公民館")]),
        Event::Batch(vec![]),
    ]);
    let after = applies(&s, nested);
    assert_eq!(after.meta.venue, "公民館");
}

#[test]
fn a_batch_that_fails_halfway_changes_nothing() {
    let s = fixture();
    // The first three apply (one of them raises the id counter); the fourth is refused.
    let batch = Event::Batch(vec![
        set_text("meta.title", "途中まで"),
        add_item("decisions", "i20", "x", None),
        Event::Move(Move {
            id: id("p3"),
            to: 0,
        }),
        remove("p1"),
        set_text("meta.venue", "never"),
    ]);
    refused(
        &s,
        batch,
        ApplyError::InBatch {
            index: 3,
            error: Box::new(ApplyError::InUse {
                id: id("p1"),
                by: Reference::Host,
            }),
        },
    );
    // Failing inside a nested batch, after the outer batch changed things.
    let nested = Event::Batch(vec![
        add_item("parking_lot", "i30", "x", None),
        Event::Batch(vec![
            add_item("parking_lot", "i31", "y", None),
            add_item("parking_lot", "i31", "dup", None),
        ]),
    ]);
    refused(
        &s,
        nested,
        ApplyError::InBatch {
            index: 1,
            error: Box::new(ApplyError::InBatch {
                index: 1,
                error: Box::new(ApplyError::DuplicateId(id("i31"))),
            }),
        },
    );
}

#[test]
fn errors_read_as_sentences() {
    let s = fixture();
    let mut t = s.clone();
    let err = apply(&mut t, &remove("p1")).unwrap_err();
    assert_eq!(err.to_string(), "p1 is still used by the session (host)");
    let err = apply(
        &mut t,
        &Event::Batch(vec![set_text("meta.title", "x"), remove("i99")]),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "change 2 of a batch: there is nothing with id i99"
    );
}

/// One event of every kind, in an order in which each applies to the fixture.
fn one_of_each() -> Vec<Event> {
    vec![
        set_text("a8/p2.benefit", "ごみ置き場が荒らされない"),
        Event::SetStart(SetStart { start: Some(at()) }),
        Event::SetLang(SetLang { lang: Lang::En }),
        Event::SetHost(SetHost {
            party: Some(id("p2")),
        }),
        Event::SetStep(SetStep { step: 4 }),
        Event::SetTimebox(SetTimebox {
            step: 4,
            minutes: 30,
        }),
        Event::SetTimer(SetTimer {
            step: 4,
            spent_sec: 10,
            running_since: Some(at()),
        }),
        Event::AddParty(AddParty {
            party: Party::new(id("p20"), "小学校"),
            index: None,
        }),
        add_item("p20.purposes", "i21", "命の教育", None),
        Event::AddActivity(AddActivity {
            activity: Activity::new(id("a22"), "猫の教室"),
            index: None,
        }),
        Event::AddParticipant(AddParticipant {
            activity: id("a22"),
            participant: Participant::new(id("p20")),
            index: None,
        }),
        Event::AddAction(AddAction {
            action: ActionItem::new(id("t23"), "校長に相談"),
            index: None,
        }),
        Event::AddIdea(AddIdea {
            idea: Idea::new(id("x24"), IdeaKind::Invite, "動物病院"),
            index: None,
        }),
        remove("i10"),
        Event::RemoveParticipant(RemoveParticipant {
            activity: id("a14"),
            party: id("p3"),
        }),
        Event::Move(Move {
            id: id("p20"),
            to: 0,
        }),
        Event::SetCoop(SetCoop {
            activity: id("a22"),
            coop: Coop::SamePurpose,
        }),
        Event::SetLead(SetLead {
            activity: id("a22"),
            party: Some(id("p20")),
        }),
        Event::SetStatus(SetStatus {
            activity: id("a22"),
            status: Status::Running,
        }),
        Event::SetVotes(SetVotes {
            activity: id("a22"),
            votes: 3,
        }),
        set_link("a22", "p20", "i21", true),
        Event::SetAchieved(SetAchieved {
            activity: id("a22"),
            party: id("p20"),
            achieved: Achieved::Yes,
        }),
        Event::SetDone(SetDone {
            action: id("t23"),
            done: true,
        }),
        Event::SetActionActivity(SetActionActivity {
            action: id("t23"),
            activity: Some(id("a22")),
        }),
        Event::SetIdeaKind(SetIdeaKind {
            idea: id("x24"),
            kind: IdeaKind::Next,
        }),
        Event::SetIdeaActivity(SetIdeaActivity {
            idea: id("x24"),
            activity: Some(id("a22")),
        }),
        Event::SetReached(SetReached { step: 4 }),
        Event::SetBell(SetBell { on: false }),
        Event::SetBenefitKinds(SetBenefitKinds {
            activity: id("a22"),
            party: id("p20"),
            kinds: vec![BenefitKind::Money, BenefitKind::Psychological],
        }),
        Event::Batch(vec![remove("x13"), remove("t12")]),
        Event::SetEnd(SetEnd {
            end: Some("2026-11-27T16:05:00+09:00".parse().unwrap()),
        }),
        Event::SetNextStart(SetNextStart {
            start: Some("2027-01-22T14:00:00+09:00".parse().unwrap()),
        }),
        Event::SetDisclosure(SetDisclosure {
            disclosure: Some(sori::core::session::Disclosure::Closed),
        }),
        Event::SetPrevious(Box::new(SetPrevious {
            previous: Some(sori::core::session::Previous {
                title: "第1回".into(),
                decisions: vec!["7月に一斉手術".into()],
                carried: vec![id("p20")],
                ..Default::default()
            }),
        })),
    ]
}

#[test]
fn every_kind_of_event_applies_and_its_inverse_restores_the_state() {
    let events = one_of_each();
    let kinds: BTreeSet<&str> = events.iter().map(Event::key).collect();
    let all: BTreeSet<&str> = Event::KEYS.iter().copied().collect();
    assert_eq!(kinds, all, "one_of_each must cover every event kind");

    let mut s = fixture();
    let mut states = vec![s.clone()];
    let mut inverses = vec![];
    for e in &events {
        let before = s.clone();
        s = applies(&before, e.clone());
        assert_ne!(s, before, "{e:?} changed nothing");
        let mut t = before.clone();
        inverses.push(apply_inverse(&mut t, e).unwrap());
        states.push(s.clone());
    }
    // Undo them all, newest first: each step gives back the state before that event.
    for (i, inverse) in inverses.iter().enumerate().rev() {
        apply(&mut s, inverse).unwrap_or_else(|e| panic!("{inverse:?}: {e}"));
        assert_eq!(with_counter_of(&s, &states[i]), states[i], "undo {i}");
    }
    assert_eq!(s.parties, fixture().parties);
    assert_eq!(s.activities, fixture().activities);
}

#[test]
fn list_refs_and_fields_name_what_they_reach() {
    // The text forms used in files reach the same places as the enum values.
    let s = fixture();
    assert_eq!(
        s.list(&"p1.purposes".parse::<ListRef>().unwrap()),
        Some(&s.parties[0].purposes)
    );
    assert_eq!(
        s.find_item(&id("i9")),
        Some((ListRef::Improvements(id("a8")), 0))
    );
    assert_eq!(
        s.item(&id("i11")).unwrap().text,
        "マンション管理組合への連絡"
    );
    assert_eq!(s.list(&"p9.purposes".parse::<ListRef>().unwrap()), None);
}
