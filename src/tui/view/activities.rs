//! The shared activities: a narrow column in steps 1–2, the main list in steps 3–5. Each row:
//! a warning mark (`⚠`) if the activity has a warning, its votes, its title; in the main list
//! also its cooperation type, status and the parties taking part.

use ratatui::layout::Rect;

use super::widgets::{EditAt, ListRow, ListSpec, list, pane};
use super::{Hit, Out, Screen};
use crate::core::checks::has_warning;
use crate::core::session::{Activity, TextField};
use crate::i18n::Term;
use crate::i18n::fill;
use crate::i18n::ui::{Ui, coop_short};
use crate::tui::editor::EditTarget;
use crate::tui::state::Pane;

/// The mark before an activity's title: `⚠` for a warning, then its votes.
fn mark(s: &Screen, a: &Activity) -> String {
    let mut mark = String::new();
    if has_warning(a) {
        mark.push_str(s.t(Ui::WarnMark));
    }
    if a.votes > 0 {
        mark.push_str(&fill(s.t(Ui::VotesShort), &[("n", &a.votes.to_string())]));
        mark.push(' ');
    }
    mark
}

/// The details line: cooperation type, status, lead and parties.
fn details(s: &Screen, a: &Activity) -> String {
    let mut d = format!(
        "{} · {}",
        coop_short(a.coop).text(s.lang),
        Term::status(a.status).text(s.lang)
    );
    let names: Vec<&str> = a
        .participants
        .iter()
        .map(|p| s.session.party_name(&p.party))
        .collect();
    if !names.is_empty() {
        d.push_str(" · ");
        d.push_str(&names.join(s.t(Ui::ListSep)));
    }
    d
}

pub fn render(s: &Screen, area: Rect, out: &mut Out, main: bool) {
    let focused = s.focused(Pane::Activities);
    let acts = &s.session.activities;
    out.hit(area, Hit::Pane(Pane::Activities));
    let title = format!("{} ({})", s.t(Ui::ActivitiesPane), acts.len());
    let inner = pane(s.theme, out, area, &title, focused);
    let edit = match s.view.editor.as_ref().map(|e| &e.target) {
        Some(EditTarget::NewActivity) => Some(EditAt::End),
        Some(EditTarget::Text(TextField::ActivityTitle(id))) => {
            acts.iter().position(|a| &a.id == id).map(EditAt::Row)
        }
        _ => None,
    };
    list(
        s.theme,
        out,
        inner,
        ListSpec {
            len: acts.len(),
            selected: s.view.sel.activity,
            focused,
            // In steps 3–5 the right side shows the selected activity: keep it marked.
            quiet: main,
            scroll: &s.view.scroll.activities,
            // Titles whole, in the narrow column too.
            wrap: true,
            edit,
            empty: s.t(Ui::EmptyActivities),
        },
        |i| {
            let a = &acts[i];
            let warn = has_warning(a);
            let title = if s.session.is_carried(&a.id) {
                format!("{} {}", a.title, s.t(Ui::CarriedMark)).into()
            } else {
                a.title.as_str().into()
            };
            let row = ListRow::new(title).mark(
                mark(s, a),
                if warn { s.theme.warn() } else { s.theme.bold() },
            );
            if main { row.detail(details(s, a)) } else { row }
        },
        Hit::Activity,
    );
}
