//! Files on disk, for tests that prove something wrote nothing.

use std::path::{Path, PathBuf};

/// Every file in a folder with its bytes, sorted by path.
pub fn folder(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    out.sort();
    out
}
