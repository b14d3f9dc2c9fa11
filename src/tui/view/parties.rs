//! The party list and the party panes: each party's purposes (目的), challenges (課題) and
//! strengths (強み). Step 1 shows the host's pane; step 2 every partner's pane side by side
//! when they fit, else the selected partner's. And a party's SWOT, drawn as a popup.

use ratatui::layout::{Constraint, Layout, Rect};

use super::widgets::{EditAt, ListRow, ListSpec, list, pane, popup};
use super::{Hit, Out, Screen};
use crate::core::checks::served_purposes_of;
use crate::core::session::{Id, ListRef, Party, PartyList, TextField};
use crate::i18n::Term;
use crate::i18n::terms::party_kind;
use crate::i18n::ui::Ui;
use crate::tui::editor::EditTarget;
use crate::tui::state::{GOAL_LISTS, Pane, SWOT_LISTS, goal_party};

/// A party pane narrower than this is not worth showing side by side.
const MIN_PANE_WIDTH: u16 = 28;
/// Nor one lower than this above another.
const MIN_PANE_HEIGHT: u16 = 14;
/// From this width on, a party pane puts its three lists side by side.
const COLUMNS_FROM: u16 = 90;

/// A party's name as the screen shows it: with `(host)` for the host.
pub fn party_label(s: &Screen, party: &Party) -> String {
    if s.session.meta.host.as_ref() == Some(&party.id) {
        format!("{}{}", party.name, s.t(Ui::HostSuffix))
    } else {
        party.name.clone()
    }
}

/// The party list's width in a body `body_width` cells wide: the longest name whole (with
/// the host's mark, the selection's gutter and the border), between 16 cells and a fifth of
/// the width.
pub fn list_width(s: &Screen, body_width: u16) -> u16 {
    let mark = crate::text::width(s.t(Ui::HostMark));
    // A long list is sized by its first names: a frame costs what is on screen.
    let longest = s
        .session
        .parties
        .iter()
        .take(64)
        .map(|p| crate::text::width(&crate::text::clean_line(&p.name)))
        .max()
        .unwrap_or(0);
    let title = crate::text::width(Term::Parties.text(s.lang)) + 5;
    let want = (longest + mark).max(title) + 4;
    (want as u16).clamp(16, (body_width / 5).max(16))
}

pub fn render_party_list(s: &Screen, area: Rect, out: &mut Out) {
    let focused = s.focused(Pane::Parties);
    let title = format!(
        "{} ({})",
        Term::Parties.text(s.lang),
        s.session.parties.len()
    );
    out.hit(area, Hit::Pane(Pane::Parties));
    let inner = pane(s.theme, out, area, &title, focused);
    let edit = match s.view.editor.as_ref().map(|e| &e.target) {
        Some(EditTarget::NewParty) => Some(EditAt::End),
        Some(EditTarget::Text(TextField::PartyName(id))) => s
            .session
            .parties
            .iter()
            .position(|p| &p.id == id)
            .map(EditAt::Row),
        _ => None,
    };
    let parties = &s.session.parties;
    list(
        s.theme,
        out,
        inner,
        ListSpec {
            len: parties.len(),
            // In step 2 the list marks the partner whose pane is shown.
            selected: if !focused && s.step() == 2 {
                goal_party(s.session, s.view).unwrap_or(s.view.sel.party)
            } else {
                s.view.sel.party
            },
            focused,
            quiet: s.step() == 2,
            scroll: &s.view.scroll.parties,
            wrap: false,
            edit,
            empty: s.t(Ui::EmptyParties),
        },
        |i| {
            let p = &parties[i];
            let row = if s.session.is_carried(&p.id) {
                // Carried over from the previous meeting (前回から).
                ListRow::new(format!("{} {}", p.name, s.t(Ui::CarriedMark)).into())
            } else {
                ListRow::new(p.name.as_str().into())
            };
            if s.session.meta.host.as_ref() == Some(&p.id) {
                row.mark(s.t(Ui::HostMark), s.theme.heading())
            } else {
                row
            }
        },
        Hit::Party,
    );
}

