//! Windows over the screen: the help (generated from the keymap), messages, decisions, action
//! items, the parking lot, a party's SWOT, the checklists (parties taking part, linked
//! purposes or challenges), and the text editor, drawn where the edited thing is.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::parties::{item_edit_at, party_label};
use super::step5::action_table;
use super::widgets::{EditAt, ListRow, ListSpec, list, popup, put};
use super::{Hit, Out, Screen};
use crate::core::edits::{joinable, row_offer};
use crate::core::session::{BenefitKind, Coop, Lang, ListRef, PartyList, TextField};
use crate::i18n::Term;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::i18n::ui::{coop_note, coop_short};
use crate::text;
use crate::tui::editor::{EditTarget, Editor};
use crate::tui::keymap::{Ctx, help_where};
use crate::tui::state::{MEETING_FIELDS, MeetingField, Menu, Overlay};
use crate::tui::typed::start_text;

fn overlay_size(body: Rect) -> (u16, u16) {
    (
        body.width.saturating_sub(4).min(110),
        body.height.saturating_sub(1),
    )
}

/// A popup's height for `rows` rows of content: at least a few, at most `max`.
fn fit_rows(rows: usize, max: u16) -> u16 {
    (rows.min(usize::from(u16::MAX - 2)) as u16 + 2).clamp(6.min(max), max)
}

/// A question asked on quitting: the question in bold, then its keys.
fn render_question(s: &Screen, out: &mut Out, body: Rect, title: Ui, question: &str, keys: Ui) {
    let (w, _) = overlay_size(body);
    let w = w.min(64);
    let width = usize::from(w.saturating_sub(4));
    let mut lines: Vec<(String, _)> = text::wrap(question, width)
        .into_iter()
        .map(|l| (l.to_string(), s.theme.bold()))
        .collect();
    lines.push((String::new(), s.theme.plain()));
    lines.extend(
        text::wrap(s.t(keys), width)
            .into_iter()
            .map(|l| (l.to_string(), s.theme.heading())),
    );
    let h = fit_rows(lines.len(), body.height.saturating_sub(1)).max(7);
    let inner = popup(s.theme, out, body, w, h, s.t(title));
    for (i, (line, style)) in lines.iter().take(usize::from(inner.height)).enumerate() {
        put(out, inner.x + 1, inner.y + i as u16, line, width, *style);
    }
}

