//! Checks every drawn screen passes: nothing unsafe in a cell, no wide character cut.

use ratatui::buffer::Buffer;
use sori::text::{is_unsafe, width};

/// A wide character must keep the cell after it blank (anything drawn there would cut it), and
/// nothing that a terminal would obey reaches a cell.
pub fn assert_whole(buf: &Buffer, name: &str) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buf[(x, y)].symbol();
            assert!(
                !symbol.chars().any(is_unsafe),
                "{name}: unsafe character at {x},{y}: {symbol:?}"
            );
            if width(symbol) == 2 {
                assert!(
                    x + 1 < area.right(),
                    "{name}: wide {symbol} cut by the edge at {x},{y}"
                );
                assert_eq!(
                    buf[(x + 1, y)].symbol(),
                    " ",
                    "{name}: wide {symbol} at {x},{y} has its right half drawn over"
                );
            }
        }
    }
}
