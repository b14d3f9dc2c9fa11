//! A session's history kept as the text of its file, read only where it is needed.
//!
//! sori writes the history last, as a block sequence at the left margin:
//!
//! ```text
//! expansion: []
//! history:
//! - at: 2026-11-27T14:00:05+09:00
//!   add_party:
//!     party: ...
//! - at: ...
//! ```
//!
//! So the state (everything before `history:`) can be read without the history, and the
//! history counted by its lines that start with `- `: what the workshop, `sori render` and
//! `sori export` need is there in milliseconds whatever the history's length. Saving writes the
//! state anew, then this text as it was, then the new records in the same layout.
//!
//! A file laid out any other way (a history in brackets, indented, followed by another key,
//! Windows line ends) is read whole, as before (`split` says `None`). An entry that does not
//! read on its own (an alias to an anchor elsewhere, a quoted text over lines) is found by the
//! check, which then reads the whole file. The text kept is checked
//! (`HistoryText::check`, in the background for an open session) before a save may copy it:
//! a history sori cannot read is never written again as if it were sound.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::core::apply::{ApplyError, apply_indexed};
use crate::core::history::Record;
use crate::core::places::ItemPlaces;
use crate::core::session::Session;

use super::prescan::prescan;
use super::yaml::{LoadError, check_expansion, parse, yaml_printable};

/// Where a file's text splits into state and history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    /// The state's text is `text[..head_end]` (up to the `history:` line).
    pub head_end: usize,
    /// The history's entries start here (after the `history:` line).
    pub entries_start: usize,
    /// How many records: the lines that start with `- `.
    pub count: usize,
}

/// Split a file's text (without its byte-order mark) at its history, when the history is laid
/// out as sori writes it: the line `history:` at the left margin and after it only entries
/// that start with `- ` at the margin, their indented lines, blank lines and comments; or
/// `history: []` and nothing after it. `None` for any other layout.
pub fn split(text: &str) -> Option<Split> {
    if text.contains('\r') || text.starts_with("history:") {
        return None;
    }
    let head_end = text.find("\nhistory:")? + 1;
    let line_end = text[head_end..]
        .find('\n')
        .map_or(text.len(), |i| head_end + i);
    let after_key = text[head_end + "history:".len()..line_end].trim_end_matches(' ');
    let entries_start = (line_end + 1).min(text.len());
    let rest = &text[entries_start..];
    match after_key {
        "" => {}
        " []" if rest.lines().all(blank_or_comment) => {
            return Some(Split {
                head_end,
                entries_start,
                count: 0,
            });
        }
        _ => return None,
    }
    let mut count = 0;
    for line in rest.split('\n') {
        match line.as_bytes().first() {
            Some(b'-') if line.as_bytes().get(1) == Some(&b' ') => count += 1,
            // An indented line belongs to the entry above it; there must be one.
            Some(b' ') if count > 0 || line.trim().is_empty() => {}
            None | Some(b'#') => {}
            _ => return None,
        }
    }
    (count > 0).then_some(Split {
        head_end,
        entries_start,
        count,
    })
}

fn blank_or_comment(line: &str) -> bool {
    let line = line.trim_start_matches(' ');
    line.is_empty() || line.starts_with('#')
}

/// The history of a session file as its text, with the records saved since it was read.
#[derive(Clone)]
pub struct HistoryText {
    /// The file's text as read (without a byte-order mark).
    file: Arc<String>,
    split: Split,
    /// Records saved since, in the file's layout.
    appended: String,
    /// Records in the file's entries and in `appended`.
    count: usize,
}

impl std::fmt::Debug for HistoryText {
    // Not the text: it can be tens of megabytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistoryText")
            .field("records", &self.count)
            .field("bytes", &(self.entries().len() + self.appended.len()))
            .finish()
    }
}

/// What checking a history text found.
#[derive(Debug)]
pub enum Checked {
    /// Every entry is a record: the text may be copied into the next save.
    Sound,
    /// The entries are not all records on their own, but the whole file reads (an alias to
    /// an anchor in another entry, say): here are the records; the text must not be copied.
    Unusual(Vec<Record>),
    /// The file does not read: what is wrong and where.
    Broken(LoadError),
}

