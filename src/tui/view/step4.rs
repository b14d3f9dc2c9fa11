//! Step 4: for the selected activity, each party's evaluation (was the benefit achieved: yes /
//! partly / no / not yet, with a comment) and the list of improvements. The rows are the
//! 相利評価表's (the host first); a party with a role and no benefit is flagged, as in step 3.

use ratatui::layout::{Constraint, Layout, Rect};

use super::evaluation_table::activity_title;
use super::parties::item_edit_at;
use super::widgets::{
    Col, EditAt, ListRow, ListSpec, TableCell, TableSpec, list, pane, put, table,
};
use super::{Hit, Out, Screen};
use crate::core::checks::is_one_sided;
use crate::core::session::{Achieved, ListRef, TextField};
use crate::i18n::Term;
use crate::i18n::ui::{Ui, achieved_mark};
use crate::text;
use crate::tui::editor::EditTarget;
use crate::tui::state::{Column, EvalCol, Pane, selected_activity};

pub fn render(s: &Screen, area: Rect, out: &mut Out) {
    let Some(ai) = selected_activity(s.session, s.view) else {
        out.hit(area, Hit::Pane(Pane::Evaluation));
        let inner = pane(s.theme, out, area, Term::Evaluation.text(s.lang), false);
        put(
            out,
            inner.x + 1,
            inner.y,
            &text::fit(s.t(Ui::EmptyActivitiesMain), usize::from(inner.width)),
            usize::from(inner.width),
            s.theme.dim(),
        );
        return;
    };
    let a = &s.session.activities[ai];
    let [eval_area, impr_area] =
        Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(area);

    out.hit(eval_area, Hit::Pane(Pane::Evaluation));
    let focused = s.focused(Pane::Evaluation);
    let inner = pane(
        s.theme,
        out,
        eval_area,
        &activity_title(s, a, Ui::EvalHeading),
        focused,
    );
    let cols = [
        Col {
            title: Term::ColStakeholder.text(s.lang),
            weight: 3,
        },
        Col {
            title: Term::ColBenefit.text(s.lang),
            weight: 4,
        },
        Col {
            title: s.t(Ui::AchievedCol),
            weight: 3,
        },
        Col {
            title: Term::Comment.text(s.lang),
            weight: 5,
        },
    ];
    let rows = s.session.table_rows(a);
    let edit = match s.view.editor.as_ref().map(|e| &e.target) {
        Some(EditTarget::Text(TextField::EvaluationComment(act, p))) if act == &a.id => s
            .session
            .table_row(a, p)
            .map(|r| (EditAt::Row(r), EvalCol::Comment.index())),
        _ => None,
    };
    table(
        s.theme,
        out,
        inner,
        TableSpec {
            cols: &cols,
            len: rows.len(),
            selected: (s.view.sel.eval_row, s.view.sel.eval_col.cursor().index()),
            focused,
            scroll: &s.view.scroll.evaluation,
            max_lines: 3,
            edit,
            empty: s.t(Ui::EmptyParticipantsEval),
        },
        |r, c| {
            let part = rows[r];
            match EvalCol::at(c) {
                EvalCol::Party => {
                    TableCell::new(s.session.party_name(&part.party)).style(s.theme.bold())
                }
                // A role and no benefit: flagged here too, as in step 3.
                EvalCol::Benefit if is_one_sided(part) => {
                    TableCell::new(format!("{}{}", s.t(Ui::WarnMark), s.t(Ui::NoBenefit)))
                        .style(s.theme.warn())
                }
                EvalCol::Benefit => {
                    if part.benefit.trim().is_empty() {
                        TableCell::new("—").style(s.theme.dim())
                    } else {
                        TableCell::new(part.benefit.as_str()).style(s.theme.dim())
                    }
                }
                EvalCol::Achieved => {
                    let achieved = part.evaluation.achieved;
                    let style = match achieved {
                        Achieved::Yes => s.theme.ok(),
                        Achieved::No => s.theme.warn(),
                        _ => s.theme.plain(),
                    };
                    TableCell::new(format!(
                        "{}\u{a0}{}",
                        achieved_mark(achieved),
                        Term::achieved(achieved).text(s.lang)
                    ))
                    .style(style)
                }
                EvalCol::Comment => {
                    if part.evaluation.comment.trim().is_empty() {
                        TableCell::new("—").style(s.theme.dim())
                    } else {
                        TableCell::new(part.evaluation.comment.as_str())
                    }
                }
            }
        },
        |row, col| Hit::EvalCell {
            row,
            col: EvalCol::at(col),
        },
    );

    out.hit(impr_area, Hit::Pane(Pane::Improvements));
    let focused = s.focused(Pane::Improvements);
    let title = format!(
        "{} ({})",
        Term::Improvements.text(s.lang),
        a.improvements.len()
    );
    let inner = pane(s.theme, out, impr_area, &title, focused);
    let items = &a.improvements;
    list(
        s.theme,
        out,
        inner,
        ListSpec {
            len: items.len(),
            selected: s.view.sel.improvement,
            focused,
            quiet: false,
            scroll: &s.view.scroll.improvements,
            wrap: true,
            edit: item_edit_at(s, &ListRef::Improvements(a.id.clone()), items),
            empty: s.t(Ui::EmptyListAdd),
        },
        |i| ListRow::new(items[i].text.as_str().into()).mark(s.t(Ui::Bullet), s.theme.dim()),
        Hit::Improvement,
    );
}
