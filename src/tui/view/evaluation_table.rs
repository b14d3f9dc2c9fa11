//! Step 3: the 相利評価表 (mutual-benefit evaluation table) of the selected activity, as the
//! method has it: the host's own row first, then the partners; 関係者 | 課題 | 目的 | 活動 |
//! 役割 | 相利 (the benefit's kinds under it). A party with a role but no benefit is flagged
//! (one-sided cooperation), and so are its purposes no activity serves.

use ratatui::layout::{Constraint, Layout, Rect};

use super::widgets::{Col, EditAt, TableCell, TableSpec, pane, put, table};
use super::{Hit, Out, Screen};
use crate::core::checks::{Warning, activity_warnings, is_one_sided, served_purposes_of};
use crate::core::session::{Activity, BenefitKind, Id, Item, TextField};
use crate::i18n::Term;
use crate::i18n::fill;
use crate::i18n::ui::{Ui, coop_short};
use crate::text;
use crate::tui::editor::EditTarget;
use crate::tui::state::{Column, Pane, TableCol, selected_activity};

/// The activity pane's title: the activity, its cooperation type and lead.
pub fn activity_title(s: &Screen, a: &Activity, heading: Ui) -> String {
    let mut t = format!(
        "{} — {} · {}",
        s.t(heading),
        a.title,
        coop_short(a.coop).text(s.lang)
    );
    if let Some(lead) = &a.lead {
        t.push_str(" · ");
        t.push_str(Term::Lead.text(s.lang));
        t.push_str(": ");
        t.push_str(s.session.party_name(lead));
    }
    t
}

/// The kinds of a benefit as a tag under it: 〔お金・心理的〕.
pub fn kinds_tag(s: &Screen, kinds: &[BenefitKind]) -> String {
    let words: Vec<&str> = kinds
        .iter()
        .map(|k| Term::benefit_kind(*k).text(s.lang))
        .collect();
    fill(
        s.t(Ui::KindsTag),
        &[("kinds", &words.join(s.t(Ui::KindsSep)))],
    )
}

