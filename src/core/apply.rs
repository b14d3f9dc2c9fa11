//! The one door for change: `apply` takes an event and changes the session, or refuses it and
//! changes nothing. Live editing, undo and redo, the journal, replay and tests all come here.

use std::fmt;

use super::event::*;
use super::places::ItemPlaces;
use super::references::{Reference, references};
use super::session::{
    Id, Item, Kind, ListRef, Participant, Party, PartyList, STEPS, Session, TextField, prefix,
};

/// Why an event could not apply. The session is unchanged when one of these is returned.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ApplyError {
    /// No thing has this id.
    UnknownId(Id),
    /// The id is already used in this session.
    DuplicateId(Id),
    /// The id's letter does not fit the kind of thing (a party's id must start with `p`).
    WrongKind { id: Id, expected: Kind },
    /// The party does not take part in the activity.
    NotParticipant { activity: Id, party: Id },
    /// The party already takes part in the activity.
    AlreadyParticipant { activity: Id, party: Id },
    /// Something still refers to the thing being removed (the first of its `references`).
    InUse { id: Id, by: Reference },
    /// A number outside what it may be (a step, a position).
    OutOfRange { what: Range, value: u64 },
    /// The item is not one of this party's purposes or challenges.
    NotPartyGoal { item: Id, party: Id },
    /// The link is already in the state asked for.
    LinkUnchanged { item: Id },
    /// A field of an older file format (`meta.next_meeting`), which only the loader's
    /// migration reads (`store::migrate`).
    Format1Field(TextField),
    /// A new change's text is longer than its kind of text may be (`core::limits`).
    TooLong {
        size: super::limits::TextSize,
        max: usize,
        chars: usize,
    },
    /// An event inside a batch failed; the whole batch was refused.
    InBatch {
        index: usize,
        error: Box<ApplyError>,
    },
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::UnknownId(id) => write!(f, "there is nothing with id {id}"),
            ApplyError::DuplicateId(id) => write!(f, "id {id} is already used"),
            ApplyError::WrongKind { id, expected } => {
                write!(f, "{id} is not the id of {}", expected.english())
            }
            ApplyError::NotParticipant { activity, party } => {
                write!(f, "party {party} does not take part in activity {activity}")
            }
            ApplyError::AlreadyParticipant { activity, party } => {
                write!(f, "party {party} already takes part in activity {activity}")
            }
            ApplyError::InUse { id, by } => write!(f, "{id} is still used by {by}"),
            ApplyError::TooLong { max, chars, .. } => {
                write!(
                    f,
                    "the text is {chars} characters long; at most {max} are kept"
                )
            }
            ApplyError::OutOfRange { what, value } => {
                write!(f, "{} {value} is out of range", what.english())
            }
            ApplyError::NotPartyGoal { item, party } => {
                write!(f, "{item} is not a purpose or challenge of party {party}")
            }
            ApplyError::LinkUnchanged { item } => write!(f, "the link to {item} is already so"),
            ApplyError::Format1Field(field) => write!(
                f,
                "{field} is a field of format 1, read only when such a file is migrated"
            ),
            ApplyError::InBatch { index, error } => {
                write!(f, "change {} of a batch: {error}", index + 1)
            }
        }
    }
}

impl std::error::Error for ApplyError {}

/// What kind of number was out of range.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Range {
    /// A step: 1 to 5.
    Step,
    /// A place in a list.
    Position,
    /// The number of an id: at most `MAX_ID_NUMBER`.
    IdNumber,
    /// A list that cannot be named here.
    List,
}

impl Range {
    /// In English, for logs and the command line; the screen has the catalog's.
    pub fn english(self) -> &'static str {
        match self {
            Range::Step => "step",
            Range::Position => "position",
            Range::IdNumber => "id number",
            Range::List => "list",
        }
    }
}

type Result<T> = std::result::Result<T, ApplyError>;

/// Apply one event to the session. On error the session is unchanged.
pub fn apply(session: &mut Session, event: &Event) -> Result<()> {
    apply_inverse(session, event).map(|_| ())
}

/// Apply one event and return the event that undoes it (computed from the state it changed).
/// On error the session is unchanged.
pub fn apply_inverse(s: &mut Session, event: &Event) -> Result<Event> {
    apply_in(s, &mut Places::Scan, event)
}

