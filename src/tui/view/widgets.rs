//! Drawing pieces the regions share: a bordered pane, a list and a table that draw only their
//! visible rows, a popup. Text is wrapped by display width and never cut inside a wide
//! character. Session text is made safe (`text::clean`) here, where it is drawn.

use std::borrow::Cow;
use std::cell::Cell;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::{Hit, Out, Theme};
use crate::text;

/// Write one line of (clean) text at a position, at most `max` cells; returns the cells used.
/// Draws what `Buffer::set_stringn` draws; simple text (`text::is_simple`, most of what a
/// session holds) is drawn a character at a time, without the grapheme rules.
pub fn put(out: &mut Out, x: u16, y: u16, s: &str, max: usize, style: Style) -> u16 {
    if !text::is_simple(s) {
        let (end, _) = out.buf.set_stringn(x, y, s, max, style);
        return end.saturating_sub(x);
    }
    let max = u16::try_from(max).unwrap_or(u16::MAX);
    let mut remaining = out.buf.area.right().saturating_sub(x).min(max);
    let mut at = x;
    for c in s.chars() {
        let width = text::simple_char_width(c).unwrap_or(1) as u16;
        let Some(left) = remaining.checked_sub(width) else {
            break;
        };
        remaining = left;
        out.buf[(at, y)].set_char(c).set_style(style);
        // A wide character hides the cell after it.
        for hidden in at + 1..at + width {
            out.buf[(hidden, y)].reset();
        }
        at += width;
    }
    at - x
}

/// A bordered pane with a title; returns the area inside the border.
pub fn pane(th: Theme, out: &mut Out, area: Rect, title: &str, focused: bool) -> Rect {
    let style = if focused {
        th.border_focused()
    } else {
        th.border()
    };
    let max = usize::from(area.width.saturating_sub(4));
    let title = text::clean_line(title);
    let title = text::fit(&title, max);
    // The focused pane's title carries a mark too, so focus does not rest on colour.
    let title = if focused {
        format!("[{title}]")
    } else {
        format!(" {title} ")
    };
    let title_style = if focused {
        th.border_focused()
    } else {
        th.title()
    };
    let block = Block::bordered()
        .border_style(style)
        .title(Line::from(Span::styled(title, title_style)));
    let inner = block.inner(area);
    block.render(area, out.buf);
    inner
}

/// A horizontal line across `width` cells: under a table's header, between its rows.
pub fn rule(th: Theme, out: &mut Out, x: u16, y: u16, width: u16) {
    let line = "─".repeat(usize::from(width));
    put(out, x, y, &line, usize::from(width), th.border());
}

/// Clear a box over what is drawn. A wide character just left of the box would lose its
/// right half under the border (the terminal would show half a glyph): it becomes a space.
pub fn clear(out: &mut Out, area: Rect) {
    Clear.render(area, out.buf);
    if area.x > out.buf.area.x {
        for y in area.top()..area.bottom() {
            let left = &mut out.buf[(area.x - 1, y)];
            if text::width(left.symbol()) > 1 {
                left.set_symbol(" ");
            }
        }
    }
}

/// Clear a centred box and draw a bordered popup in it; returns the area inside.
pub fn popup(th: Theme, out: &mut Out, within: Rect, width: u16, height: u16, title: &str) -> Rect {
    let width = width.min(within.width);
    let height = height.min(within.height);
    let area = Rect::new(
        within.x + (within.width - width) / 2,
        within.y + (within.height - height) / 2,
        width,
        height,
    );
    clear(out, area);
    pane(th, out, area, title, true)
}

/// Text on one line (cleaned, cut to `max` cells), borrowed when nothing had to change.
fn fit_line(s: &str, max: usize) -> Cow<'_, str> {
    match text::clean_line(s) {
        Cow::Borrowed(clean) => text::fit(clean, max),
        Cow::Owned(clean) => Cow::Owned(text::fit(&clean, max).into_owned()),
    }
}

/// Where the editor is, relative to a list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EditAt {
    /// Editing this row.
    Row(usize),
    /// Adding a row at the end.
    End,
}

/// One row of a list.
pub struct ListRow<'t> {
    pub text: Cow<'t, str>,
    pub style: Style,
    /// Drawn before the text: a warning mark, a checkbox, a number.
    pub mark: Option<(Cow<'t, str>, Style)>,
    /// A second, dimmer line under the text (cut to fit).
    pub detail: Option<Cow<'t, str>>,
}

