//! The example sessions in `sessions/`, compiled into the binary so `sori` works from any folder.

/// One bundled example session.
pub struct Example {
    /// File name in `sessions/`, e.g. `chiiki-neko.yaml`.
    pub file: &'static str,
    /// The file's text.
    pub yaml: &'static str,
}

/// Every bundled example, in the order the picker shows them.
pub fn examples() -> &'static [Example] {
    EXAMPLES
}

const EXAMPLES: &[Example] = &[];
