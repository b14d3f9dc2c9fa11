//! `sori render`: the screen as text, exactly as a terminal of that size shows it. Every step
//! of every bundled example at 80×24 and 160×48 in both languages: exactly H lines, none wider
//! than W cells, no escape codes; snapshots of a few; colours as SGR only when asked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sori::bundled;
use sori::core::session::STEPS;
use unicode_width::UnicodeWidthStr;

fn sori(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(args)
        .env("NO_COLOR", "")
        .output()
        .expect("sori runs")
}

fn example_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sessions")
        .join(file)
}

fn render(args: &[&str]) -> String {
    let out = sori(args);
    assert!(
        out.status.success(),
        "sori {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Exactly `h` lines, none wider than `w` cells, nothing but text.
fn assert_fits(text: &str, (w, h): (usize, usize), what: &str) {
    assert!(text.ends_with('\n'), "{what}: ends with a line break");
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), h, "{what}: {h} lines\n{text}");
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.width() <= w,
            "{what}: line {} is {} cells wide:\n{line}",
            i + 1,
            line.width()
        );
        assert!(
            !line.chars().any(|c| c.is_control()),
            "{what}: a control character on line {}: {line:?}",
            i + 1
        );
    }
}

#[test]
fn every_step_of_every_example_fits_its_size_in_both_languages() {
    for e in bundled::examples() {
        let path = example_path(e.file);
        let path = path.to_str().unwrap();
        for lang in ["ja", "en"] {
            for (w, h) in [(80, 24), (160, 48)] {
                let size = format!("{w}x{h}");
                for step in 1..=STEPS {
                    let step = step.to_string();
                    let args = [
                        "render", path, "--step", &step, "--size", &size, "--lang", lang,
                    ];
                    let text = render(&args);
                    assert_fits(
                        &text,
                        (w, h),
                        &format!("{} {lang} {size} step {step}", e.file),
                    );
                    assert!(text.contains(&format!("▶{step}")), "{args:?}\n{text}");
                }
            }
        }
    }
}

#[test]
fn the_default_size_is_120_by_36_and_the_replay_screen_fits_too() {
    let path = example_path("park-nagaike.yaml");
    let events = sori::store::load(&path).unwrap().1.len();
    let path = path.to_str().unwrap();
    assert_fits(&render(&["render", path]), (120, 36), "default");
    let last = events.to_string();
    for at in ["0", "1", "70", &last] {
        for (w, h) in [(80, 24), (160, 48)] {
            let size = format!("{w}x{h}");
            let text = render(&["render", path, "--at", at, "--size", &size]);
            assert_fits(&text, (w, h), &format!("--at {at} {size}"));
            assert!(text.contains(&format!("{at}/{events}")), "{text}");
        }
    }
    // A window smaller than the screen is laid out for says so, in its size.
    let tiny = render(&["render", path, "--size", "30x5", "--lang", "en"]);
    assert_fits(&tiny, (30, 5), "tiny");
    assert!(tiny.contains("too small"), "{tiny}");
}