pub fn render(s: &Screen, body: Rect, out: &mut Out) {
    let Some(overlay) = &s.view.overlay else {
        return;
    };
    let (w, h) = overlay_size(body);
    match overlay {
        Overlay::Help { scroll, .. } => render_help(s, out, body, *scroll),
        Overlay::Messages { row } => {
            let h = fit_rows(s.view.log.len() * 2, h);
            let inner = popup(s.theme, out, body, w, h, s.t(Ui::MessagesTitle));
            let log = &s.view.log;
            list(
                s.theme,
                out,
                inner,
                ListSpec {
                    len: log.len(),
                    selected: *row,
                    focused: true,
                    quiet: false,
                    scroll: &s.view.scroll.overlay,
                    wrap: true,
                    edit: None,
                    empty: s.t(Ui::EmptyMessages),
                },
                |i| {
                    let m = &log[i];
                    if m.warn {
                        ListRow::new(m.text.as_str().into()).mark(s.t(Ui::WarnMark), s.theme.warn())
                    } else {
                        ListRow::new(m.text.as_str().into())
                    }
                },
                Hit::OverlayRow,
            );
        }
        Overlay::Decisions { row } => {
            item_overlay(s, out, body, ListRef::Decisions, &s.session.decisions, *row);
        }
        Overlay::MeetingList { list, row } => item_overlay(
            s,
            out,
            body,
            ListRef::Meeting(*list),
            s.session.meta.list(*list),
            *row,
        ),
        Overlay::CloseOnQuit => {
            let question = fill(s.t(Ui::CloseQuestion), &[("time", &s.view.clock.hm())]);
            render_question(s, out, body, Ui::CloseTitle, &question, Ui::CloseKeys);
        }
        Overlay::NotesWaiting => {
            let n = s.view.room.as_ref().map_or(0, |r| r.queue.len());
            let question = fill(s.t(Ui::NotesWaitingQuestion), &[("n", &n.to_string())]);
            render_question(
                s,
                out,
                body,
                Ui::NotesWaitingTitle,
                &question,
                Ui::NotesWaitingKeys,
            );
        }
        Overlay::ParkingLot { row } => item_overlay(
            s,
            out,
            body,
            ListRef::ParkingLot,
            &s.session.parking_lot,
            *row,
        ),
        Overlay::ActionItems { row, col } => {
            let title = format!(
                "{} ({})",
                Term::ActionItems.text(s.lang),
                s.session.action_items.len()
            );
            let inner = popup(s.theme, out, body, w, h, &title);
            action_table(
                s,
                out,
                inner,
                true,
                (*row, *col),
                &s.view.scroll.overlay,
                |row, _| Hit::OverlayRow(row),
            );
        }
        Overlay::Swot {
            party,
            quadrant,
            row,
        } => {
            let (w, h) = overlay_size(body);
            super::parties::render_swot(s, out, body, (w, h), party, *quadrant, *row);
        }
        Overlay::Links {
            activity,
            party,
            list: kind,
            row,
        } => {
            let Some(p) = s.session.party(party) else {
                return;
            };
            let part = s
                .session
                .activity(activity)
                .and_then(|a| a.participant(party));
            let goals = row_offer(s.session, party);
            let title = fill(s.t(Ui::LinksTitle), &[("party", &p.name)]);
            let h = fit_rows(goals.len() * 2 + 2, h);
            let inner = popup(s.theme, out, body, w.min(70), h, &title);
            let edit = match s.view.editor.as_ref().map(|e| &e.target) {
                Some(EditTarget::NewLinkedItem { .. }) => Some(EditAt::End),
                _ => None,
            };
            let text_of = |list: PartyList, id: &crate::core::session::Id| {
                p.list(list)
                    .iter()
                    .find(|it| &it.id == id)
                    .map_or("", |it| it.text.as_str())
            };
            let hint = fill(
                s.t(Ui::LinksHint),
                &[("list", Term::list(*kind).text(s.lang))],
            );
            let list_area = with_hint_line(s, out, inner, &hint);
            list(
                s.theme,
                out,
                list_area,
                ListSpec {
                    len: goals.len(),
                    selected: *row,
                    focused: s.view.editor.is_none(),
                    quiet: false,
                    scroll: &s.view.scroll.overlay,
                    wrap: true,
                    edit,
                    empty: s.t(Ui::EmptyLinks),
                },
                |i| {
                    let (list, id) = &goals[i];
                    let on = part.is_some_and(|part| {
                        part.purposes.contains(id) || part.challenges.contains(id)
                    });
                    let mark = format!(
                        "{}{} ",
                        if on { "[x] " } else { "[ ] " },
                        Term::list(*list).text(s.lang)
                    );
                    ListRow::new(text_of(*list, id).into()).mark(mark, s.theme.bold())
                },
                Hit::OverlayRow,
            );
        }
        Overlay::Menu { menu, row } => render_menu(s, out, body, menu, *row),
        Overlay::Phones { row, party } => {
            // Over the step's header too: a code needs the rows (17 for an address on a
            // network) that an 80×24 screen has only without it.
            let tall = Rect::new(body.x, 0, body.width, body.bottom());
            let (w, h) = overlay_size(tall);
            super::phones::render(s, out, tall, (w, h), *row, *party);
        }
        Overlay::Meeting { row } => render_meeting(s, out, body, *row),
        Overlay::Representatives { party, row } => {
            let Some(index) = s.session.parties.iter().position(|p| &p.id == party) else {
                return;
            };
            let p = &s.session.parties[index];
            let title = fill(
                s.t(Ui::RepsTitle),
                &[
                    ("party", &p.name),
                    ("i", &(index + 1).to_string()),
                    ("n", &s.session.parties.len().to_string()),
                ],
            );
            let reps = &p.representatives;
            let h = fit_rows(reps.len() + 2, h);
            let inner = popup(s.theme, out, body, w.min(60), h, &title);
            let edit = item_edit_at(
                s,
                &ListRef::Party(p.id.clone(), PartyList::Representatives),
                reps,
            );
            list(
                s.theme,
                out,
                inner,
                ListSpec {
                    len: reps.len(),
                    selected: *row,
                    focused: s.view.editor.is_none(),
                    quiet: false,
                    scroll: &s.view.scroll.overlay,
                    wrap: false,
                    edit,
                    empty: s.t(Ui::EmptyReps),
                },
                |i| ListRow::new(reps[i].text.as_str().into()).mark(s.t(Ui::Bullet), s.theme.dim()),
                Hit::OverlayRow,
            );
        }
        Overlay::Participants { activity, row } => {
            let Some(a) = s.session.activity(activity) else {
                return;
            };
            let title = fill(s.t(Ui::ParticipantsTitle), &[("activity", &a.title)]);
            let h = fit_rows(s.session.parties.len(), h);
            let inner = popup(s.theme, out, body, w.min(60), h, &title);
            let parties = &s.session.parties;
            list(
                s.theme,
                out,
                inner,
                ListSpec {
                    len: parties.len(),
                    selected: *row,
                    focused: true,
                    quiet: false,
                    scroll: &s.view.scroll.overlay,
                    wrap: false,
                    edit: None,
                    empty: s.t(Ui::EmptyParties),
                },
                |i| {
                    let on = a.participant(&parties[i].id).is_some();
                    ListRow::new(party_label(s, &parties[i]).into())
                        .mark(if on { "[x] " } else { "[ ] " }, s.theme.bold())
                },
                Hit::OverlayRow,
            );
        }
    }
}

