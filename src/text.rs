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

/// Text as sori takes it from a person (pasted into the editor, typed on a phone in the room):
/// line breaks made `\n`, a tab a space, every other unsafe character dropped (a typed text
/// never holds one on purpose).
pub fn typed(s: &str) -> String {
    let normalized = s.replace("\r\n", "\n").replace('\r', "\n");
    normalized
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if is_unsafe(c) => None,
            c => Some(c),
        })
        .collect()
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

/// Split clean text into lines of at most `max` cells, the way Japanese (and English) is set:
/// at line breaks; else where the Unicode line-breaking algorithm (UAX #14) allows a break —
/// after a space, between two kanji or kana, never inside a Latin word, a number or a date
/// such as 2026-12-20 — and the kinsoku rules allow it too (`may_break_between`: no line
/// starts with closing punctuation, small kana or ー, none ends with an opening bracket).
/// Only a run that has no such place within a line is cut between graphemes; a wide character
/// is never cut. Spaces where a line breaks are left out. Always at least one line.
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

/// Characters no line may start with (行頭禁則): closing brackets and quotes, the
/// punctuation that closes a phrase, iteration marks, the prolonged sound mark ー and the small
/// kana, full-width and half-width. UAX #14 already keeps most of them (classes CL, CP, EX, IS,
/// NS) with what comes before; the small kana and ー are its class CJ, which it treats like any
/// kana, so they are listed here with the rest: the strict rule, whatever the class.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '、' | '。' | '，' | '．' | '・' | '：' | '；' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
            | '）' | '］' | '｝' | '」' | '』' | '】' | '〕' | '〉' | '》' | '〙' | '〗' | '〟'
            | '’' | '”' | '»' | ')' | ']' | '}' | ',' | '.' | ':' | ';' | '?' | '!' | '%'
            | '‐' | '゠' | '–' | '〜' | '～' | '…' | '‥' | '°' | '′' | '″' | '℃' | '％'
            | 'ー' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | '々' | '〻'
            | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
            | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
            | '\u{31F0}'..='\u{31FF}'
            // Half-width: ｡ ｣ ､ ･ ｧ–ｯ ｰ ﾞ ﾟ
            | '\u{FF61}' | '\u{FF63}' | '\u{FF64}' | '\u{FF65}' | '\u{FF67}'..='\u{FF70}'
            | '\u{FF9E}' | '\u{FF9F}'
    )
}

/// Characters no line may end with (行末禁則): opening brackets and quotes.
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '［'
            | '｛'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '〘'
            | '〖'
            | '〝'
            | '‘'
            | '“'
            | '«'
            | '('
            | '['
            | '{'
            | '\u{FF62}'
    )
}

