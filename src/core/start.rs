//! How a session begins: the events that set up a new meeting, or carry an old meeting's
//! parties and activities into a follow-up. Every session's history starts from empty, so the
//! history always replays to the state.

use super::apply::apply;
use super::event::*;
use super::session::{Id, Lang, Party, Session, TextField, prefix};
use super::stamp::Stamp;

/// What `sori new` was told.
#[derive(Clone, Debug, Default)]
pub struct NewSession {
    pub title: String,
    pub venue: String,
    pub facilitator: String,
    pub lang: Lang,
    pub host: Option<String>,
    pub parties: Vec<String>,
}

/// Hands out fresh ids, counting on from a session's `next_id`.
#[derive(Clone, Debug)]
pub struct IdGen {
    next: u64,
}

impl IdGen {
    pub fn for_session(s: &Session) -> IdGen {
        IdGen {
            next: s.next_id.max(1),
        }
    }

    pub fn next(&mut self, prefix: char) -> Id {
        let id = Id::new(prefix, self.next);
        // Past `MAX_ID_NUMBER` the ids are refused by `apply`; never overflow on the way.
        self.next = self.next.saturating_add(1);
        id
    }
}

fn set_text(field: TextField, text: &str) -> Option<Event> {
    (!text.is_empty()).then(|| {
        Event::SetText(SetText {
            field,
            text: text.to_string(),
        })
    })
}

/// The events that set up a new meeting starting `at`.
pub fn new_session_events(opts: &NewSession, at: Stamp) -> Vec<Event> {
    let mut ids = IdGen { next: 1 };
    let mut out = vec![
        Event::SetStart(SetStart { start: Some(at) }),
        Event::SetLang(SetLang { lang: opts.lang }),
    ];
    out.extend(set_text(TextField::Title, &opts.title));
    out.extend(set_text(TextField::Venue, &opts.venue));
    out.extend(set_text(TextField::Facilitator, &opts.facilitator));
    if let Some(host) = &opts.host {
        let id = ids.next(prefix::PARTY);
        out.push(Event::AddParty(AddParty {
            party: Party::new(id.clone(), host),
            index: None,
        }));
        out.push(Event::SetHost(SetHost { party: Some(id) }));
    }
    for name in &opts.parties {
        let id = ids.next(prefix::PARTY);
        out.push(Event::AddParty(AddParty {
            party: Party::new(id, name),
            index: None,
        }));
    }
    out
}

/// The events that start a follow-up meeting from `old`: its parties (with their goals),
/// host, activities (with roles, benefits and evaluations), decisions, open action items and
/// parking lot carry over; the title and date are new. A meeting that had reached planning
/// (step 3 or later) with activities continues at step 4, evaluation.
pub fn carry_over_events(old: &Session, title: &str, lang: Lang, at: Stamp) -> Vec<Event> {
    let mut out = vec![
        Event::SetStart(SetStart { start: Some(at) }),
        Event::SetLang(SetLang { lang }),
    ];
    out.extend(set_text(TextField::Title, title));
    out.extend(set_text(TextField::Venue, &old.meta.venue));
    out.extend(set_text(TextField::Facilitator, &old.meta.facilitator));
    for party in &old.parties {
        out.push(Event::AddParty(AddParty {
            party: party.clone(),
            index: None,
        }));
    }
    if old.meta.host.is_some() {
        out.push(Event::SetHost(SetHost {
            party: old.meta.host.clone(),
        }));
    }
    for activity in &old.activities {
        out.push(Event::AddActivity(AddActivity {
            activity: activity.clone(),
            index: None,
        }));
    }
    for (list, items) in [
        (super::session::ListRef::Decisions, &old.decisions),
        (super::session::ListRef::ParkingLot, &old.parking_lot),
    ] {
        for item in items {
            out.push(Event::AddItem(AddItem {
                list: list.clone(),
                id: item.id.clone(),
                text: item.text.clone(),
                index: None,
            }));
        }
    }
    for action in old.action_items.iter().filter(|t| !t.done) {
        out.push(Event::AddAction(AddAction {
            action: action.clone(),
            index: None,
        }));
    }
    for (step, state) in old.meta.steps.iter().enumerate() {
        if state.timebox_min != super::session::DEFAULT_TIMEBOX_MIN[step] {
            out.push(Event::SetTimebox(SetTimebox {
                step: step as u8 + 1,
                minutes: state.timebox_min,
            }));
        }
    }
    if old.meta.step >= 3 && !old.activities.is_empty() {
        out.push(Event::SetStep(SetStep { step: 4 }));
    }
    out
}

