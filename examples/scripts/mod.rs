//! The bundled example sessions, as scripts of what a facilitator typed in the room.
//!
//! The organisations and situations come from published cases of the method
//! (`docs/DOMAIN.md`); every person's name, every figure and every date is invented for the
//! example.
//!
//! Every change goes through the core's history (`History::commit`, hence `apply`), at fixed
//! times spread over the meeting, so the files in `sessions/` are reproducible: the generator
//! (`cargo run --example make_sessions`) writes them, and `tests/bundled.rs` checks that the
//! committed files are exactly what these scripts produce now.
//!
//! Shared by the generator and the test through `#[path]`; it lives in a folder without a
//! `main.rs`, so cargo does not take it for an example of its own.

mod chiiki_neko;
mod edinburgh;
mod gamagori;
mod kamaishi;
mod park;

use sori::core::edits;
use sori::core::event::*;
use sori::core::history::Record;
use sori::core::session::{
    Achieved, ActionItem, BenefitKind, Coop, Id, Idea, IdeaKind, ListRef, MeetingList, PartyList,
    Session, Status, TextField,
};
use sori::core::stamp::Stamp;
use sori::core::start::{NewSession, carry_over_events, new_session_events};
use sori::testkit::{Clock, SessionBuilder};

/// One generated example: its file name in `sessions/`, its state and its history.
pub struct Generated {
    pub file: &'static str,
    pub session: Session,
    pub history: Vec<Record>,
}

impl Generated {
    /// The file's text, exactly as `sori` saves it.
    pub fn yaml(&self) -> String {
        sori::store::to_yaml(&self.session, &self.history)
    }
}

/// Every example, in the order `sori`'s picker shows them: Japanese first.
pub fn all() -> Vec<Generated> {
    vec![
        chiiki_neko::generate(),
        park::generate(),
        kamaishi::generate(),
        gamagori::generate(),
        edinburgh::generate(),
    ]
}

/// A meeting being typed in, on the test kit's `SessionBuilder` with a clock at the room's
/// typing speed (`Typing`).
///
/// The clock moves forward with every change by roughly the time it takes to type it, and
/// jumps with `at` (the room moved on to a new topic) or `talk` (the room talked before anyone
/// typed). It never goes back: a script that asks for an earlier time is a script bug and
/// panics with the time it had reached, so the script can be fixed.
pub struct Script {
    b: SessionBuilder<Typing>,
    /// `YYYY-MM-DD` of the meeting, for `at`.
    day: String,
    /// `+09:00`, for `at`.
    offset: String,
}

/// A change is made when the one before it is done and it has been typed.
struct Typing {
    now: Stamp,
    /// Counts changes, for a little deterministic variation in typing time.
    made: u64,
}

impl Clock for Typing {
    fn at(&mut self, event: &Event) -> Stamp {
        let pause = self.typing_time(event);
        self.now = self.now.plus_seconds(pause);
        self.now
    }
}

impl Typing {
    /// About how long typing or clicking this change takes, in seconds.
    fn typing_time(&mut self, event: &Event) -> i64 {
        /// Seconds to type `s`: about 0.2 s a key; kana and kanji go through the IME, about
        /// three keys each.
        fn typing(s: &str) -> i64 {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 3 })
                .sum::<i64>()
                / 5
        }
        self.made += 1;
        let jitter = ((self.made * 7) % 5) as i64;
        let base = match event {
            Event::SetText(e) => 6 + typing(&e.text),
            Event::AddItem(e) => 6 + typing(&e.text),
            Event::AddParty(e) => 10 + typing(&e.party.name),
            Event::AddActivity(e) => {
                10 + typing(&e.activity.title) + typing(&e.activity.description)
            }
            Event::AddAction(e) => 10 + typing(&e.action.what) + typing(&e.action.who),
            Event::AddIdea(e) => 8 + typing(&e.idea.name) + typing(&e.idea.why),
            Event::SetTimer(_) | Event::SetStep(_) => 2,
            _ => 4,
        };
        base + jitter
    }
}

impl Script {
    /// A script whose clock starts at `start` (`2026-06-13T13:15:00+09:00`), on an empty
    /// session.
    fn at_time(start: &str) -> Script {
        let now: Stamp = start.parse().expect("a script's start time parses");
        Script {
            b: SessionBuilder::new(Typing { now, made: 0 }),
            day: start[..10].to_string(),
            offset: start[19..].to_string(),
        }
    }

