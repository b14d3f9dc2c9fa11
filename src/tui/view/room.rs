//! The room view (`sori present`): what twenty people read on the projector while the
//! facilitator works on the console. Nothing of the console — no focus, hints, editors or
//! key names: at the top the step and the question it asks (the step's number and the timer in
//! block letters when the window is big enough; Japanese titles stay in ordinary type, which a
//! block font cannot draw), then what the step is about, as wide and as tall as the window,
//! and at the bottom the five steps with the current one marked.
//!
//! - Steps 1–2: the host's purposes, challenges and strengths; each partner's card.
//! - Step 3: the 相利評価表 of the activity being discussed, full width, and its ⚠ checks in
//!   words.
//! - Step 4: each party's evaluation of it, and the improvements.
//! - Step 5: the expansion ideas, the action items, the decisions.
//!
//! The body is a column of bands (a row of cards, a row of a table, a warning) laid out for
//! the width, and cut into pages where one band ends and the next begins; only the bands of
//! the page shown are drawn. The page is the one with the party being talked about (the
//! console's selection), unless the room turned the pages itself.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

use super::evaluation_table::{kinds_tag, linked, warning_texts};
use super::step_bar::{clock, step_labels};
use super::widgets::{Col, pane, popup, put, rule, size_columns, widest_line};
use super::{MIN_HEIGHT, MIN_WIDTH, Out, Theme};
use crate::core::checks::{is_one_sided, served_purposes_of};
use crate::core::session::{Achieved, Activity, Id, Item, Lang, Party, PartyList, STEPS, Session};
use crate::core::stamp::Stamp;
use crate::i18n::terms::party_kind;
use crate::i18n::ui::{Ui, achieved_mark, coop_short};
use crate::i18n::{Term, fill};
use crate::text;
use crate::tui::keymap::{Ctx, help};

/// What the room view shows.
pub struct Room<'a> {
    pub session: &'a Session,
    pub lang: Lang,
    pub theme: Theme,
    /// The time the timer counts to.
    pub clock: Stamp,
    /// The step shown: the console's, else the session's.
    pub step: u8,
    /// The activity being discussed (an index into the session's activities).
    pub activity: Option<usize>,
    /// The party being talked about: its card, its row.
    pub party: Option<&'a Id>,
    /// The page asked for (the room turned the pages); `None`: the page of the party being
    /// talked about.
    pub page: Option<usize>,
    /// The keys, over the view.
    pub help: bool,
    /// Said at the bottom instead of the meeting's title (a session that does not read).
    pub notice: Option<&'a str>,
    /// The parties' codes for their phones, instead of the step's content (the console shows
    /// them on the projector: `c` in its phones overlay).
    pub codes: Option<&'a [(Id, String)]>,
}

impl Room<'_> {
    fn t(&self, ui: Ui) -> &'static str {
        ui.text(self.lang)
    }
}

/// What a drawn room view says about its pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoomDrawn {
    /// The page shown (from 0).
    pub page: usize,
    pub pages: usize,
}

/// Block letters for the step's number and the timer: how big, for a window this size.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Big {
    None,
    /// A letter 8 cells wide and 4 high.
    Half,
    /// A letter 8 cells wide and 8 high.
    Full,
}

impl Big {
    fn for_area(area: Rect) -> Big {
        if area.width >= 200 && area.height >= 60 {
            Big::Full
        } else if area.width >= 100 && area.height >= 30 {
            Big::Half
        } else {
            Big::None
        }
    }

    fn rows(self) -> u16 {
        match self {
            Big::None => 0,
            Big::Half => 4,
            Big::Full => 8,
        }
    }

    /// Cells `text` takes in block letters (8 a letter).
    fn width(self, text: &str) -> u16 {
        text.chars().count() as u16 * 8
    }

    fn pixel(self) -> PixelSize {
        match self {
            Big::Full => PixelSize::Full,
            _ => PixelSize::HalfHeight,
        }
    }
}

/// Draw the room view; says which page it shows of how many.
pub fn draw(r: &Room, area: Rect, buf: &mut Buffer) -> RoomDrawn {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(r, area, buf);
        return RoomDrawn::default();
    }
    let big = Big::for_area(area);
    let header_rows = match big {
        Big::None => 1 + prompt_lines(r, area.width).len().min(2) as u16,
        _ => big.rows() + 1,
    };
    let [header, line, body, footer] = Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut out = Out {
        buf,
        hits: vec![],
        anchor: None,
    };
    match big {
        Big::None => compact_header(r, header, &mut out),
        _ => big_header(r, header, big, &mut out),
    }
    rule(r.theme, &mut out, line.x, line.y, line.width);
    // A margin on either side: a projected edge is often cut or blurred.
    let body = Rect::new(
        body.x + 1,
        body.y,
        body.width.saturating_sub(2),
        body.height,
    );
    let drawn = match r.codes {
        Some(codes) => {
            super::room_codes::draw(r.session, codes, (r.lang, r.theme), r.page, body, &mut out)
        }
        None => draw_pages(r, &bands(r, body.width), body, &mut out),
    };
    draw_footer(r, footer, drawn, &mut out);
    if r.help {
        draw_help(r, area, &mut out);
    }
    drawn
}

