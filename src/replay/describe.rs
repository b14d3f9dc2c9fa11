//! What a change in the history did, in words of the screen's language: "町内会: 目的を追加
//! 「ゴミ出しのトラブルをなくしたい」". For the replay's timeline and its search; no terminal
//! here, so tests and exports can use it too. Every word comes from `i18n::changes`.
//!
//! A change names things by id; the names come from the state *before* the change (a removed
//! purpose is gone after it), then from the things the same batch adds, else the id itself.

use crate::core::event::*;
use crate::core::history::{By, Record};
use crate::core::session::{Id, ListRef, MeetingList, PartyList, Session, TextField, prefix};
use crate::i18n::changes::Change;
use crate::i18n::terms::party_kind;
use crate::i18n::{Lang, Term, fill};

/// A record in words, marked when undo or redo made it. `before` is the state the record was
/// applied to.
pub fn describe(before: &Session, record: &Record, lang: Lang) -> String {
    let change = describe_event(before, &record.event, lang);
    let change = match &record.from {
        // Accepted from a phone in the room: who proposed it.
        Some(from) => {
            let party = before.party_name(&from.party);
            let who = match &from.name {
                Some(name) => fill(
                    Change::FromPerson.text(lang),
                    &[("party", party), ("name", name)],
                ),
                None => fill(Change::FromParty.text(lang), &[("party", party)]),
            };
            fill(
                Change::FromPhone.text(lang),
                &[("change", &change), ("who", &who)],
            )
        }
        None => change,
    };
    match record.by {
        None => change,
        Some(By::Undo) => fill(Change::Undo.text(lang), &[("change", &change)]),
        Some(By::Redo) => fill(Change::Redo.text(lang), &[("change", &change)]),
    }
}

/// An event in words; a batch is told by its main change (see `main_change`).
pub fn describe_event(before: &Session, event: &Event, lang: Lang) -> String {
    let words = Words {
        lang,
        names: Names {
            s: before,
            batch: &[],
        },
    };
    words.event(event)
}

/// The change a batch is about: a step change first, then adding or removing a thing, then
/// a party joining or leaving an activity, then any other edit, a step timer or how far the
/// meeting got last. Removing a party is a batch that first takes it out of its activities;
/// it is told as the removal. Closing the meeting stops the running timer first; it is told
/// as the close.
pub fn main_change(events: &[Event]) -> Option<&Event> {
    fn weight(e: &Event) -> u8 {
        match e {
            Event::SetStep(_) => 4,
            Event::SetTimer(_) | Event::SetReached(_) => 0,
            e => crate::core::edits::weight(e),
        }
    }
    // The first of the heaviest: `max_by_key` keeps the last, so look from the end.
    events.iter().rev().max_by_key(|e| weight(e))
}

/// The things a change is about, by id: what a screen following the history shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub party: Option<Id>,
    pub activity: Option<Id>,
    pub item: Option<Id>,
    pub action: Option<Id>,
    pub idea: Option<Id>,
}

impl Touched {
    fn by_id(id: &Id) -> Touched {
        let id = Some(id.clone());
        match id.as_ref().map(Id::prefix) {
            Some(prefix::PARTY) => Touched {
                party: id,
                ..Touched::default()
            },
            Some(prefix::ACTIVITY) => Touched {
                activity: id,
                ..Touched::default()
            },
            Some(prefix::ITEM) => Touched {
                item: id,
                ..Touched::default()
            },
            Some(prefix::ACTION) => Touched {
                action: id,
                ..Touched::default()
            },
            _ => Touched {
                idea: id,
                ..Touched::default()
            },
        }
    }

    fn row(activity: &Id, party: &Id) -> Touched {
        Touched {
            activity: Some(activity.clone()),
            party: Some(party.clone()),
            ..Touched::default()
        }
    }
}

