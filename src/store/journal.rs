//! The journal: a sidecar file (`w.yaml.journal`) to which every change is appended and
//! fsync'd the moment it is made, so an edit is durable in a few milliseconds whatever the size
//! of the session. The journal is folded into the YAML file on quit, on step change and every so
//! often, then removed.
//!
//! One record per line, JSON: `{"seq":57,"record":{"at":"…","add_item":{…}}}`. `seq` is the
//! record's index in the history, so a journal left behind after its records were folded (a
//! crash between the save and the removal) is recognised and not applied twice. A crash in the
//! middle of an append leaves a last line without its newline: every complete line before it
//! is recovered.
//!
//! A journal is bound to the version of the file its records build on: each time sori opens
//! it for appending it first writes a header line,
//! `{"base":{"history":57,"bytes":12345,"sha256":"…"}}` (the file's history length, size and
//! SHA-256), and the records after it build on that file. Recovery (`sort_out`) places a
//! journal's records after the file only if they build on the file as it is now; records the
//! file holds already are skipped only if they are the very records it holds. Anything else
//! (a sync client or a colleague replaced the file meanwhile) is a journal that does not
//! belong: it is never applied, nor deleted. Journals without headers (written before
//! headers existed) are read as before, with the same check of the records the file holds.
//!
//! The journal is never followed through a link, must be a regular file, and is read only up
//! to `MAX_JOURNAL_BYTES`.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::apply::apply;
use crate::core::history::Record;
use crate::core::session::Session;

use super::disk::{self, sync_dir};
use super::faults::{self, Op};
use super::fsio::{self, ReadFailure};
use super::identity::Content;

/// A journal larger than this is not read (sori folds it every 200 changes: a real one is a
/// few hundred kilobytes at most).
pub const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;

/// The version of the session file a journal's records build on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Base {
    /// How many records the file's history held.
    pub history: u64,
    /// What the file held.
    pub content: Content,
}

#[derive(Serialize, Deserialize)]
struct HeaderLine {
    base: BaseText,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaseText {
    history: u64,
    bytes: u64,
    sha256: String,
}

impl Base {
    fn line(&self) -> Vec<u8> {
        let header = HeaderLine {
            base: BaseText {
                history: self.history,
                bytes: self.content.bytes,
                sha256: self.content.hex(),
            },
        };
        let mut line = serde_json::to_vec(&header).expect("a header serialises");
        line.push(b'\n');
        line
    }
}

/// The journal that belongs to a session file.
pub fn journal_path(session: &Path) -> PathBuf {
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".journal");
    session.with_file_name(name)
}

#[derive(Serialize, Deserialize)]
struct Line {
    seq: u64,
    record: Record,
}

/// An open journal, appending.
pub struct JournalWriter {
    file: File,
    path: PathBuf,
}

impl JournalWriter {
    /// Open (creating if needed) the journal for appending records that build on `base`, and
    /// say so in a header line. A new journal is created without following a link (an
    /// existing file or link in its place is refused), with the session file's permissions
    /// (`mode_of`), and its folder entry is fsync'd too, so the file itself survives a power
    /// cut. An existing journal must be a regular file, opened without following a link.
    ///
    /// A journal that ends without a newline holds the start of a record whose append failed
    /// (a full disk); that part is cut off first, or the next record would be glued to it and
    /// both lost to the reader.
    pub fn open(path: &Path, base: &Base, mode_of: Option<&Path>) -> io::Result<JournalWriter> {
        faults::op(Op::Create, path)?;
        let (file, existed) = match fsio::open_append(path) {
            Ok(file) => (file, true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let file = fsio::create_new(path)?;
                if let Some(old) = mode_of.and_then(|p| std::fs::metadata(p).ok()) {
                    file.set_permissions(old.permissions())?;
                }
                (fsio::open_append(path)?, false)
            }
            Err(e) => return Err(e),
        };
        if existed {
            cut_partial_tail(&file, path)?;
        } else {
            sync_dir(path)?;
        }
        let mut writer = JournalWriter {
            file,
            path: path.to_path_buf(),
        };
        disk::write_all(&mut writer.file, &base.line(), path)?;
        faults::op(Op::Sync, path)?;
        writer.file.sync_data()?;
        Ok(writer)
    }

