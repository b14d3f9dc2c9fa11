//! The session file: YAML, read with limits and clear `file:line:column` errors, written whole.
//!
//! Layout: the format version first (`sori: 1`), then the state, then the history last.

use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::core::history::Record;
use crate::core::session::{ActionItem, Activity, Idea, Item, Meta, Party, Session};

use super::locate::locate;
use super::prescan::prescan;
use super::validate::validate;

/// The file format this sori reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A session file as written: borrowed, so saving never copies the session.
#[derive(Serialize)]
struct FileOut<'a> {
    sori: u32,
    meta: &'a Meta,
    next_id: u64,
    parties: &'a [Party],
    activities: &'a [Activity],
    decisions: &'a [Item],
    action_items: &'a [ActionItem],
    parking_lot: &'a [Item],
    expansion: &'a [Idea],
    history: &'a [Record],
}

/// A session file as read. Its JSON Schema is what `sori schema` prints.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "sori session",
    description = "One 相利 workshop meeting: the state, then the history of changes"
)]
pub struct SessionFile {
    /// The file format version: 1.
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
    /// Every change, oldest first. Replaying it from an empty session gives the state above.
    #[serde(default)]
    pub history: Vec<Record>,
}

fn one() -> u64 {
    1
}

/// The `sori:` version number; reading refuses any other than ours.
pub struct FormatVersion;

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FormatVersion, D::Error> {
        let v = u64::deserialize(d)?;
        if v == u64::from(FORMAT_VERSION) {
            Ok(FormatVersion)
        } else if v > u64::from(FORMAT_VERSION) {
            Err(serde::de::Error::custom(format_args!(
                "this file is format {v}, from a newer sori; this sori reads format {FORMAT_VERSION}: please update sori"
            )))
        } else {
            Err(serde::de::Error::custom(format_args!(
                "unknown format version {v} (expected {FORMAT_VERSION})"
            )))
        }
    }
}

impl JsonSchema for FormatVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatVersion".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "const": FORMAT_VERSION, "description": "The file format version" })
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
    let out = FileOut {
        sori: FORMAT_VERSION,
        meta: &session.meta,
        next_id: session.next_id,
        parties: &session.parties,
        activities: &session.activities,
        decisions: &session.decisions,
        action_items: &session.action_items,
        parking_lot: &session.parking_lot,
        expansion: &session.expansion,
        history,
    };
    // Serialising plain data to a string cannot fail: no maps with non-string keys, no
    // nested enums (events are written as one-key maps by hand).
    serde_yaml::to_string(&out).expect("a session always serialises")
}

/// Read a session from a file on disk. Never panics; any problem is one `LoadError`.
pub fn load(path: &Path) -> Result<(Session, Vec<Record>), LoadError> {
    let bytes = read_limited(path)?;
    parse(path, &bytes)
}

