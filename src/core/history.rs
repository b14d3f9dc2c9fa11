//! The history: every applied event with its local time. Undo and redo are recorded in it too
//! (as the events they apply, marked `by: undo` / `by: redo`), so replaying the history from
//! an empty session always gives the current state.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::apply::{ApplyError, apply_indexed, apply_inverse};
use super::edits::is_edit;
use super::event::{Event, unknown_event};
use super::places::ItemPlaces;
use super::session::{Id, Session};
use super::stamp::Stamp;

/// Whether a record was made by undo or redo (absent for a direct change).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Undo,
    Redo,
}

/// Where a change accepted from the room came from: the party whose phone proposed it, and the
/// person, when they gave a name. The facilitator accepted it (the room's moderation queue);
/// a change typed on the console has none.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    pub party: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One entry of the history: when, what, whether undo or redo made it, and where a change
/// proposed from a phone came from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Record {
    pub at: Stamp,
    pub by: Option<By>,
    pub from: Option<Origin>,
    pub event: Event,
}

impl Record {
    /// A change made now on the console: no undo, no redo, from no phone.
    pub fn new(at: Stamp, event: Event) -> Record {
        Record {
            at,
            by: None,
            from: None,
            event,
        }
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = 2 + usize::from(self.by.is_some()) + usize::from(self.from.is_some());
        let mut map = s.serialize_map(Some(entries))?;
        map.serialize_entry("at", &self.at)?;
        if let Some(by) = &self.by {
            map.serialize_entry("by", by)?;
        }
        if let Some(from) = &self.from {
            map.serialize_entry("from", from)?;
        }
        self.event.serialize_entry(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Record, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Record;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a history record: `at` and one change")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
                let mut at = None;
                let mut by = None;
                let mut from = None;
                let mut event: Option<Event> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "at" if at.is_none() => at = Some(map.next_value()?),
                        "by" if by.is_none() => by = Some(map.next_value()?),
                        "from" if from.is_none() => from = Some(map.next_value()?),
                        "at" | "by" | "from" => {
                            return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                        }
                        _ => {
                            if let Some(first) = &event {
                                return Err(de::Error::custom(format_args!(
                                    "one change per record, found `{}` and `{key}`",
                                    first.key()
                                )));
                            }
                            event = Some(
                                Event::read_entry(&key, &mut map)?
                                    .ok_or_else(|| unknown_event::<A::Error>(&key))?,
                            );
                        }
                    }
                }
                let at = at.ok_or_else(|| de::Error::missing_field("at"))?;
                let event = event.ok_or_else(|| de::Error::custom("a record needs one change"))?;
                Ok(Record {
                    at,
                    by,
                    from,
                    event,
                })
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for Record {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Record".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut extra = serde_json::Map::new();
        extra.insert("at".into(), generator.subschema_for::<Stamp>().to_value());
        extra.insert("by".into(), generator.subschema_for::<By>().to_value());
        extra.insert(
            "from".into(),
            generator.subschema_for::<Origin>().to_value(),
        );
        let variants = Event::variant_schemas(generator, &extra, &["at"]);
        schemars::json_schema!({
            "description": "A history record: when (`at`), whether undo or redo made it (`by`), the party (and person) whose phone proposed it (`from`), and one change",
            "oneOf": variants,
        })
    }
}

/// An undoable step: the event as made, and the event that undoes it.
#[derive(Clone, Debug)]
struct Step {
    redo: Event,
    undo: Event,
}

