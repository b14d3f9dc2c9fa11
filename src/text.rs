//! Text from a session, made safe for the terminal and wrapped by display width.
//!
//! A session file may hold anything: escape sequences that would recolour or move the cursor,
//! bidi overrides that reorder what the room reads. Every string from a session passes
//! `clean` (or `clean_line`) before it reaches a cell; the views never write session text raw.
//!
//! The zero-width joiner (U+200D) and non-joiner (U+200C) are kept: they are text (👨‍👩‍👧 is three
//! emoji joined by two of them; scripts use them for shaping), and no terminal acts on them.
//! `tests/terminal_escapes.rs` checks both: nothing unsafe reaches a cell, and the family
//! emoji is drawn whole.

use std::borrow::Cow;

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Shown for a character that must not reach the terminal and has no picture of its own.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// Shown for a line break in text drawn on one line (a table cell, a title).
pub const LINE_BREAK: char = '\u{23CE}';

/// Whether a character must not be sent to the terminal as is: C0 and C1 controls, DEL, and
/// the invisible bidi controls that reorder text (U+202E and friends).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// The visible stand-in for an unsafe character: the Unicode control picture for C0 controls
/// (`␛` for ESC), `␡` for DEL, a space for a tab, `�` for the rest.
pub fn placeholder(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or(PLACEHOLDER),
        '\u{7F}' => '\u{2421}',
        _ => PLACEHOLDER,
    }
}

/// Text with every unsafe character replaced; line breaks kept (multi-line items).
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if c != '\n' && is_unsafe(c) {
                    placeholder(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// Text for one line: unsafe characters replaced and line breaks shown as `⏎`.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => LINE_BREAK,
                c if is_unsafe(c) => placeholder(c),
                c => c,
            })
            .collect(),
    )
}

/// Cells a grapheme takes, as ratatui draws it (half-width ﾞ and ﾟ count one cell each).
pub fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// The cells a character takes when it is a grapheme of its own wherever it stands: printable
/// ASCII, Latin letters and signs, punctuation, arrows, box drawing and shapes, and the
/// Japanese scripts (kana, kanji, full-width and half-width forms) without their combining
/// marks. `None` for anything else (combining marks, the half-width ﾞ and ﾟ, emoji, Hangul,
/// controls...), which takes the full grapheme rules.
///
/// Most session text is made of these alone: its graphemes are then its characters, and
/// its width is counted character by character (`tests::simple_chars_are_graphemes_of_their_own`
/// checks every one of them against the grapheme rules and ratatui's widths).
pub fn simple_char_width(c: char) -> Option<usize> {
    // The most common first: Latin, kanji, kana (all two cells wide, as the test checks).
    match c {
        ' '..='~' => return Some(1),
        '\u{4e00}'..='\u{9fff}' | '\u{3041}'..='\u{3096}' | '\u{309b}'..='\u{30ff}' => {
            return Some(2);
        }
        _ if c < ' ' => return None,
        _ => {}
    }
    match c {
        '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{2ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2300}'..='\u{23ff}'
        | '\u{2500}'..='\u{27bf}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303f}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309b}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff01}'..='\u{ff9d}'
        | '\u{ffe0}'..='\u{ffe6}' => unicode_width::UnicodeWidthChar::width(c).filter(|&w| w > 0),
        _ => None,
    }
}

/// The width of a string made only of simple characters (see `simple_char_width`).
fn simple_width(s: &str) -> Option<usize> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_control()) {
        return Some(s.len());
    }
    s.chars().map(simple_char_width).sum()
}

/// Whether every grapheme of `s` is one simple character (see `simple_char_width`).
pub fn is_simple(s: &str) -> bool {
    simple_width(s).is_some()
}

/// Cells a (clean, one-line) string takes.
pub fn width(s: &str) -> usize {
    simple_width(s).unwrap_or_else(|| s.graphemes(true).map(grapheme_width).sum())
}

/// The graphemes of a string with their byte offsets and widths: character by character for
/// simple text, by the grapheme rules otherwise.
fn units(s: &str) -> Box<dyn Iterator<Item = (usize, &str, usize)> + '_> {
    if is_simple(s) {
        Box::new(s.char_indices().map(move |(i, c)| {
            let end = i + c.len_utf8();
            (i, &s[i..end], simple_char_width(c).unwrap_or(1))
        }))
    } else {
        Box::new(
            s.grapheme_indices(true)
                .map(|(i, g)| (i, g, grapheme_width(g))),
        )
    }
}

