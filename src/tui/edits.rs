//! The events the workshop screen sends, built from the session and what is selected. Pure
//! functions: they read the session and return an `Event` for `Document::commit`.
//!
//! Removing something that others refer to is one `Batch` that first removes the references,
//! so it applies (the core refuses a `Remove` while references remain) and one undo brings
//! everything back.

use crate::core::event::*;
use crate::core::session::{
    Achieved, ActionItem, Activity, Id, Idea, IdeaKind, Lang, ListRef, PARTY_KINDS, Participant,
    Party, PartyList, STEPS, Session, Status, TextField, prefix,
};
use crate::core::stamp::Stamp;
use crate::core::start::IdGen;

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

/// Remove a party: first its places in activities (as participant or lead) and its role as
/// host.
pub fn delete_party(s: &Session, party: &Id) -> Event {
    let mut events = vec![];
    for a in &s.activities {
        if a.lead.as_ref() == Some(party) {
            events.push(Event::SetLead(SetLead {
                activity: a.id.clone(),
                party: None,
            }));
        }
        if a.participant(party).is_some() {
            events.push(Event::RemoveParticipant(RemoveParticipant {
                activity: a.id.clone(),
                party: party.clone(),
            }));
        }
    }
    if s.meta.host.as_ref() == Some(party) {
        events.push(Event::SetHost(SetHost { party: None }));
    }
    events.push(remove(party));
    one_or_batch(events)
}

/// Remove an item: first unlink it from every row of the 相利評価表 that names it.
pub fn delete_item(s: &Session, item: &Id) -> Event {
    let mut events = vec![];
    for a in &s.activities {
        for part in &a.participants {
            if part.purposes.contains(item) || part.challenges.contains(item) {
                events.push(Event::SetLink(SetLink {
                    activity: a.id.clone(),
                    party: part.party.clone(),
                    item: item.clone(),
                    on: false,
                    index: None,
                }));
            }
        }
    }
    events.push(remove(item));
    one_or_batch(events)
}

/// Remove an activity: first its links from action items and expansion ideas.
pub fn delete_activity(s: &Session, activity: &Id) -> Event {
    let mut events = vec![];
    for t in &s.action_items {
        if t.activity.as_ref() == Some(activity) {
            events.push(Event::SetActionActivity(SetActionActivity {
                action: t.id.clone(),
                activity: None,
            }));
        }
    }
    for x in &s.expansion {
        if x.activity.as_ref() == Some(activity) {
            events.push(Event::SetIdeaActivity(SetIdeaActivity {
                idea: x.id.clone(),
                activity: None,
            }));
        }
    }
    events.push(remove(activity));
    one_or_batch(events)
}

/// Remove anything by id, with its references.
pub fn delete(s: &Session, id: &Id) -> Event {
    match id.prefix() {
        prefix::PARTY => delete_party(s, id),
        prefix::ITEM => delete_item(s, id),
        prefix::ACTIVITY => delete_activity(s, id),
        _ => remove(id),
    }
}