    /// `sori new --title ... --host ... --party ...`, run at `start`. Returns the host's id
    /// and the partners' ids, in order.
    pub fn new_session(start: &str, opts: NewSession) -> (Script, Id, Vec<Id>) {
        let mut sc = Script::at_time(start);
        let events = new_session_events(&opts, sc.b.clock.now);
        sc.commit_all(events);
        let s = &sc.b.session;
        let host = s.meta.host.clone().expect("the script names a host");
        let partners = s.partners().map(|p| p.id.clone()).collect();
        (sc, host, partners)
    }

    /// `sori new --from OLD.yaml --title ...`, run at `start`: a follow-up meeting.
    pub fn follow_up(start: &str, old: &Session, title: &str) -> Script {
        let mut sc = Script::at_time(start);
        let events = carry_over_events(old, title, old.meta.lang, sc.b.clock.now);
        sc.commit_all(events);
        sc
    }

    fn commit_all(&mut self, events: Vec<Event>) {
        // `sori new` commits its events in one go, at one time.
        let now = self.b.clock.now;
        for event in events {
            self.b.commit_at(event, now);
        }
    }

    /// The finished meeting.
    pub fn finish(self, file: &'static str) -> Generated {
        assert!(
            self.b
                .session
                .meta
                .steps
                .iter()
                .all(|st| st.running_since.is_none()),
            "{file}: a timer still runs at the end of the meeting"
        );
        let (session, history) = self.b.finish();
        Generated {
            file,
            session,
            history,
        }
    }

    /// The meeting so far, to carry over into a follow-up (the first meeting of a follow-up
    /// is not saved: only its state carries over, as with `sori new --from`).
    pub fn into_session(self) -> Session {
        self.b.finish().0
    }

    // ---- the clock ----

    fn stamp(&self, hm: &str) -> Stamp {
        let time = if hm.len() == 5 {
            format!("{hm}:00")
        } else {
            hm.to_string()
        };
        format!("{}T{time}{}", self.day, self.offset)
            .parse()
            .unwrap_or_else(|e| panic!("script time {hm}: {e}"))
    }

    /// The room moves on at `hm` (`14:05` or `14:05:30`).
    pub fn at(&mut self, hm: &str) {
        let target = self.stamp(hm);
        let now = self.b.clock.now;
        assert!(
            target.seconds_since(&now) >= 0,
            "script asks for {hm} but the clock is already at {now}"
        );
        self.b.clock.now = target;
    }

    /// The room talks for `seconds` before the next change.
    pub fn talk(&mut self, seconds: i64) {
        self.b.clock.now = self.b.clock.now.plus_seconds(seconds);
    }

    /// Make one change at the time it would be made.
    pub fn commit(&mut self, event: Event) {
        self.b.commit(event);
    }

    /// Ctrl+Z.
    pub fn undo(&mut self) {
        let now = self.b.clock.now.plus_seconds(3);
        self.b.clock.now = now;
        assert!(self.b.undo(now), "nothing to undo at {now}");
    }

    /// Redo after an undo.
    pub fn redo(&mut self) {
        let now = self.b.clock.now.plus_seconds(3);
        self.b.clock.now = now;
        assert!(self.b.redo(now), "nothing to redo at {now}");
    }

    // ---- the meeting ----

    pub fn start_time(&mut self, hm: &str) {
        let start = self.stamp(hm);
        self.commit(Event::SetStart(SetStart { start: Some(start) }));
    }

    pub fn text(&mut self, field: TextField, text: &str) {
        self.commit(Event::SetText(SetText {
            field,
            text: text.to_string(),
        }));
    }

    /// The next meeting: its date and time (`2026-09-12 13:30`, on the room's clock; empty
    /// when not fixed yet), where, and anything else said about it.
    pub fn next_meeting(&mut self, when: &str, venue: &str, note: &str) {
        if !when.is_empty() {
            let start: Stamp = format!("{}T{}:00{}", &when[..10], &when[11..], self.offset)
                .parse()
                .unwrap_or_else(|e| panic!("next meeting {when}: {e}"));
            self.commit(Event::SetNextStart(SetNextStart { start: Some(start) }));
        }
        for (field, text) in [(TextField::NextVenue, venue), (TextField::NextNote, note)] {
            if !text.is_empty() {
                self.text(field, text);
            }
        }
    }

