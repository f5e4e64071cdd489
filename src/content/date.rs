//! Calendar dates written `YYYY-MM-DD` in front matter and the FAQ, validated on parse.

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
        format!("{} {} {}", self.0.day(), month, self.0.year())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
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
}
