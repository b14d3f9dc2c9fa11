//! What the phones may read: the board the console publishes (`RoomServer::publish`) after a
//! change, and the server reads to draw a party's page. Only each party's own things are on it
//! for that party's page: its lists, its row of the activity on screen, its own notes waiting
//! or not taken. The session itself never reaches the server.

use crate::core::proposal::{DOTS_PER_PARTY, PHONE_LISTS, Proposal};
use crate::core::session::{Id, Lang, Session};

/// A contribution on its way: its number (the server counts them) and who sent it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Said {
    pub id: u64,
    pub name: Option<String>,
    pub proposal: Proposal,
}

/// One party, as its phones see it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PartyBoard {
    /// The party's part of its pages' address (`/{room}/{party}`).
    pub token: String,
    pub id: Id,
    pub name: String,
    /// Its purposes, challenges and strengths as the session has them (`PHONE_LISTS`' order).
    pub lists: [Vec<String>; 3],
    /// Its notes waiting in the console's queue.
    pub pending: Vec<Said>,
    /// Its notes the facilitator did not take (the last few).
    pub declined: Vec<Said>,
    /// Votes of its accepted while the room has been open.
    pub votes_accepted: u32,
}

impl PartyBoard {
    /// Dots used: accepted and waiting.
    pub fn dots_used(&self) -> u32 {
        let waiting = self
            .pending
            .iter()
            .filter(|s| matches!(s.proposal, Proposal::Vote { .. }))
            .count() as u32;
        self.votes_accepted + waiting
    }

    pub fn dots_left(&self) -> u32 {
        DOTS_PER_PARTY.saturating_sub(self.dots_used())
    }
}

/// A row of an activity's 相利評価表: the party, its role and its benefit.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RowBoard {
    pub party: Id,
    pub role: String,
    pub benefit: String,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ActivityBoard {
    pub id: Id,
    pub title: String,
    pub votes: u32,
    pub rows: Vec<RowBoard>,
}

/// Everything the phones may read.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Board {
    /// The session's language: a page's unless the phone asks for the other.
    pub lang: Lang,
    pub title: String,
    /// The step on the console's screen.
    pub step: u8,
    pub parties: Vec<PartyBoard>,
    pub activities: Vec<ActivityBoard>,
    /// The activity on the console's screen (an index into `activities`).
    pub on_screen: Option<usize>,
    /// The highest contribution number the console has taken into its queue: those above it
    /// are on their way, and the server keeps them on the board until the console has them.
    pub seen: u64,
}

impl Board {
    /// The board of a session: the parties (with their tokens, `token_of`), the activities,
    /// the console's step and activity. The queue's part (`pending`, `declined`, the votes)
    /// is the console's to fill in.
    pub fn of(
        s: &Session,
        step: u8,
        on_screen: Option<&Id>,
        token_of: impl Fn(&Id) -> Option<String>,
    ) -> Board {
        let parties = s
            .parties
            .iter()
            .filter_map(|p| {
                let lists = PHONE_LISTS.map(|l| p.list(l).iter().map(|i| i.text.clone()).collect());
                Some(PartyBoard {
                    token: token_of(&p.id)?,
                    id: p.id.clone(),
                    name: p.name.clone(),
                    lists,
                    pending: vec![],
                    declined: vec![],
                    votes_accepted: 0,
                })
            })
            .collect();
        let activities = s
            .activities
            .iter()
            .map(|a| ActivityBoard {
                id: a.id.clone(),
                title: a.title.clone(),
                votes: a.votes,
                rows: a
                    .participants
                    .iter()
                    .map(|r| RowBoard {
                        party: r.party.clone(),
                        role: r.role.clone(),
                        benefit: r.benefit.clone(),
                    })
                    .collect(),
            })
            .collect();
        Board {
            lang: s.meta.lang,
            title: s.meta.title.clone(),
            step,
            parties,
            activities,
            on_screen: on_screen.and_then(|id| s.activities.iter().position(|a| &a.id == id)),
            seen: 0,
        }
    }

    pub fn activity(&self, id: &Id) -> Option<&ActivityBoard> {
        self.activities.iter().find(|a| &a.id == id)
    }

    /// Take the console's new board, keeping what the server has handed on since the
    /// console's last look (numbers above its `seen`): those are still waiting.
    pub fn replace(&mut self, mut new: Board) {
        for old in &self.parties {
            let on_the_way = old.pending.iter().filter(|s| s.id > new.seen);
            if let Some(party) = new.parties.iter_mut().find(|p| p.id == old.id) {
                for said in on_the_way {
                    if !party.pending.iter().any(|p| p.id == said.id) {
                        party.pending.push(said.clone());
                    }
                }
            }
        }
        *self = new;
    }

    /// How many contributions wait, in all.
    pub fn waiting(&self) -> usize {
        self.parties.iter().map(|p| p.pending.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Id {
        s.parse().unwrap()
    }

    fn said(n: u64) -> Said {
        Said {
            id: n,
            name: None,
            proposal: Proposal::Vote { activity: id("a1") },
        }
    }

    fn party(pending: Vec<Said>) -> PartyBoard {
        PartyBoard {
            token: "t".into(),
            id: id("p1"),
            name: "町内会".into(),
            lists: Default::default(),
            pending,
            declined: vec![],
            votes_accepted: 1,
        }
    }

    #[test]
    fn what_is_on_its_way_stays_until_the_console_has_it() {
        let mut board = Board {
            parties: vec![party(vec![said(1), said(2), said(3)])],
            ..Board::default()
        };
        // The console has taken 1 and 2 (it decided 1) and not yet 3.
        board.replace(Board {
            parties: vec![party(vec![said(2)])],
            seen: 2,
            ..Board::default()
        });
        let ids: Vec<u64> = board.parties[0].pending.iter().map(|s| s.id).collect();
        assert_eq!(ids, [2, 3]);
        assert_eq!(board.parties[0].dots_used(), 3);
        assert_eq!(board.parties[0].dots_left(), 0);
        assert_eq!(board.waiting(), 2);
    }
}
