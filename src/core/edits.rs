//! The events a change to a session is made of, built from the session: the domain's rules
//! for deleting (with what refers to the thing), cycling a value, changing step. Pure
//! functions: they read the session and return an `Event` for `apply` (the screen sends them
//! through `Document::commit`).
//!
//! Removing something that others refer to is one `Batch` that first removes the references
//! (`references`), so it applies (`apply` refuses a `Remove` while references remain) and one
//! undo brings everything back.

use super::event::*;
use super::references::references;
use super::session::{
    Achieved, ActionItem, Activity, Coop, Disclosure, Id, Idea, IdeaKind, Lang, ListRef,
    PARTY_KINDS, Participant, Party, PartyList, STEPS, Session, Status, TextField, prefix,
};
use super::stamp::Stamp;
use super::start::IdGen;

/// One event, or a batch when there are several.
fn one_or_batch(mut events: Vec<Event>) -> Event {
    if events.len() == 1 {
        events.pop().expect("one event")
    } else {
        Event::Batch(events)
    }
}

fn remove(id: &Id) -> Event {
    Event::Remove(Remove { id: id.clone() })
}

/// Remove anything by id, with its references: a party's place as host, lead and participant;
/// an item's links in the 相利評価表; an activity's action items and ideas.
pub fn delete(s: &Session, id: &Id) -> Event {
    let mut events: Vec<Event> = references(s, id).iter().map(|r| r.unlink(id)).collect();
    events.push(remove(id));
    one_or_batch(events)
}

/// Set a text field.
pub fn set_text(field: TextField, text: String) -> Event {
    Event::SetText(SetText { field, text })
}

pub fn add_item(s: &Session, list: ListRef, text: String) -> (Event, Id) {
    let id = IdGen::for_session(s).next(prefix::ITEM);
    (
        Event::AddItem(AddItem {
            list,
            id: id.clone(),
            text,
            index: None,
        }),
        id,
    )
}

pub fn add_party(s: &Session, name: String) -> Event {
    let id = IdGen::for_session(s).next(prefix::PARTY);
    Event::AddParty(AddParty {
        party: Party::new(id, name),
        index: None,
    })
}

pub fn add_activity(s: &Session, title: String) -> Event {
    let id = IdGen::for_session(s).next(prefix::ACTIVITY);
    Event::AddActivity(AddActivity {
        activity: Activity::new(id, title),
        index: None,
    })
}

pub fn add_action(s: &Session, what: String) -> Event {
    let id = IdGen::for_session(s).next(prefix::ACTION);
    Event::AddAction(AddAction {
        action: ActionItem::new(id, what),
        index: None,
    })
}

pub fn add_idea(s: &Session, name: String) -> Event {
    let id = IdGen::for_session(s).next(prefix::IDEA);
    Event::AddIdea(AddIdea {
        idea: Idea::new(id, IdeaKind::Invite, name),
        index: None,
    })
}

/// Add a purpose (or challenge) to a party and link it to the party's row of an activity.
pub fn add_linked_item(
    s: &Session,
    activity: &Id,
    party: &Id,
    list: PartyList,
    text: String,
) -> Event {
    let (add, id) = add_item(s, ListRef::Party(party.clone(), list), text);
    Event::Batch(vec![
        add,
        Event::SetLink(SetLink {
            activity: activity.clone(),
            party: party.clone(),
            item: id,
            on: true,
            index: None,
        }),
    ])
}

pub fn add_participant(activity: &Id, party: &Id) -> Event {
    Event::AddParticipant(AddParticipant {
        activity: activity.clone(),
        participant: Participant::new(party.clone()),
        index: None,
    })
}

pub fn remove_participant(activity: &Id, party: &Id) -> Event {
    Event::RemoveParticipant(RemoveParticipant {
        activity: activity.clone(),
        party: party.clone(),
    })
}

/// Link or unlink one of a party's purposes or challenges to its row of an activity.
pub fn toggle_link(s: &Session, activity: &Id, party: &Id, item: &Id) -> Option<Event> {
    let part = s.activity(activity)?.participant(party)?;
    let on = !(part.purposes.contains(item) || part.challenges.contains(item));
    Some(Event::SetLink(SetLink {
        activity: activity.clone(),
        party: party.clone(),
        item: item.clone(),
        on,
        index: None,
    }))
}

