//! Arbitrary bytes as a session file: what `sori check`, `sori open` and `sori list` do with
//! them. Loading never panics, hangs or allocates without bound; an error is one line; a file
//! that loads is checked the way `sori check` checks it, and saves and loads again unchanged
//! (recovery and every fold rewrite the file from what was loaded: nothing may be lost there).

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sori::core::history::replay;
use sori::store::{listing, parse, to_yaml};

/// A file for the list's summary reader, which reads from disk. One per fuzzing process.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("sori-fuzz-{}.yaml", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.yaml");
    match parse(path, data) {
        Ok((session, records)) => {
            // `sori check` replays the history against the state.
            let _ = replay(&records, records.len());
            let text = to_yaml(&session, &records);
            match parse(path, text.as_bytes()) {
                Ok((again, again_records)) => {
                    assert!(again == session, "the saved state differs:\n{text}");
                    assert!(
                        again_records == records,
                        "the saved history differs:\n{text}"
                    );
                }
                Err(e) => {
                    panic!("a loaded session saved as a file that does not load: {e}\n{text}")
                }
            }
        }
        Err(e) => {
            let line = e.to_string();
            assert!(
                !line.contains('\n'),
                "an error of more than one line: {line:?}"
            );
        }
    }
    // `sori list` and the picker read only the part before the history, their own way.
    if std::fs::write(scratch(), data).is_ok() {
        let _ = listing::summary(scratch());
    }
});