/// Linked items as lines, `・` first.
fn linked(s: &Screen, links: &[Id], items: &[Item]) -> String {
    let bullet = s.t(Ui::Bullet);
    links
        .iter()
        .filter_map(|id| items.iter().find(|it| &it.id == id))
        .map(|it| format!("{bullet}{}", it.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The warnings about an activity, in words, with the `⚠` mark.
pub fn warning_lines(s: &Screen, a: &Activity) -> Vec<String> {
    let mark = s.t(Ui::WarnMark);
    let mut out: Vec<String> = activity_warnings(a)
        .iter()
        .map(|w| match w {
            Warning::OneSided { party, .. } => fill(
                Term::WarnOneSided.text(s.lang),
                &[("party", s.session.party_name(party))],
            ),
            Warning::FewParties { .. } => Term::WarnFewParties.text(s.lang).to_string(),
            Warning::UnservedPurpose { .. } => String::new(),
        })
        .map(|w| format!("{mark}{w}"))
        .collect();
    if !a.participants.is_empty() {
        for part in &a.participants {
            let Some(party) = s.session.party(&part.party) else {
                continue;
            };
            let served = served_purposes_of(s.session, &party.id);
            for purpose in party.purposes.iter().filter(|p| !served.contains(&&p.id)) {
                out.push(format!(
                    "{mark}{}",
                    fill(
                        Term::WarnUnserved.text(s.lang),
                        &[("party", &party.name), ("purpose", &purpose.text)],
                    )
                ));
            }
        }
    }
    out
}

pub fn render(s: &Screen, area: Rect, out: &mut Out) {
    out.hit(area, Hit::Pane(Pane::Table));
    let focused = s.focused(Pane::Table);
    let Some(ai) = selected_activity(s.session, s.view) else {
        let inner = pane(
            s.theme,
            out,
            area,
            Term::EvaluationTable.text(s.lang),
            focused,
        );
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
    let inner = pane(
        s.theme,
        out,
        area,
        &activity_title(s, a, Ui::TableHeading),
        focused,
    );
    let warnings = warning_lines(s, a);
    let description = text::clean_line(a.description.trim());
    let warn_rows = (warnings.len() as u16).min(4);
    let desc_rows = u16::from(!description.is_empty());
    let [table_area, desc_area, warn_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(desc_rows),
        Constraint::Length(warn_rows),
    ])
    .areas(inner);

    let all = [
        Col {
            title: Term::ColStakeholder.text(s.lang),
            weight: 4,
        },
        Col {
            title: Term::ColChallenge.text(s.lang),
            weight: 4,
        },
        Col {
            title: Term::ColPurpose.text(s.lang),
            weight: 4,
        },
        Col {
            title: Term::ColActivity.text(s.lang),
            weight: 2,
        },
        Col {
            title: Term::ColRole.text(s.lang),
            weight: 4,
        },
        Col {
            title: Term::ColBenefit.text(s.lang),
            weight: 4,
        },
    ];
    // Every column the minutes have, the 活動 too (its title on the first row, 〃 under it).
    let visible: Vec<TableCol> = TableCol::ALL.to_vec();
    let cols: Vec<Col> = all.into_iter().collect();
    let shown = |col: TableCol| visible.iter().position(|&c| c == col);
    let rows = s.session.table_rows(a);
    let row_of = |p: &Id| s.session.table_row(a, p);
    let edit = match s.view.editor.as_ref().map(|e| &e.target) {
        Some(EditTarget::Text(TextField::Role(act, p))) if act == &a.id => {
            row_of(p).map(|r| (EditAt::Row(r), TableCol::Role))
        }
        Some(EditTarget::Text(TextField::Benefit(act, p))) if act == &a.id => {
            row_of(p).map(|r| (EditAt::Row(r), TableCol::Benefit))
        }
        Some(EditTarget::Text(TextField::ActivityTitle(act))) if act == &a.id => {
            Some((EditAt::Row(0), TableCol::Activity))
        }
        _ => None,
    }
    .and_then(|(at, col)| shown(col).map(|c| (at, c)));
    let none = "—";
    table(
        s.theme,
        out,
        table_area,
        TableSpec {
            cols: &cols,
            len: rows.len(),
            selected: (
                s.view.sel.table_row,
                shown(s.view.sel.table_col).unwrap_or(usize::MAX),
            ),
            focused,
            scroll: &s.view.scroll.table,
            max_lines: 4,
            edit,
            empty: s.t(Ui::EmptyParticipants),
        },
        |r, c| {
            let c = visible[c];
            let part = rows[r];
            let party = s.session.party(&part.party);
            let or_none = |t: String| {
                if t.trim().is_empty() {
                    TableCell::new(none).style(s.theme.dim())
                } else {
                    TableCell::new(t)
                }
            };
            match c {
                TableCol::Stakeholder => {
                    let mut name = s.session.party_name(&part.party).to_string();
                    if a.lead.as_ref() == Some(&part.party) {
                        name.push_str(s.t(Ui::LeadSuffix));
                    }
                    TableCell::new(name).style(s.theme.bold())
                }
                TableCol::Challenge => or_none(party.map_or(String::new(), |p| {
                    linked(s, &part.challenges, &p.challenges)
                })),
                TableCol::Purpose => {
                    or_none(party.map_or(String::new(), |p| linked(s, &part.purposes, &p.purposes)))
                }
                TableCol::Activity => {
                    if r == 0 {
                        TableCell::new(a.title.as_str())
                    } else {
                        TableCell::new(s.t(Ui::Ditto)).style(s.theme.dim())
                    }
                }
                TableCol::Role => or_none(part.role.clone()),
                TableCol::Benefit => {
                    if is_one_sided(part) {
                        TableCell::new(format!("{}{}", s.t(Ui::WarnMark), s.t(Ui::NoBenefit)))
                            .style(s.theme.warn())
                    } else if part.benefit_kinds.is_empty() {
                        or_none(part.benefit.clone())
                    } else {
                        TableCell::new(format!(
                            "{}\n{}",
                            part.benefit.trim(),
                            kinds_tag(s, &part.benefit_kinds)
                        ))
                    }
                }
            }
        },
        |row, col| Hit::TableCell {
            row,
            col: visible[col],
        },
    );
    if desc_rows > 0 {
        let line = format!("{}: {description}", Term::Description.text(s.lang));
        put(
            out,
            desc_area.x + 1,
            desc_area.y,
            &text::fit(&line, usize::from(desc_area.width.saturating_sub(1))),
            usize::from(desc_area.width),
            s.theme.dim(),
        );
    }
    if matches!(
        s.view.editor.as_ref().map(|e| &e.target),
        Some(EditTarget::Text(TextField::ActivityDescription(act))) if act == &a.id
    ) {
        out.anchor = Some(if desc_rows > 0 {
            desc_area
        } else {
            Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1)
        });
    }
    for (n, line) in warnings.iter().take(usize::from(warn_rows)).enumerate() {
        let line = if n + 1 == usize::from(warn_rows) && warnings.len() > usize::from(warn_rows) {
            fill(
                s.t(Ui::MoreWarnings),
                &[("n", &(warnings.len() - n).to_string())],
            )
        } else {
            text::clean_line(line).into_owned()
        };
        put(
            out,
            warn_area.x + 1,
            warn_area.y + n as u16,
            &text::fit(&line, usize::from(warn_area.width.saturating_sub(1))),
            usize::from(warn_area.width),
            s.theme.warn(),
        );
    }
}