/// Move the room to `to`. A running step timer follows: it stops on the step left and starts
/// on the step entered, in the same undoable change.
pub fn go_step(s: &Session, to: u8, now: Stamp) -> Option<Event> {
    let from = s.meta.step;
    if to == from || !(1..=STEPS).contains(&to) {
        return None;
    }
    let mut events = vec![];
    let running = s
        .meta
        .steps
        .get(usize::from(from).wrapping_sub(1))
        .filter(|st| st.running_since.is_some());
    if let Some(st) = running {
        events.push(Event::SetTimer(SetTimer {
            step: from,
            spent_sec: st.spent_at(&now),
            running_since: None,
        }));
    }
    events.push(Event::SetStep(SetStep { step: to }));
    if running.is_some()
        && let Some(next) = s.meta.steps.get(usize::from(to) - 1)
    {
        events.push(Event::SetTimer(SetTimer {
            step: to,
            spent_sec: next.spent_sec,
            running_since: Some(now),
        }));
    }
    Some(one_or_batch(events))
}

/// Start the step's timer, or stop it and keep the time spent.
pub fn toggle_timer(s: &Session, step: u8, now: Stamp) -> Option<Event> {
    let st = s.meta.steps.get(usize::from(step).checked_sub(1)?)?;
    Some(Event::SetTimer(match st.running_since {
        Some(_) => SetTimer {
            step,
            spent_sec: st.spent_at(&now),
            running_since: None,
        },
        None => SetTimer {
            step,
            spent_sec: st.spent_sec,
            running_since: Some(now),
        },
    }))
}

/// One vote more for the activity; `None` when its count is full (a hand-edited file may hold
/// `u32::MAX` votes: the count stops there).
pub fn add_vote(activity: &Activity) -> Option<Event> {
    let votes = activity.votes.checked_add(1)?;
    Some(set_votes(activity, votes))
}

/// One vote less for the activity; `None` when it has none.
pub fn remove_vote(activity: &Activity) -> Option<Event> {
    let votes = activity.votes.checked_sub(1)?;
    Some(set_votes(activity, votes))
}

/// The party joins the activity (a row of its 相利評価表), or leaves it.
pub fn toggle_participant(s: &Session, activity: &Id, party: &Id) -> Option<Event> {
    Some(if s.activity(activity)?.participant(party).is_some() {
        remove_participant(activity, party)
    } else {
        add_participant(activity, party)
    })
}

pub fn set_votes(activity: &Activity, votes: u32) -> Event {
    Event::SetVotes(SetVotes {
        activity: activity.id.clone(),
        votes,
    })
}

/// Cooperation type 1 → 2 → 3 → 1.
pub fn cycle_coop(activity: &Activity) -> Event {
    Event::SetCoop(SetCoop {
        activity: activity.id.clone(),
        coop: next_of(&Coop::ALL, &activity.coop),
    })
}

pub fn cycle_status(activity: &Activity) -> Event {
    Event::SetStatus(SetStatus {
        activity: activity.id.clone(),
        status: next_of(&Status::ALL, &activity.status),
    })
}

/// The lead goes round the parties taking part, then none.
pub fn cycle_lead(activity: &Activity) -> Event {
    let parties = activity.participants.iter().map(|p| &p.party);
    Event::SetLead(SetLead {
        activity: activity.id.clone(),
        party: next_or_none(parties, activity.lead.as_ref()),
    })
}

/// A party's kind goes round the kinds the UI offers, then none. Any other kind (typed into
/// the file) goes to the first.
pub fn cycle_party_kind(party: &Party) -> Event {
    let next = match PARTY_KINDS.iter().position(|k| *k == party.kind) {
        Some(i) if i + 1 < PARTY_KINDS.len() => PARTY_KINDS[i + 1],
        Some(_) => "",
        None if party.kind.is_empty() => PARTY_KINDS[0],
        None => PARTY_KINDS[0],
    };
    set_text(TextField::PartyKind(party.id.clone()), next.to_string())
}

pub fn cycle_idea_kind(idea: &Idea) -> Event {
    Event::SetIdeaKind(SetIdeaKind {
        idea: idea.id.clone(),
        kind: next_of(&IdeaKind::ALL, &idea.kind),
    })
}

/// An idea's activity goes round the activities, then none.
pub fn cycle_idea_activity(s: &Session, idea: &Idea) -> Event {
    let activities = s.activities.iter().map(|a| &a.id);
    Event::SetIdeaActivity(SetIdeaActivity {
        idea: idea.id.clone(),
        activity: next_or_none(activities, idea.activity.as_ref()),
    })
}

