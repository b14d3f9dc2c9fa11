//! The session file: YAML, read with limits and clear `file:line:column` errors, written whole.
//!
//! Layout: the format version first (`sori: 2`), then the state, then the history last. A file
//! of an older format is read and brought to this one (`migrate`).

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::core::apply::raise_counter;
use crate::core::history::Record;
use crate::core::session::{ActionItem, Activity, Idea, Item, Meta, Party, Previous, Session};

use super::history_text::{HistoryText, split};
use super::locate::locate;
use super::prescan::prescan;
use super::validate::validate;
use super::words::yaml_error;

pub use super::migrate::FORMAT_VERSION;
use super::migrate::OLDEST_VERSION;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A session file as written: borrowed, so saving never copies the session.
#[derive(Serialize)]
struct FileOut<'a> {
    #[serde(flatten)]
    head: HeadOut<'a>,
    history: RecordsOut<'a>,
}

/// Everything a session file holds before its history: the format version, then the session
/// as its own `Serialize` writes it. The session's fields are defined once, in
/// `core::session::Session`: a new field is saved without a change here.
#[derive(Serialize)]
struct HeadOut<'a> {
    sori: u32,
    #[serde(flatten)]
    session: &'a Session,
}

impl<'a> HeadOut<'a> {
    fn of(session: &'a Session) -> HeadOut<'a> {
        HeadOut {
            sori: FORMAT_VERSION,
            session,
        }
    }
}

/// Records written as one list: those read from the file, then the new ones.
struct RecordsOut<'a>(&'a [Record], &'a [Record]);

impl Serialize for RecordsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().chain(self.1))
    }
}

/// A session file as read. Its JSON Schema is what `sori schema` prints.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "sori session",
    description = "One 相利 workshop meeting: the state, then the history of changes"
)]
pub struct SessionFile {
    /// The file format version: 2 (a file of format 1 is read too, and written as 2).
    pub sori: FormatVersion,
    #[serde(default)]
    pub meta: Meta,
    /// The next number for a new id.
    #[serde(default = "one")]
    pub next_id: u64,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub decisions: Vec<Item>,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
    #[serde(default)]
    pub parking_lot: Vec<Item>,
    #[serde(default)]
    pub expansion: Vec<Idea>,
    #[serde(default)]
    pub previous: Option<Previous>,
    /// Every change, oldest first. Replaying it from an empty session gives the state above.
    #[serde(default)]
    pub history: Vec<Record>,
}

fn one() -> u64 {
    1
}

impl SessionFile {
    /// The session and its history. Both sides are taken apart whole (no `..`): a field added
    /// to `Session` does not compile until the file reads it too. (Writing needs no list: the
    /// session writes itself, see `HeadOut`.)
    fn into_parts(self) -> (u32, Session, Vec<Record>) {
        let SessionFile {
            sori: FormatVersion(version),
            meta,
            next_id,
            parties,
            activities,
            decisions,
            action_items,
            parking_lot,
            expansion,
            previous,
            history,
        } = self;
        let session = Session {
            meta,
            next_id,
            parties,
            activities,
            decisions,
            action_items,
            parking_lot,
            expansion,
            previous,
        };
        (version, session, history)
    }
}

/// The `sori:` version number; reading refuses a newer one than ours, and one older than any
/// sori wrote.
pub struct FormatVersion(pub u32);

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FormatVersion, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = FormatVersion;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the format version {FORMAT_VERSION}")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FormatVersion, E> {
                if (u64::from(OLDEST_VERSION)..=u64::from(FORMAT_VERSION)).contains(&v) {
                    Ok(FormatVersion(v as u32))
                } else if v > u64::from(FORMAT_VERSION) {
                    Err(E::custom(format_args!(
                        "{FUTURE_VERSION} {v}, from a newer sori; this sori reads format {FORMAT_VERSION}: please update sori"
                    )))
                } else {
                    Err(E::custom(format_args!(
                        "{UNKNOWN_VERSION} {v} (expected {FORMAT_VERSION})"
                    )))
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FormatVersion, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format_args!(
                        "{UNKNOWN_VERSION} {v} (expected {FORMAT_VERSION})"
                    ))),
                }
            }
        }
        d.deserialize_u64(V)
    }
}

impl JsonSchema for FormatVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatVersion".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "const": FORMAT_VERSION, "description": "The file format version (sori reads format 1 too, and writes it as this one)" })
    }
}