/// A line of keys at the foot of a popup (dim); returns the area above it.
fn with_hint_line(s: &Screen, out: &mut Out, inner: Rect, hint: &str) -> Rect {
    let [above, line] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Fill(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    put(
        out,
        line.x + 1,
        line.y,
        &text::fit(hint, usize::from(line.width.saturating_sub(1))),
        usize::from(line.width),
        s.theme.dim(),
    );
    above
}

/// A numbered menu: each entry with its number (a digit chooses it), the current choice
/// marked; where several may be ticked, a box each.
fn render_menu(s: &Screen, out: &mut Out, body: Rect, menu: &Menu, row: usize) {
    let (w, h) = overlay_size(body);
    let session = s.session;
    let (title, entries): (String, Vec<(bool, String, String)>) = match menu {
        Menu::Coop(a) => {
            let now = session.activity(a).map(|a| a.coop);
            let entries = Coop::ALL
                .iter()
                .map(|c| {
                    (
                        now == Some(*c),
                        coop_short(*c).text(s.lang).to_string(),
                        coop_note(*c).text(s.lang).to_string(),
                    )
                })
                .collect();
            (Term::Coop.text(s.lang).to_string(), entries)
        }
        Menu::BenefitKinds { activity, party } => {
            let part = session
                .activity(activity)
                .and_then(|a| a.participant(party));
            let entries = BenefitKind::ALL
                .iter()
                .map(|k| {
                    (
                        part.is_some_and(|p| p.benefit_kinds.contains(k)),
                        Term::benefit_kind(*k).text(s.lang).to_string(),
                        Term::benefit_kind_note(*k).text(s.lang).to_string(),
                    )
                })
                .collect();
            let title = fill(s.t(Ui::KindsTitle), &[("party", session.party_name(party))]);
            (title, entries)
        }
        Menu::Join(a) => {
            let entries = session
                .activity(a)
                .map(|act| {
                    joinable(session, act)
                        .into_iter()
                        .map(|p| (false, party_label(s, p), String::new()))
                        .collect()
                })
                .unwrap_or_default();
            let title = fill(
                s.t(Ui::JoinTitle),
                &[(
                    "activity",
                    session.activity(a).map_or("", |a| a.title.as_str()),
                )],
            );
            (title, entries)
        }
    };
    let several = matches!(menu, Menu::BenefitKinds { .. });
    let hint = s.t(if several {
        Ui::MenuHintSeveral
    } else {
        Ui::MenuHint
    });
    let rows = entries.len() + 1;
    let h = fit_rows(rows, h);
    let inner = popup(s.theme, out, body, w.min(64), h, &title);
    let list_area = with_hint_line(s, out, inner, hint);
    list(
        s.theme,
        out,
        list_area,
        ListSpec {
            len: entries.len(),
            selected: row,
            focused: true,
            quiet: false,
            scroll: &s.view.scroll.overlay,
            wrap: false,
            edit: None,
            empty: s.t(Ui::AllTakePart),
        },
        |i| {
            let (on, label, note) = &entries[i];
            let number = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".to_string()
            };
            let mark = match (several, on) {
                (true, true) => format!("{number}[x] "),
                (true, false) => format!("{number}[ ] "),
                (false, true) => format!("{number}● "),
                (false, false) => format!("{number}  "),
            };
            let text = if note.is_empty() {
                label.clone()
            } else {
                format!("{label} — {note}")
            };
            ListRow::new(text.into()).mark(mark, s.theme.bold())
        },
        Hit::OverlayRow,
    );
}

