//! The events a change to a session is made of, built from the session: the domain's rules
//! for deleting (with what refers to the thing), cycling a value, changing step. Pure
//! functions: they read the session and return an `Event` for `apply` (the screen sends them
//! through `Document::commit`).
//!
//! Removing something that others refer to is one `Batch` that first removes the references
//! (`references`), so it applies (`apply` refuses a `Remove` while references remain) and one
//! undo brings everything back.

use super::event::*;
use super::references::references;
use super::session::{
    Achieved, ActionItem, Activity, BenefitKind, Coop, Disclosure, Id, Idea, IdeaKind, Lang,
    ListRef, PARTY_KINDS, Participant, Party, PartyList, STEPS, Session, Status, TextField, prefix,
};
use super::stamp::Stamp;
use super::start::IdGen;

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

/// Remove anything by id, with its references: a party's place as host, lead and participant;
/// an item's links in the 相利評価表; an activity's action items and ideas.
pub fn delete(s: &Session, id: &Id) -> Event {
    let mut events: Vec<Event> = references(s, id).iter().map(|r| r.unlink(id)).collect();
    events.push(remove(id));
    one_or_batch(events)
}

/// Set a text field.
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

/// The party joins the activity: a row of its 相利評価表, with every purpose and challenge the
/// party has already ticked (steps 1 and 2 said what it wants; the room unticks what this
/// activity does not serve). The host's row goes first, as the method's table has it.
pub fn join(s: &Session, activity: &Id, party: &Id) -> Option<Event> {
    let a = s.activity(activity)?;
    if a.participant(party).is_some() {
        return None;
    }
    let p = s.party(party)?;
    let mut row = Participant::new(party.clone());
    row.purposes = p.purposes.iter().map(|it| it.id.clone()).collect();
    row.challenges = p.challenges.iter().map(|it| it.id.clone()).collect();
    let host = s.meta.host.as_ref() == Some(party);
    Some(Event::AddParticipant(AddParticipant {
        activity: activity.clone(),
        participant: row,
        index: host.then_some(0),
    }))
}

/// What a row of the 相利評価表 offers to tick: the party's challenges, then its purposes (one
/// checklist, as the table's columns come), each with its list.
pub fn row_offer(s: &Session, party: &Id) -> Vec<(PartyList, Id)> {
    let Some(p) = s.party(party) else {
        return vec![];
    };
    [PartyList::Challenges, PartyList::Purposes]
        .into_iter()
        .flat_map(|list| p.list(list).iter().map(move |it| (list, it.id.clone())))
        .collect()
}

/// The parties not yet taking part in the activity, in the session's order, the host first:
/// what the table offers to add.
pub fn joinable<'a>(s: &'a Session, activity: &Activity) -> Vec<&'a Party> {
    let host = s.meta.host.as_ref();
    let mut out: Vec<&Party> = s
        .parties
        .iter()
        .filter(|p| activity.participant(&p.id).is_none())
        .collect();
    out.sort_by_key(|p| Some(&p.id) != host);
    out
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

/// Move the room to `to`. Each step's timer is its own: a running timer stops on the step
/// left (its time kept), and none starts on the step entered (`t` starts it). A step further
/// than the meeting has been raises how far it got (`meta.reached`).
pub fn go_step(s: &Session, to: u8, now: Stamp) -> Option<Event> {
    let from = s.meta.step;
    if to == from || !(1..=STEPS).contains(&to) {
        return None;
    }
    let mut events = vec![];
    if let Some(stop) = stop_timer(s, from, now) {
        events.push(stop);
    }
    events.push(Event::SetStep(SetStep { step: to }));
    if to > s.meta.progress() {
        events.push(Event::SetReached(SetReached { step: to }));
    }
    Some(one_or_batch(events))
}

