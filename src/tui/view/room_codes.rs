//! The room view's page of codes (`sori present`, while the console shows them with `c`): each
//! party's name, the code of its page and its address in text, as many as the window holds, in
//! pages (Space turns them, as the room view's other pages).

use ratatui::layout::Rect;

use super::qr::Qr;
use super::widgets::put;
use super::{Out, Theme};
use crate::core::session::{Id, Lang, Session};
use crate::i18n::ui::Ui;
use crate::text;

use super::room::RoomDrawn;

/// Columns the text beside a code takes at least when the codes are laid side by side with
/// their text (an address takes more when it can).
const TEXT_BESIDE: u16 = 28;

struct Card<'a> {
    name: String,
    url: &'a str,
    qr: Option<Qr>,
}

/// Draw the codes of `codes` (party, address) in `area`; says which page of how many.
pub fn draw(
    session: &Session,
    codes: &[(Id, String)],
    (lang, theme): (Lang, Theme),
    page: Option<usize>,
    area: Rect,
    out: &mut Out,
) -> RoomDrawn {
    let title = text::fit(Ui::RoomCodesTitle.text(lang), usize::from(area.width)).into_owned();
    put(
        out,
        area.x,
        area.y,
        &title,
        usize::from(area.width),
        theme.bold(),
    );
    let cards: Vec<Card> = codes
        .iter()
        .map(|(id, url)| Card {
            name: text::clean_line(session.party_name(id)).into_owned(),
            url: super::qr::address_text(url),
            qr: Qr::new(url),
        })
        .collect();
    let (qr_w, qr_h) = cards
        .iter()
        .filter_map(|c| c.qr.as_ref().map(Qr::size))
        .max()
        .unwrap_or((0, 0));
    let url_w = cards
        .iter()
        .map(|c| text::width(c.url) as u16)
        .max()
        .unwrap_or(0);
    let body = Rect::new(
        area.x,
        area.y + 2,
        area.width,
        area.height.saturating_sub(2),
    );
    // Stacked (the code, its name and address under it) or side by side (the text beside the
    // code): whichever shows more codes at once.
    let stacked = (qr_w.max(url_w) + 2, qr_h + 3);
    let text_w = url_w
        .max(TEXT_BESIDE)
        .min(body.width.saturating_sub(qr_w + 3));
    let beside = (qr_w + 1 + text_w + 2, qr_h + 1);
    // (The gap after the last row of cards need not fit.)
    let fits = |(w, h): (u16, u16)| {
        usize::from(body.width / w.max(1)) * usize::from((body.height + 1) / h.max(1))
    };
    let side_by_side = fits(beside) > fits(stacked);
    let (card_w, card_h) = if side_by_side { beside } else { stacked };
    let across = usize::from((body.width / card_w.max(1)).max(1));
    let per_page = fits((card_w, card_h)).max(1);
    let pages = cards.len().div_ceil(per_page).max(1);
    let page = page.unwrap_or(0).min(pages - 1);
    for (i, card) in cards
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .enumerate()
    {
        let x = body.x + (i % across) as u16 * card_w;
        let y = body.y + (i / across) as u16 * card_h;
        if let Some(qr) = &card.qr {
            qr.draw(theme, out, x, y);
        }
        let (tx, ty, tw) = if side_by_side {
            (x + qr_w + 1, y, text_w)
        } else {
            (x, y + qr_h, card_w.saturating_sub(2))
        };
        let bottom = body.bottom().min(y + card_h);
        let mut row = ty;
        let name = text::fit(&card.name, usize::from(tw)).into_owned();
        if row < bottom {
            put(out, tx, row, &name, usize::from(tw), theme.bold());
            row += 1;
        }
        for line in text::wrap(card.url, usize::from(tw.max(1))) {
            if row >= bottom {
                break;
            }
            put(out, tx, row, line, usize::from(tw), theme.plain());
            row += 1;
        }
    }
    RoomDrawn { page, pages }
}