pub fn render_goals(s: &Screen, area: Rect, out: &mut Out) {
    out.hit(area, Hit::Pane(Pane::Goals));
    let focused = s.focused(Pane::Goals);
    if s.step() == 1 {
        match goal_party(s.session, s.view) {
            Some(i) => party_pane(s, out, area, i, focused),
            None => {
                let inner = pane(s.theme, out, area, Term::Host.text(s.lang), focused);
                empty_note(s, out, inner, s.t(Ui::EmptyHost));
            }
        }
        return;
    }
    let partners = s.session.parties.len() - usize::from(s.session.host().is_some());
    let selected = goal_party(s.session, s.view);
    if partners == 0 || selected.is_none() {
        let inner = pane(s.theme, out, area, s.t(Ui::Partners), focused);
        empty_note(s, out, inner, s.t(Ui::EmptyPartners));
        return;
    }
    // Every partner's pane when they fit, in a grid (a row of them when one row holds them
    // all); else the selected partner's.
    let cols_fit = usize::from((area.width / MIN_PANE_WIDTH).max(1));
    let rows_fit = usize::from((area.height / MIN_PANE_HEIGHT).max(1));
    if partners > 1 && partners <= cols_fit * rows_fit {
        let rows = partners.div_ceil(cols_fit);
        let cols = partners.div_ceil(rows);
        let host = s.session.meta.host.as_ref();
        let mut indices = s
            .session
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| Some(&p.id) != host)
            .map(|(i, _)| i);
        for band in Layout::vertical(vec![Constraint::Fill(1); rows])
            .split(area)
            .iter()
        {
            let areas = Layout::horizontal(vec![Constraint::Fill(1); cols]).split(*band);
            for (rect, i) in areas.iter().zip(indices.by_ref()) {
                party_pane(s, out, *rect, i, focused && Some(i) == selected);
            }
        }
    } else if let Some(i) = selected {
        party_pane(s, out, area, i, focused);
    }
}

fn empty_note(s: &Screen, out: &mut Out, inner: Rect, note: &str) {
    let lines = crate::text::wrap(note, usize::from(inner.width.saturating_sub(2)));
    for (n, line) in lines.iter().enumerate().take(usize::from(inner.height)) {
        super::widgets::put(
            out,
            inner.x + 1,
            inner.y + n as u16,
            line,
            usize::from(inner.width),
            s.theme.dim(),
        );
    }
}

/// One party's pane: its three lists, side by side when wide enough, else one above another.
fn party_pane(s: &Screen, out: &mut Out, area: Rect, index: usize, focused: bool) {
    let party = &s.session.parties[index];
    // Its purposes that an activity serves (none are marked before there are activities).
    let served =
        (!s.session.activities.is_empty()).then(|| served_purposes_of(s.session, &party.id));
    let mut title = party_label(s, party);
    if !party.kind.is_empty() {
        title.push_str(" · ");
        title.push_str(&party_kind(&party.kind, s.lang));
    }
    if party.has_swot() {
        title.push_str(" · ");
        title.push_str(Term::Swot.text(s.lang));
    }
    if s.session.is_carried(&party.id) {
        title.push_str(" · ");
        title.push_str(s.t(Ui::CarriedNote));
    }
    let inner = pane(s.theme, out, area, &title, focused);
    let inner = representatives_line(s, out, inner, party, index);
    let areas = if area.width >= COLUMNS_FROM {
        Layout::horizontal([Constraint::Fill(1); 3])
            .spacing(1)
            .split(inner)
    } else {
        Layout::vertical([Constraint::Fill(1); 3]).split(inner)
    };
    for (li, list_kind) in GOAL_LISTS.iter().enumerate() {
        let list_focused = focused && s.view.sel.goal_list == li;
        goal_list(
            s,
            out,
            areas[li],
            party,
            index,
            (li, *list_kind),
            list_focused,
            served.as_deref(),
        );
    }
}

/// The people present for the party, on one line at the top of its pane (cut with `…`;
/// `R` opens them all); returns the area under it.
fn representatives_line(
    s: &Screen,
    out: &mut Out,
    inner: Rect,
    party: &Party,
    index: usize,
) -> Rect {
    if inner.height < 4 || inner.width < 4 {
        return inner;
    }
    let line = Rect::new(inner.x, inner.y, inner.width, 1);
    out.hit(line, Hit::Representatives(index));
    let width = usize::from(inner.width);
    let x = inner.x
        + super::widgets::put(
            out,
            inner.x,
            inner.y,
            s.t(Ui::RepsLabel),
            width,
            s.theme.dim(),
        );
    let room = usize::from(inner.right().saturating_sub(x));
    if party.representatives.is_empty() {
        let none = if s.view.replay {
            "—"
        } else {
            s.t(Ui::RepsNone)
        };
        let none = crate::text::fit(none, room);
        super::widgets::put(out, x, inner.y, &none, room, s.theme.dim());
    } else {
        // Only as many names as can show: the rest is cut by `fit` anyway.
        let mut names = String::new();
        for (i, r) in party.representatives.iter().enumerate() {
            if crate::text::width(&names) > room {
                break;
            }
            if i > 0 {
                names.push_str(s.t(Ui::NamesSep));
            }
            names.push_str(&crate::text::clean_line(&r.text));
        }
        let names = crate::text::fit(&names, room);
        super::widgets::put(out, x, inner.y, &names, room, s.theme.plain());
    }
    Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1)
}

