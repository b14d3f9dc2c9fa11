//! Files of an older format, brought to this one: the one place that knows what changed
//! between formats (see docs/FORMAT.md, "Older formats").
//!
//! A file is read with the current types, which still accept the few keys an older format had
//! (they are marked as such and never written); `to_current` then turns the state *and* every
//! record of the history into the current format, so that the history still replays to the
//! state. Records carry their time, which a conversion may use (a date written without a year
//! is the next such date after the change was made). The file is written in the current
//! format the next time it is saved.
//!
//! To add a format: raise `FORMAT_VERSION`, add a step `vN_to_vN+1` that changes the state and
//! the records (as `v1_event` does, batches included), and call it from `to_current` for files
//! older than N+1, and from `journal_record`, since a journal left by an older sori holds that
//! sori's events. docs/FORMAT.md ("Older formats") has a row per step.

use jiff::civil::{Date, DateTime, Time, Weekday};

use crate::core::event::{Event, SetNextStart, SetText};
use crate::core::history::Record;
use crate::core::session::{NextMeeting, Session, TextField};
use crate::core::stamp::Stamp;

/// The file format this sori writes.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest format this sori reads (and migrates).
pub const OLDEST_VERSION: u32 = 1;

/// What is wrong with a file for its format, with the path of the key (for `locate`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// Bring a session and its history read from a file of format `version` to the current
/// format.
pub fn to_current(
    version: u32,
    session: &mut Session,
    records: &mut [Record],
) -> Result<(), Problem> {
    if version < 2 {
        v1_to_v2(session, records);
    }
    // Keys only an older format has are refused in a file that says it is newer.
    if session.meta.format1_next_meeting.is_some() {
        return Err(Problem {
            path: "meta.next_meeting".into(),
            message: format!(
                "a key of format 1; this file is format {version}: write the next meeting as `next: {{start, venue, note}}`"
            ),
        });
    }
    Ok(())
}

/// A record read from a journal, which a sori of an older format may have written: its event
/// in the current format (a record of the current format is left as it is).
pub fn journal_record(record: &mut Record) {
    let at = record.at;
    v1_event(&mut record.event, at, &mut None);
}

/// Format 1 → 2: the next meeting was free text (`meta.next_meeting`); it is now data:
/// `meta.next` with a start, a venue and a note. The text is read as people write it
/// (`read_next_meeting`); what cannot be read stays, whole, as the note.
fn v1_to_v2(session: &mut Session, records: &mut [Record]) {
    // The last text of the history, as read at its time: the state's text is that one, unless
    // the state was edited by hand.
    let mut last: Option<(String, NextMeeting)> = None;
    for record in records.iter_mut() {
        let at = record.at;
        v1_event(&mut record.event, at, &mut last);
    }
    if let Some(text) = session.meta.format1_next_meeting.take() {
        session.meta.next = match last {
            Some((last_text, next)) if last_text == text => next,
            _ => read_next_meeting(&text, session.meta.start),
        };
    }
}

/// One event of format 1 in format 2: a change of `meta.next_meeting` becomes the changes of
/// the next meeting's start, venue and note the text reads as, in one batch (so undo and redo
/// records stay each other's inverses).
fn v1_event(event: &mut Event, at: Stamp, last: &mut Option<(String, NextMeeting)>) {
    match event {
        Event::SetText(SetText {
            field: TextField::Format1NextMeeting,
            text,
        }) => {
            let next = read_next_meeting(text, Some(at));
            *last = Some((std::mem::take(text), next.clone()));
            *event = Event::Batch(vec![
                Event::SetNextStart(SetNextStart { start: next.start }),
                Event::SetText(SetText {
                    field: TextField::NextVenue,
                    text: next.venue,
                }),
                Event::SetText(SetText {
                    field: TextField::NextNote,
                    text: next.note,
                }),
            ]);
        }
        Event::Batch(events) => {
            for e in events {
                v1_event(e, at, last);
            }
        }
        _ => {}
    }
}