    /// Append one record and wait until it is on disk.
    pub fn append(&mut self, seq: u64, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(&LineRef { seq, record }).map_err(io::Error::other)?;
        line.push(b'\n');
        if faults::stop_here("journal.mid-append") {
            let _ = self.file.write_all(&line[..line.len() / 2]);
            faults::halt("journal.mid-append");
        }
        // One write call per record: a crash leaves at most this line incomplete.
        disk::write_all(&mut self.file, &line, &self.path)?;
        faults::point("journal.before-sync");
        faults::op(Op::Sync, &self.path)?;
        self.file.sync_data()?;
        faults::point("journal.after-sync");
        Ok(())
    }
}

/// Truncate the file after its last newline, if anything follows it.
fn cut_partial_tail(file: &File, path: &Path) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let len = file.metadata()?.len();
    let mut reader = file;
    let mut end = len;
    let mut buf = [0u8; 4096];
    // Look back from the end for the last newline, a block at a time.
    while end > 0 {
        let start = end.saturating_sub(buf.len() as u64);
        let chunk = &mut buf[..(end - start) as usize];
        reader.seek(SeekFrom::Start(start))?;
        reader.read_exact(chunk)?;
        if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
            end = start + i as u64 + 1;
            break;
        }
        end = start;
    }
    if end < len {
        faults::op(Op::Write, path)?;
        file.set_len(end)?;
        faults::op(Op::Sync, path)?;
        file.sync_data()?;
    }
    Ok(())
}

#[derive(Serialize)]
struct LineRef<'a> {
    seq: u64,
    record: &'a Record,
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct JournalRead {
    /// Complete, readable records with their sequence numbers, in file order.
    pub records: Vec<(u64, Record)>,
    /// The header lines: the records from this index on build on this version of the file.
    pub bases: Vec<(usize, Base)>,
    /// The last line was cut off (a crash during an append); it was ignored.
    pub cut_tail: bool,
    /// A complete line that could not be read: its 1-based number and why. Reading stopped
    /// there; nothing after it was used.
    pub damaged: Option<(usize, String)>,
}

/// Read a journal's bytes. Never fails: whatever is readable is returned.
pub fn read_journal(bytes: &[u8]) -> JournalRead {
    let mut out = JournalRead::default();
    let mut rest = bytes;
    let mut number = 0;
    while !rest.is_empty() {
        number += 1;
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            out.cut_tail = true;
            break;
        };
        let line = &rest[..end];
        rest = &rest[end + 1..];
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if line.starts_with(b"{\"base\"") {
            match serde_json::from_slice::<HeaderLine>(line).map(|h| {
                Content::from_hex(h.base.bytes, &h.base.sha256).map(|content| Base {
                    history: h.base.history,
                    content,
                })
            }) {
                Ok(Some(base)) => out.bases.push((out.records.len(), base)),
                Ok(None) => {
                    out.damaged = Some((number, "the header's sha256 is not a hash".into()));
                    break;
                }
                Err(e) => {
                    out.damaged = Some((number, e.to_string()));
                    break;
                }
            }
            continue;
        }
        match serde_json::from_slice::<Line>(line) {
            Ok(mut l) => {
                // A journal left by a sori of an older format holds its events.
                super::migrate::journal_record(&mut l.record);
                out.records.push((l.seq, l.record));
            }
            Err(e) => {
                out.damaged = Some((number, e.to_string()));
                break;
            }
        }
    }
    out
}

impl JournalRead {
    /// The 1-based line of the record at `index` (header lines come before records).
    pub fn line_of(&self, index: usize) -> usize {
        index + 1 + self.bases.iter().filter(|(from, _)| *from <= index).count()
    }

    /// The version of the file the record at `index` builds on: the last header before it
    /// (`None` in a journal without headers).
    pub fn base_of(&self, index: usize) -> Option<&Base> {
        self.bases
            .iter()
            .rev()
            .find(|(from, _)| *from <= index)
            .map(|(_, base)| base)
    }
}

/// How a journal's records relate to the session file beside it.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The records before `skip` are in the file already (the very same records); those from
    /// `skip` on build on the file as it is: place them after it (`follow`).
    Fits { skip: usize },
    /// The journal was written against another version of the file (it was replaced since):
    /// `edits` of its records are not in the file. Nothing of it may be applied.
    Foreign { edits: usize },
}