impl<'t> ListRow<'t> {
    pub fn new(text: Cow<'t, str>) -> ListRow<'t> {
        ListRow {
            text,
            style: Style::new(),
            mark: None,
            detail: None,
        }
    }

    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    pub fn detail(mut self, detail: impl Into<Cow<'t, str>>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn mark(mut self, mark: impl Into<Cow<'t, str>>, style: Style) -> Self {
        self.mark = Some((mark.into(), style));
        self
    }
}

pub struct ListSpec<'s> {
    pub len: usize,
    pub selected: usize,
    /// Show the selection (the pane has the focus).
    pub focused: bool,
    /// Without the focus, still mark the selected row, quietly (`▷`, underlined).
    pub quiet: bool,
    pub scroll: &'s Cell<usize>,
    /// Wrap long rows over several lines (else cut them with `…`).
    pub wrap: bool,
    pub edit: Option<EditAt>,
    /// Shown when the list is empty.
    pub empty: &'s str,
}

/// The first row to draw so that the selected row is in sight, moving the remembered scroll
/// position as little as possible. Looks only at rows near the selection.
fn first_visible(
    scroll: &Cell<usize>,
    selected: usize,
    height: usize,
    row_height: impl Fn(usize) -> usize,
) -> usize {
    let height = height.max(1);
    let mut first = scroll.get().min(selected);
    if selected - first >= height {
        first = selected + 1 - height;
    }
    // From the selection up, each row's height asked once, while the rows still fit: the
    // top is the first row at or after the old one from which the selection is in sight.
    let mut top = selected;
    let mut total = row_height(selected);
    while top > first && total <= height {
        let above = row_height(top - 1);
        if total + above > height {
            break;
        }
        total += above;
        top -= 1;
    }
    scroll.set(top);
    top
}

/// Draw a list: only the rows that are in sight are asked for.
pub fn list<'t>(
    th: Theme,
    out: &mut Out,
    area: Rect,
    spec: ListSpec,
    row: impl Fn(usize) -> ListRow<'t>,
    hit: impl Fn(usize) -> Hit,
) {
    if area.width < 3 || area.height == 0 {
        return;
    }
    let text_w = usize::from(area.width - 2);
    if spec.len == 0 {
        let line = text::fit(spec.empty, text_w);
        put(out, area.x + 2, area.y, &line, text_w, th.dim());
        if spec.edit == Some(EditAt::End) {
            out.anchor = Some(Rect::new(area.x, area.y, area.width, 1));
        }
        return;
    }
    let mark_w = |r: &ListRow| r.mark.as_ref().map_or(0, |(m, _)| text::width(m));
    // A row's lines, borrowed from its text where cleaning changed nothing (the usual case).
    fn row_lines<'r>(r: &'r ListRow, w: usize, wrap: bool) -> Vec<Cow<'r, str>> {
        let mut lines: Vec<Cow<'r, str>> = if wrap {
            match text::clean(&r.text) {
                Cow::Borrowed(clean) => text::wrap(clean, w)
                    .into_iter()
                    .map(Cow::Borrowed)
                    .collect(),
                Cow::Owned(clean) => text::wrap(&clean, w)
                    .into_iter()
                    .map(|l| Cow::Owned(l.to_string()))
                    .collect(),
            }
        } else {
            vec![fit_line(&r.text, w)]
        };
        if let Some(detail) = &r.detail {
            lines.push(fit_line(detail, w));
        }
        lines
    }
    let width_for = |r: &ListRow| text_w.saturating_sub(mark_w(r)).max(1);
    let height = usize::from(area.height);
    let selected = spec.selected.min(spec.len - 1);
    let first = first_visible(spec.scroll, selected, height, |i| {
        let r = row(i);
        row_lines(&r, width_for(&r), spec.wrap).len().min(height)
    });
    let mut y = area.y;
    for i in first..spec.len {
        if y >= area.bottom() {
            break;
        }
        let r = row(i);
        let lines = row_lines(&r, width_for(&r), spec.wrap);
        let rows = (lines.len() as u16).min(area.bottom() - y);
        let rect = Rect::new(area.x, y, area.width, rows);
        let is_sel = spec.focused && i == selected;
        let quiet = !spec.focused && spec.quiet && i == selected;
        let base = if is_sel {
            r.style.patch(th.selected())
        } else if quiet {
            r.style.patch(th.selected_dim())
        } else {
            r.style
        };
        if is_sel {
            out.buf.set_style(rect, base);
            put(out, area.x, y, "▶", 1, base);
        } else if quiet {
            put(out, area.x, y, "▷", 1, th.bold());
        }
        let mut x = area.x + 2;
        if let Some((mark, style)) = &r.mark {
            let style = if is_sel {
                style.patch(th.selected())
            } else {
                *style
            };
            x += put(out, x, y, &text::clean_line(mark), text_w, style);
        }
        let w = usize::from(area.right() - x);
        let detail_at = r.detail.as_ref().map(|_| lines.len() - 1);
        for (n, line) in lines.iter().take(usize::from(rows)).enumerate() {
            let style = if Some(n) == detail_at && !is_sel {
                th.dim()
            } else {
                base
            };
            put(out, x, y + n as u16, line, w, style);
        }
        out.hit(rect, hit(i));
        if spec.edit == Some(EditAt::Row(i)) {
            out.anchor = Some(rect);
        }
        y += rows;
    }
    if spec.edit == Some(EditAt::End) {
        // The editor's box starts on the free row under the list (its text one lower), so
        // the last item stays in sight.
        out.anchor = Some(Rect::new(area.x, y + 1, area.width, 1));
    }
}