fn too_small(r: &Room, area: Rect, buf: &mut Buffer) {
    let message = fill(
        r.t(Ui::TooSmall),
        &[
            ("w", &area.width.to_string()),
            ("h", &area.height.to_string()),
            ("min_w", &MIN_WIDTH.to_string()),
            ("min_h", &MIN_HEIGHT.to_string()),
        ],
    );
    let lines = text::wrap(&message, usize::from(area.width.max(1)));
    for (i, line) in lines.iter().enumerate().take(usize::from(area.height)) {
        buf.set_stringn(
            area.x,
            area.y + i as u16,
            line,
            usize::from(area.width),
            r.theme.warn(),
        );
    }
}

// ----- The top: the step, its question, the timer -----

/// The step's question, wrapped to `width`.
fn prompt_lines(r: &Room, width: u16) -> Vec<String> {
    let prompt = Term::prompt(r.step).text(r.lang);
    text::wrap(prompt, usize::from(width.saturating_sub(2)))
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The step's timer as the room reads it.
struct Timer {
    /// The time spent: `12:34`.
    spent: String,
    /// Running, paused, or `! over time`.
    word: String,
    /// The time planned, if any: `40:00`.
    timebox: Option<String>,
    style: Style,
}

impl Timer {
    /// Its words under the block letters: `running · planned 40:00`.
    fn words(&self, r: &Room) -> String {
        match &self.timebox {
            Some(timebox) => fill(
                r.t(Ui::RoomTimebox),
                &[("word", &self.word), ("timebox", timebox)],
            ),
            None => self.word.clone(),
        }
    }

    /// On one line, as on the console: `running 12:34/40:00`.
    fn line(&self) -> String {
        match &self.timebox {
            Some(timebox) => format!("{} {}/{timebox}", self.word, self.spent),
            None => format!("{} {}", self.word, self.spent),
        }
    }
}

/// The timer, when the step has one (it ran, or a time is planned).
fn timer(r: &Room) -> Option<Timer> {
    let st = r.session.meta.steps.get(usize::from(r.step) - 1)?;
    let spent = st.spent_at(&r.clock);
    let timebox = u64::from(st.timebox_min) * 60;
    if spent == 0 && timebox == 0 && st.running_since.is_none() {
        return None;
    }
    let over = timebox > 0 && spent > timebox;
    let (word, style) = if over {
        (format!("! {}", r.t(Ui::TimerOver)), r.theme.warn())
    } else if st.running_since.is_some() {
        (r.t(Ui::TimerRunning).to_string(), r.theme.ok())
    } else {
        (r.t(Ui::TimerPaused).to_string(), r.theme.plain())
    };
    Some(Timer {
        spent: clock(spent),
        word,
        timebox: (timebox > 0).then(|| clock(timebox)),
        style,
    })
}

/// One line: the step (marked), its title, and the timer on the right; the question under it.
fn compact_header(r: &Room, area: Rect, out: &mut Out) {
    let th = r.theme;
    let step = format!(" ▶{} {} ", r.step, Term::step(r.step).text(r.lang));
    let mut x = area.x;
    x += put(
        out,
        x,
        area.y,
        &step,
        usize::from(area.width),
        th.current_step(),
    );
    if let Some(timer) = timer(r) {
        let line = timer.line();
        let w = text::width(&line) as u16;
        if x + w + 2 <= area.right() {
            put(
                out,
                area.right() - w,
                area.y,
                &line,
                usize::from(w),
                timer.style.patch(th.bold()),
            );
        }
    }
    let lines = prompt_lines(r, area.width);
    let rows = usize::from(area.height.saturating_sub(1));
    for (i, line) in lines.iter().take(rows).enumerate() {
        let line = if i + 1 == rows && lines.len() > rows {
            text::fit(&format!("{line}…"), usize::from(area.width)).into_owned()
        } else {
            line.clone()
        };
        put(
            out,
            area.x + 1,
            area.y + 1 + i as u16,
            &line,
            usize::from(area.width),
            th.bold(),
        );
    }
}

/// Block letters: the step's number (in English with its short name, when there is room) on
/// the left, the timer on the right; between them the step's title and question in ordinary
/// type, which Japanese needs; under the timer its words.
fn big_header(r: &Room, area: Rect, big: Big, out: &mut Out) {
    let th = r.theme;
    let timer = timer(r);
    let timer_w = timer.as_ref().map_or(0, |t| big.width(&t.spent));
    let short = format!("{} {}", r.step, Term::step_short(r.step).text(r.lang));
    let number =
        if r.lang == Lang::En && short.is_ascii() && big.width(&short) + timer_w + 40 <= area.width
        {
            short
        } else {
            r.step.to_string()
        };
    let number_w = big.width(&number);
    let glyphs = Rect::new(area.x + 1, area.y, number_w, big.rows());
    BigText::builder()
        .pixel_size(big.pixel())
        .style(th.heading())
        .lines(vec![Line::from(number)])
        .build()
        .render(glyphs, out.buf);
    let mut right = area.right();
    if let Some(timer) = &timer {
        let x = area.right().saturating_sub(timer_w + 1);
        BigText::builder()
            .pixel_size(big.pixel())
            .style(timer.style)
            .lines(vec![Line::from(timer.spent.as_str())])
            .build()
            .render(Rect::new(x, area.y, timer_w, big.rows()), out.buf);
        let words = timer.words(r);
        let w = (text::width(&words) as u16).min(timer_w.max(20));
        put(
            out,
            (x + timer_w).saturating_sub(w),
            area.y + big.rows(),
            &words,
            usize::from(w),
            timer.style.patch(th.bold()),
        );
        right = x.saturating_sub(3);
    }
    let left = glyphs.right() + 3;
    let width = right.saturating_sub(left);
    if width < 8 {
        return;
    }
    let title = Term::step(r.step).text(r.lang);
    let mut lines: Vec<(String, Style)> = text::wrap(title, usize::from(width))
        .into_iter()
        .map(|l| (l.to_string(), th.title().patch(th.heading())))
        .collect();
    lines.extend(
        prompt_lines(r, width + 2)
            .into_iter()
            .map(|l| (l, th.bold())),
    );
    for (i, (line, style)) in lines.iter().take(usize::from(area.height)).enumerate() {
        put(
            out,
            left,
            area.y + i as u16,
            line,
            usize::from(width),
            *style,
        );
    }
}

// ----- The bottom: the title, the five steps, the page -----

fn draw_footer(r: &Room, area: Rect, drawn: RoomDrawn, out: &mut Out) {
    let th = r.theme;
    let labels: Vec<(String, bool)> = step_labels(r.lang, r.step)
        .into_iter()
        .zip(1..=STEPS)
        .map(|(label, n)| (label, n == r.step))
        .collect();
    let steps_w: u16 = labels.iter().map(|(l, _)| text::width(l) as u16).sum();
    let page = (drawn.pages > 1).then(|| {
        fill(
            r.t(Ui::RoomPage),
            &[
                ("i", &(drawn.page + 1).to_string()),
                ("n", &drawn.pages.to_string()),
            ],
        )
    });
    let page_w = page.as_ref().map_or(0, |p| text::width(p) as u16 + 1);
    // The steps in the middle when there is room, else right after the title.
    let room_left = area.width.saturating_sub(steps_w + page_w + 2);
    let (said, style) = match r.notice {
        Some(notice) => (text::clean_line(notice), th.warn()),
        None => (text::clean_line(&r.session.meta.title), th.bold()),
    };
    let said = text::fit(&said, usize::from(room_left));
    put(
        out,
        area.x + 1,
        area.y,
        &said,
        usize::from(room_left),
        style,
    );
    let mut x = (area.x + area.width.saturating_sub(steps_w) / 2)
        .max(area.x + 2 + text::width(&said) as u16);
    for (label, current) in &labels {
        let style = if *current {
            th.current_step()
        } else {
            th.plain()
        };
        let max = usize::from(area.right().saturating_sub(x + page_w));
        x += put(out, x, area.y, label, max, style);
    }
    if let Some(page) = page {
        let w = text::width(&page) as u16;
        put(
            out,
            area.right().saturating_sub(w + 1),
            area.y,
            &page,
            usize::from(w),
            th.bold(),
        );
    }
}

/// The room view's keys, in a box.
fn draw_help(r: &Room, area: Rect, out: &mut Out) {
    let sections = help(&[Ctx::Room, Ctx::Global], r.lang);
    let lines: Vec<(String, &str)> = sections
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|l| (l.keys.clone(), l.text)))
        .collect();
    let keys_w = lines.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0);
    let text_w = lines.iter().map(|(_, t)| text::width(t)).max().unwrap_or(0);
    let w = (keys_w + text_w + 8) as u16;
    let h = lines.len() as u16 + 2;
    let inner = popup(r.theme, out, area, w, h, r.t(Ui::RoomHelpTitle));
    for (i, (keys, what)) in lines.iter().enumerate().take(usize::from(inner.height)) {
        let y = inner.y + i as u16;
        put(out, inner.x + 1, y, keys, keys_w, r.theme.heading());
        let x = inner.x + 3 + keys_w as u16;
        put(
            out,
            x,
            y,
            what,
            usize::from(inner.right().saturating_sub(x)),
            r.theme.plain(),
        );
    }
}