/// `apply_inverse` for a session whose item places are kept in `places` (built with
/// `ItemPlaces::of` and changed only here since): items are found through the index, and the
/// index follows every item added or removed. Same result as `apply_inverse`.
pub fn apply_indexed(s: &mut Session, places: &mut ItemPlaces, event: &Event) -> Result<Event> {
    apply_in(s, &mut Places::Index(places), event)
}

/// How `apply` finds list items: by searching the session, or through an index kept in step.
enum Places<'a> {
    Scan,
    Index(&'a mut ItemPlaces),
}

impl Places<'_> {
    fn find(&self, s: &Session, id: &Id) -> Option<(ListRef, usize)> {
        match self {
            Places::Scan => s.find_item(id),
            Places::Index(places) => places.find(s, id),
        }
    }

    fn contains(&self, s: &Session, id: &Id) -> bool {
        match self {
            Places::Scan => s.find_item(id).is_some(),
            Places::Index(places) => places.contains(id),
        }
    }

    fn added(&mut self, id: &Id, list: ListRef) {
        if let Places::Index(places) = self {
            places.added(id, list);
        }
    }

    fn removed(&mut self, id: &Id) {
        if let Places::Index(places) = self {
            places.removed(id);
        }
    }

    fn party_added(&mut self, party: &Party) {
        for list in PartyList::ALL {
            for item in party.list(list) {
                self.added(&item.id, ListRef::Party(party.id.clone(), list));
            }
        }
    }

    fn party_removed(&mut self, party: &Party) {
        for list in PartyList::ALL {
            for item in party.list(list) {
                self.removed(&item.id);
            }
        }
    }
}

