//! The workshop screen, drawn from a session and a view state. Views only read: each region
//! is a function from a `Screen` (the session, the view state, the language) to cells.
//!
//! Costs follow what is on screen: lists draw only their visible rows, nothing is cloned per
//! frame, and the history is never looked at.

pub mod activities;
pub mod evaluation_table;
pub mod overlays;
pub mod parties;
pub mod phones;
pub mod prompt;
pub mod qr;
pub mod room;
pub mod room_codes;
pub mod status_line;
pub mod step4;
pub mod step5;
pub mod step_bar;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};

use crate::core::session::Session;
use crate::i18n::Lang;
use crate::i18n::fill;
use crate::i18n::ui::Ui;

use super::keymap::Ctx;
use super::state::{
    ActionCol, EvalCol, FileStatus, IdeaCol, Pane, SaveState, TableCol, ThemeName, View, contexts,
};

/// The smallest window the workshop screen is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Styles: one palette per `ThemeName`. With `NO_COLOR` there are no colours at all; what
/// matters is also said by a mark or a word (`▶` the current step and the selected row, `[ ]`
/// the selected column, `⚠` a warning, `!` an over-time timer), never by colour alone. No text
/// is drawn faint or in dark grey: a projector washes those out (dark grey is for borders).
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
    pub name: ThemeName,
}

impl Theme {
    /// A palette, with colours unless the environment says no (`NO_COLOR`, see
    /// `state::colors_wanted`).
    pub fn new(name: ThemeName) -> Theme {
        Theme {
            color: super::state::colors_wanted(),
            name,
        }
    }

    /// A colour of the palette: for a dark background, for a light one; none on a projector
    /// or without colours.
    fn fg(&self, dark: Color, light: Color) -> Style {
        match (self.color, self.name) {
            (false, _) | (true, ThemeName::Projector) => Style::new(),
            (true, ThemeName::Dark) => Style::new().fg(dark),
            (true, ThemeName::Light) => Style::new().fg(light),
        }
    }
    pub fn plain(&self) -> Style {
        Style::new()
    }
    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    /// The selected row or cell of the focused pane (the views mark it with `▶` and brackets
    /// too).
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// The selected row of a pane without the focus.
    pub fn selected_dim(&self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
    /// Lines around and between things: structure, never information.
    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray, Color::Gray)
    }
    pub fn border_focused(&self) -> Style {
        self.fg(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    /// A pane's title: bold, in the text's own colour even on a border drawn in grey.
    pub fn title(&self) -> Style {
        self.bold().fg(Color::Reset)
    }
    pub fn heading(&self) -> Style {
        self.fg(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    /// Text that matters less than what is around it (details, notes, an empty cell's `—`):
    /// quieter where there is colour, but as readable as the rest; plain on a projector.
    pub fn dim(&self) -> Style {
        match self.name {
            ThemeName::Dark => self.fg(Color::Gray, Color::Reset),
            ThemeName::Light | ThemeName::Projector => Style::new(),
        }
    }
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow, Color::Red)
            .add_modifier(Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        let style = self.fg(Color::Red, Color::Red).add_modifier(Modifier::BOLD);
        if self.color && self.name != ThemeName::Projector {
            style
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
    }
    pub fn ok(&self) -> Style {
        self.fg(Color::Green, Color::Green)
    }
    pub fn current_step(&self) -> Style {
        match (self.color, self.name) {
            (true, ThemeName::Dark) => Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            (true, ThemeName::Light) => Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            _ => Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        }
    }
}

/// Everything a view reads.
pub struct Screen<'a> {
    pub session: &'a Session,
    pub view: &'a View,
    pub lang: Lang,
    pub file: FileStatus,
    pub theme: Theme,
    /// The keymap contexts of this view, most specific first.
    pub contexts: Vec<Ctx>,
}

impl<'a> Screen<'a> {
    pub fn new(session: &'a Session, view: &'a View, lang: Lang, file: FileStatus) -> Screen<'a> {
        Screen {
            session,
            view,
            lang,
            file,
            theme: Theme {
                color: view.color,
                name: view.theme,
            },
            contexts: contexts(view),
        }
    }

    pub fn t(&self, ui: Ui) -> &'static str {
        // An empty list in a replay says so without inviting to add (nothing can be added).
        let ui = match ui {
            Ui::EmptyParties
            | Ui::EmptyListAdd
            | Ui::EmptyActivities
            | Ui::EmptyActivitiesMain
            | Ui::EmptyParticipants
            | Ui::EmptyLinks
            | Ui::EmptyReps
                if self.view.replay =>
            {
                Ui::EmptyReplay
            }
            Ui::EmptyHost | Ui::EmptyPartners if self.view.replay => Ui::EmptyReplayParties,
            ui => ui,
        };
        ui.text(self.lang)
    }

    pub fn step(&self) -> u8 {
        self.view.step(self.session)
    }

    pub fn focused(&self, pane: Pane) -> bool {
        self.view.pane == pane && self.view.overlay.is_none()
    }
}

/// What a click or the wheel at a screen position means.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hit {
    Step(u8),
    Pane(Pane),
    Party(usize),
    /// A party pane's list (`GOAL_LISTS` index) and item.
    GoalItem {
        party: usize,
        list: usize,
        item: Option<usize>,
    },
    Activity(usize),
    TableCell {
        row: usize,
        col: TableCol,
    },
    EvalCell {
        row: usize,
        col: EvalCol,
    },
    Improvement(usize),
    IdeaCell {
        row: usize,
        col: IdeaCol,
    },
    ActionCell {
        row: usize,
        col: ActionCol,
    },
    OverlayRow(usize),
    /// The representatives line of a party's pane (index into `session.parties`).
    Representatives(usize),
    SwotItem {
        quadrant: usize,
        row: Option<usize>,
    },
}

