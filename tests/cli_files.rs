//! The smaller defects of "nothing lost where facilitators keep their files", through the real
//! command line: `render --size` bounded, times written in RFC 3339 under any time zone, a
//! path with control characters printed cleaned, an absurd `spent_sec` shown the same by the
//! minutes and the screen, `new --from` reading the earlier meeting's journal, a journal made
//! on another version left out of the minutes with a note.

#[path = "common/binary.rs"]
pub mod binary;

use binary::{new_session, sori, sori_with};

use sori::core::event::{AddParty, Event};
use sori::core::session::{Id, Party};
use sori::core::{Stamp, prefix};
use sori::store::Document;

#[test]
fn render_refuses_a_size_no_screen_has_before_allocating_it() {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "w.yaml");
    let out = sori(dir.path(), &["render", "w.yaml", "--size", "65535x65535"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("'65535x65535' is too large: at most 2000x1000 cells"),
        "{}",
        out.stderr
    );
    let out = sori(dir.path(), &["render", "w.yaml", "--size", "2000x1000"]);
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout.lines().count(), 1000);
}

/// A time zone whose offset has seconds (`TZ=XYZ-9:18:59`, local mean time): every time is
/// written with the nearest minute's offset, as RFC 3339 and the file's schema want.
#[test]
fn times_are_rfc_3339_in_a_time_zone_with_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let ran = sori_with(
        dir.path(),
        &["new", "w.yaml", "--title", "t", "--lang", "ja", "--no-open"],
        &[("TZ", "XYZ-9:18:59")],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let file = std::fs::read_to_string(dir.path().join("w.yaml")).unwrap();
    let times: Vec<&str> = file
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .strip_prefix("- at: ")
                .or(l.trim_start().strip_prefix("start: "))
        })
        .collect();
    assert!(!times.is_empty());
    for time in times {
        assert!(time.ends_with("+09:19"), "{time}");
        assert!(time.parse::<Stamp>().is_ok());
    }
    let check = sori(dir.path(), &["check", "w.yaml"]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
}

#[cfg(unix)]
#[test]
fn a_path_with_control_characters_is_printed_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let name = "会議\x1b[31m\x07.yaml";
    let out = sori(
        dir.path(),
        &["new", name, "--title", "t", "--lang", "ja", "--no-open"],
    );
    assert_eq!(out.code, Some(0));
    let printed = out.stdout;
    assert_eq!(printed, "会議␛[31m␇.yaml\n");
    assert!(dir.path().join(name).exists(), "the file has its real name");
}

/// `spent_sec: 18446744073709551615` (a hand edit): the minutes say 307445734561825860
/// minutes, the screen 5124095576030431:00:15, the same time; nothing overflows.
#[test]
fn an_absurd_time_spent_is_the_same_in_the_minutes_and_on_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "w.yaml");
    let path = dir.path().join("w.yaml");
    let file = std::fs::read_to_string(&path).unwrap();
    let edited = file.replacen("spent_sec: 0", "spent_sec: 18446744073709551615", 1);
    assert_ne!(edited, file);
    std::fs::write(&path, edited).unwrap();
    let minutes = sori(dir.path(), &["export", "w.yaml"]);
    assert_eq!(minutes.code, Some(0), "{}", minutes.stderr);
    let minutes = minutes.stdout;
    let screen = sori(dir.path(), &["render", "w.yaml", "--size", "120x36"]);
    assert_eq!(screen.code, Some(0), "{}", screen.stderr);
    let screen = screen.stdout;
    // u64::MAX seconds: 307445734561825860 minutes and 15 seconds.
    assert!(minutes.contains("| 307445734561825860分 |"), "{minutes}");
    assert!(screen.contains("5124095576030431:00:15"), "{screen}");
    let (h, m, s) = (5_124_095_576_030_431u128, 0u128, 15u128);
    assert_eq!((h * 3600 + m * 60 + s) / 60, 307_445_734_561_825_860);
}

/// The earlier meeting's last edits are still in its journal (sori was killed): `new --from`
/// carries them over too.
#[test]
fn new_from_reads_the_earlier_meetings_journal() {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "old.yaml");
    let old = dir.path().join("old.yaml");
    let (mut doc, _) = Document::open(&old).unwrap();
    let id = Id::new(prefix::PARTY, doc.session().next_id);
    doc.commit(
        Event::AddParty(AddParty {
            party: Party::new(id, "ジャーナルにだけある町内会"),
            index: None,
        }),
        Stamp::now(),
    )
    .unwrap();
    drop(doc); // killed: the party is in the journal only
    let out = sori(
        dir.path(),
        &["new", "next.yaml", "--from", "old.yaml", "--no-open"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let next = std::fs::read_to_string(dir.path().join("next.yaml")).unwrap();
    assert!(next.contains("ジャーナルにだけある町内会"), "{next}");
    // The earlier meeting itself is untouched: its journal still waits for it.
    assert!(dir.path().join("old.yaml.journal").exists());
}

/// Minutes exported while a journal beside the file belongs to another version: the file's
/// minutes, and a note on standard error that the journal's changes are not in them.
#[test]
fn export_says_when_it_leaves_out_a_journal_made_on_another_version() {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "w.yaml");
    let path = dir.path().join("w.yaml");
    let (mut doc, _) = Document::open(&path).unwrap();
    let id = Id::new(prefix::PARTY, doc.session().next_id);
    doc.commit(
        Event::AddParty(AddParty {
            party: Party::new(id, "消えた版の町内会"),
            index: None,
        }),
        Stamp::now(),
    )
    .unwrap();
    drop(doc);
    // Another version takes the file's place.
    let other = tempfile::tempdir().unwrap();
    new_session(other.path(), "w.yaml");
    std::fs::copy(other.path().join("w.yaml"), &path).unwrap();
    std::fs::write(
        &path,
        std::fs::read_to_string(&path).unwrap() + "# 別の版\n",
    )
    .unwrap();
    let out = sori(dir.path(), &["export", "w.yaml"]);
    assert_eq!(out.code, Some(0));
    assert!(!out.stdout.contains("消えた版の町内会"));
    let note = out.stderr;
    assert!(
        note.contains("w.yaml.journal の変更は、このファイルの別の版に対するものなので、ここには含めていません"),
        "{note}"
    );
}
