//! Each party's evaluation of the selected activity (step 4; context `Evaluation`, and `Nav`
//! in it): whether its benefit happened, and what the room said. The rows are the 相利評価表's
//! (the host first); after a comment, Enter goes on to the next party's row.

use crate::core::edits;
use crate::core::session::{Id, TextField};
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{Column, EvalCol, selected_activity};

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let s = app.session();
    let Some(ai) = selected_activity(s, &app.view) else {
        return;
    };
    let a = s.activities[ai].clone();
    let order = a.table_order(s.meta.host.as_ref());
    let len = order.len();
    let mut row = app.view.sel.eval_row.min(len.saturating_sub(1));
    if nav(&mut row, len, &action) {
        app.view.sel.eval_row = row;
        return;
    }
    let col = app.view.sel.eval_col.cursor();
    let part = order.get(row).map(|&i| a.participants[i].clone());
    match (action, part) {
        (Action::Left, _) => app.view.sel.eval_col = col.step(false),
        (Action::Right, _) => app.view.sel.eval_col = col.step(true),
        (Action::Toggle, Some(p)) => {
            app.commit(edits::cycle_achieved(
                &a.id,
                &p.party,
                p.evaluation.achieved,
            ));
        }
        (Action::Edit, Some(p)) if col == EvalCol::Achieved => {
            app.commit(edits::cycle_achieved(
                &a.id,
                &p.party,
                p.evaluation.achieved,
            ));
        }
        (Action::Edit, Some(p)) => app.open_editor(
            EditTarget::Text(TextField::EvaluationComment(a.id.clone(), p.party.clone())),
            &p.evaluation.comment,
        ),
        (Action::Edit | Action::Toggle, None) => app.info(Ui::EmptyParticipantsEval),
        // Not the evaluation's: `App::route` sends those elsewhere.
        _ => {}
    }
}

impl App {
    /// After typing a party's comment: forward, the next party's row (its "achieved"); back,
    /// this row's "achieved".
    pub(super) fn evaluation_flow(&mut self, activity: &Id, party: &Id, forward: bool) {
        let s = self.session();
        let Some(a) = s.activity(activity) else {
            return;
        };
        let Some(row) = s.table_row(a, party) else {
            return;
        };
        let last = a.participants.len().saturating_sub(1);
        self.view.sel.eval_col = EvalCol::Achieved;
        self.view.sel.eval_row = if forward { (row + 1).min(last) } else { row };
    }
}