/// A row of the meeting's details: its label and its value as shown (`None`: not set).
fn meeting_row(s: &Screen, field: MeetingField) -> (String, Option<String>) {
    let meta = &s.session.meta;
    let text = |t: &str| (!t.trim().is_empty()).then(|| t.to_string());
    match field {
        MeetingField::Title => (s.t(Ui::FieldTitle).into(), text(&meta.title)),
        MeetingField::Start => (
            s.t(Ui::FieldStart).into(),
            meta.start.as_ref().map(|st| start_text(Some(st))),
        ),
        MeetingField::End => (
            s.t(Ui::FieldEnd).into(),
            meta.end.as_ref().map(|st| start_text(Some(st))),
        ),
        MeetingField::Venue => (s.t(Ui::FieldVenue).into(), text(&meta.venue)),
        MeetingField::Facilitator => (s.t(Ui::FieldFacilitator).into(), text(&meta.facilitator)),
        MeetingField::Recorder => (s.t(Ui::FieldRecorder).into(), text(&meta.recorder)),
        MeetingField::List(list) => {
            let items = meta.list(list);
            let shown = (!items.is_empty()).then(|| {
                let texts: Vec<&str> = items.iter().map(|it| it.text.as_str()).collect();
                fill(
                    s.t(Ui::ListCount),
                    &[
                        ("n", &items.len().to_string()),
                        ("items", &texts.join(s.t(Ui::ListSep))),
                    ],
                )
            });
            (Term::meeting_list(list).text(s.lang).into(), shown)
        }
        MeetingField::NextStart => (
            s.t(Ui::FieldNextStart).into(),
            meta.next.start.as_ref().map(|st| start_text(Some(st))),
        ),
        MeetingField::NextVenue => (s.t(Ui::FieldNextVenue).into(), text(&meta.next.venue)),
        MeetingField::NextNote => (s.t(Ui::FieldNextNote).into(), text(&meta.next.note)),
        MeetingField::Disclosure => (
            s.t(Ui::FieldDisclosure).into(),
            meta.disclosure
                .map(|d| Term::disclosure(d).text(s.lang).to_string()),
        ),
        MeetingField::Lang => (
            s.t(Ui::FieldLang).into(),
            Some(
                match meta.lang {
                    Lang::Ja => s.t(Ui::LangJa),
                    Lang::En => s.t(Ui::LangEn),
                }
                .into(),
            ),
        ),
        MeetingField::Host => (
            Term::Host.text(s.lang).into(),
            s.session.host().map(|p| p.name.clone()),
        ),
        MeetingField::Bell => (
            s.t(Ui::FieldBell).into(),
            Some(
                s.t(if meta.bell {
                    Ui::BellValueOn
                } else {
                    Ui::BellValueOff
                })
                .into(),
            ),
        ),
        MeetingField::Timebox(n) => (
            fill(
                s.t(Ui::FieldTimebox),
                &[
                    ("n", &n.to_string()),
                    ("step", Term::step_short(n).text(s.lang)),
                ],
            ),
            meta.steps
                .get(usize::from(n) - 1)
                .map(|st| fill(s.t(Ui::TimeboxValue), &[("n", &st.timebox_min.to_string())])),
        ),
    }
}