/// A heading and a list of a party's items.
#[allow(clippy::too_many_arguments)]
fn goal_list(
    s: &Screen,
    out: &mut Out,
    area: Rect,
    party: &Party,
    party_index: usize,
    (li, kind): (usize, PartyList),
    focused: bool,
    served: Option<&[&Id]>,
) {
    if area.height == 0 {
        return;
    }
    let items = party.list(kind);
    let heading = format!("{} ({})", Term::list(kind).text(s.lang), items.len());
    let heading = if focused {
        format!("[{heading}]")
    } else {
        heading
    };
    super::widgets::put(
        out,
        area.x,
        area.y,
        &heading,
        usize::from(area.width),
        if focused {
            s.theme.border_focused()
        } else {
            s.theme.heading()
        },
    );
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    out.hit(
        area,
        Hit::GoalItem {
            party: party_index,
            list: li,
            item: None,
        },
    );
    let edit = item_edit_at(s, &ListRef::Party(party.id.clone(), kind), items);
    let scroll = &s.view.scroll.goals[li];
    let fresh = std::cell::Cell::new(0);
    list(
        s.theme,
        out,
        body,
        ListSpec {
            len: items.len(),
            selected: if focused { s.view.sel.goal_item } else { 0 },
            focused,
            quiet: false,
            // Only the focused pane remembers its scroll; the others start at the top.
            scroll: if focused { scroll } else { &fresh },
            wrap: true,
            edit,
            empty: if focused {
                s.t(Ui::EmptyListAdd)
            } else {
                "—"
            },
        },
        |i| {
            let item = &items[i];
            let row = ListRow::new(item.text.as_str().into());
            let unserved = kind == PartyList::Purposes
                && served.is_some_and(|served| !served.contains(&&item.id));
            if unserved {
                row.mark(s.t(Ui::UnservedMark), s.theme.warn())
            } else if s.session.is_carried(&item.id) {
                // Carried over from the previous meeting: `↻` where the bullet would be.
                row.mark(format!("{} ", s.t(Ui::CarriedMark)), s.theme.dim())
            } else {
                row.mark(s.t(Ui::Bullet), s.theme.dim())
            }
        },
        |i| Hit::GoalItem {
            party: party_index,
            list: li,
            item: Some(i),
        },
    );
}

/// Where the editor is in a list of items, if it edits that list.
pub fn item_edit_at(
    s: &Screen,
    list: &ListRef,
    items: &[crate::core::session::Item],
) -> Option<EditAt> {
    match s.view.editor.as_ref().map(|e| &e.target) {
        Some(EditTarget::NewItem(l)) if l == list => Some(EditAt::End),
        Some(EditTarget::Text(TextField::Item(id))) => {
            items.iter().position(|it| &it.id == id).map(EditAt::Row)
        }
        _ => None,
    }
}

/// A party's SWOT (強み, 弱み, 機会, 脅威) in a popup: four lists, one with the focus.
pub fn render_swot(
    s: &Screen,
    out: &mut Out,
    body: Rect,
    (w, h): (u16, u16),
    party: &crate::core::session::Id,
    quadrant: usize,
    row: usize,
) {
    let Some(p) = s.session.party(party) else {
        return;
    };
    let title = format!("{} — {}", Term::Swot.text(s.lang), p.name);
    let inner = popup(s.theme, out, body, w, h, &title);
    let [top, bottom] = Layout::vertical([Constraint::Fill(1); 2]).areas(inner);
    let [q0, q1] = Layout::horizontal([Constraint::Fill(1); 2]).areas(top);
    let [q2, q3] = Layout::horizontal([Constraint::Fill(1); 2]).areas(bottom);
    for (q, (area, kind)) in [q0, q1, q2, q3].into_iter().zip(SWOT_LISTS).enumerate() {
        let focused = q == quadrant && s.view.editor.is_none();
        let items = p.list(kind);
        let heading = format!("{} ({})", Term::list(kind).text(s.lang), items.len());
        out.hit(
            area,
            Hit::SwotItem {
                quadrant: q,
                row: None,
            },
        );
        let inner = pane(s.theme, out, area, &heading, focused);
        let edit = item_edit_at(s, &ListRef::Party(p.id.clone(), kind), items);
        list(
            s.theme,
            out,
            inner,
            ListSpec {
                len: items.len(),
                selected: if q == quadrant { row } else { 0 },
                focused,
                quiet: false,
                scroll: &s.view.scroll.swot[q],
                wrap: true,
                edit,
                empty: if focused {
                    s.t(Ui::EmptyListAdd)
                } else {
                    "—"
                },
            },
            |i| ListRow::new(items[i].text.as_str().into()).mark(s.t(Ui::Bullet), s.theme.dim()),
            |i| Hit::SwotItem {
                quadrant: q,
                row: Some(i),
            },
        );
    }
}