/// A table column: its heading, and its weight: its share, against the others, of the width
/// left once every column's text fits.
pub struct Col<'a> {
    pub title: &'a str,
    pub weight: u16,
}

/// What a column asks for: `want` cells would show its widest line whole, `min` it always gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnNeed {
    pub want: u16,
    pub min: u16,
    pub weight: u16,
}

/// Share `avail` cells among columns by what they hold: every column gets its minimum; then
/// every column whose text is no wider than an equal share of what is left gets all it wants,
/// the least wanting first — a party's name, a date, a mark — and the long texts share the
/// rest by weight (none given more than it wants). Once every text fits, what is left is
/// shared by weight too. The widths add up to `avail` (or to the minimums, scaled down, when
/// those do not fit).
pub fn fit_columns(needs: &[ColumnNeed], avail: u16) -> Vec<u16> {
    let n = needs.len();
    if n == 0 {
        return vec![];
    }
    let min_total: u32 = needs.iter().map(|c| u32::from(c.min)).sum();
    if min_total >= u32::from(avail) {
        let mut w: Vec<u16> = needs
            .iter()
            .map(|c| (u32::from(avail) * u32::from(c.min) / min_total.max(1)) as u16)
            .collect();
        let used: u16 = w.iter().sum();
        w[n - 1] += avail - used;
        return w;
    }
    let weight = |i: usize| u32::from(needs[i].weight.max(1));
    let mut w: Vec<u16> = needs.iter().map(|c| c.min).collect();
    let mut left = avail - min_total as u16;
    let more = |w: &[u16], i: usize| needs[i].want.saturating_sub(w[i]);
    // The short texts whole, the least wanting first, while each fits an equal share.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| more(&w, i));
    let mut long = vec![];
    for (k, &i) in order.iter().enumerate() {
        let want = more(&w, i);
        if long.is_empty() && want <= left / (n - k) as u16 {
            w[i] += want;
            left -= want;
        } else {
            long.push(i);
        }
    }
    // The long texts by weight; one that a share would give more than it wants takes what it
    // wants, and the others share again.
    while !long.is_empty() && left > 0 {
        let weights: u32 = long.iter().map(|&i| weight(i)).sum();
        let share = |i: usize| (u32::from(left) * weight(i) / weights) as u16;
        if let Some(k) = long.iter().position(|&i| share(i) >= more(&w, i)) {
            let i = long.remove(k);
            let want = more(&w, i);
            w[i] += want;
            left -= want;
            continue;
        }
        let shares: Vec<u16> = long.iter().map(|&i| share(i)).collect();
        for (&i, g) in long.iter().zip(shares) {
            w[i] += g;
            left -= g;
        }
        // What the shares' rounding left: a cell each to the heaviest still short.
        long.sort_by_key(|&i| std::cmp::Reverse(weight(i)));
        for &i in &long {
            if left > 0 && more(&w, i) > 0 {
                w[i] += 1;
                left -= 1;
            }
        }
        break;
    }
    if left > 0 {
        let weights: u32 = (0..n).map(weight).sum();
        let mut given = 0;
        for (i, wi) in w.iter_mut().enumerate() {
            let g = (u32::from(left) * weight(i) / weights) as u16;
            *wi += g;
            given += g;
        }
        w[n - 1] += left - given;
    }
    w
}