    /// Items of one of the meeting's own lists (agenda, absentees, handouts, signatories).
    pub fn meeting_list(&mut self, list: MeetingList, texts: &[&str]) {
        for text in texts {
            self.add_item(ListRef::Meeting(list), text);
        }
    }

    /// Close the meeting (`E`): its end recorded, a running timer stopped.
    pub fn close(&mut self) {
        let now = self.b.clock.at(&Event::SetStep(SetStep { step: 5 }));
        let event = sori::core::edits::close_meeting(&self.b.session, now);
        self.b.commit_at(event, now);
    }

    pub fn timebox(&mut self, step: u8, minutes: u32) {
        self.commit(Event::SetTimebox(SetTimebox { step, minutes }));
    }

    fn running_step(&self) -> Option<u8> {
        self.b
            .session
            .meta
            .steps
            .iter()
            .position(|st| st.running_since.is_some())
            .map(|i| i as u8 + 1)
    }

    /// Start the timer of the current step.
    pub fn timer_start(&mut self) {
        assert!(self.running_step().is_none(), "a timer already runs");
        let step = self.b.session.meta.step;
        let spent_sec = self.b.session.meta.steps[usize::from(step) - 1].spent_sec;
        // The timer is started when the click is done: its start is the change's time.
        let now = self.b.clock.at(&Event::SetStep(SetStep { step }));
        let event = Event::SetTimer(SetTimer {
            step,
            spent_sec,
            running_since: Some(now),
        });
        self.b.commit_at(event, now);
    }

    /// Stop the running timer, adding the stretch to the step's time spent.
    pub fn timer_stop(&mut self) {
        let step = self.running_step().expect("a timer runs");
        let state = &self.b.session.meta.steps[usize::from(step) - 1];
        let since = state.running_since.expect("it runs");
        let spent_before = state.spent_sec;
        let now = self.b.clock.at(&Event::SetStep(SetStep { step }));
        let stretch = now.seconds_since(&since).max(0) as u64;
        let event = Event::SetTimer(SetTimer {
            step,
            spent_sec: spent_before + stretch,
            running_since: None,
        });
        self.b.commit_at(event, now);
    }

    /// Move the room to step `n` as sori records it (the running timer stops with its step,
    /// and a step further than before raises how far the meeting got), then start the new
    /// step's timer, as the facilitator does at each step.
    pub fn step(&mut self, n: u8) {
        let now = self.b.clock.at(&Event::SetStep(SetStep { step: n }));
        let event = edits::go_step(&self.b.session, n, now).expect("a step change");
        self.b.commit_at(event, now);
        self.timer_start();
    }

    pub fn notes(&mut self, step: u8, text: &str) {
        self.text(TextField::StepNotes(step), text);
    }

    // ---- parties ----

    pub fn party(&mut self, name: &str, kind: &str) -> Id {
        let id = self.b.party(name);
        if !kind.is_empty() {
            self.kind(&id, kind);
        }
        id
    }

    pub fn kind(&mut self, party: &Id, kind: &str) {
        self.text(TextField::PartyKind(party.clone()), kind);
    }

    fn add_item(&mut self, list: ListRef, text: &str) -> Id {
        self.b.item(list, text)
    }

    /// Add items to one of a party's lists; returns their ids.
    pub fn items(&mut self, party: &Id, list: PartyList, texts: &[&str]) -> Vec<Id> {
        self.b.items(party, list, texts)
    }

    pub fn reps(&mut self, party: &Id, names: &[&str]) {
        self.items(party, PartyList::Representatives, names);
    }

    pub fn purposes(&mut self, party: &Id, texts: &[&str]) -> Vec<Id> {
        self.items(party, PartyList::Purposes, texts)
    }

    pub fn challenges(&mut self, party: &Id, texts: &[&str]) -> Vec<Id> {
        self.items(party, PartyList::Challenges, texts)
    }

    pub fn strengths(&mut self, party: &Id, texts: &[&str]) -> Vec<Id> {
        self.items(party, PartyList::Strengths, texts)
    }

    /// The rest of a SWOT sheet (its S is the party's strengths).
    pub fn swot(
        &mut self,
        party: &Id,
        weaknesses: &[&str],
        opportunities: &[&str],
        threats: &[&str],
    ) {
        self.items(party, PartyList::Weaknesses, weaknesses);
        self.items(party, PartyList::Opportunities, opportunities);
        self.items(party, PartyList::Threats, threats);
    }