/// What `sori new --from OLD` is told besides the old meeting; `None` keeps the old one's.
#[derive(Clone, Debug, Default)]
pub struct FollowUp {
    pub title: Option<String>,
    pub venue: Option<String>,
    pub facilitator: Option<String>,
    pub lang: Lang,
    /// The host this time: a party of the old meeting by its name, or a new party.
    pub host: Option<String>,
    /// Partners invited this time (those already there by name are not added twice).
    pub parties: Vec<String>,
}

/// The events that start a follow-up meeting from `old`: what carries over
/// (`carry_over_events`), then what is new this time: the details given, the host, the
/// partners invited.
pub fn follow_up_events(old: &Session, opts: &FollowUp, at: Stamp) -> Vec<Event> {
    let title = opts.title.as_deref().unwrap_or(&old.meta.title);
    let mut out = carry_over_events(old, title, opts.lang, at);
    // The new details name parties by the ids the carried-over state gives them.
    let mut carried = Session::empty();
    for event in &out {
        // An event that does not apply is refused again, with its reason, when committed.
        let _ = apply(&mut carried, event);
    }
    for (field, value) in [
        (TextField::Venue, &opts.venue),
        (TextField::Facilitator, &opts.facilitator),
    ] {
        if let Some(text) = value {
            out.push(Event::SetText(SetText {
                field,
                text: text.clone(),
            }));
        }
    }
    let mut ids = IdGen::for_session(&carried);
    let mut added: Vec<(String, Id)> = vec![];
    let mut party_named = |name: &str, out: &mut Vec<Event>| {
        if let Some(p) = carried.parties.iter().find(|p| p.name == name) {
            return p.id.clone();
        }
        if let Some((_, id)) = added.iter().find(|(n, _)| n == name) {
            return id.clone();
        }
        let id = ids.next(prefix::PARTY);
        out.push(Event::AddParty(AddParty {
            party: Party::new(id.clone(), name),
            index: None,
        }));
        added.push((name.to_string(), id.clone()));
        id
    };
    if let Some(host) = &opts.host {
        let id = party_named(host, &mut out);
        out.push(Event::SetHost(SetHost { party: Some(id) }));
    }
    for name in &opts.parties {
        party_named(name, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::apply::apply;
    use crate::core::session::{ActionItem, Activity, Participant};

    fn at() -> Stamp {
        "2026-11-27T14:00:00+09:00".parse().unwrap()
    }

    #[test]
    fn new_session_has_host_and_partners() {
        let opts = NewSession {
            title: "地域猫".into(),
            host: Some("地域猫の会".into()),
            parties: vec!["町内会".into(), "保健所".into()],
            lang: Lang::Ja,
            ..NewSession::default()
        };
        let mut s = Session::empty();
        for e in new_session_events(&opts, at()) {
            apply(&mut s, &e).unwrap();
        }
        assert_eq!(s.meta.title, "地域猫");
        assert_eq!(s.meta.lang, Lang::Ja);
        assert_eq!(s.host().unwrap().name, "地域猫の会");
        let names: Vec<_> = s.partners().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["町内会", "保健所"]);
        assert_eq!(s.meta.start, Some(at()));
    }

    #[test]
    fn carry_over_keeps_parties_activities_and_open_actions() {
        let mut old = Session::empty();
        let mut ids = IdGen::for_session(&old);
        let p = ids.next('p');
        let q = ids.next('p');
        let a = ids.next('a');
        let done = ids.next('t');
        let open = ids.next('t');
        let events = vec![
            Event::AddParty(AddParty {
                party: Party::new(p.clone(), "NPO"),
                index: None,
            }),
            Event::AddParty(AddParty {
                party: Party::new(q.clone(), "市"),
                index: None,
            }),
            Event::SetHost(SetHost {
                party: Some(p.clone()),
            }),
            Event::AddActivity(AddActivity {
                activity: Activity {
                    participants: vec![Participant::new(p.clone()), Participant::new(q.clone())],
                    ..Activity::new(a.clone(), "公園の管理")
                },
                index: None,
            }),
            Event::AddAction(AddAction {
                action: ActionItem {
                    done: true,
                    ..ActionItem::new(done, "済")
                },
                index: None,
            }),
            Event::AddAction(AddAction {
                action: ActionItem::new(open.clone(), "未"),
                index: None,
            }),
            Event::SetStep(SetStep { step: 3 }),
        ];
        for e in &events {
            apply(&mut old, e).unwrap();
        }
        let mut new = Session::empty();
        for e in carry_over_events(&old, "二回目", Lang::Ja, at()) {
            apply(&mut new, &e).unwrap();
        }
        assert_eq!(new.meta.title, "二回目");
        assert_eq!(new.parties, old.parties);
        assert_eq!(new.activities, old.activities);
        assert_eq!(new.meta.host, Some(p));
        assert_eq!(new.action_items.len(), 1);
        assert_eq!(new.action_items[0].id, open);
        assert_eq!(new.meta.step, 4);
    }
}
