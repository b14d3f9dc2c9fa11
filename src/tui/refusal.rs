//! A change the core refused, in the screen's language. The core's `ApplyError` is plain data
//! with an English `Display` for logs and the command line; the screen says the same thing in
//! the catalog's words, naming things as the room knows them (a party's name, an activity's
//! title) rather than by id.

use crate::core::apply::{ApplyError, Range};
use crate::core::limits::TextSize;
use crate::core::session::{Id, Kind, Session};
use crate::i18n::files::FileText;
use crate::i18n::ui::Ui;
use crate::i18n::{Lang, fill};
use crate::text;

/// How long a named thing may be in a message.
const NAME_MAX: usize = 30;

/// The refusal in words (without the "could not change that" around it).
pub fn refusal_text(error: &ApplyError, s: &Session, lang: Lang) -> String {
    let t = |ui: Ui| ui.text(lang);
    let name = |id: &Id| thing_name(s, id);
    match error {
        ApplyError::UnknownId(id) => fill(t(Ui::RefusedUnknown), &[("id", id.as_str())]),
        ApplyError::DuplicateId(id) => fill(t(Ui::RefusedDuplicate), &[("id", id.as_str())]),
        ApplyError::WrongKind { id, expected } => fill(
            t(Ui::RefusedWrongKind),
            &[("id", id.as_str()), ("kind", t(kind_word(*expected)))],
        ),
        ApplyError::NotParticipant { activity, party } => fill(
            t(Ui::RefusedNotParticipant),
            &[("party", &name(party)), ("activity", &name(activity))],
        ),
        ApplyError::AlreadyParticipant { activity, party } => fill(
            t(Ui::RefusedAlreadyParticipant),
            &[("party", &name(party)), ("activity", &name(activity))],
        ),
        // What refers to it is not named: the room sees the thing, not its links.
        ApplyError::InUse { id, .. } => fill(t(Ui::RefusedInUse), &[("what", &name(id))]),
        ApplyError::OutOfRange { what, value } => fill(
            t(Ui::RefusedOutOfRange),
            &[
                ("what", t(range_word(*what))),
                ("value", &value.to_string()),
            ],
        ),
        ApplyError::NotPartyGoal { item, party } => fill(
            t(Ui::RefusedNotGoal),
            &[("item", &name(item)), ("party", &name(party))],
        ),
        ApplyError::LinkUnchanged { item } => {
            fill(t(Ui::RefusedLinkUnchanged), &[("item", &name(item))])
        }
        ApplyError::Format1Field(field) => {
            fill(t(Ui::RefusedFormat1), &[("field", &field.to_string())])
        }
        ApplyError::TooLong { size, max, chars } => too_long(*size, *max, *chars, lang),
        // A batch is one change to the person who made it: what went wrong inside is the news.
        ApplyError::InBatch { error, .. } => refusal_text(error, s, lang),
    }
}

/// A text longer than its kind may be, in words.
pub fn too_long(size: TextSize, max: usize, chars: usize, lang: Lang) -> String {
    let what = match size {
        TextSize::Line => FileText::WhatLine,
        TextSize::Text => FileText::WhatText,
        TextSize::Notes => FileText::WhatNotes,
    };
    fill(
        FileText::TooLong.text(lang),
        &[
            ("what", what.text(lang)),
            ("max", &max.to_string()),
            ("n", &chars.to_string()),
        ],
    )
}

/// A thing as the room knows it: a party's name, an activity's title, an item's text; the id
/// when the session has no such thing.
fn thing_name(s: &Session, id: &Id) -> String {
    let found = match Kind::of(id) {
        Some(Kind::Party) => s.party(id).map(|p| p.name.as_str()),
        Some(Kind::Activity) => s.activity(id).map(|a| a.title.as_str()),
        Some(Kind::Item) => s.item(id).map(|i| i.text.as_str()),
        Some(Kind::Action) => s
            .action_items
            .iter()
            .find(|t| &t.id == id)
            .map(|t| t.what.as_str()),
        Some(Kind::Idea) => s
            .expansion
            .iter()
            .find(|x| &x.id == id)
            .map(|x| x.name.as_str()),
        None => None,
    };
    match found {
        Some(name) => text::fit(&text::clean_line(name), NAME_MAX).into_owned(),
        None => id.to_string(),
    }
}

/// A kind of thing, in the catalog's words.
fn kind_word(kind: Kind) -> Ui {
    match kind {
        Kind::Party => Ui::KindParty,
        Kind::Item => Ui::KindItem,
        Kind::Activity => Ui::KindActivity,
        Kind::Action => Ui::KindAction,
        Kind::Idea => Ui::KindIdea,
    }
}

