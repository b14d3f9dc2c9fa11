//! Undo and redo (context `Changes`): on the workshop screen and in its overlays.

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
        let step_before = self.session().meta.step;
        let lang_before = self.session().meta.lang;
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
            self.info(if redo { Ui::Redone } else { Ui::Undone });
        } else if nothing {
            self.info(if redo {
                Ui::NothingToRedo
            } else {
                Ui::NothingToUndo
            });
        }
        if self.session().meta.step != step_before {
            self.fold();
        }
        self.fix_focus();
    }
}
