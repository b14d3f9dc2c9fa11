//! The status line: the file, whether every change is saved (or why not, or that this sori
//! only reads), and either the last message, or what the ⚠ on the selected thing means, or the
//! few keys that matter right now (where Tab and → go first).

use ratatui::layout::Rect;

use super::widgets::put;
use super::{Out, Screen};
use crate::core::checks::{Warning, activity_warnings, served_purposes_of};
use crate::core::session::PartyList;
use crate::i18n::ui::Ui;
use crate::i18n::{Term, fill};
use crate::text;
use crate::tui::keymap::{Action, Ctx, hints, key_label};
use crate::tui::state::{
    GOAL_LISTS, Pane, SaveState, Stop, goal_party, next_partner, next_stop, selected_activity,
};

pub fn render(s: &Screen, area: Rect, out: &mut Out) {
    let mut x = area.x;
    let right = area.right();
    let name = text::clean_line(&s.file.name);
    let name = text::fit(&name, 24);
    x += put(
        out,
        x,
        area.y,
        &name,
        usize::from(right - x),
        s.theme.bold(),
    );
    x += put(out, x, area.y, " ", 1, s.theme.plain());
    let (state, style) = match &s.file.state {
        SaveState::Saved => (s.t(Ui::Saved).to_string(), s.theme.ok()),
        SaveState::NotSaved(e) => (
            format!("{}{}", s.t(Ui::NotSaved), text::clean_line(e)),
            s.theme.error(),
        ),
        SaveState::ReadOnly => (s.t(Ui::ReadOnly).to_string(), s.theme.warn()),
        SaveState::Snapshot => (s.t(Ui::Snapshot).to_string(), s.theme.dim()),
        SaveState::Replay => (s.t(Ui::Replaying).to_string(), s.theme.dim()),
    };
    let state = text::fit(&state, usize::from(right.saturating_sub(x)) / 2);
    x += put(out, x, area.y, &state, usize::from(right - x), style);
    if s.file.minutes_stale && x < right {
        // The minutes `x` wrote are behind the session: quitting writes them again.
        let stale = format!(" · {}", s.t(Ui::MinutesStale));
        let stale = text::fit(&stale, usize::from(right.saturating_sub(x)) / 2);
        x += put(
            out,
            x,
            area.y,
            &stale,
            usize::from(right - x),
            s.theme.warn(),
        );
    }
    // The room's phones: open, and how many contributions wait (`W` shows them).
    if let Some(room) = s
        .view
        .room
        .as_ref()
        .filter(|r| r.open || !r.queue.is_empty())
    {
        let (phones, style) = if room.queue.is_empty() {
            (s.t(Ui::RoomOpen).to_string(), s.theme.plain())
        } else {
            let n = room.queue.len().to_string();
            (fill(s.t(Ui::RoomWaiting), &[("n", &n)]), s.theme.warn())
        };
        x += put(out, x, area.y, " ", 1, s.theme.plain());
        x += put(
            out,
            x,
            area.y,
            &phones,
            usize::from(right.saturating_sub(x)),
            style,
        );
    }
    x += put(out, x, area.y, " │ ", 3, s.theme.border());
    if x >= right {
        return;
    }
    // A message first; else what the ⚠ on the selection means; else the keys that matter.
    let explained = s
        .view
        .message
        .is_none()
        .then(|| selection_warning(s))
        .flatten();
    if let Some((mark, text)) = explained {
        let text = text::clean_line(&format!("{mark}{text}")).into_owned();
        let text = text::fit(&text, usize::from(right - x));
        put(
            out,
            x,
            area.y,
            &text,
            usize::from(right - x),
            s.theme.warn(),
        );
        return;
    }
    if let Some(m) = &s.view.message {
        let (text, style) = if m.warn {
            (format!("{}{}", s.t(Ui::WarnMark), m.text), s.theme.warn())
        } else {
            (m.text.clone(), s.theme.plain())
        };
        let text = text::clean_line(&text);
        let text = text::fit(&text, usize::from(right - x));
        put(out, x, area.y, &text, usize::from(right - x), style);
        return;
    }
    // A replay hints at its own keys only: the others would change the session.
    let hinted = if s.view.replay && s.contexts.contains(&Ctx::Replay) {
        &[Ctx::Replay][..]
    } else {
        &s.contexts[..]
    };
    let mut all: Vec<(String, String)> = where_hints(s);
    all.extend(
        hints(hinted, s.lang)
            .into_iter()
            .filter(|(key, _)| !all.iter().any(|(k, _)| k == key))
            .map(|(k, w)| (k, w.to_string()))
            .collect::<Vec<_>>(),
    );
    for (key, what) in &all {
        let what = what.as_str();
        let need = (text::width(key) + text::width(what) + 3) as u16;
        if x + need > right {
            break;
        }
        x += put(
            out,
            x,
            area.y,
            key,
            usize::from(right - x),
            s.theme.heading(),
        );
        x += put(out, x, area.y, " ", 1, s.theme.plain());
        x += put(
            out,
            x,
            area.y,
            what,
            usize::from(right - x),
            s.theme.plain(),
        );
        x += put(out, x, area.y, "  ", 2, s.theme.plain());
    }
}