// ----- The body: bands, cut into pages -----

/// How a band draws itself, in a rectangle of its height.
type DrawBand<'b> = Box<dyn Fn(&mut Out, Rect) + 'b>;

/// A horizontal slice of the body, drawn in a rectangle of its own height.
struct Band<'b> {
    height: u16,
    /// The party this band is about: the page follows it.
    about: Option<Id>,
    draw: DrawBand<'b>,
}

impl<'b> Band<'b> {
    fn new(height: u16, draw: impl Fn(&mut Out, Rect) + 'b) -> Band<'b> {
        Band {
            height,
            about: None,
            draw: Box::new(draw),
        }
    }

    fn about(mut self, party: &Id) -> Band<'b> {
        self.about = Some(party.clone());
        self
    }

    /// An empty row.
    fn gap() -> Band<'b> {
        Band::new(1, |_, _| {})
    }
}

/// Where each page starts (rows from the top of the bands): a page ends before the first band
/// that does not fit whole on it, unless that band is taller than a page.
/// Where each band starts, counted in rows from the top of the first.
fn band_tops(heights: &[u16]) -> Vec<u32> {
    heights
        .iter()
        .scan(0u32, |y, h| {
            let top = *y;
            *y += u32::from(*h);
            Some(top)
        })
        .collect()
}

