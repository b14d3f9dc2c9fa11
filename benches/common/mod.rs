//! What the benchmarks measure, shared by `benches/sori.rs` (every benchmark, for a close look)
//! and `benches/budget.rs` (the ones the budget report needs, then the report).
//!
//! Sessions come from `sori::synth` (the same generator as `sori synth`), written to a
//! temporary folder as sori writes them.

#![allow(dead_code)] // Each bench target uses a part of this module.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use sori::core::event::{Event, SetText};
use sori::core::history::{History, Record};
use sori::core::session::{Lang, Session, TextField};
use sori::core::stamp::Stamp;
use sori::export::{Format, Options};
use sori::replay::Timeline;
use sori::store::Document;
use sori::testkit::keys::key;
use sori::testkit::synth::Size;
use sori::tui::App;
use sori::tui::state::{Pane, partner_at_or_after};

/// The seed of every synthetic session the benchmarks use.
pub const SEED: u64 = 1;

/// One synthetic session, in memory and on disk.
pub struct Fixture {
    pub name: &'static str,
    pub session: Session,
    pub records: Vec<Record>,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The sessions of the sizes asked for, in a temporary folder that lives as long as this.
pub struct Fixtures {
    pub dir: tempfile::TempDir,
    pub all: Vec<Fixture>,
}

impl Fixtures {
    pub fn new(sizes: &[&'static str]) -> Fixtures {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let all = sizes
            .iter()
            .map(|&name| fixture(dir.path(), name))
            .collect();
        Fixtures { dir, all }
    }

    pub fn get(&self, name: &str) -> &Fixture {
        self.all
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no {name} fixture"))
    }
}

fn fixture(dir: &Path, name: &'static str) -> Fixture {
    let size = Size::named(name).expect("small, large or huge");
    let (session, records) = sori::testkit::synth::generate(size, SEED, Lang::Ja);
    let path = dir.join(format!("{name}.yaml"));
    let doc = Document::create(
        &path,
        session.clone(),
        History::from_records(records.clone()),
    )
    .expect("the session is written");
    drop(doc);
    let bytes = std::fs::read(&path).expect("the session is read back");
    Fixture {
        name,
        session,
        records,
        path,
        bytes,
    }
}

/// Open a copy of a fixture's file, its history checked (no check running in the background
/// while something else is measured).
pub fn open_copy(f: &Fixture, tag: &str) -> Document {
    let path = scratch_copy(f, tag);
    let (mut doc, _) = Document::open(&path).expect("opens");
    doc.check_history().expect("the history reads");
    doc
}

/// A copy of a fixture's file under another name, for benchmarks that write to it.
pub fn scratch_copy(f: &Fixture, tag: &str) -> PathBuf {
    let path = f.path.with_file_name(format!("{}-{tag}.yaml", f.name));
    for p in [
        path.clone(),
        sori::store::journal::journal_path(&path),
        lock_path(&path),
    ] {
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(&f.path, &path).expect("copy");
    path
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// A fixed clock: the frame must not change with the seconds of a running timer.
pub fn clock() -> Stamp {
    Stamp::from_unix(1_795_800_000, 9 * 3600)
}

/// The screens a frame is drawn at.
pub const SIZES: [(u16, u16); 2] = [(160, 48), (80, 24)];

/// The busiest screens: step 3 (the activities and the 相利評価表 of the selected one) and
/// step 2 (the parties, a partner's purposes, challenges and strengths, the activities).
pub const SCREENS: [u8; 2] = [3, 2];

/// Make `app` show `step` as `sori render --step` does (looking, not changing the session).
pub fn look_at(app: &mut App, step: u8) {
    let meeting = app.session().meta.step;
    app.view.step = (step != meeting).then_some(step);
    app.view.pane = Pane::first(step);
    if step == 2
        && let Some(i) = partner_at_or_after(app.session(), app.view.sel.party)
    {
        app.view.sel.party = i;
    }
    app.fixed_clock = Some(clock());
    app.view.clock = clock();
}

/// A terminal that draws into memory, as the real one does: the frame is drawn into the
/// back buffer, compared with the last one, and the changes "written".
pub fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).expect("a test terminal")
}

pub fn frame(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    let mut drawn = None;
    terminal
        .draw(|f| drawn = Some(app.draw(f.area(), f.buffer_mut())))
        .expect("drawn");
    if let Some(d) = drawn {
        app.drawn(d);
    }
}

/// A read-only workshop screen on a fixture's state, looking at `step`.
pub fn snapshot_app(f: &Fixture, step: u8) -> App {
    let mut app = App::snapshot(f.session.clone(), format!("{}.yaml", f.name), Lang::Ja);
    look_at(&mut app, step);
    app
}

pub fn frame_id(f: &Fixture, step: u8, (w, h): (u16, u16)) -> String {
    format!("{}-step{step}-{w}x{h}", f.name)
}

/// frame: the busiest screens, drawn into a `TestBackend`.
pub fn bench_frames(c: &mut Criterion, fixtures: &[&Fixture], sizes: &[(u16, u16)]) {
    let mut group = c.benchmark_group("frame");
    for f in fixtures {
        for step in SCREENS {
            for &(w, h) in sizes {
                let mut app = snapshot_app(f, step);
                let mut term = terminal(w, h);
                group.bench_function(frame_id(f, step, (w, h)), |b| {
                    b.iter(|| frame(&mut term, &mut app));
                });
            }
        }
    }
    group.finish();
}

/// key: a key through the keymap and `update` to a new frame, on a live session (step 2,
/// moving through a partner's purposes and back).
pub fn bench_keys(c: &mut Criterion, fixtures: &[&Fixture]) {
    let mut group = c.benchmark_group("key");
    for f in fixtures {
        let doc = open_copy(f, "key");
        let mut app = App::live(doc, vec![], Lang::Ja);
        look_at(&mut app, 2);
        app.view.overlay = None;
        let mut term = terminal(160, 48);
        let mut down = true;
        group.bench_function(format!("{}-160x48", f.name), |b| {
            b.iter(|| {
                let code = if down { KeyCode::Down } else { KeyCode::Up };
                down = !down;
                key(&mut app, code);
                frame(&mut term, &mut app);
            });
        });
    }
    group.finish();
}

/// An edit of the first purpose of the first party: the text changes every time.
pub fn edit_event(session: &Session, n: u64) -> Event {
    let item = session
        .parties
        .iter()
        .find_map(|p| p.purposes.first())
        .expect("a purpose");
    Event::SetText(SetText {
        field: TextField::Item(item.id.clone()),
        text: format!("{}（{n}）", item.text),
    })
}

/// edit: one change made durable (apply, journal append, fsync) through `Document::commit`.
pub fn bench_edits(c: &mut Criterion, fixtures: &[&Fixture]) {
    let mut group = c.benchmark_group("edit");
    for f in fixtures {
        let mut doc = open_copy(f, "edit");
        let mut n = 0u64;
        group.bench_function(f.name, |b| {
            b.iter(|| {
                n += 1;
                let event = edit_event(doc.session(), n);
                doc.commit(event, clock()).expect("committed");
            });
        });
        drop(doc);
    }
    group.finish();
}

/// save: fold the journal into the file (one new record each time) and write it atomically.
pub fn bench_saves(c: &mut Criterion, fixtures: &[&Fixture]) {
    let mut group = c.benchmark_group("save");
    group.sample_size(10);
    for f in fixtures {
        let mut doc = open_copy(f, "save");
        let mut n = 0u64;
        group.bench_function(f.name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    n += 1;
                    let event = edit_event(doc.session(), n);
                    doc.commit(event, clock()).expect("committed");
                    let start = Instant::now();
                    doc.save().expect("saved");
                    total += start.elapsed();
                }
                total
            });
        });
    }
    group.finish();
}