/// Records parsed together when checking (one parser for many records, a bounded amount of
/// memory).
const BATCH: usize = 512;

impl HistoryText {
    pub fn new(file: Arc<String>, split: Split) -> HistoryText {
        HistoryText {
            file,
            split,
            appended: String::new(),
            count: split.count,
        }
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The size of the entries read from the file, in bytes.
    pub fn bytes(&self) -> usize {
        self.entries().len()
    }

    /// The entries as the file holds them (after the `history:` line).
    fn entries(&self) -> &str {
        if self.split.count == 0 {
            // `history: []`, perhaps with comments after it.
            ""
        } else {
            &self.file[self.split.entries_start..]
        }
    }

    /// What follows `history:` in a file that holds these records and then the records
    /// `new_text` says (serialised as the file holds them), in pieces to write one after the
    /// other. Nothing for an empty history (the file says `history: []`).
    pub fn pieces<'a>(&'a self, new_text: &'a str) -> [&'a str; 4] {
        [self.entries(), &self.appended, self.gap(new_text), new_text]
    }

    /// A line break when the text so far does not end with one (a file whose last line has
    /// none) and more follows: a new entry starts on its own line.
    fn gap(&self, new_text: &str) -> &'static str {
        let so_far = if self.appended.is_empty() {
            self.entries()
        } else {
            &self.appended
        };
        if !new_text.is_empty() && !so_far.is_empty() && !so_far.ends_with('\n') {
            "\n"
        } else {
            ""
        }
    }

    /// The records `new_text` holds (`new` of them) were saved after these: they are part
    /// of this history from now on.
    pub fn saved(&mut self, new_text: &str, new: usize) {
        let gap = self.gap(new_text);
        self.appended.push_str(gap);
        self.appended.push_str(new_text);
        self.count += new;
    }

    /// The first record and the last (what the minutes read of a history: when the meeting
    /// started and ended), parsed from the text; `None` for one that does not read.
    pub fn ends(&self) -> (Option<Record>, Option<Record>) {
        let entries = self.entries();
        let first = entry_starts(entries)
            .next()
            .or_else(|| entry_starts(&self.appended).next())
            .map(|start| {
                let text = if entries.is_empty() {
                    &self.appended
                } else {
                    entries
                };
                entry_at(text, start)
            })
            .and_then(parse_one);
        let last = last_entry(&self.appended)
            .or_else(|| last_entry(entries))
            .and_then(parse_one);
        (first, last)
    }

    /// The records accepted from the parties' phones (those with `from:`), in order: found by
    /// that key at a record's margin, without reading the other records.
    pub fn records_from_phones(&self) -> Vec<Record> {
        self.entries_mentioning("\n  from:")
            .filter_map(|(_, entry)| parse_one(entry).filter(|r| r.from.is_some()))
            .collect()
    }

    /// Every record, parsed: the whole history in memory (for replays, tools and tests). Each
    /// batch is checked as `check` checks it and kept as it is read (one pass over the text).
    pub fn records(&self, path: &Path) -> Result<Vec<Record>, LoadError> {
        let mut out = Vec::with_capacity(self.count);
        for (batch, count) in batches(self.entries(), BATCH) {
            match read_batch(batch, count) {
                Some(records) => out.extend(records),
                None => {
                    // The file's records as one whole, then those saved since (ours).
                    let (_, mut records) = parse(path, self.file.as_bytes())?;
                    records.extend(parse_batches(&self.appended));
                    return Ok(records);
                }
            }
        }
        out.extend(parse_batches(&self.appended));
        Ok(out)
    }

    /// The records whose entry's text contains `needle`, each with its index in the
    /// history, parsed one by one: a few records of a long history without reading it all
    /// (the replay's step changes for its first screen). `None` when one of those entries
    /// does not read on its own (read the whole history instead).
    pub fn records_mentioning(&self, needle: &str) -> Option<Vec<(usize, Record)>> {
        self.entries_mentioning(needle)
            .map(|(index, entry)| Some((index, read_batch(entry, 1)?.pop()?)))
            .collect()
    }

    /// The entries whose text contains `needle`, in order, each with its index in the
    /// history. A batch at a time: most hold no mention, and `contains` says so fast (much
    /// faster than `find`, which is left to the batches that do).
    fn entries_mentioning<'a>(
        &'a self,
        needle: &'a str,
    ) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let file = batches(self.entries(), BATCH).map(|b| (b, 0));
        let appended = batches(&self.appended, BATCH).map(|b| (b, self.split.count));
        let mut index = 0;
        file.chain(appended)
            .flat_map(move |((batch, count), first)| {
                // The appended records count on from the file's.
                index = index.max(first);
                let from = index;
                index += count;
                batch
                    .contains(needle)
                    .then(|| {
                        let mut starts = entry_starts(batch).peekable();
                        std::iter::from_fn(move || {
                            let start = starts.next()?;
                            Some(&batch[start..starts.peek().copied().unwrap_or(batch.len())])
                        })
                        .enumerate()
                        .filter(move |(_, entry)| entry.contains(needle))
                        .map(move |(i, entry)| (from + i, entry))
                    })
                    .into_iter()
                    .flatten()
            })
    }

    /// The records from index `from` to the end (a journal's records are compared with them):
    /// only those entries are parsed, unless one does not read on its own.
    pub fn records_from(&self, path: &Path, from: usize) -> Result<Vec<Record>, LoadError> {
        let in_file = self.split.count;
        let mut out = vec![];
        if from < in_file {
            let entries = self.entries();
            let start = entry_starts(entries).nth(from).unwrap_or(entries.len());
            for (batch, count) in batches(&entries[start..], BATCH) {
                match read_batch(batch, count) {
                    Some(records) => out.extend(records),
                    None => return Ok(self.records(path)?.into_iter().skip(from).collect()),
                }
            }
        }
        let appended = parse_batches(&self.appended);
        out.extend(appended.into_iter().skip(from.saturating_sub(in_file)));
        Ok(out)
    }

    /// Check that every entry of the file reads as one record, a batch at a time (so with
    /// the memory of one batch). When one does not, the whole file is read as before, for
    /// its records or for the message that says what is wrong and where.
    pub fn check(&self, path: &Path) -> Checked {
        self.check_unless(path, &AtomicBool::new(false))
            .expect("never stopped")
    }

    /// `check`, given up (`None`) as soon as `stop` is set (the session was closed).
    pub fn check_unless(&self, path: &Path, stop: &AtomicBool) -> Option<Checked> {
        for (batch, count) in batches(self.entries(), BATCH) {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            if read_batch(batch, count).is_none() {
                return Some(match parse(path, self.file.as_bytes()) {
                    Ok((_, records)) => Checked::Unusual(records),
                    Err(e) => Checked::Broken(e),
                });
            }
        }
        Some(Checked::Sound)
    }

    /// Replay every record onto an empty session, a batch at a time (the memory of one
    /// batch): the state, or the first record that does not apply. `None` when an entry
    /// does not read on its own (read the whole file instead).
    pub fn replay(&self) -> Option<Result<Session, (usize, ApplyError)>> {
        let mut session = Session::empty();
        let mut places = ItemPlaces::default();
        let mut index = 0;
        for text in [self.entries(), self.appended.as_str()] {
            for (batch, count) in batches(text, BATCH) {
                for record in read_batch(batch, count)? {
                    if let Err(e) = apply_indexed(&mut session, &mut places, &record.event) {
                        return Some(Err((index, e)));
                    }
                    index += 1;
                }
            }
        }
        Some(Ok(session))
    }
}

