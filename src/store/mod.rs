//! The only code that touches session files: reading with limits, writing atomically, the
//! journal, the lock and the data folder.

pub mod create;
pub mod disk;
pub mod document;
pub mod faults;
pub mod history_text;
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
pub mod validate;
mod words;
pub mod yaml;

pub use document::{CommitError, Document, Notice, OpenError};
pub use yaml::{FileHistory, LoadError, load, load_lazy, parse, to_yaml};