fn page_starts(heights: &[u16], tops: &[u32], page: u16) -> Vec<u32> {
    let page = u32::from(page.max(1));
    let total: u32 = heights.iter().map(|h| u32::from(*h)).sum();
    let mut starts = vec![0];
    let mut start = 0;
    while start + page < total {
        let limit = start + page;
        let next = tops
            .iter()
            .zip(heights)
            .find(|(top, h)| **top + u32::from(**h) > limit)
            .map_or(limit, |(top, _)| if *top > start { *top } else { limit });
        starts.push(next);
        start = next;
    }
    starts
}

fn draw_pages(r: &Room, bands: &[Band], area: Rect, out: &mut Out) -> RoomDrawn {
    let heights: Vec<u16> = bands.iter().map(|b| b.height).collect();
    let tops = band_tops(&heights);
    let starts = page_starts(&heights, &tops, area.height);
    let followed = r.party.and_then(|p| {
        let top = bands
            .iter()
            .zip(&tops)
            .find(|(b, _)| b.about.as_ref() == Some(p))
            .map(|(_, top)| *top)?;
        starts.iter().rposition(|s| *s <= top)
    });
    let page = r
        .page
        .or(followed)
        .unwrap_or(0)
        .min(starts.len().saturating_sub(1));
    let start = starts[page];
    let end = start + u32::from(area.height);
    for (band, top) in bands.iter().zip(&tops) {
        let bottom = top + u32::from(band.height);
        if bottom <= start || *top >= end || band.height == 0 {
            continue;
        }
        // Drawn whole in a buffer of its own, then the rows on this page copied.
        let mut own = Buffer::empty(Rect::new(0, 0, area.width, band.height));
        let mut band_out = Out {
            buf: &mut own,
            hits: vec![],
            anchor: None,
        };
        (band.draw)(&mut band_out, Rect::new(0, 0, area.width, band.height));
        for row in (*top).max(start)..bottom.min(end) {
            let y = area.y + (row - start) as u16;
            let from = (row - top) as u16;
            for x in 0..area.width {
                out.buf[(area.x + x, y)] = own[(x, from)].clone();
            }
        }
    }
    RoomDrawn {
        page,
        pages: starts.len(),
    }
}

/// A line of text: pieces with their styles, indented.
#[derive(Clone, Default)]
struct Text {
    indent: u16,
    spans: Vec<(String, Style)>,
}

impl Text {
    fn new(s: impl Into<String>, style: Style) -> Text {
        Text {
            indent: 0,
            spans: vec![(s.into(), style)],
        }
    }

    fn draw(&self, out: &mut Out, x: u16, y: u16, width: u16) {
        let mut at = x + self.indent;
        for (s, style) in &self.spans {
            let max = usize::from((x + width).saturating_sub(at));
            at += put(out, at, y, s, max, *style);
        }
    }
}

/// A text wrapped to `width`, every line in `style`.
fn wrapped(s: &str, width: u16, style: Style) -> Vec<Text> {
    let clean = text::clean(s);
    text::wrap(&clean, usize::from(width.max(1)))
        .into_iter()
        .map(|l| Text::new(l, style))
        .collect()
}

/// An item of a list: its mark (`・`, `⚠`) then its text, wrapped under itself.
fn item(mark: (&str, Style), s: &str, width: u16, style: Style) -> Vec<Text> {
    let mark_w = text::width(mark.0) as u16;
    let mut lines = wrapped(s, width.saturating_sub(mark_w), style);
    for (i, line) in lines.iter_mut().enumerate() {
        line.indent = mark_w;
        if i == 0 {
            line.indent = 0;
            line.spans.insert(0, (mark.0.to_string(), mark.1));
        }
    }
    lines
}

/// Lines as a band of their own height.
fn lines_band<'b>(lines: Vec<Text>) -> Band<'b> {
    let height = lines.len() as u16;
    Band::new(height, move |out, area| {
        for (i, line) in lines.iter().enumerate() {
            line.draw(out, area.x, area.y + i as u16, area.width);
        }
    })
}

/// The bands of the step shown, for a body `width` cells wide.
fn bands<'b>(r: &'b Room, width: u16) -> Vec<Band<'b>> {
    match r.step {
        1 => host_bands(r, width),
        2 => partner_bands(r, width),
        3 => about_activity(r, width, |a| table_of_activity(r, a, width)),
        4 => about_activity(r, width, |a| evaluation_of_activity(r, a, width)),
        _ => expansion_bands(r, width),
    }
}

// ----- Steps 1–2: the parties and what they want -----

/// A party's name as the room reads it: with (host), its kind, and `↻ 前回から` when it was
/// carried over from the previous meeting.
fn party_title(r: &Room, p: &Party) -> String {
    let mut title = text::clean_line(&p.name).into_owned();
    if r.session.meta.host.as_ref() == Some(&p.id) {
        title.push_str(r.t(Ui::HostSuffix));
    }
    if !p.kind.is_empty() {
        title.push_str(" · ");
        title.push_str(&party_kind(&p.kind, r.lang));
    }
    if r.session.is_carried(&p.id) {
        title.push_str(" · ");
        title.push_str(r.t(Ui::CarriedNote));
    }
    title
}

/// Whether any purpose is marked as served by no activity (there are activities to serve it).
fn marks_unserved(r: &Room) -> bool {
    !r.session.activities.is_empty()
}

