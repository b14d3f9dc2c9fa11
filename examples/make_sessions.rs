//! Writes the bundled example sessions, `sessions/*.yaml`, from the scripts in
//! `examples/scripts/`. Run after changing a script or the file format:
//!
//!     cargo run --example make_sessions
//!
//! `tests/bundled.rs` fails when the committed files differ from what this writes.

use std::path::Path;
use std::process::ExitCode;

mod scripts;

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for example in scripts::all() {
        let path = dir.join(example.file);
        let yaml = example.yaml();
        if let Err(e) = std::fs::write(&path, &yaml) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        let s = &example.session;
        println!(
            "{}: {} lines, {} parties, {} activities, {} history records",
            path.display(),
            yaml.lines().count(),
            s.parties.len(),
            s.activities.len(),
            example.history.len()
        );
    }
    ExitCode::SUCCESS
}