/// load: a session file read and checked (what `sori check` and the replay read), the
/// opening of a session up to the first frame of the workshop, and the bare YAML parse of
/// the same bytes into an untyped value: the limit of the format.
pub fn bench_loads(c: &mut Criterion, fixtures: &[&Fixture], which: &[&str]) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for f in fixtures {
        if which.contains(&"parse-value") {
            group.bench_function(BenchmarkId::new(f.name, "parse-value"), |b| {
                b.iter(|| serde_yaml::from_slice::<serde_yaml::Value>(&f.bytes).expect("parses"));
            });
        }
        if which.contains(&"parse-full") {
            group.bench_function(BenchmarkId::new(f.name, "parse-full"), |b| {
                b.iter(|| sori::store::parse(&f.path, &f.bytes).expect("loads"));
            });
        }
        if which.contains(&"open-first-frame") {
            let path = scratch_copy(f, "open");
            let mut term = terminal(160, 48);
            group.bench_function(BenchmarkId::new(f.name, "open-first-frame"), |b| {
                b.iter(|| open_first_frame(&path, &mut term));
            });
        }
    }
    group.finish();
}

/// What `sori FILE` does before the facilitator sees anything: open the document, make the
/// workshop screen, draw it.
pub fn open_first_frame(path: &Path, term: &mut Terminal<TestBackend>) {
    let (doc, notices) = Document::open(path).expect("opens");
    let mut app = App::live(doc, notices, Lang::Ja);
    app.fixed_clock = Some(clock());
    app.view.clock = clock();
    // Draw into a fresh screen, as the first frame after entering the terminal is.
    term.clear().expect("cleared");
    frame(term, &mut app);
    drop(app);
}

/// A timeline of a fixture's history, ready to browse (as `sori replay` makes it).
pub fn timeline(f: &Fixture) -> Timeline {
    Timeline::new(f.records.clone(), Lang::Ja)
}

/// Where a seek goes from and to.
pub fn seek_targets(len: usize) -> [(&'static str, usize, usize); 3] {
    [
        ("start", len / 2, 0),
        ("middle", 0, len / 2),
        ("end", len / 2, len),
    ]
}

/// seek: a replay seek (the state after N events and that event in words), from another
/// place in the history to the start, the middle and the end.
pub fn bench_seeks(c: &mut Criterion, f: &Fixture) {
    let mut group = c.benchmark_group("seek");
    let mut t = timeline(f);
    for (what, from, to) in seek_targets(t.len()) {
        group.bench_function(format!("{}-{what}", f.name), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    t.seek(from).expect("applies");
                    let start = Instant::now();
                    t.seek(to).expect("applies");
                    total += start.elapsed();
                }
                total
            });
        });
    }
    group.finish();
}

/// export: the minutes of a session, Markdown and HTML.
pub fn bench_exports(c: &mut Criterion, f: &Fixture, formats: &[Format]) {
    let mut group = c.benchmark_group("export");
    for &format in formats {
        let options = Options {
            format,
            lang: Lang::Ja,
            excel: false,
        };
        let name = format.name();
        group.bench_function(format!("{}-{name}", f.name), |b| {
            b.iter(|| sori::export::export(&f.session, &f.records, options));
        });
    }
    group.finish();
}