/// The next meeting from free text, as facilitators wrote it in format 1:
/// `2027年1月22日(金) 14:00 みどり町会館`, `9月12日（土）13:30 同じ会場 — ふりかえり`,
/// `2026-12-15 14:00 市役所`, `Tuesday 12 May, 10:00, City Chambers: indicators`. A date
/// (with the year, or the first such date on or after `after`) and a time at the start
/// make the start, in `after`'s UTC offset (the room's clock); what follows is the venue,
/// up to a dash or a colon, and the rest the note. A weekday that does not fit the date, a
/// date without a time, or no reference time for a date without its year: the whole text
/// stays the note, as written.
pub fn read_next_meeting(text: &str, after: Option<Stamp>) -> NextMeeting {
    let whole = || NextMeeting {
        note: text.trim().to_string(),
        ..NextMeeting::default()
    };
    let ascii = ascii_form(text);
    let Some((start, rest)) = read_start(&ascii, after) else {
        return whole();
    };
    // The rest is the original's tail (the ASCII form keeps every character's place: one
    // character becomes one).
    let skip = ascii.chars().count() - rest.chars().count();
    let rest: String = text.chars().skip(skip).collect();
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ",、，・".contains(c));
    let (venue, note) = split_venue(rest);
    NextMeeting {
        start: Some(start),
        venue: venue.trim().to_string(),
        note: note.trim().to_string(),
    }
}

/// The venue, then the note: split at the first dash or colon that separates them.
fn split_venue(rest: &str) -> (&str, &str) {
    const SEPARATORS: [&str; 7] = [" — ", " – ", " - ", "—", "：", ": ", " / "];
    let at = SEPARATORS
        .iter()
        .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
        .min();
    match at {
        Some((i, len)) => (&rest[..i], &rest[i + len..]),
        None => (rest, ""),
    }
}

