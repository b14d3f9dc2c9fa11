//! A session's history to move through: the state after any number of its events, the
//! current event in words, where the room changed step, and search. No terminal here: the
//! replay screen (`tui::replay`) and `sori render --at` draw from a `Timeline`.
//!
//! The state after N events is the first N events applied to an empty session by `apply`, the
//! same as live editing, through a `core::history::Cursor` that keeps a bounded number of
//! snapshots (`Snapshots::for_history`). A timeline to browse goes through its history once
//! when it is made: that leaves its anchors (so a seek anywhere applies at most one anchor
//! span), keeps the end (so End costs nothing) and finds a record that does not apply (a
//! hand-edited file): the timeline ends just before it.
//!
//! A long history need not be read before the replay shows its first screen: a timeline can
//! start from a `Preview` (the history's length, its first record, the records that change
//! the step) while another thread reads the records and makes the timeline of them
//! (`Timeline::reading`). The first seek or search waits for it; once it is there, the
//! timeline is the one `Timeline::new` makes of the same records.

pub mod describe;

use std::fmt;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::core::apply::ApplyError;
use crate::core::event::{Event, SetStep};
use crate::core::history::{Cursor, Record, Snapshots};
use crate::core::session::{Lang, Session};
use crate::core::stamp::Stamp;
use crate::i18n::changes::Change;
use crate::store::peek::CurrentState;

use describe::{describe, step_set};

/// A record that changes the room's step.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Boundary {
    /// The record's index: the state after it (position `index + 1`) is in the new step.
    pub index: usize,
    /// The step it moves the room to.
    pub step: u8,
}

/// A record of the history that does not apply to the state before it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Broken {
    /// Its index in the history (the first record is 0).
    pub index: usize,
    pub error: ApplyError,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "history record {} does not apply: {} (was the file edited by hand?)",
            self.index + 1,
            self.error
        )
    }
}

impl std::error::Error for Broken {}

/// Which way a search goes from the current event.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Forward,
    Backward,
}

pub struct Timeline {
    /// The history's records; while it is being read (`reading`), only its first.
    records: Vec<Record>,
    /// How many records the history holds.
    len: usize,
    /// The records being read, until they are there (`Timeline::reading`).
    reading: Option<Reading>,
    /// Why the history could not be read (the timeline then stays at its start).
    failed: Option<String>,
    cursor: Cursor,
    /// How `cursor` keeps snapshots (a backward search reads from one anchor at a time).
    keep: Snapshots,
    lang: Lang,
    boundaries: Vec<Boundary>,
    /// The current record in words (the start when at 0).
    said: String,
    broken: Option<Broken>,
    /// The last reachable position and its record in words, kept from the first pass.
    end_said: Option<(usize, String)>,
}

impl Timeline {
    /// A timeline to browse, at its start. Goes through the history once (about 0.2 s for
    /// 100,000 events) to leave the anchors and keep the end; loose snapshots are taken as
    /// the user moves through it.
    pub fn new(records: Vec<Record>, lang: Lang) -> Timeline {
        let keep = Snapshots::for_history(records.len());
        let mut timeline = Timeline::with(records, lang, keep);
        timeline.explore();
        timeline
    }

    /// Go to the end once: the anchors on the way stay, the end is kept with its words, and
    /// a record that does not apply is found now. Then back to the start.
    fn explore(&mut self) {
        let len = self.len();
        if let Err((index, error)) = self.cursor.try_seek(&self.records, len) {
            self.broken = Some(Broken { index, error });
        }
        let end = self.reachable();
        if end > 0 {
            // Everything before `end` applies, so these cannot fail.
            let _ = self.cursor.try_seek(&self.records, end - 1);
            let said = describe(self.cursor.state(), &self.records[end - 1], self.lang);
            let _ = self.cursor.try_seek(&self.records, end);
            self.cursor.pin();
            self.end_said = Some((end, said));
        }
        let _ = self.cursor.try_seek(&self.records, 0);
    }