/// Which row of the meeting's details the editor edits, if it edits one.
fn meeting_edit_at(s: &Screen) -> Option<EditAt> {
    let field = match s.view.editor.as_ref().map(|e| &e.target)? {
        EditTarget::Text(TextField::Title) => MeetingField::Title,
        EditTarget::Start => MeetingField::Start,
        EditTarget::End => MeetingField::End,
        EditTarget::NextStart => MeetingField::NextStart,
        EditTarget::Text(TextField::Venue) => MeetingField::Venue,
        EditTarget::Text(TextField::Facilitator) => MeetingField::Facilitator,
        EditTarget::Text(TextField::Recorder) => MeetingField::Recorder,
        EditTarget::Text(TextField::NextVenue) => MeetingField::NextVenue,
        EditTarget::Text(TextField::NextNote) => MeetingField::NextNote,
        EditTarget::Timebox(n) => MeetingField::Timebox(*n),
        _ => return None,
    };
    MEETING_FIELDS
        .iter()
        .position(|f| *f == field)
        .map(EditAt::Row)
}

/// The meeting's details: a label and a value per row; Enter edits (or changes a choice).
fn render_meeting(s: &Screen, out: &mut Out, body: Rect, row: usize) {
    let (w, h) = overlay_size(body);
    let rows: Vec<(String, Option<String>)> =
        MEETING_FIELDS.iter().map(|f| meeting_row(s, *f)).collect();
    let h = fit_rows(rows.len(), h);
    let inner = popup(s.theme, out, body, w.min(72), h, s.t(Ui::MeetingTitle));
    let label_w = rows
        .iter()
        .map(|(label, _)| text::width(label))
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width / 2));
    let not_set = s.t(Ui::NotSet);
    list(
        s.theme,
        out,
        inner,
        ListSpec {
            len: rows.len(),
            selected: row,
            focused: s.view.editor.is_none(),
            quiet: false,
            scroll: &s.view.scroll.overlay,
            wrap: false,
            edit: meeting_edit_at(s),
            empty: "",
        },
        |i| {
            let (label, value) = &rows[i];
            let label = text::fit(label, label_w);
            let pad = label_w.saturating_sub(text::width(&label)) + 2;
            let mark = format!("{label}{}", " ".repeat(pad));
            match value {
                Some(v) => ListRow::new(v.as_str().into()).mark(mark, s.theme.heading()),
                None => ListRow::new(not_set.into())
                    .style(s.theme.dim())
                    .mark(mark, s.theme.heading()),
            }
        },
        Hit::OverlayRow,
    );
}

