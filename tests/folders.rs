//! The real binary where facilitators really keep their files: a synced or shared folder, a
//! USB stick, links, other programs. Each case types in a pseudo-terminal (or runs a command)
//! as a facilitator would, does to the folder what the other program does, and then counts
//! what was typed against what is on disk, checks that the other program's file is intact, and
//! that sori said what happened in words:
//!
//! - a sync client replaces the file (renamed over it, copied onto it) while sori has it open,
//!   and while sori is killed with its journal pending; a hand edit during a session;
//! - a symbolic link and a hard link; a link planted where sori creates each of its files
//!   (temporary file, journal, lock, minutes, `export -o`);
//! - FIFOs (the journal, the sessions folder, `export -o`, the session itself);
//! - a read-only mount (a real one when this runs as root and may mount, else a read-only
//!   folder), a read-only (0444) file;
//! - a file at the size limit; a paste longer than a text may be.
//!
//! `cargo test` runs every case; the reliability report runs `folders_report` (release build)
//! and prints the `R9` line.

#![cfg(unix)]

#[path = "common/binary.rs"]
pub mod binary;
#[path = "common/pty.rs"]
pub mod pty;

mod big_session;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use binary::{new_session, new_titled, sori};
use pty::{Launch, Term};
use sori::core::session::Session;
use sori::store::journal::read_journal;
use sori::store::load;

const ROWS: u16 = 40;
const COLS: u16 = 200;

/// What a case found.
struct Outcome {
    /// Edits typed (or otherwise made) through sori.
    made: usize,
    /// Of those, found afterwards on disk: in the session, a conflict copy or a journal kept
    /// aside.
    kept: usize,
    /// The other program's file (or the planted link's target) is as it left it.
    theirs_intact: bool,
    /// sori said what happened, in words.
    told: bool,
}

impl Outcome {
    /// A case that makes no edit: what counts is that nothing of the others' was harmed.
    fn no_edits(theirs_intact: bool, told: bool) -> Outcome {
        Outcome {
            made: 0,
            kept: 0,
            theirs_intact,
            told,
        }
    }

    fn lost(&self) -> usize {
        self.made.saturating_sub(self.kept) + usize::from(!self.theirs_intact)
    }
}

/// A colleague's version of the session, made elsewhere: another title, more parties, so a
/// longer history than the facilitator's.
fn colleagues_version(dir: &Path) -> Vec<u8> {
    let elsewhere = dir.join("colleague");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let path = new_titled(&elsewhere, "w.yaml", "同僚の版", &["保健所", "民生委員"]);
    std::fs::read(path).unwrap()
}

fn open(dir: &Path, path: &str) -> Term {
    let mut term = Launch::new(dir).args(&[path]).size(ROWS, COLS).spawn();
    term.wait_for("目的 (");
    term
}

/// Escape (a message closed, an editor cancelled), alone: a key right after it would read
/// as Alt and that key.
fn esc(term: &mut Term) {
    term.send("\x1b");
    std::thread::sleep(Duration::from_millis(200));
}

/// Add a purpose to the host: `a`, the text, Enter; wait until the list shows it.
fn add(term: &mut Term, text: &str) {
    term.send("a");
    term.wait_for("追加：");
    term.send(text);
    term.send("\r");
    term.wait_for(&format!("・{text}"));
}

/// Quit the way Ctrl-C does, whatever is open (a message, the editor).
fn quit(term: &mut Term) {
    term.send("\x03");
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}:\n{}", term.text());
}

/// The host's purposes in a session file.
fn purposes(path: &Path) -> Vec<String> {
    let (s, _) = load(path).unwrap_or_else(|e| panic!("{e}"));
    host_purposes(&s)
}

fn host_purposes(s: &Session) -> Vec<String> {
    s.host()
        .map(|h| h.purposes.iter().map(|i| i.text.clone()).collect())
        .unwrap_or_default()
}

