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

pub mod builder;
pub mod http;
pub mod keys;
pub mod synth;

pub use builder::{Clock, Fixed, SessionBuilder, Steps};

use crate::core::session::Id;

/// An id from its text (`id("p1")`); panics on text that is no id.
pub fn id(text: &str) -> Id {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not an id: {e}"))
}