    pub fn remove(&mut self, id: &Id) {
        self.b.remove(id);
    }

    pub fn move_to(&mut self, id: &Id, to: usize) {
        self.b.move_to(id, to);
    }

    // ---- activities ----

    /// A new activity as typed in the room: its title first, then its description, its
    /// cooperation type and its lead.
    pub fn activity(&mut self, title: &str, description: &str, coop: Coop, lead: &Id) -> Id {
        let id = self.b.activity(title);
        if !description.is_empty() {
            self.text(TextField::ActivityDescription(id.clone()), description);
        }
        if coop != Coop::Mutual {
            self.commit(Event::SetCoop(SetCoop {
                activity: id.clone(),
                coop,
            }));
        }
        self.commit(Event::SetLead(SetLead {
            activity: id.clone(),
            party: Some(lead.clone()),
        }));
        id
    }

    /// A party joins an activity: its row of the 相利評価表, with its role, its benefit (may be
    /// empty: not found yet) and the purposes and challenges the activity serves for it.
    pub fn join(&mut self, activity: &Id, party: &Id, role: &str, benefit: &str, links: &[&Id]) {
        self.b.join(activity, party);
        self.text(TextField::Role(activity.clone(), party.clone()), role);
        if !benefit.is_empty() {
            self.text(TextField::Benefit(activity.clone(), party.clone()), benefit);
        }
        for item in links {
            self.link(activity, party, item);
        }
    }

    /// What kinds of gain a party's benefit is (money, goods, psychological, a change of
    /// situation), as the room tags it with `b` in the row.
    pub fn kinds(&mut self, activity: &Id, party: &Id, kinds: &[BenefitKind]) {
        self.commit(Event::SetBenefitKinds(SetBenefitKinds {
            activity: activity.clone(),
            party: party.clone(),
            kinds: kinds.to_vec(),
        }));
    }

    pub fn link(&mut self, activity: &Id, party: &Id, item: &Id) {
        self.b.link(activity, party, item);
    }

    pub fn votes(&mut self, activity: &Id, votes: u32) {
        self.commit(Event::SetVotes(SetVotes {
            activity: activity.clone(),
            votes,
        }));
    }

    pub fn status(&mut self, activity: &Id, status: Status) {
        self.commit(Event::SetStatus(SetStatus {
            activity: activity.clone(),
            status,
        }));
    }

    /// Step 4: did the benefit happen for this party, and what the room said.
    pub fn evaluate(&mut self, activity: &Id, party: &Id, achieved: Achieved, comment: &str) {
        self.achieved(activity, party, achieved);
        self.text(
            TextField::EvaluationComment(activity.clone(), party.clone()),
            comment,
        );
    }

    pub fn achieved(&mut self, activity: &Id, party: &Id, achieved: Achieved) {
        self.commit(Event::SetAchieved(SetAchieved {
            activity: activity.clone(),
            party: party.clone(),
            achieved,
        }));
    }

    pub fn improvement(&mut self, activity: &Id, text: &str) -> Id {
        self.add_item(ListRef::Improvements(activity.clone()), text)
    }

    // ---- decisions, actions, parking lot, expansion ----

    pub fn decision(&mut self, text: &str) -> Id {
        self.add_item(ListRef::Decisions, text)
    }

    pub fn park(&mut self, text: &str) -> Id {
        self.add_item(ListRef::ParkingLot, text)
    }

    /// An action item, typed in one form: what, who, when, for which activity.
    pub fn action(&mut self, what: &str, who: &str, due: &str, activity: Option<&Id>) -> Id {
        self.b.add_action(|id| ActionItem {
            who: who.to_string(),
            due: due.to_string(),
            activity: activity.cloned(),
            ..ActionItem::new(id, what)
        })
    }

    pub fn done(&mut self, action: &Id) {
        self.commit(Event::SetDone(SetDone {
            action: action.clone(),
            done: true,
        }));
    }

    pub fn idea(&mut self, kind: IdeaKind, name: &str, why: &str, activity: Option<&Id>) -> Id {
        self.b.add_idea(|id| Idea {
            why: why.to_string(),
            activity: activity.cloned(),
            ..Idea::new(id, kind, name)
        })
    }
}
