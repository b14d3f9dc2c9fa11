//! The YAML parser's and serde's errors, said in a facilitator's words, with the line and
//! column of what to fix: `w.yaml:3:10: this quoted text is never closed`.

use std::path::Path;

use super::locate::{locate, locate_repeat};
use super::yaml::{ALIAS_BOMB, FORMAT_VERSION, FUTURE_VERSION, LoadError, UNKNOWN_VERSION};
use crate::core::session::COOP_OUT_OF_RANGE;

/// A position in the parser's words: ` at line 3 column 10`, 1-based.
fn parse_mark(s: &str) -> Option<(usize, usize)> {
    let rest = s.trim().strip_prefix("at line ")?;
    let (line, column) = rest.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// Split `what at line L column C` into `what` and the position.
fn split_mark(s: &str) -> (&str, Option<(usize, usize)>) {
    match s.rfind(" at line ") {
        Some(i) => match parse_mark(&s[i..]) {
            Some(mark) => (&s[..i], Some(mark)),
            None => (s, None),
        },
        None => (s, None),
    }
}

pub(super) fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> LoadError {
    let full = e.to_string();
    let location = e
        .location()
        .filter(|l| l.line() >= 1)
        .map(|l| (l.line(), l.column().max(1)));
    // Parser errors read `problem at line L column C, while context at line L column C`.
    let (problem, context) = match full.split_once(", while ") {
        Some((problem, context)) => (problem, Some(split_mark(context))),
        None => (full.as_str(), None),
    };
    let (problem, _) = split_mark(problem);
    let (message, at) = match syntax_words(problem, context, text, location) {
        Some(said) => said,
        None => data_words(problem, text, location),
    };
    // One line, whatever the file's text that a message quotes holds (a plain scalar folded
    // over a blank line carries a line break; found by the loader fuzzing).
    let err = LoadError::new(path, crate::text::clean_line(&message));
    match at {
        Some((line, column)) => err.at(line, column),
        // Errors without a position (a missing `sori:` key, say) point at the top.
        None if !text.is_empty() => err.at(1, 1),
        None => err,
    }
}

type Said = (String, Option<(usize, usize)>);

/// The character at a 1-based line and column of the text.
fn char_at(text: &str, (line, column): (usize, usize)) -> Option<char> {
    text.split('\n')
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)
}

/// The YAML parser's syntax errors, in a facilitator's words; `None` for other errors.
fn syntax_words(
    problem: &str,
    context: Option<(&str, Option<(usize, usize)>)>,
    text: &str,
    at: Option<(usize, usize)>,
) -> Option<Said> {
    let (context, context_at) = context.unwrap_or(("", None));
    const TAB: &str = "a tab is used to indent here; YAML indents with spaces only";
    let said = |m: &str| Some((m.to_string(), at));
    if problem.contains("tab character") {
        return said(TAB);
    }
    if problem.contains("found character that cannot start any token") {
        return match at.and_then(|at| char_at(text, at)) {
            Some('\t') => said(TAB),
            Some(c) => said(&format!(
                "`{c}` cannot start a value; put the text in quotes ('...')"
            )),
            None => said(
                "a value starts with a character YAML does not allow there; put the text in quotes",
            ),
        };
    }
    if problem.contains("found unexpected end of stream") && context.contains("quoted scalar") {
        return Some((
            "this quoted text is never closed: its closing quote is missing".into(),
            context_at.or(at),
        ));
    }
    if problem.contains("did not find expected ',' or ']'") {
        return Some((
            "this list `[` is not closed with `]` (or a `,` is missing between its entries)".into(),
            context_at.or(at),
        ));
    }
    if problem.contains("did not find expected ',' or '}'") {
        return Some((
            "this mapping `{` is not closed with `}` (or a `,` is missing between its entries)"
                .into(),
            context_at.or(at),
        ));
    }
    if problem.contains("did not find expected key") {
        return said("this line does not line up with the keys above it; check its indentation");
    }
    if problem.contains("did not find expected '-' indicator") {
        return said("this line does not line up with the list above it; check its indentation");
    }
    if problem.contains("mapping values are not allowed in this context") {
        return said(
            "unexpected `:` here: put text that contains `: ` in quotes, or check the indentation",
        );
    }
    if problem.contains("found unknown escape character") {
        let escape = at
            .and_then(|(l, c)| char_at(text, (l, c + 1)))
            .map(|c| format!("`\\{c}` "))
            .unwrap_or_default();
        return said(&format!(
            "unknown escape {escape}in double-quoted text: write `\\\\` for a backslash, or use single quotes"
        ));
    }
    if problem.contains("did not find expected node content") {
        if context.contains("flow") && at.is_some_and(|(line, _)| line > text.lines().count()) {
            return said("the file ends inside a `[` list or `{` mapping that is never closed");
        }
        return said("a value is missing here");
    }
    if problem.contains("could not find expected ':'") {
        return Some((
            "expected `key: value` here: the `:` is missing".into(),
            context_at.or(at),
        ));
    }
    if problem.contains("unknown anchor") {
        return said(
            "this alias (`*name`) refers to no anchor (`&name`) before it; quote text that starts with `*`",
        );
    }
    if problem.contains("recursion limit exceeded") {
        return said("the file nests deeper than 128 levels; sori refuses it");
    }
    if problem.contains("repetition limit exceeded") || problem.contains(ALIAS_BOMB) {
        return said(ALIAS_BOMB);
    }
    if problem.contains("more than one document") {
        return said(
            "the file holds more than one YAML document (a `---` line?); a session is one",
        );
    }
    // `!` starts a tag and `%` a directive: YAML features sori files never use, which a
    // facilitator meets only by starting a text with `!` or `%`.
    if context.contains("tag") || problem.contains("tag handle") {
        return said(
            "`!` starts a YAML tag here, which sori files do not use; put text that starts with `!` in quotes ('...')",
        );
    }
    if context.contains("directive") || problem.contains("directive") {
        return said(
            "`%` at the start of a line starts a YAML directive, which sori files do not use; put text that starts with `%` in quotes ('...')",
        );
    }
    if context.contains("alias") || context.contains("anchor") {
        return said(
            "`*` and `&` start a YAML alias or anchor here (`*name`, `&name`); put text that starts with `*` or `&` in quotes ('...')",
        );
    }
    if context.contains("block scalar") {
        return said(
            "`|` and `>` start a block of text and end their line; put text that starts with `|` or `>` in quotes ('...')",
        );
    }
    if problem.starts_with("found ") || problem.starts_with("did not find") {
        // Another parser error: say it as the parser does, with what it was reading.
        let context = context.strip_prefix("while ").unwrap_or(context);
        return if context.is_empty() {
            said(&format!("YAML syntax error: {problem}"))
        } else {
            said(&format!("YAML syntax error: {problem} ({context})"))
        };
    }
    None
}