/// What a change is about (a batch: its main change).
pub fn touches(event: &Event) -> Touched {
    use TextField::*;
    match event {
        Event::SetText(e) => match &e.field {
            PartyName(p) | PartyKind(p) => Touched::by_id(p),
            Item(i) => Touched::by_id(i),
            ActivityTitle(a) | ActivityDescription(a) => Touched::by_id(a),
            Role(a, p) | Benefit(a, p) | EvaluationComment(a, p) => Touched::row(a, p),
            ActionWhat(t) | ActionWho(t) | ActionDue(t) => Touched::by_id(t),
            IdeaName(x) | IdeaWhy(x) => Touched::by_id(x),
            Title | Venue | Facilitator | Recorder | NextVenue | NextNote | Format1NextMeeting
            | StepNotes(_) => Touched::default(),
        },
        Event::SetHost(e) => e.party.as_ref().map(Touched::by_id).unwrap_or_default(),
        Event::AddParty(e) => Touched::by_id(&e.party.id),
        Event::AddItem(e) => Touched::by_id(&e.id),
        Event::AddActivity(e) => Touched::by_id(&e.activity.id),
        Event::AddParticipant(e) => Touched::row(&e.activity, &e.participant.party),
        Event::AddAction(e) => Touched::by_id(&e.action.id),
        Event::AddIdea(e) => Touched::by_id(&e.idea.id),
        Event::Remove(e) => Touched::by_id(&e.id),
        Event::Move(e) => Touched::by_id(&e.id),
        Event::RemoveParticipant(e) => Touched::by_id(&e.activity),
        Event::SetCoop(SetCoop { activity, .. })
        | Event::SetLead(SetLead { activity, .. })
        | Event::SetStatus(SetStatus { activity, .. })
        | Event::SetVotes(SetVotes { activity, .. }) => Touched::by_id(activity),
        Event::SetLink(e) => Touched {
            item: Some(e.item.clone()),
            ..Touched::row(&e.activity, &e.party)
        },
        Event::SetAchieved(e) => Touched::row(&e.activity, &e.party),
        Event::SetBenefitKinds(e) => Touched::row(&e.activity, &e.party),
        Event::SetDone(SetDone { action, .. })
        | Event::SetActionActivity(SetActionActivity { action, .. }) => Touched::by_id(action),
        Event::SetIdeaKind(SetIdeaKind { idea, .. })
        | Event::SetIdeaActivity(SetIdeaActivity { idea, .. }) => Touched::by_id(idea),
        Event::Batch(events) => main_change(events).map(touches).unwrap_or_default(),
        Event::SetStart(_)
        | Event::SetEnd(_)
        | Event::SetNextStart(_)
        | Event::SetDisclosure(_)
        | Event::SetPrevious(_)
        | Event::SetLang(_)
        | Event::SetStep(_)
        | Event::SetTimebox(_)
        | Event::SetTimer(_)
        | Event::SetReached(_)
        | Event::SetBell(_) => Touched::default(),
    }
}

/// The step an event moves the room to, if it does (a batch: its last step change).
pub fn step_set(event: &Event) -> Option<u8> {
    match event {
        Event::SetStep(s) => Some(s.step),
        Event::Batch(events) => events.iter().rev().find_map(step_set),
        _ => None,
    }
}

/// Names of things, from the state before a change and the batch it belongs to.
#[derive(Clone, Copy)]
struct Names<'a> {
    s: &'a Session,
    batch: &'a [Event],
}