    /// A timeline for one look (`sori render --at`): no snapshots kept.
    pub fn for_one_seek(records: Vec<Record>, lang: Lang) -> Timeline {
        Timeline::with(records, lang, Snapshots::none())
    }

    /// A timeline that shows `preview` until `read` has read the records and the timeline
    /// of them is made: on a thread of its own once `start_reading` is called (the replay
    /// calls it when its first screen is drawn), which calls `wake` when it is done (see
    /// `poll`); or here, by the first seek or search, which waits for it.
    pub fn reading(
        preview: Preview,
        lang: Lang,
        wake: impl Fn() + Send + 'static,
        read: impl FnOnce() -> Result<Vec<Record>, String> + Send + 'static,
    ) -> Timeline {
        let steps = preview.steps.iter().map(|(i, r)| (*i, &r.event));
        let boundaries = boundaries(steps);
        let mut timeline =
            Timeline::with(preview.first.into_iter().collect(), lang, Snapshots::none());
        timeline.len = preview.len;
        timeline.boundaries = boundaries;
        timeline.reading = Some(Reading::Waiting(Box::new(read), Box::new(wake)));
        timeline
    }

    /// Read the records on a thread of their own, if they are still to be read.
    pub fn start_reading(&mut self) {
        match self.reading.take() {
            Some(Reading::Waiting(read, wake)) => {
                let lang = self.lang;
                let (tx, rx) = channel();
                std::thread::spawn(move || {
                    let made = read().map(|records| Timeline::new(records, lang));
                    if tx.send(made).is_ok() {
                        wake();
                    }
                });
                self.reading = Some(Reading::Started(rx));
            }
            started_or_none => self.reading = started_or_none,
        }
    }

    /// Whether the records are still being read.
    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Why the history could not be read, if it could not: the timeline stays at its start.
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Take the timeline made on the other thread if it is there; `true` when it came now
    /// (the step changes may be others, a record found not to apply, or the reading failed).
    pub fn poll(&mut self) -> bool {
        let Some(Reading::Started(rx)) = &self.reading else {
            return false;
        };
        match rx.try_recv() {
            Ok(made) => self.arrive(made),
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => self.arrive(Err(GONE.to_string())),
        }
        true
    }

    /// Have the records and the timeline of them: read them here if no thread does, else wait
    /// for the thread.
    pub fn wait_ready(&mut self) {
        let made = match self.reading.take() {
            None => return,
            Some(Reading::Waiting(read, _)) => {
                read().map(|records| Timeline::new(records, self.lang))
            }
            Some(Reading::Started(rx)) => rx.recv().unwrap_or_else(|_| Err(GONE.to_string())),
        };
        self.arrive(made);
    }

    fn arrive(&mut self, made: Result<Timeline, String>) {
        self.reading = None;
        match made {
            // Nothing moved while it was read (a seek waits): it takes the preview's place.
            Ok(timeline) => *self = timeline,
            Err(why) => self.failed = Some(why),
        }
    }

    fn with(records: Vec<Record>, lang: Lang, keep: Snapshots) -> Timeline {
        let boundaries = boundaries(records.iter().map(|r| &r.event).enumerate());
        Timeline {
            len: records.len(),
            reading: None,
            failed: None,
            records,
            cursor: Cursor::lazy(keep),
            keep,
            lang,
            boundaries,
            said: Change::Start.text(lang).to_string(),
            broken: None,
            end_said: None,
        }
    }

    /// How many records the history holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The farthest position a seek can reach: the end, or just before a record found not to
    /// apply.
    pub fn reachable(&self) -> usize {
        self.broken.as_ref().map_or(self.len(), |b| b.index)
    }

    /// The record found not to apply, once a seek has reached it.
    pub fn broken(&self) -> Option<&Broken> {
        self.broken.as_ref()
    }

