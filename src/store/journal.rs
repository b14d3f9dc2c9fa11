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

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::apply::apply;
use crate::core::history::Record;
use crate::core::session::Session;

use super::disk::{self, sync_dir};
use super::faults::{self, Op};

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
}

impl JournalWriter {
    /// Open (creating if needed) the journal for appending. A new journal's folder entry is
    /// fsync'd too, so the file itself survives a power cut.
    ///
    /// A journal that ends without a newline holds the start of a record whose append failed
    /// (a full disk); that part is cut off first, or the next record would be glued to it and
    /// both lost to the reader.
    pub fn open(path: &Path) -> io::Result<JournalWriter> {
        let existed = path.exists();
        faults::op(Op::Create)?;
        let file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)?;
        if existed {
            cut_partial_tail(&file)?;
        } else {
            sync_dir(path)?;
        }
        Ok(JournalWriter { file })
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
        disk::write_all(&mut self.file, &line)?;
        faults::point("journal.before-sync");
        faults::op(Op::Sync)?;
        self.file.sync_data()?;
        faults::point("journal.after-sync");
        Ok(())
    }
}

/// Truncate the file after its last newline, if anything follows it.
fn cut_partial_tail(file: &File) -> io::Result<()> {
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
        faults::op(Op::Write)?;
        file.set_len(end)?;
        faults::op(Op::Sync)?;
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

/// Read the journal file next to a session, if there is one.
pub fn read_journal_file(path: &Path) -> io::Result<Option<JournalRead>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(read_journal(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
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
            event: Event::SetText(SetText {
                field: TextField::Title,
                text: text.into(),
            }),
        }
    }

    #[test]
    fn appends_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml.journal");
        let mut w = JournalWriter::open(&path).unwrap();
        w.append(0, &rec("一")).unwrap();
        w.append(1, &rec("二")).unwrap();
        let read = read_journal_file(&path).unwrap().unwrap();
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.records[1].0, 1);
        assert_eq!(read.records[1].1, rec("二"));
        assert!(!read.cut_tail);
        assert!(read.damaged.is_none());
    }

    #[test]
    fn a_record_cut_in_half_keeps_the_ones_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.yaml.journal");
        let mut w = JournalWriter::open(&path).unwrap();
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
        let mut w = JournalWriter::open(&path).unwrap();
        w.append(0, &rec("一")).unwrap();
        drop(w);
        let complete = std::fs::read(&path).unwrap();
        // What a write cut short by a full disk leaves: the start of the next record.
        let mut partial = complete.clone();
        partial.extend_from_slice(&complete[..complete.len() / 2]);
        std::fs::write(&path, &partial).unwrap();
        let mut w = JournalWriter::open(&path).unwrap();
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
        let mut w = JournalWriter::open(&path).unwrap();
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
