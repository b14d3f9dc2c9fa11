//! Step 3: the 相利評価表 (mutual-benefit evaluation table) of the selected activity, as the
//! method has it: the host's own row first, then the partners; 関係者 | 課題 | 目的 | 活動 |
//! 役割 | 相利 (the benefit's kinds under it). A party with a role but no benefit is flagged
//! (one-sided cooperation), and so are its purposes no activity serves.

use ratatui::layout::{Constraint, Layout, Rect};

use super::widgets::{Col, EditAt, TableCell, TableSpec, pane, put, table};
use super::{Hit, Out, Screen};
use crate::core::checks::{Warning, activity_warnings, is_one_sided, served_purposes_of};
use crate::core::session::{Activity, BenefitKind, Id, Item, Lang, Session, TextField};
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
pub fn kinds_tag(lang: Lang, kinds: &[BenefitKind]) -> String {
    let words: Vec<&str> = kinds
        .iter()
        .map(|k| Term::benefit_kind(*k).text(lang))
        .collect();
    fill(
        Ui::KindsTag.text(lang),
        &[("kinds", &words.join(Ui::KindsSep.text(lang)))],
    )
}

/// Linked items as lines, `bullet` first.
pub fn linked(bullet: &str, links: &[Id], items: &[Item]) -> String {
    links
        .iter()
        .filter_map(|id| items.iter().find(|it| &it.id == id))
        .map(|it| format!("{bullet}{}", it.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The warnings about an activity, in words, with the `⚠` mark: one-sided cooperation, too
/// few parties, the purposes of its parties that no activity serves. The console's table and
/// the room view say the same.
pub fn warning_texts(session: &Session, lang: Lang, a: &Activity) -> Vec<String> {
    let mark = Ui::WarnMark.text(lang);
    let mut out: Vec<String> = activity_warnings(a)
        .iter()
        .filter_map(|w| match w {
            Warning::OneSided { party, .. } => Some(fill(
                Term::WarnOneSided.text(lang),
                &[("party", session.party_name(party))],
            )),
            Warning::FewParties { .. } => Some(Term::WarnFewParties.text(lang).to_string()),
            Warning::UnservedPurpose { .. } => None,
        })
        .map(|w| format!("{mark}{w}"))
        .collect();
    for part in &a.participants {
        let Some(party) = session.party(&part.party) else {
            continue;
        };
        let served = served_purposes_of(session, &party.id);
        for purpose in party.purposes.iter().filter(|p| !served.contains(&&p.id)) {
            out.push(format!(
                "{mark}{}",
                fill(
                    Term::WarnUnserved.text(lang),
                    &[("party", &party.name), ("purpose", &purpose.text)],
                )
            ));
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
    let warnings = warning_texts(s.session, s.lang, a);
    let description = text::clean_line(a.description.trim());
    // A tall pane shows the description and the warnings whole (wrapped); a short one a line
    // of each, cut.
    let tall = inner.height >= 24;
    let line_w = usize::from(inner.width.saturating_sub(1));
    let desc_lines: Vec<String> = if description.is_empty() {
        vec![]
    } else {
        let line = format!("{}: {description}", Term::Description.text(s.lang));
        if tall {
            capped(text::wrap(&line, line_w), 3, line_w)
        } else {
            vec![text::fit(&line, line_w).into_owned()]
        }
    };
    let warn_lines = warning_rows(
        s,
        &warnings,
        if tall { inner.height / 3 } else { 4 },
        tall,
        line_w,
    );
    let warn_rows = warn_lines.len() as u16;
    let desc_rows = desc_lines.len() as u16;
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
        // The benefit, the heart of the table (with its kinds under it), a little wider.
        Col {
            title: Term::ColBenefit.text(s.lang),
            weight: 5,
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
                    linked(s.t(Ui::Bullet), &part.challenges, &p.challenges)
                })),
                TableCol::Purpose => or_none(party.map_or(String::new(), |p| {
                    linked(s.t(Ui::Bullet), &part.purposes, &p.purposes)
                })),
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
                            kinds_tag(s.lang, &part.benefit_kinds)
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
    for (n, line) in desc_lines.iter().enumerate() {
        put(
            out,
            desc_area.x + 1,
            desc_area.y + n as u16,
            line,
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
    for (n, line) in warn_lines.iter().enumerate() {
        put(
            out,
            warn_area.x + 1,
            warn_area.y + n as u16,
            line,
            usize::from(warn_area.width),
            s.theme.warn(),
        );
    }
}

/// At most `max` of a text's lines, the last ending in `…` when some are left out.
fn capped(lines: Vec<&str>, max: usize, width: usize) -> Vec<String> {
    let cut = lines.len() > max;
    let mut out: Vec<String> = lines.into_iter().take(max).map(str::to_string).collect();
    if cut && let Some(last) = out.last_mut() {
        *last = text::fit(&format!("{last}…"), width).into_owned();
    }
    out
}

/// The warnings as screen lines, at most `budget`: each wrapped (`wrap`) or cut to a line;
/// when they do not all fit, the last line says how many more there are.
fn warning_rows(
    s: &Screen,
    warnings: &[String],
    budget: u16,
    wrap: bool,
    width: usize,
) -> Vec<String> {
    let budget = usize::from(budget);
    let mut out = vec![];
    for (n, w) in warnings.iter().enumerate() {
        let w = text::clean_line(w);
        let lines: Vec<String> = if wrap {
            text::wrap(&w, width)
                .into_iter()
                .map(str::to_string)
                .collect()
        } else {
            vec![text::fit(&w, width).into_owned()]
        };
        let left_after = warnings.len() - n - 1;
        let room = budget.saturating_sub(out.len() + usize::from(left_after > 0));
        if lines.len() > room {
            let more = fill(
                s.t(Ui::MoreWarnings),
                &[("n", &(warnings.len() - n).to_string())],
            );
            if out.len() < budget {
                out.push(text::fit(&more, width).into_owned());
            }
            break;
        }
        out.extend(lines);
    }
    out
}
