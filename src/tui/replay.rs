//! The replay screen (`sori replay`): the workshop screen, read-only, over the state after the
//! events so far, with a timeline at the bottom: the current event (number, time, what it
//! did) and a bar with where the meeting is and where its step changed.
//!
//! The keys are the keymap's `Replay` context; the rest of the workshop's keys work as they
//! do live (moving, overlays, the help) and those that would change the session say that a
//! replay is read-only. Playing follows the meeting's own pace, sped up, with long pauses cut
//! short. Nothing here writes anything.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event as TermEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};

use super::app::{App, Handler, Source};
use super::editor::{EditTarget, Editor};
use super::input;
use super::keymap::{Action, Ctx};
use super::state::{GOAL_LISTS, Pane, contexts};
use super::terminal::Tui;
use super::view::widgets::put;
use super::view::{self, Drawn, MIN_HEIGHT, MIN_WIDTH, Out, Screen};
use crate::core::session::{Id, ListRef};
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::replay::describe::touches;
use crate::replay::{Broken, Direction, Timeline};
use crate::text;

/// Playing speeds: how many seconds of the meeting pass in one second.
pub const SPEEDS: [u32; 4] = [1, 10, 60, 600];
/// The speed a replay starts at: a two-hour meeting in two minutes.
const START_SPEED: usize = 2;
/// The longest wait between two events while playing, whatever the meeting's own pause
/// (a coffee break does not stall the replay).
pub const MAX_PAUSE: Duration = Duration::from_millis(1500);
/// At most this many events are applied in one wake-up while playing (catching up after a
/// slow frame), so keys are still read.
const CATCH_UP: usize = 500;
/// Rows under the workshop screen: the current event and the bar.
const TIMELINE_ROWS: u16 = 2;

pub struct Player {
    pub app: App,
    /// While playing: when the next event is due.
    next_at: Option<Instant>,
    /// Index into `SPEEDS`.
    speed: usize,
    /// The search being typed.
    search: Option<Editor>,
    /// The last search, for `n` and `N`.
    query: Option<String>,
    /// Where the bar was drawn (for clicks).
    bar: Cell<Rect>,
    /// The step marks of the bar for one width: computed once per width, not per frame.
    marks: RefCell<Option<(u16, Vec<Option<u8>>)>>,
}

impl Player {
    /// A replay on an `App::replay`, at the start of its history.
    pub fn new(app: App) -> Player {
        let mut player = Player {
            app,
            next_at: None,
            speed: START_SPEED,
            search: None,
            query: None,
            bar: Cell::new(Rect::default()),
            marks: RefCell::new(None),
        };
        if player.timeline().is_empty() {
            player
                .app
                .say(player.t(Ui::EmptyHistory).to_string(), false);
        }
        player
    }