fn apply_in(s: &mut Session, places: &mut Places, event: &Event) -> Result<Event> {
    let inverse = match event {
        Event::SetText(e) => {
            let slot = text_mut(s, places, &e.field)?;
            let old = std::mem::replace(slot, e.text.clone());
            Event::SetText(SetText {
                field: e.field.clone(),
                text: old,
            })
        }
        Event::SetStart(e) => {
            let old = std::mem::replace(&mut s.meta.start, e.start);
            Event::SetStart(SetStart { start: old })
        }
        Event::SetLang(e) => {
            let old = std::mem::replace(&mut s.meta.lang, e.lang);
            Event::SetLang(SetLang { lang: old })
        }
        Event::SetEnd(e) => {
            let old = std::mem::replace(&mut s.meta.end, e.end);
            Event::SetEnd(SetEnd { end: old })
        }
        Event::SetNextStart(e) => {
            let old = std::mem::replace(&mut s.meta.next.start, e.start);
            Event::SetNextStart(SetNextStart { start: old })
        }
        Event::SetDisclosure(e) => {
            let old = std::mem::replace(&mut s.meta.disclosure, e.disclosure);
            Event::SetDisclosure(SetDisclosure { disclosure: old })
        }
        Event::SetPrevious(e) => {
            let old = std::mem::replace(&mut s.previous, e.previous.clone());
            Event::SetPrevious(Box::new(SetPrevious { previous: old }))
        }
        Event::SetHost(e) => {
            if let Some(p) = &e.party {
                party_index(s, p)?;
            }
            let old = std::mem::replace(&mut s.meta.host, e.party.clone());
            Event::SetHost(SetHost { party: old })
        }
        Event::SetStep(e) => {
            check_step(e.step)?;
            let old = std::mem::replace(&mut s.meta.step, e.step);
            Event::SetStep(SetStep { step: old })
        }
        Event::SetReached(e) => {
            if e.step != 0 {
                check_step(e.step)?;
            }
            let old = std::mem::replace(&mut s.meta.reached, e.step);
            Event::SetReached(SetReached { step: old })
        }
        Event::SetBell(e) => {
            let old = std::mem::replace(&mut s.meta.bell, e.on);
            Event::SetBell(SetBell { on: old })
        }
        Event::SetTimebox(e) => {
            let step = step_mut(s, e.step)?;
            let old = std::mem::replace(&mut step.timebox_min, e.minutes);
            Event::SetTimebox(SetTimebox {
                step: e.step,
                minutes: old,
            })
        }
        Event::SetTimer(e) => {
            let step = step_mut(s, e.step)?;
            let old_spent = std::mem::replace(&mut step.spent_sec, e.spent_sec);
            let old_since = std::mem::replace(&mut step.running_since, e.running_since);
            Event::SetTimer(SetTimer {
                step: e.step,
                spent_sec: old_spent,
                running_since: old_since,
            })
        }
        Event::AddParty(e) => {
            let p = &e.party;
            check_kind(&p.id, Kind::Party)?;
            let mut new_ids = vec![&p.id];
            for list in PartyList::ALL {
                for item in p.list(list) {
                    check_kind(&item.id, Kind::Item)?;
                    new_ids.push(&item.id);
                }
            }
            check_new_ids(s, places, &new_ids)?;
            let at = insert_index(e.index, s.parties.len())?;
            bump_ids(s, &new_ids);
            s.parties.insert(at, p.clone());
            places.party_added(p);
            remove_event(&p.id)
        }
        Event::AddItem(e) => {
            check_kind(&e.id, Kind::Item)?;
            check_new_ids(s, places, &[&e.id])?;
            let list = s.list(&e.list).ok_or_else(|| unknown_list(&e.list))?;
            let at = insert_index(e.index, list.len())?;
            bump_ids(s, &[&e.id]);
            let item = Item {
                id: e.id.clone(),
                text: e.text.clone(),
            };
            s.list_mut(&e.list)
                .expect("list checked above")
                .insert(at, item);
            places.added(&e.id, e.list.clone());
            remove_event(&e.id)
        }
        Event::AddActivity(e) => {
            let a = &e.activity;
            check_kind(&a.id, Kind::Activity)?;
            let mut new_ids = vec![&a.id];
            for item in &a.improvements {
                check_kind(&item.id, Kind::Item)?;
                new_ids.push(&item.id);
            }
            check_new_ids(s, places, &new_ids)?;
            if let Some(lead) = &a.lead {
                party_index(s, lead)?;
            }
            for (i, part) in a.participants.iter().enumerate() {
                if a.participants[..i].iter().any(|q| q.party == part.party) {
                    return Err(ApplyError::AlreadyParticipant {
                        activity: a.id.clone(),
                        party: part.party.clone(),
                    });
                }
                check_participant(s, part)?;
            }
            let at = insert_index(e.index, s.activities.len())?;
            bump_ids(s, &new_ids);
            s.activities.insert(at, a.clone());
            for item in &a.improvements {
                places.added(&item.id, ListRef::Improvements(a.id.clone()));
            }
            remove_event(&a.id)
        }
        Event::AddParticipant(e) => {
            let ai = activity_index(s, &e.activity)?;
            let part = &e.participant;
            if s.activities[ai].participant(&part.party).is_some() {
                return Err(ApplyError::AlreadyParticipant {
                    activity: e.activity.clone(),
                    party: part.party.clone(),
                });
            }
            check_participant(s, part)?;
            let at = insert_index(e.index, s.activities[ai].participants.len())?;
            s.activities[ai].participants.insert(at, part.clone());
            Event::RemoveParticipant(RemoveParticipant {
                activity: e.activity.clone(),
                party: part.party.clone(),
            })
        }
        Event::AddAction(e) => {
            let t = &e.action;
            check_kind(&t.id, Kind::Action)?;
            check_new_ids(s, places, &[&t.id])?;
            if let Some(a) = &t.activity {
                activity_index(s, a)?;
            }
            let at = insert_index(e.index, s.action_items.len())?;
            bump_ids(s, &[&t.id]);
            s.action_items.insert(at, t.clone());
            remove_event(&t.id)
        }
        Event::AddIdea(e) => {
            let x = &e.idea;
            check_kind(&x.id, Kind::Idea)?;
            check_new_ids(s, places, &[&x.id])?;
            if let Some(a) = &x.activity {
                activity_index(s, a)?;
            }
            let at = insert_index(e.index, s.expansion.len())?;
            bump_ids(s, &[&x.id]);
            s.expansion.insert(at, x.clone());
            remove_event(&x.id)
        }
        Event::Remove(e) => remove(s, places, &e.id)?,
        Event::RemoveParticipant(e) => {
            let ai = activity_index(s, &e.activity)?;
            let pi = participant_index(s, ai, &e.party)?;
            let part = s.activities[ai].participants.remove(pi);
            Event::AddParticipant(AddParticipant {
                activity: e.activity.clone(),
                participant: part,
                index: Some(pi),
            })
        }
        Event::Move(e) => move_thing(s, places, &e.id, e.to)?,
        Event::SetCoop(e) => {
            let ai = activity_index(s, &e.activity)?;
            let old = std::mem::replace(&mut s.activities[ai].coop, e.coop);
            Event::SetCoop(SetCoop {
                activity: e.activity.clone(),
                coop: old,
            })
        }
        Event::SetLead(e) => {
            let ai = activity_index(s, &e.activity)?;
            if let Some(p) = &e.party {
                party_index(s, p)?;
            }
            let old = std::mem::replace(&mut s.activities[ai].lead, e.party.clone());
            Event::SetLead(SetLead {
                activity: e.activity.clone(),
                party: old,
            })
        }
        Event::SetStatus(e) => {
            let ai = activity_index(s, &e.activity)?;
            let old = std::mem::replace(&mut s.activities[ai].status, e.status);
            Event::SetStatus(SetStatus {
                activity: e.activity.clone(),
                status: old,
            })
        }
        Event::SetVotes(e) => {
            let ai = activity_index(s, &e.activity)?;
            let old = std::mem::replace(&mut s.activities[ai].votes, e.votes);
            Event::SetVotes(SetVotes {
                activity: e.activity.clone(),
                votes: old,
            })
        }
        Event::SetLink(e) => set_link(s, e)?,
        Event::SetAchieved(e) => {
            let ai = activity_index(s, &e.activity)?;
            let pi = participant_index(s, ai, &e.party)?;
            let slot = &mut s.activities[ai].participants[pi].evaluation.achieved;
            let old = std::mem::replace(slot, e.achieved);
            Event::SetAchieved(SetAchieved {
                activity: e.activity.clone(),
                party: e.party.clone(),
                achieved: old,
            })
        }
        Event::SetBenefitKinds(e) => {
            let ai = activity_index(s, &e.activity)?;
            let pi = participant_index(s, ai, &e.party)?;
            let slot = &mut s.activities[ai].participants[pi].benefit_kinds;
            let old = std::mem::replace(slot, e.kinds.clone());
            Event::SetBenefitKinds(SetBenefitKinds {
                activity: e.activity.clone(),
                party: e.party.clone(),
                kinds: old,
            })
        }
        Event::SetDone(e) => {
            let ti = action_index(s, &e.action)?;
            let old = std::mem::replace(&mut s.action_items[ti].done, e.done);
            Event::SetDone(SetDone {
                action: e.action.clone(),
                done: old,
            })
        }
        Event::SetActionActivity(e) => {
            let ti = action_index(s, &e.action)?;
            if let Some(a) = &e.activity {
                activity_index(s, a)?;
            }
            let old = std::mem::replace(&mut s.action_items[ti].activity, e.activity.clone());
            Event::SetActionActivity(SetActionActivity {
                action: e.action.clone(),
                activity: old,
            })
        }
        Event::SetIdeaKind(e) => {
            let xi = idea_index(s, &e.idea)?;
            let old = std::mem::replace(&mut s.expansion[xi].kind, e.kind);
            Event::SetIdeaKind(SetIdeaKind {
                idea: e.idea.clone(),
                kind: old,
            })
        }
        Event::SetIdeaActivity(e) => {
            let xi = idea_index(s, &e.idea)?;
            if let Some(a) = &e.activity {
                activity_index(s, a)?;
            }
            let old = std::mem::replace(&mut s.expansion[xi].activity, e.activity.clone());
            Event::SetIdeaActivity(SetIdeaActivity {
                idea: e.idea.clone(),
                activity: old,
            })
        }
        Event::Batch(events) => {
            let mut inverses: Vec<Event> = Vec::with_capacity(events.len());
            // Inverses do not lower the id counter (ids are not handed out twice), but a
            // refused batch must leave everything as it was.
            let next_id = s.next_id;
            for (index, event) in events.iter().enumerate() {
                match apply_in(s, places, event) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(error) => {
                        // Roll back what this batch already did. Each inverse was computed
                        // from the state it restores, so it applies.
                        for inverse in inverses.iter().rev() {
                            let undone = apply_in(s, places, inverse);
                            debug_assert!(undone.is_ok(), "rollback failed: {undone:?}");
                        }
                        s.next_id = next_id;
                        return Err(ApplyError::InBatch {
                            index,
                            error: Box::new(error),
                        });
                    }
                }
            }
            inverses.reverse();
            Event::Batch(inverses)
        }
    };
    Ok(inverse)
}

