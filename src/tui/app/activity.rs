//! The selected activity's keys (context `Activity`), from any pane that shows it: votes, the
//! cooperation type, the status, the lead, the parties taking part, the description.

use crate::core::edits;
use crate::core::session::TextField;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{Menu, Overlay, selected_activity};

use super::App;

/// Keys about the selected activity, from any pane that shows it.
pub(super) fn update(app: &mut App, action: Action) {
    let s = app.session();
    let Some(ai) = selected_activity(s, &app.view) else {
        if matches!(
            action,
            Action::Vote
                | Action::Unvote
                | Action::CycleKind
                | Action::CycleStatus
                | Action::CycleLead
                | Action::Participants
                | Action::EditDescription
        ) {
            app.info(Ui::EmptyActivitiesMain);
        }
        return;
    };
    let a = s.activities[ai].clone();
    let event = match action {
        Action::Vote => {
            let vote = edits::add_vote(&a);
            if vote.is_none() {
                app.info(Ui::VotesFull);
            }
            vote
        }
        Action::Unvote => {
            let unvote = edits::remove_vote(&a);
            if unvote.is_none() {
                app.info(Ui::NoVotes);
            }
            unvote
        }
        Action::CycleKind => {
            if app.editable() {
                app.open_menu(Menu::Coop(a.id.clone()));
            }
            None
        }
        Action::CycleStatus => Some(edits::cycle_status(&a)),
        Action::CycleLead => Some(edits::cycle_lead(&a)),
        Action::Participants => {
            app.view.overlay = Some(Overlay::Participants {
                activity: a.id.clone(),
                row: 0,
            });
            None
        }
        Action::EditDescription => {
            app.open_editor(
                EditTarget::Text(TextField::ActivityDescription(a.id.clone())),
                &a.description,
            );
            None
        }
        _ => None,
    };
    if let Some(event) = event
        && app.editable()
        && app.commit(event)
        && matches!(action, Action::Vote | Action::Unvote)
    {
        let votes = app.session().activities[ai].votes;
        let text = fill(
            app.t(Ui::Voted),
            &[("activity", &a.title), ("n", &votes.to_string())],
        );
        app.say(text, false);
    }
}
