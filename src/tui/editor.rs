//! The text editor: a `ratatui-textarea` that moves and deletes by grapheme, so the caret
//! never sits inside ｶﾞ, an emoji or a letter with a combining mark, and that reports where
//! the caret is on screen (the real terminal cursor goes there, so the IME window follows).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_segmentation::UnicodeSegmentation;

use super::keymap::Action;
use crate::core::limits::TextSize;
use crate::core::session::{Id, ListRef, PartyList, TextField};
use crate::text;

/// What the editor's text becomes when saved.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum EditTarget {
    /// An existing text field.
    Text(TextField),
    /// A new item at the end of a list.
    NewItem(ListRef),
    NewParty,
    /// A new party that becomes the host (step 1 had none).
    NewHost,
    NewActivity,
    NewAction,
    NewIdea,
    /// A new purpose or challenge of a party, linked at once to its row in an activity.
    NewLinkedItem {
        activity: Id,
        party: Id,
        list: PartyList,
    },
    /// The meeting's date and start time, typed as local `2026-11-27 14:00`.
    Start,
    /// When the meeting closed, typed like the start.
    End,
    /// The next meeting's date and start time, typed like the start.
    NextStart,
    /// A step's timebox in minutes (step 1–5).
    Timebox(u8),
    /// A search of the replay's events: never saved to the session.
    Search,
    /// A contribution from a phone (its number), accepted with the text typed.
    Proposal(u64),
}

impl EditTarget {
    /// How long a text this editor saves may be (`core::limits`); `None` for what is not
    /// saved as text (a time, a number, a search).
    pub fn text_size(&self) -> Option<TextSize> {
        Some(match self {
            EditTarget::Text(field) => TextSize::of(field),
            EditTarget::NewItem(_)
            | EditTarget::NewLinkedItem { .. }
            | EditTarget::NewAction
            | EditTarget::Proposal(_) => TextSize::Text,
            EditTarget::NewParty
            | EditTarget::NewHost
            | EditTarget::NewActivity
            | EditTarget::NewIdea => TextSize::Line,
            EditTarget::Start
            | EditTarget::End
            | EditTarget::NextStart
            | EditTarget::Timebox(_)
            | EditTarget::Search => return None,
        })
    }

    /// Whether this is a cell of a table's row, where typing flows on to the next cell (Enter,
    /// Tab) or back (Shift-Tab): the 相利評価表's role and benefit, step 4's comment, step 5's
    /// ideas and action items.
    pub fn in_table(&self) -> bool {
        matches!(
            self,
            EditTarget::Text(
                TextField::Role(..)
                    | TextField::Benefit(..)
                    | TextField::EvaluationComment(..)
                    | TextField::IdeaName(_)
                    | TextField::IdeaWhy(_)
                    | TextField::ActionWhat(_)
                    | TextField::ActionWho(_)
                    | TextField::ActionDue(_)
            ) | EditTarget::NewIdea
                | EditTarget::NewAction
        )
    }
}

#[derive(Clone, Debug)]
pub struct Editor {
    pub target: EditTarget,
    area: TextArea<'static>,
    /// The text as it was when editing began (after making it safe to show).
    original: String,
}

