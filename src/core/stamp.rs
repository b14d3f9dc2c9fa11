//! Local time with its UTC offset, as people in the room read it.
//!
//! Stored as text like `2026-11-27T14:05:12+09:00`: the wall-clock time of the room and the
//! offset, so minutes show the time the facilitator saw, wherever the file is opened later.

use std::fmt;
use std::str::FromStr;

use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, civil};

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Stamp {
    ts: Timestamp,
    offset: Offset,
}

impl Stamp {
    /// The current local time of this machine, to the second.
    pub fn now() -> Stamp {
        let ts = Timestamp::now();
        let offset = TimeZone::system().to_offset(ts);
        Stamp::from_parts(ts, offset)
    }

    /// A time from seconds since the Unix epoch and an offset in seconds east of UTC (to the
    /// nearest minute). Used by tests, benchmarks and generators that need fixed,
    /// reproducible clocks.
    pub fn from_unix(seconds: i64, offset_seconds: i32) -> Stamp {
        let ts = Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH);
        let offset = Offset::from_seconds(offset_seconds).unwrap_or(Offset::UTC);
        Stamp::from_parts(ts, offset)
    }

    fn from_parts(ts: Timestamp, offset: Offset) -> Stamp {
        // Whole seconds only: sub-second noise makes files harder to read and diff.
        let ts = Timestamp::from_second(ts.as_second()).unwrap_or(ts);
        Stamp {
            ts,
            offset: whole_minutes(offset),
        }
    }

    pub fn unix_seconds(&self) -> i64 {
        self.ts.as_second()
    }

    pub fn offset_seconds(&self) -> i32 {
        self.offset.seconds()
    }

    /// The same instant `seconds` later, keeping the offset.
    pub fn plus_seconds(&self, seconds: i64) -> Stamp {
        Stamp::from_unix(
            self.unix_seconds().saturating_add(seconds),
            self.offset_seconds(),
        )
    }

    /// Whole seconds from `earlier` to `self` (negative if `self` is earlier).
    pub fn seconds_since(&self, earlier: &Stamp) -> i64 {
        self.unix_seconds() - earlier.unix_seconds()
    }

    /// Wall-clock time in the room.
    pub fn local(&self) -> civil::DateTime {
        self.offset.to_datetime(self.ts)
    }

    /// `14:05`
    pub fn hm(&self) -> String {
        let t = self.local();
        format!("{:02}:{:02}", t.hour(), t.minute())
    }

    /// `2026-11-27`
    pub fn ymd(&self) -> String {
        let t = self.local();
        format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
    }
}

/// An offset to the nearest whole minute. RFC 3339 (and the file's schema) has no seconds in
/// an offset, yet a time zone can have them (local mean time before 1900, a `TZ` such as
/// `XYZ-9:18:59`): such a clock's times are written with the nearest minute's offset, the same
/// instant, and a file that says `+01:11:11` is read so too (and saved, and read again, the
/// same; found by fuzzing).
fn whole_minutes(offset: Offset) -> Offset {
    let seconds = offset.seconds();
    if seconds % 60 == 0 {
        return offset;
    }
    Offset::from_seconds((seconds + 30).div_euclid(60) * 60).unwrap_or(offset)
}

impl fmt::Display for Stamp {
    /// `2026-11-27T14:05:12+09:00`. Whatever was read is written back the same (a year before
    /// 0 in jiff's extended form, `-000001-…`: a file that loads must save as a file that
    /// loads to the same session).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let off = self.offset.seconds();
        let sign = if off < 0 { '-' } else { '+' };
        let off = off.unsigned_abs();
        write!(
            f,
            "{}{sign}{:02}:{:02}",
            self.local(),
            off / 3600,
            (off % 3600) / 60
        )
    }
}

impl FromStr for Stamp {
    type Err = String;

    fn from_str(s: &str) -> Result<Stamp, String> {
        let expected = || format!("expected a time like 2026-11-27T14:00:00+09:00, found '{s}'");
        let pieces = Pieces::parse(s).map_err(|_| expected())?;
        let time = pieces.time().ok_or_else(expected)?;
        let offset = pieces
            .offset()
            .map(|o| o.to_numeric_offset())
            .ok_or_else(expected)?;
        let dt = civil::DateTime::from_parts(pieces.date(), time);
        let ts = offset.to_timestamp(dt).map_err(|_| expected())?;
        Ok(Stamp::from_parts(ts, offset))
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Stamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time like 2026-11-27T14:00:00+09:00")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Stamp, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl schemars::JsonSchema for Stamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Stamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "Local time with its UTC offset, e.g. 2026-11-27T14:00:00+09:00"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_offset() {
        let s: Stamp = "2026-11-27T14:05:12+09:00".parse().unwrap();
        assert_eq!(s.to_string(), "2026-11-27T14:05:12+09:00");
        assert_eq!(s.hm(), "14:05");
        assert_eq!(s.ymd(), "2026-11-27");
        let later = s.plus_seconds(90);
        assert_eq!(later.seconds_since(&s), 90);
        assert_eq!(later.to_string(), "2026-11-27T14:06:42+09:00");
    }

    #[test]
    fn negative_offsets_and_utc() {
        let s: Stamp = "2026-01-02T03:04:05-05:30".parse().unwrap();
        assert_eq!(s.to_string(), "2026-01-02T03:04:05-05:30");
        let z: Stamp = "2026-01-02T03:04:05Z".parse().unwrap();
        assert_eq!(z.to_string(), "2026-01-02T03:04:05+00:00");
    }

    #[test]
    fn what_is_read_is_written_back_the_same() {
        for text in [
            "2026-06-13T13:12:00+01:11:11",
            "2026-06-13T13:12:00-00:00:01",
            "-000001-06-13T13:12:00+01:00",
            "0000-01-01T00:00:00+00:00",
            "9999-12-30T00:00:00+09:00",
        ] {
            let s: Stamp = text.parse().unwrap();
            assert_eq!(s.to_string().parse::<Stamp>().unwrap(), s, "{text}");
        }
        // An offset with seconds is not RFC 3339: the nearest minute's, the same instant.
        let s: Stamp = "2026-06-13T13:12:00+01:11:11".parse().unwrap();
        assert_eq!(s.to_string(), "2026-06-13T13:11:49+01:11");
        assert_eq!(
            s.unix_seconds(),
            "2026-06-13T12:00:49Z"
                .parse::<Stamp>()
                .unwrap()
                .unix_seconds()
        );
        let s = Stamp::from_unix(1_800_000_000, -(9 * 3600 + 18 * 60 + 59));
        assert_eq!(s.offset_seconds(), -(9 * 3600 + 19 * 60));
        assert!(s.to_string().ends_with("-09:19"), "{s}");
    }

    #[test]
    fn refuses_times_without_offset() {
        let err = "2026-11-27T14:05:12".parse::<Stamp>().unwrap_err();
        assert!(err.contains("expected a time like"), "{err}");
        assert!("yesterday".parse::<Stamp>().is_err());
    }
}
