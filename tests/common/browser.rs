//! The browser the tests read pages with: headless Chromium under whichever name the system
//! gives it (Debian's `chromium`, installed by `.ci/run`). A test without it is skipped, saying
//! so.
//!
//! Included by the tests that need it as `#[path = "common/browser.rs"] mod browser;`.

use std::path::Path;
use std::process::Command;

/// Chromium's program name here, or `None` (after saying that `test` is skipped).
pub fn chromium(test: &str) -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        eprintln!("{test}: skipped: Chromium is not available here (apt-get install chromium)");
    }
    found
}

/// Headless Chromium quiet and on its own: no sandbox, GPU, first-run page, network chatter or
/// sync, with `profile` as its user data folder. The caller adds what it asks of it.
pub fn headless(program: &str, profile: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}