fn remove_event(id: &Id) -> Event {
    Event::Remove(Remove { id: id.clone() })
}

fn unknown_list(list: &ListRef) -> ApplyError {
    match list {
        ListRef::Party(p, _) => ApplyError::UnknownId(p.clone()),
        ListRef::Improvements(a) => ApplyError::UnknownId(a.clone()),
        // The session-level lists always exist.
        ListRef::Decisions | ListRef::ParkingLot | ListRef::Meeting(_) => ApplyError::OutOfRange {
            what: Range::List,
            value: 0,
        },
    }
}

fn check_step(step: u8) -> Result<()> {
    if (1..=STEPS).contains(&step) {
        Ok(())
    } else {
        Err(ApplyError::OutOfRange {
            what: Range::Step,
            value: step.into(),
        })
    }
}

fn step_mut(s: &mut Session, step: u8) -> Result<&mut super::session::StepState> {
    check_step(step)?;
    s.meta
        .steps
        .get_mut(usize::from(step) - 1)
        .ok_or(ApplyError::OutOfRange {
            what: Range::Step,
            value: step.into(),
        })
}

fn check_kind(id: &Id, expected: Kind) -> Result<()> {
    if id.prefix() == expected.prefix() {
        Ok(())
    } else {
        Err(ApplyError::WrongKind {
            id: id.clone(),
            expected,
        })
    }
}