/// The files in a folder whose names contain `part`.
fn named(dir: &Path, part: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect();
    out.sort();
    out
}

/// Whether the screen (the messages and the status line) said it: compared without white
/// space and the frame's borders, so a message wrapped over lines still reads as one.
fn said(term: &Term, words: &[&str]) -> bool {
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect()
    };
    let flat = squeeze(&term.text());
    words.iter().all(|w| flat.contains(&squeeze(w)))
}

/// Wait until the screen says it all (see `said`); false after the pty's timeout.
fn wait_said(term: &Term, words: &[&str]) -> bool {
    let started = Instant::now();
    while started.elapsed() < pty::TIMEOUT {
        if said(term, words) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[derive(Clone, Copy, Debug)]
enum Sync {
    RenameOver,
    CopyOver,
}

/// What a sync client does with a download: written beside and renamed over the file, or
/// copied onto the file itself.
fn sync_in(path: &Path, bytes: &[u8], how: Sync) {
    match how {
        Sync::RenameOver => {
            let tmp = path.with_file_name(".dropbox-download.tmp");
            std::fs::write(&tmp, bytes).unwrap();
            std::fs::rename(&tmp, path).unwrap();
        }
        Sync::CopyOver => std::fs::write(path, bytes).unwrap(),
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

// ----- The cases -----

/// A sync client puts a colleague's version in place while sori has the file open, with an
/// edit of this run in the journal: the colleague's file stays the session, untouched; sori's
/// version goes to a conflict copy, where the meeting goes on; the screen says where each is.
fn replaced_while_open(how: Sync) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let theirs = colleagues_version(dir.path());
    let mut term = open(dir.path(), "w.yaml");
    add(&mut term, "見守り当番を決める");
    sync_in(&path, &theirs, how);
    // The folder watcher sees it at once: no key needed.
    let told = wait_said(
        &term,
        &["上書きせず両方を残します", "w.yaml", "w.sori-conflict-"],
    );
    esc(&mut term);
    add(&mut term, "次回までに名簿を作る");
    quit(&mut term);
    let copies = named(dir.path(), ".sori-conflict-");
    assert_eq!(copies.len(), 1, "{how:?}: {copies:?}");
    let kept = purposes(&copies[0]);
    assert_eq!(
        kept,
        ["見守り当番を決める", "次回までに名簿を作る"],
        "{how:?}"
    );
    assert!(named(dir.path(), ".lock").is_empty() && named(dir.path(), ".journal").is_empty());
    Outcome {
        made: 2,
        kept: kept.len(),
        theirs_intact: std::fs::read(&path).unwrap() == theirs,
        told,
    }
}

fn sync_rename_over_while_open() -> Outcome {
    replaced_while_open(Sync::RenameOver)
}

fn sync_copy_over_while_open() -> Outcome {
    replaced_while_open(Sync::CopyOver)
}

/// sori is killed with two edits in its journal; a sync client then puts a colleague's
/// version (a history as long or longer) in place. `sori check` says the journal belongs to
/// another version; opening keeps it aside, whole, and says so; the colleague's file is the
/// session.
fn replaced_while_killed(how: Sync) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let theirs = colleagues_version(dir.path());
    let mut term = open(dir.path(), "w.yaml");
    add(&mut term, "見守り当番を決める");
    add(&mut term, "名簿を作る");
    term.kill();
    term.wait_exit();
    sync_in(&path, &theirs, how);
    let check = sori(dir.path(), &["check", "w.yaml"]);
    assert_eq!(check.code, Some(1), "{}", check.stdout);
    let check_told = check
        .stdout
        .contains("このジャーナルの変更（2 件）は、このファイルの別の版に対するものです");
    let mut term = open(dir.path(), "w.yaml");
    let told = wait_said(
        &term,
        &["2 件の変更は", "別の版に対するもの", "sori-conflict-"],
    );
    esc(&mut term);
    quit(&mut term);
    let kept_journals = named(dir.path(), "w.yaml.journal.sori-conflict-");
    assert_eq!(kept_journals.len(), 1, "{how:?}");
    let read = read_journal(&std::fs::read(&kept_journals[0]).unwrap());
    let kept = read
        .records
        .iter()
        .filter(|(_, r)| {
            let text = serde_json::to_string(&r.event).unwrap();
            text.contains("見守り当番を決める") || text.contains("名簿を作る")
        })
        .count();
    Outcome {
        made: 2,
        kept,
        theirs_intact: std::fs::read(&path).unwrap() == theirs,
        told: told && check_told,
    }
}

fn sync_rename_over_while_killed() -> Outcome {
    replaced_while_killed(Sync::RenameOver)
}

fn sync_copy_over_while_killed() -> Outcome {
    replaced_while_killed(Sync::CopyOver)
}

/// The file edited by hand in a text editor during the meeting: the hand edit stays, sori's
/// change goes to a conflict copy at the next fold (a step change).
fn hand_edit_during_a_session() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let mut term = open(dir.path(), "w.yaml");
    add(&mut term, "見守り当番を決める");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("title: 見守りの会", "title: 見守りの会（会場：公民館）");
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    term.send("]"); // the next step: the journal is folded
    let told = wait_said(&term, &["上書きせず両方を残します", "w.sori-conflict-"]);
    esc(&mut term);
    quit(&mut term);
    let copies = named(dir.path(), ".sori-conflict-");
    let kept = copies.first().map_or(0, |c| purposes(c).len());
    Outcome {
        made: 1,
        kept,
        theirs_intact: std::fs::read_to_string(&path).unwrap() == edited,
        told,
    }
}

/// Opened through a symbolic link: the lock and the journal are beside the real file, the
/// save goes to the real file, the link stays a link, and opening the real file meanwhile is
/// read-only.
fn symbolic_link() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let synced = dir.path().join("Dropbox");
    std::fs::create_dir(&synced).unwrap();
    let real = new_session(&synced, "w.yaml");
    let link = dir.path().join("今日の会.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut term = open(dir.path(), "今日の会.yaml");
    add(&mut term, "リンクから入力");
    assert!(named(&synced, "w.yaml.lock").len() == 1);
    assert!(
        named(dir.path(), ".lock").is_empty(),
        "no lock beside the link"
    );
    let mut other = open(&synced, "w.yaml");
    let told = wait_said(&other, &["別の sori で開かれています"]);
    quit(&mut other);
    quit(&mut term);
    let still_link = std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink();
    let kept = purposes(&real).len();
    Outcome {
        made: 1,
        kept,
        theirs_intact: still_link,
        told,
    }
}

/// Two names for one file: one writer, and after the save both names are still one file.
fn hard_link() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let a = new_session(dir.path(), "a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::hard_link(&a, &b).unwrap();
    let mut first = open(dir.path(), "a.yaml");
    add(&mut first, "ひとつの会");
    let mut second = open(dir.path(), "b.yaml");
    let told = wait_said(&second, &["別の sori で開かれています"]);
    quit(&mut second);
    first.send("]"); // folded now, with the other name open (keys are taken in order)
    quit(&mut first);
    use std::os::unix::fs::MetadataExt;
    let same = std::fs::metadata(&a).unwrap().ino() == std::fs::metadata(&b).unwrap().ino();
    Outcome {
        made: 1,
        kept: purposes(&b).len(),
        theirs_intact: same,
        told,
    }
}

/// A file someone else may not lose, and a link to it planted in the shared folder.
fn victim(dir: &Path) -> (PathBuf, Vec<u8>) {
    let victim = dir.join("他人のファイル.txt");
    let bytes = "誰かの大事なファイル\n".as_bytes().to_vec();
    std::fs::write(&victim, &bytes).unwrap();
    (victim, bytes)
}

fn intact(victim: &(PathBuf, Vec<u8>)) -> bool {
    std::fs::read(&victim.0).ok().as_deref() == Some(victim.1.as_slice())
}

/// The temporary file of a save (`.w.yaml.sori-tmp-PID`, planted once sori's pid is known):
/// the save takes the link away and writes its own file.
fn planted_link_at_the_temporary_file() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let victim = victim(dir.path());
    let mut term = open(dir.path(), "w.yaml");
    let temp = dir
        .path()
        .join(format!(".w.yaml.sori-tmp-{}", term.process_id()));
    std::os::unix::fs::symlink(&victim.0, &temp).unwrap();
    add(&mut term, "一時ファイルの罠");
    term.send("]"); // the next step: the journal is folded, through the temporary file
    quit(&mut term);
    Outcome {
        made: 1,
        kept: purposes(&path).len(),
        theirs_intact: intact(&victim) && std::fs::symlink_metadata(&temp).is_err(),
        told: true,
    }
}