fn item_overlay(
    s: &Screen,
    out: &mut Out,
    body: Rect,
    list_ref: ListRef,
    items: &[crate::core::session::Item],
    row: usize,
) {
    let (w, h) = overlay_size(body);
    let term = match list_ref {
        ListRef::Decisions => Term::Decisions,
        ListRef::Meeting(list) => Term::meeting_list(list),
        _ => Term::ParkingLot,
    };
    let title = format!("{} ({})", term.text(s.lang), items.len());
    let mut inner = popup(s.theme, out, body, w, h, &title);
    if list_ref == ListRef::Decisions {
        inner = previous_meeting(s, out, inner);
    }
    let edit = item_edit_at(s, &list_ref, items);
    list(
        s.theme,
        out,
        inner,
        ListSpec {
            len: items.len(),
            selected: row,
            focused: s.view.editor.is_none(),
            quiet: false,
            scroll: &s.view.scroll.overlay,
            wrap: true,
            edit,
            empty: s.t(Ui::EmptyListAdd),
        },
        |i| ListRow::new(items[i].text.as_str().into()).mark(s.t(Ui::Bullet), s.theme.dim()),
        Hit::OverlayRow,
    );
}

/// Under the decisions, what the previous meeting decided and left open (a follow-up
/// meeting), read-only, in at most half of `area`; returns the area left for the list.
fn previous_meeting(s: &Screen, out: &mut Out, area: Rect) -> Rect {
    let Some(p) = &s.session.previous else {
        return area;
    };
    let width = usize::from(area.width.saturating_sub(1));
    let mut lines: Vec<(String, bool)> = vec![];
    let bullet = s.t(Ui::Bullet);
    if !p.decisions.is_empty() {
        lines.push((Term::PreviousDecisions.text(s.lang).to_string(), true));
        lines.extend(p.decisions.iter().map(|d| (format!("{bullet}{d}"), false)));
    }
    if !p.open_actions.is_empty() {
        lines.push((Term::PreviousOpenActions.text(s.lang).to_string(), true));
        for t in &p.open_actions {
            let who: Vec<&str> = [t.who.as_str(), t.due.as_str()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            let line = if who.is_empty() {
                format!("{bullet}{}", t.what)
            } else {
                format!("{bullet}{}（{}）", t.what, who.join(s.t(Ui::ListSep)))
            };
            lines.push((line, false));
        }
    }
    if lines.is_empty() || area.height < 6 {
        return area;
    }
    let shown = (lines.len() as u16 + 1).min(area.height / 2);
    let top = area.bottom() - shown;
    put(
        out,
        area.x,
        top,
        &"─".repeat(width / text::width("─").max(1)),
        width,
        s.theme.border(),
    );
    for (i, (line, heading)) in lines.iter().take(usize::from(shown - 1)).enumerate() {
        let line = text::clean_line(line);
        let line = text::fit(&line, width);
        let style = if *heading {
            s.theme.heading()
        } else {
            s.theme.dim()
        };
        put(out, area.x, top + 1 + i as u16, &line, width, style);
    }
    Rect::new(area.x, area.y, area.width, top - area.y)
}

/// The help's lines for the contexts of the screen under it, then the editor's keys.
pub fn help_lines(s: &Screen, under: &[Ctx]) -> Vec<(String, bool)> {
    let mut contexts: Vec<Ctx> = under.to_vec();
    if !contexts.contains(&Ctx::Editor) {
        contexts.push(Ctx::Editor);
    }
    let replay = s.view.replay;
    let sections = help_where(&contexts, s.lang, |a| !(replay && a.changes_something()));
    let key_w = sections
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|l| text::width(&l.keys)))
        .max()
        .unwrap_or(0)
        .min(26);
    let mut out = vec![];
    for (ctx, lines) in sections {
        if !out.is_empty() {
            out.push((String::new(), false));
        }
        out.push((ctx.title().text(s.lang).to_string(), true));
        for l in lines {
            let pad = key_w.saturating_sub(text::width(&l.keys));
            out.push((
                format!("  {}{}  {}", l.keys, " ".repeat(pad), l.text),
                false,
            ));
        }
    }
    // What the marks mean: every ⚠ on screen is explained here.
    let marks = [
        (Ui::MarkOneSidedKey, Ui::MarkOneSided),
        (Ui::MarkActivityKey, Ui::MarkActivity),
        (Ui::MarkUnservedKey, Ui::MarkUnserved),
        (Ui::MarkOverKey, Ui::MarkOver),
    ];
    out.push((String::new(), false));
    out.push((s.t(Ui::MarksTitle).to_string(), true));
    for (key, what) in marks {
        let key = s.t(key);
        let pad = key_w.saturating_sub(text::width(key));
        out.push((format!("  {key}{}  {}", " ".repeat(pad), s.t(what)), false));
    }
    out.push((format!("  {}", s.t(Ui::MarkSelected)), false));
    out
}