/// A batch of entries, if it passes the loader's checks and reads as exactly `count` records.
fn read_batch(batch: &str, count: usize) -> Option<Vec<Record>> {
    if !batch.chars().all(yaml_printable)
        || prescan(batch).is_err()
        || (batch.contains('*') && check_expansion(batch).is_err())
    {
        return None;
    }
    // The parser is not ours: a panic on hostile text is a batch that does not read.
    let records = std::panic::catch_unwind(|| serde_yaml::from_str::<Vec<Record>>(batch))
        .ok()?
        .ok()?;
    (records.len() == count).then_some(records)
}

/// The records of entries known to read (checked, or written by sori).
fn parse_batches(entries: &str) -> Vec<Record> {
    batches(entries, BATCH)
        .flat_map(|(batch, _)| serde_yaml::from_str::<Vec<Record>>(batch).unwrap_or_default())
        .collect()
}

/// Byte offsets where entries start (`- ` at the margin). Line ends are found a byte at a
/// time (`memchr`), then looked at: much faster than searching for the three bytes.
fn entry_starts(entries: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = entries.as_bytes();
    let first = entries.starts_with("- ").then_some(0);
    first.into_iter().chain(
        entries
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .filter(move |&i| bytes[i..].starts_with(b"- ")),
    )
}

