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

pub use document::{CommitError, Document, Notice, OpenError, WriteBlock};
pub use yaml::{FileHistory, LoadError, load, load_lazy, parse, to_yaml};
