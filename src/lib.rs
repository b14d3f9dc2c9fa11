//! sori (相利): run a mutual-benefit workshop live in the terminal, replay it, export minutes.

pub mod bundled;
pub mod cli;
pub mod core;
pub mod export;
pub mod i18n;
pub mod replay;
pub mod room_server;
pub mod store;
#[doc(hidden)]
pub mod testkit;
pub mod text;
pub mod tui;
