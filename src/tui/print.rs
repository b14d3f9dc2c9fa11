//! A drawn screen as text, for `sori render`: one line per row, as a terminal of that size
//! shows it. A wide character is written once (the cell it covers is not written again) and
//! never runs past the right edge, so no line is wider than the screen. Plain text, or with
//! SGR colours and attributes (no cursor movement or any other escape).

use ratatui::backend::IntoCrossterm;
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::Command;
use ratatui::crossterm::style::{Attribute, ContentStyle, SetAttribute, SetStyle};
use ratatui::style::{Color, Style};

use crate::text;

/// The screen as lines of text, each ending in `\n`; trailing blanks dropped.
pub fn screen_text(buf: &Buffer, color: bool) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        // The line up to its last cell worth writing (not a blank without style).
        let mut kept = 0;
        let mut kept_style = Style::default();
        let mut styled = false;
        let mut current = Style::default();
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            let w = (text::width(symbol) as u16).max(1);
            // A wide character cut by the edge would spill over it: a blank instead.
            let symbol = if x + w > area.right() { " " } else { symbol };
            let style = cell_style(cell);
            if color && style != current {
                line.push_str(&sgr(style));
                current = style;
                styled = style != Style::default();
            }
            line.push_str(symbol);
            if symbol != " " || (color && styled) {
                kept = line.len();
                kept_style = current;
            }
            x += w;
        }
        line.truncate(kept);
        if color && kept_style != Style::default() {
            line.push_str(&sgr(Style::default()));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn cell_style(cell: &Cell) -> Style {
    let mut style = Style::new().add_modifier(cell.modifier);
    if cell.fg != Color::Reset {
        style = style.fg(cell.fg);
    }
    if cell.bg != Color::Reset {
        style = style.bg(cell.bg);
    }
    style
}

/// The SGR sequence that sets `style` from scratch: a reset, then its colours and attributes.
fn sgr(style: Style) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = SetAttribute(Attribute::Reset).write_ansi(&mut s);
    let content: ContentStyle = style.into_crossterm();
    let _ = SetStyle(content).write_ansi(&mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;

    #[test]
    fn wide_characters_count_two_cells_and_never_pass_the_edge() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 2));
        buf.set_string(0, 0, "地域猫", Style::new());
        buf.set_string(0, 1, "ab", Style::new());
        buf.set_string(4, 1, "猫", Style::new());
        let text = screen_text(&buf, false);
        assert_eq!(text, "地域\nab\n");
        for line in text.lines() {
            assert!(text::width(line) <= 5, "{line}");
        }
    }

    #[test]
    fn a_colour_ending_before_trailing_blanks_is_reset() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "ok", Style::new().fg(Color::Green));
        let text = screen_text(&buf, true);
        assert!(text.ends_with("ok\u{1b}[0m\n"), "{text:?}");
    }

    #[test]
    fn colour_is_sgr_only_and_reset_at_the_end_of_a_line() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "ok", Style::new().fg(Color::Green));
        buf.set_string(3, 0, "!", Style::new().add_modifier(Modifier::BOLD));
        let text = screen_text(&buf, true);
        assert_eq!(
            text,
            "\u{1b}[0m\u{1b}[38;5;2mok\u{1b}[0m \u{1b}[0m\u{1b}[1m!\u{1b}[0m\n"
        );
        let plain = screen_text(&buf, false);
        assert_eq!(plain, "ok !\n");
    }
}