/// What number was out of range, in the catalog's words.
fn range_word(what: Range) -> Ui {
    match what {
        Range::Step => Ui::RangeStep,
        Range::Position => Ui::RangePosition,
        Range::IdNumber => Ui::RangeIdNumber,
        Range::List => Ui::RangeList,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::apply::apply;
    use crate::core::event::*;
    use crate::core::session::{Activity, Participant, Party};
    use crate::testkit::id;

    /// A session with a party 町内会 (p1) and an activity TNR (a2) it takes part in, with its
    /// purpose 猫を減らす (i3) linked.
    fn session() -> Session {
        let mut s = Session::empty();
        let mut party = Party::new(id("p1"), "町内会");
        party.purposes.push(crate::core::session::Item {
            id: id("i3"),
            text: "猫を減らす".into(),
        });
        apply(&mut s, &Event::AddParty(AddParty { party, index: None })).unwrap();
        let mut a = Activity::new(id("a2"), "TNR");
        let mut part = Participant::new(id("p1"));
        part.purposes.push(id("i3"));
        a.participants.push(part);
        apply(
            &mut s,
            &Event::AddActivity(AddActivity {
                activity: a,
                index: None,
            }),
        )
        .unwrap();
        s
    }

    /// Every kind of refusal, made by the real `apply`, in both languages: the catalog's words
    /// with the room's names, never the core's English.
    #[test]
    fn every_refusal_has_catalog_words_in_both_languages() {
        let s = session();
        let refused = |e: Event| apply(&mut s.clone(), &e).unwrap_err();
        let cases: Vec<(ApplyError, &str, &str)> = vec![
            (
                refused(Event::Remove(Remove { id: id("p9") })),
                "p9 が見つかりません",
                "p9 was not found",
            ),
            (
                refused(Event::AddParty(AddParty {
                    party: Party::new(id("p1"), "x"),
                    index: None,
                })),
                "ID p1 はすでに使われています",
                "The id p1 is already used",
            ),
            (
                refused(Event::AddParty(AddParty {
                    party: Party::new(id("i7"), "x"),
                    index: None,
                })),
                "i7 は関係者の ID ではありません",
                "i7 is not the id of a party",
            ),
            (
                refused(Event::AddParticipant(AddParticipant {
                    activity: id("a2"),
                    participant: Participant::new(id("p1")),
                    index: None,
                })),
                "町内会はすでに「TNR」に参加しています",
                "町内会 already takes part in “TNR”",
            ),
            (
                refused(Event::Remove(Remove { id: id("p1") })),
                "「町内会」はまだほかから参照されているため削除できません",
                "“町内会” is still referred to elsewhere, so it cannot be removed",
            ),
            (
                refused(Event::SetStep(SetStep { step: 9 })),
                "ステップ 9 は範囲外です",
                "Step 9 is out of range",
            ),
            (
                refused(Event::SetLink(SetLink {
                    activity: id("a2"),
                    party: id("p1"),
                    item: id("i3"),
                    on: true,
                    index: None,
                })),
                "「猫を減らす」の結びつきはすでにそのとおりです",
                "The link to “猫を減らす” is already so",
            ),
            // A cooperation type out of range cannot be made any more (`Coop` has three
            // values; a file's `coop: 7` is refused where it is read, `tests/load_errors.rs`):
            // a position out of range stands for an out-of-range number inside a batch.
            (
                refused(Event::Batch(vec![
                    Event::SetStep(SetStep { step: 2 }),
                    Event::Move(Move {
                        id: id("p1"),
                        to: 7,
                    }),
                ])),
                "位置 7 は範囲外です",
                "Position 7 is out of range",
            ),
        ];
        for (error, ja, en) in &cases {
            assert_eq!(refusal_text(error, &s, Lang::Ja), *ja, "{error}");
            assert_eq!(refusal_text(error, &s, Lang::En), *en, "{error}");
        }
        // The variants no event above reaches from this session: built by hand.
        let more = [
            (
                ApplyError::NotParticipant {
                    activity: id("a2"),
                    party: id("p5"),
                },
                "p5は「TNR」に参加していません",
            ),
            (
                ApplyError::NotPartyGoal {
                    item: id("i3"),
                    party: id("p1"),
                },
                "「猫を減らす」は町内会の目的・課題ではありません",
            ),
        ];
        for (error, ja) in &more {
            assert_eq!(refusal_text(error, &s, Lang::Ja), *ja);
            assert_ne!(refusal_text(error, &s, Lang::En), error.to_string());
        }
    }
}