/// Read at most `MAX_FILE_BYTES`, refusing bigger files before reading them whole.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| LoadError::new(path, io_message(&e)))?;
    let too_big = || {
        LoadError::new(
            path,
            format!(
                "the file is larger than {} MiB; sori refuses to read it",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )
    };
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(LoadError::new(path, "this is a folder, not a session file"));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_big());
        }
    }
    let mut bytes = vec![];
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::new(path, io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Parse and validate a session file's bytes. `path` only names the file in messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<(Session, Vec<Record>), LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(
                LoadError::new(path, "the file is not UTF-8 text (invalid byte)").at(line, column),
            );
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
            "the file is empty: a sori session starts with `sori: 1`",
        ));
    }
    if let Some(at) =
        text.find(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t') && (c as u32) < 0x80)
    {
        let (line, column) = line_col(text.as_bytes(), at);
        let code = text[at..].chars().next().map(|c| c as u32).unwrap_or(0);
        return Err(LoadError::new(
            path,
            format!("control character U+{code:04X} is not allowed in a session file"),
        )
        .at(line, column));
    }
    if let Err((line, column, message)) = prescan(text) {
        return Err(LoadError::new(path, message).at(line, column));
    }
    // The YAML parser is not ours; whatever it does with hostile bytes, a panic must not
    // take sori down.
    let parsed = std::panic::catch_unwind(|| serde_yaml::from_str::<SessionFile>(text));
    let file = match parsed {
        Ok(Ok(file)) => file,
        Ok(Err(e)) => return Err(yaml_error(path, text, &e)),
        Err(_) => return Err(LoadError::new(path, "the YAML parser failed on this file")),
    };
    let mut session = Session {
        meta: file.meta,
        next_id: file.next_id,
        parties: file.parties,
        activities: file.activities,
        decisions: file.decisions,
        action_items: file.action_items,
        parking_lot: file.parking_lot,
        expansion: file.expansion,
    };
    if let Err(problem) = validate(&mut session) {
        let mut err = LoadError::new(path, format!("{}: {}", problem.path, problem.message));
        if let Some((line, column)) = locate(text, &problem.path) {
            err = err.at(line, column);
        }
        return Err(err);
    }
    Ok((session, file.history))
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

fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> LoadError {
    let mut message = e.to_string();
    let location = e.location();
    if let Some(loc) = &location {
        let suffix = format!(" at line {} column {}", loc.line(), loc.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_string();
        }
        // libyaml's own messages end with a position in another form.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
    }
    let message = friendly(&message);
    let err = LoadError::new(path, message);
    match location {
        Some(loc) if loc.line() >= 1 => err.at(loc.line(), loc.column()),
        // Errors without a position (a missing `sori:` key, say) point at the top.
        _ if !text.is_empty() => err.at(1, 1),
        _ => err,
    }
}

/// Say serde's and libyaml's messages in a facilitator's words.
fn friendly(message: &str) -> String {
    let mut m = message.to_string();
    if m.contains("recursion limit exceeded") {
        return "the file nests deeper than 128 levels; sori refuses it".into();
    }
    if m.contains("repetition limit exceeded") {
        return "the file repeats aliases too often (an alias bomb?); sori refuses it".into();
    }
    if m.contains("missing field `sori`") {
        return "not a sori session: the file must start with `sori: 1`".into();
    }
    if m.contains("more than one document") {
        return "the file holds more than one YAML document; a session is one".into();
    }
    if m.contains("expected struct SessionFile") || m.contains("expected a sori session") {
        return "not a sori session: expected a mapping that starts with `sori: 1`".into();
    }
    // "invalid type: string \"x\", expected a sequence" -> "expected a list, found text \"x\""
    if let Some(rest) = m.strip_prefix("invalid type: ").map(str::to_string)
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        m = format!("expected {}, found {}", words(expected), words(found));
    } else if let Some(pos) = m.find(": invalid type: ") {
        let (head, tail) = m.split_at(pos);
        let rest = &tail[": invalid type: ".len()..];
        if let Some((found, expected)) = rest.split_once(", expected ") {
            m = format!(
                "{head}: expected {}, found {}",
                words(expected),
                words(found)
            );
        }
    }
    m.replace("invalid value: ", "")
        .replace("unknown field", "unknown key")
}

fn words(s: &str) -> String {
    let s = s
        .replace("a sequence", "a list")
        .replace("sequence", "a list")
        .replace("a string", "text")
        .replace("string ", "text ")
        .replace("a map", "a mapping")
        .replace("map", "a mapping")
        .replace("a a mapping", "a mapping")
        .replace("unit value", "nothing (null)")
        .replace("a boolean", "true or false")
        .replace("boolean ", "");
    if let Some(name) = s.strip_prefix("struct ") {
        return format!("a {} (a mapping)", struct_words(name));
    }
    s
}

fn struct_words(name: &str) -> String {
    match name {
        "Item" => "list item with id and text".into(),
        "ActionItem" => "action item".into(),
        "StepState" => "step".into(),
        other => other.to_lowercase(),
    }
}
