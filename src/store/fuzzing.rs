//! What the loader fuzzing checks, one input at a time, shared by the fuzz target
//! (`fuzz/fuzz_targets/load_session.rs`) and its regression test (`tests/fuzz_regressions.rs`),
//! so both go the way users' files go: through the lazy loader that `sori open` and `sori
//! check` use (the state read before the history, the history kept as text and checked a batch
//! at a time), not only through the whole-file parser.
//!
//! For any bytes: nothing panics; an error is one line; the lazy read and the whole read agree
//! (both refuse, or both read the same state and the same records); a session that loads opens
//! as a `Document` holding the same, is saved by it (the history copied as text, the state
//! written anew) and read back whole to the very same state and records.

use std::path::Path;

use crate::core::history::replay;

use super::document::Document;
use super::history_text::Checked;
use super::yaml::{FileHistory, parse, parse_lazy};

/// What one input did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Refused, with this one-line message.
    Refused(String),
    /// Read, opened, saved and read back the same: how many records its history holds.
    RoundTrip { records: usize },
}

/// Check one input as a session file at `path` (written there; the folder is the caller's
/// scratch space). `Err` says which property failed.
pub fn check_session_bytes(path: &Path, bytes: &[u8]) -> Result<Outcome, String> {
    let whole = parse(path, bytes);
    let lazy = parse_lazy(path, bytes.to_vec());
    let (session, records) = match (whole, lazy) {
        (Err(e), Err(lazy)) => {
            one_line(&e.to_string())?;
            one_line(&lazy.to_string())?;
            return Ok(Outcome::Refused(e.to_string()));
        }
        (Err(e), Ok((_, FileHistory::Text(text)))) => {
            // The state reads, the history does not: the check (at open) must say so.
            return match text.check(path) {
                Checked::Broken(broken) => {
                    one_line(&broken.to_string())?;
                    Ok(Outcome::Refused(e.to_string()))
                }
                _ => Err(format!(
                    "the whole file is refused ({e}) but its history checks"
                )),
            };
        }
        (Err(e), Ok(_)) => return Err(format!("refused whole ({e}) but read lazily")),
        (Ok(_), Err(e)) => return Err(format!("read whole but refused lazily: {e}")),
        (Ok((session, records)), Ok((lazy_session, history))) => {
            if lazy_session != session {
                return Err("the lazy read gives another state".into());
            }
            let lazy_records = match &history {
                FileHistory::Records(r) => r.clone(),
                FileHistory::Text(text) => text
                    .records(path)
                    .map_err(|e| format!("the history's text does not read: {e}"))?,
            };
            if lazy_records != records {
                return Err("the lazy read gives other records".into());
            }
            // `sori check` replays the history a batch at a time: as the whole replay does.
            if let FileHistory::Text(text) = &history
                && let Some(batched) = text.replay()
                && batched.is_ok() != replay(&records, records.len()).is_ok()
            {
                return Err("the batched replay and the whole replay disagree".into());
            }
            (session, records)
        }
    };
    std::fs::write(path, bytes).map_err(|e| format!("scratch: {e}"))?;
    let (mut doc, _) =
        Document::open(path).map_err(|e| format!("loads, but does not open: {e}"))?;
    if *doc.session() != session {
        return Err("opens to another state".into());
    }
    let opened = doc
        .all_records()
        .map_err(|e| format!("opens, but its history does not read: {e}"))?;
    if opened != records {
        return Err("opens with other records".into());
    }
    // A save as every fold makes it: the history copied as text, the state written anew.
    doc.save().map_err(|e| format!("does not save: {e}"))?;
    doc.close().map_err(|e| format!("does not close: {e}"))?;
    let saved = std::fs::read(path).map_err(|e| format!("scratch: {e}"))?;
    let (again, again_records) =
        parse(path, &saved).map_err(|e| format!("saved as a file that does not load: {e}"))?;
    if again != session {
        return Err("the saved state differs".into());
    }
    if again_records != records {
        return Err("the saved history differs".into());
    }
    let _ = std::fs::remove_file(path);
    Ok(Outcome::RoundTrip {
        records: records.len(),
    })
}

fn one_line(message: &str) -> Result<(), String> {
    if message.contains('\n') {
        Err(format!("an error of more than one line: {message:?}"))
    } else {
        Ok(())
    }
}