/// Where Tab goes from here, and in a party pane where → and `>` go: the status line says it
/// before the other keys, so typing lands where the facilitator expects.
fn where_hints(s: &Screen) -> Vec<(String, String)> {
    let mut out = vec![];
    if s.view.overlay.is_some() || s.view.editor.is_some() || s.view.replay {
        return out;
    }
    let to = |place: &str| fill(s.t(Ui::GoesTo), &[("place", place)]);
    let key = |action: Action| key_label(&s.contexts, &action, s.lang);
    if let Some(stop) = next_stop(s.session, s.view, true)
        && stop != (s.view.pane, s.view.sel.goal_list.min(GOAL_LISTS.len() - 1))
        && let Some(tab) = key(Action::NextPane)
    {
        out.push((tab, to(&stop_name(s, stop))));
    }
    let step = s.step();
    if s.view.pane == Pane::Goals
        && step <= 2
        && let Some(shown) = goal_party(s.session, s.view)
    {
        let l = s.view.sel.goal_list;
        if l + 1 < GOAL_LISTS.len()
            && let Some(right) = key(Action::Right)
        {
            let place = to(Term::list(GOAL_LISTS[l + 1]).text(s.lang));
            // Where Tab goes too (the next list): said once, for both keys.
            match out.first_mut() {
                Some((tab, tab_place)) if *tab_place == place => *tab = format!("{tab}/{right}"),
                _ => out.push((right, place)),
            }
        }
        if step == 2
            && let Some(next) = next_partner(s.session, shown, true)
            && let Some(next_key) = key(Action::NextParty)
        {
            let name = text::fit(&text::clean_line(&s.session.parties[next].name), 12).into_owned();
            out.push((next_key, to(&name)));
        }
    }
    out
}

/// A place Tab stops at, in words: a pane, or a list of the party pane.
fn stop_name(s: &Screen, (pane, list): Stop) -> String {
    match pane {
        Pane::Goals => Term::list(GOAL_LISTS[list.min(GOAL_LISTS.len() - 1)]).text(s.lang),
        Pane::Parties => Term::Parties.text(s.lang),
        Pane::Activities => s.t(Ui::ActivitiesPane),
        Pane::Table => s.t(Ui::TableHeading),
        Pane::Evaluation => s.t(Ui::EvalHeading),
        Pane::Improvements => Term::Improvements.text(s.lang),
        Pane::Ideas => Term::Expansion.text(s.lang),
        Pane::Actions => Term::ActionItems.text(s.lang),
    }
    .to_string()
}

/// What the mark on the selected thing means, when it carries one: a one-sided party (⚠), an
/// activity with too few parties (⚠), a purpose no activity serves yet (!). The mark, then
/// the words.
pub fn selection_warning(s: &Screen) -> Option<(&'static str, String)> {
    if s.view.overlay.is_some() || s.view.editor.is_some() {
        return None;
    }
    let session = s.session;
    let activity = selected_activity(session, s.view).map(|i| &session.activities[i]);
    let warn = s.t(Ui::WarnMark);
    let explain = |w: &Warning| (warn, warning_words(s, w));
    match s.view.pane {
        Pane::Activities => activity_warnings(activity?).first().map(explain),
        Pane::Table | Pane::Evaluation => {
            let a = activity?;
            let rows = session.table_rows(a);
            let row = if s.view.pane == Pane::Table {
                s.view.sel.table_row
            } else {
                s.view.sel.eval_row
            };
            let warnings = activity_warnings(a);
            let here = rows.get(row.min(rows.len().saturating_sub(1)));
            warnings
                .iter()
                .find(|w| matches!(w, Warning::OneSided { party, .. } if Some(party) == here.map(|p| &p.party)))
                .or_else(|| warnings.iter().find(|w| matches!(w, Warning::FewParties { .. })))
                .map(explain)
        }
        Pane::Goals if s.step() <= 2 && !session.activities.is_empty() => {
            let party = &session.parties[goal_party(session, s.view)?];
            if GOAL_LISTS[s.view.sel.goal_list.min(GOAL_LISTS.len() - 1)] != PartyList::Purposes {
                return None;
            }
            let item = party.purposes.get(s.view.sel.goal_item)?;
            let served = served_purposes_of(session, &party.id);
            (!served.contains(&&item.id)).then(|| {
                let w = Warning::UnservedPurpose {
                    party: party.id.clone(),
                    purpose: item.id.clone(),
                };
                (s.t(Ui::UnservedMark), warning_words(s, &w))
            })
        }
        _ => None,
    }
}

/// A warning and what to do about it, in words.
fn warning_words(s: &Screen, w: &Warning) -> String {
    let session = s.session;
    let (said, why) = match w {
        Warning::OneSided { party, .. } => (
            fill(
                Term::WarnOneSided.text(s.lang),
                &[("party", session.party_name(party))],
            ),
            Ui::WhyOneSided,
        ),
        Warning::FewParties { .. } => (
            Term::WarnFewParties.text(s.lang).to_string(),
            Ui::WhyFewParties,
        ),
        Warning::UnservedPurpose { party, purpose } => (
            fill(
                Term::WarnUnserved.text(s.lang),
                &[
                    ("party", session.party_name(party)),
                    (
                        "purpose",
                        session.item(purpose).map_or("", |i| i.text.as_str()),
                    ),
                ],
            ),
            Ui::WhyUnserved,
        ),
    };
    format!("{said}{}", s.t(why))
}