/// A party's list as lines: the heading, then its items (a purpose no activity serves marked
/// `⚠`, one carried over from the previous meeting `↻`, as on the console); nothing when the
/// list is empty and `skip_empty`.
fn list_lines(r: &Room, p: &Party, list: PartyList, width: u16, skip_empty: bool) -> Vec<Text> {
    let th = r.theme;
    let items = p.list(list);
    if items.is_empty() && skip_empty {
        return vec![];
    }
    let mut lines = vec![Text::new(Term::list(list).text(r.lang), th.heading())];
    if items.is_empty() {
        lines.push(Text::new("—", th.plain()));
    }
    let served = (list == PartyList::Purposes && marks_unserved(r))
        .then(|| served_purposes_of(r.session, &p.id));
    let carried = format!("{} ", r.t(Ui::CarriedMark));
    for it in items {
        let unserved = served
            .as_ref()
            .is_some_and(|served| !served.contains(&&it.id));
        let mark = if unserved {
            (r.t(Ui::WarnMark), th.warn())
        } else if r.session.is_carried(&it.id) {
            (carried.as_str(), th.plain())
        } else {
            (r.t(Ui::Bullet), th.plain())
        };
        lines.extend(item(mark, &it.text, width, th.plain()));
    }
    lines
}

/// Whether a party has a purpose no activity serves (for the legend).
fn has_unserved(r: &Room, p: &Party) -> bool {
    marks_unserved(r) && {
        let served = served_purposes_of(r.session, &p.id);
        p.purposes.iter().any(|it| !served.contains(&&it.id))
    }
}

fn legend<'b>(r: &Room, width: u16) -> Vec<Band<'b>> {
    vec![
        Band::gap(),
        lines_band(wrapped(r.t(Ui::RoomUnservedLegend), width, r.theme.warn())),
    ]
}

/// Step 1: the host, and what it wants, has trouble with and brings; who else is in the room.
fn host_bands<'b>(r: &'b Room, width: u16) -> Vec<Band<'b>> {
    let th = r.theme;
    let s = r.session;
    let Some(host) = s.host().or(s.parties.first()) else {
        return vec![lines_band(vec![Text::new(r.t(Ui::RoomNoHost), th.plain())])];
    };
    let mut bands = vec![
        lines_band(wrapped(&party_title(r, host), width, th.title())),
        Band::gap(),
    ];
    let lists = [
        PartyList::Purposes,
        PartyList::Challenges,
        PartyList::Strengths,
    ];
    if width >= 100 {
        // Side by side: three columns as tall as the longest.
        let col_w = (width - 4) / 3;
        let columns: Vec<Vec<Text>> = lists
            .iter()
            .map(|l| list_lines(r, host, *l, col_w, false))
            .collect();
        let height = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
        bands.push(
            Band::new(height, move |out, area| {
                for (c, lines) in columns.iter().enumerate() {
                    let x = area.x + c as u16 * (col_w + 2);
                    for (i, line) in lines.iter().enumerate() {
                        line.draw(out, x, area.y + i as u16, col_w);
                    }
                }
            })
            .about(&host.id),
        );
    } else {
        for l in lists {
            let lines = list_lines(r, host, l, width, false);
            let mut lines = lines.into_iter();
            // The heading with the first item, the other items a band each: a page never
            // ends under a heading.
            let head: Vec<Text> = lines.by_ref().take(2).collect();
            bands.push(lines_band(head));
            bands.extend(lines.map(|line| lines_band(vec![line])));
            bands.push(Band::gap());
        }
    }
    let others: Vec<String> = s
        .parties
        .iter()
        .filter(|p| p.id != host.id)
        .map(|p| text::clean_line(&p.name).into_owned())
        .collect();
    if !others.is_empty() {
        bands.push(Band::gap());
        let label = fill(
            r.t(Ui::RoomOtherParties),
            &[("n", &others.len().to_string())],
        );
        let line = format!("{label}{}", others.join(r.t(Ui::ListSep)));
        bands.push(lines_band(wrapped(&line, width, th.plain())));
    }
    if has_unserved(r, host) {
        bands.extend(legend(r, width));
    }
    bands
}

/// Step 2: a card for each partner, in rows as wide as the window allows; the partner being
/// talked about has its card marked (`[name]`, a bold border).
fn partner_bands<'b>(r: &'b Room, width: u16) -> Vec<Band<'b>> {
    let th = r.theme;
    let partners: Vec<&Party> = r.session.partners().collect();
    if partners.is_empty() {
        return vec![lines_band(vec![Text::new(
            r.t(Ui::RoomNoPartners),
            th.plain(),
        )])];
    }
    let cols = usize::from((width / 40).clamp(1, 4)).min(partners.len());
    let card_w = (width - (cols as u16 - 1)) / cols as u16;
    let inner_w = card_w.saturating_sub(4);
    let mut bands = vec![];
    for row in partners.chunks(cols) {
        let cards: Vec<(&Party, Vec<Text>)> = row
            .iter()
            .map(|p| {
                let mut lines = vec![];
                for l in [
                    PartyList::Purposes,
                    PartyList::Challenges,
                    PartyList::Strengths,
                ] {
                    lines.extend(list_lines(r, p, l, inner_w, l != PartyList::Purposes));
                }
                (*p, lines)
            })
            .collect();
        let height = cards.iter().map(|(_, l)| l.len()).max().unwrap_or(0) as u16 + 2;
        let talked_about = row.iter().find(|p| Some(&p.id) == r.party).map(|p| &p.id);
        let mut band = Band::new(height, move |out, area| {
            for (c, (p, lines)) in cards.iter().enumerate() {
                let x = area.x + c as u16 * (card_w + 1);
                let rect = Rect::new(x, area.y, card_w, area.height);
                let focused = Some(&p.id) == r.party;
                let inner = pane(th, out, rect, &party_title(r, p), focused);
                for (i, line) in lines.iter().enumerate() {
                    line.draw(out, inner.x + 1, inner.y + i as u16, inner.width - 1);
                }
            }
        });
        if let Some(id) = talked_about {
            band = band.about(id);
        }
        bands.push(band);
    }
    if partners.iter().any(|p| has_unserved(r, p)) {
        bands.extend(legend(r, width));
    }
    bands
}