/// Refuse ids that are already in the session or repeated among the new ones, and ids that a
/// file could not hold (a number beyond `MAX_ID_NUMBER`).
fn check_new_ids(s: &Session, places: &Places, ids: &[&Id]) -> Result<()> {
    for (i, id) in ids.iter().enumerate() {
        if !id.is_well_formed() {
            return Err(ApplyError::OutOfRange {
                what: Range::IdNumber,
                value: id.number(),
            });
        }
        let taken = match id.prefix() {
            prefix::ITEM => places.contains(s, id),
            _ => contains_id(s, id),
        };
        if ids[..i].contains(id) || taken {
            return Err(ApplyError::DuplicateId((*id).clone()));
        }
    }
    Ok(())
}

/// Keep the id counter ahead of every id in the session.
fn bump_ids(s: &mut Session, ids: &[&Id]) {
    for id in ids {
        s.next_id = s.next_id.max(id.number().saturating_add(1));
    }
}

/// Raise the id counter above every id the session holds. `apply` keeps the counter ahead of
/// every id it adds; a state read from a file may hold ids a hand edit put beyond its
/// `next_id`, and the loader calls this once on it so that no new id repeats one of them.
pub fn raise_counter(s: &mut Session) {
    let highest = s.all_ids().iter().map(|(id, _)| id.number()).max();
    if let Some(highest) = highest {
        // Ids read from a file have at most 15 digits: no overflow.
        s.next_id = s.next_id.max(highest.saturating_add(1));
    }
}

/// Whether any thing in the session has this id. Ids carry their kind in their first letter,
/// so only one kind of list is searched.
pub fn contains_id(s: &Session, id: &Id) -> bool {
    match id.prefix() {
        prefix::PARTY => s.party(id).is_some(),
        prefix::ITEM => s.find_item(id).is_some(),
        prefix::ACTIVITY => s.activity(id).is_some(),
        prefix::ACTION => s.action_items.iter().any(|t| &t.id == id),
        prefix::IDEA => s.expansion.iter().any(|x| &x.id == id),
        _ => false,
    }
}

fn insert_index(index: Option<usize>, len: usize) -> Result<usize> {
    match index {
        None => Ok(len),
        Some(i) if i <= len => Ok(i),
        Some(i) => Err(ApplyError::OutOfRange {
            what: Range::Position,
            value: i as u64,
        }),
    }
}

fn party_index(s: &Session, id: &Id) -> Result<usize> {
    s.parties
        .iter()
        .position(|p| &p.id == id)
        .ok_or_else(|| ApplyError::UnknownId(id.clone()))
}

fn activity_index(s: &Session, id: &Id) -> Result<usize> {
    s.activities
        .iter()
        .position(|a| &a.id == id)
        .ok_or_else(|| ApplyError::UnknownId(id.clone()))
}