    fn t(&self, ui: Ui) -> &'static str {
        ui.text(self.app.lang)
    }

    pub fn timeline(&self) -> &Timeline {
        self.app.timeline().expect("a replay's app replays")
    }

    fn timeline_mut(&mut self) -> &mut Timeline {
        self.app.timeline_mut().expect("a replay's app replays")
    }

    pub fn position(&self) -> usize {
        self.timeline().position()
    }

    pub fn playing(&self) -> bool {
        self.next_at.is_some()
    }

    /// Seconds of the meeting per second of replay.
    pub fn speed(&self) -> u32 {
        SPEEDS[self.speed]
    }

    /// Whether the search box is open.
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    // ----- Moving -----

    /// Move to the state after `n` events and show it.
    pub fn seek(&mut self, n: usize) {
        let moved = self.timeline_mut().seek(n);
        self.after_move(moved);
    }

    /// Move to the state after `n` events; a record on the way that does not apply is an
    /// error (for `sori render --at`, which shows one state and no messages).
    pub fn seek_checked(&mut self, n: usize) -> Result<(), Broken> {
        let moved = self.timeline_mut().seek(n);
        self.after_move(moved.clone());
        moved
    }

    fn after_move(&mut self, moved: Result<(), Broken>) {
        if let Err(broken) = moved {
            self.next_at = None;
            let text = fill(
                self.t(Ui::HistoryBroken),
                &[
                    ("n", &(broken.index + 1).to_string()),
                    (
                        "error",
                        &super::refusal::refusal_text(
                            &broken.error,
                            self.app.session(),
                            self.app.lang,
                        ),
                    ),
                ],
            );
            self.app.say(text, true);
        }
        if let Some(at) = self.timeline().time() {
            self.app.view.clock = at;
        }
        self.show_change();
        self.app.fix_focus();
    }

    /// Select what the current event is about: its party, its activity and row of the
    /// 相利評価表, its item, so the panes show the change as it happens.
    fn show_change(&mut self) {
        let App { source, view, .. } = &mut self.app;
        let Source::Replay { timeline, .. } = source else {
            return;
        };
        let Some(record) = timeline.current() else {
            return;
        };
        let touched = touches(&record.event);
        let s = timeline.state();
        let sel = &mut view.sel;
        let party_at = |id: &Id| s.parties.iter().position(|p| &p.id == id);
        let activity_at = |id: &Id| s.activities.iter().position(|a| &a.id == id);
        if let Some(i) = touched.party.as_ref().and_then(party_at) {
            sel.party = i;
        }
        if let Some(a) = touched.activity.as_ref().and_then(activity_at) {
            sel.activity = a;
            if let Some(row) = touched.party.as_ref().and_then(|p| {
                s.activities[a]
                    .participants
                    .iter()
                    .position(|x| &x.party == p)
            }) {
                sel.table_row = row;
                sel.eval_row = row;
            }
        }
        if let Some(item) = &touched.item
            && touched.activity.is_none()
            && let Some((list, at)) = s.find_item(item)
        {
            match list {
                ListRef::Party(p, l) => {
                    if let Some(i) = party_at(&p) {
                        sel.party = i;
                    }
                    if let Some(g) = GOAL_LISTS.iter().position(|x| *x == l) {
                        sel.goal_list = g;
                        sel.goal_item = at;
                    }
                }
                ListRef::Improvements(a) => {
                    if let Some(a) = activity_at(&a) {
                        sel.activity = a;
                        sel.improvement = at;
                    }
                }
                ListRef::Decisions | ListRef::ParkingLot | ListRef::Meeting(_) => {}
            }
        }
        if let Some(t) = &touched.action
            && let Some(row) = s.action_items.iter().position(|x| &x.id == t)
        {
            sel.action_row = row;
        }
        if let Some(x) = &touched.idea
            && let Some(row) = s.expansion.iter().position(|i| &i.id == x)
        {
            sel.idea_row = row;
        }
    }

    fn at_end(&self) -> bool {
        self.position() >= self.timeline().reachable()
    }

    // ----- Input -----

    /// Handle a terminal event; returns whether the screen must be drawn again.
    pub fn handle_event(&mut self, ev: TermEvent) -> bool {
        if input::is_key_press(&ev) {
            self.app.view.message = None;
        }
        if let Some(action) = input::action(&ev, &self.contexts(), self.searching()) {
            self.update(action);
        }
        input::redraws(&ev)
    }

    /// The keymap contexts of the screen: the search box's while it is open, else the
    /// workshop's with the replay's first (`state::contexts`).
    fn contexts(&self) -> Vec<Ctx> {
        if self.searching() {
            vec![Ctx::Editor, Ctx::Global]
        } else {
            contexts(&self.app.view)
        }
    }

    /// The search box's keys while it is open; a click on the bar; the replay's own keys
    /// (context `Replay`); every other action is the workshop's, read-only (`App::update`
    /// routes it).
    pub fn update(&mut self, action: Action) {
        if let Some(editor) = &mut self.search {
            match action {
                Action::EdSave => self.run_search(),
                Action::EdCancel => self.search = None,
                Action::Quit => self.app.quit = true,
                // A search is one line.
                Action::Paste(text) => editor.paste(&text.replace(['\r', '\n'], " ")),
                text if text.edits_text() => editor.apply(&text),
                // The screen waits while the search box is open.
                _ => {}
            }
            return;
        }
        if let Action::Click { column, row } = action {
            let bar = self.bar.get();
            if bar.contains(Position { x: column, y: row }) {
                let n = position_at(self.timeline().len(), bar.width, column - bar.x);
                return self.seek(n);
            }
        }
        if self.app.route(&action) != Some(Handler::Replay) {
            return self.app.update(action);
        }
        let here = self.position();
        match action {
            Action::EventForward => {
                if self.at_end() {
                    self.app.say(self.t(Ui::EndOfRecord).to_string(), false);
                } else {
                    self.seek(here + 1);
                }
            }
            Action::EventBack => self.seek(here.saturating_sub(1)),
            Action::BoundaryForward => match self.timeline().next_boundary(here) {
                Some(n) if n <= self.timeline().reachable() => self.seek(n),
                _ => self.app.say(self.t(Ui::NoLaterStep).to_string(), false),
            },
            Action::BoundaryBack => match self.timeline().previous_boundary(here) {
                Some(n) => self.seek(n),
                None => self.app.say(self.t(Ui::NoEarlierStep).to_string(), false),
            },
            Action::FirstEvent => self.seek(0),
            Action::LastEvent => self.seek(usize::MAX),
            Action::PlayPause => self.play_pause(),
            Action::Faster | Action::Slower => {
                self.speed = if action == Action::Faster {
                    (self.speed + 1).min(SPEEDS.len() - 1)
                } else {
                    self.speed.saturating_sub(1)
                };
                if self.playing() {
                    // The wait for the next event starts again, at the new speed.
                    self.next_at = Some(Instant::now() + self.wait_for_next());
                }
                let text = fill(
                    self.t(Ui::SpeedMessage),
                    &[("n", &self.speed().to_string())],
                );
                self.app.say(text, false);
            }
            Action::Search => self.search = Some(Editor::new(EditTarget::Search, "")),
            Action::SearchNext => self.search_again(Direction::Forward),
            Action::SearchPrevious => self.search_again(Direction::Backward),
            Action::FollowStep => {
                self.app.view.step = None;
                let step = self.app.session().meta.step;
                if !Pane::order(step).contains(&self.app.view.pane) {
                    self.app.view.pane = Pane::first(step);
                }
            }
            // `?` and `q` do what they do on the workshop screen.
            Action::Help | Action::Quit => self.app.workshop_action(action),
            // Not a replay key: `App::route` did not send it here.
            _ => {}
        }
    }

    // ----- Playing -----

    fn play_pause(&mut self) {
        if self.playing() {
            self.next_at = None;
            return;
        }
        if self.at_end() {
            self.seek(0);
        }
        self.next_at = Some(Instant::now() + self.wait_for_next());
    }

    /// How long to wait before the next event: the meeting's own gap, sped up, never longer
    /// than `MAX_PAUSE`.
    fn wait_for_next(&self) -> Duration {
        let t = self.timeline();
        let here = self.position();
        let gap = match (
            here.checked_sub(1).and_then(|i| t.record(i)),
            t.record(here),
        ) {
            (Some(now), Some(next)) => next.at.seconds_since(&now.at).max(0) as f64,
            _ => 0.0,
        };
        Duration::from_secs_f64(gap / f64::from(self.speed())).min(MAX_PAUSE)
    }

    /// Apply the events that are due by `now` (the event loop's clock, or a test's).
    /// Returns whether anything moved.
    pub fn play_due(&mut self, now: Instant) -> bool {
        let mut moved = false;
        for _ in 0..CATCH_UP {
            let Some(due) = self.next_at else { break };
            if due > now {
                break;
            }
            if self.at_end() {
                self.next_at = None;
                self.app.say(self.t(Ui::EndOfRecord).to_string(), false);
                break;
            }
            let next = self.position() + 1;
            self.seek(next);
            moved = true;
            if self.playing() {
                self.next_at = Some(due + self.wait_for_next());
            }
        }
        // Far behind (a very fast speed over many events at once): go on from now.
        if let Some(due) = self.next_at
            && due + MAX_PAUSE < now
        {
            self.next_at = Some(now);
        }
        moved
    }

    // ----- Search -----

    fn run_search(&mut self) {
        let Some(editor) = self.search.take() else {
            return;
        };
        let query = editor.text().trim().to_string();
        if query.is_empty() {
            return;
        }
        self.query = Some(query);
        self.search_again(Direction::Forward);
    }

    fn search_again(&mut self, direction: Direction) {
        let Some(query) = self.query.clone() else {
            return self.app.say(self.t(Ui::NoSearch).to_string(), false);
        };
        let found = self.timeline_mut().search(&query, direction);
        let text = match &found {
            Ok(Some(n)) => fill(
                self.t(Ui::SearchFound),
                &[("query", &query), ("n", &n.to_string())],
            ),
            Ok(None) => fill(self.t(Ui::SearchNotFound), &[("query", &query)]),
            Err(_) => String::new(),
        };
        let broken = found.map(|_| ());
        self.after_move(broken.clone());
        if broken.is_ok() {
            self.app.say(text, false);
        }
    }

    // ----- Drawing -----

    pub fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        let screen = self.app.screen();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            view::too_small(&screen, area, buf);
            self.bar.set(Rect::default());
            return Drawn::default();
        }
        let [workshop, info, bar] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(TIMELINE_ROWS - 1),
            Constraint::Length(1),
        ])
        .areas(area);
        let mut drawn = view::draw_in(&screen, workshop, buf);
        let mut out = Out {
            buf,
            hits: vec![],
            anchor: None,
        };
        if let Some(caret) = self.draw_info(&screen, info, &mut out) {
            drawn.cursor = Some(caret);
        }
        self.draw_bar(&screen, bar, &mut out);
        drawn
    }

    /// The current event: number, time, what it did; on the right, the step shown when the
    /// user picked one. Or the search box.
    fn draw_info(&self, s: &Screen, area: Rect, out: &mut Out) -> Option<Position> {
        let th = s.theme;
        let y = area.y;
        if let Some(editor) = &self.search {
            let label = format!("/ {}", s.t(Ui::SearchLabel));
            let hint = s.t(Ui::SearchHint);
            let mut x = area.x
                + put(
                    out,
                    area.x,
                    y,
                    &label,
                    usize::from(area.width),
                    th.heading(),
                );
            let hint_w = text::width(hint) as u16 + 2;
            let box_w = area.right().saturating_sub(x).saturating_sub(hint_w).max(1);
            let caret = editor.render(Rect::new(x, y, box_w, 1), out.buf);
            x += box_w;
            put(
                out,
                x + 2,
                y,
                hint,
                usize::from(area.right() - (x + 2).min(area.right())),
                th.dim(),
            );
            return Some(caret);
        }
        let t = self.timeline();
        let mut right = area.right();
        let mut x = area.x;
        let counter = format!("{}/{} ", t.position(), t.len());
        x += put(
            out,
            x,
            y,
            &counter,
            usize::from(right.saturating_sub(x)),
            th.bold(),
        );
        let time = t
            .current()
            .map(|r| format!("{} ", r.at.hm()))
            .unwrap_or_default();
        x += put(
            out,
            x,
            y,
            &time,
            usize::from(right.saturating_sub(x)),
            th.heading(),
        );
        // The step the user picked, when it is not the meeting's: at most half of what is left.
        if let Some(step) = s.view.step {
            let shown = fill(
                s.t(Ui::ShowingStep),
                &[
                    ("n", &step.to_string()),
                    ("m", &s.session.meta.step.to_string()),
                ],
            );
            let room = usize::from(right.saturating_sub(x) / 2);
            let shown = text::fit(&shown, room);
            let w = text::width(&shown) as u16;
            put(out, right - w, y, &shown, usize::from(w), th.warn());
            right = right.saturating_sub(w + 2);
        }
        let room = usize::from(right.saturating_sub(x));
        let said = text::clean_line(t.said());
        let said = text::fit(&said, room);
        let style = if t.broken().is_some() && self.at_end() {
            th.warn()
        } else {
            th.plain()
        };
        put(out, x, y, &said, room, style);
        None
    }

    /// The bar: `━` the events so far, `●` here, `─` the rest, a step's number where the
    /// meeting moved to it, `·` past a record that does not apply. Marks, not colours. On its
    /// right, whether it plays and how fast.
    fn draw_bar(&self, s: &Screen, area: Rect, out: &mut Out) {
        let th = s.theme;
        let t = self.timeline();
        let speed = fill(s.t(Ui::Speed), &[("n", &self.speed().to_string())]);
        let [playing, paused] =
            [Ui::PlayingMark, Ui::PausedMark].map(|m| format!(" {} {speed}", s.t(m)));
        // As wide for both, so the bar does not move when playing starts or stops.
        let state_w = (text::width(&playing).max(text::width(&paused)) as u16).min(area.width / 3);
        let state = if self.playing() { playing } else { paused };
        let pad = usize::from(state_w).saturating_sub(text::width(&state));
        put(
            out,
            area.right() - state_w,
            area.y,
            &format!("{}{state}", " ".repeat(pad)),
            usize::from(state_w),
            if self.playing() { th.ok() } else { th.dim() },
        );
        let area = Rect {
            width: area.width - state_w,
            ..area
        };
        self.bar.set(area);
        let width = area.width;
        if width == 0 {
            return;
        }
        let marks = self.marks_for(width);
        let len = t.len();
        let here = column_of(t.position(), len, width);
        let reachable = column_of(t.reachable(), len, width);
        let broken = t.broken().is_some();
        let mut line = String::with_capacity(usize::from(width) * 3);
        for col in 0..width {
            let c = if col == here {
                '●'
            } else if let Some(step) = marks[usize::from(col)] {
                char::from_digit(u32::from(step), 10).unwrap_or('?')
            } else if col < here {
                '━'
            } else if broken && col > reachable {
                '·'
            } else {
                '─'
            };
            line.push(c);
        }
        put(out, area.x, area.y, &line, usize::from(width), th.border());
        // The played part and the marks stand out where there are colours, too.
        let played: String = line.chars().take(usize::from(here)).collect();
        put(out, area.x, area.y, &played, usize::from(here), th.ok());
        for (col, mark) in marks.iter().enumerate() {
            if let Some(step) = mark
                && col as u16 != here
            {
                let digit = step.to_string();
                put(out, area.x + col as u16, area.y, &digit, 1, th.heading());
            }
        }
        put(out, area.x + here, area.y, "●", 1, th.title());
    }

    /// Which bar cell carries which step's mark, for a bar `width` cells wide.
    fn marks_for(&self, width: u16) -> Vec<Option<u8>> {
        let mut cache = self.marks.borrow_mut();
        if let Some((w, marks)) = cache.as_ref()
            && *w == width
        {
            return marks.clone();
        }
        let t = self.timeline();
        let mut marks = vec![None; usize::from(width)];
        // Every meeting starts in step 1 (an empty session's step).
        if !t.is_empty() {
            marks[0] = Some(crate::core::session::Session::empty().meta.step);
        }
        for b in t.boundaries() {
            marks[usize::from(column_of(b.index + 1, t.len(), width))] = Some(b.step);
        }
        *cache = Some((width, marks.clone()));
        marks
    }
}

