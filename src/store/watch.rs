//! Watching a session's files for `sori present`: the session, its journal and the console's
//! view file (`shared_view`). The folder is watched, not the files: a save replaces the session
//! by a rename and the journal comes and goes. Notifications come from the system (inotify,
//! FSEvents, ReadDirectoryChangesW, through `notify`); where there are none (a network or FUSE
//! folder, a system without them) or the watcher fails, the folder is polled instead.
//!
//! A notification only says "look again": the follower (`peek::Follow`) compares the files'
//! sizes and times itself, so a lost or extra notification costs nothing but a look.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::journal::journal_path;
use super::shared_view;

/// How often the folder is scanned when polling.
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Test hook: `SORI_TEST_WATCH=poll` makes `sori present` poll as it does where notifications
/// are not available (read once, at the start of a watch).
pub const FORCE_POLL: &str = "SORI_TEST_WATCH";

/// How the files are watched.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WatchMode {
    /// The system tells of each change.
    Notify,
    /// The folder is scanned every `POLL_INTERVAL`.
    Polling,
    /// Not even polling could start (the folder cannot be read): the caller looks every time
    /// it asks.
    Looking,
}

enum Signal {
    Changed,
    Failed,
}

/// Watches the files of one session.
pub struct SessionWatch {
    dir: PathBuf,
    names: Vec<OsString>,
    tx: Sender<Signal>,
    rx: Receiver<Signal>,
    watcher: Option<Box<dyn Watcher + Send>>,
    mode: WatchMode,
}

impl SessionWatch {
    /// Watch `session`'s folder for changes to the session, its journal and its view file:
    /// with the system's notifications, else by polling.
    pub fn new(session: &Path) -> SessionWatch {
        let dir = match session.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let names = [
            session.to_path_buf(),
            journal_path(session),
            shared_view::path_for(session),
        ]
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_os_string()))
        .collect();
        let (tx, rx) = channel();
        let mut watch = SessionWatch {
            dir,
            names,
            tx,
            rx,
            watcher: None,
            mode: WatchMode::Looking,
        };
        let forced = std::env::var(FORCE_POLL).is_ok_and(|v| v == "poll");
        if forced || !watch.start(WatchMode::Notify) {
            watch.start(WatchMode::Polling);
        }
        watch
    }

    /// Start watching in `mode`; whether it could.
    fn start(&mut self, mode: WatchMode) -> bool {
        let names = self.names.clone();
        let tx = self.tx.clone();
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
        let watcher: Option<Box<dyn Watcher + Send>> = match mode {
            WatchMode::Notify => RecommendedWatcher::new(handler, Config::default())
                .ok()
                .map(|w| Box::new(w) as Box<dyn Watcher + Send>),
            WatchMode::Polling => {
                PollWatcher::new(handler, Config::default().with_poll_interval(POLL_INTERVAL))
                    .ok()
                    .map(|w| Box::new(w) as Box<dyn Watcher + Send>)
            }
            WatchMode::Looking => None,
        };
        let Some(mut watcher) = watcher else {
            return false;
        };
        if watcher
            .watch(&self.dir, RecursiveMode::NonRecursive)
            .is_err()
        {
            return false;
        }
        self.watcher = Some(watcher);
        self.mode = mode;
        true
    }

    pub fn mode(&self) -> WatchMode {
        self.mode
    }

    /// Whether the files may have changed since the last call. A watcher that reports an
    /// error is replaced by polling (and the answer is yes: look again).
    pub fn changed(&mut self) -> bool {
        let mut changed = self.mode == WatchMode::Looking;
        let mut failed = false;
        while let Ok(signal) = self.rx.try_recv() {
            match signal {
                Signal::Changed => changed = true,
                Signal::Failed => failed = true,
            }
        }
        if failed && self.mode == WatchMode::Notify {
            self.watcher = None;
            if !self.start(WatchMode::Polling) {
                self.mode = WatchMode::Looking;
            }
        }
        changed || failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

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
        for mode in [WatchMode::Notify, WatchMode::Polling] {
            let mut watch = SessionWatch::new(&session);
            if mode == WatchMode::Polling {
                watch.watcher = None;
                assert!(watch.start(WatchMode::Polling));
            }
            assert_eq!(watch.mode(), mode);
            // The initial scan of a poller, if any, is not a change to wait for.
            std::thread::sleep(POLL_INTERVAL * 2);
            watch.changed();
            std::fs::write(dir.path().join("other.yaml"), "x").unwrap();
            std::fs::read(&session).unwrap();
            std::thread::sleep(POLL_INTERVAL * 3);
            assert!(
                !watch.changed(),
                "{mode:?}: another file, or a read, is no change"
            );
            std::fs::write(journal_path(&session), "{}\n").unwrap();
            assert!(sees_a_change(&mut watch), "{mode:?}: the journal");
            let temp = dir.path().join(".w.yaml.sori-tmp-1");
            std::fs::write(&temp, "sori: 1\nmeta: {}\n").unwrap();
            std::fs::rename(&temp, &session).unwrap();
            assert!(sees_a_change(&mut watch), "{mode:?}: a save");
            std::fs::write(shared_view::path_for(&session), "{}").unwrap();
            assert!(sees_a_change(&mut watch), "{mode:?}: the view file");
        }
    }
}