/// The longest prefix of `s` that fits in `max` cells, never cutting a grapheme; with `…`
/// at the end when something was cut.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut used = 0;
    let mut end = 0;
    for (i, g, w) in units(s) {
        if used + w > max - 1 {
            break;
        }
        used += w;
        end = i + g.len();
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

/// Split clean text into lines of at most `max` cells. Breaks at line breaks, after a space
/// when a line of Latin text runs over, else between graphemes (Japanese has no spaces); a
/// wide character is never cut. Always at least one line.
pub fn wrap(s: &str, max: usize) -> Vec<&str> {
    let max = max.max(1);
    let mut out = vec![];
    for para in s.split('\n') {
        wrap_paragraph(para, max, &mut out);
    }
    out
}

/// How many lines `wrap` gives, without keeping them.
pub fn wrapped_height(s: &str, max: usize) -> usize {
    wrap(s, max).len()
}

fn wrap_paragraph<'a>(para: &'a str, max: usize, out: &mut Vec<&'a str>) {
    let first = out.len();
    let mut start = 0; // byte where the current line starts
    let mut used = 0; // cells in the current line
    // The last space in the current line: its byte, and the cells before it.
    let mut last_space: Option<(usize, usize)> = None;
    for (i, g, w) in units(para) {
        if g == " " && i == start && start > 0 {
            // A wrapped line does not start with the space it was broken at.
            start = i + 1;
            continue;
        }
        if used + w > max && i > start {
            if g == " " {
                out.push(&para[start..i]);
                start = i + 1;
                used = 0;
                last_space = None;
                continue;
            }
            match last_space.filter(|(at, _)| *at > start) {
                Some((at, cells)) => {
                    out.push(&para[start..at]);
                    start = at + 1;
                    used -= cells + 1;
                }
                None => {
                    out.push(&para[start..i]);
                    start = i;
                    used = 0;
                }
            }
            last_space = None;
        }
        if g == " " {
            last_space = Some((i, used));
        }
        used += w;
    }
    if start < para.len() || out.len() == first {
        out.push(&para[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_terminal_would_obey_is_replaced_and_the_rest_kept() {
        assert_eq!(clean_line("町内会ｶﾞ🐈e\u{301}"), "町内会ｶﾞ🐈e\u{301}");
        assert_eq!(
            clean_line("赤\u{1b}[31m\t\n\u{202e}x"),
            "赤\u{241b}[31m \u{23ce}\u{fffd}x"
        );
        assert_eq!(clean_line("\u{9b}2J"), "\u{fffd}2J");
    }

    #[test]
    fn escape_sequences_and_bidi_overrides_become_visible() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\u{241b}[31mb");
        assert_eq!(clean("x\u{202E}y"), "x\u{FFFD}y");
        assert_eq!(clean("del\u{7f}"), "del\u{2421}");
        assert_eq!(clean("c1\u{9b}"), "c1\u{FFFD}");
        assert_eq!(clean("two\nlines"), "two\nlines");
        assert_eq!(clean_line("two\nlines"), "two\u{23CE}lines");
        assert!(matches!(clean("野良猫"), Cow::Borrowed(_)));
    }

    #[test]
    fn width_counts_wide_and_half_width_kana() {
        assert_eq!(width("野良猫"), 6);
        // Two cells, as terminals draw it. Three here means ratatui and unicode-width both
        // count the ﾞ (see the unicode-width note in Cargo.toml).
        assert_eq!(width("ｶﾞ"), 2);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("🐈"), 2);
    }

    #[test]
    fn wrap_never_cuts_a_wide_character() {
        let lines = wrap("野良猫のトラブルを減らしたい", 5);
        assert_eq!(
            lines,
            ["野良", "猫の", "トラ", "ブル", "を減", "らし", "たい"]
        );
        for l in &lines {
            assert!(width(l) <= 5);
        }
    }

    #[test]
    fn wrap_breaks_latin_text_at_spaces() {
        assert_eq!(
            wrap("fewer stray cat troubles", 10),
            ["fewer", "stray cat", "troubles"]
        );
        assert_eq!(
            wrap("Residents association", 9),
            ["Residents", "associati", "on"]
        );
        assert_eq!(wrap("ab cd", 2), ["ab", "cd"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    /// Every simple character (`simple_char_width`) is a grapheme of its own beside any
    /// simple character (none joins the one before or after it: no combining mark, no
    /// prefix, no Hangul jamo), is safe to show, and has the width ratatui gives it as a
    /// grapheme.
    #[test]
    fn simple_chars_are_graphemes_of_their_own() {
        let neighbours = ['a', 'あ', 'ｶ', ' ', '─', '漢', '\u{a0}', '…'];
        let mut simple = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let Some(w) = simple_char_width(c) else {
                continue;
            };
            simple += 1;
            assert!(!is_unsafe(c), "{c:?}");
            assert_eq!(grapheme_width(c.encode_utf8(&mut [0; 4])), w, "{c:?}");
            for n in neighbours {
                for pair in [format!("{n}{c}"), format!("{c}{n}"), format!("{c}{c}")] {
                    assert_eq!(pair.graphemes(true).count(), 2, "{pair:?}");
                }
            }
        }
        assert!(simple > 30_000, "{simple}");
    }

    #[test]
    fn simple_and_other_text_measure_and_wrap_alike() {
        // The same text with and without a combining mark takes the two paths.
        for (plain, marked) in [
            (
                "地域猫の会が餌やりのルールを作る",
                "地域猫の会が餌やりのルールを作る\u{301}",
            ),
            (
                "Residents association of the park",
                "Residents association of the park\u{301}",
            ),
        ] {
            assert!(is_simple(plain) && !is_simple(marked));
            for max in 1..20 {
                let a = wrap(plain, max);
                let b = wrap(marked, max);
                assert_eq!(a[..a.len() - 1], b[..a.len() - 1], "{max}");
                assert_eq!(
                    fit(plain, max),
                    fit(marked, max).replace('\u{301}', ""),
                    "{max}"
                );
            }
            assert_eq!(width(plain), width(marked));
        }
    }

    #[test]
    fn fit_cuts_on_grapheme_boundaries() {
        assert_eq!(fit("野良猫のトラブル", 7), "野良猫…");
        assert_eq!(fit("ｶﾞｷﾞｸﾞ", 5), "ｶﾞｷﾞ…");
        assert_eq!(fit("short", 10), "short");
    }
}
