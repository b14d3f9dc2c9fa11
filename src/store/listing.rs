//! Sessions in the data folder, for `sori list` and the picker, and copies of bundled examples.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Deserialize;

use crate::core::session::Meta;
use crate::core::stamp::Stamp;

use super::fsio::Kind;

/// What the list shows of one session file.
#[derive(Clone, Debug)]
pub struct SessionSummary {
    pub path: PathBuf,
    pub title: String,
    pub start: Option<Stamp>,
    /// The step on screen when it was last saved.
    pub step: u8,
    /// How far the meeting got (`Meta::progress`): what the list shows.
    pub progress: u8,
    pub parties: Vec<String>,
    pub modified: SystemTime,
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    meta: Meta,
    #[serde(default)]
    parties: Vec<NameOnly>,
}

#[derive(Deserialize)]
struct NameOnly {
    name: String,
}

/// Read the part of a session file before its history: enough for a summary, and fast even for
/// a session with a long history (the history is always last).
pub fn summary(path: &Path) -> Option<SessionSummary> {
    let bytes = super::yaml::read_limited(path).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let head = match text.find("\nhistory:") {
        Some(i) => &text[..i + 1],
        None => text,
    };
    if !head.trim_start().starts_with("sori:") {
        return None;
    }
    super::prescan::prescan(head).ok()?;
    // A few aliases can make the parser visit the same long mapping for every entry of a list:
    // refuse what the loader refuses, or a hostile file would stall the list.
    if head.contains('*') {
        super::yaml::check_expansion(head).ok()?;
    }
    let head: Head = serde_yaml::from_str(head).ok()?;
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let progress = head.meta.progress();
    Some(SessionSummary {
        path: path.to_path_buf(),
        title: head.meta.title,
        start: head.meta.start,
        step: head.meta.step,
        progress,
        parties: head.parties.into_iter().map(|p| p.name).collect(),
        modified,
    })
}

/// Session files (`*.yaml`) in a folder, most recently changed first. Files that are not sori
/// sessions are left out.
pub fn list_sessions(dir: &Path) -> Vec<SessionSummary> {
    scan_sessions(dir).sessions
}

/// What a folder holds: its sessions, most recently changed first, and the `*.yaml` entries
/// that were not read because they are not regular files (a FIFO is never opened to wait for
/// a writer) or are too large, with why in words. Other files that are not sessions are left
/// out without a word.
pub struct Listing {
    pub sessions: Vec<SessionSummary>,
    pub skipped: Vec<(PathBuf, String)>,
}

pub fn scan_sessions(dir: &Path) -> Listing {
    let mut listing = Listing {
        sessions: vec![],
        skipped: vec![],
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return listing;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if !path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            continue;
        }
        // A link is listed for what it points at.
        let meta = std::fs::metadata(&path);
        if let Ok(meta) = &meta {
            if let Some(kind) = Kind::of(meta) {
                listing.skipped.push((path, kind.words().to_string()));
                continue;
            }
            if meta.len() > super::yaml::MAX_FILE_BYTES {
                let e = super::fsio::ReadFailure::TooBig {
                    limit: super::yaml::MAX_FILE_BYTES,
                };
                listing.skipped.push((path, e.to_string()));
                continue;
            }
        }
        if let Some(summary) = summary(&path) {
            listing.sessions.push(summary);
        }
    }
    listing.sessions.sort_by(|a, b| {
        b.modified
            .cmp(&a.modified)
            .then_with(|| a.path.cmp(&b.path))
    });
    listing
}

/// A path in `dir` for a new file named after `stem`, not yet taken (not even by a link):
/// `stem.yaml`, `stem-2.yaml`...
pub fn free_path(dir: &Path, stem: &str) -> PathBuf {
    let taken = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    let first = dir.join(format!("{stem}.yaml"));
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.yaml")))
        .find(|p| !taken(p))
        .expect("some number is free")
}