/// Stop the step's timer if it runs, keeping the time spent.
fn stop_timer(s: &Session, step: u8, now: Stamp) -> Option<Event> {
    let st = s.meta.steps.get(usize::from(step).checked_sub(1)?)?;
    st.running_since?;
    Some(Event::SetTimer(SetTimer {
        step,
        spent_sec: st.spent_at(&now),
        running_since: None,
    }))
}

/// Whether an event is a change to what the room produced, which undo and redo go back over;
/// moving between steps and the step timers are not (the history keeps them, for the replay,
/// but undo passes them by).
pub fn is_edit(event: &Event) -> bool {
    match event {
        Event::SetStep(_) | Event::SetTimer(_) | Event::SetReached(_) => false,
        Event::Batch(events) => events.iter().any(is_edit),
        _ => true,
    }
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

/// One vote more for the activity; `None` when its count is full (a hand-edited file may hold
/// `u32::MAX` votes: the count stops there).
pub fn add_vote(activity: &Activity) -> Option<Event> {
    let votes = activity.votes.checked_add(1)?;
    Some(set_votes(activity, votes))
}

/// One vote less for the activity; `None` when it has none.
pub fn remove_vote(activity: &Activity) -> Option<Event> {
    let votes = activity.votes.checked_sub(1)?;
    Some(set_votes(activity, votes))
}

/// The party joins the activity (a row of its 相利評価表, see `join`), or leaves it.
pub fn toggle_participant(s: &Session, activity: &Id, party: &Id) -> Option<Event> {
    if s.activity(activity)?.participant(party).is_some() {
        Some(remove_participant(activity, party))
    } else {
        join(s, activity, party)
    }
}

pub fn set_votes(activity: &Activity, votes: u32) -> Event {
    Event::SetVotes(SetVotes {
        activity: activity.id.clone(),
        votes,
    })
}

/// The cooperation type chosen (型1, 型2 or 型3); `None` when it is that already.
pub fn set_coop(activity: &Activity, coop: Coop) -> Option<Event> {
    (activity.coop != coop).then(|| {
        Event::SetCoop(SetCoop {
            activity: activity.id.clone(),
            coop,
        })
    })
}

/// Tag a party's benefit in an activity with a kind of gain, or take the tag off. The kinds
/// stay in `BenefitKind::ALL`'s order.
pub fn toggle_benefit_kind(activity: &Id, part: &Participant, kind: BenefitKind) -> Event {
    let mut kinds = part.benefit_kinds.clone();
    if let Some(at) = kinds.iter().position(|k| *k == kind) {
        kinds.remove(at);
    } else {
        kinds.push(kind);
        kinds.sort();
    }
    Event::SetBenefitKinds(SetBenefitKinds {
        activity: activity.clone(),
        party: part.party.clone(),
        kinds,
    })
}

/// The bell when a timebox runs out: on ↔ off.
pub fn toggle_bell(s: &Session) -> Event {
    Event::SetBell(SetBell { on: !s.meta.bell })
}

/// A party added where the host is wanted (step 1 with no host yet): it becomes the host.
pub fn add_host(s: &Session, name: String) -> Event {
    let id = IdGen::for_session(s).next(prefix::PARTY);
    Event::Batch(vec![
        Event::AddParty(AddParty {
            party: Party::new(id.clone(), name),
            index: None,
        }),
        Event::SetHost(SetHost { party: Some(id) }),
    ])
}

pub fn cycle_status(activity: &Activity) -> Event {
    Event::SetStatus(SetStatus {
        activity: activity.id.clone(),
        status: next_of(&Status::ALL, &activity.status),
    })
}

/// The lead goes round the parties taking part, then none.
pub fn cycle_lead(activity: &Activity) -> Event {
    let parties = activity.participants.iter().map(|p| &p.party);
    Event::SetLead(SetLead {
        activity: activity.id.clone(),
        party: next_or_none(parties, activity.lead.as_ref()),
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
    let activities = s.activities.iter().map(|a| &a.id);
    Event::SetIdeaActivity(SetIdeaActivity {
        idea: idea.id.clone(),
        activity: next_or_none(activities, idea.activity.as_ref()),
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
    let activities = s.activities.iter().map(|a| &a.id);
    Event::SetActionActivity(SetActionActivity {
        action: action.id.clone(),
        activity: next_or_none(activities, action.activity.as_ref()),
    })
}

/// The host goes round the parties, then none.
pub fn cycle_host(s: &Session) -> Event {
    let parties = s.parties.iter().map(|p| &p.id);
    Event::SetHost(SetHost {
        party: next_or_none(parties, s.meta.host.as_ref()),
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

pub fn set_end(end: Option<Stamp>) -> Event {
    Event::SetEnd(SetEnd { end })
}

pub fn set_next_start(start: Option<Stamp>) -> Event {
    Event::SetNextStart(SetNextStart { start })
}

/// Not set → 公開 → 非公開 → not set.
pub fn cycle_disclosure(s: &Session) -> Event {
    Event::SetDisclosure(SetDisclosure {
        disclosure: match s.meta.disclosure {
            None => Some(Disclosure::Public),
            Some(Disclosure::Public) => Some(Disclosure::Closed),
            Some(Disclosure::Closed) => None,
        },
    })
}

/// Close the meeting (閉会) at `now`: its end is recorded, and a step timer still running
/// stops there (its time counts up to the close). One change, undone as one.
pub fn close_meeting(s: &Session, now: Stamp) -> Event {
    // Each step's timer is its own and a step change stops it, but a file from before may
    // have several running: every one stops.
    let mut events: Vec<Event> = (1..=STEPS)
        .filter_map(|step| stop_timer(s, step, now))
        .collect();
    events.push(set_end(Some(now)));
    one_or_batch(events)
}

/// Whether quitting should ask to close the meeting: the room reached the last step (how far
/// the meeting got, even if the facilitator has gone back to an earlier step to look at it) and
/// no end is recorded yet.
pub fn close_on_quit(s: &Session) -> bool {
    s.meta.progress() >= STEPS && s.meta.end.is_none()
}

pub fn set_timebox(step: u8, minutes: u32) -> Event {
    Event::SetTimebox(SetTimebox { step, minutes })
}

pub fn move_to(id: &Id, to: usize) -> Event {
    Event::Move(Move { id: id.clone(), to })
}

/// What an edit did, as undo and redo name it: 「「市の環境課」の削除を元に戻しました」. The
/// screen words it (`Edited` and `Aspect` through the catalog).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EditSummary {
    pub edited: Edited,
    /// The thing's name (a party, an item's text, an activity's title...); empty for the
    /// meeting's own fields, which the aspect names.
    pub name: String,
    /// Which of the thing's fields changed, for `Edited::Changed`.
    pub aspect: Option<Aspect>,
}

/// The kind of an edit.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Edited {
    Added,
    Removed,
    Changed,
    Moved,
    /// A party joined an activity.
    Joined,
    /// A party left an activity.
    Left,
    /// A purpose or challenge linked to a row of the 相利評価表.
    Linked,
    Unlinked,
}

/// The field an edit changed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Aspect {
    Title,
    Venue,
    Facilitator,
    Recorder,
    /// Format 1's free-text next meeting (only in a history `store::migrate` has not seen).
    NextMeeting,
    NextStart,
    NextVenue,
    NextNote,
    Disclosure,
    /// The follow-up's previous meeting (`set_previous`).
    Previous,
    Notes,
    Start,
    /// When the meeting closed (`E`).
    End,
    Lang,
    Host,
    Timebox,
    Bell,
    Name,
    Kind,
    Description,
    Role,
    Benefit,
    BenefitKinds,
    Comment,
    Achieved,
    Coop,
    Status,
    Lead,
    Votes,
    What,
    Who,
    Due,
    Why,
    Done,
    Activity,
}

/// What an edit did: `original` is the event as made, `inverse` the one that undoes it,
/// `s` the session either before or after it (names come from whichever holds them). A batch
/// is named by its main change (a removal or an addition before the unlinking it needs).
pub fn summary(original: &Event, inverse: &Event, s: &Session) -> EditSummary {
    let mut flat = vec![];
    flatten(original, &mut flat);
    flatten(inverse, &mut flat);
    let names = Names { s, events: &flat };
    let main = main_edit(original).unwrap_or(original);
    names.summary(main)
}

fn flatten<'a>(event: &'a Event, out: &mut Vec<&'a Event>) {
    match event {
        Event::Batch(events) => events.iter().for_each(|e| flatten(e, out)),
        e => out.push(e),
    }
}

/// How much of what a batch is about a change says: adding or removing a thing (3) more than a
/// party joining or leaving an activity (2), more than anything else (1). Removing a party is
/// a batch that first takes it out of its activities: it is the removal.
pub fn weight(e: &Event) -> u8 {
    match e {
        Event::AddParty(_)
        | Event::AddItem(_)
        | Event::AddActivity(_)
        | Event::AddAction(_)
        | Event::AddIdea(_)
        | Event::Remove(_) => 3,
        Event::AddParticipant(_) | Event::RemoveParticipant(_) => 2,
        _ => 1,
    }
}

/// The change a batch is about: an addition or a removal, then a party joining or leaving,
/// else the first edit.
fn main_edit(event: &Event) -> Option<&Event> {
    let Event::Batch(events) = event else {
        return Some(event);
    };
    let weight = |e: &Event| if is_edit(e) { weight(e) } else { 0 };
    events
        .iter()
        .rev()
        .max_by_key(|e| weight(e))
        .and_then(main_edit)
}

/// Names of things: from the session, else from the events (an added thing carries its name).
struct Names<'a> {
    s: &'a Session,
    events: &'a [&'a Event],
}

impl Names<'_> {
    fn of(&self, id: &Id) -> String {
        let s = self.s;
        let found = s
            .party(id)
            .map(|p| p.name.clone())
            .or_else(|| s.item(id).map(|it| it.text.clone()))
            .or_else(|| s.activity(id).map(|a| a.title.clone()))
            .or_else(|| {
                s.action_items
                    .iter()
                    .find(|t| &t.id == id)
                    .map(|t| t.what.clone())
            })
            .or_else(|| {
                s.expansion
                    .iter()
                    .find(|x| &x.id == id)
                    .map(|x| x.name.clone())
            });
        found
            .or_else(|| {
                self.events.iter().find_map(|e| match e {
                    Event::AddParty(a) if &a.party.id == id => Some(a.party.name.clone()),
                    Event::AddItem(a) if &a.id == id => Some(a.text.clone()),
                    Event::AddActivity(a) if &a.activity.id == id => Some(a.activity.title.clone()),
                    Event::AddAction(a) if &a.action.id == id => Some(a.action.what.clone()),
                    Event::AddIdea(a) if &a.idea.id == id => Some(a.idea.name.clone()),
                    _ => None,
                })
            })
            .unwrap_or_else(|| id.to_string())
    }

    fn summary(&self, event: &Event) -> EditSummary {
        let of = |edited: Edited, id: &Id| EditSummary {
            edited,
            name: self.of(id),
            aspect: None,
        };
        let changed = |id: Option<&Id>, aspect: Aspect| EditSummary {
            edited: Edited::Changed,
            name: id.map(|id| self.of(id)).unwrap_or_default(),
            aspect: Some(aspect),
        };
        match event {
            Event::AddParty(e) => of(Edited::Added, &e.party.id),
            Event::AddItem(e) => of(Edited::Added, &e.id),
            Event::AddActivity(e) => of(Edited::Added, &e.activity.id),
            Event::AddAction(e) => of(Edited::Added, &e.action.id),
            Event::AddIdea(e) => of(Edited::Added, &e.idea.id),
            Event::Remove(e) => of(Edited::Removed, &e.id),
            Event::AddParticipant(e) => of(Edited::Joined, &e.participant.party),
            Event::RemoveParticipant(e) => of(Edited::Left, &e.party),
            Event::Move(e) => of(Edited::Moved, &e.id),
            Event::SetLink(e) => of(
                if e.on {
                    Edited::Linked
                } else {
                    Edited::Unlinked
                },
                &e.item,
            ),
            Event::SetText(e) => {
                use TextField::*;
                match &e.field {
                    Title => changed(None, Aspect::Title),
                    Venue => changed(None, Aspect::Venue),
                    Facilitator => changed(None, Aspect::Facilitator),
                    Recorder => changed(None, Aspect::Recorder),
                    NextVenue => changed(None, Aspect::NextVenue),
                    NextNote => changed(None, Aspect::NextNote),
                    Format1NextMeeting => changed(None, Aspect::NextMeeting),
                    StepNotes(_) => changed(None, Aspect::Notes),
                    PartyName(p) => changed(Some(p), Aspect::Name),
                    PartyKind(p) => changed(Some(p), Aspect::Kind),
                    Item(i) => of(Edited::Changed, i),
                    ActivityTitle(a) => changed(Some(a), Aspect::Title),
                    ActivityDescription(a) => changed(Some(a), Aspect::Description),
                    Role(_, p) => changed(Some(p), Aspect::Role),
                    Benefit(_, p) => changed(Some(p), Aspect::Benefit),
                    EvaluationComment(_, p) => changed(Some(p), Aspect::Comment),
                    ActionWhat(t) => changed(Some(t), Aspect::What),
                    ActionWho(t) => changed(Some(t), Aspect::Who),
                    ActionDue(t) => changed(Some(t), Aspect::Due),
                    IdeaName(x) => changed(Some(x), Aspect::Name),
                    IdeaWhy(x) => changed(Some(x), Aspect::Why),
                }
            }
            Event::SetStart(_) => changed(None, Aspect::Start),
            Event::SetEnd(_) => changed(None, Aspect::End),
            Event::SetNextStart(_) => changed(None, Aspect::NextStart),
            Event::SetDisclosure(_) => changed(None, Aspect::Disclosure),
            Event::SetPrevious(_) => changed(None, Aspect::Previous),
            Event::SetLang(_) => changed(None, Aspect::Lang),
            Event::SetHost(_) => changed(None, Aspect::Host),
            Event::SetTimebox(_) => changed(None, Aspect::Timebox),
            Event::SetBell(_) => changed(None, Aspect::Bell),
            Event::SetCoop(e) => changed(Some(&e.activity), Aspect::Coop),
            Event::SetLead(e) => changed(Some(&e.activity), Aspect::Lead),
            Event::SetStatus(e) => changed(Some(&e.activity), Aspect::Status),
            Event::SetVotes(e) => changed(Some(&e.activity), Aspect::Votes),
            Event::SetAchieved(e) => changed(Some(&e.party), Aspect::Achieved),
            Event::SetBenefitKinds(e) => changed(Some(&e.party), Aspect::BenefitKinds),
            Event::SetDone(e) => changed(Some(&e.action), Aspect::Done),
            Event::SetActionActivity(e) => changed(Some(&e.action), Aspect::Activity),
            Event::SetIdeaKind(e) => changed(Some(&e.idea), Aspect::Kind),
            Event::SetIdeaActivity(e) => changed(Some(&e.idea), Aspect::Activity),
            // Not edits (undo passes them by); named for completeness.
            Event::SetStep(_) | Event::SetTimer(_) | Event::SetReached(_) | Event::Batch(_) => {
                changed(None, Aspect::Timebox)
            }
        }
    }
}

/// What comes after `now` going round none, then each of `ids` in order (none again after the
/// last; from one that is not among them, as from none).
fn next_or_none<'a>(ids: impl Iterator<Item = &'a Id>, now: Option<&Id>) -> Option<Id> {
    let ids: Vec<&Id> = ids.collect();
    let next = match now.and_then(|now| ids.iter().position(|id| *id == now)) {
        Some(at) => ids.get(at + 1),
        None => ids.first(),
    };
    next.map(|id| (*id).clone())
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
    fn the_lead_goes_round_the_parties_taking_part_then_none() {
        let id = |s: &str| s.parse::<Id>().unwrap();
        let mut a = Activity::new(id("a1"), "TNR");
        a.participants = vec![Participant::new(id("p2")), Participant::new(id("p3"))];
        let lead_after = |lead: Option<&str>| {
            let a = Activity {
                lead: lead.map(id),
                ..a.clone()
            };
            match cycle_lead(&a) {
                Event::SetLead(e) => e.party,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(lead_after(None), Some(id("p2")));
        assert_eq!(lead_after(Some("p2")), Some(id("p3")));
        assert_eq!(lead_after(Some("p3")), None);
        // A lead that no longer takes part: as from none.
        assert_eq!(lead_after(Some("p9")), Some(id("p2")));
    }

    #[test]
    fn a_running_timer_stops_with_its_step_and_the_next_waits() {
        let mut s = session();
        let t0 = Stamp::from_unix(1_800_000_000, 9 * 3600);
        let e = toggle_timer(&s, 1, t0).unwrap();
        apply(&mut s, &e).unwrap();
        let later = t0.plus_seconds(90);
        let e = go_step(&s, 2, later).unwrap();
        assert!(!is_edit(&e), "a step change is not an edit");
        apply(&mut s, &e).unwrap();
        assert_eq!(s.meta.step, 2);
        assert_eq!(s.meta.steps[0].spent_sec, 90);
        assert_eq!(s.meta.steps[0].running_since, None);
        assert_eq!(
            s.meta.steps[1].running_since, None,
            "step 2's own timer waits for t"
        );
    }

    #[test]
    fn how_far_the_meeting_got_only_rises() {
        let mut s = session();
        let t0 = Stamp::from_unix(1_800_000_000, 9 * 3600);
        for (to, progress) in [(3, 3), (5, 5), (2, 5), (4, 5)] {
            let e = go_step(&s, to, t0).unwrap();
            apply(&mut s, &e).unwrap();
            assert_eq!((s.meta.step, s.meta.progress()), (to, progress));
        }
        // A file from before `reached`: its step is how far it got.
        s.meta.reached = 0;
        assert_eq!(s.meta.progress(), 4);
    }

    #[test]
    fn a_party_joins_with_its_purposes_and_challenges_ticked_and_the_host_first() {
        let mut s = session();
        let (host, other) = (s.parties[0].id.clone(), s.parties[1].id.clone());
        apply(&mut s, &set_host(&host)).unwrap();
        let (e, purpose) = add_item(
            &s,
            ListRef::Party(other.clone(), PartyList::Purposes),
            "ごみを減らしたい".into(),
        );
        apply(&mut s, &e).unwrap();
        let (e, challenge) = add_item(
            &s,
            ListRef::Party(other.clone(), PartyList::Challenges),
            "人手不足".into(),
        );
        apply(&mut s, &e).unwrap();
        let e = add_activity(&s, "清掃".into());
        apply(&mut s, &e).unwrap();
        let a = s.activities[0].id.clone();
        assert_eq!(joinable(&s, &s.activities[0]).len(), 2);
        let e = join(&s, &a, &other).unwrap();
        apply(&mut s, &e).unwrap();
        let e = join(&s, &a, &host).unwrap();
        apply(&mut s, &e).unwrap();
        assert!(join(&s, &a, &host).is_none(), "once");
        let rows = &s.activities[0].participants;
        assert_eq!(rows[0].party, host, "the host's row first");
        assert_eq!(rows[1].purposes, [purpose]);
        assert_eq!(rows[1].challenges, [challenge]);
        assert!(joinable(&s, &s.activities[0]).is_empty());
    }

    #[test]
    fn an_edit_is_named_by_its_main_change_from_either_side() {
        let mut s = session();
        let other = s.parties[1].id.clone();
        let e = add_activity(&s, "清掃".into());
        apply(&mut s, &e).unwrap();
        let a = s.activities[0].id.clone();
        let e = join(&s, &a, &other).unwrap();
        apply(&mut s, &e).unwrap();
        let delete = delete(&s, &other);
        let inverse = crate::core::apply::apply_inverse(&mut s, &delete).unwrap();
        // After the removal the party is gone: its name comes from the event that undoes it.
        let named = summary(&delete, &inverse, &s);
        assert_eq!(
            (named.edited, named.name.as_str(), named.aspect),
            (Edited::Removed, "町内会", None)
        );
        let role = set_text(
            TextField::Role(a.clone(), s.parties[0].id.clone()),
            "x".into(),
        );
        let named = summary(&role, &role, &s);
        assert_eq!(
            (named.edited, named.name.as_str(), named.aspect),
            (Edited::Changed, "地域猫の会", Some(Aspect::Role))
        );
    }

    /// What the 議事録's fields and closing add are named too: the meeting's own fields by
    /// their aspect, an agenda item by its text, and closing the meeting (a batch that first
    /// stops the running timer) as the end it records.
    #[test]
    fn the_minutes_fields_and_closing_are_named() {
        use crate::core::session::{MeetingList, Previous};
        let mut s = session();
        let now: Stamp = "2026-11-27T15:30:00+09:00".parse().unwrap();
        let start_timer = toggle_timer(&s, 5, now.plus_seconds(-600)).unwrap();
        apply(&mut s, &start_timer).unwrap();
        assert!(
            matches!(close_meeting(&s, now), Event::Batch(_)),
            "the timer stops too"
        );
        let agenda = Event::AddItem(AddItem {
            list: ListRef::Meeting(MeetingList::Agenda),
            id: "i9".parse().unwrap(),
            text: "今後の進め方".into(),
            index: None,
        });
        let text = |field, text: &str| {
            Event::SetText(SetText {
                field,
                text: text.into(),
            })
        };
        for (event, edited, name, aspect) in [
            (
                close_meeting(&s, now),
                Edited::Changed,
                "",
                Some(Aspect::End),
            ),
            (
                set_next_start(Some(now)),
                Edited::Changed,
                "",
                Some(Aspect::NextStart),
            ),
            (
                cycle_disclosure(&s),
                Edited::Changed,
                "",
                Some(Aspect::Disclosure),
            ),
            (
                Event::SetPrevious(Box::new(SetPrevious {
                    previous: Some(Previous::default()),
                })),
                Edited::Changed,
                "",
                Some(Aspect::Previous),
            ),
            (
                text(TextField::Recorder, "林"),
                Edited::Changed,
                "",
                Some(Aspect::Recorder),
            ),
            (
                text(TextField::NextVenue, "会館"),
                Edited::Changed,
                "",
                Some(Aspect::NextVenue),
            ),
            (
                text(TextField::NextNote, "ふりかえり"),
                Edited::Changed,
                "",
                Some(Aspect::NextNote),
            ),
            (agenda, Edited::Added, "今後の進め方", None),
        ] {
            let mut after = s.clone();
            let inverse = crate::core::apply::apply_inverse(&mut after, &event).unwrap();
            assert!(is_edit(&event), "{event:?}");
            let named = summary(&event, &inverse, &after);
            assert_eq!(
                (named.edited, named.name.as_str(), named.aspect),
                (edited, name, aspect),
                "{event:?}"
            );
        }
    }
}