fn action_index(s: &Session, id: &Id) -> Result<usize> {
    s.action_items
        .iter()
        .position(|t| &t.id == id)
        .ok_or_else(|| ApplyError::UnknownId(id.clone()))
}

fn idea_index(s: &Session, id: &Id) -> Result<usize> {
    s.expansion
        .iter()
        .position(|x| &x.id == id)
        .ok_or_else(|| ApplyError::UnknownId(id.clone()))
}

fn participant_index(s: &Session, activity: usize, party: &Id) -> Result<usize> {
    let a = &s.activities[activity];
    a.participants
        .iter()
        .position(|p| &p.party == party)
        .ok_or_else(|| ApplyError::NotParticipant {
            activity: a.id.clone(),
            party: party.clone(),
        })
}

/// A participant may only link its own party's purposes and challenges, each once.
fn check_participant(s: &Session, part: &Participant) -> Result<()> {
    let party = &s.parties[party_index(s, &part.party)?];
    for (links, list) in [
        (&part.purposes, &party.purposes),
        (&part.challenges, &party.challenges),
    ] {
        for (i, link) in links.iter().enumerate() {
            if !list.iter().any(|it| &it.id == link) {
                return Err(ApplyError::NotPartyGoal {
                    item: link.clone(),
                    party: party.id.clone(),
                });
            }
            if links[..i].contains(link) {
                return Err(ApplyError::LinkUnchanged { item: link.clone() });
            }
        }
    }
    Ok(())
}

fn text_mut<'s>(s: &'s mut Session, places: &Places, field: &TextField) -> Result<&'s mut String> {
    use TextField::*;
    let unknown = |id: &Id| ApplyError::UnknownId(id.clone());
    Ok(match field {
        Title => &mut s.meta.title,
        Venue => &mut s.meta.venue,
        Facilitator => &mut s.meta.facilitator,
        Recorder => &mut s.meta.recorder,
        NextVenue => &mut s.meta.next.venue,
        NextNote => &mut s.meta.next.note,
        Format1NextMeeting => return Err(ApplyError::Format1Field(field.clone())),
        StepNotes(n) => &mut step_mut(s, *n)?.notes,
        PartyName(p) => {
            &mut s
                .parties
                .iter_mut()
                .find(|x| &x.id == p)
                .ok_or_else(|| unknown(p))?
                .name
        }
        PartyKind(p) => {
            &mut s
                .parties
                .iter_mut()
                .find(|x| &x.id == p)
                .ok_or_else(|| unknown(p))?
                .kind
        }
        Item(i) => {
            let (list, at) = places.find(s, i).ok_or_else(|| unknown(i))?;
            &mut s.list_mut(&list).expect("found above")[at].text
        }
        ActivityTitle(a) => {
            let ai = activity_index(s, a)?;
            &mut s.activities[ai].title
        }
        ActivityDescription(a) => {
            let ai = activity_index(s, a)?;
            &mut s.activities[ai].description
        }
        Role(a, p) | Benefit(a, p) | EvaluationComment(a, p) => {
            let ai = activity_index(s, a)?;
            let pi = participant_index(s, ai, p)?;
            let part = &mut s.activities[ai].participants[pi];
            match field {
                Role(..) => &mut part.role,
                Benefit(..) => &mut part.benefit,
                _ => &mut part.evaluation.comment,
            }
        }
        ActionWhat(t) | ActionWho(t) | ActionDue(t) => {
            let ti = action_index(s, t)?;
            let action = &mut s.action_items[ti];
            match field {
                ActionWhat(_) => &mut action.what,
                ActionWho(_) => &mut action.who,
                _ => &mut action.due,
            }
        }
        IdeaName(x) | IdeaWhy(x) => {
            let xi = idea_index(s, x)?;
            let idea = &mut s.expansion[xi];
            if matches!(field, IdeaName(_)) {
                &mut idea.name
            } else {
                &mut idea.why
            }
        }
    })
}

/// Refuse to remove a thing that something still refers to.
fn check_unreferenced(s: &Session, id: &Id) -> Result<()> {
    match references(s, id).into_iter().next() {
        Some(by) => Err(ApplyError::InUse { id: id.clone(), by }),
        None => Ok(()),
    }
}