    /// How many events are applied: 0 at the start, `len()` at the end.
    pub fn position(&self) -> usize {
        self.cursor.position()
    }

    /// The state after `position()` events.
    pub fn state(&self) -> &Session {
        self.cursor.state()
    }

    pub fn record(&self, index: usize) -> Option<&Record> {
        self.records.get(index)
    }

    /// The record that led to the current state (none at the start).
    pub fn current(&self) -> Option<&Record> {
        self.position()
            .checked_sub(1)
            .and_then(|i| self.records.get(i))
    }

    /// The current record in words, marked when undo or redo made it.
    pub fn said(&self) -> &str {
        &self.said
    }

    /// When the current record was made (the first record's time at the start).
    pub fn time(&self) -> Option<Stamp> {
        self.current().or(self.records.first()).map(|r| r.at)
    }

    /// The records that change the step, in order.
    pub fn boundaries(&self) -> &[Boundary] {
        &self.boundaries
    }

    /// Move to the state after `n` events (clamped to what can be reached). A record on the
    /// way that does not apply stops the timeline just before it, for good; a seek past it
    /// says so.
    pub fn seek(&mut self, n: usize) -> Result<(), Broken> {
        self.wait_ready();
        if self.failed.is_some() {
            return Ok(());
        }
        let past_broken = self.broken.clone().filter(|b| n > b.index);
        let n = n.min(self.reachable());
        let moved = match self.describe_up_to(n) {
            Ok(()) => Ok(()),
            Err((index, error)) => {
                let broken = Broken { index, error };
                self.broken = Some(broken.clone());
                // Everything before it applied, so this cannot fail.
                let _ = self.describe_up_to(index);
                Err(broken)
            }
        };
        match past_broken {
            Some(broken) if moved.is_ok() => Err(broken),
            _ => moved,
        }
    }

    /// Seek to `n` and put the record that leads there in words (with the state before it).
    fn describe_up_to(&mut self, n: usize) -> Result<(), (usize, ApplyError)> {
        if n == 0 {
            self.cursor.try_seek(&self.records, 0)?;
            self.said = Change::Start.text(self.lang).to_string();
            return Ok(());
        }
        if let Some((end, said)) = &self.end_said
            && *end == n
        {
            self.cursor.try_seek(&self.records, n)?;
            self.said.clone_from(said);
            return Ok(());
        }
        self.cursor.try_seek(&self.records, n - 1)?;
        let said = describe(self.cursor.state(), &self.records[n - 1], self.lang);
        self.cursor.try_seek(&self.records, n)?;
        self.said = said;
        Ok(())
    }

    /// The position just after the next record that changes the step (after `position`).
    pub fn next_boundary(&self, position: usize) -> Option<usize> {
        self.boundaries
            .iter()
            .map(|b| b.index + 1)
            .find(|&p| p > position)
    }

    /// The position just after the previous record that changes the step (before `position`).
    pub fn previous_boundary(&self, position: usize) -> Option<usize> {
        self.boundaries
            .iter()
            .rev()
            .map(|b| b.index + 1)
            .find(|&p| p < position)
    }

    /// Find the next (or previous) record whose words contain `query` (any case), from the
    /// current one, wrapping around the ends, and move there; returns the new position. The
    /// current record is found last. When nothing matches, the timeline stays where it was.
    pub fn search(&mut self, query: &str, direction: Direction) -> Result<Option<usize>, Broken> {
        let needle = query.trim().to_lowercase();
        self.wait_ready();
        if needle.is_empty() || self.failed.is_some() {
            return Ok(None);
        }
        let here = self.position();
        let result = match direction {
            Direction::Forward => match self.scan(here, self.reachable(), &needle, false) {
                Ok(None) => self.scan(0, here, &needle, false),
                other => other,
            },
            Direction::Backward => {
                // Records before the current one, nearest first, in chunks that start at
                // snapshots; then from the end back to here.
                let current = here.saturating_sub(1);
                match self.scan_back(0, current, &needle) {
                    Ok(None) => self.scan_back(current, self.reachable(), &needle),
                    other => other,
                }
            }
        };
        match result {
            Ok(Some(i)) => {
                self.seek(i + 1)?;
                Ok(Some(i + 1))
            }
            Ok(None) => {
                self.seek(here)?;
                Ok(None)
            }
            Err((index, error)) => {
                let broken = Broken { index, error };
                self.broken = Some(broken.clone());
                self.seek(here.min(index))?;
                Err(broken)
            }
        }
    }