fn render_help(s: &Screen, out: &mut Out, body: Rect, scroll: usize) {
    let (w, h) = overlay_size(body);
    let inner = popup(s.theme, out, body, w, h, s.t(Ui::HelpTitle));
    let under = crate::tui::state::contexts_under_help(s.view);
    let lines = help_lines(s, &under);
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let first = scroll.min(max_scroll);
    for (n, (line, heading)) in lines
        .iter()
        .skip(first)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let style = if *heading {
            s.theme.heading()
        } else {
            s.theme.plain()
        };
        let line = text::fit(line, usize::from(inner.width.saturating_sub(1)));
        put(
            out,
            inner.x + 1,
            inner.y + n as u16,
            &line,
            usize::from(inner.width),
            style,
        );
    }
}

/// What the editor's box says it edits.
pub fn editor_title(s: &Screen, target: &EditTarget) -> String {
    let party_name = |id: &crate::core::session::Id| s.session.party_name(id).to_string();
    let add = |what: &str| fill(s.t(Ui::EdAdd), &[("what", what)]);
    let edit = |what: &str| fill(s.t(Ui::EdEdit), &[("what", what)]);
    let of =
        |what: &str, party: &crate::core::session::Id| format!("{what} — {}", party_name(party));
    match target {
        EditTarget::NewItem(ListRef::Party(p, l)) => add(&of(Term::list(*l).text(s.lang), p)),
        EditTarget::NewItem(ListRef::Improvements(_)) => add(Term::Improvements.text(s.lang)),
        EditTarget::NewItem(ListRef::Decisions) => add(Term::Decisions.text(s.lang)),
        EditTarget::NewItem(ListRef::ParkingLot) => add(Term::ParkingLot.text(s.lang)),
        EditTarget::NewItem(ListRef::Meeting(list)) => add(Term::meeting_list(*list).text(s.lang)),
        EditTarget::NewParty => add(Term::Party.text(s.lang)),
        EditTarget::NewHost => add(Term::Host.text(s.lang)),
        EditTarget::NewActivity => add(Term::Activity.text(s.lang)),
        EditTarget::NewAction => add(Term::ActionItems.text(s.lang)),
        EditTarget::NewIdea => add(Term::Expansion.text(s.lang)),
        EditTarget::NewLinkedItem { party, list, .. } => {
            add(&of(Term::list(*list).text(s.lang), party))
        }
        EditTarget::Search => s.t(Ui::SearchLabel).to_string(),
        EditTarget::Proposal(id) => {
            let from = s
                .view
                .room
                .as_ref()
                .and_then(|r| r.queue.iter().find(|a| a.id == *id))
                .map(|a| party_name(&a.contribution.party))
                .unwrap_or_default();
            format!("{} — {from}", s.t(Ui::HelpAcceptEdited))
        }
        EditTarget::Start => format!("{} — {}", edit(s.t(Ui::FieldStart)), s.t(Ui::StartExample)),
        EditTarget::End => format!("{} — {}", edit(s.t(Ui::FieldEnd)), s.t(Ui::StartExample)),
        EditTarget::NextStart => format!(
            "{} — {}",
            edit(s.t(Ui::FieldNextStart)),
            s.t(Ui::StartExample)
        ),
        EditTarget::Timebox(n) => edit(&fill(
            s.t(Ui::FieldTimebox),
            &[
                ("n", &n.to_string()),
                ("step", Term::step_short(*n).text(s.lang)),
            ],
        )),
        EditTarget::Text(field) => {
            use TextField::*;
            match field {
                Title => edit(s.t(Ui::FieldTitle)),
                Venue => edit(s.t(Ui::FieldVenue)),
                Facilitator => edit(s.t(Ui::FieldFacilitator)),
                Recorder => edit(s.t(Ui::FieldRecorder)),
                NextVenue => edit(s.t(Ui::FieldNextVenue)),
                NextNote => edit(s.t(Ui::FieldNextNote)),
                Format1NextMeeting => edit(Term::NextMeeting.text(s.lang)),
                StepNotes(_) => edit(s.t(Ui::StepNotes)),
                PartyName(_) => edit(Term::Party.text(s.lang)),
                PartyKind(_) => edit(Term::Kind.text(s.lang)),
                Item(id) => match s.session.find_item(id) {
                    Some((ListRef::Party(p, l), _)) => edit(&of(Term::list(l).text(s.lang), &p)),
                    Some((ListRef::Improvements(_), _)) => edit(Term::Improvements.text(s.lang)),
                    Some((ListRef::Decisions, _)) => edit(Term::Decisions.text(s.lang)),
                    Some((ListRef::ParkingLot, _)) => edit(Term::ParkingLot.text(s.lang)),
                    Some((ListRef::Meeting(list), _)) => {
                        edit(Term::meeting_list(list).text(s.lang))
                    }
                    None => edit(""),
                },
                ActivityTitle(_) => edit(Term::Activity.text(s.lang)),
                ActivityDescription(_) => edit(Term::Description.text(s.lang)),
                Role(_, p) => edit(&of(Term::ColRole.text(s.lang), p)),
                Benefit(_, p) => edit(&of(Term::ColBenefit.text(s.lang), p)),
                EvaluationComment(_, p) => edit(&of(Term::Comment.text(s.lang), p)),
                ActionWhat(_) => edit(Term::ActionWhat.text(s.lang)),
                ActionWho(_) => edit(Term::ActionWho.text(s.lang)),
                ActionDue(_) => edit(Term::ActionDue.text(s.lang)),
                IdeaName(_) => edit(s.t(Ui::IdeaNameCol)),
                IdeaWhy(_) => edit(Term::Why.text(s.lang)),
            }
        }
    }
}

