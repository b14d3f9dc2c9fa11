//! Step 5 (拡大): expansion ideas — whom to invite and why, what to scale, next steps — and the
//! action items (what, who, due). The action items table is also the overlay's (`A`).

use ratatui::layout::{Constraint, Layout, Rect};

use super::widgets::{Col, EditAt, TableCell, TableSpec, pane, table};
use super::{Hit, Out, Screen};
use crate::core::session::TextField;
use crate::i18n::Term;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::state::{ActionCol, Column, IdeaCol, Pane};

pub fn render(s: &Screen, area: Rect, out: &mut Out) {
    let [ideas_area, actions_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);

    out.hit(ideas_area, Hit::Pane(Pane::Ideas));
    let focused = s.focused(Pane::Ideas);
    let ideas = &s.session.expansion;
    let title = format!("{} ({})", Term::Expansion.text(s.lang), ideas.len());
    let inner = pane(s.theme, out, ideas_area, &title, focused);
    let cols = [
        Col {
            title: s.t(Ui::IdeaKindCol),
            weight: 2,
        },
        Col {
            title: s.t(Ui::IdeaNameCol),
            weight: 4,
        },
        Col {
            title: Term::Why.text(s.lang),
            weight: 5,
        },
        Col {
            title: Term::Activity.text(s.lang),
            weight: 3,
        },
    ];
    let edit = match s.view.editor.as_ref().map(|e| &e.target) {
        Some(EditTarget::NewIdea) => Some((EditAt::End, IdeaCol::Name.index())),
        Some(EditTarget::Text(TextField::IdeaName(x))) => ideas
            .iter()
            .position(|i| &i.id == x)
            .map(|r| (EditAt::Row(r), IdeaCol::Name.index())),
        Some(EditTarget::Text(TextField::IdeaWhy(x))) => ideas
            .iter()
            .position(|i| &i.id == x)
            .map(|r| (EditAt::Row(r), IdeaCol::Why.index())),
        _ => None,
    };
    table(
        s.theme,
        out,
        inner,
        TableSpec {
            cols: &cols,
            len: ideas.len(),
            selected: (s.view.sel.idea_row, s.view.sel.idea_col.index()),
            focused,
            scroll: &s.view.scroll.ideas,
            max_lines: 3,
            edit,
            empty: s.t(Ui::EmptyListAdd),
        },
        |r, c| {
            let idea = &ideas[r];
            match IdeaCol::at(c) {
                IdeaCol::Kind => {
                    TableCell::new(Term::idea_kind(idea.kind).text(s.lang)).style(s.theme.bold())
                }
                IdeaCol::Name => TableCell::new(idea.name.as_str()),
                IdeaCol::Why => TableCell::new(idea.why.as_str()),
                IdeaCol::Activity => match &idea.activity {
                    Some(a) => TableCell::new(
                        s.session
                            .activity(a)
                            .map(|a| a.title.as_str())
                            .unwrap_or("?"),
                    ),
                    None => TableCell::new("—").style(s.theme.dim()),
                },
            }
        },
        |row, col| Hit::IdeaCell {
            row,
            col: IdeaCol::at(col),
        },
    );

    out.hit(actions_area, Hit::Pane(Pane::Actions));
    let focused = s.focused(Pane::Actions);
    let title = format!(
        "{} ({})",
        Term::ActionItems.text(s.lang),
        s.session.action_items.len()
    );
    let inner = pane(s.theme, out, actions_area, &title, focused);
    action_table(
        s,
        out,
        inner,
        focused,
        (s.view.sel.action_row, s.view.sel.action_col),
        &s.view.scroll.actions,
        |row, col| Hit::ActionCell { row, col },
    );
}

/// The action items as a table: what, who, due, the activity it serves, done.
pub fn action_table(
    s: &Screen,
    out: &mut Out,
    area: Rect,
    focused: bool,
    selected: (usize, ActionCol),
    scroll: &std::cell::Cell<usize>,
    hit: impl Fn(usize, ActionCol) -> Hit,
) {
    let actions = &s.session.action_items;
    let cols = [
        Col {
            title: Term::ActionWhat.text(s.lang),
            weight: 6,
        },
        Col {
            title: Term::ActionWho.text(s.lang),
            weight: 3,
        },
        Col {
            title: Term::ActionDue.text(s.lang),
            weight: 3,
        },
        Col {
            title: Term::Activity.text(s.lang),
            weight: 3,
        },
        Col {
            title: Term::ActionDone.text(s.lang),
            weight: 2,
        },
    ];
    let edit = match s.view.editor.as_ref().map(|e| &e.target) {
        Some(EditTarget::NewAction) => Some((EditAt::End, ActionCol::What.index())),
        Some(EditTarget::Text(
            f @ (TextField::ActionWhat(t) | TextField::ActionWho(t) | TextField::ActionDue(t)),
        )) => {
            let col = match f {
                TextField::ActionWhat(_) => ActionCol::What,
                TextField::ActionWho(_) => ActionCol::Who,
                _ => ActionCol::Due,
            };
            actions
                .iter()
                .position(|a| &a.id == t)
                .map(|r| (EditAt::Row(r), col.index()))
        }
        _ => None,
    };
    table(
        s.theme,
        out,
        area,
        TableSpec {
            cols: &cols,
            len: actions.len(),
            selected: (selected.0, selected.1.index()),
            focused,
            scroll,
            max_lines: 3,
            edit,
            empty: s.t(Ui::EmptyListAdd),
        },
        |r, c| {
            let t = &actions[r];
            let style = if t.done {
                s.theme.dim()
            } else {
                s.theme.plain()
            };
            match ActionCol::at(c) {
                ActionCol::What => TableCell::new(t.what.as_str()).style(style),
                ActionCol::Who => TableCell::new(t.who.as_str()).style(style),
                ActionCol::Due => TableCell::new(t.due.as_str()).style(style),
                ActionCol::Activity => {
                    match t.activity.as_ref().and_then(|a| s.session.activity(a)) {
                        Some(a) => TableCell::new(a.title.as_str()).style(style),
                        None => TableCell::new("—").style(s.theme.dim()),
                    }
                }
                ActionCol::Done => TableCell::new(if t.done {
                    s.t(Ui::DoneYes)
                } else {
                    s.t(Ui::DoneNo)
                })
                .style(style),
            }
        },
        |row, col| hit(row, ActionCol::at(col)),
    );
}
