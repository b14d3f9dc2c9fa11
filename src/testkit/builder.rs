//! One session builder: a session and its history made event by event through
//! `History::commit` (so through `apply`, as a room makes them), at the times a `Clock` gives,
//! with ids handed out as the screen hands them out (`IdGen` from the session's counter).
//!
//! The tests' meetings, the bundled examples' scripts and the synthetic sessions each keep
//! their own way of spending time (a fixed step, typing speed, a random pace) as a `Clock`, and
//! their own vocabulary on top of the helpers here.

use crate::core::event::*;
use crate::core::history::{History, Record};
use crate::core::session::{
    ActionItem, Activity, Id, Idea, ListRef, Participant, Party, PartyList, Session, TextField,
    prefix,
};
use crate::core::stamp::Stamp;
use crate::core::start::IdGen;
use crate::core::{ApplyError, apply};

/// When each change is made.
pub trait Clock {
    /// The time of the next change, `event`.
    fn at(&mut self, event: &Event) -> Stamp;
}

/// A clock that stands still until its time is set (`builder.clock.0 = ...`).
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub Stamp);

impl Clock for Fixed {
    fn at(&mut self, _: &Event) -> Stamp {
        self.0
    }
}

/// A clock that moves on a fixed number of seconds after every change.
#[derive(Clone, Copy, Debug)]
pub struct Steps {
    /// The time of the next change.
    pub next: Stamp,
    pub seconds: i64,
}

impl Clock for Steps {
    fn at(&mut self, _: &Event) -> Stamp {
        let at = self.next;
        self.next = self.next.plus_seconds(self.seconds);
        at
    }
}

/// A session being made, event by event. Every event must apply: a refused one is a bug in
/// whatever builds it, and panics with the event and the reason (`try_commit` does not).
pub struct SessionBuilder<C: Clock = Fixed> {
    pub session: Session,
    history: History,
    pub clock: C,
}

impl<C: Clock> SessionBuilder<C> {
    /// An empty session, whose changes are made at the times `clock` gives.
    pub fn new(clock: C) -> SessionBuilder<C> {
        SessionBuilder {
            session: Session::empty(),
            history: History::default(),
            clock,
        }
    }

    /// Make a change at the clock's time for it.
    pub fn commit(&mut self, event: Event) {
        let at = self.clock.at(&event);
        self.commit_at(event, at);
    }

    /// Make a change at `at` (the clock is not asked).
    pub fn commit_at(&mut self, event: Event, at: Stamp) {
        if let Err(e) = self.history.commit(&mut self.session, event.clone(), at) {
            panic!("{event:?} refused at {at}: {e}");
        }
    }

    /// Make a change at the clock's time for it, or say why it was refused (nothing changed).
    pub fn try_commit(&mut self, event: Event) -> Result<(), ApplyError> {
        let at = self.clock.at(&event);
        self.history
            .commit(&mut self.session, event, at)
            .map(|_| ())
    }

    /// Undo the last change, at `at`; `false` when there was none.
    pub fn undo(&mut self, at: Stamp) -> bool {
        matches!(self.history.undo(&mut self.session, at), Ok(Some(_)))
    }

    /// Redo the last change undone, at `at`; `false` when there was none.
    pub fn redo(&mut self, at: Stamp) -> bool {
        matches!(self.history.redo(&mut self.session, at), Ok(Some(_)))
    }

    /// The id the next new thing of a kind gets (as the screen hands them out).
    pub fn new_id(&self, prefix: char) -> Id {
        IdGen::for_session(&self.session).next(prefix)
    }

    pub fn records(&self) -> &[Record] {
        self.history.records()
    }

