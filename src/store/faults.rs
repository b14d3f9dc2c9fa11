//! Storage faults made on purpose, for the reliability tests: the storage's every create,
//! write, fsync and rename asks this module first, so a test can make the Nth of them fail
//! with "no space left on device", or stop the process at a named point of a save or a journal
//! append so that it can be killed exactly there (tests/storage_faults.rs, tests/crash_kill9.rs).
//!
//! The plan is per thread (the tests of one binary run side by side) and empty unless a test
//! sets one, or the `SORI_TEST_FAULTS` environment variable gives one to a child process:
//! `fail:N` (the Nth operation fails), `stop:POINT:N` (halt at the Nth time POINT is
//! reached) or `panic:POINT:N` (panic there instead: tests/panic_recovery.rs). Asking costs a
//! thread-local read, nothing next to the system call it precedes.
//!
//! Each failure made is recorded with the file (or folder) it hit, so a test can tell a
//! folder's fsync, which sori may ignore, from a file's, which it must report.

use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};

/// What kind of storage operation is about to happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Create,
    Write,
    Sync,
    Rename,
}

/// Named places inside a save and a journal append where a test can stop the process.
pub const POINTS: &[&str] = &[
    // A journal line half written.
    "journal.mid-append",
    // The line written, not yet fsync'd.
    "journal.before-sync",
    // The line durable, the edit not yet acknowledged.
    "journal.after-sync",
    // The temporary file half written.
    "save.mid-write",
    // The temporary file complete and fsync'd, not yet renamed.
    "save.before-rename",
    // Renamed over the session, the folder not yet fsync'd.
    "save.after-rename",
    // The folder fsync'd, the journal (now folded) not yet removed.
    "save.before-journal-removal",
];

/// A point inside `Document::commit`: the change applied in memory, not yet in the journal.
/// Only panics are planned there (`panic:commit.applied:N`).
pub const COMMIT_APPLIED: &str = "commit.applied";

/// A storage operation made to fail: what it was, and the file or folder it was about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub op: Op,
    pub path: PathBuf,
}

impl Failure {
    /// An fsync of a folder (its entries), not of a file's content.
    pub fn is_folder_sync(&self) -> bool {
        self.op == Op::Sync && self.path.is_dir()
    }
}

#[derive(Default)]
struct Plan {
    /// Operations asked about since the plan was set.
    ops: u64,
    /// The operation (1-based) that fails.
    fail_at: Option<u64>,
    /// ...and every one after it (a disk that stays full).
    fail_on: bool,
    /// The failures made so far.
    failed: Vec<Failure>,
    /// Halt (or panic) at the Nth time this point is reached.
    stop_at: Option<(String, u64)>,
    /// Panic rather than halt there.
    panic: bool,
    /// Times the stop point was reached.
    reached: u64,
}

impl Plan {
    fn from_env() -> Plan {
        let Ok(spec) = std::env::var("SORI_TEST_FAULTS") else {
            return Plan::default();
        };
        let parts: Vec<&str> = spec.split(':').collect();
        match parts.as_slice() {
            ["fail", n] => Plan {
                fail_at: n.parse().ok(),
                ..Plan::default()
            },
            ["stop", point, n] => Plan {
                stop_at: n.parse().ok().map(|n| (point.to_string(), n)),
                ..Plan::default()
            },
            ["panic", point, n] => Plan {
                stop_at: n.parse().ok().map(|n| (point.to_string(), n)),
                panic: true,
                ..Plan::default()
            },
            _ => Plan::default(),
        }
    }
}

thread_local! {
    static PLAN: RefCell<Plan> = RefCell::new(Plan::from_env());
}

/// From now on, on this thread, the `n`th storage operation (1-based) fails.
pub fn fail_op(n: u64) {
    PLAN.with(|p| {
        *p.borrow_mut() = Plan {
            fail_at: Some(n),
            ..Plan::default()
        }
    });
}

/// From now on, on this thread, the `n`th storage operation and every one after it fail, until
/// `clear`: a disk that stays full.
pub fn fail_from(n: u64) {
    PLAN.with(|p| {
        *p.borrow_mut() = Plan {
            fail_at: Some(n),
            fail_on: true,
            ..Plan::default()
        }
    });
}

/// From now on, on this thread, halt the `n`th time (1-based) `point` is reached.
pub fn stop_at(point: &str, n: u64) {
    PLAN.with(|p| {
        *p.borrow_mut() = Plan {
            stop_at: Some((point.to_string(), n)),
            ..Plan::default()
        }
    });
}

