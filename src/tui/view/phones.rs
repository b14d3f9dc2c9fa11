//! The room's phones (`W`): what the parties sent, waiting for the facilitator, and the code of
//! one party's page (← → for another's), with its address in text for a phone that cannot scan.

use ratatui::layout::Rect;

use super::qr::Qr;
use super::widgets::{ListRow, ListSpec, list, popup, put};
use super::{Hit, Out, Screen};
use crate::core::proposal::{Contribution, Proposal};
use crate::core::session::{Lang, Session};
use crate::i18n::ui::Ui;
use crate::i18n::{Term, fill};
use crate::room_server::Arrival;
use crate::text;

pub fn render(s: &Screen, out: &mut Out, body: Rect, (w, h): (u16, u16), row: usize, party: usize) {
    let Some(room) = &s.view.room else {
        return;
    };
    let title = if room.open {
        fill(
            s.t(Ui::PhonesTitle),
            &[("n", &room.queue.len().to_string())],
        )
    } else {
        s.t(Ui::PhonesClosedTitle).to_string()
    };
    let inner = popup(s.theme, out, body, w, h, &title);
    let party = s
        .session
        .parties
        .get(party.min(s.session.parties.len().saturating_sub(1)));
    let url = party.and_then(|p| room.url_of(&p.id));
    let code = url.and_then(Qr::new);
    // The code on the right when there is room for it beside a list, else none (its address
    // is still there in text).
    let (list_area, code_area) = match &code {
        Some(qr) if inner.width >= qr.size().0 + 30 && inner.height >= qr.size().1 => {
            let (cw, _) = qr.size();
            (
                Rect::new(inner.x, inner.y, inner.width - cw - 1, inner.height),
                Some(Rect::new(inner.right() - cw, inner.y, cw, inner.height)),
            )
        }
        _ => (inner, None),
    };
    let mut y = list_area.y;
    let width = usize::from(list_area.width);
    let line = |out: &mut Out, y: &mut u16, text: &str, style| {
        if *y < list_area.bottom() {
            let text = text::clean_line(text);
            let text = text::fit(&text, width);
            put(out, list_area.x, *y, &text, width, style);
            *y += 1;
        }
    };
    match (room.open, party, url) {
        (false, _, _) => line(out, &mut y, s.t(Ui::PhonesStopped), s.theme.warn()),
        (true, Some(p), Some(url)) => {
            line(out, &mut y, &p.name, s.theme.bold());
            // The address to type, whole (on two lines when it must).
            for part in text::wrap(super::qr::address_text(url), width.max(1)) {
                line(out, &mut y, part, s.theme.plain());
            }
            let projecting = if room.codes {
                Ui::PhonesProjecting
            } else {
                Ui::PhonesNotProjecting
            };
            line(out, &mut y, s.t(projecting), s.theme.dim());
        }
        (true, _, _) => line(out, &mut y, s.t(Ui::PhonesNoParties), s.theme.warn()),
    }
    y += 1;
    if let (Some(qr), Some(area), Some(p)) = (&code, code_area, party) {
        qr.draw(s.theme, out, area.x, area.y);
        let caption = fill(s.t(Ui::PhonesCodeOf), &[("party", &p.name)]);
        let below = area.y + qr.size().1;
        if below < area.bottom() {
            let caption = text::clean_line(&caption);
            put(
                out,
                area.x,
                below,
                &caption,
                usize::from(area.width),
                s.theme.dim(),
            );
        }
    }
    let queue_area = Rect::new(
        list_area.x,
        y.min(list_area.bottom()),
        list_area.width,
        list_area.bottom().saturating_sub(y),
    );
    let queue = &room.queue;
    list(
        s.theme,
        out,
        queue_area,
        ListSpec {
            len: queue.len(),
            selected: row,
            focused: s.view.editor.is_none(),
            quiet: false,
            scroll: &s.view.scroll.overlay,
            wrap: true,
            edit: None,
            empty: s.t(Ui::PhonesEmpty),
        },
        |i| {
            // Who and what as one text, wrapped across the list's whole width.
            let (from, what) = contribution(s, &queue[i]);
            ListRow::new(format!("{from} — {what}").into())
        },
        Hit::OverlayRow,
    );
}

/// Who sent a contribution (the party, and the person) and what it is, in words.
fn contribution(s: &Screen, a: &Arrival) -> (String, String) {
    contribution_words(s.session, s.lang, &a.contribution)
}

/// Who sent a contribution and what it is, in words: for the queue and the messages.
pub fn contribution_words(session: &Session, lang: Lang, c: &Contribution) -> (String, String) {
    let t = |ui: Ui| ui.text(lang);
    let party = session.party_name(&c.party).to_string();
    let from = match &c.name {
        Some(name) => fill(
            t(Ui::PhonesFromPerson),
            &[("party", &party), ("name", name)],
        ),
        None => fill(t(Ui::PhonesFrom), &[("party", &party)]),
    };
    let title = |id| {
        session
            .activity(id)
            .map(|a| a.title.clone())
            .unwrap_or_default()
    };
    let labelled =
        |label: String, text: &str| fill(t(Ui::PhonesWhat), &[("what", &label), ("text", text)]);
    let what = match &c.proposal {
        Proposal::Item { list, text } => labelled(Term::list(*list).text(lang).into(), text),
        Proposal::Role { activity, text } => labelled(
            fill(t(Ui::PhonesRole), &[("activity", &title(activity))]),
            text,
        ),
        Proposal::Benefit { activity, text } => labelled(
            fill(t(Ui::PhonesBenefit), &[("activity", &title(activity))]),
            text,
        ),
        Proposal::Vote { activity } => fill(t(Ui::PhonesVote), &[("activity", &title(activity))]),
    };
    (from, what)
}