/// Draw the editor in a box over the edited thing (or in the middle when it is not on
/// screen); returns the caret's screen position for the terminal cursor.
pub fn render_editor(s: &Screen, editor: &Editor, area: Rect, out: &mut Out) -> Position {
    let anchor = out.anchor.unwrap_or(Rect::new(
        area.x + area.width / 4,
        area.y + area.height / 2,
        area.width / 2,
        1,
    ));
    let width = anchor.width.max(48).min(area.width);
    let rows = editor.rows(width.saturating_sub(2)).clamp(1, 8);
    let height = rows + 2;
    let x = anchor.x.min(area.right().saturating_sub(width));
    let y = anchor
        .y
        .saturating_sub(1)
        .max(area.y)
        .min(area.bottom().saturating_sub(height));
    let rect = Rect::new(x, y, width, height.min(area.height));
    super::widgets::clear(out, rect);
    let title = text::clean_line(&editor_title(s, &editor.target)).into_owned();
    let title = text::fit(&title, usize::from(width.saturating_sub(4))).into_owned();
    // In a table's cell, Enter goes on to the next cell.
    let flows = editor.target.in_table();
    let hint = s.t(if flows { Ui::EdHintFlow } else { Ui::EdHint });
    let hint = text::fit(hint, usize::from(width.saturating_sub(4))).into_owned();
    let block = Block::bordered()
        .border_style(s.theme.border_focused())
        .title(Line::from(Span::styled(
            format!(" {title} "),
            s.theme.border_focused(),
        )))
        .title_bottom(Line::from(Span::styled(format!(" {hint} "), s.theme.dim())));
    let inner = block.inner(rect);
    block.render(rect, out.buf);
    editor.render(inner, out.buf)
}