/// The widest line of a text, in cells.
pub fn widest_line(s: &str) -> usize {
    s.split('\n').map(text::width).max().unwrap_or(0)
}

/// One cell of a table.
pub struct TableCell<'t> {
    pub text: Cow<'t, str>,
    pub style: Style,
}

impl<'t> TableCell<'t> {
    pub fn new(text: impl Into<Cow<'t, str>>) -> TableCell<'t> {
        TableCell {
            text: text.into(),
            style: Style::new(),
        }
    }

    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }
}

pub struct TableSpec<'s> {
    pub cols: &'s [Col<'s>],
    pub len: usize,
    /// The selected (row, column).
    pub selected: (usize, usize),
    pub focused: bool,
    pub scroll: &'s Cell<usize>,
    /// A row is at most this many lines high (more when every row fits higher); longer cells
    /// end with `…`.
    pub max_lines: usize,
    /// The row being edited, and the column.
    pub edit: Option<(EditAt, usize)>,
    pub empty: &'s str,
}

/// The rows a table looks at to size its columns: enough to see what its columns hold,
/// without reading a whole long table every frame.
const SIZING_ROWS: usize = 64;

/// A row of a table, each cell's lines and style.
type WrappedRow = Vec<(Vec<String>, Style)>;

/// A table of at most this many rows is shown with its cells whole when they fit: a meeting's
/// parties, its ideas. A longer one cuts its rows to an equal share of the height.
const WHOLE_ROWS: usize = 16;

/// Column widths for a table `width` cells wide (less the gutter and the separators): sized
/// by what the columns hold in its first rows (`cells`, row by row), with `size_columns`.
fn col_widths(cols: &[Col], width: u16, cells: &[TableCell]) -> Vec<u16> {
    let n = cols.len();
    let avail = width.saturating_sub(2 + (n as u16).saturating_sub(1));
    size_columns(cols, avail, |c| {
        cells
            .iter()
            .skip(c)
            .step_by(n.max(1))
            .map(|t| widest_line(&t.text))
            .max()
            .unwrap_or(0)
    })
}

/// Widths for columns sharing `avail` cells, `widest(c)` being the widest line column `c`
/// holds: each wants its text and its heading whole (`fit_columns`); the first column, which
/// names the row (a party, a kind), has them whole when they take at most a third.
pub fn size_columns(cols: &[Col], avail: u16, widest: impl Fn(usize) -> usize) -> Vec<u16> {
    let needs: Vec<ColumnNeed> = cols
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let heading = text::width(col.title) as u16;
            let want = (widest(c).min(usize::from(u16::MAX)) as u16)
                .max(heading)
                .max(1);
            let min = if c == 0 && want <= avail / 3 {
                want
            } else {
                heading.clamp(1, 6)
            };
            ColumnNeed {
                want,
                min,
                weight: col.weight,
            }
        })
        .collect();
    fit_columns(&needs, avail)
}