/// The journal and the lock: the session opens read-only, saying which file and why;
/// nothing is read from the link or written through it.
fn planted_link_at(sidecar: &str, words: &[&str]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let before = std::fs::read(&path).unwrap();
    let victim = victim(dir.path());
    std::os::unix::fs::symlink(&victim.0, dir.path().join(sidecar)).unwrap();
    let mut term = open(dir.path(), "w.yaml");
    let told = wait_said(&term, words);
    esc(&mut term);
    term.send("a");
    let refused = wait_said(&term, &["読み取り専用です"]);
    quit(&mut term);
    Outcome::no_edits(
        intact(&victim) && std::fs::read(&path).unwrap() == before,
        told && refused,
    )
}

fn planted_link_at_the_journal() -> Outcome {
    planted_link_at(
        "w.yaml.journal",
        &["ジャーナル", "w.yaml.journal が使えません", "symbolic link"],
    )
}

fn planted_link_at_the_lock() -> Outcome {
    planted_link_at(
        "w.yaml.lock",
        &[
            "ロックファイル",
            "w.yaml.lock が使えません",
            "symbolic link",
        ],
    )
}

/// The minutes beside the session (`x`): refused, said, the link's target untouched.
fn planted_link_at_the_minutes() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "w.yaml");
    let victim = victim(dir.path());
    std::os::unix::fs::symlink(&victim.0, dir.path().join("w.minutes.md")).unwrap();
    let mut term = open(dir.path(), "w.yaml");
    term.send("x");
    let told = wait_said(
        &term,
        &[
            "議事録を書き出せませんでした",
            "w.minutes.md",
            "symbolic link",
        ],
    );
    quit(&mut term);
    Outcome::no_edits(intact(&victim), told)
}