/// Errors about what the file holds (a wrong type, an unknown key), in a facilitator's words.
fn data_words(problem: &str, text: &str, at: Option<(usize, usize)>) -> Said {
    // `parties[2].purposes: invalid type: ...`: the path, then serde's message.
    let (path, message) = match problem.split_once(": ") {
        Some((path, rest)) if is_path(path) => (Some(path), rest),
        _ => (None, problem),
    };
    let with_path = |m: String| match path {
        Some(path) => format!("{path}: {m}"),
        None => m,
    };
    if message.contains("missing field `sori`") {
        return (
            format!("not a sori session: the file must start with `sori: {FORMAT_VERSION}`"),
            at,
        );
    }
    if message.contains("expected struct SessionFile") {
        return (
            format!(
                "not a sori session: expected a mapping that starts with `sori: {FORMAT_VERSION}`"
            ),
            at,
        );
    }
    if message.starts_with(FUTURE_VERSION) || message.starts_with(UNKNOWN_VERSION) {
        return (message.to_string(), locate(text, "sori").or(at));
    }
    if message.starts_with(COOP_OUT_OF_RANGE) {
        // A value sori's own type refuses: placed at its key, as `validate` places its problems.
        let at = path.and_then(|p| locate(text, p)).or(at);
        return (with_path(message.to_string()), at);
    }
    if let Some(key) = backticked(message, "duplicate field `") {
        let repeated = match path {
            Some(path) => format!("{path}.{key}"),
            None => key.to_string(),
        };
        let at = locate_repeat(text, &repeated).or(at);
        return (with_path(format!("the key `{key}` appears twice")), at);
    }
    if let Some(key) = backticked(message, "missing field `") {
        return (with_path(format!("the key `{key}` is missing")), at);
    }
    let m = if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        format!("expected {}, found {}", words(expected), found_words(found))
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        format!("unknown value {rest}")
    } else if let Some(rest) = message.strip_prefix("unknown field ") {
        // Format 1's key is read only to be migrated: not one to suggest.
        format!("unknown key {}", rest.replace(", `next_meeting`", ""))
    } else {
        message.to_string()
    };
    (with_path(m), at)
}

/// Whether `s` is a path as serde_yaml writes them: `meta`, `parties[2].purposes`, `history[0]`.
fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
}

/// The text between `prefix` and the next backtick.
fn backticked<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    Some(&rest[..rest.find('`')?])
}

/// What serde says it expected, in plain words.
fn words(expected: &str) -> String {
    match expected {
        "u8" => return "a whole number from 0 to 255".into(),
        "u16" | "u32" | "u64" | "usize" => return "a whole number (0 or more)".into(),
        "a sequence" => return "a list".into(),
        "a string" => return "text".into(),
        "a boolean" => return "true or false".into(),
        "field identifier" => return "a key (text)".into(),
        _ => {}
    }
    if let Some(name) = expected.strip_prefix("struct ") {
        return match name {
            "Item" => "a list item with id and text (a mapping)".into(),
            "ActionItem" => "an action item (a mapping)".into(),
            "StepState" => "a step (a mapping)".into(),
            "Meta" => "the meeting's details (a mapping)".into(),
            "Idea" => "an expansion idea (a mapping)".into(),
            "Evaluation" | "Activity" => {
                format!("an {} (a mapping)", name.to_lowercase())
            }
            // A change in the history (`AddParty`): named as the file names it.
            other if other.chars().skip(1).any(char::is_uppercase) => {
                format!("the fields of `{}` (a mapping)", snake_case(other))
            }
            other => format!("a {} (a mapping)", other.to_lowercase()),
        };
    }
    expected.to_string()
}

/// `AddParty` -> `add_party`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// What serde says it found, in plain words: `string "x"` -> `text "x"`.
fn found_words(found: &str) -> String {
    let unquote = |s: &str| s.trim_matches('`').to_string();
    if let Some(s) = found.strip_prefix("string ") {
        return format!("text {s}");
    }
    if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        // serde says `integer `99999999999999999999999` as u128` for numbers past u64.
        let n = n.trim_end_matches(" as u128").trim_end_matches(" as i128");
        return unquote(n);
    }
    if let Some(b) = found.strip_prefix("boolean ") {
        return unquote(b);
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" => "nothing (null)".into(),
        other => other.to_string(),
    }
}
