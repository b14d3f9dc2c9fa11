//! The browser the tests read pages with: headless Chromium under whichever name the system
//! gives it (Debian's `chromium`, installed by `.ci/run`). A test without it is skipped, saying
//! so.
//!
//! Included by the tests that need it as `#[path = "common/browser.rs"] mod browser;`.

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