/// Why a session file could not be read. Shown as one line:
/// `w.yaml:12:5: parties[2].purposes: expected a list, found text "x"`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LoadError {
    pub path: String,
    /// 1-based line and column, where one is known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    pub fn new(path: &Path, message: impl Into<String>) -> LoadError {
        LoadError {
            path: path.display().to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> LoadError {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

/// Turn a session and its history into the file's text.
pub fn to_yaml(session: &Session, history: &[Record]) -> String {
    to_yaml_parts(session, history, &[])
}

/// The file's text for a session whose history is `old` records and then `new` ones.
pub fn to_yaml_parts(session: &Session, old: &[Record], new: &[Record]) -> String {
    let out = FileOut {
        head: HeadOut::of(session),
        history: RecordsOut(old, new),
    };
    // Serialising plain data to a string cannot fail: no maps with non-string keys, no
    // nested enums (events are written as one-key maps by hand).
    serde_yaml::to_string(&out).expect("a session always serialises")
}

/// The file's text before its history: the format version and the state. Followed by
/// `history:` and the records (`records_yaml`), it is what `to_yaml` writes.
pub fn head_yaml(session: &Session) -> String {
    serde_yaml::to_string(&HeadOut::of(session)).expect("a session always serialises")
}

/// Records as the entries of a file's history (`- at: ...` at the left margin); nothing for
/// none.
pub fn records_yaml(records: &[Record]) -> String {
    if records.is_empty() {
        return String::new();
    }
    serde_yaml::to_string(records).expect("records always serialise")
}

/// Read a session from a file on disk. Never panics; any problem is one `LoadError`.
pub fn load(path: &Path) -> Result<(Session, Vec<Record>), LoadError> {
    let bytes = read_limited(path)?;
    parse(path, &bytes)
}

/// The history of a session file, as read for working on the session.
#[derive(Debug)]
pub enum FileHistory {
    /// Read record by record (a file laid out otherwise than sori writes it).
    Records(Vec<Record>),
    /// Kept as the file's text, read only where needed (see `history_text`).
    Text(HistoryText),
}

impl FileHistory {
    /// How many records.
    pub fn len(&self) -> usize {
        match self {
            FileHistory::Records(records) => records.len(),
            FileHistory::Text(text) => text.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Read a session for working on it: the state, checked as `load` checks it, and its history
/// kept as text and counted when the file is laid out as sori writes it (milliseconds for any
/// length); read whole as `load` reads it otherwise. A history kept as text is not checked
/// here: see `HistoryText::check`.
pub fn load_lazy(path: &Path) -> Result<(Session, FileHistory), LoadError> {
    let bytes = read_limited(path)?;
    parse_lazy(path, bytes)
}

/// `load_lazy` from a file's bytes. `path` only names the file in messages.
pub fn parse_lazy(path: &Path, bytes: Vec<u8>) -> Result<(Session, FileHistory), LoadError> {
    let text = match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            text
        }
        // `parse` says where the bad byte is.
        Err(e) => return parse(path, e.as_bytes()).map(|(s, r)| (s, FileHistory::Records(r))),
    };
    if let Some(split) = split(&text) {
        // The state alone, with every check `parse` makes. Anything it refuses, the whole
        // file is read for (the message is then the one the whole file gives); so is a file of
        // an older format, whose records are migrated one by one.
        if let Ok((FORMAT_VERSION, session, records)) =
            parse_versioned(path, &text.as_bytes()[..split.head_end])
            && records.is_empty()
        {
            let history = HistoryText::new(Arc::new(text), split);
            return Ok((session, FileHistory::Text(history)));
        }
    }
    let (session, records) = parse(path, text.as_bytes())?;
    Ok((session, FileHistory::Records(records)))
}

/// Read at most `MAX_FILE_BYTES`, refusing bigger files before reading them whole, and
/// anything but a regular file (a FIFO is never waited on).
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_session_file(path).map(|(bytes, _)| bytes)
}

/// `read_limited`, with what `stat` said of the file read.
pub fn read_session_file(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), LoadError> {
    use super::fsio::{Kind, ReadFailure, read_regular};
    read_regular(path, MAX_FILE_BYTES, true).map_err(|e| match e {
        ReadFailure::NotRegular(Kind::Folder) => {
            LoadError::new(path, "this is a folder, not a session file")
        }
        ReadFailure::NotRegular(kind) => LoadError::new(
            path,
            format!(
                "this is {}, not a session file; sori does not read it",
                kind.words()
            ),
        ),
        ReadFailure::Io(e) => LoadError::new(path, io_message(&e)),
        too_big @ ReadFailure::TooBig { .. } => LoadError::new(path, too_big.to_string()),
    })
}

pub fn io_message(e: &std::io::Error) -> String {
    super::fsio::io_words(e)
}

/// Parse and validate a session file's bytes. `path` only names the file in messages. A file
/// of an older format comes back in this one (`migrate`).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<(Session, Vec<Record>), LoadError> {
    parse_versioned(path, bytes).map(|(_, session, records)| (session, records))
}

/// `parse`, saying which format the file was written in.
fn parse_versioned(path: &Path, bytes: &[u8]) -> Result<(u32, Session, Vec<Record>), LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(LoadError::new(
                path,
                "the file is not UTF-8 text (an invalid byte here): save it as UTF-8",
            )
            .at(line, column));
        }
    };
    // A byte-order mark is harmless; Windows editors add one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(LoadError::new(
            path,
            format!("the file is empty: a sori session starts with `sori: {FORMAT_VERSION}`"),
        ));
    }
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| !yaml_printable(c)) {
        let (line, column) = line_col(text.as_bytes(), at);
        let what = if c.is_control() {
            "control character"
        } else {
            "character"
        };
        return Err(LoadError::new(
            path,
            format!(
                "{what} U+{:04X} is not allowed in a session file",
                u32::from(c)
            ),
        )
        .at(line, column));
    }
    if let Err((line, column, message)) = prescan(text) {
        return Err(LoadError::new(path, message).at(line, column));
    }
    // The YAML parser is not ours; whatever it does with hostile bytes, a panic must not
    // take sori down.
    let parsed = std::panic::catch_unwind(|| read_file(text));
    let file = match parsed {
        Ok(Ok(file)) => file,
        Ok(Err(e)) => return Err(yaml_error(path, text, &e)),
        Err(_) => return Err(LoadError::new(path, "the YAML parser failed on this file")),
    };
    let (version, mut session, mut history) = file.into_parts();
    if let Err(problem) = super::migrate::to_current(version, &mut session, &mut history) {
        let mut err = LoadError::new(path, format!("{}: {}", problem.path, problem.message));
        if let Some((line, column)) = locate(text, &problem.path) {
            err = err.at(line, column);
        }
        return Err(err);
    }
    if let Err(problem) = validate(&session) {
        let mut err = LoadError::new(path, format!("{}: {}", problem.path, problem.message));
        if let Some((line, column)) = locate(text, &problem.path) {
            err = err.at(line, column);
        }
        return Err(err);
    }
    raise_counter(&mut session);
    Ok((version, session, history))
}