/// Draw a table with a header, wrapped cells and a line between rows; only visible rows are
/// asked for.
pub fn table<'t>(
    th: Theme,
    out: &mut Out,
    area: Rect,
    spec: TableSpec,
    cell: impl Fn(usize, usize) -> TableCell<'t>,
    hit: impl Fn(usize, usize) -> Hit,
) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    // The cells of the first rows, asked for once: they size the columns and are drawn.
    let ncols = spec.cols.len();
    let first_cells: Vec<TableCell<'t>> = (0..spec.len.min(SIZING_ROWS))
        .flat_map(|r| (0..ncols).map(move |c| (r, c)))
        .map(|(r, c)| cell(r, c))
        .collect();
    let widths = col_widths(spec.cols, area.width, &first_cells);
    let xs: Vec<u16> = widths
        .iter()
        .scan(area.x + 2, |x, w| {
            let at = *x;
            *x += w + 1;
            Some(at)
        })
        .collect();
    // Header and its rule. The selected column's heading is in brackets, so the cell the
    // cursor is on shows without colour too (with the row's `▶`).
    for (i, col) in spec.cols.iter().enumerate() {
        let w = usize::from(widths[i]);
        let title = if spec.focused && i == spec.selected.1 && w >= 4 {
            format!("[{}]", text::fit(col.title, w - 2))
        } else {
            text::fit(col.title, w).into_owned()
        };
        put(out, xs[i], area.y, &title, w, th.heading());
    }
    rule(th, out, area.x, area.y + 1, area.width);
    let body = Rect::new(area.x, area.y + 2, area.width, area.height - 2);
    if spec.len == 0 {
        let line = text::fit(spec.empty, usize::from(body.width - 2));
        put(
            out,
            body.x + 2,
            body.y,
            &line,
            usize::from(body.width),
            th.dim(),
        );
        if let Some((EditAt::End, col)) = spec.edit {
            out.anchor = Some(Rect::new(xs[col], body.y, widths[col], 1));
        }
        return;
    }
    // A row's cells, wrapped to their columns: worked out once for each of the first rows.
    let wrap_cell = |t: &TableCell, c: usize| -> (Vec<String>, Style) {
        let w = usize::from(widths[c]).max(1);
        let clean = text::clean(&t.text);
        let lines = text::wrap(&clean, w)
            .into_iter()
            .map(str::to_string)
            .collect();
        (lines, t.style)
    };
    let memo: Vec<std::cell::OnceCell<WrappedRow>> = (0..spec.len.min(SIZING_ROWS))
        .map(|_| Default::default())
        .collect();
    let wrapped_row = |r: usize| -> WrappedRow {
        let wrap_row = || {
            (0..ncols)
                .map(|c| match first_cells.get(r * ncols + c) {
                    Some(t) => wrap_cell(t, c),
                    None => wrap_cell(&cell(r, c), c),
                })
                .collect::<Vec<_>>()
        };
        match memo.get(r) {
            Some(once) => once.get_or_init(wrap_row).clone(),
            None => wrap_row(),
        }
    };
    // A row is at most `max_lines` high; a short table (a meeting's parties) that fits whole
    // in the height it has is shown whole, else every row gets what an equal share allows.
    let height = usize::from(body.height);
    let whole = spec.len <= WHOLE_ROWS && {
        // Row by row, until the rows so far are already too many.
        let mut used = 0;
        (0..spec.len).all(|r| {
            let lines = wrapped_row(r).iter().map(|(l, _)| l.len()).max();
            used += lines.unwrap_or(1) + 1;
            used <= height
        })
    };
    let max_lines = if whole {
        usize::MAX
    } else {
        spec.max_lines
            .max((height / spec.len.max(1)).saturating_sub(1))
    };
    // A row's cells, cut to `max_lines`: worked out once per row drawn.
    let row_cells = |r: usize| -> Vec<(Vec<String>, Style)> {
        wrapped_row(r)
            .into_iter()
            .enumerate()
            .map(|(c, (mut lines, style))| {
                let w = usize::from(widths[c]).max(1);
                if lines.len() > max_lines {
                    lines.truncate(max_lines);
                    let last = lines.pop().unwrap_or_default();
                    lines.push(text::fit(&format!("{last}…"), w).into_owned());
                }
                (lines, style)
            })
            .collect()
    };
    let height_of =
        |cells: &[(Vec<String>, Style)]| cells.iter().map(|(l, _)| l.len()).max().unwrap_or(1);
    let (sel_row, sel_col) = (spec.selected.0.min(spec.len - 1), spec.selected.1);
    let first = first_visible(spec.scroll, sel_row, height, |r| {
        height_of(&row_cells(r)) + 1
    });
    let mut y = body.y;
    for r in first..spec.len {
        if y >= body.bottom() {
            break;
        }
        let cells = row_cells(r);
        let h = (height_of(&cells) as u16).min(body.bottom() - y);
        if spec.focused && r == sel_row {
            put(out, body.x, y, "▶", 1, th.bold());
        }
        for (c, (lines, style)) in cells.iter().enumerate() {
            let rect = Rect::new(xs[c], y, widths[c], h);
            let selected = spec.focused && r == sel_row && c == sel_col;
            let style = if selected {
                style.patch(th.selected()).patch(th.selected_dim())
            } else {
                *style
            };
            if selected {
                out.buf.set_style(rect, style);
            }
            for (n, line) in lines.iter().take(usize::from(h)).enumerate() {
                put(
                    out,
                    xs[c],
                    y + n as u16,
                    line,
                    usize::from(widths[c]),
                    style,
                );
            }
            if c + 1 < spec.cols.len() {
                for n in 0..h {
                    put(out, xs[c] + widths[c], y + n, "│", 1, th.border());
                }
            }
            out.hit(rect, hit(r, c));
            if spec.edit == Some((EditAt::Row(r), c)) {
                out.anchor = Some(rect);
            }
        }
        y += h;
        if y < body.bottom() {
            rule(th, out, body.x, y, body.width);
            y += 1;
        }
    }
    if let Some((EditAt::End, col)) = spec.edit {
        out.anchor = Some(Rect::new(xs[col], y + 1, widths[col], 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_sized_by_what_they_hold() {
        let need = |want, weight| ColumnNeed {
            want,
            min: 4,
            weight,
        };
        // The action items at 80×24: what (long), who (long), due (a date), done (a mark).
        let cols = [need(40, 6), need(20, 3), need(10, 3), need(8, 2)];
        let w = fit_columns(&cols, 48);
        assert_eq!(w.iter().sum::<u16>(), 48);
        assert_eq!((w[2], w[3]), (10, 8), "the date and the mark whole: {w:?}");
        assert!(w[0] > w[1], "the long texts by weight: {w:?}");
        // Every text fits: each gets what it wants, the rest by weight.
        let w = fit_columns(&[need(10, 1), need(10, 3)], 40);
        assert_eq!(w, [15, 25]);
        // Not even the minimums fit: they are scaled down.
        let w = fit_columns(&[need(10, 1), need(10, 1), need(10, 1)], 9);
        assert_eq!(w.iter().sum::<u16>(), 9);
        // A long column of small weight (the 活動 column, the same title on every row).
        let w = fit_columns(&[need(60, 4), need(60, 2), need(60, 4)], 50);
        assert!(w[1] < w[0] && w[1] < w[2], "{w:?}");
    }

    #[test]
    fn scrolling_keeps_the_selection_in_sight_and_moves_little() {
        let scroll = Cell::new(0);
        assert_eq!(first_visible(&scroll, 3, 5, |_| 1), 0);
        assert_eq!(first_visible(&scroll, 7, 5, |_| 1), 3);
        // Moving back up inside the window does not scroll.
        assert_eq!(first_visible(&scroll, 5, 5, |_| 1), 3);
        assert_eq!(first_visible(&scroll, 1, 5, |_| 1), 1);
        // Tall rows: only as many as fit.
        assert_eq!(first_visible(&Cell::new(0), 4, 5, |_| 2), 3);
    }

    #[test]
    fn put_draws_what_set_stringn_draws() {
        use ratatui::style::{Color, Modifier};
        let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        let texts = [
            "地域猫の会（NPO）",
            "ab 町内会 ─ ▶ ⚠ …",
            "ｶﾞｷﾞ e\u{301} 🐈 한국",
            "",
            "x",
        ];
        for s in texts {
            for (x, max) in [(0, 40), (3, 5), (5, 4), (38, 9), (39, 1), (40, 3), (2, 0)] {
                let area = Rect::new(0, 0, 40, 2);
                let mut ours = ratatui::buffer::Buffer::empty(area);
                let mut theirs = ratatui::buffer::Buffer::empty(area);
                // Something under the text, so that what is (or is not) reset shows.
                for b in [&mut ours, &mut theirs] {
                    b.set_string(0, 1, "#".repeat(40), Style::new());
                    b.set_string(0, 0, "=".repeat(40), Style::new());
                }
                let mut out = Out {
                    buf: &mut ours,
                    hits: vec![],
                    anchor: None,
                };
                let used = put(&mut out, x, 0, s, max, style);
                let (end, _) = theirs.set_stringn(x, 0, s, max, style);
                assert_eq!(ours, theirs, "{s:?} at {x}, max {max}");
                assert_eq!(used, end.saturating_sub(x), "{s:?} at {x}, max {max}");
            }
        }
    }

    #[test]
    fn a_huge_jump_looks_only_near_the_selection() {
        let scroll = Cell::new(0);
        let asked = Cell::new(0usize);
        first_visible(&scroll, 100_000, 20, |_| {
            asked.set(asked.get() + 1);
            1
        });
        assert!(asked.get() < 100, "asked for {} rows", asked.get());
    }
}
