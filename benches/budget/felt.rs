//! The budgets a person feels (P7–P9): the release binary in a pseudo-terminal, as a
//! facilitator's terminal runs it, timed from outside. A key is timed from the moment its bytes
//! are written to the terminal to the moment the changed screen is read back; a start, from
//! just before sori is started to the moment the screen is its first complete frame.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::pty::{self, Launch, Term};

/// The terminal the budgets are measured in (rows, columns): a laptop on a projector.
const ROWS: u16 = 48;
const COLS: u16 = 160;

/// How long a start's screen is watched after its first output: what it shows then is the
/// frame it settles on (the timer on the top row goes on ticking; the rest stays).
const SETTLE: Duration = Duration::from_millis(1500);

/// A copy of a session file in a folder of its own (sori writes its lock and view file beside
/// it, and `SORI_HOME` under it).
struct Scratch {
    dir: tempfile::TempDir,
    name: String,
}

impl Scratch {
    fn of(file: &Path) -> Option<Scratch> {
        let dir = tempfile::tempdir().ok()?;
        let name = file.file_name()?.to_string_lossy().into_owned();
        std::fs::copy(file, dir.path().join(&name)).ok()?;
        Some(Scratch { dir, name })
    }

    fn launch(&self, command: &str) -> Launch {
        Launch::new(self.dir.path())
            .args(&[command, &self.name])
            .size(ROWS, COLS)
    }
}

/// Send `key` and wait until `shown` says the screen shows what it changes; the time between.
/// `None` when it does not show within the pseudo-terminal's timeout.
fn time_key(term: &mut Term, key: &str, shown: impl Fn(&Term) -> bool) -> Option<Duration> {
    let mut seen = term.output_len();
    let start = Instant::now();
    term.send(key);
    let until = start + pty::TIMEOUT;
    loop {
        if shown(term) {
            return Some(start.elapsed());
        }
        if Instant::now() >= until {
            return None;
        }
        seen = term.wait_output(seen, until);
    }
}

/// The row of the selected activity (the list's `▶`).
fn selected_row(term: &Term) -> Option<u16> {
    term.row_with("│▶").map(|(row, _)| row)
}

/// Characters typed into the editor: ASCII that the synthetic sessions' screens do not show,
/// so the typed text is found on the screen only once typed.
const TYPED: &str = "QZXJVKWQPFYGMBQZXJVKWQPF";

/// Moves of the selection in a round (down, up, down...).
const MOVES: usize = 16;

/// The pause before each timed key: keys come at a person's pace (a held key repeats about
/// this often), not the moment the last one showed.
const KEY_GAP: Duration = Duration::from_millis(30);

/// One round of the keys a facilitator presses most, on each open session of `terms` (its
/// fifth step, the activities listed), key by key in turn: the selected activity's name
/// edited (Enter, Ctrl-U, the typed characters, Esc: the typed ones timed; nothing is saved),
/// then the selection moved down and up `MOVES` times. Each key's time goes to `out`, the
/// list of its session.
fn key_round(terms: &mut [Term], out: &mut [Vec<Duration>]) -> Option<()> {
    for term in terms.iter_mut() {
        if term.text().contains(&TYPED[..1]) {
            eprintln!("P7: the screen shows {:?} before it is typed", &TYPED[..1]);
            return None;
        }
        term.send("\r");
        term.wait_for("編集：");
        // Ctrl-U clears what is before the caret: the whole name.
        let seen = term.output_len();
        term.send("\x15");
        term.wait_output(seen, Instant::now() + pty::TIMEOUT);
    }
    for n in 1..=TYPED.len() {
        let (typed, key) = (&TYPED[..n], &TYPED[n - 1..n]);
        for (term, out) in terms.iter_mut().zip(out.iter_mut()) {
            std::thread::sleep(KEY_GAP);
            out.push(time_key(term, key, |t| t.text().contains(typed))?);
        }
    }
    let mut first = vec![];
    for term in terms.iter_mut() {
        term.send("\x1b");
        wait_until(term, |t| !t.text().contains("編集："))?;
        first.push(selected_row(term)?);
    }
    for n in 0..MOVES {
        let (key, to_first) = if n % 2 == 0 {
            ("\x1b[B", false)
        } else {
            ("\x1b[A", true)
        };
        for ((term, out), &first) in terms.iter_mut().zip(out.iter_mut()).zip(&first) {
            std::thread::sleep(KEY_GAP);
            out.push(time_key(term, key, |t| {
                selected_row(t).is_some_and(|row| (row == first) == to_first)
            })?);
        }
    }
    Some(())
}

/// Quit `sori open`. After the last step, when the meeting's end is not recorded, sori asks
/// whether to record it: not for a measurement (`n`), which leaves the session as it was.
fn quit(term: &mut Term) -> Option<()> {
    const WITHOUT: &str = "n 記録せず終了";
    term.send("q");
    wait_until(term, |t| {
        t.text().contains(WITHOUT) || !t.screen().alternate_screen()
    })?;
    if term.text().contains(WITHOUT) {
        term.send("n");
    }
    term.wait_exit();
    Some(())
}

/// Wait until `done` says so, or the timeout.
fn wait_until(term: &Term, done: impl Fn(&Term) -> bool) -> Option<()> {
    let until = Instant::now() + pty::TIMEOUT;
    let mut seen = term.output_len();
    while !done(term) {
        if Instant::now() >= until {
            return None;
        }
        seen = term.wait_output(seen, until);
    }
    Some(())
}

