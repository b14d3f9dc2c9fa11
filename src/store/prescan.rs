//! A quick pass over a YAML text before the parser sees it, refusing nesting deeper than the
//! limit. The YAML parser takes time that grows with the square of the nesting depth (minutes for
//! 200,000 levels), so a hostile file must be stopped before it reaches the parser.
//!
//! The count errs on the side of too deep: brackets count as nesting wherever they stand except
//! inside a quoted string that opens and closes on one line, inside a plain text outside
//! brackets (`text: 病院へ{{{`), or in the text of a block scalar (`notes: |` and the lines
//! indented under it, which is how sori writes text with line breaks: a note may hold any
//! brackets, dashes and indentation). sori's own files nest about six
//! levels, so no real session comes near the limit.

/// The deepest nesting a session file may have.
pub const MAX_DEPTH: usize = 128;

/// `Err((line, column, message))`, 1-based, at the first place the nesting goes too deep.
pub fn prescan(text: &str) -> Result<(), (usize, usize, String)> {
    let mut flow_depth = 0usize;
    // Indentation of the open block levels (outside brackets).
    let mut indents: Vec<usize> = vec![];
    // Inside a block scalar: the column of the node that holds it. Its text is the lines
    // indented deeper than that (and blank lines).
    let mut block_scalar_parent: Option<usize> = None;
    for (line_index, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let rest = &bytes[indent..];
        if let Some(parent) = block_scalar_parent {
            if rest.is_empty() || indent > parent {
                continue;
            }
            block_scalar_parent = None;
        }
        if rest.is_empty() || rest[0] == b'#' {
            continue;
        }
        if flow_depth == 0 {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let mut block_depth = indents.len();
        let too_deep = |at: usize| {
            let column = line[..at].chars().count() + 1;
            Err((
                line_index + 1,
                column,
                format!("the file nests deeper than {MAX_DEPTH} levels; sori refuses it"),
            ))
        };
        if flow_depth + block_depth > MAX_DEPTH {
            return too_deep(indent);
        }
        let mut token_start = true;
        // Where the current token began, and the column of the innermost block node on this
        // line (a `-` entry or a `key:`), which a block scalar's text must be indented past.
        let mut token_col = indent;
        let mut node_col = indent;
        let mut i = indent;
        while i < bytes.len() {
            let c = bytes[i];
            let next = bytes.get(i + 1).copied();
            let spaced = matches!(next, None | Some(b' ') | Some(b'\t'));
            match c {
                b' ' | b'\t' => {}
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
                b'-' if token_start && flow_depth == 0 && spaced => {
                    block_depth += 1;
                    node_col = i;
                    if flow_depth + block_depth > MAX_DEPTH {
                        return too_deep(i);
                    }
                }
                b'|' | b'>' if token_start && flow_depth == 0 => {
                    // A block scalar header; the rest of the line is its indicators.
                    block_scalar_parent = Some(node_col);
                    break;
                }
                b'\'' | b'"' if token_start => {
                    token_col = i;
                    if let Some(end) = quoted_end(bytes, i) {
                        i = end;
                    }
                    token_start = false;
                }
                // In block context a bracket after the start of a plain scalar is text
                // (`text: 病院へ{{{`): only one that starts a value, or stands inside brackets,
                // is structure.
                b'[' | b'{' | b']' | b'}' if flow_depth == 0 && !token_start => {}
                b'[' | b'{' => {
                    flow_depth += 1;
                    token_start = true;
                    if flow_depth + block_depth > MAX_DEPTH {
                        return too_deep(i);
                    }
                }
                b']' | b'}' => {
                    flow_depth = flow_depth.saturating_sub(1);
                    token_start = false;
                }
                b',' if flow_depth > 0 => token_start = true,
                // `? ` marks a key only where a token starts; inside a plain text it is text.
                b':' | b'?' if spaced && (c == b':' || token_start) => {
                    if c == b':' && flow_depth == 0 {
                        node_col = token_col;
                    }
                    token_start = true;
                }
                _ => {
                    if token_start {
                        token_col = i;
                    }
                    token_start = false;
                }
            }
            i += 1;
        }
    }
    Ok(())
}

/// The index of the closing quote of a quoted string opening at `start`, on the same line.
fn quoted_end(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_files_pass() {
        let text = "sori: 1\nmeta:\n  title: '[[[x'\nparties:\n- id: p1\n  name: 町内会 [旧]\n  purposes:\n  - id: i2\n    text: \"a [b] {c}\"\n";
        assert_eq!(prescan(text), Ok(()));
    }

    #[test]
    fn deep_flow_nesting_is_refused_with_its_place() {
        let text = format!("sori: 1\nmeta:\n  title: {}", "[".repeat(200_000));
        let (line, column, message) = prescan(&text).unwrap_err();
        assert_eq!(line, 3);
        assert_eq!(column, 10 + MAX_DEPTH - 2);
        assert!(message.contains("deeper than 128"), "{message}");
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let dashes = "- ".repeat(300);
        let text = format!("sori: 1\nparking_lot:\n{dashes}x\n");
        assert!(prescan(&text).is_err());
        let mut nested = String::from("sori: 1\n");
        for level in 0..200 {
            nested += &format!("{}k{level}:\n", " ".repeat(level));
        }
        assert_eq!(prescan(&nested).unwrap_err().0, 130);
    }

    #[test]
    fn the_text_of_a_block_scalar_is_not_structure() {
        let brackets = "[".repeat(300);
        let dashes = "- ".repeat(300);
        let stairs: String = (0..300)
            .map(|i| format!("{}k:\n", " ".repeat(i + 6)))
            .collect();
        let text = format!(
            "sori: 1\nmeta:\n  title: |-\n    メモ\n    {brackets}\n\n    {dashes}\n  venue: x\nparties:\n- id: p1\n  purposes:\n  - id: i2\n    text: |2-\n       先頭に空白\n{stairs}  name: y\n- |\n  {brackets}\n"
        );
        assert_eq!(prescan(&text), Ok(()));
    }

    #[test]
    fn lines_after_a_block_scalar_are_counted_again() {
        // `text` is at column 4: the scalar's text must be indented past it. The dashes at
        // column 4 are structure again, and they nest too deep.
        let text = format!(
            "sori: 1\nparking_lot:\n  - text: |\n      ok\n    - {}x\n",
            "- ".repeat(200)
        );
        assert!(prescan(&text).is_err());
        let flow = format!("a: |\n  text\nb: {}\n", "[".repeat(200));
        assert_eq!(prescan(&flow).unwrap_err().0, 3);
        // Inside brackets `|` is not a block scalar.
        let inside = format!("a: [x, |\n  {}\n", "[".repeat(200));
        assert!(prescan(&inside).is_err());
    }

    /// Found by the journal fuzzing: a note with 130 `{` in its middle saved as a file that
    /// did not load.
    #[test]
    fn brackets_inside_a_plain_text_are_text() {
        let braces = "{".repeat(300);
        let text =
            format!("sori: 1\nmeta:\n  title: 病院へ{braces}電話\n  venue: a ]]] [[[ {braces}\n");
        assert_eq!(prescan(&text), Ok(()));
        // Nor does `? ` in the middle of a text make what follows a key.
        let asked = format!("sori: 1\nmeta:\n  title: 電話? {braces}\n");
        assert_eq!(prescan(&asked), Ok(()));
        // Inside brackets they are structure still.
        let flow = format!("a: [x {}\n", "[".repeat(300));
        assert!(prescan(&flow).is_err());
        // And a value that starts with them.
        let start = format!("a: {}x\n", "{".repeat(300));
        assert!(prescan(&start).is_err());
    }

    #[test]
    fn a_quote_that_does_not_close_on_its_line_hides_nothing() {
        let text = format!("a: |\n  'x\nb: {}", "[".repeat(500));
        assert!(prescan(&text).is_err());
    }
}