impl Editor {
    pub fn new(target: EditTarget, initial: &str) -> Editor {
        // Text from a file may hold escape sequences: the editor shows (and saves, if the
        // text is changed) visible placeholders instead.
        let original = text::clean(initial).into_owned();
        let lines: Vec<String> = original.split('\n').map(str::to_string).collect();
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(Style::default());
        // The real terminal cursor marks the caret (the IME window follows it).
        area.set_cursor_style(Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Editor {
            target,
            area,
            original,
        }
    }

    /// The text as typed, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Whether the text differs from what editing began with.
    pub fn changed(&self) -> bool {
        self.text() != self.original
    }

    /// The caret as (line, character) in the text.
    pub fn caret(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    /// Apply an editing action; other actions are ignored.
    pub fn apply(&mut self, action: &Action) {
        match action {
            Action::EdLeft => self.step_back(),
            Action::EdRight => self.step_forward(),
            Action::EdWordLeft => {
                self.area.move_cursor(CursorMove::WordBack);
                self.snap_back();
            }
            Action::EdWordRight => {
                self.area.move_cursor(CursorMove::WordForward);
                self.snap_forward();
            }
            Action::EdHome => self.area.move_cursor(CursorMove::Head),
            Action::EdEnd => self.area.move_cursor(CursorMove::End),
            Action::EdUp => {
                self.area.move_cursor(CursorMove::Up);
                self.snap_back();
            }
            Action::EdDown => {
                self.area.move_cursor(CursorMove::Down);
                self.snap_back();
            }
            Action::EdBackspace => self.backspace(),
            Action::EdDelete => self.delete(),
            Action::EdDeleteWord => {
                self.area.delete_word();
            }
            Action::EdDeleteToEnd => {
                self.area.delete_line_by_end();
            }
            Action::EdDeleteToHead => {
                self.area.delete_line_by_head();
            }
            Action::EdUndo => {
                self.area.undo();
            }
            Action::EdRedo => {
                self.area.redo();
            }
            Action::EdNewline => self.area.insert_newline(),
            Action::Type(c) => self.area.insert_char(*c),
            Action::Paste(s) => self.paste(s),
            _ => {}
        }
    }

    /// Insert pasted text whole: line breaks kept, other control characters dropped.
    pub fn paste(&mut self, s: &str) {
        self.area.insert_str(text::typed(s));
    }

    /// Char offsets in `line` where graphemes start (and its end).
    fn boundaries(line: &str) -> Vec<usize> {
        let mut out = vec![0];
        let mut chars = 0;
        for g in line.graphemes(true) {
            chars += g.chars().count();
            out.push(chars);
        }
        out
    }

    fn on_boundary(&self) -> bool {
        let (row, col) = self.caret();
        Self::boundaries(&self.area.lines()[row]).contains(&col)
    }

    fn snap_back(&mut self) {
        while !self.on_boundary() {
            self.area.move_cursor(CursorMove::Back);
        }
    }

    fn snap_forward(&mut self) {
        while !self.on_boundary() {
            self.area.move_cursor(CursorMove::Forward);
        }
    }

    fn step_forward(&mut self) {
        self.area.move_cursor(CursorMove::Forward);
        self.snap_forward();
    }

    fn step_back(&mut self) {
        self.area.move_cursor(CursorMove::Back);
        self.snap_back();
    }

    /// Delete the grapheme before the caret (or join with the line above).
    fn backspace(&mut self) {
        let (row, col) = self.caret();
        if col == 0 {
            self.area.delete_char();
            return;
        }
        let bounds = Self::boundaries(&self.area.lines()[row]);
        let start = bounds
            .iter()
            .rev()
            .find(|&&b| b < col)
            .copied()
            .unwrap_or(0);
        for _ in start..col {
            self.area.delete_char();
        }
    }

    /// Delete the grapheme after the caret (or join with the line below).
    fn delete(&mut self) {
        let (row, col) = self.caret();
        let line = &self.area.lines()[row];
        let bounds = Self::boundaries(line);
        match bounds.iter().find(|&&b| b > col) {
            Some(&end) => {
                for _ in col..end {
                    self.area.delete_next_char();
                }
            }
            None => {
                self.area.delete_next_char();
            }
        }
    }

    /// Screen rows the text needs at `width` cells (at least one).
    pub fn rows(&self, width: u16) -> u16 {
        let rows: usize = self
            .area
            .lines()
            .iter()
            .map(|l| text::wrapped_height(l, usize::from(width.max(1))))
            .sum();
        rows.max(1).min(usize::from(u16::MAX)) as u16
    }

    /// Draw the text in `area` and return where the caret is on screen.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Position {
        self.area.render(area, buf);
        let screen = self.area.screen_cursor();
        let (top, left) = self.area.scroll_offset();
        let x = area
            .x
            .saturating_add((screen.col as u16).saturating_sub(left));
        let y = area
            .y
            .saturating_add((screen.row as u16).saturating_sub(top));
        Position {
            x: x.min(area.right().saturating_sub(1)).max(area.x),
            y: y.min(area.bottom().saturating_sub(1)).max(area.y),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Editor {
        let mut e = Editor::new(EditTarget::NewParty, "");
        for c in s.chars() {
            e.apply(&Action::Type(c));
        }
        e
    }

    fn caret_x(e: &Editor, width: u16) -> (u16, u16) {
        let area = Rect::new(3, 2, width, 3);
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 8));
        let p = e.render(area, &mut buf);
        (p.x - area.x, p.y - area.y)
    }

    #[test]
    fn caret_after_kanji_sits_two_cells_per_character() {
        let e = typed("野良猫");
        assert_eq!(caret_x(&e, 30), (6, 0));
    }

    #[test]
    fn half_width_kana_with_sound_mark_is_one_step_of_two_cells() {
        let mut e = typed("ｶﾞｷ");
        assert_eq!(caret_x(&e, 30), (3, 0));
        e.apply(&Action::EdLeft);
        assert_eq!(caret_x(&e, 30), (2, 0));
        e.apply(&Action::EdLeft);
        assert_eq!(caret_x(&e, 30), (0, 0), "ｶﾞ is passed in one step");
        e.apply(&Action::EdRight);
        assert_eq!(caret_x(&e, 30), (2, 0));
        e.apply(&Action::EdBackspace);
        assert_eq!(e.text(), "ｷ", "backspace removes ｶﾞ whole");
        assert_eq!(caret_x(&e, 30), (0, 0));
    }

    #[test]
    fn emoji_and_combining_marks_move_as_one() {
        let mut e = typed("a🐈e\u{301}b");
        assert_eq!(caret_x(&e, 30), (5, 0));
        e.apply(&Action::EdLeft);
        assert_eq!(caret_x(&e, 30), (4, 0));
        e.apply(&Action::EdLeft);
        assert_eq!(
            caret_x(&e, 30),
            (3, 0),
            "é with a combining mark is one step"
        );
        e.apply(&Action::EdLeft);
        assert_eq!(
            caret_x(&e, 30),
            (1, 0),
            "the emoji is one step of two cells"
        );
        e.apply(&Action::EdDelete);
        assert_eq!(e.text(), "ae\u{301}b");
        assert_eq!(caret_x(&e, 30), (1, 0));
        e.apply(&Action::EdRight);
        assert_eq!(caret_x(&e, 30), (2, 0));
        e.apply(&Action::EdBackspace);
        assert_eq!(e.text(), "ab", "backspace removes é with its mark");
        assert_eq!(caret_x(&e, 30), (1, 0));
    }

    #[test]
    fn insert_in_the_middle_of_japanese_text() {
        let mut e = typed("猫トラブル");
        e.apply(&Action::EdHome);
        e.apply(&Action::EdRight);
        for c in "の".chars() {
            e.apply(&Action::Type(c));
        }
        assert_eq!(e.text(), "猫のトラブル");
        assert_eq!(caret_x(&e, 30), (4, 0));
        e.apply(&Action::EdEnd);
        assert_eq!(caret_x(&e, 30), (12, 0));
    }

    #[test]
    fn caret_wraps_to_the_next_row_without_cutting_a_wide_character() {
        // Five cells wide: two kanji fit on a row, the third goes below.
        let e = typed("野良猫");
        assert_eq!(caret_x(&e, 5), (2, 1));
    }

    #[test]
    fn paste_arrives_whole_with_its_line_breaks() {
        let mut e = typed("前");
        e.apply(&Action::Paste("一行目\r\n二行目\n\u{1b}[31m三行目".into()));
        // The escape character is dropped; what follows it is plain text.
        assert_eq!(e.text(), "前一行目\n二行目\n[31m三行目");
        assert_eq!(caret_x(&e, 30), (10, 2));
    }

    #[test]
    fn alt_enter_inserts_a_line_break() {
        let mut e = typed("一");
        e.apply(&Action::EdNewline);
        e.apply(&Action::Type('二'));
        assert_eq!(e.text(), "一\n二");
        assert_eq!(caret_x(&e, 30), (2, 1));
    }

    #[test]
    fn text_from_a_file_is_made_safe_before_editing() {
        let e = Editor::new(EditTarget::NewParty, "a\u{1b}[2Jb\u{202E}c");
        assert_eq!(e.text(), "a\u{241b}[2Jb\u{FFFD}c");
        assert!(!e.changed());
    }
}
