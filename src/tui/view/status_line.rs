//! The status line: the file, whether every change is saved (or why not, or that this sori
//! only reads), and either the last message or the few keys that matter right now.

use ratatui::layout::Rect;

use super::widgets::put;
use super::{Out, Screen};
use crate::i18n::ui::Ui;
use crate::text;
use crate::tui::keymap::{Ctx, hints};
use crate::tui::state::SaveState;

pub fn render(s: &Screen, area: Rect, out: &mut Out) {
    let mut x = area.x;
    let right = area.right();
    let name = text::clean_line(&s.file.name);
    let name = text::fit(&name, 24);
    x += put(
        out,
        x,
        area.y,
        &name,
        usize::from(right - x),
        s.theme.bold(),
    );
    x += put(out, x, area.y, " ", 1, s.theme.plain());
    let (state, style) = match &s.file.state {
        SaveState::Saved => (s.t(Ui::Saved).to_string(), s.theme.ok()),
        SaveState::NotSaved(e) => (
            format!("{}{}", s.t(Ui::NotSaved), text::clean_line(e)),
            s.theme.error(),
        ),
        SaveState::ReadOnly => (s.t(Ui::ReadOnly).to_string(), s.theme.warn()),
        SaveState::Snapshot => (s.t(Ui::Snapshot).to_string(), s.theme.dim()),
        SaveState::Replay => (s.t(Ui::Replaying).to_string(), s.theme.dim()),
    };
    let state = text::fit(&state, usize::from(right.saturating_sub(x)) / 2);
    x += put(out, x, area.y, &state, usize::from(right - x), style);
    if s.file.minutes_stale && x < right {
        // The minutes `x` wrote are behind the session: quitting writes them again.
        let stale = format!(" · {}", s.t(Ui::MinutesStale));
        let stale = text::fit(&stale, usize::from(right.saturating_sub(x)) / 2);
        x += put(
            out,
            x,
            area.y,
            &stale,
            usize::from(right - x),
            s.theme.warn(),
        );
    }
    x += put(out, x, area.y, " │ ", 3, s.theme.border());
    if x >= right {
        return;
    }
    if let Some(m) = &s.view.message {
        let (text, style) = if m.warn {
            (format!("{}{}", s.t(Ui::WarnMark), m.text), s.theme.warn())
        } else {
            (m.text.clone(), s.theme.plain())
        };
        let text = text::clean_line(&text);
        let text = text::fit(&text, usize::from(right - x));
        put(out, x, area.y, &text, usize::from(right - x), style);
        return;
    }
    // A replay hints at its own keys only: the others would change the session.
    let hinted = if s.view.replay && s.contexts.contains(&Ctx::Replay) {
        &[Ctx::Replay][..]
    } else {
        &s.contexts[..]
    };
    for (key, what) in hints(hinted, s.lang) {
        let need = (text::width(&key) + text::width(what) + 3) as u16;
        if x + need > right {
            break;
        }
        x += put(
            out,
            x,
            area.y,
            &key,
            usize::from(right - x),
            s.theme.heading(),
        );
        x += put(out, x, area.y, " ", 1, s.theme.plain());
        x += put(
            out,
            x,
            area.y,
            what,
            usize::from(right - x),
            s.theme.plain(),
        );
        x += put(out, x, area.y, "  ", 2, s.theme.plain());
    }
}