/// `export -o` to a planted link, over the session itself (the bug that replaced a session
/// with its minutes), over another session: refused with a clear error, exit 1.
fn export_never_replaces_a_session_or_writes_through_a_link() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let other = new_session(dir.path(), "other.yaml");
    let (session, other_before) = (
        std::fs::read(&path).unwrap(),
        std::fs::read(&other).unwrap(),
    );
    let victim = victim(dir.path());
    std::os::unix::fs::symlink(&victim.0, dir.path().join("minutes.md")).unwrap();
    let mut told = true;
    for (output, what) in [
        (
            "minutes.md",
            "通常のファイルではないもの（a symbolic link）",
        ),
        ("w.yaml", "sori のセッション"),
        ("other.yaml", "sori のセッション"),
    ] {
        let ran = sori(dir.path(), &["export", "w.yaml", "-o", output]);
        told &= ran.code == Some(1)
            && ran
                .stderr
                .contains(&format!("{output}：ここには {what} があります"));
    }
    Outcome::no_edits(
        intact(&victim)
            && std::fs::read(&path).unwrap() == session
            && std::fs::read(&other).unwrap() == other_before,
        told,
    )
}

/// A FIFO where the journal goes: `check` and `open` say so at once, never wait on it.
fn fifo_as_the_journal() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "w.yaml");
    mkfifo(&dir.path().join("w.yaml.journal"));
    let check = sori(dir.path(), &["check", "w.yaml"]);
    let check_told = check.code == Some(1) && check.stdout.contains("named pipe (FIFO)");
    let mut term = open(dir.path(), "w.yaml");
    let told = wait_said(&term, &["w.yaml.journal が使えません", "named pipe (FIFO)"]);
    esc(&mut term);
    quit(&mut term);
    Outcome::no_edits(true, told && check_told)
}

