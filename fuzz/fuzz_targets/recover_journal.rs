//! Arbitrary bytes as a session's journal, recovered the way `Document::open` and
//! `store::peek::load_current` recover one: records already in the file are skipped, a gap or a
//! record that does not apply ends what is used. The first byte picks the session the journal
//! belongs to. Never a panic or a hang; and what is recovered saves as a file that loads again
//! to the same state (recovery folds it into the session file at once).

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sori::core::history::{Record, replay};
use sori::core::Session;
use sori::store::journal::{follow, read_journal};
use sori::store::{parse, to_yaml};

/// The sessions a journal is recovered into: an empty one, a whole meeting, and the same
/// meeting cut at record 150 (its file older than its journal).
fn bases() -> &'static [(Session, Vec<Record>)] {
    static BASES: OnceLock<Vec<(Session, Vec<Record>)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let example = sori::bundled::examples()[0].yaml;
        let (whole, records) = parse(Path::new("base.yaml"), example.as_bytes()).unwrap();
        let cut = replay(&records, 150).unwrap();
        vec![
            (Session::empty(), vec![]),
            (whole, records.clone()),
            (cut, records[..150].to_vec()),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, journal)) = data.split_first() else {
        return;
    };
    let bases = bases();
    let (base, base_records) = &bases[usize::from(pick) % bases.len()];
    let read = read_journal(journal);
    let mut session = base.clone();
    let mut records = base_records.clone();
    let (kept, _) = follow(&mut session, records.len(), read.records);
    records.extend(kept);
    if records.len() > base_records.len() {
        let text = to_yaml(&session, &records);
        match parse(Path::new("recovered.yaml"), text.as_bytes()) {
            Ok((again, again_records)) => {
                assert!(
                    again == session,
                    "the recovered state saves differently:\n{text}"
                );
                assert!(
                    again_records == records,
                    "the recovered history saves differently"
                );
            }
            Err(e) => panic!("recovered edits saved as a file that does not load: {e}\n{text}"),
        }
    }
});