/// From now on, on this thread, panic the `n`th time (1-based) `point` is reached.
pub fn panic_at(point: &str, n: u64) {
    PLAN.with(|p| {
        *p.borrow_mut() = Plan {
            stop_at: Some((point.to_string(), n)),
            panic: true,
            ..Plan::default()
        }
    });
}

/// No fault any more on this thread; the count starts again from zero.
pub fn clear() {
    PLAN.with(|p| *p.borrow_mut() = Plan::default());
}

/// Storage operations asked about on this thread since the plan was last set or cleared.
pub fn ops() -> u64 {
    PLAN.with(|p| p.borrow().ops)
}

/// The failures made on this thread since the plan was last set.
pub fn failed() -> Vec<Failure> {
    PLAN.with(|p| p.borrow().failed.clone())
}

/// Before a storage operation on `path`: the injected failure, if this is the one.
pub(crate) fn op(kind: Op, path: &Path) -> io::Result<()> {
    PLAN.with(|p| {
        let mut plan = p.borrow_mut();
        plan.ops += 1;
        let failing = match plan.fail_at {
            Some(n) if plan.fail_on => plan.ops >= n,
            Some(n) => plan.ops == n,
            None => false,
        };
        if failing {
            plan.failed.push(Failure {
                op: kind,
                path: path.to_path_buf(),
            });
            return Err(no_space());
        }
        Ok(())
    })
}

/// Whether to halt at this point now (counted each time it is reached).
pub(crate) fn stop_here(point: &str) -> bool {
    PLAN.with(|p| {
        let mut plan = p.borrow_mut();
        let Some((at, n)) = &plan.stop_at else {
            return false;
        };
        if at != point {
            return false;
        }
        let n = *n;
        plan.reached += 1;
        plan.reached == n
    })
}

/// Halt at `point` if the plan says so: say so on standard error and wait to be killed (or
/// panic there, if that is the plan).
pub(crate) fn point(point: &str) {
    if stop_here(point) {
        halt(point);
    }
}

/// Say where the process stopped and wait, forever, for the test to kill it; or panic, when
/// the plan is a panic.
pub(crate) fn halt(point: &str) -> ! {
    use std::io::Write;
    if PLAN.with(|p| p.borrow().panic) {
        panic!("SORI_TEST_FAULTS: the panic asked for, at {point}");
    }
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "sori: stopped at {point} (SORI_TEST_FAULTS)");
    let _ = err.flush();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}

/// The error a full disk gives.
fn no_space() -> io::Error {
    #[cfg(unix)]
    {
        io::Error::from_raw_os_error(28) // ENOSPC on Linux, the BSDs and macOS
    }
    #[cfg(not(unix))]
    {
        io::Error::from(io::ErrorKind::StorageFull)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nth_operation_fails_once_with_no_space() {
        let file = Path::new("w.yaml");
        fail_op(2);
        assert!(op(Op::Create, file).is_ok());
        let e = op(Op::Write, file).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(28));
        assert!(op(Op::Sync, file).is_ok());
        let write = Failure {
            op: Op::Write,
            path: file.into(),
        };
        assert_eq!((ops(), failed()), (3, vec![write.clone()]));
        clear();
        assert_eq!(ops(), 0);
        fail_from(2);
        let dir = tempfile::tempdir().unwrap();
        assert!(op(Op::Create, file).is_ok());
        assert!(op(Op::Write, file).is_err());
        assert!(op(Op::Sync, dir.path()).is_err());
        let failed = failed();
        assert_eq!(failed[0], write);
        assert!(!failed[0].is_folder_sync() && failed[1].is_folder_sync());
        clear();
        assert!(op(Op::Sync, file).is_ok());
    }

    #[test]
    fn a_planned_panic_panics_at_its_point() {
        panic_at(COMMIT_APPLIED, 2);
        point(COMMIT_APPLIED);
        let caught = std::panic::catch_unwind(|| point(COMMIT_APPLIED));
        clear();
        let message = caught.unwrap_err();
        assert_eq!(
            message.downcast_ref::<String>().unwrap(),
            "SORI_TEST_FAULTS: the panic asked for, at commit.applied"
        );
    }

    #[test]
    fn a_stop_point_counts_only_its_own_name() {
        stop_at("save.after-rename", 2);
        assert!(!stop_here("save.before-rename"));
        assert!(!stop_here("save.after-rename"));
        assert!(stop_here("save.after-rename"));
        assert!(!stop_here("save.after-rename"));
        clear();
        assert!(!stop_here("save.after-rename"));
    }
}
