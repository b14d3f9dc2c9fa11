//! The test kit: what the tests, the example sessions (`examples/scripts`), the benchmarks and
//! the synthetic sessions share to build sessions and drive screens. Hidden from the public
//! API (`#[doc(hidden)]`); the `sori` binary uses none of it, so none of it is linked in.
//!
//! - `SessionBuilder`: a session and its history made event by event through
//!   `History::commit` (so through `apply`), at the times a `Clock` gives, with fresh ids.
//! - `synth`: synthetic sessions (small, large, huge) for the benchmarks and stress tests.
//! - `keys`: keys typed into a screen (the workshop, the replay, the picker), and the screen
//!   read back as text.
//! - `http`: a small blocking HTTP/1.1 client for the room's phones (one request a
//!   connection), so tests and benchmarks can post as a phone would, or as a hostile one would.
//! - `id`: an id from its text.
//! - `open_to_write`: a session reopened by a test that has just closed it.

pub mod builder;
pub mod http;
pub mod keys;
pub mod synth;

pub use builder::{Clock, Fixed, SessionBuilder, Steps};

use std::path::Path;

use crate::core::session::Id;
use crate::store::{Document, Notice};

/// An id from its text (`id("p1")`); panics on text that is no id.
pub fn id(text: &str) -> Id {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not an id: {e}"))
}

/// Open a session to write it, as a test does right after closing it. A child process that
/// another test of the same binary is starting holds copies of this process's open files,
/// locks included, for the moment before it execs: the session can look taken by another sori
/// then. That moment is waited out (up to a second); a session still taken after it opens
/// read-only, as it would.
pub fn open_to_write(path: &Path) -> (Document, Vec<Notice>) {
    for _ in 0..100 {
        let (doc, notices) = Document::open(path).unwrap_or_else(|e| panic!("{e}"));
        if !notices.contains(&Notice::ReadOnly) {
            return (doc, notices);
        }
        drop(doc);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    Document::open(path).unwrap_or_else(|e| panic!("{e}"))
}
