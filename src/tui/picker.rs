//! The picker `sori` shows with no arguments: start a new session, open a recent one, or try
//! a bundled example. An example opens as a copy in the data folder, so the example itself
//! never changes.

use std::cell::Cell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Position, Rect};

use crate::bundled::{self, Example};
use crate::core::stamp::Stamp;
use crate::core::start::{FollowUp, NewSession, follow_up_events, new_session_events};
use crate::i18n::Lang;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::store::create::{copy_example, create_session, path_for_new};
use crate::store::listing::{SessionSummary, list_sessions};
use crate::store::{parse, paths};

use super::editor::{EditTarget, Editor};
use super::input;
use super::keymap::{Action, Ctx, hints};
use super::state::ThemeName;
use super::terminal::Tui;
use super::view::widgets::{ListRow, ListSpec, list, pane, popup, put};
use super::view::{Drawn, Hit, MIN_HEIGHT, MIN_WIDTH, Out, Theme};
use crate::text;

/// A row of the picker.
pub enum Entry {
    New,
    Recent(SessionSummary),
    Example {
        example: &'static Example,
        title: String,
    },
}

/// What the new-session prompt asks: the title, the host, then the partners one by one (an
/// empty line finishes, as `sori new --party` takes them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ask {
    Title,
    Host,
    Party,
}

/// The new session so far.
#[derive(Clone, Debug, Default)]
struct Draft {
    title: String,
    host: String,
    parties: Vec<String>,
}

pub struct Picker {
    pub lang: Lang,
    pub entries: Vec<Entry>,
    pub selected: usize,
    scroll: Cell<usize>,
    /// The new-session prompt, with what it was told so far.
    prompt: Option<(Ask, Editor, Draft)>,
    message: Option<String>,
    theme: Theme,
    hits: Vec<(Rect, Hit)>,
    /// The session to open, once chosen.
    pub chosen: Option<PathBuf>,
    pub quit: bool,
}

impl Picker {
    pub fn new(lang: Lang, theme: ThemeName) -> Picker {
        let mut entries = vec![Entry::New];
        entries.extend(
            list_sessions(&paths::sessions_dir())
                .into_iter()
                .map(Entry::Recent),
        );
        for example in bundled::examples() {
            let title = parse(std::path::Path::new(example.file), example.yaml.as_bytes())
                .map(|(s, _)| s.meta.title)
                .unwrap_or_default();
            entries.push(Entry::Example { example, title });
        }
        Picker {
            lang,
            entries,
            selected: 0,
            scroll: Cell::new(0),
            prompt: None,
            message: None,
            theme: Theme::new(theme),
            hits: vec![],
            chosen: None,
            quit: false,
        }
    }

