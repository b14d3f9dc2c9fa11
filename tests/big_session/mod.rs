//! A session file just under the 64 MiB sori reads, made fast as text (building it through
//! events would take minutes in a debug build). Shared by tests/file_identity.rs and
//! tests/folders.rs.

/// A valid session file of exactly 64 MiB less `room` bytes: a host (社協), then notes of
/// 30,000 characters changed again and again (each change a record in the history); the state
/// holds the last of them.
pub fn near_the_limit(room: usize) -> String {
    let target = 64 * 1024 * 1024 - room;
    let note = |n: usize| format!("{}{n}", "会".repeat(30_000));
    // The state as sori writes it (a save keeps its size); step 2's notes fill what is left.
    let state = |n: usize, filler: usize| {
        let filler = if filler == 0 {
            String::new()
        } else {
            format!("\n    notes: {}", "x".repeat(filler))
        };
        format!(
            "sori: 1\nmeta:\n  title: 大きな会\n  lang: ja\n  host: p1\n  step: 1\n  steps:\n  - timebox_min: 15\n    spent_sec: 0\n    notes: {}\n  - timebox_min: 25\n    spent_sec: 0{filler}\n  - timebox_min: 40\n    spent_sec: 0\n  - timebox_min: 20\n    spent_sec: 0\n  - timebox_min: 15\n    spent_sec: 0\nnext_id: 2\nparties:\n- id: p1\n  name: 社協\nactivities: []\ndecisions: []\naction_items: []\nparking_lot: []\nexpansion: []\n",
            note(n)
        )
    };
    let mut history = String::from(
        "history:\n- at: 2026-11-27T13:59:00+09:00\n  add_party:\n    party:\n      id: p1\n      name: 社協\n- at: 2026-11-27T13:59:00+09:00\n  set_host:\n    party: p1\n",
    );
    let mut n = 0;
    loop {
        let entry = format!(
            "- at: 2026-11-27T14:{:02}:{:02}+09:00\n  set_text:\n    field: step1.notes\n    text: {}\n",
            n / 60 % 60,
            n % 60,
            note(n)
        );
        // Room for the state (the last note, and its filler's key) after this entry.
        if state(n, 1).len() + history.len() + entry.len() > target {
            break;
        }
        history.push_str(&entry);
        n += 1;
    }
    let bare = state(n - 1, 1).len() - 1;
    let mut text = state(n - 1, target - history.len() - bare);
    text.push_str(&history);
    assert_eq!(text.len(), target);
    text
}
