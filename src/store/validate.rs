//! What a loaded file must hold beyond its shape: ids unique and of the right kind, every
//! reference pointing at something that exists, numbers in range.

use std::collections::HashMap;

use crate::core::session::{Id, MAX_ID_NUMBER, MeetingList, PartyList, STEPS, Session, prefix};

/// One problem, at a path in the file (`activities[2].lead`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

fn problem(path: String, message: impl Into<String>) -> Problem {
    Problem {
        path,
        message: message.into(),
    }
}

/// Check a freshly read session. (A `next_id` that a hand edit left behind is not a problem:
/// the loader raises it with `core::apply::raise_counter`.)
pub fn validate(s: &Session) -> Result<(), Problem> {
    if !(1..=STEPS).contains(&s.meta.step) {
        return Err(problem(
            "meta.step".into(),
            format!("step {} is not 1 to 5", s.meta.step),
        ));
    }
    if s.meta.steps.len() != usize::from(STEPS) {
        return Err(problem(
            "meta.steps".into(),
            format!("expected 5 steps, found {}", s.meta.steps.len()),
        ));
    }

    let mut seen: HashMap<&Id, String> = HashMap::new();
    let mut ids: Vec<(&Id, char, String)> = vec![];
    for (pi, party) in s.parties.iter().enumerate() {
        ids.push((&party.id, prefix::PARTY, format!("parties[{pi}].id")));
        for list in PartyList::ALL {
            for (ii, item) in party.list(list).iter().enumerate() {
                ids.push((
                    &item.id,
                    prefix::ITEM,
                    format!("parties[{pi}].{}[{ii}].id", list.key()),
                ));
            }
        }
    }
    for (ai, a) in s.activities.iter().enumerate() {
        ids.push((&a.id, prefix::ACTIVITY, format!("activities[{ai}].id")));
        for (ii, item) in a.improvements.iter().enumerate() {
            ids.push((
                &item.id,
                prefix::ITEM,
                format!("activities[{ai}].improvements[{ii}].id"),
            ));
        }
    }
    for (i, item) in s.decisions.iter().enumerate() {
        ids.push((&item.id, prefix::ITEM, format!("decisions[{i}].id")));
    }
    for (i, t) in s.action_items.iter().enumerate() {
        ids.push((&t.id, prefix::ACTION, format!("action_items[{i}].id")));
    }
    for (i, item) in s.parking_lot.iter().enumerate() {
        ids.push((&item.id, prefix::ITEM, format!("parking_lot[{i}].id")));
    }
    for (i, x) in s.expansion.iter().enumerate() {
        ids.push((&x.id, prefix::IDEA, format!("expansion[{i}].id")));
    }
    for list in MeetingList::ALL {
        for (i, item) in s.meta.list(list).iter().enumerate() {
            ids.push((
                &item.id,
                prefix::ITEM,
                format!("meta.{}[{i}].id", list.key()),
            ));
        }
    }
    for (id, want, path) in ids {
        if id.prefix() != want {
            return Err(problem(path, format!("id {id} should start with '{want}'")));
        }
        if let Some(first) = seen.get(id) {
            return Err(problem(
                path,
                format!("duplicate id {id} (also at {first})"),
            ));
        }
        seen.insert(id, path);
    }

    let party_exists = |id: &Id| s.party(id).is_some();
    if let Some(host) = &s.meta.host
        && !party_exists(host)
    {
        return Err(problem(
            "meta.host".into(),
            format!("no party has id {host}"),
        ));
    }
    for (ai, a) in s.activities.iter().enumerate() {
        if let Some(lead) = &a.lead
            && !party_exists(lead)
        {
            return Err(problem(
                format!("activities[{ai}].lead"),
                format!("no party has id {lead}"),
            ));
        }
        for (pj, part) in a.participants.iter().enumerate() {
            let here = format!("activities[{ai}].participants[{pj}]");
            let Some(party) = s.party(&part.party) else {
                return Err(problem(
                    format!("{here}.party"),
                    format!("no party has id {}", part.party),
                ));
            };
            if a.participants[..pj].iter().any(|q| q.party == part.party) {
                return Err(problem(
                    format!("{here}.party"),
                    format!("party {} takes part twice", part.party),
                ));
            }
            for (key, links, list) in [
                ("purposes", &part.purposes, &party.purposes),
                ("challenges", &part.challenges, &party.challenges),
            ] {
                for (k, link) in links.iter().enumerate() {
                    if !list.iter().any(|it| &it.id == link) {
                        return Err(problem(
                            format!("{here}.{key}[{k}]"),
                            format!("{link} is not one of the {key} of party {}", party.id),
                        ));
                    }
                    if links[..k].contains(link) {
                        return Err(problem(
                            format!("{here}.{key}[{k}]"),
                            format!("{link} is listed twice"),
                        ));
                    }
                }
            }
        }
    }
    for (i, t) in s.action_items.iter().enumerate() {
        if let Some(a) = &t.activity
            && s.activity(a).is_none()
        {
            return Err(problem(
                format!("action_items[{i}].activity"),
                format!("no activity has id {a}"),
            ));
        }
    }
    for (i, x) in s.expansion.iter().enumerate() {
        if let Some(a) = &x.activity
            && s.activity(a).is_none()
        {
            return Err(problem(
                format!("expansion[{i}].activity"),
                format!("no activity has id {a}"),
            ));
        }
    }
    if s.next_id > MAX_ID_NUMBER + 1 {
        return Err(problem(
            "next_id".into(),
            format!("{} is too large (ids have at most 15 digits)", s.next_id),
        ));
    }
    Ok(())
}