/// The characters YAML allows in a file (its `c-printable` set). The parser refuses the
/// others with a byte offset only; sori refuses them first, with a line and column.
pub(super) fn yaml_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}'
        | '\u{10000}'..)
}

/// Deserialise the file's text, with the two checks the parser needs first.
fn read_file(text: &str) -> Result<SessionFile, serde_yaml::Error> {
    // Aliases (`*name`) repeat what an anchor (`&name`) names. sori never writes them, and the
    // parser's own limit lets a short alias bomb run for seconds and a padded one for minutes.
    // Every alias needs a `*`, so files without one skip this pass.
    if text.contains('*') {
        check_expansion(text)?;
    }
    serde_yaml::from_str::<SessionFile>(text).map_err(|e| {
        // The parser reads ahead of the deserialiser, so a syntax error further down can first
        // show up as a wrong type (an unclosed `[` turns a title into a list). Say the syntax
        // error when there is one: that is what the facilitator has to fix.
        match serde_yaml::from_str::<serde::de::IgnoredAny>(text) {
            Err(syntax) => syntax,
            Ok(_) => e,
        }
    })
}

/// Walk the whole document, aliases expanded, and refuse it once it has produced more nodes
/// than the text could hold without aliases (every node takes at least one character).
/// Whatever else reads a file's YAML (the session list) runs this first too.
pub(crate) fn check_expansion(text: &str) -> Result<(), serde_yaml::Error> {
    use serde::de::DeserializeSeed;
    let budget = std::cell::Cell::new(text.len() + 1024);
    NodeBudget(&budget).deserialize(serde_yaml::Deserializer::from_str(text))
}

pub(super) const ALIAS_BOMB: &str =
    "the file's aliases (`*name`) repeat far more than it holds (an alias bomb?); sori refuses it";

/// Counts nodes down from a budget while visiting everything (the `DeserializeSeed` and the
/// `Visitor` are the same value).
#[derive(Clone, Copy)]
struct NodeBudget<'a>(&'a std::cell::Cell<usize>);

impl NodeBudget<'_> {
    fn spend<E: serde::de::Error>(self) -> Result<(), E> {
        match self.0.get().checked_sub(1) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(ALIAS_BOMB)),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for NodeBudget<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for NodeBudget<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend()
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        self.spend()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend()
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        self.spend()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.spend()
    }
    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<(), E> {
        self.spend()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.spend()?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// The start of the messages `FormatVersion` gives, which `words` places at the `sori:` key.
pub(super) const FUTURE_VERSION: &str = "this file is format";
pub(super) const UNKNOWN_VERSION: &str = "unknown format version";