    fn t(&self, ui: Ui) -> &'static str {
        ui.text(self.lang)
    }

    fn contexts(&self) -> Vec<Ctx> {
        if self.prompt.is_some() {
            vec![Ctx::Editor, Ctx::Global]
        } else {
            vec![Ctx::Picker, Ctx::Global]
        }
    }

    pub fn update(&mut self, action: Action) {
        if let Some((ask, mut editor, mut draft)) = self.prompt.take() {
            match action {
                Action::EdSave => {
                    let typed = editor.text().trim().to_string();
                    let editor = Editor::new(EditTarget::NewParty, "");
                    match ask {
                        Ask::Title => {
                            draft.title = typed;
                            self.prompt = Some((Ask::Host, editor, draft));
                        }
                        Ask::Host => {
                            draft.host = typed;
                            self.prompt = Some((Ask::Party, editor, draft));
                        }
                        Ask::Party if typed.is_empty() => self.create(&draft),
                        Ask::Party => {
                            draft.parties.push(typed);
                            self.prompt = Some((Ask::Party, editor, draft));
                        }
                    }
                }
                Action::EdCancel => {}
                Action::Quit => self.quit = true,
                text if text.edits_text() => {
                    editor.apply(&text);
                    self.prompt = Some((ask, editor, draft));
                }
                // The list waits while the prompt is open.
                _ => self.prompt = Some((ask, editor, draft)),
            }
            return;
        }
        let last = self.entries.len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Quit => self.quit = true,
            Action::NewSession => self.ask_title(),
            Action::FollowUp => self.follow_up(),
            Action::Open => self.open(),
            Action::Click { column, row } => {
                let p = Position { x: column, y: row };
                if let Some((_, Hit::OverlayRow(i))) =
                    self.hits.iter().rev().find(|(r, _)| r.contains(p))
                {
                    if self.selected == *i {
                        self.open();
                    } else {
                        self.selected = *i;
                    }
                }
            }
            Action::Scroll { down, .. } => {
                self.update(if down { Action::Down } else { Action::Up });
            }
            // Not a key of the picker's table.
            _ => {}
        }
    }

    fn ask_title(&mut self) {
        self.prompt = Some((
            Ask::Title,
            Editor::new(EditTarget::NewParty, ""),
            Draft::default(),
        ));
    }

    fn open(&mut self) {
        match self.entries.get(self.selected) {
            Some(Entry::New) => self.ask_title(),
            Some(Entry::Recent(s)) => {
                self.chosen = Some(s.path.clone());
                self.quit = true;
            }
            Some(Entry::Example { example, .. }) => {
                match copy_example(example.file, example.yaml) {
                    Ok(path) => {
                        self.chosen = Some(path);
                        self.quit = true;
                    }
                    Err(e) => self.message = Some(e),
                }
            }
            None => {}
        }
    }

    /// Create a new session in the data folder and choose it.
    fn create(&mut self, draft: &Draft) {
        let now = Stamp::now();
        let events = new_session_events(
            &NewSession {
                title: draft.title.clone(),
                lang: self.lang,
                host: (!draft.host.is_empty()).then(|| draft.host.clone()),
                parties: draft.parties.clone(),
                ..NewSession::default()
            },
            now,
        );
        self.create_from(events, now);
    }

    /// A follow-up meeting of the selected recent session (`sori new --from`): made in the data
    /// folder and chosen.
    fn follow_up(&mut self) {
        let Some(Entry::Recent(summary)) = self.entries.get(self.selected) else {
            self.message = Some(self.t(Ui::PickerFollowUpWhich).to_string());
            return;
        };
        let old = match crate::store::peek::load_state(&summary.path) {
            Ok(current) => current.session,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let now = Stamp::now();
        let opts = FollowUp {
            lang: old.meta.lang,
            ..FollowUp::default()
        };
        self.create_from(follow_up_events(&old, &opts, now), now);
    }

    /// A new session made of `events` in the data folder, named after its date and title, and
    /// chosen.
    fn create_from(&mut self, events: Vec<crate::core::event::Event>, now: Stamp) {
        let path = match path_for_new(&events, now) {
            Ok(path) => path,
            Err((dir, e)) => {
                self.message = Some(format!("{}: {e}", dir.display()));
                return;
            }
        };
        match create_session(&path, events, now) {
            Ok(doc) => {
                // Let go of the lock (and its file): the workshop opens the file again.
                let _ = doc.close();
                self.chosen = Some(path);
                self.quit = true;
            }
            Err(e) => self.message = Some(e),
        }
    }

    fn row<'a>(&'a self, i: usize) -> ListRow<'a> {
        match &self.entries[i] {
            Entry::New => ListRow::new(self.t(Ui::PickerNew).into())
                .mark("+ ", self.theme.bold())
                .style(self.theme.bold()),
            Entry::Recent(s) => {
                let title = if s.title.is_empty() {
                    self.t(Ui::Untitled)
                } else {
                    s.title.as_str()
                };
                let date = s.start.map(|t| t.ymd()).unwrap_or_default();
                let step = fill(self.t(Ui::PickerStep), &[("n", &s.progress.to_string())]);
                let file = s
                    .path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ListRow::new(title.into())
                    .mark("  ", self.theme.plain())
                    .detail(format!(
                        "{date} · {step} · {} · {file}",
                        s.parties.join(self.t(Ui::ListSep))
                    ))
            }
            Entry::Example { example, title } => ListRow::new(title.as_str().into())
                .mark(self.t(Ui::PickerExampleMark), self.theme.heading())
                .detail(example.file),
        }
    }
}