// ----- Steps 3–5: the activity's tables -----

/// A cell of a room view's table: its text and style.
type Cell = (String, Style);

/// A table of the room view: its columns, and rows of cells, each row maybe about a party.
struct Table<'a> {
    cols: Vec<Col<'a>>,
    rows: Vec<(Option<Id>, Vec<Cell>)>,
}

/// A table as bands: its header, then a band per row (its cells wrapped whole), the row
/// about the party being talked about marked `▶`.
fn table_bands<'b>(r: &'b Room, width: u16, table: Table<'b>, empty: &'b str) -> Vec<Band<'b>> {
    let th = r.theme;
    if table.rows.is_empty() {
        return vec![lines_band(vec![Text::new(empty, th.plain())])];
    }
    let n = table.cols.len() as u16;
    let avail = width.saturating_sub(2 + n.saturating_sub(1));
    let widths = size_columns(&table.cols, avail, |c| {
        table
            .rows
            .iter()
            .map(|(_, cells)| widest_line(&text::clean(&cells[c].0)))
            .max()
            .unwrap_or(0)
    });
    let xs: Vec<u16> = widths
        .iter()
        .scan(2u16, |x, w| {
            let at = *x;
            *x += w + 1;
            Some(at)
        })
        .collect();
    let titles: Vec<String> = table
        .cols
        .iter()
        .zip(&widths)
        .map(|(c, w)| text::fit(c.title, usize::from(*w)).into_owned())
        .collect();
    let (hx, hw) = (xs.clone(), widths.clone());
    let mut bands = vec![Band::new(2, move |out, area| {
        for (i, t) in titles.iter().enumerate() {
            put(
                out,
                area.x + hx[i],
                area.y,
                t,
                usize::from(hw[i]),
                th.heading(),
            );
        }
        rule(th, out, area.x, area.y + 1, area.width);
    })];
    for (about, cells) in table.rows {
        let lines: Vec<(Vec<String>, Style)> = cells
            .iter()
            .zip(&widths)
            .map(|((s, style), w)| {
                let clean = text::clean(s);
                let lines = text::wrap(&clean, usize::from(*w))
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                (lines, *style)
            })
            .collect();
        let height = lines.iter().map(|(l, _)| l.len()).max().unwrap_or(1) as u16 + 1;
        let (xs, widths) = (xs.clone(), widths.clone());
        let marked = about.is_some() && about.as_ref() == r.party;
        let mut band = Band::new(height, move |out, area| {
            if marked {
                put(out, area.x, area.y, "▶", 1, th.bold());
            }
            for (c, (cell, style)) in lines.iter().enumerate() {
                let style = if marked {
                    style.patch(th.bold())
                } else {
                    *style
                };
                for (i, line) in cell.iter().enumerate() {
                    put(
                        out,
                        area.x + xs[c],
                        area.y + i as u16,
                        line,
                        usize::from(widths[c]),
                        style,
                    );
                }
                if c + 1 < lines.len() {
                    for i in 0..area.height - 1 {
                        put(
                            out,
                            area.x + xs[c] + widths[c],
                            area.y + i,
                            "│",
                            1,
                            th.border(),
                        );
                    }
                }
            }
            rule(th, out, area.x, area.bottom() - 1, area.width);
        });
        if let Some(id) = &about {
            band = band.about(id);
        }
        bands.push(band);
    }
    bands
}

/// The activity being discussed, and where it is among the activities.
fn discussed<'a>(r: &Room<'a>) -> Option<&'a Activity> {
    let acts = &r.session.activities;
    (!acts.is_empty()).then(|| &acts[r.activity.unwrap_or(0).min(acts.len() - 1)])
}

/// The activity's title, what kind of cooperation it is, its status, its lead; its place
/// among the activities; its description.
fn activity_heading<'b>(r: &Room, a: &Activity, width: u16) -> Vec<Band<'b>> {
    let th = r.theme;
    let s = r.session;
    let index = s.activities.iter().position(|x| x.id == a.id).unwrap_or(0);
    let mut details = vec![
        coop_short(a.coop).text(r.lang).to_string(),
        Term::status(a.status).text(r.lang).to_string(),
    ];
    if let Some(lead) = &a.lead {
        details.push(format!(
            "{}: {}",
            Term::Lead.text(r.lang),
            text::clean_line(s.party_name(lead))
        ));
    }
    if a.votes > 0 {
        details.push(fill(r.t(Ui::VotesShort), &[("n", &a.votes.to_string())]));
    }
    if s.is_carried(&a.id) {
        details.push(r.t(Ui::CarriedNote).to_string());
    }
    if s.activities.len() > 1 {
        details.push(fill(
            r.t(Ui::RoomActivityOf),
            &[
                ("i", &(index + 1).to_string()),
                ("n", &s.activities.len().to_string()),
            ],
        ));
    }
    let mut lines = wrapped(&a.title, width, th.title().patch(th.heading()));
    lines.extend(wrapped(&details.join(" · "), width, th.plain()));
    let mut bands = vec![lines_band(lines)];
    if !a.description.trim().is_empty() {
        bands.push(lines_band(wrapped(a.description.trim(), width, th.plain())));
    }
    bands.push(Band::gap());
    bands
}

