//! Find where a path such as `activities[2].participants[0].party` stands in a YAML text, so
//! that problems found after parsing (a duplicate id, a dangling reference) still get a line and
//! column. Works on block-style YAML, which is what sori writes; gives up (None) on anything else.

/// One non-blank line, split into its leading `- ` markers and the key after them.
struct Line<'a> {
    number: usize,
    /// Columns (0-based) of the `-` sequence markers at the start of the line.
    dashes: Vec<usize>,
    /// Column of the content after the markers.
    col: usize,
    /// The key, when the content is `key:` or `key: value`.
    key: Option<&'a str>,
    /// Whether a value follows the key on the same line.
    inline_value: bool,
}

impl Line<'_> {
    fn first_col(&self) -> usize {
        self.dashes.first().copied().unwrap_or(self.col)
    }
}

fn scan(text: &str) -> Vec<Line<'_>> {
    let mut out = vec![];
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
            continue;
        }
        let mut col = raw.len() - trimmed.len();
        let mut rest = trimmed;
        let mut dashes = vec![];
        while rest == "-" || rest.starts_with("- ") {
            dashes.push(col);
            let after = rest[1..].trim_start_matches(' ');
            col += rest.len() - after.len();
            rest = after;
        }
        let (key, inline_value) = match rest.split_once(':') {
            Some((k, v))
                if !k.is_empty()
                    && !k.starts_with(['"', '\'', '{', '['])
                    && (v.is_empty() || v.starts_with(' ')) =>
            {
                let v = v.trim();
                (Some(k.trim_end()), !(v.is_empty() || v.starts_with('#')))
            }
            _ => (None, !rest.is_empty()),
        };
        out.push(Line {
            number: i + 1,
            dashes,
            col,
            key,
            inline_value,
        });
    }
    out
}

enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Segment<'_>>> {
    let mut out = vec![];
    for part in path.split('.') {
        let (name, mut indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Segment::Key(name));
        }
        while let Some(rest) = indices.strip_prefix('[') {
            let end = rest.find(']')?;
            out.push(Segment::Index(rest[..end].parse().ok()?));
            indices = &rest[end + 1..];
        }
    }
    Some(out)
}

/// 1-based line and column of the key or list entry that `path` names.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    locate_nth(text, path, 0)
}

/// Where the key that `path` ends with appears a second time in its mapping (for a duplicate
/// key, which the parser reports at the mapping's start).
pub fn locate_repeat(text: &str, path: &str) -> Option<(usize, usize)> {
    locate_nth(text, path, 1)
}

/// `locate`, taking the `nth` (0-based) occurrence of the last key.
fn locate_nth(text: &str, path: &str, nth: usize) -> Option<(usize, usize)> {
    let lines = scan(text);
    let segments = segments(path)?;
    let last = segments.len().checked_sub(1)?;
    // The node being searched: lines[lo..hi], its keys or dashes at column `col`.
    let (mut lo, mut hi, mut col) = (0usize, lines.len(), 0usize);
    // Where the current node itself stands, for a dash that opens it on the same line.
    let mut found = None;
    for (k, segment) in segments.into_iter().enumerate() {
        match segment {
            Segment::Key(key) => {
                let skip = if k == last { nth } else { 0 };
                let i = (lo..hi)
                    .filter(|&i| lines[i].col == col && lines[i].key == Some(key))
                    .nth(skip)?;
                found = Some((lines[i].number, col + 1));
                if lines[i].inline_value {
                    lo = i;
                    hi = i + 1;
                    col = usize::MAX;
                    continue;
                }
                let start = i + 1;
                let mut end = start;
                while end < hi {
                    let l = &lines[end];
                    let nested =
                        l.first_col() > col || (l.first_col() == col && !l.dashes.is_empty());
                    if !nested {
                        break;
                    }
                    end += 1;
                }
                if start == end {
                    return found;
                }
                lo = start;
                hi = end;
                col = lines[start].first_col();
            }
            Segment::Index(n) => {
                let entries: Vec<usize> = (lo..hi)
                    .filter(|&i| lines[i].first_col() == col && lines[i].dashes.contains(&col))
                    .collect();
                let &e = entries.get(n)?;
                let next = entries.get(n + 1).copied().unwrap_or(hi);
                found = Some((lines[e].number, col + 1));
                let pos = lines[e].dashes.iter().position(|&d| d == col)?;
                col = lines[e]
                    .dashes
                    .get(pos + 1)
                    .copied()
                    .unwrap_or(lines[e].col);
                lo = e;
                hi = next;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::locate;

    const TEXT: &str = "\
sori: 1
meta:
  title: 地域猫
  host: p9
parties:
- id: p1
  name: 地域猫の会
  purposes:
  - id: i2
    text: 野良猫を減らしたい
  - id: i3
    text: x
- id: p4
  name: 町内会
activities:
- id: a5
  participants:
  - party: p1
    purposes:
    - i2
    - i7
";

    #[test]
    fn finds_keys_and_entries() {
        assert_eq!(locate(TEXT, "meta.host"), Some((4, 3)));
        assert_eq!(locate(TEXT, "parties[1].id"), Some((13, 3)));
        assert_eq!(locate(TEXT, "parties[1]"), Some((13, 1)));
        assert_eq!(locate(TEXT, "parties[0].purposes[1].id"), Some((11, 5)));
        assert_eq!(locate(TEXT, "parties[0].purposes[1].text"), Some((12, 5)));
        assert_eq!(
            locate(TEXT, "activities[0].participants[0].party"),
            Some((18, 5))
        );
        assert_eq!(
            locate(TEXT, "activities[0].participants[0].purposes[1]"),
            Some((21, 5))
        );
    }

    #[test]
    fn finds_a_repeated_key() {
        let text = "sori: 1\nmeta:\n  title: a\n  venue: b\n  title: c\nmeta: {}\n";
        assert_eq!(super::locate_repeat(text, "meta.title"), Some((5, 3)));
        assert_eq!(super::locate_repeat(text, "meta"), Some((6, 1)));
        assert_eq!(super::locate_repeat(text, "meta.venue"), None);
    }

    #[test]
    fn gives_up_on_missing_paths() {
        assert_eq!(locate(TEXT, "parties[5].id"), None);
        assert_eq!(locate(TEXT, "nothing"), None);
    }
}
