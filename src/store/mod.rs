//! The only code that touches session files: reading with limits, writing atomically, the
//! journal, the lock and the data folder.

pub mod create;
pub mod disk;
pub mod document;
pub mod faults;
pub mod fsio;
pub mod fuzzing;
pub mod history_text;
pub mod identity;
pub mod journal;
pub mod listing;
pub mod locate;
pub mod lock;
pub mod migrate;
pub mod minutes_files;
pub mod names;
pub mod paths;
pub mod peek;
pub mod prescan;
pub mod shared_view;
pub mod validate;
pub mod watch;
mod words;
pub mod yaml;

use crate::core::history as core_history;
pub use document::{CommitError, Document, Notice, OpenError, WriteBlock};
pub use yaml::{FileHistory, LoadError, load, load_lazy, parse, to_yaml};

/// What the minutes read of a history: its first and last records (`ends`), with those
/// accepted from the parties' phones (`phones`, in order) between them, each once.
pub(crate) fn with_ends(
    ends: Vec<core_history::Record>,
    phones: Vec<core_history::Record>,
) -> Vec<core_history::Record> {
    let mut ends = ends.into_iter();
    let first = ends.next();
    let last = ends.next();
    let between: Vec<_> = phones
        .into_iter()
        .filter(|r| Some(r) != first.as_ref() && Some(r) != last.as_ref())
        .collect();
    first.into_iter().chain(between).chain(last).collect()
}
