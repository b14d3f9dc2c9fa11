//! Watching a session's files for `sori present`: the session, its journal and the console's
//! view file (`shared_view`). The folder is watched, not the files: a save replaces the session
//! by a rename and the journal comes and goes. Notifications come from the system (inotify,
//! FSEvents, ReadDirectoryChangesW, through `notify`); where there are none (a network or FUSE
//! folder, a system without them) or the watcher fails, the room view looks every
//! `POLL_INTERVAL` instead.
//!
//! A notification only says "look again": the follower (`peek::Follow`) compares the files'
//! sizes, times (to the nanosecond the system keeps) and identities itself, so a lost or an
//! extra notification costs a look, nothing more. That is also why polling is this module's own
//! and not `notify`'s poller, which compares times in whole seconds: two saves within a second
//! would look like one.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Config, RecommendedWatcher, RecursiveMode, Watcher};

use super::journal::journal_path;
use super::shared_view;

/// How often the files are looked at when polling.
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Test hook: `SORI_TEST_WATCH=poll` makes `sori present` poll as it does where notifications
/// are not available (read once, at the start of a watch).
pub const FORCE_POLL: &str = "SORI_TEST_WATCH";

/// How the files are watched.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WatchMode {
    /// The system tells of each change.
    Notify,
    /// The follower looks every `POLL_INTERVAL`.
    Polling,
}

enum Signal {
    Changed,
    Failed,
}

/// Watches the files of one session.
pub struct SessionWatch {
    rx: Receiver<Signal>,
    /// Kept for as long as it watches.
    watcher: Option<RecommendedWatcher>,
    /// When polling: when the files were last looked at.
    looked: Option<Instant>,
}

impl SessionWatch {
    /// Watch `session`'s folder for changes to the session, its journal and its view file:
    /// with the system's notifications, else by polling.
    pub fn new(session: &Path) -> SessionWatch {
        let (tx, rx) = channel();
        let forced = std::env::var(FORCE_POLL).is_ok_and(|v| v == "poll");
        let watcher = if forced {
            None
        } else {
            notify_watcher(session, tx)
        };
        SessionWatch {
            rx,
            looked: watcher.is_none().then(Instant::now),
            watcher,
        }
    }

    pub fn mode(&self) -> WatchMode {
        if self.watcher.is_some() {
            WatchMode::Notify
        } else {
            WatchMode::Polling
        }
    }

    /// Whether the files may have changed since the last call: the system said so, or, when
    /// polling, it is time to look. A watcher that reports an error gives way to polling (and
    /// the answer is yes: look now).
    pub fn changed(&mut self) -> bool {
        if let Some(looked) = self.looked {
            if looked.elapsed() < POLL_INTERVAL {
                return false;
            }
            self.looked = Some(Instant::now());
            return true;
        }
        let mut changed = false;
        while let Ok(signal) = self.rx.try_recv() {
            match signal {
                Signal::Changed => changed = true,
                Signal::Failed => {
                    self.watcher = None;
                    self.looked = Some(Instant::now());
                    return true;
                }
            }
        }
        changed
    }
}

/// The system's watcher on the session's folder, sending a signal for each change to one of
/// its files; `None` where there is none or it cannot watch the folder.
fn notify_watcher(session: &Path, tx: Sender<Signal>) -> Option<RecommendedWatcher> {
    let session = std::path::absolute(session).unwrap_or_else(|_| session.to_path_buf());
    let dir = match session.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let names: Vec<OsString> = [
        session.clone(),
        journal_path(&session),
        shared_view::path_for(&session),
    ]
    .iter()
    .filter_map(|p| p.file_name().map(|n| n.to_os_string()))
    .collect();
    let handler = move |event: notify::Result<notify::Event>| {
        let signal = match event {
            Ok(event) => {
                let ours = event
                    .paths
                    .iter()
                    .any(|p| p.file_name().is_some_and(|n| names.iter().any(|m| m == n)));
                // Opening and reading (the follower's own reads among them) change nothing.
                let reading = matches!(
                    event.kind,
                    EventKind::Access(
                        AccessKind::Open(_)
                            | AccessKind::Read
                            | AccessKind::Close(AccessMode::Read | AccessMode::Execute)
                    )
                );
                if event.need_rescan() || (ours && !reading) {
                    Signal::Changed
                } else {
                    return;
                }
            }
            Err(_) => Signal::Failed,
        };
        let _ = tx.send(signal);
    };
    let mut watcher = RecommendedWatcher::new(handler, Config::default()).ok()?;
    watcher.watch(&dir, RecursiveMode::NonRecursive).ok()?;
    Some(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wait up to two seconds for `changed`.
    fn sees_a_change(watch: &mut SessionWatch) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            if watch.changed() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn a_journal_append_a_save_and_the_view_file_are_seen_and_other_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.yaml");
        std::fs::write(&session, "sori: 1\n").unwrap();
        let mut watch = SessionWatch::new(&session);
        assert_eq!(watch.mode(), WatchMode::Notify);
        std::fs::write(dir.path().join("other.yaml"), "x").unwrap();
        std::fs::read(&session).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert!(!watch.changed(), "another file, or a read, is no change");
        std::fs::write(journal_path(&session), "{}\n").unwrap();
        assert!(sees_a_change(&mut watch), "the journal");
        assert!(!watch.changed());
        let temp = dir.path().join(".w.yaml.sori-tmp-1");
        std::fs::write(&temp, "sori: 1\nmeta: {}\n").unwrap();
        std::fs::rename(&temp, &session).unwrap();
        assert!(sees_a_change(&mut watch), "a save");
        std::fs::write(shared_view::path_for(&session), "{}").unwrap();
        assert!(sees_a_change(&mut watch), "the view file");
    }

    #[test]
    fn polling_looks_every_interval() {
        let (_, rx) = channel();
        let mut watch = SessionWatch {
            rx,
            watcher: None,
            looked: Some(Instant::now()),
        };
        assert_eq!(watch.mode(), WatchMode::Polling);
        assert!(!watch.changed(), "not before the interval");
        std::thread::sleep(POLL_INTERVAL);
        assert!(watch.changed());
        assert!(!watch.changed());
    }

    #[test]
    fn a_failing_watcher_gives_way_to_polling() {
        let (tx, rx) = channel();
        let dir = tempfile::tempdir().unwrap();
        let mut watch = SessionWatch {
            rx,
            watcher: notify_watcher(&dir.path().join("w.yaml"), tx.clone()),
            looked: None,
        };
        assert_eq!(watch.mode(), WatchMode::Notify);
        tx.send(Signal::Failed).unwrap();
        assert!(watch.changed(), "an error: look now");
        assert_eq!(watch.mode(), WatchMode::Polling);
    }
}
