//! Terminal events become `Action`s here, for every screen (the workshop, the replay, the
//! picker): a key through the keymap for the screen's active contexts, a printable character
//! as `Type` while something is being typed, a paste whole, a click or the wheel. The screen
//! then gives the action to its `update`.

use ratatui::crossterm::event::{Event, KeyEventKind, MouseEventKind};

use super::keymap::{Action, Ctx, KeyPat, lookup, typed_char};

/// The action a terminal event asks for on a screen whose active contexts are `contexts`
/// (most specific first). `typing`: an editor is open, so a key the table does not name
/// types its character.
pub fn action(ev: &Event, contexts: &[Ctx], typing: bool) -> Option<Action> {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let pat = KeyPat::from_event(key);
            match lookup(contexts, pat) {
                Some(binding) => Some(binding.action.clone()),
                None if typing => typed_char(pat).map(Action::Type),
                None => None,
            }
        }
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(_) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// A key pressed (not released): the screen's last message goes, whatever the key does.
pub fn is_key_press(ev: &Event) -> bool {
    matches!(ev, Event::Key(key) if key.kind != KeyEventKind::Release)
}

/// Whether the screen is drawn again after this event: after a key pressed (even one that
/// does nothing: its message went), a paste, a click, the wheel, a new size. Not after a
/// released key or the mouse moving.
pub fn redraws(ev: &Event) -> bool {
    match ev {
        Event::Key(_) => is_key_press(ev),
        Event::Paste(_) | Event::Resize(..) => true,
        Event::Mouse(m) => matches!(
            m.kind,
            MouseEventKind::Down(_) | MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn keys_go_through_the_table_and_type_only_while_typing() {
        let list = [
            Ctx::List,
            Ctx::Nav,
            Ctx::Workshop,
            Ctx::Changes,
            Ctx::Global,
        ];
        assert_eq!(
            action(&key(KeyCode::Char('a')), &list, false),
            Some(Action::Add)
        );
        assert_eq!(action(&key(KeyCode::Char('ü')), &list, false), None);
        let editor = [Ctx::Editor, Ctx::Global];
        assert_eq!(
            action(&key(KeyCode::Char('a')), &editor, true),
            Some(Action::Type('a'))
        );
        assert_eq!(
            action(&key(KeyCode::Enter), &editor, true),
            Some(Action::EdSave)
        );
        let mut released = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        released.kind = KeyEventKind::Release;
        assert_eq!(action(&Event::Key(released), &list, false), None);
        assert!(!redraws(&Event::Key(released)));
    }

    #[test]
    fn the_mouse_clicks_and_scrolls_and_moving_it_does_nothing() {
        let mouse = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 3,
                row: 4,
                modifiers: KeyModifiers::NONE,
            })
        };
        let down = mouse(MouseEventKind::Down(
            ratatui::crossterm::event::MouseButton::Left,
        ));
        assert_eq!(
            action(&down, &[], false),
            Some(Action::Click { column: 3, row: 4 })
        );
        let wheel = mouse(MouseEventKind::ScrollUp);
        assert_eq!(
            action(&wheel, &[], false),
            Some(Action::Scroll {
                column: 3,
                row: 4,
                down: false
            })
        );
        let moved = mouse(MouseEventKind::Moved);
        assert_eq!(action(&moved, &[], false), None);
        assert!(redraws(&down) && redraws(&wheel) && !redraws(&moved));
        assert!(redraws(&Event::Resize(80, 24)));
    }
}
