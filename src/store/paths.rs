//! Where sessions live: the user's data folder for sori, or `SORI_HOME` when set (tests use it).

use std::path::PathBuf;

/// The data folder: `$SORI_HOME`, else the platform's data folder for sori
/// (`~/.local/share/sori` on Linux).
pub fn data_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("SORI_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(home);
    }
    directories::ProjectDirs::from("", "", "sori")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".sori"))
}

/// The folder that holds sessions made by `sori new` without a path, and example copies.
pub fn sessions_dir() -> PathBuf {
    data_dir().join("sessions")
}