/// Not yet → yes → partly → no → not yet.
pub fn cycle_achieved(activity: &Id, party: &Id, now: Achieved) -> Event {
    Event::SetAchieved(SetAchieved {
        activity: activity.clone(),
        party: party.clone(),
        achieved: next_of(&Achieved::ALL, &now),
    })
}

pub fn toggle_done(action: &ActionItem) -> Event {
    Event::SetDone(SetDone {
        action: action.id.clone(),
        done: !action.done,
    })
}

pub fn set_host(party: &Id) -> Event {
    Event::SetHost(SetHost {
        party: Some(party.clone()),
    })
}

/// An action item's activity goes round the activities, then none.
pub fn cycle_action_activity(s: &Session, action: &ActionItem) -> Event {
    let activities = s.activities.iter().map(|a| &a.id);
    Event::SetActionActivity(SetActionActivity {
        action: action.id.clone(),
        activity: next_or_none(activities, action.activity.as_ref()),
    })
}

/// The host goes round the parties, then none.
pub fn cycle_host(s: &Session) -> Event {
    let parties = s.parties.iter().map(|p| &p.id);
    Event::SetHost(SetHost {
        party: next_or_none(parties, s.meta.host.as_ref()),
    })
}

/// Japanese ↔ English.
pub fn toggle_lang(s: &Session) -> Event {
    Event::SetLang(SetLang {
        lang: match s.meta.lang {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        },
    })
}

pub fn set_start(start: Option<Stamp>) -> Event {
    Event::SetStart(SetStart { start })
}

pub fn set_end(end: Option<Stamp>) -> Event {
    Event::SetEnd(SetEnd { end })
}

pub fn set_next_start(start: Option<Stamp>) -> Event {
    Event::SetNextStart(SetNextStart { start })
}

/// Not set → 公開 → 非公開 → not set.
pub fn cycle_disclosure(s: &Session) -> Event {
    Event::SetDisclosure(SetDisclosure {
        disclosure: match s.meta.disclosure {
            None => Some(Disclosure::Public),
            Some(Disclosure::Public) => Some(Disclosure::Closed),
            Some(Disclosure::Closed) => None,
        },
    })
}

/// Close the meeting (閉会) at `now`: its end is recorded, and a step timer still running
/// stops there (its time counts up to the close). One change, undone as one.
pub fn close_meeting(s: &Session, now: Stamp) -> Event {
    let mut events: Vec<Event> = s
        .meta
        .steps
        .iter()
        .zip(1..=STEPS)
        .filter(|(st, _)| st.running_since.is_some())
        .map(|(st, step)| {
            Event::SetTimer(SetTimer {
                step,
                spent_sec: st.spent_at(&now),
                running_since: None,
            })
        })
        .collect();
    events.push(set_end(Some(now)));
    one_or_batch(events)
}

/// Whether quitting should ask to close the meeting: the room reached the last step and no
/// end is recorded yet.
pub fn close_on_quit(s: &Session) -> bool {
    s.meta.step >= STEPS && s.meta.end.is_none()
}

pub fn set_timebox(step: u8, minutes: u32) -> Event {
    Event::SetTimebox(SetTimebox { step, minutes })
}

pub fn move_to(id: &Id, to: usize) -> Event {
    Event::Move(Move { id: id.clone(), to })
}

/// What comes after `now` going round none, then each of `ids` in order (none again after the
/// last; from one that is not among them, as from none).
fn next_or_none<'a>(ids: impl Iterator<Item = &'a Id>, now: Option<&Id>) -> Option<Id> {
    let ids: Vec<&Id> = ids.collect();
    let next = match now.and_then(|now| ids.iter().position(|id| *id == now)) {
        Some(at) => ids.get(at + 1),
        None => ids.first(),
    };
    next.map(|id| (*id).clone())
}

