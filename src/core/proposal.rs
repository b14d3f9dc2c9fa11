//! What a party proposes from a phone in the room (`room_server`), and the change it becomes
//! once the facilitator accepts it: the domain's rules, with no network in sight.
//!
//! A proposal is always its party's own: an item of its purposes, challenges or strengths
//! (steps 1–2), a role or a benefit for its row of an activity (step 3), a dot vote. It changes
//! nothing until the facilitator accepts it; then `event` builds the change from the session as
//! it is at that moment (a role is added to what the row already says, never written over it),
//! and `History::commit_from` records it with its `Origin`.

use super::edits;
use super::event::Event;
use super::history::Origin;
use super::session::{Id, ListRef, PartyList, Session, TextField};

/// The lists of its own a party adds to from a phone.
pub const PHONE_LISTS: [PartyList; 3] = [
    PartyList::Purposes,
    PartyList::Challenges,
    PartyList::Strengths,
];

/// Dot votes each party has while the room is open.
pub const DOTS_PER_PARTY: u32 = 3;

/// The most characters a text typed on a phone may hold: a sticky note, not a document.
pub const PHONE_TEXT_MAX: usize = 1_000;

/// The most characters of a person's name typed on a phone.
pub const PHONE_NAME_MAX: usize = 60;

/// What a phone proposes for its party.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Proposal {
    /// A purpose, a challenge or a strength (one of `PHONE_LISTS`).
    Item { list: PartyList, text: String },
    /// A role for the party's row of an activity's 相利評価表.
    Role { activity: Id, text: String },
    /// A benefit (相利) for the party's row of an activity.
    Benefit { activity: Id, text: String },
    /// One of the party's dots on an activity.
    Vote { activity: Id },
}

impl Proposal {
    /// The text proposed (a vote has none).
    pub fn text(&self) -> Option<&str> {
        match self {
            Proposal::Item { text, .. }
            | Proposal::Role { text, .. }
            | Proposal::Benefit { text, .. } => Some(text),
            Proposal::Vote { .. } => None,
        }
    }

    /// The same proposal with another text (the facilitator edited it before accepting).
    pub fn with_text(&self, new: String) -> Proposal {
        match self {
            Proposal::Item { list, .. } => Proposal::Item {
                list: *list,
                text: new,
            },
            Proposal::Role { activity, .. } => Proposal::Role {
                activity: activity.clone(),
                text: new,
            },
            Proposal::Benefit { activity, .. } => Proposal::Benefit {
                activity: activity.clone(),
                text: new,
            },
            Proposal::Vote { .. } => self.clone(),
        }
    }

    /// The activity it is about, if any.
    pub fn activity(&self) -> Option<&Id> {
        match self {
            Proposal::Role { activity, .. }
            | Proposal::Benefit { activity, .. }
            | Proposal::Vote { activity } => Some(activity),
            Proposal::Item { .. } => None,
        }
    }
}

/// A proposal with the party it is for and the person who made it (if they gave a name).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Contribution {
    pub party: Id,
    pub name: Option<String>,
    pub proposal: Proposal,
}

impl Contribution {
    /// Where the change it becomes came from, for the history.
    pub fn origin(&self) -> Origin {
        Origin {
            party: self.party.clone(),
            name: self.name.clone(),
        }
    }
}

/// Why an accepted proposal cannot become a change (the session moved on since it was sent).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unusable {
    /// Its party is no longer in the session.
    PartyGone,
    /// The activity it is about is no longer in the session.
    ActivityGone,
    /// Nothing to add: the text is empty.
    Empty,
    /// The activity's votes cannot count higher.
    VotesFull,
}