impl<'a> Names<'a> {
    fn added(&self) -> impl Iterator<Item = &'a Event> {
        fn flat<'e>(events: &'e [Event], out: &mut Vec<&'e Event>) {
            for e in events {
                match e {
                    Event::Batch(inner) => flat(inner, out),
                    e => out.push(e),
                }
            }
        }
        let mut out = vec![];
        flat(self.batch, &mut out);
        out.into_iter()
    }

    fn party(&self, id: &Id) -> String {
        if let Some(p) = self.s.party(id) {
            return p.name.clone();
        }
        self.added()
            .find_map(|e| match e {
                Event::AddParty(a) if &a.party.id == id => Some(a.party.name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.to_string())
    }

    fn activity(&self, id: &Id) -> String {
        if let Some(a) = self.s.activity(id) {
            return a.title.clone();
        }
        self.added()
            .find_map(|e| match e {
                Event::AddActivity(a) if &a.activity.id == id => Some(a.activity.title.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.to_string())
    }

    /// An item's list and text.
    fn item(&self, id: &Id) -> (Option<ListRef>, String) {
        if let Some((list, i)) = self.s.find_item(id)
            && let Some(item) = self.s.list(&list).and_then(|l| l.get(i))
        {
            return (Some(list), item.text.clone());
        }
        self.added()
            .find_map(|e| match e {
                Event::AddItem(a) if &a.id == id => Some((Some(a.list.clone()), a.text.clone())),
                _ => None,
            })
            .unwrap_or_else(|| (None, id.to_string()))
    }

    fn action(&self, id: &Id) -> String {
        if let Some(t) = self.s.action_items.iter().find(|t| &t.id == id) {
            return t.what.clone();
        }
        self.added()
            .find_map(|e| match e {
                Event::AddAction(a) if &a.action.id == id => Some(a.action.what.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.to_string())
    }

    fn idea(&self, id: &Id) -> String {
        if let Some(x) = self.s.expansion.iter().find(|x| &x.id == id) {
            return x.name.clone();
        }
        self.added()
            .find_map(|e| match e {
                Event::AddIdea(a) if &a.idea.id == id => Some(a.idea.name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.to_string())
    }
}

/// A description being made: who or what it is about, and what happened.
struct Said {
    subject: Option<Subject>,
    what: String,
}

enum Subject {
    /// A party's name, as typed.
    Party(String),
    /// A phrase such as "activity “…”", which starts a sentence.
    Phrase(String),
}

struct Words<'a> {
    lang: Lang,
    names: Names<'a>,
}

impl Words<'_> {
    fn t(&self, c: Change) -> &'static str {
        c.text(self.lang)
    }

    fn fill(&self, c: Change, args: &[(&str, &str)]) -> String {
        fill(self.t(c), args)
    }

    fn event(&self, event: &Event) -> String {
        let said = self.said(event);
        let sentence = |s: String| {
            if self.lang == Lang::En {
                capitalized(&s)
            } else {
                s
            }
        };
        match said.subject {
            Some(subject) => {
                let subject = match subject {
                    Subject::Party(name) => name,
                    Subject::Phrase(phrase) => sentence(phrase),
                };
                self.fill(
                    Change::Subject,
                    &[("subject", &subject), ("what", &said.what)],
                )
            }
            None => sentence(said.what),
        }
    }

    fn plain(&self, what: String) -> Said {
        Said {
            subject: None,
            what,
        }
    }

    /// Something a party did or had done to it.
    fn about(&self, party: String, what: String) -> Said {
        Said {
            subject: Some(Subject::Party(party)),
            what,
        }
    }

    /// Something that happened to a named thing (an activity, an action item, an idea).
    fn about_thing(&self, subject: String, what: String) -> Said {
        Said {
            subject: Some(Subject::Phrase(subject)),
            what,
        }
    }

    fn named(&self, thing: Change, name: &str) -> String {
        self.fill(Change::Named, &[("thing", self.t(thing)), ("name", name)])
    }

    fn added(&self, thing: Change, text: &str) -> String {
        self.fill(Change::Added, &[("thing", self.t(thing)), ("text", text)])
    }

    fn changed(&self, field: &str, text: &str) -> String {
        if text.is_empty() {
            self.fill(Change::Cleared, &[("field", field)])
        } else {
            self.fill(Change::Changed, &[("field", field), ("text", text)])
        }
    }

    /// Said of a list's owner: a party, an activity, or the meeting (no subject).
    fn with_owner(&self, list: Option<&ListRef>, what: String) -> Said {
        match list {
            Some(ListRef::Party(p, _)) => self.about(self.names.party(p), what),
            Some(ListRef::Improvements(a)) => {
                self.about_thing(self.named(Change::Activity, &self.names.activity(a)), what)
            }
            _ => self.plain(what),
        }
    }

    fn said(&self, event: &Event) -> Said {
        let n = &self.names;
        match event {
            Event::SetText(e) => self.text(&e.field, &e.text),
            Event::SetStart(e) => self.plain(match &e.start {
                Some(start) => self.fill(
                    Change::StartSet,
                    &[("when", &format!("{} {}", start.ymd(), start.hm()))],
                ),
                None => self.t(Change::StartCleared).to_string(),
            }),
            Event::SetEnd(e) => self.plain(match &e.end {
                Some(end) => self.fill(
                    Change::EndSet,
                    &[("when", &format!("{} {}", end.ymd(), end.hm()))],
                ),
                None => self.t(Change::EndCleared).to_string(),
            }),
            Event::SetNextStart(e) => self.plain(match &e.start {
                Some(start) => self.fill(
                    Change::NextStartSet,
                    &[("when", &format!("{} {}", start.ymd(), start.hm()))],
                ),
                None => self.t(Change::NextStartCleared).to_string(),
            }),
            Event::SetDisclosure(e) => self.plain(match e.disclosure {
                Some(d) => self.fill(
                    Change::DisclosureSet,
                    &[("value", Term::disclosure(d).text(self.lang))],
                ),
                None => self.t(Change::DisclosureCleared).to_string(),
            }),
            Event::SetPrevious(e) => self.plain(match &e.previous {
                Some(p) => self.fill(Change::PreviousSet, &[("title", &p.title)]),
                None => self.t(Change::PreviousCleared).to_string(),
            }),
            Event::SetLang(e) => {
                let lang = match e.lang {
                    Lang::Ja => Change::Japanese,
                    Lang::En => Change::English,
                };
                self.plain(self.fill(Change::LangSet, &[("lang", self.t(lang))]))
            }
            Event::SetHost(e) => match &e.party {
                Some(p) => self.about(n.party(p), self.t(Change::HostSet).to_string()),
                None => self.plain(self.t(Change::HostCleared).to_string()),
            },
            Event::SetStep(e) => self.plain(self.fill(
                Change::StepSet,
                &[
                    ("n", &e.step.to_string()),
                    ("name", Term::step(e.step).text(self.lang)),
                ],
            )),
            Event::SetReached(e) => {
                self.plain(self.fill(Change::Reached, &[("n", &e.step.to_string())]))
            }
            Event::SetBell(e) => self.plain(
                self.t(if e.on {
                    Change::BellOn
                } else {
                    Change::BellOff
                })
                .to_string(),
            ),
            Event::SetTimebox(e) => self.plain(self.fill(
                Change::TimeboxSet,
                &[
                    ("n", &e.step.to_string()),
                    ("minutes", &e.minutes.to_string()),
                ],
            )),
            Event::SetTimer(e) => {
                let step = e.step.to_string();
                self.plain(if e.running_since.is_some() {
                    self.fill(Change::TimerStarted, &[("n", &step)])
                } else {
                    self.fill(
                        Change::TimerStopped,
                        &[("n", &step), ("spent", &minutes_seconds(e.spent_sec))],
                    )
                })
            }
            Event::AddParty(e) => self.plain(self.added(Change::Party, &e.party.name)),
            Event::AddItem(e) => {
                self.with_owner(Some(&e.list), self.added(list_thing(&e.list), &e.text))
            }
            Event::AddActivity(e) => self.plain(self.added(Change::Activity, &e.activity.title)),
            Event::AddParticipant(e) => self.about(
                n.party(&e.participant.party),
                self.fill(Change::Joined, &[("activity", &n.activity(&e.activity))]),
            ),
            Event::AddAction(e) => self.plain(self.added(Change::Action, &e.action.what)),
            Event::AddIdea(e) => self.plain(self.added(Change::Idea, &e.idea.name)),
            Event::Remove(e) => self.thing(&e.id, |thing, text| {
                self.fill(Change::Removed, &[("thing", self.t(thing)), ("text", text)])
            }),
            Event::RemoveParticipant(e) => self.about(
                n.party(&e.party),
                self.fill(Change::Left, &[("activity", &n.activity(&e.activity))]),
            ),
            Event::Move(e) => self.thing(&e.id, |thing, text| {
                self.fill(
                    Change::Moved,
                    &[
                        ("thing", self.t(thing)),
                        ("text", text),
                        ("n", &(e.to + 1).to_string()),
                    ],
                )
            }),
            Event::SetCoop(e) => self.about_thing(
                self.named(Change::Activity, &n.activity(&e.activity)),
                self.changed(self.t(Change::Coop), Term::coop(e.coop).text(self.lang)),
            ),
            Event::SetLead(e) => self.about_thing(
                self.named(Change::Activity, &n.activity(&e.activity)),
                self.changed(
                    self.t(Change::Lead),
                    &e.party.as_ref().map(|p| n.party(p)).unwrap_or_default(),
                ),
            ),
            Event::SetStatus(e) => self.about_thing(
                self.named(Change::Activity, &n.activity(&e.activity)),
                self.changed(
                    self.t(Change::Status),
                    Term::status(e.status).text(self.lang),
                ),
            ),
            Event::SetVotes(e) => self.about_thing(
                self.named(Change::Activity, &n.activity(&e.activity)),
                self.fill(Change::VotesSet, &[("n", &e.votes.to_string())]),
            ),
            Event::SetLink(e) => {
                let (_, item) = n.item(&e.item);
                let activity = n.activity(&e.activity);
                let args = [("item", item.as_str()), ("activity", activity.as_str())];
                let what = if e.on {
                    self.fill(Change::Linked, &args)
                } else {
                    self.fill(Change::Unlinked, &args)
                };
                self.about(n.party(&e.party), what)
            }
            Event::SetAchieved(e) => self.about(
                n.party(&e.party),
                self.in_activity(
                    &e.activity,
                    self.changed(
                        self.t(Change::Achieved),
                        Term::achieved(e.achieved).text(self.lang),
                    ),
                ),
            ),
            Event::SetBenefitKinds(e) => {
                let kinds: Vec<&str> = e
                    .kinds
                    .iter()
                    .map(|k| Term::benefit_kind(*k).text(self.lang))
                    .collect();
                self.about(
                    n.party(&e.party),
                    self.in_activity(
                        &e.activity,
                        self.changed(
                            self.t(Change::BenefitKinds),
                            &kinds.join(self.t(Change::KindSep)),
                        ),
                    ),
                )
            }
            Event::SetDone(e) => self.about_thing(
                self.named(Change::Action, &n.action(&e.action)),
                self.t(if e.done {
                    Change::Done
                } else {
                    Change::Reopened
                })
                .to_string(),
            ),
            Event::SetActionActivity(e) => self.about_thing(
                self.named(Change::Action, &n.action(&e.action)),
                self.tied(e.activity.as_ref()),
            ),
            Event::SetIdeaKind(e) => self.about_thing(
                self.named(Change::Idea, &n.idea(&e.idea)),
                self.changed(
                    self.t(Change::IdeaKind),
                    Term::idea_kind(e.kind).text(self.lang),
                ),
            ),
            Event::SetIdeaActivity(e) => self.about_thing(
                self.named(Change::Idea, &n.idea(&e.idea)),
                self.tied(e.activity.as_ref()),
            ),
            Event::Batch(events) => match main_change(events) {
                Some(main) => {
                    let inner = Words {
                        lang: self.lang,
                        names: Names {
                            s: n.s,
                            batch: events,
                        },
                    };
                    inner.said(main)
                }
                None => self.plain(self.t(Change::NoChange).to_string()),
            },
        }
    }

    /// What changed, then the activity it was in: the change comes first, so a line cut
    /// short on a narrow screen still says it.
    fn in_activity(&self, activity: &Id, what: String) -> String {
        self.fill(
            Change::InActivity,
            &[
                ("what", &what),
                ("activity", &self.names.activity(activity)),
            ],
        )
    }

    fn tied(&self, activity: Option<&Id>) -> String {
        match activity {
            Some(a) => self.fill(Change::TiedTo, &[("activity", &self.names.activity(a))]),
            None => self.t(Change::Untied).to_string(),
        }
    }

    /// A thing named by id (removed or moved): what kind it is, its text, whose it is.
    fn thing(&self, id: &Id, what: impl Fn(Change, &str) -> String) -> Said {
        let n = &self.names;
        match id.prefix() {
            prefix::PARTY => self.plain(what(Change::Party, &n.party(id))),
            prefix::ITEM => {
                let (list, text) = n.item(id);
                let thing = list.as_ref().map_or(Change::Item, list_thing);
                self.with_owner(list.as_ref(), what(thing, &text))
            }
            prefix::ACTIVITY => self.plain(what(Change::Activity, &n.activity(id))),
            prefix::ACTION => self.plain(what(Change::Action, &n.action(id))),
            _ => self.plain(what(Change::Idea, &n.idea(id))),
        }
    }

    fn text(&self, field: &TextField, text: &str) -> Said {
        use TextField::*;
        let n = &self.names;
        let in_activity =
            |a: &Id, field: Change| self.in_activity(a, self.changed(self.t(field), text));
        match field {
            Title => self.plain(self.changed(self.t(Change::Title), text)),
            Venue => self.plain(self.changed(self.t(Change::Venue), text)),
            Facilitator => self.plain(self.changed(self.t(Change::Facilitator), text)),
            Recorder => self.plain(self.changed(self.t(Change::Recorder), text)),
            NextVenue => self.plain(self.changed(self.t(Change::NextVenue), text)),
            NextNote => self.plain(self.changed(self.t(Change::NextNote), text)),
            Format1NextMeeting => self.plain(self.changed(self.t(Change::NextMeeting), text)),
            StepNotes(step) => {
                let field = self.fill(Change::StepNotes, &[("n", &step.to_string())]);
                self.plain(self.changed(&field, text))
            }
            PartyName(p) => self.about(n.party(p), self.changed(self.t(Change::Name), text)),
            PartyKind(p) => self.about(
                n.party(p),
                self.changed(self.t(Change::Kind), &party_kind(text, self.lang)),
            ),
            Item(i) => {
                let (list, _) = n.item(i);
                let thing = list.as_ref().map_or(Change::Item, list_thing);
                self.with_owner(list.as_ref(), self.changed(self.t(thing), text))
            }
            ActivityTitle(a) => self.about_thing(
                self.named(Change::Activity, &n.activity(a)),
                self.changed(self.t(Change::ActivityTitle), text),
            ),
            ActivityDescription(a) => self.about_thing(
                self.named(Change::Activity, &n.activity(a)),
                self.changed(self.t(Change::Description), text),
            ),
            Role(a, p) => self.about(n.party(p), in_activity(a, Change::Role)),
            Benefit(a, p) => self.about(n.party(p), in_activity(a, Change::Benefit)),
            EvaluationComment(a, p) => self.about(n.party(p), in_activity(a, Change::Comment)),
            ActionWhat(t) | ActionWho(t) | ActionDue(t) => {
                let field = match field {
                    ActionWhat(_) => Change::What,
                    ActionWho(_) => Change::Who,
                    _ => Change::Due,
                };
                self.about_thing(
                    self.named(Change::Action, &n.action(t)),
                    self.changed(self.t(field), text),
                )
            }
            IdeaName(x) | IdeaWhy(x) => {
                let field = if matches!(field, IdeaName(_)) {
                    Change::IdeaName
                } else {
                    Change::Why
                };
                self.about_thing(
                    self.named(Change::Idea, &n.idea(x)),
                    self.changed(self.t(field), text),
                )
            }
        }
    }
}

/// What the items of a list are called.
fn list_thing(list: &ListRef) -> Change {
    match list {
        ListRef::Party(_, l) => match l {
            PartyList::Representatives => Change::Representative,
            PartyList::Purposes => Change::Purpose,
            PartyList::Challenges => Change::Challenge,
            PartyList::Strengths => Change::Strength,
            PartyList::Weaknesses => Change::Weakness,
            PartyList::Opportunities => Change::Opportunity,
            PartyList::Threats => Change::Threat,
        },
        ListRef::Improvements(_) => Change::Improvement,
        ListRef::Decisions => Change::Decision,
        ListRef::ParkingLot => Change::ParkingItem,
        ListRef::Meeting(l) => match l {
            MeetingList::Agenda => Change::AgendaItem,
            MeetingList::Absentees => Change::Absentee,
            MeetingList::Handouts => Change::Handout,
            MeetingList::Signers => Change::Signer,
        },
    }
}

/// `mm:ss`, or `h:mm:ss` from an hour on.
fn minutes_seconds(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// English sentences start with a capital ("Purpose added …"); party names are left as typed.
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::apply::apply;
    use crate::core::stamp::Stamp;

    fn event(yaml: &str) -> Event {
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"))
    }

    /// A small meeting: a host NPO, a neighbourhood association, one activity both take part
    /// in, an action item and an idea tied to it, a decision.
    fn before() -> Session {
        let mut s = Session::empty();
        for yaml in [
            "add_party: {party: {id: p1, name: 地域猫の会}}",
            "set_host: {party: p1}",
            "add_party: {party: {id: p2, name: 町内会, kind: residents}}",
            "add_item: {list: p2.purposes, id: i3, text: ゴミ出しのトラブルをなくしたい}",
            "add_item: {list: p2.challenges, id: i4, text: 苦情が役員に集まる}",
            "add_activity: {activity: {id: a5, title: TNR}}",
            "add_participant: {activity: a5, participant: {party: p1}}",
            "add_participant: {activity: a5, participant: {party: p2, purposes: [i3]}}",
            "add_item: {list: a5.improvements, id: i6, text: 告知を早める}",
            "add_action: {action: {id: t7, what: チラシを作る, activity: a5}}",
            "add_idea: {idea: {id: x8, kind: scale, name: 隣の町内会, activity: a5}}",
            "add_item: {list: decisions, id: i9, text: 7月に一斉手術}",
        ] {
            apply(&mut s, &event(yaml)).unwrap();
        }
        s
    }

    /// Every kind of event, with what it says in Japanese and in English.
    const CASES: &[(&str, &str, &str)] = &[
        (
            "add_item: {list: p2.purposes, id: i20, text: 住民の苦情を減らしたい}",
            "町内会: 目的を追加「住民の苦情を減らしたい」",
            "町内会: purpose added “住民の苦情を減らしたい”",
        ),
        (
            "add_item: {list: parking_lot, id: i21, text: 多頭飼育}",
            "保留事項を追加「多頭飼育」",
            "Parking-lot item added “多頭飼育”",
        ),
        (
            "add_item: {list: a5.improvements, id: i22, text: 当番表}",
            "活動「TNR」: 改善点を追加「当番表」",
            "Activity “TNR”: improvement added “当番表”",
        ),
        (
            "set_text: {field: meta.title, text: 第2回}",
            "タイトルを変更「第2回」",
            "Title changed to “第2回”",
        ),
        (
            "set_text: {field: meta.venue, text: ''}",
            "会場を消去",
            "Venue cleared",
        ),
        (
            "set_text: {field: meta.facilitator, text: 佐藤}",
            "ファシリテーターを変更「佐藤」",
            "Facilitator changed to “佐藤”",
        ),
        (
            "set_text: {field: meta.next_meeting, text: 9月}",
            "次回の予定を変更「9月」",
            "Next meeting changed to “9月”",
        ),
        (
            "set_text: {field: step3.notes, text: 休憩}",
            "ステップ3のメモを変更「休憩」",
            "Step 3 notes changed to “休憩”",
        ),
        (
            "set_text: {field: p2.name, text: みどり町町内会}",
            "町内会: 名前を変更「みどり町町内会」",
            "町内会: name changed to “みどり町町内会”",
        ),
        (
            "set_text: {field: p2.kind, text: npo}",
            "町内会: 種別を変更「NPO」",
            "町内会: kind changed to “NPO”",
        ),
        (
            "set_text: {field: i4, text: 苦情が会長宅に集まる}",
            "町内会: 課題を変更「苦情が会長宅に集まる」",
            "町内会: challenge changed to “苦情が会長宅に集まる”",
        ),
        (
            "set_text: {field: i9, text: 8月に一斉手術}",
            "決定事項を変更「8月に一斉手術」",
            "Decision changed to “8月に一斉手術”",
        ),
        (
            "set_text: {field: a5.title, text: 一斉TNR}",
            "活動「TNR」: 活動名を変更「一斉TNR」",
            "Activity “TNR”: title changed to “一斉TNR”",
        ),
        (
            "set_text: {field: a5.description, text: 捕獲して戻す}",
            "活動「TNR」: 説明を変更「捕獲して戻す」",
            "Activity “TNR”: description changed to “捕獲して戻す”",
        ),
        (
            "set_text: {field: a5/p2.role, text: 回覧板で周知}",
            "町内会: 役割を変更「回覧板で周知」（「TNR」）",
            "町内会: role changed to “回覧板で周知” (in “TNR”)",
        ),
        (
            "set_text: {field: a5/p2.benefit, text: 苦情が減る}",
            "町内会: 相利を変更「苦情が減る」（「TNR」）",
            "町内会: benefit changed to “苦情が減る” (in “TNR”)",
        ),
        (
            "set_text: {field: a5/p2.comment, text: 半分は実現}",
            "町内会: 評価のコメントを変更「半分は実現」（「TNR」）",
            "町内会: evaluation comment changed to “半分は実現” (in “TNR”)",
        ),
        (
            "set_text: {field: t7.who, text: 高橋}",
            "アクション「チラシを作る」: 担当を変更「高橋」",
            "Action item “チラシを作る”: who changed to “高橋”",
        ),
        (
            "set_text: {field: x8.why, text: 同じ悩み}",
            "拡大のアイデア「隣の町内会」: 理由を変更「同じ悩み」",
            "Expansion idea “隣の町内会”: why changed to “同じ悩み”",
        ),
        (
            "set_start: {start: 2026-06-13T13:30:00+09:00}",
            "開始日時を2026-06-13 13:30に設定",
            "Start set to 2026-06-13 13:30",
        ),
        (
            "set_end: {end: 2026-06-13T15:29:00+09:00}",
            "閉会を2026-06-13 15:29に記録",
            "Meeting closed at 2026-06-13 15:29",
        ),
        (
            "set_end: {end: null}",
            "閉会の記録を取り消し",
            "Meeting reopened",
        ),
        // Closing the meeting (`E`) stops the running timer first: the close is what matters.
        (
            "batch: [{set_timer: {step: 5, spent_sec: 900}}, {set_end: {end: 2026-06-13T15:29:00+09:00}}]",
            "閉会を2026-06-13 15:29に記録",
            "Meeting closed at 2026-06-13 15:29",
        ),
        (
            "set_next_start: {start: 2026-09-12T13:30:00+09:00}",
            "次回の日時を2026-09-12 13:30に設定",
            "Next meeting set to 2026-09-12 13:30",
        ),
        (
            "set_disclosure: {disclosure: closed}",
            "公開・非公開を「非公開」に",
            "Public or closed set to “Closed”",
        ),
        (
            "set_previous: {previous: {title: 第1回, carried: [p1]}}",
            "前回「第1回」から引き継ぎ",
            "Carried over from “第1回”",
        ),
        (
            "set_text: {field: meta.recorder, text: 林}",
            "記録者を変更「林」",
            "Minute-taker changed to “林”",
        ),
        (
            "set_text: {field: meta.next.venue, text: 公民館}",
            "次回の場所を変更「公民館」",
            "Next meeting's venue changed to “公民館”",
        ),
        (
            "add_item: {list: agenda, id: i23, text: 前回のふりかえり}",
            "議題を追加「前回のふりかえり」",
            "Agenda item added “前回のふりかえり”",
        ),
        (
            "set_lang: {lang: en}",
            "言語を英語に設定",
            "Language set to English",
        ),
        (
            "set_host: {party: p2}",
            "町内会: 主催になる",
            "町内会: made the host",
        ),
        (
            "set_host: {}",
            "主催の関係者を解除",
            "No host party any more",
        ),
        (
            "set_step: {step: 3}",
            "ステップ3へ：企画・実施",
            "On to step 3: Plan and carry out",
        ),
        (
            "set_timebox: {step: 2, minutes: 30}",
            "ステップ2の予定時間を30分に",
            "Step 2 timebox set to 30 min",
        ),
        (
            "set_reached: {step: 4}",
            "ステップ4まで進む",
            "The meeting reaches step 4",
        ),
        (
            "set_bell: {on: false}",
            "時間切れにベルを鳴らさない",
            "No bell when a timebox runs out",
        ),
        (
            "set_benefit_kinds: {activity: a5, party: p2, kinds: [money, situation]}",
            "町内会: 相利の種類を変更「お金・状況の変化」（「TNR」）",
            "町内会: kinds of benefit changed to “Money, Change of situation” (in “TNR”)",
        ),
        (
            "set_timer: {step: 1, spent_sec: 0, running_since: 2026-06-13T13:30:00+09:00}",
            "ステップ1のタイマー開始",
            "Step 1 timer started",
        ),
        (
            "set_timer: {step: 1, spent_sec: 754}",
            "ステップ1のタイマー停止（12:34）",
            "Step 1 timer paused at 12:34",
        ),
        (
            "add_party: {party: {id: p30, name: 保健所}}",
            "関係者を追加「保健所」",
            "Party added “保健所”",
        ),
        (
            "add_activity: {activity: {id: a31, title: 譲渡会}}",
            "活動を追加「譲渡会」",
            "Activity added “譲渡会”",
        ),
        (
            "add_participant: {activity: a5, participant: {party: p2}}",
            "町内会: 「TNR」に参加",
            "町内会: joins “TNR”",
        ),
        (
            "add_action: {action: {id: t32, what: 回覧を出す}}",
            "アクションを追加「回覧を出す」",
            "Action item added “回覧を出す”",
        ),
        (
            "add_idea: {idea: {id: x33, name: 不動産会社}}",
            "拡大のアイデアを追加「不動産会社」",
            "Expansion idea added “不動産会社”",
        ),
        (
            "remove: {id: i4}",
            "町内会: 課題を削除「苦情が役員に集まる」",
            "町内会: challenge removed “苦情が役員に集まる”",
        ),
        (
            "remove: {id: t7}",
            "アクションを削除「チラシを作る」",
            "Action item removed “チラシを作る”",
        ),
        (
            "remove_participant: {activity: a5, party: p2}",
            "町内会: 「TNR」から外れる",
            "町内会: leaves “TNR”",
        ),
        (
            "move: {id: p2, to: 0}",
            "関係者「町内会」を1番目へ移動",
            "Party “町内会” moved to position 1",
        ),
        (
            "set_coop: {activity: a5, coop: 2}",
            "活動「TNR」: 協力の型を変更「主役に協力」",
            "Activity “TNR”: cooperation type changed to “One leads, others support”",
        ),
        (
            "set_lead: {activity: a5, party: p1}",
            "活動「TNR」: 主導を変更「地域猫の会」",
            "Activity “TNR”: lead changed to “地域猫の会”",
        ),
        (
            "set_lead: {activity: a5}",
            "活動「TNR」: 主導を消去",
            "Activity “TNR”: lead cleared",
        ),
        (
            "set_status: {activity: a5, status: planned}",
            "活動「TNR」: 状態を変更「計画中」",
            "Activity “TNR”: status changed to “Planned”",
        ),
        (
            "set_votes: {activity: a5, votes: 5}",
            "活動「TNR」: 5票",
            "Activity “TNR”: 5 votes",
        ),
        (
            "set_link: {activity: a5, party: p2, item: i4, on: true}",
            "町内会: 「苦情が役員に集まる」を「TNR」に結ぶ",
            "町内会: links “苦情が役員に集まる” to “TNR”",
        ),
        (
            "set_link: {activity: a5, party: p2, item: i3, on: false}",
            "町内会: 「ゴミ出しのトラブルをなくしたい」と「TNR」の結びを外す",
            "町内会: unlinks “ゴミ出しのトラブルをなくしたい” from “TNR”",
        ),
        (
            "set_achieved: {activity: a5, party: p2, achieved: partly}",
            "町内会: 相利の実現を変更「一部実現」（「TNR」）",
            "町内会: benefit achieved changed to “Partly” (in “TNR”)",
        ),
        (
            "set_done: {action: t7, done: true}",
            "アクション「チラシを作る」: 完了",
            "Action item “チラシを作る”: done",
        ),
        (
            "set_action_activity: {action: t7}",
            "アクション「チラシを作る」: 活動との結びを外す",
            "Action item “チラシを作る”: no longer tied to an activity",
        ),
        (
            "set_idea_kind: {idea: x8, kind: invite}",
            "拡大のアイデア「隣の町内会」: 種類を変更「招く」",
            "Expansion idea “隣の町内会”: kind changed to “Invite”",
        ),
        (
            "set_idea_activity: {idea: x8, activity: a5}",
            "拡大のアイデア「隣の町内会」: 活動を「TNR」に",
            "Expansion idea “隣の町内会”: tied to “TNR”",
        ),
        // Removing a party takes it out of its activities first: told as the removal.
        (
            "batch: [{remove_participant: {activity: a5, party: p2}}, {remove: {id: p2}}]",
            "関係者を削除「町内会」",
            "Party removed “町内会”",
        ),
        // A purpose added and linked at once: the item is named by the batch itself.
        (
            "batch: [{add_item: {list: p2.purposes, id: i40, text: 夜の見回り}}, {set_link: {activity: a5, party: p2, item: i40, on: true}}]",
            "町内会: 目的を追加「夜の見回り」",
            "町内会: purpose added “夜の見回り”",
        ),
        // Moving on with the timer running: the step change is what matters.
        (
            "batch: [{set_timer: {step: 1, spent_sec: 60}}, {set_step: {step: 2}}]",
            "ステップ2へ：相手のしたいことの明確化",
            "On to step 2: Clarify what each partner wants",
        ),
        ("batch: []", "変更なし", "No change"),
    ];

    #[test]
    fn every_kind_of_event_in_japanese_and_english() {
        let s = before();
        for (yaml, ja, en) in CASES {
            let e = event(yaml);
            assert_eq!(describe_event(&s, &e, Lang::Ja), *ja, "{yaml}");
            assert_eq!(describe_event(&s, &e, Lang::En), *en, "{yaml}");
        }
    }

    #[test]
    fn the_cases_cover_every_event_key() {
        let covered: Vec<&str> = CASES.iter().map(|(yaml, _, _)| event(yaml).key()).collect();
        for key in Event::KEYS {
            assert!(covered.contains(key), "no description test for {key}");
        }
    }

    #[test]
    fn undo_and_redo_say_so() {
        let s = before();
        let record = |by| Record {
            at: Stamp::from_unix(1_800_000_000, 9 * 3600),
            by,
            from: None,
            event: event("remove: {id: i3}"),
        };
        assert_eq!(
            describe(&s, &record(Some(By::Undo)), Lang::Ja),
            "【元に戻す】町内会: 目的を削除「ゴミ出しのトラブルをなくしたい」"
        );
        assert_eq!(
            describe(&s, &record(Some(By::Redo)), Lang::En),
            "[Redo] 町内会: purpose removed “ゴミ出しのトラブルをなくしたい”"
        );
        assert_eq!(
            describe(&s, &record(None), Lang::En),
            "町内会: purpose removed “ゴミ出しのトラブルをなくしたい”"
        );
    }

    #[test]
    fn a_change_from_a_phone_says_who_proposed_it() {
        let s = before();
        let party = s.parties[0].id.clone();
        let record = |name: Option<&str>| Record {
            at: Stamp::from_unix(1_800_000_000, 9 * 3600),
            by: None,
            from: Some(crate::core::history::Origin {
                party: party.clone(),
                name: name.map(str::to_string),
            }),
            event: event("remove: {id: i3}"),
        };
        let name = &s.parties[0].name;
        assert_eq!(
            describe(&s, &record(Some("田中")), Lang::Ja),
            format!(
                "町内会: 目的を削除「ゴミ出しのトラブルをなくしたい」（スマホから：{name}・田中）"
            )
        );
        assert_eq!(
            describe(&s, &record(None), Lang::En),
            format!(
                "町内会: purpose removed “ゴミ出しのトラブルをなくしたい” (from a phone: {name})"
            )
        );
    }

    #[test]
    fn a_thing_no_longer_there_is_named_by_its_id() {
        let e = event("set_text: {field: p9.name, text: 新しい名前}");
        assert_eq!(
            describe_event(&Session::empty(), &e, Lang::En),
            "p9: name changed to “新しい名前”"
        );
    }

    #[test]
    fn step_changes_are_found_in_batches() {
        assert_eq!(step_set(&event("set_step: {step: 4}")), Some(4));
        assert_eq!(
            step_set(&event(
                "batch: [{set_timer: {step: 1, spent_sec: 60}}, {set_step: {step: 2}}]"
            )),
            Some(2)
        );
        assert_eq!(
            step_set(&event("set_votes: {activity: a5, votes: 5}")),
            None
        );
    }
}