/// P7: the time from a key to the screen showing its change, for at least `keys` keys on each
/// of two sessions (`sori open`, 160×48), a key on one and the same key on the other in turn,
/// so that a burst of another program's work slows both alike.
pub fn key_delays(a: &Path, b: &Path, keys: usize) -> Option<(Vec<Duration>, Vec<Duration>)> {
    let sessions = [Scratch::of(a)?, Scratch::of(b)?];
    let mut terms = vec![];
    for s in &sessions {
        let mut term = s.launch("open").spawn();
        term.wait_for(&s.name);
        terms.push(term);
    }
    // A long history is checked in the background after opening: keys are timed once that is
    // done, as a facilitator types after the first moments.
    std::thread::sleep(Duration::from_secs(2));
    let mut delays = [vec![], vec![]];
    while delays.iter().any(|d| d.len() < keys) {
        key_round(&mut terms, &mut delays)?;
    }
    for term in &mut terms {
        quit(term)?;
    }
    let [da, db] = delays;
    for (file, d) in [(a, &da), (b, &db)] {
        let name = file.file_stem().unwrap_or_default().to_string_lossy();
        eprintln!("P7 {name}: {}", spread(d));
    }
    Some((da, db))
}

/// The times of some keys in a line for the log: their spread (percentiles as the report
/// takes them: the smallest time at least p% of the keys are at or under).
fn spread(times: &[Duration]) -> String {
    let mut v = times.to_vec();
    v.sort();
    let at = |p: usize| v[(v.len() * p).div_ceil(100).max(1) - 1].as_secs_f64() * 1e3;
    format!(
        "{} keys, ms: min {:.2} p50 {:.2} p90 {:.2} p99 {:.2} max {:.2}",
        v.len(),
        at(0),
        at(50),
        at(90),
        at(99),
        at(100)
    )
}

/// The screen's rows at one moment, and when (since sori was started).
struct Seen {
    at: Duration,
    rows: Vec<String>,
}

/// What a start showed: every screen it showed and when, for `SETTLE` after its first output.
fn watch_start(term: &Term, start: Instant) -> Option<Vec<Seen>> {
    let mut seen = 0;
    let mut shots = vec![];
    let mut settled = None;
    loop {
        let now = Instant::now();
        let until = settled.unwrap_or(start + pty::TIMEOUT);
        if now >= until {
            break;
        }
        let len = term.wait_output(seen, until);
        if len == seen {
            continue;
        }
        seen = len;
        let at = start.elapsed();
        let screen = term.screen();
        let rows = screen.rows(0, COLS).collect();
        shots.push(Seen { at, rows });
        settled.get_or_insert(Instant::now() + SETTLE);
    }
    (!shots.is_empty()).then_some(shots)
}

/// The time to the first complete frame: the first screen that is, but for its top row (where
/// the timer ticks), the screen it settled on.
fn first_complete(shots: &[Seen]) -> Option<Duration> {
    let last = &shots.last()?.rows;
    shots
        .iter()
        .find(|s| s.rows[1..] == last[1..] && !s.rows[0].trim().is_empty())
        .map(|s| s.at)
}

/// `sori COMMAND FILE` started on a copy of the file, and the time to its first complete
/// frame; the scratch folder goes with it (it lives as long as sori runs).
fn start(file: &Path, command: &str) -> Option<(Term, Scratch, Duration)> {
    let scratch = Scratch::of(file)?;
    let start = Instant::now();
    let term = scratch.launch(command).spawn();
    let shots = watch_start(&term, start)?;
    let first_frame = first_complete(&shots)?;
    Some((term, scratch, first_frame))
}

/// P8: `sori open FILE` to its first complete frame (160×48), `runs` times.
pub fn open_times(file: &Path, runs: usize) -> Option<Vec<Duration>> {
    (0..runs)
        .map(|_| {
            let (mut term, _scratch, first_frame) = start(file, "open")?;
            quit(&mut term)?;
            Some(first_frame)
        })
        .collect()
}

/// A `sori replay` measured: the time to its first complete frame, and the peak resident
/// memory (bytes) of the process once it has been to the end of the history and back.
pub struct ReplayOpen {
    pub first_frame: Duration,
    pub peak: Option<u64>,
}

/// P9: `sori replay FILE` (a history of `len` events) to its first complete frame (160×48),
/// then End (the whole history), then the peak memory; `runs` times.
pub fn replay_opens(file: &Path, len: usize, runs: usize) -> Option<Vec<ReplayOpen>> {
    (0..runs)
        .map(|_| {
            let (mut term, _scratch, first_frame) = start(file, "replay")?;
            term.send("\x1b[F");
            term.wait_for(&format!("{len}/{len} "));
            term.send("\x1b[H");
            term.wait_for(&format!("0/{len} "));
            let peak = peak_memory(term.process_id());
            term.send("q");
            term.wait_exit();
            Some(ReplayOpen { first_frame, peak })
        })
        .collect()
}

/// The peak resident memory of a running process, in bytes (Linux: `VmHWM`).
fn peak_memory(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(PathBuf::from(format!("/proc/{pid}/status"))).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