/// Decide whether a journal belongs to the file (history of `len` records, `content`).
/// `file_records(from)` gives the file's records from index `from` to its end; it is asked
/// only when the journal holds records the file should hold already.
///
/// The records the file holds already (sequence number below `len`) must be the very records
/// the file holds at those places. The others must build on the file as it is: their header
/// names this version; or an earlier one that the file is, with exactly this journal's
/// records after it (a fold whose journal was not removed, a save cut short); or there is no
/// header (an older sori's journal: the sequence numbers decide, as they used to).
pub fn sort_out<E>(
    read: &JournalRead,
    len: usize,
    content: Option<&Content>,
    file_records: impl FnOnce(usize) -> Result<Vec<Record>, E>,
) -> Result<Verdict, E> {
    let records = &read.records;
    let is_current = |base: &Base| Some(&base.content) == content && base.history as usize == len;
    let foreign = |from: usize| {
        Ok(Verdict::Foreign {
            edits: records.len() - from,
        })
    };
    let start = records
        .iter()
        .position(|(seq, _)| *seq as usize >= len)
        .unwrap_or(records.len());
    // Before it: the file's own records, each at its place.
    let before = &records[..start];
    if let Some(first) = before.iter().map(|(seq, _)| *seq as usize).min() {
        let held = file_records(first)?;
        if before
            .iter()
            .any(|(seq, record)| held.get(*seq as usize - first) != Some(record))
        {
            return foreign(0);
        }
    }
    if start == records.len() {
        return Ok(Verdict::Fits { skip: start });
    }
    // From it: records the file does not hold, all building on the same version of it.
    let base = read.base_of(start);
    let same_base = (start..records.len()).all(|i| {
        (records[i].0 as usize) >= len
            && match (read.base_of(i), base) {
                (Some(b), _) if is_current(b) => true,
                (b, base) => b == base,
            }
    });
    if !same_base {
        return foreign(start);
    }
    let fits = match base {
        None => true,
        Some(b) if is_current(b) => true,
        Some(b) => {
            // An earlier version, then exactly the records of this journal (checked above
            // to be the file's): every place from it to the file's end is one of them.
            let from = b.history as usize;
            let ours: std::collections::HashSet<usize> = before
                .iter()
                .enumerate()
                .filter(|(i, _)| read.base_of(*i) == Some(b))
                .map(|(_, (seq, _))| *seq as usize)
                .collect();
            from < len && (from..len).all(|k| ours.contains(&k))
        }
    };
    if fits {
        Ok(Verdict::Fits { skip: start })
    } else {
        foreign(start)
    }
}

/// Place a journal's records after a history of `len` records whose state is `session`, as
/// recovery does: records the history holds already (folded before the journal was removed)
/// are skipped; a gap in the sequence, or a record that does not apply, stops it. Applies the
/// records kept to `session` and returns them, with the 1-based number (in the journal) of the
/// record where it stopped, if it did.
pub fn follow(
    session: &mut Session,
    len: usize,
    records: Vec<(u64, Record)>,
) -> (Vec<Record>, Option<usize>) {
    let mut kept = vec![];
    for (number, (seq, record)) in records.into_iter().enumerate() {
        let seq = seq as usize;
        let next = len + kept.len();
        if seq < next {
            continue;
        }
        if seq > next || apply(session, &record.event).is_err() {
            return (kept, Some(number + 1));
        }
        kept.push(record);
    }
    (kept, None)
}

