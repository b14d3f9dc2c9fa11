//! The README's key table is the keymap's: generated from the same table as the `?` help.

use sori::core::session::Lang;
use sori::tui::keymap::markdown_table;

#[test]
fn the_readme_lists_every_key_of_the_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("<!-- keys:start")
        .expect("a keys:start marker in README.md");
    let start = start + readme[start..].find('\n').expect("a line after the marker") + 1;
    let end = readme
        .find("<!-- keys:end -->")
        .expect("a keys:end marker in README.md");
    let expected = markdown_table(Lang::En);
    assert!(
        readme[start..end] == expected,
        "The README's key table differs from the keymap. Put this between the markers:\n{expected}"
    );
}
