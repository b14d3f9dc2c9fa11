//! A QR code drawn in the terminal (the `qrcode` crate makes it): two rows of modules a cell,
//! with half blocks, and a quiet zone around it.
//!
//! With colours, the code is black on white whatever the theme, so that a phone reads it on a
//! dark terminal as on a projector: its colours are the code, not decoration. With `NO_COLOR`
//! it is drawn in the terminal's own ink (`█` for a dark module): on a dark background that is
//! the code in reverse, which phone cameras read as well.

use qrcode::{Color as Module, EcLevel, QrCode};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use super::{Out, Theme};

/// Modules of white around the code (the standard asks for 4; phones read 2 on a screen, and
/// a terminal has little room).
const QUIET: usize = 2;

/// An address as a person reads and types it beside its code: without `http://`, which a
/// phone's browser adds by itself (the code holds the whole address).
pub fn address_text(url: &str) -> &str {
    url.strip_prefix("http://").unwrap_or(url)
}

/// A code ready to draw.
#[derive(Clone, Debug)]
pub struct Qr {
    /// Dark modules, row by row, quiet zone included.
    dark: Vec<bool>,
    side: usize,
}

impl Qr {
    /// The code of `text` (an address: short, so the lowest error correction keeps the code
    /// small enough for an 80×24 screen).
    pub fn new(text: &str) -> Option<Qr> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
        let width = code.width();
        let side = width + 2 * QUIET;
        let colors = code.to_colors();
        let mut dark = vec![false; side * side];
        for y in 0..width {
            for x in 0..width {
                dark[(y + QUIET) * side + x + QUIET] = colors[y * width + x] == Module::Dark;
            }
        }
        Some(Qr { dark, side })
    }

    /// Cells it takes: (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        let side = u16::try_from(self.side).unwrap_or(u16::MAX);
        (side, side.div_ceil(2))
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        y < self.side && self.dark[y * self.side + x]
    }

    /// Draw it with its top left at (`x`, `y`); what does not fit is left out.
    pub fn draw(&self, theme: Theme, out: &mut Out, x: u16, y: u16) {
        let (w, h) = self.size();
        let area = Rect::new(x, y, w, h).intersection(out.buf.area);
        for row in 0..area.height {
            for col in 0..area.width {
                let (mx, my) = (usize::from(col), 2 * usize::from(row));
                let (top, bottom) = (self.is_dark(mx, my), self.is_dark(mx, my + 1));
                let cell = &mut out.buf[(area.x + col, area.y + row)];
                if theme.color {
                    let shade = |dark: bool| if dark { Color::Black } else { Color::White };
                    cell.set_symbol("▀")
                        .set_style(Style::new().fg(shade(top)).bg(shade(bottom)));
                } else {
                    let symbol = match (top, bottom) {
                        (true, true) => "█",
                        (true, false) => "▀",
                        (false, true) => "▄",
                        (false, false) => " ",
                    };
                    cell.set_symbol(symbol).set_style(Style::new());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;

    #[test]
    fn an_address_fits_an_80_by_24_screen() {
        let qr = Qr::new("http://192.168.100.200:8080/abcdefghjk/mnpqrstvwx").unwrap();
        let (w, h) = qr.size();
        assert!(w <= 36 && h <= 18, "{w}x{h}");
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        let mut out = Out {
            buf: &mut buf,
            hits: vec![],
            anchor: None,
        };
        let theme = Theme {
            color: false,
            name: crate::tui::state::ThemeName::Dark,
        };
        qr.draw(theme, &mut out, 0, 0);
        // The quiet zone is blank; the finder pattern's corner is dark.
        assert_eq!(buf[(0, 0)].symbol(), " ");
        assert_eq!(buf[(2, 1)].symbol(), "█");
    }
}