/// A FIFO in the sessions folder: `list` and the picker show the other sessions and never
/// wait on it; `list` says it skipped it.
fn fifo_in_the_sessions_folder() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("home").join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    new_session(&sessions, "本物.yaml");
    mkfifo(&sessions.join("罠.yaml"));
    let list = sori(dir.path(), &["list"]);
    let listed = list.code == Some(0)
        && list.stdout.contains("本物.yaml")
        && list
            .stderr
            .contains("罠.yaml は読みませんでした：a named pipe (FIFO)");
    let mut term = Launch::new(dir.path()).size(ROWS, COLS).spawn();
    let picked = wait_said(&term, &["見守りの会"]);
    term.send("q");
    term.wait_exit();
    Outcome::no_edits(true, listed && picked)
}

/// `export -o` to a FIFO, and a FIFO given as the session: refused at once.
fn fifo_as_output_and_as_session() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    new_session(dir.path(), "w.yaml");
    mkfifo(&dir.path().join("pipe.md"));
    mkfifo(&dir.path().join("pipe.yaml"));
    let export = sori(dir.path(), &["export", "w.yaml", "-o", "pipe.md"]);
    let open = sori(dir.path(), &["open", "pipe.yaml"]);
    let check = sori(dir.path(), &["check", "pipe.yaml"]);
    let told = export.code == Some(1)
        && export.stderr.contains("a named pipe (FIFO)")
        && open.code == Some(1)
        && open
            .stderr
            .contains("pipe.yaml: this is a named pipe (FIFO), not a session file")
        && check.code == Some(1)
        && check.stdout.contains("named pipe (FIFO)");
    use std::os::unix::fs::FileTypeExt;
    let still_fifo = std::fs::symlink_metadata(dir.path().join("pipe.md"))
        .unwrap()
        .file_type()
        .is_fifo();
    Outcome::no_edits(still_fifo, told)
}

/// A read-only (0444) session file: read-only with its cause; the file never rewritten.
fn read_only_file() -> Outcome {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut term = open(dir.path(), "w.yaml");
    let told = wait_said(&term, &["読み取り専用のファイルです"]);
    esc(&mut term);
    term.send("a");
    let refused = wait_said(&term, &["読み取り専用です"]);
    quit(&mut term);
    Outcome::no_edits(
        std::fs::read(&path).unwrap() == before && named(dir.path(), ".lock").is_empty(),
        told && refused,
    )
}

/// A folder mounted read-only (tmpfs, remounted `ro`), holding a session and the journal of
/// a sori that was killed: it opens read-only saying the disk is read-only, shows the
/// journal's edit, writes nothing. Where this cannot mount (not root, no CAP_SYS_ADMIN), a
/// folder without write permission, run as an ordinary user, is the nearest real thing.
fn read_only_mount() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("stick");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs"])
        .arg(&mount)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        return read_only_folder(dir.path(), &mount);
    }
    MOUNTED.store(true, std::sync::atomic::Ordering::SeqCst);
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.clone());
    let path = new_session(&mount, "w.yaml");
    let mut term = open(&mount, "w.yaml");
    add(&mut term, "書き込み禁止の前に");
    term.kill();
    term.wait_exit();
    let status = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(status.success(), "remount ro");
    let before = std::fs::read(&path).unwrap();
    let journal = std::fs::read(mount.join("w.yaml.journal")).unwrap();
    let mut term = open(&mount, "w.yaml");
    let told = wait_said(
        &term,
        &["には書き込めません", "the disk or folder is read-only"],
    );
    esc(&mut term);
    let shown = wait_said(&term, &["・書き込み禁止の前に"]);
    quit(&mut term);
    Outcome {
        made: 1,
        kept: usize::from(std::fs::read(mount.join("w.yaml.journal")).unwrap() == journal && shown),
        theirs_intact: std::fs::read(&path).unwrap() == before,
        told,
    }
}