/// Read the journal file next to a session, if there is one: never through a link, only a
/// regular file, at most `MAX_JOURNAL_BYTES`.
pub fn read_journal_file(path: &Path) -> Result<Option<JournalRead>, ReadFailure> {
    match fsio::read_regular(path, MAX_JOURNAL_BYTES, false) {
        Ok((bytes, _)) => Ok(Some(read_journal(&bytes))),
        Err(ReadFailure::Io(e)) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Keep a journal that does not belong to the session file beside it, under a name that says
/// so (`w.yaml.journal.sori-conflict-20261127-143205`): renamed, never copied through a link,
/// never deleted. Returns the new name.
pub fn keep_aside(path: &Path, stamp: &str) -> io::Result<PathBuf> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let aside = (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            path.with_file_name(format!("{name}.sori-conflict-{stamp}{suffix}"))
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some name is free");
    faults::op(Op::Rename, path)?;
    std::fs::rename(path, &aside)?;
    sync_dir(&aside)?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{Event, SetText};
    use crate::core::session::TextField;
    use crate::core::stamp::Stamp;

    fn rec(text: &str) -> Record {
        Record {
            at: Stamp::from_unix(1_800_000_000, 9 * 3600),
            by: None,
            from: None,
            event: Event::SetText(SetText {
                field: TextField::Title,
                text: text.into(),
            }),
        }
    }

    fn base(history: u64, text: &str) -> Base {
        Base {
            history,
            content: Content::of(text.as_bytes()),
        }
    }

    fn open(path: &Path) -> JournalWriter {
        JournalWriter::open(path, &base(0, "sori: 1\n"), None).unwrap()
    }

    #[test]
    fn appends_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml.journal");
        let mut w = open(&path);
        w.append(0, &rec("一")).unwrap();
        w.append(1, &rec("二")).unwrap();
        let read = read_journal_file(&path).unwrap().unwrap();
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.records[1].0, 1);
        assert_eq!(read.records[1].1, rec("二"));
        assert!(!read.cut_tail);
        assert!(read.damaged.is_none());
        assert_eq!(read.bases, [(0, base(0, "sori: 1\n"))]);
        assert_eq!(read.base_of(1), Some(&base(0, "sori: 1\n")));
    }

    #[test]
    fn a_record_cut_in_half_keeps_the_ones_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml.journal");
        let mut w = open(&path);
        w.append(0, &rec("一")).unwrap();
        w.append(1, &rec("二")).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        // Cut inside the second record, in the middle of a multi-byte character.
        let cut = bytes.len() - 8;
        let read = read_journal(&bytes[..cut]);
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.records[0].1, rec("一"));
        assert!(read.cut_tail);
        assert!(read.damaged.is_none());
    }

    #[test]
    fn reopening_after_a_failed_append_cuts_the_partial_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml.journal");
        let mut w = open(&path);
        w.append(0, &rec("一")).unwrap();
        drop(w);
        let complete = std::fs::read(&path).unwrap();
        // What a write cut short by a full disk leaves: the start of the next record.
        let mut partial = complete.clone();
        partial.extend_from_slice(&complete[..complete.len() / 2]);
        std::fs::write(&path, &partial).unwrap();
        let mut w = open(&path);
        w.append(1, &rec("二")).unwrap();
        let read = read_journal_file(&path).unwrap().unwrap();
        let seqs: Vec<u64> = read.records.iter().map(|(seq, _)| *seq).collect();
        assert_eq!(seqs, [0, 1]);
        assert_eq!(read.records[1].1, rec("二"));
        assert!(read.damaged.is_none());
        assert!(!read.cut_tail);
    }

    #[test]
    fn reopening_a_journal_that_is_all_partial_empties_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml.journal");
        std::fs::write(&path, "{\"seq\":0,\"rec").unwrap();
        let mut w = open(&path);
        w.append(0, &rec("一")).unwrap();
        let read = read_journal_file(&path).unwrap().unwrap();
        assert_eq!(read.records.len(), 1);
        assert!(read.damaged.is_none());
    }

    #[test]
    fn garbage_after_valid_records_stops_reading_and_says_where() {
        let mut bytes = vec![];
        let line = serde_json::to_vec(&LineRef {
            seq: 0,
            record: &rec("一"),
        })
        .unwrap();
        bytes.extend_from_slice(&line);
        bytes.extend_from_slice(b"\n\x00\x00garbage\n");
        bytes.extend_from_slice(&line);
        bytes.push(b'\n');
        let read = read_journal(&bytes);
        assert_eq!(read.records.len(), 1);
        let (number, _) = read.damaged.expect("damage reported");
        assert_eq!(number, 2);
    }

    fn journal_of(lines: &[(Option<Base>, u64, &str)]) -> JournalRead {
        let mut bytes = vec![];
        for (base, seq, text) in lines {
            if let Some(base) = base {
                bytes.extend_from_slice(&base.line());
            }
            let mut line = serde_json::to_vec(&LineRef {
                seq: *seq,
                record: &rec(text),
            })
            .unwrap();
            line.push(b'\n');
            bytes.extend_from_slice(&line);
        }
        read_journal(&bytes)
    }

    fn file(texts: &[&str]) -> impl FnOnce(usize) -> Result<Vec<Record>, ()> {
        let records: Vec<Record> = texts.iter().map(|t| rec(t)).collect();
        move |from| Ok(records[from..].to_vec())
    }

    #[test]
    fn a_journal_on_this_file_fits_and_one_on_another_does_not() {
        let on_this = base(1, "file one");
        let this = Content::of(b"file one");
        let read = journal_of(&[(Some(on_this), 1, "二"), (None, 2, "三")]);
        assert_eq!(
            sort_out(&read, 1, Some(&this), file(&["一"])),
            Ok(Verdict::Fits { skip: 0 })
        );
        // The file was replaced by another version with as long a history.
        let other = Content::of(b"a colleague's file");
        assert_eq!(
            sort_out(&read, 1, Some(&other), file(&["別の一"])),
            Ok(Verdict::Foreign { edits: 2 })
        );
        // ... or a longer one: its records differ from the journal's at the same places.
        assert_eq!(
            sort_out(&read, 3, Some(&other), file(&["一", "別", "別"])),
            Ok(Verdict::Foreign { edits: 2 })
        );
    }

    #[test]
    fn records_after_a_save_cut_short_follow_the_file_it_left() {
        // The journal's records 1 and 2 were folded into the file (a fold whose journal was
        // not removed), then 3 appended on the same header.
        let folded = Content::of(b"after the fold");
        let read = journal_of(&[
            (Some(base(1, "before")), 1, "二"),
            (None, 2, "三"),
            (None, 3, "四"),
        ]);
        assert_eq!(
            sort_out(&read, 3, Some(&folded), file(&["一", "二", "三"])),
            Ok(Verdict::Fits { skip: 2 })
        );
        // A file with a record of its own after the base is another version.
        assert_eq!(
            sort_out(&read, 3, Some(&folded), file(&["一", "二", "別"])),
            Ok(Verdict::Foreign { edits: 3 })
        );
        let read = journal_of(&[(Some(base(1, "before")), 1, "二"), (None, 3, "四")]);
        assert_eq!(
            sort_out(&read, 3, Some(&folded), file(&["一", "二", "他人の三"])),
            Ok(Verdict::Foreign { edits: 1 })
        );
    }

    #[test]
    fn records_already_folded_are_recognised_as_the_files_own() {
        // Folded (the file now holds them), the journal not yet removed: then a new header
        // and a record on the new version.
        let folded = Content::of(b"after the fold");
        let read = journal_of(&[
            (Some(base(1, "before")), 1, "二"),
            (None, 2, "三"),
            (
                Some(Base {
                    history: 3,
                    content: folded,
                }),
                3,
                "四",
            ),
        ]);
        assert_eq!(
            sort_out(&read, 3, Some(&folded), file(&["一", "二", "三"])),
            Ok(Verdict::Fits { skip: 2 })
        );
        // A journal without headers (older sori): the same check of the folded records.
        let legacy = journal_of(&[(None, 1, "二"), (None, 2, "三")]);
        assert_eq!(
            sort_out(&legacy, 2, Some(&folded), file(&["一", "二"])),
            Ok(Verdict::Fits { skip: 1 })
        );
        assert_eq!(
            sort_out(&legacy, 2, Some(&folded), file(&["一", "違う"])),
            Ok(Verdict::Foreign { edits: 2 })
        );
    }

    #[test]
    fn follow_skips_what_the_history_holds_and_stops_at_a_gap() {
        let mut session = crate::core::session::Session::empty();
        apply(&mut session, &rec("一").event).unwrap();
        // The history holds one record (seq 0); the journal repeats it, adds seq 1, skips 2.
        let journal = vec![
            (0, rec("一")),
            (1, rec("二")),
            (3, rec("四")),
            (4, rec("五")),
        ];
        let (kept, stopped) = follow(&mut session, 1, journal);
        assert_eq!(kept, [rec("二")]);
        assert_eq!(
            stopped,
            Some(3),
            "the third record of the journal leaves a gap"
        );
        assert_eq!(session.meta.title, "二");
    }
}