/// The ⚠ checks of an activity, in words (as the console's table says them).
fn warnings<'b>(r: &Room, a: &Activity, width: u16) -> Vec<Band<'b>> {
    let th = r.theme;
    let said = warning_texts(r.session, r.lang, a);
    if said.is_empty() {
        return vec![];
    }
    let mark = r.t(Ui::WarnMark);
    let mut bands = vec![Band::gap()];
    bands.extend(said.iter().map(|w| {
        let w = w.strip_prefix(mark).unwrap_or(w);
        lines_band(item((mark, th.warn()), w, width, th.warn()))
    }));
    bands
}

/// The bands of a step about the activity being discussed: its heading, then `rest`'s; or
/// that there is none yet.
fn about_activity<'b>(
    r: &'b Room,
    width: u16,
    rest: impl FnOnce(&'b Activity) -> Vec<Band<'b>>,
) -> Vec<Band<'b>> {
    let Some(a) = discussed(r) else {
        return vec![lines_band(vec![Text::new(
            r.t(Ui::RoomNoActivity),
            r.theme.plain(),
        )])];
    };
    let mut bands = activity_heading(r, a, width);
    bands.extend(rest(a));
    bands
}

/// From this width on, the room's 相利評価表 has its 活動 column too.
const WIDE_TABLE: u16 = 120;

/// Step 3: the 相利評価表 of the activity being discussed, full width, the host's row first:
/// 関係者 | 課題 | 目的 | (活動 |) 役割 | 相利 (its kinds under it), then its checks.
fn table_of_activity<'b>(r: &'b Room, a: &'b Activity, width: u16) -> Vec<Band<'b>> {
    let th = r.theme;
    let s = r.session;
    let mut bands = vec![];
    let col = |term: Term, weight| Col {
        title: term.text(r.lang),
        weight,
    };
    let none = || ("—".to_string(), th.plain());
    let or_none = |t: String| {
        if t.trim().is_empty() {
            none()
        } else {
            (t, th.plain())
        }
    };
    // The 活動 column, as the method's table has it, where the width allows: the activity on
    // the first row, 〃 under it.
    let with_activity = width >= WIDE_TABLE;
    let rows = s
        .table_rows(a)
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let party = s.party(&part.party);
            let mut name = s.party_name(&part.party).to_string();
            if a.lead.as_ref() == Some(&part.party) {
                name.push_str(r.t(Ui::LeadSuffix));
            }
            let benefit = if is_one_sided(part) {
                (
                    format!("{}{}", r.t(Ui::WarnMark), r.t(Ui::NoBenefit)),
                    th.warn(),
                )
            } else if part.benefit_kinds.is_empty() {
                or_none(part.benefit.clone())
            } else {
                let tag = kinds_tag(r.lang, &part.benefit_kinds);
                (format!("{}\n{tag}", part.benefit.trim()), th.plain())
            };
            let mut cells = vec![
                (name, th.bold()),
                or_none(party.map_or(String::new(), |p| {
                    linked(r.t(Ui::Bullet), &part.challenges, &p.challenges)
                })),
                or_none(party.map_or(String::new(), |p| {
                    linked(r.t(Ui::Bullet), &part.purposes, &p.purposes)
                })),
                or_none(part.role.clone()),
                benefit,
            ];
            if with_activity {
                let activity = if i == 0 {
                    a.title.clone()
                } else {
                    r.t(Ui::Ditto).to_string()
                };
                cells.insert(3, (activity, th.plain()));
            }
            (Some(part.party.clone()), cells)
        })
        .collect();
    let mut cols = vec![
        col(Term::ColStakeholder, 4),
        col(Term::ColChallenge, 4),
        col(Term::ColPurpose, 4),
        col(Term::ColRole, 4),
        col(Term::ColBenefit, 5),
    ];
    if with_activity {
        cols.insert(3, col(Term::ColActivity, 3));
    }
    let table = Table { cols, rows };
    bands.extend(table_bands(r, width, table, r.t(Ui::RoomNoParticipants)));
    bands.extend(warnings(r, a, width));
    bands
}

