//! The functional core: the session model, its events and the one function that applies them.
//! Nothing here knows about terminals or files.

pub mod apply;
pub mod checks;
pub mod due;
pub mod edits;
pub mod event;
pub mod history;
pub mod limits;
pub mod places;
pub mod proposal;
pub mod references;
pub mod session;
pub mod stamp;
pub mod start;

pub use apply::{ApplyError, Range, apply, apply_indexed, apply_inverse};
pub use event::Event;
pub use history::{By, Cursor, History, Record};
pub use references::{Reference, references};
pub use session::*;
pub use stamp::Stamp;
