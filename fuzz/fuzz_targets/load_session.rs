//! Arbitrary bytes as a session file: what `sori open`, `sori check` and `sori list` do with
//! them, through the lazy loader users' files take (`store::fuzzing::check_session_bytes`).
//! Loading never panics, hangs or allocates without bound; an error is one line; the lazy read
//! and the whole read agree; a file that loads opens as a `Document`, is saved by it (the
//! history copied as text) and reads back whole unchanged (recovery and every fold rewrite the
//! file from what was loaded: nothing may be lost there).

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sori::store::fuzzing::check_session_bytes;
use sori::store::listing;

/// A folder of its own for each fuzzing process, in memory where there is one (a save
/// fsyncs: on tmpfs that costs nothing).
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("sori-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let path = scratch().join("fuzz.yaml");
    if let Err(failed) = check_session_bytes(&path, data) {
        panic!("{failed}");
    }
    // `sori list` and the picker read only the part before the history, their own way.
    if std::fs::write(&path, data).is_ok() {
        let _ = listing::summary(&path);
    }
});