impl Tui for Picker {
    fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        let mut out = Out {
            buf,
            hits: vec![],
            anchor: None,
        };
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = fill(
                self.t(Ui::TooSmall),
                &[
                    ("w", &area.width.to_string()),
                    ("h", &area.height.to_string()),
                    ("min_w", &MIN_WIDTH.to_string()),
                    ("min_h", &MIN_HEIGHT.to_string()),
                ],
            );
            for (n, line) in text::wrap(&msg, usize::from(area.width.max(1)))
                .iter()
                .enumerate()
            {
                if n as u16 >= area.height {
                    break;
                }
                put(
                    &mut out,
                    area.x,
                    area.y + n as u16,
                    line,
                    usize::from(area.width),
                    self.theme.warn(),
                );
            }
            return Drawn::default();
        }
        let [top, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        put(
            &mut out,
            top.x,
            top.y,
            self.t(Ui::PickerHeading),
            usize::from(top.width),
            self.theme.title(),
        );
        let inner = pane(
            self.theme,
            &mut out,
            body,
            self.t(Ui::PickerTitle),
            self.prompt.is_none(),
        );
        list(
            self.theme,
            &mut out,
            inner,
            ListSpec {
                len: self.entries.len(),
                selected: self.selected,
                focused: self.prompt.is_none(),
                quiet: true,
                scroll: &self.scroll,
                wrap: false,
                edit: None,
                empty: "",
            },
            |i| self.row(i),
            Hit::OverlayRow,
        );
        let mut x = status.x;
        if let Some(m) = &self.message {
            let m = text::clean_line(m);
            put(
                &mut out,
                x,
                status.y,
                &format!("! {m}"),
                usize::from(status.width),
                self.theme.error(),
            );
        } else {
            for (key, what) in hints(&self.contexts(), self.lang) {
                let need = (text::width(&key) + text::width(what) + 3) as u16;
                if x + need > status.right() {
                    break;
                }
                x += put(
                    &mut out,
                    x,
                    status.y,
                    &key,
                    usize::from(status.width),
                    self.theme.heading(),
                );
                x += put(&mut out, x, status.y, " ", 1, self.theme.plain());
                x += put(
                    &mut out,
                    x,
                    status.y,
                    what,
                    usize::from(status.width),
                    self.theme.plain(),
                );
                x += put(&mut out, x, status.y, "  ", 2, self.theme.plain());
            }
        }
        let mut cursor = None;
        if let Some((ask, editor, draft)) = &self.prompt {
            let question = match ask {
                Ask::Title => self.t(Ui::AskTitle).to_string(),
                Ask::Host => self.t(Ui::AskHost).to_string(),
                Ask::Party => fill(
                    self.t(Ui::AskParty),
                    &[("n", &(draft.parties.len() + 1).to_string())],
                ),
            };
            // The partners given so far, over the line that asks for the next.
            let so_far: Vec<String> = match ask {
                Ask::Party if !draft.parties.is_empty() => {
                    let names = draft.parties.join(self.t(Ui::ListSep));
                    text::wrap(
                        &fill(self.t(Ui::AskPartiesSoFar), &[("names", &names)]),
                        usize::from(58.min(body.width.saturating_sub(2))),
                    )
                    .into_iter()
                    .take(4)
                    .map(str::to_string)
                    .collect()
                }
                _ => vec![],
            };
            let height = 5 + so_far.len() as u16;
            let inner = popup(
                self.theme,
                &mut out,
                body,
                60.min(body.width),
                height,
                &question,
            );
            for (n, line) in so_far.iter().enumerate() {
                put(
                    &mut out,
                    inner.x,
                    inner.y + n as u16,
                    &text::clean_line(line),
                    usize::from(inner.width),
                    self.theme.dim(),
                );
            }
            let hint = match ask {
                Ask::Party => self.t(Ui::AskPartyHint),
                _ => self.t(Ui::EdHint),
            };
            put(
                &mut out,
                inner.x,
                inner.bottom() - 1,
                &text::fit(hint, usize::from(inner.width)),
                usize::from(inner.width),
                self.theme.dim(),
            );
            let top = inner.y + so_far.len() as u16;
            cursor = Some(editor.render(
                Rect::new(
                    inner.x,
                    top,
                    inner.width,
                    inner.bottom().saturating_sub(top + 1),
                ),
                out.buf,
            ));
        }
        Drawn {
            cursor,
            hits: out.hits,
        }
    }

    fn drawn(&mut self, drawn: Drawn) {
        self.hits = drawn.hits;
    }

    fn handle_event(&mut self, ev: Event) -> bool {
        if input::is_key_press(&ev) {
            self.message = None;
        }
        if let Some(action) = input::action(&ev, &self.contexts(), self.prompt.is_some()) {
            self.update(action);
        }
        input::redraws(&ev)
    }

    fn wakeup(&self, _now: Instant) -> Option<Duration> {
        None
    }

    fn tick(&mut self) -> bool {
        false
    }

    fn done(&self) -> bool {
        self.quit
    }
}