/// Full-width digits and signs as ASCII, one character for one (so places in the text stay).
fn ascii_form(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A date and a time at the start of `text`; the text after them.
fn read_start(text: &str, after: Option<Stamp>) -> Option<(Stamp, &str)> {
    let text = text.trim_start();
    let (date, weekday, rest) = read_date(text, after)?;
    let rest = rest.trim_start_matches([' ', ',']);
    let (time, rest) = read_time(rest)?;
    if let Some(weekday) = weekday
        && date.weekday() != weekday
    {
        return None;
    }
    let offset = after.map(|a| a.offset_seconds()).unwrap_or(0);
    let local = DateTime::from_parts(date, time);
    let tz = jiff::tz::Offset::from_seconds(offset).ok()?;
    let ts = tz.to_timestamp(local).ok()?;
    Some((Stamp::from_unix(ts.as_second(), offset), rest))
}

/// Digits at the start of `s` (at most `max`), as a number; the rest.
fn digits(s: &str, max: usize) -> Option<(i32, &str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(s.len(), |(i, _)| i);
    if end == 0 || end > max {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

const WEEKDAYS_JA: [(char, Weekday); 7] = [
    ('月', Weekday::Monday),
    ('火', Weekday::Tuesday),
    ('水', Weekday::Wednesday),
    ('木', Weekday::Thursday),
    ('金', Weekday::Friday),
    ('土', Weekday::Saturday),
    ('日', Weekday::Sunday),
];

const WEEKDAYS_EN: [(&str, Weekday); 7] = [
    ("mon", Weekday::Monday),
    ("tue", Weekday::Tuesday),
    ("wed", Weekday::Wednesday),
    ("thu", Weekday::Thursday),
    ("fri", Weekday::Friday),
    ("sat", Weekday::Saturday),
    ("sun", Weekday::Sunday),
];

const MONTHS_EN: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date at the start: `2026-12-15`, `2026/12/15`, `2026年12月15日`, `12月15日`, `12/15`,
/// `Tuesday 12 May`, `12 May 2026`, `May 12`; a weekday after it in brackets (`(土)`, `（土）`)
/// or before it in words. Without a year: the first such date on or after `after`.
fn read_date(text: &str, after: Option<Stamp>) -> Option<(Date, Option<Weekday>, &str)> {
    if let Some(found) = read_date_ja(text, after) {
        return Some(found);
    }
    read_date_en(text, after)
}

fn read_date_ja(text: &str, after: Option<Stamp>) -> Option<(Date, Option<Weekday>, &str)> {
    let (first, rest) = digits(text, 4)?;
    let (year, month, day, rest) = if let Some(rest) = rest
        .strip_prefix('年')
        .or_else(|| rest.strip_prefix('-').filter(|_| first > 999))
        .or_else(|| rest.strip_prefix('/').filter(|_| first > 999))
    {
        let (month, rest) = digits(rest, 2)?;
        let rest = rest
            .strip_prefix('月')
            .or_else(|| rest.strip_prefix('-'))
            .or_else(|| rest.strip_prefix('/'))?;
        let (day, rest) = digits(rest, 2)?;
        (
            Some(first),
            month,
            day,
            rest.strip_prefix('日').unwrap_or(rest),
        )
    } else {
        let rest = rest.strip_prefix('月').or_else(|| rest.strip_prefix('/'))?;
        let (day, rest) = digits(rest, 2)?;
        (None, first, day, rest.strip_prefix('日').unwrap_or(rest))
    };
    let (weekday, rest) = bracketed_weekday(rest);
    let date = full_date(year, month, day, after)?;
    Some((date, weekday, rest))
}

/// `(土)`, `（土）`, `(土曜)`, `(土曜日)` after a date.
fn bracketed_weekday(text: &str) -> (Option<Weekday>, &str) {
    let trimmed = text.trim_start();
    let Some(inner) = trimmed
        .strip_prefix('(')
        .or_else(|| trimmed.strip_prefix('（'))
    else {
        return (None, text);
    };
    let Some(close) = inner.find([')', '）']) else {
        return (None, text);
    };
    let word = &inner[..close];
    let rest = &inner[close + 1..];
    let mut chars = word.chars();
    let day = chars
        .next()
        .and_then(|c| WEEKDAYS_JA.iter().find(|(k, _)| *k == c).map(|(_, w)| *w));
    match (day, chars.as_str()) {
        (Some(w), "" | "曜" | "曜日") => (Some(w), rest),
        _ => (None, text),
    }
}

fn read_date_en(text: &str, after: Option<Stamp>) -> Option<(Date, Option<Weekday>, &str)> {
    let word_end = |s: &str| {
        s.find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(s.len())
    };
    let mut rest = text;
    let mut weekday = None;
    let first = &rest[..word_end(rest)];
    if first.len() >= 3
        && let Some((_, w)) = WEEKDAYS_EN
            .iter()
            .find(|(k, _)| first.to_ascii_lowercase().starts_with(k))
    {
        weekday = Some(*w);
        rest = rest[first.len()..].trim_start_matches([' ', ',', '.']);
    }
    let month_of = |word: &str| {
        (word.len() >= 3)
            .then(|| word.to_ascii_lowercase())
            .and_then(|w| MONTHS_EN.iter().position(|m| w.starts_with(m)))
            .map(|i| i as i32 + 1)
    };
    // `12 May` or `May 12`.
    let (month, day, after_date) = if let Some((day, r)) = digits(rest, 2) {
        let r = r.trim_start();
        let word = &r[..word_end(r)];
        (month_of(word)?, day, &r[word.len()..])
    } else {
        let word = &rest[..word_end(rest)];
        let month = month_of(word)?;
        let r = rest[word.len()..].trim_start();
        let (day, r) = digits(r, 2)?;
        (month, day, r)
    };
    // An optional year: `12 May 2026`, `May 12, 2026`.
    let trimmed = after_date.trim_start_matches([' ', ',']);
    let (year, rest) = match digits(trimmed, 4) {
        Some((y, r)) if y > 999 && !r.starts_with(':') => (Some(y), r),
        _ => (None, after_date),
    };
    let date = full_date(year, month, day, after)?;
    Some((date, weekday, rest))
}

/// The date of a day and month, in `year` or else the first on or after `after`'s date.
fn full_date(year: Option<i32>, month: i32, day: i32, after: Option<Stamp>) -> Option<Date> {
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    if let Some(year) = year {
        return Date::new(i16::try_from(year).ok()?, month, day).ok();
    }
    let from = after?.local().date();
    (0..=1)
        .filter_map(|n| Date::new(from.year() + n, month, day).ok())
        .find(|d| *d >= from)
}

/// A time at the start: `14:00`, `14時`, `14時30分`, `9:30`.
fn read_time(text: &str) -> Option<(Time, &str)> {
    let (hour, rest) = digits(text, 2)?;
    let (minute, rest) = if let Some(r) = rest.strip_prefix(':') {
        digits(r, 2)?
    } else if let Some(r) = rest.strip_prefix('時') {
        match digits(r, 2) {
            Some((m, r)) => (m, r.strip_prefix('分').unwrap_or(r)),
            None => match r.strip_prefix('半') {
                Some(r) => (30, r),
                None => (0, r),
            },
        }
    } else {
        return None;
    };
    let time = Time::new(i8::try_from(hour).ok()?, i8::try_from(minute).ok()?, 0, 0).ok()?;
    Some((time, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<Stamp> {
        Some(s.parse().unwrap())
    }

    fn read(text: &str, after: &str) -> (Option<String>, String, String) {
        let n = read_next_meeting(text, at(after));
        (n.start.map(|s| s.to_string()), n.venue, n.note)
    }

    #[test]
    fn the_bundled_examples_next_meetings_read_as_data() {
        assert_eq!(
            read(
                "9月12日（土）13:30 同じ会場 — 3か月のふりかえり（ステップ4）",
                "2026-06-13T13:30:00+09:00"
            ),
            (
                Some("2026-09-12T13:30:00+09:00".into()),
                "同じ会場".into(),
                "3か月のふりかえり（ステップ4）".into()
            )
        );
        assert_eq!(
            read(
                "Tuesday 12 May, 10:00, City Chambers: wards, rooms and indicators",
                "2026-02-10T10:00:00+00:00"
            ),
            (
                Some("2026-05-12T10:00:00+00:00".into()),
                "City Chambers".into(),
                "wards, rooms and indicators".into()
            )
        );
        assert_eq!(
            read(
                "7月 開店1か月後に、同じ顔ぶれで",
                "2026-03-14T10:00:00+09:00"
            ),
            (
                None,
                String::new(),
                "7月 開店1か月後に、同じ顔ぶれで".into()
            )
        );
        assert_eq!(
            read(
                "7月11日（土）13:30 社協 会議室 — 1年のふりかえり",
                "2026-01-24T13:30:00+09:00"
            ),
            (
                Some("2026-07-11T13:30:00+09:00".into()),
                "社協 会議室".into(),
                "1年のふりかえり".into()
            )
        );
        assert_eq!(
            read(
                "5月23日（土）14:00 自然館 — 2026年度 第1回",
                "2026-02-21T14:00:00+09:00"
            ),
            (
                Some("2026-05-23T14:00:00+09:00".into()),
                "自然館".into(),
                "2026年度 第1回".into()
            )
        );
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let after = "2026-11-27T15:00:00+09:00";
        let start = |t: &str| read(t, after).0;
        for text in [
            "2027年1月22日(金) 14:00 みどり町会館",
            "2027年1月22日（金）14時 みどり町会館",
            "２０２７年１月２２日（金）１４：００　みどり町会館",
            "2027-01-22 14:00 みどり町会館",
            "2027/1/22 14:00 みどり町会館",
            "1月22日（金）14:00 みどり町会館",
            "1/22 14:00 みどり町会館",
            "Fri 22 Jan 14:00 みどり町会館",
            "January 22, 2027, 14:00 みどり町会館",
        ] {
            assert_eq!(
                start(text),
                Some("2027-01-22T14:00:00+09:00".into()),
                "{text}"
            );
            assert_eq!(read(text, after).1, "みどり町会館", "{text}");
        }
        assert_eq!(
            start("12月3日 9時半 集会所"),
            Some("2026-12-03T09:30:00+09:00".into())
        );
        // The same day as the meeting counts; the day before is next year's.
        assert_eq!(
            start("11月27日 18:00"),
            Some("2026-11-27T18:00:00+09:00".into())
        );
        assert_eq!(
            start("11月26日 18:00"),
            Some("2027-11-26T18:00:00+09:00".into())
        );
    }

    #[test]
    fn what_cannot_be_read_stays_whole_as_the_note() {
        let after = "2026-11-27T15:00:00+09:00";
        for text in [
            "未定（メールで調整）",
            "1月22日 みどり町会館",    // no time
            "1月22日（土）14:00 会館", // 2027-01-22 is a Friday
            "14:00 会館",
            "2月30日 14:00",
            "",
        ] {
            assert_eq!(
                read(text, after),
                (None, String::new(), text.trim().to_string()),
                "{text}"
            );
        }
        // Without a reference time a date without its year cannot be placed.
        let n = read_next_meeting("1月22日 14:00 会館", None);
        assert_eq!(n.start, None);
        assert_eq!(n.note, "1月22日 14:00 会館");
        // With the year it can, in UTC for want of the room's offset.
        let n = read_next_meeting("2027-01-22 14:00", None);
        assert_eq!(n.start.unwrap().to_string(), "2027-01-22T14:00:00+00:00");
    }
}