/// The entry that starts at `start`, up to the next.
fn entry_at(entries: &str, start: usize) -> &str {
    let end = entries[start..]
        .find("\n- ")
        .map_or(entries.len(), |i| start + i + 1);
    &entries[start..end]
}

fn last_entry(entries: &str) -> Option<&str> {
    let start = match entries.rfind("\n- ") {
        Some(i) => i + 1,
        None if entries.starts_with("- ") => 0,
        None => return None,
    };
    Some(&entries[start..])
}

fn parse_one(entry: &str) -> Option<Record> {
    let mut records = serde_yaml::from_str::<Vec<Record>>(entry).ok()?;
    (records.len() == 1).then(|| records.remove(0))
}

/// The entries in batches of `size`: each batch's text and how many entries it holds.
fn batches(entries: &str, size: usize) -> impl Iterator<Item = (&str, usize)> + '_ {
    let mut starts = entry_starts(entries).peekable();
    std::iter::from_fn(move || {
        let start = starts.next()?;
        let mut count = 1;
        while count < size && starts.next().is_some() {
            count += 1;
        }
        let end = starts.peek().copied().unwrap_or(entries.len());
        Some((&entries[start..end], count))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_as_sori_writes_it_splits_at_its_history() {
        let text = "sori: 1\nparking_lot: []\nhistory:\n- at: x\n  set_lang:\n    lang: ja\n\n# note\n- at: y\n  k: |\n    - not an entry\n";
        let split = split(text).unwrap();
        assert_eq!(&text[..split.head_end], "sori: 1\nparking_lot: []\n");
        assert!(text[split.entries_start..].starts_with("- at: x"));
        assert_eq!(split.count, 2);
    }

    #[test]
    fn an_empty_history_splits_with_no_records() {
        let split = split("sori: 1\nhistory: []\n").unwrap();
        assert_eq!(split.count, 0);
        assert_eq!(split.head_end, 8);
    }

    #[test]
    fn other_layouts_are_read_whole() {
        for text in [
            "sori: 1\nhistory: [{at: x, set_lang: {lang: ja}}]\n",
            "sori: 1\nhistory:\n  - at: x\n    set_lang: {lang: ja}\n",
            "sori: 1\nhistory:\n- at: x\n  set_lang: {lang: ja}\nparties: []\n",
            "sori: 1\r\nhistory:\r\n- at: x\r\n",
            "sori: 1\nhistory: # the changes\n- at: x\n",
            "sori: 1\nhistory:\n-\n  at: x\n",
            "sori: 1\nhistory:\n",
            "sori: 1\nhistory: []\n- at: x\n",
            "history:\n- at: x\nsori: 1\n",
            "sori: 1\nhistory:\n---\n- at: x\n",
            "sori: 1\nhistory:\n  # a comment before\n   text\n- at: x\n",
            "sori: 1\n",
        ] {
            assert_eq!(split(text), None, "{text:?}");
        }
    }

    #[test]
    fn batches_cover_every_entry_once() {
        let entries = "- a: 1\n  b: 2\n- a: 3\n\n- a: 4\n- a: 5\n  c: |\n    x\n- a: 6\n";
        let got: Vec<(&str, usize)> = batches(entries, 2).collect();
        assert_eq!(
            got,
            [
                ("- a: 1\n  b: 2\n- a: 3\n\n", 2),
                ("- a: 4\n- a: 5\n  c: |\n    x\n", 2),
                ("- a: 6\n", 1),
            ]
        );
        assert_eq!(last_entry(entries), Some("- a: 6\n"));
        assert_eq!(entry_at(entries, 0), "- a: 1\n  b: 2\n");
    }
}
