//! Due dates of action items, read as people type them and kept as dates: `12/15`,
//! `12月15日`, `2026-12-20`, `2026年12月20日`, with full-width digits as an IME gives them. A
//! month and day without a year is the first such day on or after the meeting (so a meeting in
//! November says `1/10` for next January). A file keeps a due date as `2026-12-15`; one from
//! before may hold any text (`来月末`), which stays as it was, read as text.

use jiff::civil::Date;

/// What was typed is not a date (the editor stays open, with what it expects).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct NotADate;

/// Typed text in plain ASCII: full-width digits and signs become ASCII, and the date words
/// 年 月 日 時 分 become separators (`２０２６年１１月２７日 １４時` reads `2026-11-27 14:`).
pub fn ascii_form(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '日' | '分' => ' ',
            '年' | '月' => '-',
            '時' => ':',
            c => c,
        })
        .collect()
}

fn number<T: std::str::FromStr>(s: &str, max_digits: usize) -> Result<T, NotADate> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NotADate);
    }
    s.parse().map_err(|_| NotADate)
}

/// A due date from what was typed; `None` for empty text (no due date). `meeting` is the
/// meeting's date (or today): a date without a year is the first on or after it.
pub fn read(typed: &str, meeting: Date) -> Result<Option<Date>, NotADate> {
    let text = ascii_form(typed);
    let text = text.trim().trim_end_matches(['-', '/', '.']);
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).map(str::trim).collect();
    let date = match parts[..] {
        [y, m, d] => {
            Date::new(number(y, 4)?, number(m, 2)?, number(d, 2)?).map_err(|_| NotADate)?
        }
        [m, d] => {
            let (m, d): (i8, i8) = (number(m, 2)?, number(d, 2)?);
            let this_year = Date::new(meeting.year(), m, d);
            match this_year {
                Ok(date) if date >= meeting => date,
                // Before the meeting, or 2/29 in a year without it: the next year that has it.
                _ => (1..=8)
                    .find_map(|n| Date::new(meeting.year().checked_add(n)?, m, d).ok())
                    .ok_or(NotADate)?,
            }
        }
        _ => return Err(NotADate),
    };
    Ok(Some(date))
}

/// A due date as files keep it: `2026-12-15`.
pub fn stored(date: Date) -> String {
    date.to_string()
}

/// The date a stored due date holds; `None` for old free text (or none).
pub fn date_of(stored: &str) -> Option<Date> {
    let s = stored.trim();
    (s.len() == 10).then(|| s.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn due_dates_are_read_as_people_type_them() {
        let meeting = date("2026-11-27");
        for (typed, expect) in [
            ("12/15", "2026-12-15"),
            ("12月15日", "2026-12-15"),
            ("１２月１５日", "2026-12-15"),
            ("１２／１５", "2026-12-15"),
            ("2026-12-20", "2026-12-20"),
            ("２０２６－１２－２０", "2026-12-20"),
            ("2026年12月20日", "2026-12-20"),
            ("2026/12/20", "2026-12-20"),
            (" 1/10 ", "2027-01-10"),
            ("11/27", "2026-11-27"),
            ("11/26", "2027-11-26"),
            ("2/29", "2028-02-29"),
        ] {
            assert_eq!(read(typed, meeting), Ok(Some(date(expect))), "{typed}");
        }
        assert_eq!(read("  ", meeting), Ok(None));
        for bad in [
            "来月末",
            "12/32",
            "13/1",
            "2026-02-30",
            "12",
            "1/2/3/4",
            "next week",
        ] {
            assert_eq!(read(bad, meeting), Err(NotADate), "{bad}");
        }
    }

    #[test]
    fn a_stored_due_date_is_a_date_and_old_text_stays_text() {
        assert_eq!(stored(date("2026-12-15")), "2026-12-15");
        assert_eq!(date_of("2026-12-15"), Some(date("2026-12-15")));
        assert_eq!(date_of("12月第1週"), None);
        assert_eq!(date_of(""), None);
    }
}