fn remove(s: &mut Session, places: &mut Places, id: &Id) -> Result<Event> {
    match id.prefix() {
        prefix::PARTY => {
            let pi = party_index(s, id)?;
            check_unreferenced(s, id)?;
            let party: Party = s.parties.remove(pi);
            places.party_removed(&party);
            Ok(Event::AddParty(AddParty {
                party,
                index: Some(pi),
            }))
        }
        prefix::ITEM => {
            let (list, at) = places
                .find(s, id)
                .ok_or_else(|| ApplyError::UnknownId(id.clone()))?;
            check_unreferenced(s, id)?;
            let item = s.list_mut(&list).expect("found above").remove(at);
            places.removed(&item.id);
            Ok(Event::AddItem(AddItem {
                list,
                id: item.id,
                text: item.text,
                index: Some(at),
            }))
        }
        prefix::ACTIVITY => {
            let ai = activity_index(s, id)?;
            check_unreferenced(s, id)?;
            let activity = s.activities.remove(ai);
            for item in &activity.improvements {
                places.removed(&item.id);
            }
            Ok(Event::AddActivity(AddActivity {
                activity,
                index: Some(ai),
            }))
        }
        prefix::ACTION => {
            let ti = action_index(s, id)?;
            let action = s.action_items.remove(ti);
            Ok(Event::AddAction(AddAction {
                action,
                index: Some(ti),
            }))
        }
        prefix::IDEA => {
            let xi = idea_index(s, id)?;
            let idea = s.expansion.remove(xi);
            Ok(Event::AddIdea(AddIdea {
                idea,
                index: Some(xi),
            }))
        }
        _ => Err(ApplyError::UnknownId(id.clone())),
    }
}

fn move_in<T>(list: &mut Vec<T>, from: usize, to: usize) -> Result<()> {
    if to >= list.len() {
        return Err(ApplyError::OutOfRange {
            what: Range::Position,
            value: to as u64,
        });
    }
    let thing = list.remove(from);
    list.insert(to, thing);
    Ok(())
}

fn move_thing(s: &mut Session, places: &Places, id: &Id, to: usize) -> Result<Event> {
    let from = match id.prefix() {
        prefix::PARTY => {
            let from = party_index(s, id)?;
            move_in(&mut s.parties, from, to)?;
            from
        }
        prefix::ITEM => {
            let (list, from) = places
                .find(s, id)
                .ok_or_else(|| ApplyError::UnknownId(id.clone()))?;
            move_in(s.list_mut(&list).expect("found above"), from, to)?;
            from
        }
        prefix::ACTIVITY => {
            let from = activity_index(s, id)?;
            move_in(&mut s.activities, from, to)?;
            from
        }
        prefix::ACTION => {
            let from = action_index(s, id)?;
            move_in(&mut s.action_items, from, to)?;
            from
        }
        prefix::IDEA => {
            let from = idea_index(s, id)?;
            move_in(&mut s.expansion, from, to)?;
            from
        }
        _ => return Err(ApplyError::UnknownId(id.clone())),
    };
    Ok(Event::Move(Move {
        id: id.clone(),
        to: from,
    }))
}

fn set_link(s: &mut Session, e: &SetLink) -> Result<Event> {
    let ai = activity_index(s, &e.activity)?;
    let pi = participant_index(s, ai, &e.party)?;
    let party = &s.parties[party_index(s, &e.party)?];
    let is_purpose = party.purposes.iter().any(|it| it.id == e.item);
    if !is_purpose && !party.challenges.iter().any(|it| it.id == e.item) {
        return Err(ApplyError::NotPartyGoal {
            item: e.item.clone(),
            party: e.party.clone(),
        });
    }
    let part = &mut s.activities[ai].participants[pi];
    let links = if is_purpose {
        &mut part.purposes
    } else {
        &mut part.challenges
    };
    let found = links.iter().position(|l| l == &e.item);
    let index = match (e.on, found) {
        (true, None) => {
            let at = insert_index(e.index, links.len())?;
            links.insert(at, e.item.clone());
            None
        }
        (false, Some(at)) => {
            links.remove(at);
            Some(at)
        }
        _ => {
            return Err(ApplyError::LinkUnchanged {
                item: e.item.clone(),
            });
        }
    };
    Ok(Event::SetLink(SetLink {
        activity: e.activity.clone(),
        party: e.party.clone(),
        item: e.item.clone(),
        on: !e.on,
        index,
    }))
}