/// The history of a session, with the undo and redo stacks of this editing run.
#[derive(Clone, Debug, Default)]
pub struct History {
    records: Vec<Record>,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// A history loaded from a file. Undo starts empty: it covers this run's edits.
    pub fn from_records(records: Vec<Record>) -> History {
        History {
            records,
            undo: vec![],
            redo: vec![],
        }
    }

    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub fn into_records(self) -> Vec<Record> {
        self.records
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The last change undo would undo, as made and as undone (to name it, `edits::summary`).
    pub fn next_undo(&self) -> Option<(&Event, &Event)> {
        self.undo.last().map(|step| (&step.redo, &step.undo))
    }

    /// The last undone change redo would make again, as made and as undone.
    pub fn next_redo(&self) -> Option<(&Event, &Event)> {
        self.redo.last().map(|step| (&step.redo, &step.undo))
    }

    /// Apply a change made now and record it. Returns the new record. A change that is not an
    /// edit (`edits::is_edit`: moving between steps, the step timers) is recorded, for the
    /// replay, but undo and redo pass it by.
    pub fn commit(
        &mut self,
        s: &mut Session,
        event: Event,
        at: Stamp,
    ) -> Result<&Record, ApplyError> {
        self.commit_from(s, event, at, None)
    }

    /// `commit`, for a change proposed from a phone in the room and accepted: the record says
    /// where it came from (`Origin`). Undo and redo treat it as any other edit.
    pub fn commit_from(
        &mut self,
        s: &mut Session,
        event: Event,
        at: Stamp,
        from: Option<Origin>,
    ) -> Result<&Record, ApplyError> {
        // A new change: its texts must fit (a history already written is replayed as it is).
        super::limits::check(&event)?;
        if let Some(name) = from.as_ref().and_then(|f| f.name.as_deref()) {
            super::limits::TextSize::Line.check(name)?;
        }
        let undo = apply_inverse(s, &event)?;
        if is_edit(&event) {
            self.undo.push(Step {
                redo: event.clone(),
                undo,
            });
            self.redo.clear();
        }
        Ok(self.push(Record {
            at,
            by: None,
            from,
            event,
        }))
    }

    /// Undo the last change of this run; `None` when there is nothing to undo.
    pub fn undo(&mut self, s: &mut Session, at: Stamp) -> Result<Option<&Record>, ApplyError> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        match apply_inverse(s, &step.undo) {
            Ok(redo) => {
                let event = step.undo.clone();
                self.redo.push(Step {
                    redo,
                    undo: step.undo,
                });
                Ok(Some(self.push(Record {
                    at,
                    by: Some(By::Undo),
                    from: None,
                    event,
                })))
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redo the last undone change; `None` when there is nothing to redo.
    pub fn redo(&mut self, s: &mut Session, at: Stamp) -> Result<Option<&Record>, ApplyError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        match apply_inverse(s, &step.redo) {
            Ok(undo) => {
                let event = step.redo.clone();
                self.undo.push(Step {
                    redo: step.redo,
                    undo,
                });
                Ok(Some(self.push(Record {
                    at,
                    by: Some(By::Redo),
                    from: None,
                    event,
                })))
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// Record an event that was already applied elsewhere (journal recovery). Not undoable.
    pub fn push_applied(&mut self, record: Record) {
        self.records.push(record);
    }

    fn push(&mut self, record: Record) -> &Record {
        self.records.push(record);
        self.records.last().expect("just pushed")
    }
}

/// Apply the first `n` records to an empty session.
pub fn replay(records: &[Record], n: usize) -> Result<Session, (usize, ApplyError)> {
    let mut s = Session::empty();
    let mut places = ItemPlaces::default();
    for (i, r) in records.iter().take(n).enumerate() {
        apply_indexed(&mut s, &mut places, &r.event).map_err(|e| (i, e))?;
    }
    Ok(s)
}

/// Which states a `Cursor` keeps, so that a seek is fast without a copy of the session for
/// every few events of a long history.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Snapshots {
    /// Snapshots are taken at multiples of this many events: a seek to a place near a kept
    /// snapshot applies fewer than `interval` events.
    pub interval: usize,
    /// The snapshots at multiples of `anchor_every * interval` are kept for good once taken,
    /// so a seek anywhere applies at most that many events.
    pub anchor_every: usize,
    /// At most this many other snapshots are kept; the one farthest from the cursor goes first.
    pub loose: usize,
}

impl Snapshots {
    /// Events between snapshots, and so the most a seek in a region seen before applies.
    pub const INTERVAL: usize = 256;
    /// At most about this many anchors, whatever the length of the history.
    const ANCHORS: usize = 64;
    /// Anchors are at least this many intervals apart (1,024 events): a short history needs
    /// no more than its loose snapshots.
    const MIN_ANCHOR_EVERY: usize = 4;
    /// Loose snapshots near where the user has been.
    const LOOSE: usize = 32;

    /// For browsing a history of `len` records: at most about 64 anchors, 1,024 events apart
    /// or more, and loose snapshots (32 at most) at multiples of 256 events, one per seek just
    /// before where it lands. A seek applies at most 256 events near where the user has been
    /// and at most one anchor span anywhere else. For 100,000 events: anchors every 1,792
    /// events (about 1.4 ms of `apply`), at most about 88 copies of the state.
    pub fn for_history(len: usize) -> Snapshots {
        let interval = Snapshots::INTERVAL;
        let spans = len.div_ceil(interval * Snapshots::ANCHORS);
        Snapshots {
            interval,
            anchor_every: spans.max(Snapshots::MIN_ANCHOR_EVERY),
            loose: Snapshots::LOOSE,
        }
    }

    /// Every snapshot kept (what `Cursor::new` builds).
    pub fn every(interval: usize) -> Snapshots {
        Snapshots {
            interval: interval.max(1),
            anchor_every: 1,
            loose: 0,
        }
    }

    /// No snapshot besides the empty session: for a single seek (`sori render --at`).
    pub fn none() -> Snapshots {
        Snapshots {
            interval: usize::MAX,
            anchor_every: 1,
            loose: 0,
        }
    }

    fn is_anchor(&self, position: usize) -> bool {
        position == 0
            || self
                .interval
                .checked_mul(self.anchor_every)
                .is_some_and(|span| position.is_multiple_of(span))
    }
}

/// A state a cursor keeps: a session and the places of its items (see `ItemPlaces`).
#[derive(Clone, Debug)]
struct State {
    session: Session,
    places: ItemPlaces,
}

impl State {
    fn empty() -> State {
        State {
            session: Session::empty(),
            places: ItemPlaces::default(),
        }
    }
}

/// Seeks in a history: the state after any number of events, fast. Keeps snapshots of the
/// state (see `Snapshots`) so that a seek applies few events; every state comes from
/// `apply`, the same as live editing.
///
/// States are shared, not copied, between the cursor and its snapshots: taking a snapshot
/// costs nothing, a seek that lands on one costs nothing, and the copy is made only when
/// the cursor applies an event to a state a snapshot still holds. Events are applied with the
/// items' places kept in an index (`apply_indexed`), so an event costs the same whatever the
/// size of the session.
#[derive(Clone, Debug)]
pub struct Cursor {
    keep: Snapshots,
    /// States after that many events; the empty session at 0 is always there.
    snapshots: BTreeMap<usize, Arc<State>>,
    /// Positions kept for good besides the anchors (`pin`).
    pinned: Vec<usize>,
    position: usize,
    state: Arc<State>,
}

impl Cursor {
    /// Build the snapshots by replaying every record once, keeping one every `interval`
    /// events. Fails on the first record that does not apply (a hand-edited or damaged
    /// history), with its index.
    pub fn new(records: &[Record], interval: usize) -> Result<Cursor, (usize, ApplyError)> {
        let mut cursor = Cursor::lazy(Snapshots::every(interval));
        cursor.try_seek(records, records.len())?;
        Ok(cursor)
    }

    /// A cursor at the start (the empty session) that takes snapshots as it goes, as `keep`
    /// says: nothing is replayed before the first seek.
    pub fn lazy(keep: Snapshots) -> Cursor {
        let keep = Snapshots {
            interval: keep.interval.max(1),
            anchor_every: keep.anchor_every.max(1),
            ..keep
        };
        let start = Arc::new(State::empty());
        let mut snapshots = BTreeMap::new();
        snapshots.insert(0, Arc::clone(&start));
        Cursor {
            keep,
            snapshots,
            pinned: vec![],
            position: 0,
            state: start,
        }
    }

    /// Number of events applied to reach the current state.
    pub fn position(&self) -> usize {
        self.position
    }

    pub fn state(&self) -> &Session {
        &self.state.session
    }

    /// How many states are kept besides the current one (for measurements and tests).
    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }

    /// Keep the current state for good (the end of a history: a seek there costs nothing).
    pub fn pin(&mut self) {
        if !self.pinned.contains(&self.position) {
            self.pinned.push(self.position);
        }
        self.snapshots
            .insert(self.position, Arc::clone(&self.state));
    }

    /// Move to the state after the first `n` records (clamped to the history's length). A
    /// record that does not apply stops the cursor just before it (see `try_seek`).
    pub fn seek(&mut self, records: &[Record], n: usize) {
        let moved = self.try_seek(records, n);
        debug_assert!(moved.is_ok(), "{moved:?}");
    }

    /// Move to the state after the first `n` records (clamped to the history's length).
    /// When a record on the way does not apply, the cursor stays at the state just before it
    /// and its index comes back with the error.
    pub fn try_seek(&mut self, records: &[Record], n: usize) -> Result<(), (usize, ApplyError)> {
        let n = n.min(records.len());
        let (&base, snapshot) = self
            .snapshots
            .range(..=n)
            .next_back()
            .expect("the empty session is always kept");
        // Go on from where we are when that is nearer than the snapshot.
        if !(self.position <= n && self.position >= base) {
            self.state = Arc::clone(snapshot);
            self.position = base;
        }
        while self.position < n {
            let i = self.position;
            // A copy only when a snapshot shares this state.
            let state = Arc::make_mut(&mut self.state);
            apply_indexed(&mut state.session, &mut state.places, &records[i].event)
                .map_err(|e| (i, e))?;
            self.position += 1;
            // Anchors when passing them; of the loose snapshots only the last before `n`:
            // each one taken costs a copy of the state at the next event.
            if self.position.is_multiple_of(self.keep.interval)
                && (self.keep.is_anchor(self.position) || n - self.position < self.keep.interval)
                && !self.snapshots.contains_key(&self.position)
            {
                self.snapshots
                    .insert(self.position, Arc::clone(&self.state));
                self.forget_one();
            }
        }
        Ok(())
    }

    fn kept_for_good(&self, position: usize) -> bool {
        self.keep.is_anchor(position) || self.pinned.contains(&position)
    }

    /// Drop the loose snapshot farthest from the cursor when there are too many.
    fn forget_one(&mut self) {
        let loose = || self.snapshots.keys().filter(|&&p| !self.kept_for_good(p));
        if loose().count() <= self.keep.loose {
            return;
        }
        let here = self.position;
        if let Some(&farthest) = loose().max_by_key(|&&p| p.abs_diff(here)) {
            self.snapshots.remove(&farthest);
        }
    }
}
