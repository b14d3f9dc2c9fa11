//! Clicks and the wheel: a click selects what is under it (and focuses its pane); the wheel
//! moves the selection of the region under the mouse.

use ratatui::layout::Position;

use crate::tui::keymap::Action;
use crate::tui::state::{Column, Overlay, Pane};
use crate::tui::view::Hit;

use super::{App, Handler};

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Click { column, row } => app.click(column, row),
        Action::Scroll { column, row, down } => app.wheel(column, row, down),
        // Not the mouse: `App::route` sends those elsewhere.
        _ => {}
    }
}

impl App {
    pub(super) fn hit_at(&self, column: u16, row: u16) -> Option<Hit> {
        let p = Position { x: column, y: row };
        let overlay_open = self.view.overlay.is_some();
        self.hits
            .iter()
            .rev()
            .filter(|(_, h)| {
                !overlay_open || matches!(h, Hit::OverlayRow(_) | Hit::SwotItem { .. })
            })
            .find(|(r, _)| r.contains(p))
            .map(|(_, h)| *h)
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let Some(hit) = self.hit_at(column, row) else {
            return;
        };
        let step = self.step();
        let sel = &mut self.view.sel;
        match hit {
            Hit::Step(n) => self.go_step(n),
            Hit::Pane(p) => {
                if Pane::order(self.step()).contains(&p) {
                    self.view.pane = p;
                }
            }
            Hit::Party(i) => {
                self.view.pane = Pane::Parties;
                sel.party = i;
            }
            Hit::GoalItem { party, list, item } => {
                if step == 2 {
                    sel.party = party;
                }
                if sel.goal_list != list {
                    sel.goal_item = 0;
                }
                sel.goal_list = list;
                if let Some(i) = item {
                    sel.goal_item = i;
                }
                self.view.pane = Pane::Goals;
            }
            Hit::Activity(i) => {
                sel.activity = i;
                self.view.pane = Pane::Activities;
            }
            Hit::TableCell { row, col } => {
                (sel.table_row, sel.table_col) = (row, col);
                self.view.pane = Pane::Table;
            }
            Hit::EvalCell { row, col } => {
                sel.eval_row = row;
                sel.eval_col = col.cursor();
                self.view.pane = Pane::Evaluation;
            }
            Hit::Improvement(i) => {
                sel.improvement = i;
                self.view.pane = Pane::Improvements;
            }
            Hit::IdeaCell { row, col } => {
                (sel.idea_row, sel.idea_col) = (row, col);
                self.view.pane = Pane::Ideas;
            }
            Hit::ActionCell { row, col } => {
                (sel.action_row, sel.action_col) = (row, col);
                self.view.pane = Pane::Actions;
            }
            Hit::OverlayRow(i) => self.select_row(i),
            Hit::Representatives(i) => {
                if let Some(p) = self.session().parties.get(i) {
                    self.view.overlay = Some(Overlay::Representatives {
                        party: p.id.clone(),
                        row: 0,
                    });
                }
            }
            Hit::SwotItem { quadrant, row } => {
                if let Some(Overlay::Swot {
                    quadrant: q,
                    row: r,
                    ..
                }) = &mut self.view.overlay
                {
                    if *q != quadrant {
                        *r = 0;
                    }
                    *q = quadrant;
                    if let Some(row) = row {
                        *r = row;
                    }
                }
            }
        }
    }

    /// The wheel moves the selection of the region under the mouse.
    pub(super) fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let step = if down { Action::Down } else { Action::Up };
        if self.view.overlay.is_some() {
            return self.dispatch(self.focus(), step);
        }
        match self.hit_at(column, row) {
            Some(Hit::Step(_)) | None => {}
            Some(hit) => {
                self.click(column, row);
                if !matches!(hit, Hit::Pane(_))
                    || Pane::order(self.step()).contains(&self.view.pane)
                {
                    self.dispatch(Handler::Pane(self.view.pane), step);
                }
            }
        }
    }
}
