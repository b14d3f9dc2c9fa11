//! The example sessions in `sessions/`, compiled into the binary so `sori` works from any folder.

/// One bundled example session.
pub struct Example {
    /// File name in `sessions/`, e.g. `chiiki-neko.yaml`.
    pub file: &'static str,
    /// The file's text.
    pub yaml: &'static str,
}

/// An example in `sessions/`, compiled in.
macro_rules! example {
    ($file:literal) => {
        Example {
            file: $file,
            yaml: include_str!(concat!("../sessions/", $file)),
        }
    };
}

/// Every bundled example, in the order the picker shows them.
pub fn examples() -> &'static [Example] {
    EXAMPLES
}

/// Japanese examples first: most facilitators who use sori work in Japanese. The files are
/// written by `cargo run --example make_sessions`; `tests/bundled.rs` keeps them, this list and
/// the scripts in step.
const EXAMPLES: &[Example] = &[
    example!("chiiki-neko.yaml"),
    example!("park-nagaike.yaml"),
    example!("kamaishi-forestry.yaml"),
    example!("gamagori-rakusho.yaml"),
    example!("edinburgh-festivals.yaml"),
];
