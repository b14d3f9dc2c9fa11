//! Hostile text in every free-text field of a meeting, through events: for the terminal
//! injection and the export injection tests.

#![allow(dead_code)]

use sori::core::event::{AddItem, SetText};
use sori::core::session::{ListRef, MeetingList, PartyList, STEPS, Session, TextField, prefix};
use sori::core::start::IdGen;
use sori::core::{Event, History, Stamp};

/// Every free-text field of a session: the meeting's details and notes, each party's name,
/// kind and items, each activity's title, description, improvements, roles, benefits and
/// evaluation comments, decisions, parking lot, action items and expansion ideas.
pub fn text_fields(s: &Session) -> Vec<TextField> {
    let mut out = vec![
        TextField::Title,
        TextField::Venue,
        TextField::Facilitator,
        TextField::Recorder,
        TextField::NextVenue,
        TextField::NextNote,
    ];
    for list in MeetingList::ALL {
        out.extend(
            s.meta
                .list(list)
                .iter()
                .map(|i| TextField::Item(i.id.clone())),
        );
    }
    out.extend((1..=STEPS).map(TextField::StepNotes));
    for p in &s.parties {
        out.push(TextField::PartyName(p.id.clone()));
        out.push(TextField::PartyKind(p.id.clone()));
        for list in PartyList::ALL {
            out.extend(p.list(list).iter().map(|i| TextField::Item(i.id.clone())));
        }
    }
    for a in &s.activities {
        out.push(TextField::ActivityTitle(a.id.clone()));
        out.push(TextField::ActivityDescription(a.id.clone()));
        out.extend(a.improvements.iter().map(|i| TextField::Item(i.id.clone())));
        for p in &a.participants {
            out.push(TextField::Role(a.id.clone(), p.party.clone()));
            out.push(TextField::Benefit(a.id.clone(), p.party.clone()));
            out.push(TextField::EvaluationComment(a.id.clone(), p.party.clone()));
        }
    }
    out.extend(
        s.decisions
            .iter()
            .chain(&s.parking_lot)
            .map(|i| TextField::Item(i.id.clone())),
    );
    for t in &s.action_items {
        out.push(TextField::ActionWhat(t.id.clone()));
        out.push(TextField::ActionWho(t.id.clone()));
        out.push(TextField::ActionDue(t.id.clone()));
    }
    for x in &s.expansion {
        out.push(TextField::IdeaName(x.id.clone()));
        out.push(TextField::IdeaWhy(x.id.clone()));
    }
    out
}

/// Give the lists a meeting left empty one item (so every kind of field is on screen and in
/// the minutes), then set field number `n` to `text(n)`, each with its own event.
pub fn set_every_text(
    session: &mut Session,
    history: &mut History,
    mut at: Stamp,
    mut text: impl FnMut(usize) -> String,
) {
    let mut commit = |session: &mut Session, history: &mut History, event: Event| {
        at = at.plus_seconds(10);
        history.commit(session, event, at).unwrap();
    };
    let mut empty = vec![];
    if session.decisions.is_empty() {
        empty.push(ListRef::Decisions);
    }
    if session.parking_lot.is_empty() {
        empty.push(ListRef::ParkingLot);
    }
    for list in MeetingList::ALL {
        if session.meta.list(list).is_empty() {
            empty.push(ListRef::Meeting(list));
        }
    }
    for p in &session.parties {
        for list in PartyList::ALL {
            if p.list(list).is_empty() {
                empty.push(ListRef::Party(p.id.clone(), list));
            }
        }
    }
    for a in &session.activities {
        if a.improvements.is_empty() {
            empty.push(ListRef::Improvements(a.id.clone()));
        }
    }
    for list in empty {
        let id = IdGen::for_session(session).next(prefix::ITEM);
        commit(
            session,
            history,
            Event::AddItem(AddItem {
                list,
                id,
                text: "x".into(),
                index: None,
            }),
        );
    }
    for (n, field) in text_fields(session).into_iter().enumerate() {
        let text = text(n);
        commit(session, history, Event::SetText(SetText { field, text }));
    }
}
