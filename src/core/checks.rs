//! The 相利 checks: warnings derived from the state, never stored.
//!
//! Cooperation is partner-centred: a party that has a role in an activity but gains nothing from
//! it is a warning sign (one-sided cooperation); a purpose that no activity serves is a want the
//! room has not answered yet; an activity with fewer than two parties is not cooperation.

use std::collections::HashSet;

use super::session::{Id, Session};

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Warning {
    /// The party has a role in the activity but no benefit.
    OneSided { activity: Id, party: Id },
    /// No activity serves this purpose of this party.
    UnservedPurpose { party: Id, purpose: Id },
    /// The activity has fewer than two participating parties.
    FewParties { activity: Id, count: usize },
}

impl Warning {
    /// The activity this warning is about, if any.
    pub fn activity(&self) -> Option<&Id> {
        match self {
            Warning::OneSided { activity, .. } | Warning::FewParties { activity, .. } => {
                Some(activity)
            }
            Warning::UnservedPurpose { .. } => None,
        }
    }
}

/// Every warning in the session, activities first (in list order), then purposes.
pub fn warnings(s: &Session) -> Vec<Warning> {
    let mut out = vec![];
    for a in &s.activities {
        out.extend(activity_warnings(a));
    }
    out.extend(unserved_purposes(s));
    out
}

/// Warnings about one activity: one-sided parties and too few parties.
pub fn activity_warnings(a: &super::session::Activity) -> Vec<Warning> {
    let mut out = vec![];
    for p in &a.participants {
        if is_one_sided(p) {
            out.push(Warning::OneSided {
                activity: a.id.clone(),
                party: p.party.clone(),
            });
        }
    }
    if a.participants.len() < 2 {
        out.push(Warning::FewParties {
            activity: a.id.clone(),
            count: a.participants.len(),
        });
    }
    out
}

/// Whether `activity_warnings` has anything to say about the activity (without saying it).
pub fn has_warning(a: &super::session::Activity) -> bool {
    a.participants.len() < 2 || a.participants.iter().any(is_one_sided)
}

/// A role but no benefit.
pub fn is_one_sided(p: &super::session::Participant) -> bool {
    !p.role.trim().is_empty() && p.benefit.trim().is_empty()
}

/// The set of purpose ids that at least one activity serves.
pub fn served_purposes(s: &Session) -> HashSet<&Id> {
    s.activities
        .iter()
        .flat_map(|a| a.participants.iter())
        .flat_map(|p| p.purposes.iter())
        .collect()
}

/// The ids one party's rows in the activities link as served purposes: of its purposes, the
/// ones some activity serves (a row only links its own party's purposes). Looks at that
/// party's rows only, for a view that shows one party.
pub fn served_purposes_of<'s>(s: &'s Session, party: &Id) -> Vec<&'s Id> {
    s.activities
        .iter()
        .filter_map(|a| a.participant(party))
        .flat_map(|p| p.purposes.iter())
        .collect()
}

/// Purposes that no activity serves, party by party.
pub fn unserved_purposes(s: &Session) -> Vec<Warning> {
    let served = served_purposes(s);
    s.parties
        .iter()
        .flat_map(|party| {
            party
                .purposes
                .iter()
                .filter(|it| !served.contains(&it.id))
                .map(|it| Warning::UnservedPurpose {
                    party: party.id.clone(),
                    purpose: it.id.clone(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::session::Lang;

    #[test]
    fn has_warning_says_whether_there_are_warnings() {
        let (s, _) =
            crate::testkit::synth::generate(crate::testkit::synth::Size::LARGE, 2, Lang::En);
        let mut both = [false, false];
        for a in &s.activities {
            let warned = !activity_warnings(a).is_empty();
            assert_eq!(has_warning(a), warned, "{}", a.id);
            both[usize::from(warned)] = true;
        }
        assert_eq!(both, [true, true], "activities with and without warnings");
    }

    #[test]
    fn one_partys_served_purposes_are_those_of_the_whole_session() {
        let (s, _) =
            crate::testkit::synth::generate(crate::testkit::synth::Size::SMALL, 3, Lang::Ja);
        let all = served_purposes(&s);
        let mut some_served = false;
        for party in &s.parties {
            let one = served_purposes_of(&s, &party.id);
            for purpose in &party.purposes {
                assert_eq!(one.contains(&&purpose.id), all.contains(&purpose.id));
                some_served |= one.contains(&&purpose.id);
            }
        }
        assert!(some_served);
    }
}