    /// How many changes so far.
    pub fn len(&self) -> usize {
        self.history.len()
    }

    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }

    /// The session and its history.
    pub fn finish(self) -> (Session, Vec<Record>) {
        (self.session, self.history.into_records())
    }

    /// The session and its history, with this run's undo (for a test that undoes more).
    pub fn into_parts(self) -> (Session, History) {
        (self.session, self.history)
    }

    /// Check that the history replays, event by event from empty, to the session.
    pub fn assert_replays(&self) {
        let mut replayed = Session::empty();
        for (n, r) in self.history.records().iter().enumerate() {
            apply(&mut replayed, &r.event).unwrap_or_else(|e| panic!("record {n}: {e}"));
        }
        assert_eq!(replayed, self.session, "the history replays to the session");
    }

    // ----- What a room makes -----

    pub fn text(&mut self, field: TextField, text: &str) {
        self.commit(Event::SetText(SetText {
            field,
            text: text.to_string(),
        }));
    }

    /// A new party; returns its id.
    pub fn party(&mut self, name: &str) -> Id {
        self.add_party(|id| Party::new(id, name))
    }

    /// A new party made from its id; returns the id.
    pub fn add_party(&mut self, make: impl FnOnce(Id) -> Party) -> Id {
        let id = self.new_id(prefix::PARTY);
        let party = make(id.clone());
        self.commit(Event::AddParty(AddParty { party, index: None }));
        id
    }

    pub fn host(&mut self, party: &Id) {
        self.commit(Event::SetHost(SetHost {
            party: Some(party.clone()),
        }));
    }

    /// A new item at the end of a list; returns its id.
    pub fn item(&mut self, list: ListRef, text: &str) -> Id {
        let id = self.new_id(prefix::ITEM);
        self.commit(Event::AddItem(AddItem {
            list,
            id: id.clone(),
            text: text.to_string(),
            index: None,
        }));
        id
    }

    /// New items in one of a party's lists; returns their ids.
    pub fn items(&mut self, party: &Id, list: PartyList, texts: &[&str]) -> Vec<Id> {
        texts
            .iter()
            .map(|text| self.item(ListRef::Party(party.clone(), list), text))
            .collect()
    }

    /// A new activity; returns its id.
    pub fn activity(&mut self, title: &str) -> Id {
        self.add_activity(|id| Activity::new(id, title))
    }

    /// A new activity made from its id; returns the id.
    pub fn add_activity(&mut self, make: impl FnOnce(Id) -> Activity) -> Id {
        let id = self.new_id(prefix::ACTIVITY);
        let activity = make(id.clone());
        self.commit(Event::AddActivity(AddActivity {
            activity,
            index: None,
        }));
        id
    }

    /// A party joins an activity (its row of the 相利評価表, empty).
    pub fn join(&mut self, activity: &Id, party: &Id) {
        self.add_participant(activity, Participant::new(party.clone()));
    }

    /// A party joins an activity with its row as given.
    pub fn add_participant(&mut self, activity: &Id, participant: Participant) {
        self.commit(Event::AddParticipant(AddParticipant {
            activity: activity.clone(),
            participant,
            index: None,
        }));
    }

    /// Link one of a party's purposes or challenges to its row of an activity.
    pub fn link(&mut self, activity: &Id, party: &Id, item: &Id) {
        self.commit(Event::SetLink(SetLink {
            activity: activity.clone(),
            party: party.clone(),
            item: item.clone(),
            on: true,
            index: None,
        }));
    }

    /// A new action item made from its id; returns the id.
    pub fn add_action(&mut self, make: impl FnOnce(Id) -> ActionItem) -> Id {
        let id = self.new_id(prefix::ACTION);
        let action = make(id.clone());
        self.commit(Event::AddAction(AddAction {
            action,
            index: None,
        }));
        id
    }

    /// A new expansion idea made from its id; returns the id.
    pub fn add_idea(&mut self, make: impl FnOnce(Id) -> Idea) -> Id {
        let id = self.new_id(prefix::IDEA);
        let idea = make(id.clone());
        self.commit(Event::AddIdea(AddIdea { idea, index: None }));
        id
    }

    pub fn step(&mut self, step: u8) {
        self.commit(Event::SetStep(SetStep { step }));
    }

    pub fn remove(&mut self, id: &Id) {
        self.commit(Event::Remove(Remove { id: id.clone() }));
    }

    pub fn move_to(&mut self, id: &Id, to: usize) {
        self.commit(Event::Move(Move { id: id.clone(), to }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::session::Lang;

    #[test]
    fn ids_and_times_come_as_the_screen_and_the_clock_give_them() {
        let t0 = Stamp::from_unix(1_795_755_600, 9 * 3600);
        let mut b = SessionBuilder::new(Steps {
            next: t0,
            seconds: 60,
        });
        b.commit(Event::SetLang(SetLang { lang: Lang::Ja }));
        let p = b.party("町内会");
        let i = b.items(&p, PartyList::Purposes, &["ゴミ出しのトラブルをなくしたい"]);
        let a = b.activity("見守り");
        b.join(&a, &p);
        b.link(&a, &p, &i[0]);
        assert_eq!((p.as_str(), i[0].as_str(), a.as_str()), ("p1", "i2", "a3"));
        assert_eq!(b.records()[5].at, t0.plus_seconds(5 * 60));
        b.assert_replays();
        let (s, records) = b.finish();
        assert_eq!(records.len(), 6);
        assert_eq!(s.activities[0].participants[0].purposes, i);
    }

    #[test]
    #[should_panic(expected = "refused")]
    fn a_refused_event_is_a_bug_in_the_builder() {
        let mut b = SessionBuilder::new(Fixed(Stamp::from_unix(0, 0)));
        b.remove(&"p9".parse().unwrap());
    }
}
