//! The prompt under the step bar: the step's name and the question it asks the room, and the
//! step's notes when there are any.

use ratatui::layout::Rect;

use super::widgets::put;
use super::{Out, Screen};
use crate::i18n::Term;
use crate::i18n::ui::Ui;
use crate::text;

fn question(s: &Screen) -> String {
    let step = s.step();
    format!(
        "{step} {}: {}",
        Term::step(step).text(s.lang),
        Term::prompt(step).text(s.lang)
    )
}

fn notes(s: &Screen) -> Option<String> {
    let st = s.session.meta.steps.get(usize::from(s.step()) - 1)?;
    let first = st.notes.trim();
    (!first.is_empty()).then(|| format!("{}: {}", s.t(Ui::StepNotes), text::clean_line(first)))
}

/// Rows the prompt takes at this width: the question (at most two rows) and the notes.
pub fn height(s: &Screen, width: u16) -> u16 {
    let q = text::wrapped_height(&question(s), usize::from(width)).min(2) as u16;
    q + u16::from(notes(s).is_some())
}

pub fn render(s: &Screen, area: Rect, out: &mut Out) {
    let q = question(s);
    let lines = text::wrap(&q, usize::from(area.width));
    let mut y = area.y;
    let q_rows = (lines.len() as u16).min(2);
    for (i, line) in lines.iter().take(usize::from(q_rows)).enumerate() {
        let line = if i + 1 == usize::from(q_rows) && lines.len() > 2 {
            text::fit(&format!("{line}…"), usize::from(area.width)).into_owned()
        } else {
            line.to_string()
        };
        put(
            out,
            area.x,
            y,
            &line,
            usize::from(area.width),
            s.theme.bold(),
        );
        y += 1;
    }
    if let Some(n) = notes(s)
        && y < area.bottom()
    {
        let n = text::fit(&n, usize::from(area.width));
        put(out, area.x, y, &n, usize::from(area.width), s.theme.dim());
    }
}
