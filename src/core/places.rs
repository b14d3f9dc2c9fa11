//! Where each list item of a session is: an index for whoever applies many events to one
//! session (a replay's cursor), so that `apply` finds an item without searching every list.
//!
//! A session holds a few thousand items in a long meeting; finding one by a scan of every
//! party's lists was most of the cost of applying an event. `apply_indexed` keeps the index
//! in step with every change it makes, so the index stays exact as long as the session is
//! changed only through it (the cursor owns its states).

use std::collections::HashMap;

use super::session::{Id, ListRef, MeetingList, PartyList, Session};

/// Item id → the list that holds it. Positions inside a list are found by a short search of
/// that one list (moves do not touch the index).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemPlaces {
    lists: HashMap<Id, ListRef>,
}

impl ItemPlaces {
    /// The places of every item of `s`.
    pub fn of(s: &Session) -> ItemPlaces {
        let mut places = ItemPlaces::default();
        for party in &s.parties {
            for list in PartyList::ALL {
                for item in party.list(list) {
                    places.added(&item.id, ListRef::Party(party.id.clone(), list));
                }
            }
        }
        for a in &s.activities {
            for item in &a.improvements {
                places.added(&item.id, ListRef::Improvements(a.id.clone()));
            }
        }
        for item in &s.decisions {
            places.added(&item.id, ListRef::Decisions);
        }
        for item in &s.parking_lot {
            places.added(&item.id, ListRef::ParkingLot);
        }
        for list in MeetingList::ALL {
            for item in s.meta.list(list) {
                places.added(&item.id, ListRef::Meeting(list));
            }
        }
        places
    }

    pub fn len(&self) -> usize {
        self.lists.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    pub fn contains(&self, id: &Id) -> bool {
        self.lists.contains_key(id)
    }

    /// The list that holds the item and its position there, like `Session::find_item`.
    pub fn find(&self, s: &Session, id: &Id) -> Option<(ListRef, usize)> {
        let list = self.lists.get(id)?;
        let at = s.list(list)?.iter().position(|it| &it.id == id);
        debug_assert!(at.is_some(), "{id} is not in {list} as the index says");
        at.map(|at| (list.clone(), at))
    }

    pub(super) fn added(&mut self, id: &Id, list: ListRef) {
        self.lists.insert(id.clone(), list);
    }

    pub(super) fn removed(&mut self, id: &Id) {
        self.lists.remove(id);
    }
}
