//! What refers to a thing. One answer for the two questions that need it: `apply` refuses to
//! remove a thing while anything refers to it, and a deletion (`edits::delete`) first takes
//! every reference away, in the same batch.

use std::fmt;

use super::event::*;
use super::session::{Id, Kind, Session};

/// One place that refers to a thing by its id.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Reference {
    /// The session names the party its host.
    Host,
    /// An activity names the party its lead.
    Lead { activity: Id },
    /// The party takes part in an activity (it has a row of the 相利評価表).
    Participant { activity: Id },
    /// A party's row of an activity's 相利評価表 links the purpose or challenge.
    Link { activity: Id, party: Id },
    /// An action item serves the activity.
    ActionItem { action: Id },
    /// An expansion idea is about the activity.
    Idea { idea: Id },
}

/// Every reference to `id`, in the order a deletion takes them away: for a party the host,
/// then per activity its lead and its row; for an item each row that links it; for an
/// activity the action items, then the ideas. Nothing refers to action items and ideas.
pub fn references(s: &Session, id: &Id) -> Vec<Reference> {
    let mut out = vec![];
    match Kind::of(id) {
        Some(Kind::Party) => {
            if s.meta.host.as_ref() == Some(id) {
                out.push(Reference::Host);
            }
            for a in &s.activities {
                if a.lead.as_ref() == Some(id) {
                    out.push(Reference::Lead {
                        activity: a.id.clone(),
                    });
                }
                if a.participant(id).is_some() {
                    out.push(Reference::Participant {
                        activity: a.id.clone(),
                    });
                }
            }
        }
        Some(Kind::Item) => {
            for a in &s.activities {
                for part in &a.participants {
                    if part.purposes.contains(id) || part.challenges.contains(id) {
                        out.push(Reference::Link {
                            activity: a.id.clone(),
                            party: part.party.clone(),
                        });
                    }
                }
            }
        }
        Some(Kind::Activity) => {
            for t in &s.action_items {
                if t.activity.as_ref() == Some(id) {
                    out.push(Reference::ActionItem {
                        action: t.id.clone(),
                    });
                }
            }
            for x in &s.expansion {
                if x.activity.as_ref() == Some(id) {
                    out.push(Reference::Idea { idea: x.id.clone() });
                }
            }
        }
        Some(Kind::Action | Kind::Idea) | None => {}
    }
    out
}

impl Reference {
    /// The event that takes this reference to `id` away (the reference stays undoable: the
    /// thing itself is kept until its `Remove`).
    pub fn unlink(&self, id: &Id) -> Event {
        match self {
            Reference::Host => Event::SetHost(SetHost { party: None }),
            Reference::Lead { activity } => Event::SetLead(SetLead {
                activity: activity.clone(),
                party: None,
            }),
            Reference::Participant { activity } => Event::RemoveParticipant(RemoveParticipant {
                activity: activity.clone(),
                party: id.clone(),
            }),
            Reference::Link { activity, party } => Event::SetLink(SetLink {
                activity: activity.clone(),
                party: party.clone(),
                item: id.clone(),
                on: false,
                index: None,
            }),
            Reference::ActionItem { action } => Event::SetActionActivity(SetActionActivity {
                action: action.clone(),
                activity: None,
            }),
            Reference::Idea { idea } => Event::SetIdeaActivity(SetIdeaActivity {
                idea: idea.clone(),
                activity: None,
            }),
        }
    }
}

/// In English, for logs and the command line: "activity a8 (p1)".
impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Host => f.write_str("the session (host)"),
            Reference::Lead { activity } | Reference::Participant { activity } => {
                write!(f, "activity {activity}")
            }
            Reference::Link { activity, party } => write!(f, "activity {activity} ({party})"),
            Reference::ActionItem { action } => write!(f, "action item {action}"),
            Reference::Idea { idea } => write!(f, "expansion idea {idea}"),
        }
    }
}