    /// The first (or, with `last`, the last) record in `from..to` that matches.
    fn scan(
        &mut self,
        from: usize,
        to: usize,
        needle: &str,
        last: bool,
    ) -> Result<Option<usize>, (usize, ApplyError)> {
        let mut found = None;
        if from >= to {
            return Ok(None);
        }
        self.cursor.try_seek(&self.records, from)?;
        for i in from..to {
            let said = describe(self.cursor.state(), &self.records[i], self.lang);
            if said.to_lowercase().contains(needle) {
                found = Some(i);
                if !last {
                    break;
                }
            }
            if i + 1 < to {
                self.cursor.try_seek(&self.records, i + 1)?;
            }
        }
        Ok(found)
    }

    /// The last matching record in `from..to`, looking at chunks from the end of the range.
    /// A chunk starts at an anchor, which is kept once made: each is replayed once.
    fn scan_back(
        &mut self,
        from: usize,
        to: usize,
        needle: &str,
    ) -> Result<Option<usize>, (usize, ApplyError)> {
        let chunk = self.keep.interval.saturating_mul(self.keep.anchor_every);
        let mut end = to;
        while end > from {
            let start = ((end - 1) / chunk * chunk).max(from);
            if let Some(i) = self.scan(start, end, needle, true)? {
                return Ok(Some(i));
            }
            end = start;
        }
        Ok(None)
    }
}

/// What a replay's first screen needs of a history that is still being read: its length, its
/// first record and every record that changes the step (with their index; others may be
/// among them).
#[derive(Clone, Debug, Default)]
pub struct Preview {
    pub len: usize,
    pub first: Option<Record>,
    pub steps: Vec<(usize, Record)>,
}

impl Preview {
    /// The preview of a session's history kept as its file's text, read without the rest of
    /// it: the records whose entry names a step change (`set_step`; in a file sori wrote, no
    /// other record changes the step) and the journal's. `None` when that cannot be told
    /// without reading it all (see `CurrentState::records_mentioning`).
    pub fn of(current: &CurrentState) -> Option<Preview> {
        let key = Event::SetStep(SetStep { step: 1 }).key();
        let first = current.first_record();
        if first.is_none() && !current.is_empty() {
            // Its first record does not read on its own.
            return None;
        }
        Some(Preview {
            len: current.len(),
            first,
            steps: current.records_mentioning(key)?,
        })
    }
}

/// How the records of a `Timeline::reading` come.
enum Reading {
    /// To be read (and who to wake when they are).
    Waiting(
        Box<dyn FnOnce() -> Result<Vec<Record>, String> + Send>,
        Box<dyn Fn() + Send>,
    ),
    /// Being read on another thread: the timeline made of them, or why there is none.
    Started(Receiver<Result<Timeline, String>>),
}

/// Why a history's reading thread gave nothing.
const GONE: &str = "the history could not be read";

/// The records that change the step, found from the events alone (nothing is applied), given
/// in order with their index: all of them, or any others with every one that sets the step.
fn boundaries<'a>(events: impl IntoIterator<Item = (usize, &'a Event)>) -> Vec<Boundary> {
    let mut step = Session::empty().meta.step;
    let mut out = vec![];
    for (index, event) in events {
        if let Some(to) = step_set(event)
            && to != step
        {
            out.push(Boundary { index, step: to });
            step = to;
        }
    }
    out
}