/// Whether `read_only_mount` could mount (else it used a read-only folder): for the report.
static MOUNTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The nearest real thing to a read-only mount without root: a folder without write
/// permission.
fn read_only_folder(dir: &Path, folder: &Path) -> Outcome {
    use std::os::unix::fs::PermissionsExt;
    let path = new_session(folder, "w.yaml");
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut term = open(folder, "w.yaml");
    let told = wait_said(&term, &["には書き込めません", "permission denied"]);
    esc(&mut term);
    quit(&mut term);
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _ = dir;
    Outcome::no_edits(std::fs::read(&path).unwrap() == before, told)
}

/// The lock file of a shared folder made by another user. Readable, it locks as well as one of
/// one's own (sori needs only to read it): the session opens for writing. Not readable
/// (mode 0600): the session opens read-only, the message naming the lock file and why. Run as
/// another user (`setpriv`) when this runs as root; else the lock file is made unreadable to
/// its owner (mode 000), which is what it is to everyone else.
fn lock_file_of_another_user() -> Outcome {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let path = new_session(dir.path(), "w.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let lock = dir.path().join("w.yaml.lock");
    std::fs::write(&lock, "").unwrap();
    let root = is_root();
    let as_other: &[&str] = if root {
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ]
    } else {
        &[]
    };
    let launch = || {
        let mut term = Launch::new(dir.path())
            .through(as_other)
            .args(&["w.yaml"])
            .env("SORI_HOME", "/nonexistent")
            .size(ROWS, COLS)
            .spawn();
        term.wait_for("目的 (");
        term
    };
    // Readable by the other user: a writer.
    std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut term = launch();
    add(&mut term, "共有フォルダで入力");
    quit(&mut term);
    let kept = purposes(&path).len();
    // Not readable: read-only, and why.
    std::fs::write(&lock, "").unwrap();
    let unreadable = if root { 0o600 } else { 0o000 };
    std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(unreadable)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut term = launch();
    let told = wait_said(
        &term,
        &[
            "ロックファイル",
            "w.yaml.lock が使えません",
            "cannot be opened: permission denied",
        ],
    );
    esc(&mut term);
    quit(&mut term);
    Outcome {
        made: 1,
        kept,
        theirs_intact: std::fs::read(&path).unwrap() == before && lock.exists(),
        told,
    }
}

/// A file 40 KB short of 64 MiB: a short purpose goes in; a long one that would take the
/// file past what sori reads is refused, with the reason; the file stays readable.
fn file_at_the_size_limit() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    std::fs::write(&path, big_session::near_the_limit(40 * 1024)).unwrap();
    let mut term = open(dir.path(), "w.yaml");
    add(&mut term, "短い目的");
    term.send("a");
    term.wait_for("追加：");
    // A paste: one event, whatever its length.
    term.send(&format!("\x1b[200~{}\x1b[201~", "長".repeat(9_000)));
    term.send("\r");
    let told = wait_said(&term, &["この変更は保存しません", "64 MiB を超え"]);
    esc(&mut term);
    quit(&mut term);
    let size = std::fs::metadata(&path).unwrap().len();
    let kept = purposes(&path);
    Outcome {
        made: 1,
        kept: kept.iter().filter(|p| *p == "短い目的").count(),
        theirs_intact: size <= 64 * 1024 * 1024 && kept.len() == 1,
        told,
    }
}