fn next_of<T: PartialEq + Copy>(all: &[T], now: &T) -> T {
    let at = all.iter().position(|x| x == now).unwrap_or(0);
    all[(at + 1) % all.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::apply::apply;

    fn session() -> Session {
        let mut s = Session::empty();
        for e in [
            add_party(&s, "地域猫の会".into()),
            add_party(
                &Session {
                    next_id: 2,
                    ..s.clone()
                },
                "町内会".into(),
            ),
        ] {
            apply(&mut s, &e).unwrap();
        }
        s
    }

    #[test]
    fn deleting_a_party_in_an_activity_removes_its_row_first() {
        let mut s = session();
        let host = s.parties[0].id.clone();
        let other = s.parties[1].id.clone();
        apply(&mut s, &set_host(&host)).unwrap();
        let e = add_activity(&s, "TNR".into());
        apply(&mut s, &e).unwrap();
        let a = s.activities[0].id.clone();
        apply(&mut s, &add_participant(&a, &other)).unwrap();
        apply(
            &mut s,
            &Event::SetLead(SetLead {
                activity: a.clone(),
                party: Some(other.clone()),
            }),
        )
        .unwrap();
        let before = s.clone();
        let event = delete(&s, &other);
        let inverse = crate::core::apply::apply_inverse(&mut s, &event).unwrap();
        assert!(s.party(&other).is_none());
        assert!(s.activities[0].participants.is_empty());
        assert_eq!(s.activities[0].lead, None);
        crate::core::apply::apply_inverse(&mut s, &inverse).unwrap();
        assert_eq!(s, before, "one undo brings it all back");
    }

    #[test]
    fn deleting_a_linked_purpose_unlinks_it_first() {
        let mut s = session();
        let p = s.parties[1].id.clone();
        let e = add_activity(&s, "TNR".into());
        apply(&mut s, &e).unwrap();
        let a = s.activities[0].id.clone();
        apply(&mut s, &add_participant(&a, &p)).unwrap();
        let link = add_linked_item(&s, &a, &p, PartyList::Purposes, "猫の苦情を減らす".into());
        apply(&mut s, &link).unwrap();
        let item = s.parties[1].purposes[0].id.clone();
        let e = delete(&s, &item);
        apply(&mut s, &e).unwrap();
        assert!(s.parties[1].purposes.is_empty());
        assert!(s.activities[0].participants[0].purposes.is_empty());
    }

    #[test]
    fn the_host_and_an_action_items_activity_go_round() {
        let mut s = session();
        let e = cycle_host(&s);
        apply(&mut s, &e).unwrap();
        assert_eq!(s.meta.host.as_ref().map(Id::as_str), Some("p1"));
        let e = cycle_host(&s);
        apply(&mut s, &e).unwrap();
        assert_eq!(s.meta.host.as_ref().map(Id::as_str), Some("p2"));
        let e = cycle_host(&s);
        apply(&mut s, &e).unwrap();
        assert_eq!(s.meta.host, None, "then none");
        let e = add_activity(&s, "TNR".into());
        apply(&mut s, &e).unwrap();
        let e = add_action(&s, "チラシ".into());
        apply(&mut s, &e).unwrap();
        let e = cycle_action_activity(&s, &s.action_items[0]);
        apply(&mut s, &e).unwrap();
        assert_eq!(s.action_items[0].activity, Some(s.activities[0].id.clone()));
        let e = cycle_action_activity(&s, &s.action_items[0]);
        apply(&mut s, &e).unwrap();
        assert_eq!(s.action_items[0].activity, None);
    }

    #[test]
    fn the_lead_goes_round_the_parties_taking_part_then_none() {
        let id = |s: &str| s.parse::<Id>().unwrap();
        let mut a = Activity::new(id("a1"), "TNR");
        a.participants = vec![Participant::new(id("p2")), Participant::new(id("p3"))];
        let lead_after = |lead: Option<&str>| {
            let a = Activity {
                lead: lead.map(id),
                ..a.clone()
            };
            match cycle_lead(&a) {
                Event::SetLead(e) => e.party,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(lead_after(None), Some(id("p2")));
        assert_eq!(lead_after(Some("p2")), Some(id("p3")));
        assert_eq!(lead_after(Some("p3")), None);
        // A lead that no longer takes part: as from none.
        assert_eq!(lead_after(Some("p9")), Some(id("p2")));
    }

    #[test]
    fn a_running_timer_follows_the_step() {
        let mut s = session();
        let t0 = Stamp::from_unix(1_800_000_000, 9 * 3600);
        let e = toggle_timer(&s, 1, t0).unwrap();
        apply(&mut s, &e).unwrap();
        let later = t0.plus_seconds(90);
        let e = go_step(&s, 2, later).unwrap();
        apply(&mut s, &e).unwrap();
        assert_eq!(s.meta.step, 2);
        assert_eq!(s.meta.steps[0].spent_sec, 90);
        assert_eq!(s.meta.steps[0].running_since, None);
        assert_eq!(s.meta.steps[1].running_since, Some(later));
    }
}