/// A frame being drawn: the cells, where clicks land, where the editor goes.
pub struct Out<'b> {
    pub buf: &'b mut Buffer,
    pub hits: Vec<(Rect, Hit)>,
    /// Where the item being edited is (or where a new one will appear).
    pub anchor: Option<Rect>,
}

impl Out<'_> {
    pub fn hit(&mut self, rect: Rect, hit: Hit) {
        if rect.width > 0 && rect.height > 0 {
            self.hits.push((rect, hit));
        }
    }
}

/// A drawn frame's leftovers: where the terminal cursor goes (the editor's caret), and the
/// regions a mouse click can land on (later ones are on top).
#[derive(Debug, Default)]
pub struct Drawn {
    pub cursor: Option<Position>,
    pub hits: Vec<(Rect, Hit)>,
}

/// The main area's regions.
struct Regions {
    step_bar: Rect,
    prompt: Rect,
    body: Rect,
    status: Rect,
}

fn regions(s: &Screen, area: Rect) -> Regions {
    let prompt_rows = prompt::height(s, area.width);
    let [step_bar, prompt, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(prompt_rows),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Regions {
        step_bar,
        prompt,
        body,
        status,
    }
}

/// Draw the workshop screen (or, in a window smaller than it is laid out for, say so).
pub fn draw(s: &Screen, area: Rect, buf: &mut Buffer) -> Drawn {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(s, area, buf);
        return Drawn::default();
    }
    draw_in(s, area, buf)
}

/// Draw the workshop screen in `area` whatever its size: for a screen that puts something
/// of its own beside it (the replay's timeline) and has checked the window's size itself.
pub fn draw_in(s: &Screen, area: Rect, buf: &mut Buffer) -> Drawn {
    let mut out = Out {
        buf,
        hits: vec![],
        anchor: None,
    };
    let r = regions(s, area);
    step_bar::render(s, r.step_bar, &mut out);
    prompt::render(s, r.prompt, &mut out);
    match s.step() {
        1 | 2 => {
            // Step 2 gives the partners' panes the room; step 1 the activities a little more.
            let activities_w = if s.step() == 1 {
                (r.body.width / 4).clamp(22, 40)
            } else {
                (r.body.width / 6).clamp(22, 40)
            };
            let [parties_area, goals_area, activities_area] = Layout::horizontal([
                Constraint::Length(parties::list_width(s, r.body.width)),
                Constraint::Fill(1),
                Constraint::Length(activities_w),
            ])
            .areas(r.body);
            parties::render_party_list(s, parties_area, &mut out);
            parties::render_goals(s, goals_area, &mut out);
            activities::render(s, activities_area, &mut out, false);
        }
        step => {
            let [list_area, detail] = Layout::horizontal([
                Constraint::Length((r.body.width * 3 / 10).clamp(24, 44)),
                Constraint::Fill(1),
            ])
            .areas(r.body);
            activities::render(s, list_area, &mut out, true);
            match step {
                3 => evaluation_table::render(s, detail, &mut out),
                4 => step4::render(s, detail, &mut out),
                _ => step5::render(s, detail, &mut out),
            }
        }
    }
    status_line::render(s, r.status, &mut out);
    if s.view.overlay.is_some() {
        overlays::render(s, r.body, &mut out);
    }
    let cursor = s
        .view
        .editor
        .as_ref()
        .map(|editor| overlays::render_editor(s, editor, area, &mut out));
    Drawn {
        cursor,
        hits: out.hits,
    }
}

/// The message for a window too small for the screen, in its middle.
pub fn too_small(s: &Screen, area: Rect, buf: &mut Buffer) {
    let text = fill(
        s.t(Ui::TooSmall),
        &[
            ("w", &area.width.to_string()),
            ("h", &area.height.to_string()),
            ("min_w", &MIN_WIDTH.to_string()),
            ("min_h", &MIN_HEIGHT.to_string()),
        ],
    );
    let lines = crate::text::wrap(&text, usize::from(area.width.max(1)));
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let w = crate::text::width(line) as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        buf.set_stringn(x, y, line, usize::from(area.width), s.theme.warn());
    }
}

/// Draw the workshop screen for a session and a view state into a new buffer of the given
/// size, without a terminal or an open document: for replay and `sori render`. Nothing is
/// editable in what it draws (the status line says so).
pub fn render_workshop(
    session: &Session,
    view: &View,
    lang: Lang,
    name: &str,
    width: u16,
    height: u16,
) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    render_workshop_into(session, view, lang, name, &mut buf);
    buf
}

/// The same into an existing buffer (cleared first), so a replay can reuse one buffer for
/// every frame.
pub fn render_workshop_into(
    session: &Session,
    view: &View,
    lang: Lang,
    name: &str,
    buf: &mut Buffer,
) -> Drawn {
    buf.reset();
    let file = FileStatus {
        name: name.to_string(),
        state: SaveState::Snapshot,
        minutes_stale: false,
    };
    let screen = Screen::new(session, view, lang, file);
    let area = buf.area;
    draw(&screen, area, buf)
}

/// A buffer as text, one line per row: wide characters once, the cells they cover skipped.
/// For snapshots, `sori render` and tests.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            let w = crate::text::width(symbol);
            skip = w.saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