/// The change an accepted contribution makes to the session as it is now. A role or a benefit
/// goes on a new line after what the row already says; a party that has no row in the activity
/// yet joins it first (as `edits::join` does: its purposes and challenges ticked).
pub fn event(s: &Session, c: &Contribution) -> Result<Event, Unusable> {
    if s.party(&c.party).is_none() {
        return Err(Unusable::PartyGone);
    }
    if let Some(text) = c.proposal.text()
        && text.trim().is_empty()
    {
        return Err(Unusable::Empty);
    }
    let activity = match c.proposal.activity() {
        Some(id) => Some(s.activity(id).ok_or(Unusable::ActivityGone)?),
        None => None,
    };
    match &c.proposal {
        Proposal::Item { list, text } => {
            let list = ListRef::Party(c.party.clone(), *list);
            Ok(edits::add_item(s, list, text.trim().to_string()).0)
        }
        Proposal::Role { text, .. } | Proposal::Benefit { text, .. } => {
            let a = activity.ok_or(Unusable::ActivityGone)?;
            let field = match c.proposal {
                Proposal::Role { .. } => TextField::Role(a.id.clone(), c.party.clone()),
                _ => TextField::Benefit(a.id.clone(), c.party.clone()),
            };
            let before = s.text(&field).unwrap_or_default().trim_end();
            let after = if before.is_empty() {
                text.trim().to_string()
            } else {
                format!("{before}\n{}", text.trim())
            };
            let set = edits::set_text(field, after);
            Ok(match edits::join(s, &a.id, &c.party) {
                Some(join) => Event::Batch(vec![join, set]),
                None => set,
            })
        }
        Proposal::Vote { .. } => {
            let a = activity.ok_or(Unusable::ActivityGone)?;
            edits::add_vote(a).ok_or(Unusable::VotesFull)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::apply::apply;

    fn id(s: &str) -> Id {
        s.parse().unwrap()
    }

    /// The host `p1` with a purpose, its purpose `i2`, the partner `p3`; the activity `a4` with the host's row
    /// (its role: 餌やり).
    fn session() -> Session {
        let mut s = Session::empty();
        let add = |s: &mut Session, make: &dyn Fn(&Session) -> Event| {
            let e = make(s);
            apply(s, &e).unwrap();
        };
        add(&mut s, &|s| edits::add_host(s, "NPO".into()));
        let purposes = ListRef::Party(id("p1"), PartyList::Purposes);
        add(&mut s, &|s| {
            edits::add_item(s, purposes.clone(), "猫を減らす".into()).0
        });
        add(&mut s, &|s| edits::add_party(s, "町内会".into()));
        add(&mut s, &|s| edits::add_activity(s, "地域猫".into()));
        add(&mut s, &|s| edits::join(s, &id("a4"), &id("p1")).unwrap());
        let role = TextField::Role(id("a4"), id("p1"));
        add(&mut s, &|_| edits::set_text(role.clone(), "餌やり".into()));
        s
    }

    fn contribution(party: &str, proposal: Proposal) -> Contribution {
        Contribution {
            party: id(party),
            name: Some("田中".into()),
            proposal,
        }
    }

    #[test]
    fn an_item_is_added_to_the_party_s_own_list() {
        let mut s = session();
        let c = contribution(
            "p3",
            Proposal::Item {
                list: PartyList::Challenges,
                text: "  ゴミ出し  ".into(),
            },
        );
        let e = event(&s, &c).unwrap();
        apply(&mut s, &e).unwrap();
        let p2 = s.party(&id("p3")).unwrap();
        assert_eq!(p2.challenges.len(), 1);
        assert_eq!(p2.challenges[0].text, "ゴミ出し");
        assert_eq!(c.origin().name.as_deref(), Some("田中"));
    }

    #[test]
    fn a_role_goes_after_what_the_row_says_and_a_party_without_a_row_joins() {
        let mut s = session();
        let role = |party: &str| {
            contribution(
                party,
                Proposal::Role {
                    activity: id("a4"),
                    text: "見回り".into(),
                },
            )
        };
        let e = event(&s, &role("p1")).unwrap();
        apply(&mut s, &e).unwrap();
        let a = s.activity(&id("a4")).unwrap();
        assert_eq!(a.participant(&id("p1")).unwrap().role, "餌やり\n見回り");
        let e = event(&s, &role("p3")).unwrap();
        apply(&mut s, &e).unwrap();
        let a = s.activity(&id("a4")).unwrap();
        assert_eq!(a.participant(&id("p3")).unwrap().role, "見回り");
        let benefit = contribution(
            "p3",
            Proposal::Benefit {
                activity: id("a4"),
                text: "静かな夜".into(),
            },
        );
        let e = event(&s, &benefit).unwrap();
        apply(&mut s, &e).unwrap();
        let a = s.activity(&id("a4")).unwrap();
        assert_eq!(a.participant(&id("p3")).unwrap().benefit, "静かな夜");
    }

    #[test]
    fn a_vote_counts_one_more() {
        let mut s = session();
        let vote = contribution("p3", Proposal::Vote { activity: id("a4") });
        for _ in 0..2 {
            let e = event(&s, &vote).unwrap();
            apply(&mut s, &e).unwrap();
        }
        assert_eq!(s.activities[0].votes, 2);
        s.activities[0].votes = u32::MAX;
        assert_eq!(event(&s, &vote), Err(Unusable::VotesFull));
    }

    #[test]
    fn what_the_session_no_longer_has_is_said() {
        let s = session();
        let gone = contribution("p9", Proposal::Vote { activity: id("a4") });
        assert_eq!(event(&s, &gone), Err(Unusable::PartyGone));
        let gone = contribution("p3", Proposal::Vote { activity: id("a9") });
        assert_eq!(event(&s, &gone), Err(Unusable::ActivityGone));
        let empty = contribution(
            "p3",
            Proposal::Item {
                list: PartyList::Purposes,
                text: " \n ".into(),
            },
        );
        assert_eq!(event(&s, &empty), Err(Unusable::Empty));
    }
}
