//! What the facilitator typed for a start time or a timebox, read as people type it (IME
//! full-width digits, 年月日, `20 min`), and the start as the editor shows it.

use crate::core::stamp::Stamp;

/// What the facilitator typed could not be read (the editor stays open to fix it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Unreadable;

/// The longest timebox the screen takes, in minutes.
pub const MAX_TIMEBOX_MIN: u32 = 999;

/// The start as the meeting's details show it and the editor begins with: local
/// `2026-11-27 14:00`, empty when there is none.
pub fn start_text(start: Option<&Stamp>) -> String {
    start
        .map(|st| format!("{} {}", st.ymd(), st.hm()))
        .unwrap_or_default()
}

use crate::core::due::ascii_form;

fn number<T: std::str::FromStr>(s: &str, max_digits: usize) -> Result<T, Unreadable> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Unreadable);
    }
    s.parse().map_err(|_| Unreadable)
}

/// The meeting's start from what was typed: `2026-11-27 14:00` (also `2026/11/27 14:00`,
/// `2026-11-27T14:00`, `2026年11月27日 14時`, full-width digits). A date alone keeps the old
/// start's time of day. The offset is the old start's, so the room's clock stays the room's;
/// without one, this machine's for that date. Empty text: no start.
pub fn parse_start(text: &str, old: Option<&Stamp>) -> Result<Option<Stamp>, Unreadable> {
    use jiff::civil::{Date, DateTime, Time};
    use jiff::tz::{Offset, TimeZone};
    let typed = ascii_form(text);
    let mut parts = typed
        .split(|c: char| c.is_whitespace() || c == 'T')
        .filter(|p| !p.is_empty());
    let Some(date) = parts.next() else {
        return Ok(None);
    };
    let time = parts.next();
    if parts.next().is_some() {
        return Err(Unreadable);
    }
    let ymd: Vec<&str> = date.trim_end_matches('-').split(['-', '/', '.']).collect();
    let [y, m, d] = ymd[..] else {
        return Err(Unreadable);
    };
    let date = Date::new(number(y, 4)?, number(m, 2)?, number(d, 2)?).map_err(|_| Unreadable)?;
    let (hour, minute) = match time {
        Some(time) => {
            let (h, m) = time.split_once(':').unwrap_or((time, ""));
            let m = if m.is_empty() { Ok(0) } else { number(m, 2) };
            (number(h, 2)?, m?)
        }
        None => old.map_or((0, 0), |st| {
            let t = st.local();
            (t.hour(), t.minute())
        }),
    };
    let time = Time::new(hour, minute, 0, 0).map_err(|_| Unreadable)?;
    let local = DateTime::from_parts(date, time);
    let (ts, offset) = match old {
        Some(st) => {
            let offset = Offset::from_seconds(st.offset_seconds()).map_err(|_| Unreadable)?;
            (offset.to_timestamp(local).map_err(|_| Unreadable)?, offset)
        }
        None => {
            let zone = TimeZone::system();
            let ts = zone
                .to_ambiguous_timestamp(local)
                .compatible()
                .map_err(|_| Unreadable)?;
            (ts, zone.to_offset(ts))
        }
    };
    Ok(Some(Stamp::from_unix(ts.as_second(), offset.seconds())))
}

/// A timebox from what was typed: whole minutes, 0 to `MAX_TIMEBOX_MIN` (`20`, `２０分`,
/// `20 min`).
pub fn parse_timebox(text: &str) -> Result<u32, Unreadable> {
    let typed = ascii_form(text);
    let typed = typed.trim();
    let typed = typed
        .strip_suffix("min")
        .or_else(|| typed.strip_suffix("minutes"))
        .unwrap_or(typed)
        .trim();
    let minutes: u32 = number(typed, 3)?;
    if minutes > MAX_TIMEBOX_MIN {
        return Err(Unreadable);
    }
    Ok(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_is_read_as_people_type_it_and_keeps_the_room_offset() {
        let old: Stamp = "2026-11-20T09:30:00+09:00".parse().unwrap();
        let read = |t: &str| parse_start(t, Some(&old)).map(|s| s.map(|s| s.to_string()));
        let expect = Ok(Some("2026-11-27T14:00:00+09:00".to_string()));
        for typed in [
            "2026-11-27 14:00",
            " 2026/11/27  14:00 ",
            "2026-11-27T14:00",
            "２０２６－１１－２７　１４：００",
            "2026年11月27日 14時",
            "2026年11月27日 14時00分",
        ] {
            assert_eq!(read(typed), expect, "{typed}");
        }
        // A date alone keeps the time of day.
        assert_eq!(
            read("2026-12-04"),
            Ok(Some("2026-12-04T09:30:00+09:00".to_string()))
        );
        assert_eq!(read("   "), Ok(None), "empty: no start");
        for bad in [
            "2026-13-01 10:00",
            "2026-02-30",
            "2026-11-27 25:00",
            "2026-11-27 14:60",
            "tomorrow",
            "2026-11 14:00",
            "2026-11-27 14:00 extra",
            "99999-01-01",
        ] {
            assert_eq!(read(bad), Err(Unreadable), "{bad}");
        }
        // A negative offset is kept too.
        let west: Stamp = "2026-01-02T03:04:05-05:30".parse().unwrap();
        let st = parse_start("2026-01-03 08:15", Some(&west))
            .unwrap()
            .unwrap();
        assert_eq!(st.to_string(), "2026-01-03T08:15:00-05:30");
        assert_eq!(start_text(Some(&st)), "2026-01-03 08:15");
        // Without an old start: the machine's offset for that date, the wall clock as typed.
        let st = parse_start("2026-11-27 14:00", None).unwrap().unwrap();
        assert_eq!(start_text(Some(&st)), "2026-11-27 14:00");
    }

    #[test]
    fn a_timebox_is_minutes() {
        assert_eq!(parse_timebox("20"), Ok(20));
        assert_eq!(parse_timebox("２０分"), Ok(20));
        assert_eq!(parse_timebox(" 45 min"), Ok(45));
        assert_eq!(parse_timebox("0"), Ok(0));
        assert_eq!(parse_timebox("999"), Ok(999));
        for bad in ["1000", "-5", "", "ten", "4294967296", "1.5"] {
            assert_eq!(parse_timebox(bad), Err(Unreadable), "{bad}");
        }
    }
}
