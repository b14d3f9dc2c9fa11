//! The interesting inputs of the loader fuzzing (`fuzz/`, see README.md "Reliability"), kept
//! in `tests/fuzz_regressions/`: every crash, hang or big allocation the fuzzer found, and a
//! few dozen diverse files from its corpus. Each goes through what the fuzz targets check:
//!
//! - `*.yaml` (and any other name): through the lazy loader `sori open` and `sori check` use
//!   and through the whole-file parser (`store::fuzzing::check_session_bytes`): never a panic;
//!   it loads, or says one line; both reads agree; a session that loads opens as a `Document`,
//!   is saved by it and read back whole unchanged (a round trip), and its history replays or
//!   says which record does not apply.
//! - `journal-*`: the first byte picks a session (0 empty, 1 the first bundled example, 2 that
//!   example cut at record 150), the rest is its journal, recovered as `Document::open` does;
//!   what is recovered saves and loads again unchanged.

use std::path::{Path, PathBuf};

use sori::core::Session;
use sori::core::history::{Record, replay};
use sori::store::fuzzing::{Outcome, check_session_bytes};
use sori::store::journal::{follow, read_journal};
use sori::store::{parse, to_yaml};

fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn is_journal(path: &Path) -> bool {
    path.file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("journal-")
}

fn saves_and_loads_again(what: &str, session: &Session, records: &[Record]) {
    let text = to_yaml(session, records);
    let (again, again_records) = parse(Path::new("again.yaml"), text.as_bytes())
        .unwrap_or_else(|e| panic!("{what}: saved as a file that does not load: {e}"));
    assert!(again == *session, "{what}: the state changed on saving");
    assert!(
        again_records == records,
        "{what}: the history changed on saving"
    );
}

/// Through open and check (the lazy loader), then a save and a read back: the number of
/// records of a session that went round, or the one-line refusal.
fn load(scratch: &Path, path: &Path) -> Result<usize, String> {
    let bytes = std::fs::read(path).unwrap();
    let what = path.display().to_string();
    let target = scratch.join("w.yaml");
    match check_session_bytes(&target, &bytes) {
        Ok(Outcome::RoundTrip { records }) => Ok(records),
        Ok(Outcome::Refused(line)) => {
            assert!(
                line.starts_with(&target.display().to_string()),
                "{what}: {line}"
            );
            Err(line)
        }
        Err(failed) => panic!("{what}: {failed}"),
    }
}

fn recover(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let what = path.display().to_string();
    let example = sori::bundled::examples()[0].yaml;
    let (whole, whole_records) = parse(Path::new("base.yaml"), example.as_bytes()).unwrap();
    let bases = [
        (Session::empty(), vec![]),
        (
            replay(&whole_records, 150).unwrap(),
            whole_records[..150].to_vec(),
        ),
        (whole, whole_records.clone()),
    ];
    let Some((&pick, journal)) = bytes.split_first() else {
        return 0;
    };
    // The order the fuzz target uses: empty, whole, cut.
    let (session, records) = match pick % 3 {
        0 => &bases[0],
        1 => &bases[2],
        _ => &bases[1],
    };
    let mut session = session.clone();
    let mut records = records.clone();
    let before = records.len();
    let (kept, _) = follow(&mut session, records.len(), read_journal(journal).records);
    records.extend(kept);
    saves_and_loads_again(&what, &session, &records);
    records.len() - before
}

#[test]
fn every_kept_fuzz_input_loads_or_says_one_line() {
    let files = files();
    assert!(files.len() >= 30, "{} files", files.len());
    let scratch = tempfile::tempdir().unwrap();
    let (mut loaded, mut refused, mut recovered, mut records) = (0, 0, 0, 0);
    for path in &files {
        if is_journal(path) {
            recovered += recover(path);
        } else {
            match load(scratch.path(), path) {
                Ok(n) => {
                    loaded += 1;
                    records += n;
                }
                Err(_) => refused += 1,
            }
        }
    }
    // Both outcomes are represented, and some journals recover edits.
    assert!(
        loaded > 0 && refused > 0,
        "{loaded} loaded, {refused} refused"
    );
    assert!(recovered > 0);
    println!(
        "R4 fuzz: {} kept inputs through open and check, the lazy loader users' files take ({loaded} load and go round a save unchanged, {records} records, both reads agreeing; {refused} refused with one line), {recovered} journal edits recovered and saved round, 0 panics ok",
        files.len()
    );
}
