//! The step bar across the top: the meeting's title, the five steps with the current one
//! marked (`▶`), and the current step's timer (elapsed / timebox; `!` when over time).

use ratatui::layout::Rect;

use super::widgets::put;
use super::{Hit, Out, Screen};
use crate::core::session::{Lang, STEPS, StepState};
use crate::core::stamp::Stamp;
use crate::i18n::Term;
use crate::i18n::ui::Ui;
use crate::text;

/// `mm:ss`, or `h:mm:ss` from an hour on.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// The five steps' short names with their numbers, the current one marked `▶`.
pub fn step_labels(lang: Lang, current: u8) -> Vec<String> {
    (1..=STEPS)
        .map(|n| {
            let name = Term::step_short(n).text(lang);
            if n == current {
                format!("▶{n} {name} ")
            } else {
                format!(" {n} {name} ")
            }
        })
        .collect()
}

/// The timer as shown: its words and whether it is over time.
pub fn timer_text(s: &Screen, st: &StepState, now: &Stamp) -> (String, bool) {
    let spent = st.spent_at(now);
    let timebox = u64::from(st.timebox_min) * 60;
    let over = timebox > 0 && spent > timebox;
    let word = if over {
        s.t(Ui::TimerOver)
    } else if st.running_since.is_some() {
        s.t(Ui::TimerRunning)
    } else {
        s.t(Ui::TimerPaused)
    };
    let mark = if over { "! " } else { "" };
    (
        format!("{mark}{word} {}/{}", clock(spent), clock(timebox)),
        over,
    )
}

pub fn render(s: &Screen, area: Rect, out: &mut Out) {
    let step = s.step();
    let st = &s.session.meta.steps.get(usize::from(step) - 1);
    let (timer, over) = st
        .map(|st| timer_text(s, st, &s.view.clock))
        .unwrap_or_default();
    let timer_w = text::width(&timer) as u16;

    let labels = step_labels(s.lang, step);
    let steps_w: u16 = labels.iter().map(|l| text::width(l) as u16).sum();

    let mut x = area.x;
    let title = text::clean_line(&s.session.meta.title);
    // No title yet (`sori new` without --title): say where to give it one.
    let (title, style) = if title.trim().is_empty() && !s.view.replay {
        (s.t(Ui::UntitledHint).into(), s.theme.dim())
    } else {
        (title, s.theme.title())
    };
    let room_for_title = area.width.saturating_sub(steps_w + timer_w + 4).min(30);
    if room_for_title >= 6 && !title.is_empty() {
        let t = text::fit(&title, usize::from(room_for_title));
        x += put(out, x, area.y, &t, usize::from(room_for_title), style);
        x += put(out, x, area.y, " │", 2, s.theme.border());
    }
    for (i, label) in labels.iter().enumerate() {
        let n = i as u8 + 1;
        let style = if n == step {
            s.theme.current_step()
        } else {
            s.theme.dim()
        };
        let max = usize::from(area.right().saturating_sub(x));
        let w = put(out, x, area.y, label, max, style);
        out.hit(Rect::new(x, area.y, w, 1), Hit::Step(n));
        x += w;
    }
    if timer_w > 0 && x + timer_w < area.right() {
        let style = if over {
            s.theme.warn()
        } else if st.is_some_and(|st| st.running_since.is_some()) {
            s.theme.ok()
        } else {
            // Paused: still the time the room reads, never faint.
            s.theme.plain()
        };
        put(
            out,
            area.right() - timer_w,
            area.y,
            &timer,
            usize::from(timer_w),
            style,
        );
    }
}
