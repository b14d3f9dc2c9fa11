//! Writes the seed corpus for the loader fuzzing in `fuzz/` (see README.md, "Reliability"):
//!
//!     cargo run --example fuzz_seeds
//!
//! `fuzz/seeds/load_session/`: the bundled sessions whole and cut short (a smaller file of the
//! same shape), and the hostile and regression files kept in `tests/fuzz_regressions/`.
//! `fuzz/seeds/recover_journal/`: journals as sori writes them (one JSON record a line), each
//! behind the byte that picks the session it belongs to in `fuzz_targets/recover_journal.rs`
//! (0 an empty session, 1 the whole first example, 2 that example cut at record 150).

use std::path::Path;
use std::process::ExitCode;

use sori::core::history::{Record, replay};
use sori::store::{parse, to_yaml};

fn journal(pick: u8, records: &[Record], first_seq: usize) -> Vec<u8> {
    let mut out = vec![pick];
    for (i, record) in records.iter().enumerate() {
        let line = serde_json::json!({ "seq": first_seq + i, "record": record });
        out.extend_from_slice(line.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("fuzz").join("seeds");
    let sessions = seeds.join("load_session");
    let journals = seeds.join("recover_journal");
    let mut files: Vec<(std::path::PathBuf, Vec<u8>)> = vec![];
    for example in sori::bundled::examples() {
        let (_, records) = parse(Path::new(example.file), example.yaml.as_bytes())
            .expect("a bundled example loads");
        files.push((
            sessions.join(example.file),
            example.yaml.as_bytes().to_vec(),
        ));
        for cut in [5, 25, 60] {
            let state = replay(&records, cut).expect("a bundled history replays");
            let name = format!("{}-{cut}.yaml", example.file.trim_end_matches(".yaml"));
            files.push((
                sessions.join(name),
                to_yaml(&state, &records[..cut]).into_bytes(),
            ));
        }
        let stem = example.file.trim_end_matches(".yaml");
        files.push((
            journals.join(format!("{stem}-empty-0-30")),
            journal(0, &records[..30.min(records.len())], 0),
        ));
    }
    let first = &sori::bundled::examples()[0];
    let (_, records) = parse(Path::new(first.file), first.yaml.as_bytes()).unwrap();
    files.push((
        journals.join("whole-tail"),
        journal(1, &records[records.len() - 10..], records.len() - 10),
    ));
    files.push((
        journals.join("cut-150-rest"),
        journal(2, &records[150..], 150),
    ));
    let mut damaged = journal(2, &records[150..160], 150);
    damaged.extend_from_slice(b"\x00garbage{\"seq\":\n");
    damaged.extend_from_slice(&journal(2, &records[160..162], 160)[1..]);
    damaged.extend_from_slice(b"{\"seq\":162,\"rec");
    files.push((journals.join("cut-150-damaged"), damaged));
    let regressions = root.join("tests").join("fuzz_regressions");
    if let Ok(entries) = std::fs::read_dir(&regressions) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if let Ok(bytes) = std::fs::read(entry.path()) {
                let to = if name.to_string_lossy().starts_with("journal-") {
                    &journals
                } else {
                    &sessions
                };
                files.push((to.join(name), bytes));
            }
        }
    }
    for dir in [&sessions, &journals] {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("{}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    for (path, bytes) in &files {
        if let Err(e) = std::fs::write(path, bytes) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!("{} seeds in {}", files.len(), seeds.display());
    ExitCode::SUCCESS
}
