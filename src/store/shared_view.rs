//! What the console is showing, for the room view: `w.yaml.view` beside the session.
//!
//! The selection is the console's view state, not part of the session (it is not in the file
//! or the history). The console that writes the session publishes the step on screen, the
//! activity being discussed and the party being talked about, and `sori present` follows them.
//! The file is one line of JSON, written only when one of those changes (a temporary file
//! created new, never through a link, renamed over the old one: a reader finds the old line or
//! the new, never half) and removed when the console quits. No fsync: a lost selection costs
//! nothing. Its name does not end in `.yaml`, so it is never listed as a session.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::session::Id;

/// The format of the file, written in it (`sori_view`).
pub const VERSION: u32 = 1;

/// A file larger than this is not what sori writes: it is not read. (The room's addresses
/// take about 80 bytes a party.)
const MAX_BYTES: u64 = 64 * 1024;

/// What the console shows: the room view follows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedView {
    /// The format: `VERSION`.
    pub sori_view: u32,
    /// The step on the console's screen (1–5).
    pub step: u8,
    /// The activity being discussed (the console's selected activity), if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Id>,
    /// The party being talked about: the partner shown in step 2, the row of the 相利評価表 or
    /// of the evaluation the cursor is on in steps 3 and 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Id>,
    /// The room's phones: while the console shows their codes on the projector, each
    /// party's page. (The file is the user's own, 0600, and removed when the console quits;
    /// the addresses stop working when the room stops.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<RoomShare>,
}

/// The parties' pages, for the room view to show as codes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomShare {
    /// Each party and its page's address, in the session's order.
    pub codes: Vec<(Id, String)>,
}

/// The file beside `session`: `w.yaml.view`.
pub fn path_for(session: &Path) -> PathBuf {
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".view");
    session.with_file_name(name)
}

/// The temporary file a write goes through: `.w.yaml.view.sori-tmp-<pid>`.
fn temp_for(session: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path_for(session).file_name().unwrap_or_default());
    name.push(format!(".sori-tmp-{}", std::process::id()));
    session.with_file_name(name)
}

/// Publish what the console shows. The temporary file is created new (an existing file or
/// link in its place is removed, never written through) and renamed over the old view file
/// (a link there is replaced, not followed).
pub fn write(session: &Path, view: &SharedView) -> io::Result<()> {
    let temp = temp_for(session);
    let mut line = serde_json::to_string(view).map_err(io::Error::other)?;
    line.push('\n');
    let _ = std::fs::remove_file(&temp);
    let written = create_new(&temp).and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path_for(session))) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o600);
    }
    options.open(path)
}

/// What the console shows, if it says: `None` when there is no view file (no console, or one
/// that does not share), or when it is not what sori writes (not a regular file, too long, not
/// its JSON, another format).
pub fn read(session: &Path) -> Option<SharedView> {
    let path = path_for(session);
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO in its place must not stall the room view; a link is not followed.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(&path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = vec![];
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_BYTES {
        return None;
    }
    let view: SharedView = serde_json::from_slice(&bytes).ok()?;
    (view.sori_view == VERSION).then_some(view)
}

/// The console quits: the room view goes back to the session's own step.
pub fn remove(session: &Path) {
    let _ = std::fs::remove_file(path_for(session));
    let _ = std::fs::remove_file(temp_for(session));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(step: u8, activity: Option<&str>) -> SharedView {
        SharedView {
            sori_view: VERSION,
            step,
            activity: activity.map(|a| a.parse().unwrap()),
            party: Some("p2".parse().unwrap()),
            room: None,
        }
    }

    #[test]
    fn written_read_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.yaml");
        assert_eq!(read(&session), None);
        write(&session, &view(3, Some("a6"))).unwrap();
        assert_eq!(read(&session), Some(view(3, Some("a6"))));
        let text = std::fs::read_to_string(path_for(&session)).unwrap();
        assert_eq!(
            text,
            "{\"sori_view\":1,\"step\":3,\"activity\":\"a6\",\"party\":\"p2\"}\n"
        );
        write(&session, &view(4, None)).unwrap();
        assert_eq!(read(&session), Some(view(4, None)));
        // A session's listing does not take it for a session.
        std::fs::write(&session, "sori: 1\n").unwrap();
        let listed = crate::store::listing::list_sessions(dir.path());
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].path.file_name().unwrap(), "w.yaml");
        std::fs::remove_file(&session).unwrap();
        remove(&session);
        assert_eq!(read(&session), None);
        // Nothing else is left beside the session.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn what_sori_does_not_write_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.yaml");
        let path = path_for(&session);
        for bad in [
            "not json",
            "{\"sori_view\":2,\"step\":3}",
            "{\"sori_view\":1,\"step\":3,\"extra\":\"x\"}x",
        ] {
            std::fs::write(&path, bad).unwrap();
            assert_eq!(read(&session), None, "{bad}");
        }
        std::fs::write(
            &path,
            format!(
                "{{\"sori_view\":1,\"step\":3,\"party\":\"{}\"}}",
                "p".repeat(5000)
            ),
        )
        .unwrap();
        assert_eq!(read(&session), None);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_replaced_not_followed_and_a_fifo_does_not_stall() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.yaml");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        // A link planted where the view file goes, and where its temporary file goes.
        std::os::unix::fs::symlink(&victim, path_for(&session)).unwrap();
        std::os::unix::fs::symlink(&victim, temp_for(&session)).unwrap();
        assert_eq!(read(&session), None, "a link is not read through");
        write(&session, &view(2, None)).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(
            !std::fs::symlink_metadata(path_for(&session))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(read(&session), Some(view(2, None)));
        remove(&session);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        // A FIFO in its place: read says nothing, at once.
        let fifo = path_for(&session);
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let start = std::time::Instant::now();
        assert_eq!(read(&session), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }
}