/// Set a text field, unless it already holds that text.
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
        coop: activity.coop % 3 + 1,
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
    let mut options: Vec<Option<Id>> = vec![None];
    options.extend(activity.participants.iter().map(|p| Some(p.party.clone())));
    let at = options
        .iter()
        .position(|o| o == &activity.lead)
        .unwrap_or(0);
    Event::SetLead(SetLead {
        activity: activity.id.clone(),
        party: options[(at + 1) % options.len()].clone(),
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
    let mut options: Vec<Option<Id>> = vec![None];
    options.extend(s.activities.iter().map(|a| Some(a.id.clone())));
    let at = options
        .iter()
        .position(|o| o == &idea.activity)
        .unwrap_or(0);
    Event::SetIdeaActivity(SetIdeaActivity {
        idea: idea.id.clone(),
        activity: options[(at + 1) % options.len()].clone(),
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
    let mut options: Vec<Option<Id>> = vec![None];
    options.extend(s.activities.iter().map(|a| Some(a.id.clone())));
    let at = options
        .iter()
        .position(|o| o == &action.activity)
        .unwrap_or(0);
    Event::SetActionActivity(SetActionActivity {
        action: action.id.clone(),
        activity: options[(at + 1) % options.len()].clone(),
    })
}

/// The host goes round the parties, then none.
pub fn cycle_host(s: &Session) -> Event {
    let mut options: Vec<Option<Id>> = vec![None];
    options.extend(s.parties.iter().map(|p| Some(p.id.clone())));
    let at = options.iter().position(|o| o == &s.meta.host).unwrap_or(0);
    Event::SetHost(SetHost {
        party: options[(at + 1) % options.len()].clone(),
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

pub fn set_timebox(step: u8, minutes: u32) -> Event {
    Event::SetTimebox(SetTimebox { step, minutes })
}

/// What the facilitator typed could not be read (the editor stays open to fix it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Unreadable;

/// The longest timebox the screen takes, in minutes.
pub const MAX_TIMEBOX_MIN: u32 = 999;

/// The start as the meeting's details show it and the editor begins with: local
/// `2026-11-27 14:00`, empty when there is none.
pub fn start_text(start: Option<&Stamp>) -> String {
    start
        .map(|st| format!("{} {}", st.ymd(), st.hm()))
        .unwrap_or_default()
}

/// Typed text in plain ASCII: full-width digits and signs (as an IME gives them) become
/// ASCII, and the date words 年 月 日 時 分 become separators, so `２０２６年１１月２７日 １４時`
/// reads like `2026-11-27 14:`.
fn ascii_form(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '日' | '分' => ' ',
            '年' | '月' => '-',
            '時' => ':',
            c => c,
        })
        .collect()
}

fn number<T: std::str::FromStr>(s: &str, max_digits: usize) -> Result<T, Unreadable> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Unreadable);
    }
    s.parse().map_err(|_| Unreadable)
}

/// The meeting's start from what was typed: `2026-11-27 14:00` (also `2026/11/27 14:00`,
/// `2026-11-27T14:00`, `2026年11月27日 14時`, full-width digits). A date alone keeps the old
/// start's time of day. The offset is the old start's, so the room's clock stays the room's;
/// without one, this machine's for that date. Empty text: no start.
pub fn parse_start(text: &str, old: Option<&Stamp>) -> Result<Option<Stamp>, Unreadable> {
    use jiff::civil::{Date, DateTime, Time};
    use jiff::tz::{Offset, TimeZone};
    let typed = ascii_form(text);
    let mut parts = typed
        .split(|c: char| c.is_whitespace() || c == 'T')
        .filter(|p| !p.is_empty());
    let Some(date) = parts.next() else {
        return Ok(None);
    };
    let time = parts.next();
    if parts.next().is_some() {
        return Err(Unreadable);
    }
    let ymd: Vec<&str> = date.trim_end_matches('-').split(['-', '/', '.']).collect();
    let [y, m, d] = ymd[..] else {
        return Err(Unreadable);
    };
    let date = Date::new(number(y, 4)?, number(m, 2)?, number(d, 2)?).map_err(|_| Unreadable)?;
    let (hour, minute) = match time {
        Some(time) => {
            let (h, m) = time.split_once(':').unwrap_or((time, ""));
            let m = if m.is_empty() { Ok(0) } else { number(m, 2) };
            (number(h, 2)?, m?)
        }
        None => old.map_or((0, 0), |st| {
            let t = st.local();
            (t.hour(), t.minute())
        }),
    };
    let time = Time::new(hour, minute, 0, 0).map_err(|_| Unreadable)?;
    let local = DateTime::from_parts(date, time);
    let (ts, offset) = match old {
        Some(st) => {
            let offset = Offset::from_seconds(st.offset_seconds()).map_err(|_| Unreadable)?;
            (offset.to_timestamp(local).map_err(|_| Unreadable)?, offset)
        }
        None => {
            let zone = TimeZone::system();
            let ts = zone
                .to_ambiguous_timestamp(local)
                .compatible()
                .map_err(|_| Unreadable)?;
            (ts, zone.to_offset(ts))
        }
    };
    Ok(Some(Stamp::from_unix(ts.as_second(), offset.seconds())))
}

/// A timebox from what was typed: whole minutes, 0 to `MAX_TIMEBOX_MIN` (`20`, `２０分`,
/// `20 min`).
pub fn parse_timebox(text: &str) -> Result<u32, Unreadable> {
    let typed = ascii_form(text);
    let typed = typed.trim();
    let typed = typed
        .strip_suffix("min")
        .or_else(|| typed.strip_suffix("minutes"))
        .unwrap_or(typed)
        .trim();
    let minutes: u32 = number(typed, 3)?;
    if minutes > MAX_TIMEBOX_MIN {
        return Err(Unreadable);
    }
    Ok(minutes)
}

pub fn move_to(id: &Id, to: usize) -> Event {
    Event::Move(Move { id: id.clone(), to })
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
    fn a_start_is_read_as_people_type_it_and_keeps_the_room_offset() {
        let old: Stamp = "2026-11-20T09:30:00+09:00".parse().unwrap();
        let read = |t: &str| parse_start(t, Some(&old)).map(|s| s.map(|s| s.to_string()));
        let expect = Ok(Some("2026-11-27T14:00:00+09:00".to_string()));
        for typed in [
            "2026-11-27 14:00",
            " 2026/11/27  14:00 ",
            "2026-11-27T14:00",
            "２０２６－１１－２７　１４：００",
            "2026年11月27日 14時",
            "2026年11月27日 14時00分",
        ] {
            assert_eq!(read(typed), expect, "{typed}");
        }
        // A date alone keeps the time of day.
        assert_eq!(
            read("2026-12-04"),
            Ok(Some("2026-12-04T09:30:00+09:00".to_string()))
        );
        assert_eq!(read("   "), Ok(None), "empty: no start");
        for bad in [
            "2026-13-01 10:00",
            "2026-02-30",
            "2026-11-27 25:00",
            "2026-11-27 14:60",
            "tomorrow",
            "2026-11 14:00",
            "2026-11-27 14:00 extra",
            "99999-01-01",
        ] {
            assert_eq!(read(bad), Err(Unreadable), "{bad}");
        }
        // A negative offset is kept too.
        let west: Stamp = "2026-01-02T03:04:05-05:30".parse().unwrap();
        let st = parse_start("2026-01-03 08:15", Some(&west))
            .unwrap()
            .unwrap();
        assert_eq!(st.to_string(), "2026-01-03T08:15:00-05:30");
        assert_eq!(start_text(Some(&st)), "2026-01-03 08:15");
        // Without an old start: the machine's offset for that date, the wall clock as typed.
        let st = parse_start("2026-11-27 14:00", None).unwrap().unwrap();
        assert_eq!(start_text(Some(&st)), "2026-11-27 14:00");
    }

    #[test]
    fn a_timebox_is_minutes() {
        assert_eq!(parse_timebox("20"), Ok(20));
        assert_eq!(parse_timebox("２０分"), Ok(20));
        assert_eq!(parse_timebox(" 45 min"), Ok(45));
        assert_eq!(parse_timebox("0"), Ok(0));
        assert_eq!(parse_timebox("999"), Ok(999));
        for bad in ["1000", "-5", "", "ten", "4294967296", "1.5"] {
            assert_eq!(parse_timebox(bad), Err(Unreadable), "{bad}");
        }
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