/// The bar cell of a position.
fn column_of(position: usize, len: usize, width: u16) -> u16 {
    if len == 0 || width == 0 {
        return 0;
    }
    let last = u64::from(width - 1);
    (position.min(len) as u64 * last / len as u64) as u16
}

/// The first position a bar cell stands for (the inverse of `column_of`).
fn position_at(len: usize, width: u16, col: u16) -> usize {
    let last = u64::from(width.saturating_sub(1)).max(1);
    (u64::from(col) * len as u64).div_ceil(last) as usize
}

impl Tui for Player {
    fn draw(&self, area: Rect, buf: &mut Buffer) -> Drawn {
        Player::draw(self, area, buf)
    }
    fn drawn(&mut self, drawn: Drawn) {
        self.app.drawn(drawn);
    }
    fn handle_event(&mut self, ev: TermEvent) -> bool {
        Player::handle_event(self, ev)
    }
    fn wakeup(&self, now: Instant) -> Option<Duration> {
        self.next_at.map(|at| at.saturating_duration_since(now))
    }
    fn tick(&mut self) -> bool {
        self.play_due(Instant::now())
    }
    fn done(&self) -> bool {
        self.app.quit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_columns_and_positions_agree() {
        assert_eq!(column_of(0, 100, 80), 0);
        assert_eq!(column_of(100, 100, 80), 79);
        assert_eq!(column_of(50, 100, 80), 39);
        for col in 0..80 {
            assert_eq!(column_of(position_at(1000, 80, col), 1000, 80), col);
        }
        assert_eq!(column_of(3, 0, 80), 0);
    }
}