/// A Latin letter or a digit, ASCII or full-width (ＮＰＯ, ２０２６): a run of them is one word.
fn is_alphanumeric_run(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// Whether a line may end after `before` and the next start with `after`, where UAX #14 allows
/// a break: not before a character no line starts with, not after an opening bracket, not
/// inside a run of Latin letters and digits (UAX #14 keeps ASCII ones together; this keeps
/// the full-width ones too).
pub fn may_break_between(before: char, after: char) -> bool {
    let inside_a_word = is_alphanumeric_run(before) && is_alphanumeric_run(after);
    !(no_line_start(after) || no_line_end(before) || inside_a_word)
}

/// The breaks UAX #14 allows since Unicode 13 that the line-breaking crate (Unicode 15 tables,
/// an older rule 30) does not: between a Latin letter or digit and a full-width opening
/// bracket (`2026年度「…」`, `CSR「…」`), and after a full-width closing parenthesis before
/// one (`（NPO）ABC`). Rule 30 keeps only the narrow brackets with the word.
fn wide_bracket_break(before: char, after: char) -> bool {
    let wide_open = |c: char| matches!(c, '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301B}' | '（' | '［' | '｛' | '｟');
    let wide_close = |c: char| matches!(c, '）' | '］');
    (before.is_ascii_alphanumeric() && wide_open(after))
        || (wide_close(before) && after.is_ascii_alphanumeric())
}

fn wrap_paragraph<'a>(para: &'a str, max: usize, out: &mut Vec<&'a str>) {
    // Most cells' text fits: no break to look for.
    if width(para) <= max {
        out.push(para);
        return;
    }
    let first_line = out.len();
    let mut breaks = unicode_linebreak::linebreaks(para)
        .filter(|(_, kind)| *kind == unicode_linebreak::BreakOpportunity::Allowed)
        .map(|(at, _)| at)
        .peekable();
    let mut start = 0; // byte where the current line starts
    let mut used = 0; // cells from `start` to here
    // The places in the current line where UAX #14 allows a break (its byte, the cells before
    // it); the kinsoku rules are asked only of the few looked at when the line is full.
    let mut places: Vec<(usize, usize)> = vec![];
    let mut before: Option<char> = None;
    for (i, g, w) in units(para) {
        while breaks.next_if(|&at| at < i).is_some() {}
        if i > start
            && let Some(b) = before
            && (breaks.peek() == Some(&i) || wide_bracket_break(b, g.chars().next().unwrap_or(' ')))
        {
            places.push((i, used));
        }
        before = g.chars().next_back();
        // A space may hang past the end: it is left out where the line breaks.
        if g != " " && used + w > max && i > start {
            let allowed =
                |at: usize| match (para[..at].chars().next_back(), para[at..].chars().next()) {
                    (Some(b), Some(a)) => may_break_between(b, a),
                    _ => false,
                };
            let last = places.iter().rev().copied().find(|&(at, _)| allowed(at));
            // The last place after a space: the line breaks there rather than later when that
            // leaves it at least half full (Japanese written with spaces between its phrases
            // breaks between the phrases).
            let space = places
                .iter()
                .rev()
                .copied()
                .find(|&(at, _)| para[..at].ends_with(' ') && allowed(at))
                .filter(|&(_, cells)| cells * 2 >= max);
            match space.or(last) {
                Some((at, cells)) => {
                    out.push(para[start..at].trim_end_matches(' '));
                    start = at;
                    used -= cells;
                    // The places after it are the next line's.
                    places.retain(|&(later, _)| later > at);
                    for place in &mut places {
                        place.1 -= cells;
                    }
                }
                None => {
                    // No place to break in the line (a word longer than it): cut here.
                    out.push(para[start..i].trim_end_matches(' '));
                    start = i;
                    used = 0;
                    places.clear();
                }
            }
            if used + w > max && i > start {
                // What is left from the break still does not fit with this character.
                out.push(para[start..i].trim_end_matches(' '));
                start = i;
                used = 0;
                places.clear();
            }
        }
        used += w;
    }
    // Spaces that hang past the end are left out; a paragraph is at least one line.
    let rest = para[start..].trim_end_matches(' ');
    if !rest.is_empty() || out.len() == first_line {
        out.push(rest);
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

    /// The lines of a wrapped text as byte ranges of it (each line is a slice of the text).
    fn offsets(s: &str, lines: &[&str]) -> Vec<(usize, usize)> {
        let base = s.as_ptr() as usize;
        lines
            .iter()
            .map(|l| {
                let at = l.as_ptr() as usize - base;
                (at, at + l.len())
            })
            .collect()
    }

    #[test]
    fn no_line_starts_with_closing_punctuation_or_small_kana() {
        // A plain break before 、 would leave 「、偏見もある」 on the next line.
        let s = "猫がかわいいという人もいれば、偏見もある";
        for max in 4..40 {
            for line in wrap(s, max).iter().skip(1) {
                let first = line.chars().next().unwrap();
                assert!(!no_line_start(first), "{max}: {line:?}");
            }
        }
        assert_eq!(
            wrap(s, 28),
            ["猫がかわいいという人もいれ", "ば、偏見もある"]
        );
        // っ ょ ー stay with the kana before them.
        assert_eq!(wrap("ちょっとコーヒー", 6), ["ちょっ", "とコー", "ヒー"]);
        // Half-width too: ｯ ｰ ､ never start a line.
        for line in wrap("ｶｯﾌﾟﾗｰﾒﾝ､ｺｰﾋｰ", 3).iter().skip(1) {
            assert!(!no_line_start(line.chars().next().unwrap()), "{line:?}");
        }
    }

    #[test]
    fn no_line_ends_with_an_opening_bracket() {
        let s = "参加者は「地域猫の会」と（町内会）";
        for max in 4..30 {
            for line in wrap(s, max) {
                let last = line.chars().next_back().unwrap();
                assert!(!no_line_end(last), "{max}: {line:?}");
            }
        }
    }

    #[test]
    fn dates_numbers_and_latin_words_stay_whole() {
        // 「2026-12-」/「20」 and 「（CS」/「R）」 were seen on screen.
        let s = "期限は2026-12-20まで、企業の社会貢献（CSR）として参加する";
        for max in 12..40 {
            let lines = wrap(s, max);
            let text = lines.concat();
            assert_eq!(text, s.replace(' ', ""), "{max}");
            assert!(
                lines.iter().any(|l| l.contains("2026-12-20")),
                "{max}: {lines:?}"
            );
            assert!(
                lines.iter().any(|l| l.contains("（CSR）")),
                "{max}: {lines:?}"
            );
        }
        assert!(wrap("予算は1,200,000円", 12).contains(&"1,200,000円"));
        // Full-width letters and digits are a word too.
        assert!(wrap("ＮＰＯ法人の２０２６年度", 8).contains(&"ＮＰＯ法"));
        // A run longer than the line is cut, as before.
        assert_eq!(wrap("2026-12-20", 4), ["2026", "-12-", "20"]);
    }

    mod generated {
        use super::super::*;
        use super::offsets;
        use proptest::prelude::*;

        /// A piece of the generated text: what it is (Latin words, digit runs and dates must
        /// not be split), and its text.
        #[derive(Clone, Debug)]
        enum Piece {
            Whole(String),
            Free(String),
            /// Punctuation or a small kana: after a word, never a run of them (a run as wide
            /// as the line could not be kept off a line's start).
            Mark(String),
        }

        fn piece() -> impl Strategy<Value = Piece> {
            const WORDS: &[&str] = &[
                "地域",
                "猫",
                "の会",
                "町内会",
                "ちょっと",
                "コーヒー",
                "ショップ",
                "きゃっ",
                "ゴミ置き場",
                "保健所",
                "ｶｯﾌﾟ",
                "ﾗｰﾒﾝ",
                "やりがい",
                "手術",
                "減らしたい",
            ];
            const MARKS: &[&str] = &[
                "、", "。", "！", "？", "ー", "・", "｡", "､", "っ", "ゃ", "ッ",
            ];
            prop_oneof![
                4 => proptest::sample::select(WORDS).prop_map(|w| Piece::Free(w.into())),
                2 => proptest::sample::select(MARKS).prop_map(|m| Piece::Mark(m.into())),
                2 => "[A-Za-z]{1,8}".prop_map(Piece::Whole),
                2 => "[0-9]{1,6}".prop_map(Piece::Whole),
                1 => (2000u32..2100, 1u32..13, 1u32..29)
                    .prop_map(|(y, m, d)| Piece::Whole(format!("{y}-{m:02}-{d:02}"))),
                1 => "[A-Z]{2,4}".prop_map(|w| Piece::Whole(format!("（{w}）"))),
                1 => proptest::sample::select(WORDS)
                    .prop_map(|w| Piece::Free(format!("「{w}」"))),
                1 => Just(Piece::Free(" ".into())),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Japanese and mixed text wrapped at widths wider than its longest unbreakable
            /// run: every line fits; no line starts with a character no line may start
            /// with, or ends with an opening bracket; no Latin word, digit run or date is
            /// split; and the lines are the text in order, nothing lost but the spaces
            /// where a line breaks.
            #[test]
            fn wrapped_japanese_keeps_the_rules(
                pieces in proptest::collection::vec(piece(), 1..40),
                max in 16usize..48,
            ) {
                let mut text = String::new();
                let mut whole = vec![];
                for p in &pieces {
                    match p {
                        Piece::Whole(w) => {
                            // Two runs side by side would be one run.
                            if text.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric()) {
                                text.push('、');
                            }
                            whole.push((text.len(), text.len() + w.len()));
                            text.push_str(w);
                        }
                        Piece::Mark(m) => {
                            if text.chars().next_back().is_some_and(|c| c != ' ' && !no_line_start(c)) {
                                text.push_str(m);
                            }
                        }
                        Piece::Free(f) => {
                            if text.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
                                && f.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                                text.push('、');
                            }
                            text.push_str(f);
                        }
                    }
                }
                let lines = wrap(&text, max);
                let at = offsets(&text, &lines);
                let mut end = 0;
                for (n, ((from, to), line)) in at.iter().zip(&lines).enumerate() {
                    prop_assert!(width(line) <= max, "{line:?} is wider than {max}");
                    prop_assert!(text[end..*from].chars().all(|c| c == ' '),
                        "lost {:?}", &text[end..*from]);
                    end = *to;
                    if n > 0 {
                        let first = line.chars().next().unwrap_or(' ');
                        prop_assert!(!no_line_start(first), "line {n} starts with {first}: {lines:?}");
                    }
                    if n + 1 < lines.len() {
                        let last = line.chars().next_back().unwrap_or(' ');
                        prop_assert!(!no_line_end(last), "line {n} ends with {last}: {lines:?}");
                    }
                    for (a, b) in &whole {
                        prop_assert!(!(a < from && from < b), "{:?} split: {lines:?}", &text[*a..*b]);
                    }
                }
                prop_assert!(text[end..].chars().all(|c| c == ' '));
            }

            /// At any width, however narrow: lines fit (but for a character wider than the
            /// line) and nothing is lost or reordered.
            #[test]
            fn any_width_loses_nothing(
                pieces in proptest::collection::vec(piece(), 0..30),
                max in 1usize..20,
            ) {
                let text: String = pieces.iter().map(|p| match p {
                    Piece::Whole(s) | Piece::Free(s) | Piece::Mark(s) => s.as_str(),
                }).collect();
                let lines = wrap(&text, max);
                let mut end = 0;
                for ((from, to), line) in offsets(&text, &lines).into_iter().zip(&lines) {
                    prop_assert!(width(line) <= max.max(2));
                    prop_assert!(text[end..from].chars().all(|c| c == ' '));
                    end = to;
                }
                prop_assert!(text[end..].chars().all(|c| c == ' '));
            }
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