/// A paste longer than a purpose may be: refused with the limit, and kept in the editor to be
/// shortened (nothing typed is thrown away).
fn paste_longer_than_a_text_may_be() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "w.yaml");
    let mut term = open(dir.path(), "w.yaml");
    term.send("a");
    term.wait_for("追加：");
    term.send(&format!("\x1b[200~{}\x1b[201~", "あ".repeat(10_001)));
    term.send("\r");
    let told = wait_said(&term, &["長すぎます", "10000 文字までです（10001 文字）"]);
    let still_editing = said(&term, &["追加："]);
    esc(&mut term);
    quit(&mut term);
    Outcome::no_edits(purposes(&path).is_empty(), told && still_editing)
}

// ----- cargo test and the report -----

/// Every case, by name: `cargo test` runs each as its own test; the report runs them all.
macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        const CASES: &[(&str, fn() -> Outcome)] = &[$((stringify!($name), $name)),*];
        mod each {
            $(
                #[test]
                fn $name() {
                    let outcome = super::$name();
                    assert_eq!(
                        outcome.lost(),
                        0,
                        "data lost: {} made, {} kept, theirs intact: {}",
                        outcome.made,
                        outcome.kept,
                        outcome.theirs_intact
                    );
                    assert!(outcome.told, "not told in words");
                }
            )*
        }
    };
}

cases!(
    sync_rename_over_while_open,
    sync_copy_over_while_open,
    sync_rename_over_while_killed,
    sync_copy_over_while_killed,
    hand_edit_during_a_session,
    symbolic_link,
    hard_link,
    planted_link_at_the_temporary_file,
    planted_link_at_the_journal,
    planted_link_at_the_lock,
    planted_link_at_the_minutes,
    export_never_replaces_a_session_or_writes_through_a_link,
    fifo_as_the_journal,
    fifo_in_the_sessions_folder,
    fifo_as_output_and_as_session,
    read_only_file,
    read_only_mount,
    lock_file_of_another_user,
    file_at_the_size_limit,
    paste_longer_than_a_text_may_be,
);

/// The `R9` line of the reliability report.
#[test]
#[ignore = "run by scripts/reliability-report"]
fn folders_report() {
    let (mut lost, mut told, mut made, mut kept) = (0, 0, 0, 0);
    let mut failed = vec![];
    for (name, case) in CASES {
        match std::panic::catch_unwind(case) {
            Ok(outcome) => {
                lost += outcome.lost();
                made += outcome.made;
                kept += outcome.kept;
                told += usize::from(outcome.told);
                if outcome.lost() > 0 || !outcome.told {
                    failed.push(*name);
                }
            }
            Err(_) => failed.push(*name),
        }
    }
    let mount = if Command::new("mount").arg("--version").status().is_ok() && is_root() {
        "a read-only tmpfs mount"
    } else {
        "a read-only folder"
    };
    let ok = failed.is_empty() && lost == 0;
    println!(
        "R9 folders: {} cases (sync rename-over and copy-over while open and while killed, a hand edit, a symbolic and a hard link, links planted at the temporary file, journal, lock, minutes and export -o, FIFOs as journal, in the sessions folder, as output and as session, {mount}, a 0444 file, another user's lock file (readable, then not), a file at the 64 MiB limit, an overlong paste), {kept} of {made} edits kept, {lost} lost, told in words {told} of {}{} {}",
        CASES.len(),
        CASES.len(),
        if failed.is_empty() {
            String::new()
        } else {
            format!(", failed: {}", failed.join(", "))
        },
        if ok { "ok" } else { "FAILED" }
    );
    assert!(ok, "{failed:?}");
}

/// Whether this runs as root: a file it makes is root's.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}
