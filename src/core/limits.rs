//! How long a text a new change may hold: a title is a line, a purpose a paragraph, a step's
//! notes a few pages. Typed or pasted text beyond that is refused (`ApplyError::TooLong`), so
//! no session grows, one edit at a time, past what sori reads back (64 MiB, `store`).
//!
//! Checked for new changes only (`History::commit`): a history is replayed as it was written,
//! and undo puts back what was there.

use super::apply::ApplyError;
use super::event::Event;
use super::session::{Activity, Item, Participant, Party, TextField};

/// The kinds of text, by how long they may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextSize {
    /// A title or a name: the meeting's title, venue, facilitator and recorder, the next
    /// meeting's venue; a party's name and kind; an activity's title; an action item's who
    /// and due; an idea's name; the previous meeting's title.
    Line,
    /// A list item (a purpose, a challenge, a decision, an agenda item...), a role, a
    /// benefit, an evaluation's comment, an action item's what, an idea's why, what is said
    /// about the next meeting.
    Text,
    /// A step's notes, an activity's description.
    Notes,
}

impl TextSize {
    /// The most characters (Unicode scalar values) a text of this kind may hold.
    pub const fn max_chars(self) -> usize {
        match self {
            TextSize::Line => 1_000,
            TextSize::Text => 10_000,
            TextSize::Notes => 100_000,
        }
    }

    /// The kind of text a field holds.
    pub fn of(field: &TextField) -> TextSize {
        use TextField::*;
        match field {
            Title | Venue | Facilitator | Recorder | NextVenue | Format1NextMeeting
            | PartyName(_) | PartyKind(_) | ActivityTitle(_) | ActionWho(_) | ActionDue(_)
            | IdeaName(_) => TextSize::Line,
            NextNote
            | Item(_)
            | Role(..)
            | Benefit(..)
            | EvaluationComment(..)
            | ActionWhat(_)
            | IdeaWhy(_) => TextSize::Text,
            StepNotes(_) | ActivityDescription(_) => TextSize::Notes,
        }
    }

    /// The text, if it fits; else the refusal.
    pub fn check(self, text: &str) -> Result<(), ApplyError> {
        let max = self.max_chars();
        // Bytes first: a text no longer in bytes than the limit in characters fits.
        if text.len() <= max {
            return Ok(());
        }
        let chars = text.chars().count();
        if chars <= max {
            return Ok(());
        }
        Err(ApplyError::TooLong {
            size: self,
            max,
            chars,
        })
    }
}