/// Step 4: each party's evaluation of the activity being discussed, and the improvements.
fn evaluation_of_activity<'b>(r: &'b Room, a: &'b Activity, width: u16) -> Vec<Band<'b>> {
    let th = r.theme;
    let s = r.session;
    let mut bands = vec![];
    let rows = s
        .table_rows(a)
        .into_iter()
        .map(|part| {
            let achieved = part.evaluation.achieved;
            let achieved_style = match achieved {
                Achieved::Yes => th.ok().patch(th.bold()),
                Achieved::No => th.warn(),
                _ => th.plain(),
            };
            let text_or_none = |t: &str| {
                if t.trim().is_empty() {
                    ("—".to_string(), th.plain())
                } else {
                    (t.to_string(), th.plain())
                }
            };
            let cells = vec![
                (s.party_name(&part.party).to_string(), th.bold()),
                text_or_none(&part.benefit),
                (
                    format!(
                        "{}\u{a0}{}",
                        achieved_mark(achieved),
                        Term::achieved(achieved).text(r.lang)
                    ),
                    achieved_style,
                ),
                text_or_none(&part.evaluation.comment),
            ];
            (Some(part.party.clone()), cells)
        })
        .collect();
    let table = Table {
        cols: vec![
            Col {
                title: Term::ColStakeholder.text(r.lang),
                weight: 3,
            },
            Col {
                title: Term::ColBenefit.text(r.lang),
                weight: 4,
            },
            Col {
                title: r.t(Ui::AchievedCol),
                weight: 2,
            },
            Col {
                title: Term::Comment.text(r.lang),
                weight: 5,
            },
        ],
        rows,
    };
    bands.extend(table_bands(r, width, table, r.t(Ui::RoomNoParticipants)));
    bands.extend(item_list(
        r,
        Term::Improvements.text(r.lang),
        &a.improvements,
        width,
    ));
    bands
}

/// A list of items under its heading (with how many), an item a band; nothing when it is
/// empty.
fn item_list<'b>(r: &Room, title: &str, items: &[Item], width: u16) -> Vec<Band<'b>> {
    if items.is_empty() {
        return vec![];
    }
    let th = r.theme;
    let mut bands = vec![Band::gap(), heading(r, title, items.len())];
    bands.extend(items.iter().map(|it| {
        lines_band(item(
            (r.t(Ui::Bullet), th.plain()),
            &it.text,
            width,
            th.plain(),
        ))
    }));
    bands
}

/// A section's heading, as a band.
fn heading<'b>(r: &Room, title: &str, n: usize) -> Band<'b> {
    lines_band(vec![Text::new(
        format!("{title} ({n})"),
        r.theme.title().patch(r.theme.heading()),
    )])
}

/// Step 5: whom to invite, what to scale, the next steps; the action items; the decisions.
fn expansion_bands<'b>(r: &'b Room, width: u16) -> Vec<Band<'b>> {
    let th = r.theme;
    let s = r.session;
    let activity_title = |id: &Option<Id>| match id.as_ref().and_then(|a| s.activity(a)) {
        Some(a) => (a.title.clone(), th.plain()),
        None => ("—".to_string(), th.plain()),
    };
    let mut bands = vec![heading(r, Term::Expansion.text(r.lang), s.expansion.len())];
    let ideas = Table {
        cols: vec![
            Col {
                title: r.t(Ui::IdeaKindCol),
                weight: 2,
            },
            Col {
                title: r.t(Ui::IdeaNameCol),
                weight: 4,
            },
            Col {
                title: Term::Why.text(r.lang),
                weight: 5,
            },
            Col {
                title: Term::Activity.text(r.lang),
                weight: 3,
            },
        ],
        rows: s
            .expansion
            .iter()
            .map(|idea| {
                let cells = vec![
                    (
                        Term::idea_kind(idea.kind).text(r.lang).to_string(),
                        th.bold(),
                    ),
                    (idea.name.clone(), th.plain()),
                    (idea.why.clone(), th.plain()),
                    activity_title(&idea.activity),
                ];
                (None, cells)
            })
            .collect(),
    };
    bands.extend(table_bands(r, width, ideas, r.t(Ui::RoomNothingYet)));
    bands.push(Band::gap());
    bands.push(heading(
        r,
        Term::ActionItems.text(r.lang),
        s.action_items.len(),
    ));
    let actions = Table {
        cols: vec![
            Col {
                title: Term::ActionWhat.text(r.lang),
                weight: 6,
            },
            Col {
                title: Term::ActionWho.text(r.lang),
                weight: 3,
            },
            Col {
                title: Term::ActionDue.text(r.lang),
                weight: 2,
            },
            Col {
                title: Term::ActionDone.text(r.lang),
                weight: 1,
            },
        ],
        rows: s
            .action_items
            .iter()
            .map(|t| {
                let done = if t.done {
                    r.t(Ui::DoneYes)
                } else {
                    r.t(Ui::DoneNo)
                };
                let cells = vec![
                    (t.what.clone(), th.plain()),
                    (t.who.clone(), th.plain()),
                    (t.due.clone(), th.plain()),
                    (done.to_string(), th.plain()),
                ];
                (None, cells)
            })
            .collect(),
    };
    bands.extend(table_bands(r, width, actions, r.t(Ui::RoomNothingYet)));
    bands.extend(item_list(
        r,
        Term::Decisions.text(r.lang),
        &s.decisions,
        width,
    ));
    bands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_end_where_a_band_ends_unless_one_is_taller_than_a_page() {
        let page_starts = |heights: &[u16], page| page_starts(heights, &band_tops(heights), page);
        assert_eq!(page_starts(&[3, 3, 3], 10), [0]);
        assert_eq!(page_starts(&[4, 4, 4], 10), [0, 8]);
        // A band taller than a page is cut where the page ends.
        assert_eq!(page_starts(&[2, 25, 2], 10), [0, 2, 12, 22]);
        assert_eq!(page_starts(&[], 10), [0]);
    }
}
