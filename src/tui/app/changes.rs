//! Undo and redo (context `Changes`): on the workshop screen and in its overlays. They go back
//! over edits only (`edits::is_edit`: a step change stays where it is) and say what they undid
//! in the catalog's words: 「「市の環境課」の削除を元に戻しました」.

use crate::core::edits::{self, Aspect, EditSummary, Edited};
use crate::i18n::changes::Change;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::store::CommitError;
use crate::tui::keymap::Action;

use super::{App, Source};

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Undo => app.undo(false),
        Action::Redo => app.undo(true),
        // Not undo or redo: `App::route` sends those elsewhere.
        _ => {}
    }
}

impl App {
    pub(super) fn undo(&mut self, redo: bool) {
        let now = self.now();
        let lang_before = self.session().meta.lang;
        // Named before: an undone addition is gone after (its name is in the events).
        let named = self.document().and_then(|doc| {
            let h = doc.history();
            let (made, undone) = if redo { h.next_redo() } else { h.next_undo() }?;
            Some(edits::summary(made, undone, doc.session()))
        });
        let result = match &mut self.source {
            Source::Snapshot { .. } | Source::Replay { .. } => Err(CommitError::ReadOnly),
            Source::Live(doc) => {
                if redo {
                    doc.redo(now)
                } else {
                    doc.undo(now)
                }
            }
        };
        let did = matches!(result, Ok(true));
        let nothing = matches!(result, Ok(false));
        self.after_commit(result);
        self.follow_lang(lang_before);
        if did {
            let what = named.map(|n| self.edit_words(&n)).unwrap_or_default();
            let template = if redo { Ui::RedoneWhat } else { Ui::UndoneWhat };
            let text = fill(self.t(template), &[("what", &what)]);
            self.say(text, false);
        } else if nothing {
            self.info(if redo {
                Ui::NothingToRedo
            } else {
                Ui::NothingToUndo
            });
        }
        self.fix_focus();
    }

    /// An edit in words: 「市の環境課」の削除, removing “市の環境課”.
    fn edit_words(&self, n: &EditSummary) -> String {
        let name = crate::text::fit(&crate::text::clean_line(&n.name), 30).into_owned();
        let aspect = n.aspect.map(|a| aspect_word(a).text(self.lang));
        let template = match (n.edited, name.is_empty()) {
            (Edited::Added, _) => Ui::EditAdded,
            (Edited::Removed, _) => Ui::EditRemoved,
            (Edited::Moved, _) => Ui::EditMoved,
            (Edited::Joined, _) => Ui::EditJoined,
            (Edited::Left, _) => Ui::EditLeft,
            (Edited::Linked, _) => Ui::EditLinked,
            (Edited::Unlinked, _) => Ui::EditUnlinked,
            (Edited::Changed, true) => Ui::EditChangedField,
            (Edited::Changed, false) if aspect.is_some() => Ui::EditChangedOf,
            (Edited::Changed, false) => Ui::EditChanged,
        };
        fill(
            self.t(template),
            &[("name", &name), ("aspect", aspect.unwrap_or_default())],
        )
    }
}

/// The catalog's word for a field an edit changed.
fn aspect_word(a: Aspect) -> Change {
    match a {
        Aspect::Title => Change::Title,
        Aspect::Venue => Change::Venue,
        Aspect::Facilitator => Change::Facilitator,
        Aspect::Recorder => Change::Recorder,
        Aspect::NextMeeting => Change::NextMeeting,
        Aspect::NextStart => Change::NextStartWord,
        Aspect::NextVenue => Change::NextVenue,
        Aspect::NextNote => Change::NextNote,
        Aspect::Disclosure => Change::DisclosureWord,
        Aspect::Previous => Change::PreviousWord,
        Aspect::Notes => Change::Notes,
        Aspect::Start => Change::StartWord,
        Aspect::End => Change::EndWord,
        Aspect::Lang => Change::LangWord,
        Aspect::Host => Change::HostWord,
        Aspect::Timebox => Change::TimeboxWord,
        Aspect::Bell => Change::BellWord,
        Aspect::Name => Change::Name,
        Aspect::Kind => Change::Kind,
        Aspect::Description => Change::Description,
        Aspect::Role => Change::Role,
        Aspect::Benefit => Change::Benefit,
        Aspect::BenefitKinds => Change::BenefitKinds,
        Aspect::Comment => Change::Comment,
        Aspect::Achieved => Change::Achieved,
        Aspect::Coop => Change::Coop,
        Aspect::Status => Change::Status,
        Aspect::Lead => Change::Lead,
        Aspect::Votes => Change::VotesWord,
        Aspect::What => Change::What,
        Aspect::Who => Change::Who,
        Aspect::Due => Change::Due,
        Aspect::Why => Change::Why,
        Aspect::Done => Change::DoneWord,
        Aspect::Activity => Change::Activity,
    }
}