/// Whether a new change's texts fit their limits.
pub fn check(event: &Event) -> Result<(), ApplyError> {
    use TextSize::*;
    let items = |items: &[Item]| items.iter().try_for_each(|i| Text.check(&i.text));
    let participant = |p: &Participant| {
        Text.check(&p.role)?;
        Text.check(&p.benefit)?;
        Text.check(&p.evaluation.comment)
    };
    let party = |p: &Party| {
        Line.check(&p.name)?;
        Line.check(&p.kind)?;
        for list in [
            &p.representatives,
            &p.purposes,
            &p.challenges,
            &p.strengths,
            &p.weaknesses,
            &p.opportunities,
            &p.threats,
        ] {
            items(list)?;
        }
        Ok(())
    };
    let activity = |a: &Activity| {
        Line.check(&a.title)?;
        Notes.check(&a.description)?;
        a.participants.iter().try_for_each(participant)?;
        items(&a.improvements)
    };
    match event {
        Event::SetText(e) => TextSize::of(&e.field).check(&e.text),
        Event::AddItem(e) => Text.check(&e.text),
        Event::AddParty(e) => party(&e.party),
        Event::AddActivity(e) => activity(&e.activity),
        Event::AddParticipant(e) => participant(&e.participant),
        Event::AddAction(e) => {
            Text.check(&e.action.what)?;
            Line.check(&e.action.who)?;
            Line.check(&e.action.due)
        }
        Event::AddIdea(e) => {
            Line.check(&e.idea.name)?;
            Text.check(&e.idea.why)
        }
        // The previous meeting as it was: its texts fit as its own changes did (a hand-edited
        // file may hold longer ones; they are refused here, as when typed).
        Event::SetPrevious(e) => e.previous.as_ref().map_or(Ok(()), |p| {
            Line.check(&p.title)?;
            p.decisions.iter().try_for_each(|d| Text.check(d))?;
            p.open_actions.iter().try_for_each(|a| {
                Text.check(&a.what)?;
                Line.check(&a.who)?;
                Line.check(&a.due)
            })
        }),
        Event::Batch(events) => events.iter().try_for_each(check),
        Event::SetStart(_)
        | Event::SetEnd(_)
        | Event::SetNextStart(_)
        | Event::SetDisclosure(_)
        | Event::SetLang(_)
        | Event::SetHost(_)
        | Event::SetStep(_)
        | Event::SetTimebox(_)
        | Event::SetTimer(_)
        | Event::Remove(_)
        | Event::RemoveParticipant(_)
        | Event::Move(_)
        | Event::SetCoop(_)
        | Event::SetLead(_)
        | Event::SetStatus(_)
        | Event::SetVotes(_)
        | Event::SetLink(_)
        | Event::SetAchieved(_)
        | Event::SetDone(_)
        | Event::SetActionActivity(_)
        | Event::SetIdeaKind(_)
        | Event::SetIdeaActivity(_)
        | Event::SetReached(_)
        | Event::SetBell(_)
        | Event::SetBenefitKinds(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{AddItem, SetText};

    #[test]
    fn a_title_is_a_line_and_notes_are_pages() {
        let title = |n: usize| {
            Event::SetText(SetText {
                field: TextField::Title,
                text: "会".repeat(n),
            })
        };
        assert_eq!(check(&title(1_000)), Ok(()));
        assert_eq!(
            check(&title(1_001)),
            Err(ApplyError::TooLong {
                size: TextSize::Line,
                max: 1_000,
                chars: 1_001
            })
        );
        let notes = Event::SetText(SetText {
            field: TextField::StepNotes(3),
            text: "メモ".repeat(50_000),
        });
        assert_eq!(check(&notes), Ok(()));
    }

    #[test]
    fn a_batch_is_refused_when_one_of_its_texts_is_too_long() {
        let item = |n: usize| {
            Event::AddItem(AddItem {
                list: "decisions".parse().unwrap(),
                id: "i1".parse().unwrap(),
                text: "x".repeat(n),
                index: None,
            })
        };
        assert_eq!(check(&Event::Batch(vec![item(3), item(10_000)])), Ok(()));
        assert!(matches!(
            check(&Event::Batch(vec![item(3), item(10_001)])),
            Err(ApplyError::TooLong {
                size: TextSize::Text,
                ..
            })
        ));
    }

    /// The 議事録's fields have their limits too: the recorder and the next venue are lines,
    /// the note on the next meeting a text; a follow-up's previous meeting is checked text by
    /// text.
    #[test]
    fn the_minutes_fields_have_limits() {
        use crate::core::event::SetPrevious;
        use crate::core::session::{Previous, PreviousAction};
        let set = |field, n: usize| {
            check(&Event::SetText(SetText {
                field,
                text: "記".repeat(n),
            }))
        };
        assert_eq!(set(TextField::Recorder, 1_000), Ok(()));
        assert!(set(TextField::Recorder, 1_001).is_err());
        assert!(set(TextField::NextVenue, 1_001).is_err());
        assert_eq!(set(TextField::NextNote, 10_000), Ok(()));
        assert!(set(TextField::NextNote, 10_001).is_err());
        let previous = |what: String| {
            Event::SetPrevious(Box::new(SetPrevious {
                previous: Some(Previous {
                    open_actions: vec![PreviousAction {
                        what,
                        ..PreviousAction::default()
                    }],
                    ..Previous::default()
                }),
            }))
        };
        assert_eq!(check(&previous("見積もり".into())), Ok(()));
        assert!(matches!(
            check(&previous("x".repeat(10_001))),
            Err(ApplyError::TooLong {
                size: TextSize::Text,
                ..
            })
        ));
    }
}
