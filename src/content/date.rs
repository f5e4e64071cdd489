//! Calendar dates written `YYYY-MM-DD` in front matter and the FAQ, validated on parse;
//! month arithmetic for review dates; and "today" for the review checks, which
//! `SOURCE_DATE_EPOCH` can fix so that builds are reproducible.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid calendar date (no time, no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Parses exactly `YYYY-MM-DD` and checks the day exists.
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "invalid date `{s}`: write dates as YYYY-MM-DD, e.g. 2026-03-14"
            ));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(0);
        let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
        jiff::civil::Date::new(y, m, d)
            .map(Date)
            .map_err(|_| format!("invalid date `{s}`: there is no such day"))
    }

    /// The date `months` months later. A day the target month does not have becomes that
    /// month's last day: 31 January + 1 month = 28 (or 29) February. `None` past year 9999.
    pub fn add_months(&self, months: u32) -> Option<Date> {
        let total =
            i64::from(self.0.year()) * 12 + i64::from(self.0.month()) - 1 + i64::from(months);
        let year = i16::try_from(total.div_euclid(12)).ok()?;
        let month = i8::try_from(total.rem_euclid(12) + 1).ok()?;
        let first = jiff::civil::Date::new(year, month, 1).ok()?;
        let day = self.0.day().min(first.days_in_month());
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The UTC date of a moment given in seconds since 1970-01-01 (the reproducible-builds
    /// `SOURCE_DATE_EPOCH` convention).
    pub fn from_epoch_seconds(seconds: i64) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        Some(Date(jiff::tz::TimeZone::UTC.to_datetime(ts).date()))
    }

    /// `14 March 2026`, for readers.
    pub fn display(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS[(self.0.month() as usize).saturating_sub(1) % 12];
        let (day, year) = (self.0.day(), self.0.year());
        // Pages show thousands of dates: written digit by digit, as `format!` would.
        let Some(digits) = four_digits(year) else {
            return format!("{day} {month} {year}");
        };
        let year = std::str::from_utf8(&digits).unwrap_or_default();
        let mut out = String::with_capacity(18);
        if day >= 10 {
            out.push(digit(day / 10));
        }
        out.push(digit(day % 10));
        out.push(' ');
        out.push_str(month);
        out.push(' ');
        out.push_str(year.trim_start_matches('0'));
        out
    }

    /// `2026-03-14`, what [`Display`](fmt::Display) writes, made without the formatting
    /// machinery (pages show thousands of dates).
    pub fn iso(&self) -> String {
        match self.iso_text() {
            Some(text) => text.as_str().to_owned(),
            None => self.to_string(),
        }
    }

    /// `YYYY-MM-DD` for a year from 1 to 9999 (the years a file can name); `None` for others.
    fn iso_text(&self) -> Option<IsoText> {
        let year = four_digits(self.0.year())?;
        let mut b = [b'-'; 10];
        b[..4].copy_from_slice(&year);
        for (at, n) in [(5, self.0.month()), (8, self.0.day())] {
            b[at] = digit(n / 10) as u8;
            b[at + 1] = digit(n % 10) as u8;
        }
        Some(IsoText(b))
    }
}

/// The ASCII digit of `n` (0 to 9).
fn digit(n: i8) -> char {
    char::from(b'0' + n.unsigned_abs() % 10)
}

/// A year from 1 to 9999 as four ASCII digits (`0042`), or `None`.
fn four_digits(year: i16) -> Option<[u8; 4]> {
    let y = u16::try_from(year)
        .ok()
        .filter(|y| (1..=9999).contains(y))?;
    Some([y / 1000, y / 100 % 10, y / 10 % 10, y % 10].map(|d| b'0' + d as u8))
}

/// A date's `YYYY-MM-DD` text, all ASCII.
struct IsoText([u8; 10]);

impl IsoText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = self.iso_text() {
            return f.write_str(text.as_str());
        }
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

/// The environment variable that fixes "today" (seconds since the epoch, read as a UTC date).
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Today, for review checks: the date `SOURCE_DATE_EPOCH` gives when it is set (so tests and
/// CI are deterministic), else the system clock's date in UTC. A set but malformed value is
/// an error, never silently replaced by the clock.
pub fn today() -> Result<Date, crate::Error> {
    match std::env::var_os(SOURCE_DATE_EPOCH) {
        Some(value) => {
            let text = value.to_string_lossy();
            text.trim()
                .parse::<i64>()
                .ok()
                .and_then(Date::from_epoch_seconds)
                .ok_or_else(|| crate::Error::SourceDateEpoch {
                    value: text.into_owned(),
                })
        }
        None => Ok(clock_today()),
    }
}

/// The system clock's date in UTC.
pub fn clock_today() -> Date {
    Date(
        jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date(),
    )
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(s.trim()).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid_dates() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(Date::parse("2026-03-04").unwrap().display(), "4 March 2026");
        assert!(
            Date::parse("2023-02-29")
                .unwrap_err()
                .contains("no such day")
        );
        assert!(Date::parse("2026-13-01").is_err());
        assert!(
            Date::parse("14/03/2026")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(Date::parse("2026-3-4").is_err());
    }

    #[test]
    fn dates_are_written_as_the_formatting_machinery_writes_them() {
        for year in [-42, 0, 1, 9, 10, 99, 100, 999, 1000, 2026, 9999] {
            for month in 1..=12 {
                for day in [1, 9, 10, 28] {
                    let date = Date(jiff::civil::Date::new(year, month, day).unwrap());
                    let iso = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(date.iso(), iso);
                    assert_eq!(date.to_string(), iso);
                    let display = date.display();
                    assert!(display.starts_with(&format!("{day} ")), "{display}");
                    assert!(display.ends_with(&format!(" {year}")), "{display}");
                }
            }
        }
        assert_eq!(d("0042-03-04").display(), "4 March 42");
        assert_eq!(d("2026-11-28").display(), "28 November 2026");
    }

    fn d(s: &str) -> Date {
        Date::parse(s).expect("a valid date")
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        assert_eq!(d("2026-01-31").add_months(1), Some(d("2026-02-28")));
        assert_eq!(
            d("2024-01-31").add_months(1),
            Some(d("2024-02-29")),
            "leap year"
        );
        assert_eq!(d("2024-02-29").add_months(12), Some(d("2025-02-28")));
        assert_eq!(d("2024-02-29").add_months(48), Some(d("2028-02-29")));
        assert_eq!(d("2026-03-31").add_months(1), Some(d("2026-04-30")));
        assert_eq!(d("2026-11-15").add_months(2), Some(d("2027-01-15")));
        assert_eq!(d("2026-05-20").add_months(36), Some(d("2029-05-20")));
        assert_eq!(d("2026-05-20").add_months(0), Some(d("2026-05-20")));
        assert_eq!(d("9999-12-01").add_months(1), None);
    }

    #[test]
    fn epoch_seconds_are_a_utc_date() {
        assert_eq!(Date::from_epoch_seconds(0), Some(d("1970-01-01")));
        // 2026-03-01 00:00:00 UTC and one second before it.
        assert_eq!(
            Date::from_epoch_seconds(1_772_323_200),
            Some(d("2026-03-01"))
        );
        assert_eq!(
            Date::from_epoch_seconds(1_772_323_199),
            Some(d("2026-02-28"))
        );
        assert_eq!(Date::from_epoch_seconds(i64::MAX), None);
    }
}