/// Each example's step 3 in its own language, as a facilitator would show it on a projector.
#[test]
fn snapshots_of_step_3_of_each_example() {
    for e in bundled::examples() {
        let path = example_path(e.file);
        let text = render(&[
            "render",
            path.to_str().unwrap(),
            "--step",
            "3",
            "--size",
            "80x24",
        ]);
        let name = format!("step3_{}", e.file.trim_end_matches(".yaml"));
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn snapshot_of_the_replay_screen_at_an_event() {
    let path = example_path("chiiki-neko.yaml");
    let text = render(&[
        "render",
        path.to_str().unwrap(),
        "--at",
        "150",
        "--size",
        "100x30",
    ]);
    insta::assert_snapshot!("replay_chiiki-neko_at_150", text);
}

#[test]
fn colour_only_when_asked_and_then_sgr_only() {
    let path = example_path("kamaishi-forestry.yaml");
    let path = path.to_str().unwrap();
    let plain = render(&["render", path, "--size", "80x24"]);
    assert!(!plain.contains('\u{1b}'));
    let coloured = render(&["render", path, "--size", "80x24", "--color"]);
    assert!(coloured.contains("\u{1b}[0m"), "{coloured}");
    // Every escape is a Select Graphic Rendition: ESC [ digits and semicolons m.
    for (i, part) in coloured.split('\u{1b}').enumerate().skip(1) {
        let end = part
            .find('m')
            .unwrap_or_else(|| panic!("escape {i}: {part:?}"));
        assert!(part.starts_with('['), "escape {i}: {part:?}");
        assert!(
            part[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
            "escape {i}: {:?}",
            &part[..end]
        );
    }
    // Without the escapes, the same text.
    let mut stripped = String::new();
    for (i, part) in coloured.split('\u{1b}').enumerate() {
        stripped.push_str(if i == 0 {
            part
        } else {
            &part[part.find('m').unwrap() + 1..]
        });
    }
    let trimmed: Vec<&str> = stripped.lines().map(str::trim_end).collect();
    assert_eq!(trimmed, plain.lines().collect::<Vec<_>>());
}

#[test]
fn render_writes_nothing_and_takes_no_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    std::fs::copy(example_path("gamagori-rakusho.yaml"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    render(&["render", path.to_str().unwrap()]);
    render(&["render", path.to_str().unwrap(), "--at", "10"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["w.yaml"]);
}

#[test]
fn bad_arguments_are_named() {
    let path = example_path("park-nagaike.yaml");
    let events = sori::store::load(&path).unwrap().1.len();
    let path = path.to_str().unwrap();
    let out = sori(&["render", path, "--at", "999"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--at 999") && err.contains(&format!("{events} events")),
        "{err}"
    );
    let out = sori(&["render", path, "--size", "80by24"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'80by24' is not a size like 120x36"), "{err}");
    let out = sori(&["render", path, "--step", "6"]);
    assert!(!out.status.success());
}

#[test]
fn a_history_that_does_not_apply_is_an_error_at_that_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    // A hand edit: the first purpose added to the host names a party that does not exist.
    let yaml = bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .unwrap()
        .yaml;
    let history = yaml.find("\nhistory:").unwrap();
    let at = history + yaml[history..].find("list: p1.purposes").unwrap();
    let edited = format!("{}list: p99.purposes{}", &yaml[..at], &yaml[at + 17..]);
    std::fs::write(&path, edited).unwrap();
    let (_, records) = sori::store::load(&path).unwrap();
    let bad = records
        .iter()
        .position(|r| format!("{:?}", r.event).contains("p99"))
        .unwrap();
    let path = path.to_str().unwrap();
    // Before it: fine. At or after it: the record is named.
    render(&["render", path, "--at", &bad.to_string()]);
    let out = sori(&["render", path, "--at", &(bad + 1).to_string()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("history record {} does not apply", bad + 1)),
        "{err}"
    );
    assert!(err.contains("p99"), "{err}");
    // The workshop screen does not need the history.
    render(&["render", path]);
}

/// `--room` prints the room view (`sori present`) of each step; `--page` another of its
/// pages; `--theme projector` colours nothing (bold and reverse video only, as SGR 1 and 7);
/// a theme that does not exist is named.
#[test]
fn the_room_view_and_the_themes() {
    let path = example_path("chiiki-neko.yaml");
    let path = path.to_str().unwrap();
    for (w, h) in [(80, 24), (160, 48)] {
        for step in 1..=STEPS {
            let size = format!("{w}x{h}");
            let step_arg = step.to_string();
            let text = render(&[
                "render", path, "--room", "--step", &step_arg, "--size", &size,
            ]);
            assert_fits(&text, (w, h), &format!("room step {step} {size}"));
            assert!(text.contains(&format!("▶{step} ")), "{text}");
        }
    }
    let first = render(&["render", path, "--room", "--step", "2", "--size", "80x24"]);
    let second = render(&[
        "render", path, "--room", "--step", "2", "--size", "80x24", "--page", "2",
    ]);
    assert!(first.contains("1/"), "{first}");
    assert!(second.contains("2/"), "{second}");
    assert_ne!(first, second);

    let projector = render(&[
        "render",
        path,
        "--size",
        "120x36",
        "--color",
        "--theme",
        "projector",
    ]);
    assert!(
        projector.contains("\u{1b}[0m\u{1b}[1m"),
        "bold is used: {projector}"
    );
    for part in projector.split('\u{1b}').skip(1) {
        let params = &part[1..part.find('m').unwrap()];
        for p in params.split(';') {
            let n: u32 = p.parse().unwrap_or(0);
            assert!(
                !(30..=49).contains(&n) && !(90..=107).contains(&n),
                "a colour in the projector theme: {params}"
            );
        }
    }
    let dark = render(&["render", path, "--size", "120x36", "--color"]);
    assert!(dark.contains("\u{1b}[38;5;"), "the dark theme has colours");

    let out = sori(&["render", path, "--theme", "blue"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'blue' is not a theme: dark, light or projector"),
        "{err}"
    );
}
