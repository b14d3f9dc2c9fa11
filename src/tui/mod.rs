//! The imperative shell: the terminal, the event loop and the screens.
//! (Placeholder until the workshop TUI lands: prints a summary of the session.)

use std::io;

use crate::core::session::Lang;
use crate::store::{Document, Notice};

/// Run the live workshop screen on an open session until the facilitator quits.
pub fn run_workshop(doc: Document, notices: Vec<Notice>, lang: Lang) -> io::Result<()> {
    let _ = (notices, lang);
    let s = doc.session();
    println!(
        "{} — {} parties, {} activities",
        s.meta.title,
        s.parties.len(),
        s.activities.len()
    );
    doc.close().map_err(io::Error::other)
}

/// The picker shown by `sori` with no arguments: returns the session to open, if any.
pub fn run_picker(lang: Lang) -> io::Result<Option<std::path::PathBuf>> {
    let _ = lang;
    Ok(None)
}
