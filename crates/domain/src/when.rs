//! Dates and timestamps: ISO in storage, Dutch on screen.

use crate::ErrorCode;
use time::macros::format_description;

/// A calendar date. Stored as `YYYY-MM-DD`, shown as `21-02-2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

impl Date {
    /// Accepts ISO (2023-02-21) and the Dutch forms 21-02-2023, 21.02.2023 and 21/02/2023.
    pub fn parse(input: &str) -> Result<Date, ErrorCode> {
        let t = input.trim();
        let iso = format_description!("[year]-[month]-[day]");
        if let Ok(d) = time::Date::parse(t, &iso) {
            return Ok(Date(d));
        }
        let normalised = t.replace(['.', '/'], "-");
        let dutch = format_description!("[day padding:none]-[month padding:none]-[year]");
        time::Date::parse(&normalised, &dutch)
            .map(Date)
            .map_err(|_| ErrorCode::DateFormat)
    }

    pub fn optional(input: Option<&str>) -> Result<Option<Date>, ErrorCode> {
        match input.map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => Date::parse(s).map(Some),
        }
    }

    pub fn iso(self) -> String {
        let (y, m, d) = (self.0.year(), u8::from(self.0.month()), self.0.day());
        format!("{y:04}-{m:02}-{d:02}")
    }

    pub fn dutch(self) -> String {
        let (y, m, d) = (self.0.year(), u8::from(self.0.month()), self.0.day());
        format!("{d:02}-{m:02}-{y:04}")
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }
}

/// A wall-clock time in Europe/Amsterdam, to the minute (when an event begins). Stored as
/// `YYYY-MM-DDTHH:MM`, which sorts as text; shown as `12-03-2026 14:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime(pub time::PrimitiveDateTime);

impl LocalDateTime {
    /// Accepts the HTML form value `2026-03-12T14:00`, ISO with a space, and a Dutch date
    /// (12-03-2026, 12.03.2026, 12/03/2026) followed by a time 14:00 or 14.00. Seconds are
    /// dropped; a date alone is not a time.
    pub fn parse(input: &str) -> Result<LocalDateTime, ErrorCode> {
        let t = input.trim();
        let (date, clock) = t
            .split_once('T')
            .or_else(|| t.split_once(' '))
            .ok_or(ErrorCode::DateTimeFormat)?;
        let date = Date::parse(date).map_err(|_| ErrorCode::DateTimeFormat)?;
        let clock = clock.trim().replace('.', ":");
        let mut parts = clock.split(':');
        let hour = parts.next().and_then(|h| h.parse::<u8>().ok());
        let minute = parts.next().and_then(|m| m.parse::<u8>().ok());
        let seconds_ok = parts.next().is_none_or(|s| s.parse::<f64>().is_ok()) && parts.next().is_none();
        match (hour, minute) {
            (Some(h), Some(m)) if seconds_ok => time::Time::from_hms(h, m, 0)
                .map(|t| LocalDateTime(time::PrimitiveDateTime::new(date.0, t)))
                .map_err(|_| ErrorCode::DateTimeFormat),
            _ => Err(ErrorCode::DateTimeFormat),
        }
    }

    pub fn optional(input: Option<&str>) -> Result<Option<LocalDateTime>, ErrorCode> {
        match input.map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => LocalDateTime::parse(s).map(Some),
        }
    }

    /// `2026-03-12T14:00`: storage, the API and the HTML `datetime-local` value.
    pub fn iso(self) -> String {
        format!("{}T{:02}:{:02}", self.date().iso(), self.0.hour(), self.0.minute())
    }

    /// `12-03-2026 14:00`.
    pub fn dutch(self) -> String {
        format!("{} {:02}:{:02}", self.date().dutch(), self.0.hour(), self.0.minute())
    }

    pub fn date(self) -> Date {
        Date(self.0.date())
    }

    /// Now, on the clock in Amsterdam.
    pub fn now() -> LocalDateTime {
        let utc = time::OffsetDateTime::now_utc();
        let local = utc.to_offset(amsterdam_offset(utc));
        let t = time::PrimitiveDateTime::new(local.date(), local.time());
        LocalDateTime(t.replace_second(0).unwrap_or(t).replace_nanosecond(0).unwrap_or(t))
    }
}

/// A moment, stored as RFC 3339 UTC text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub time::OffsetDateTime);

impl Timestamp {
    pub fn parse(input: &str) -> Result<Timestamp, ErrorCode> {
        time::OffsetDateTime::parse(input, &time::format_description::well_known::Rfc3339)
            .map(Timestamp)
            .map_err(|_| ErrorCode::DateFormat)
    }

    pub fn rfc3339(self) -> String {
        let t = self.0.to_offset(time::UtcOffset::UTC);
        let f = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        t.format(&f).unwrap_or_default()
    }

    /// "21-02-2023 14:05" in Dutch local time (CET/CEST).
    pub fn dutch(self) -> String {
        let local = self.0.to_offset(amsterdam_offset(self.0));
        let f = format_description!("[day]-[month]-[year] [hour]:[minute]");
        local.format(&f).unwrap_or_default()
    }
}

/// The UTC offset of Europe/Amsterdam at a moment: +02:00 from the last Sunday of March
/// 01:00 UTC to the last Sunday of October 01:00 UTC, +01:00 otherwise (EU rule since 1996).
pub fn amsterdam_offset(at: time::OffsetDateTime) -> time::UtcOffset {
    let utc = at.to_offset(time::UtcOffset::UTC);
    let year = utc.year();
    let start = last_sunday_0100_utc(year, time::Month::March);
    let end = last_sunday_0100_utc(year, time::Month::October);
    let hours = match (start, end) {
        (Some(s), Some(e)) if utc >= s && utc < e => 2,
        _ => 1,
    };
    time::UtcOffset::from_hms(hours, 0, 0).unwrap_or(time::UtcOffset::UTC)
}

fn last_sunday_0100_utc(year: i32, month: time::Month) -> Option<time::OffsetDateTime> {
    let last_day = time::util::days_in_month(month, year);
    let date = time::Date::from_calendar_date(year, month, last_day).ok()?;
    let back = date.weekday().number_days_from_sunday();
    let sunday = date.checked_sub(time::Duration::days(i64::from(back)))?;
    Some(sunday.with_hms(1, 0, 0).ok()?.assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_dutch_dates_parse() {
        for s in ["2023-02-21", "21-02-2023", "21.02.2023", "21/02/2023", "21-2-2023"] {
            assert_eq!(Date::parse(s).map(|d| d.iso()), Ok("2023-02-21".into()), "{s}");
        }
        assert_eq!(Date::parse("31-02-2023"), Err(ErrorCode::DateFormat));
        assert_eq!(Date::parse("gisteren"), Err(ErrorCode::DateFormat));
    }

    #[test]
    fn local_times_parse_from_forms_and_dutch_text() {
        for s in [
            "2026-03-12T14:00",
            "2026-03-12 14:00",
            "12-03-2026 14:00",
            "12.03.2026 14.00",
            "2026-03-12T14:00:00",
        ] {
            assert_eq!(
                LocalDateTime::parse(s).map(|d| d.iso()),
                Ok("2026-03-12T14:00".into()),
                "{s}"
            );
        }
        for s in ["2026-03-12", "12-03-2026 25:00", "morgen 14:00", "2026-03-12T14", ""] {
            assert_eq!(LocalDateTime::parse(s), Err(ErrorCode::DateTimeFormat), "{s}");
        }
        assert_eq!(
            LocalDateTime::parse("2026-03-12T09:05").map(|d| d.dutch()),
            Ok("12-03-2026 09:05".into())
        );
    }

    #[test]
    fn dates_are_shown_the_dutch_way() {
        assert_eq!(Date::parse("2023-02-21").map(|d| d.dutch()), Ok("21-02-2023".into()));
    }

    #[test]
    fn amsterdam_switches_to_summer_time_on_the_last_sunday_of_march() {
        let before = time::macros::datetime!(2026-03-29 00:59 UTC);
        let after = time::macros::datetime!(2026-03-29 01:00 UTC);
        assert_eq!(amsterdam_offset(before).whole_hours(), 1);
        assert_eq!(amsterdam_offset(after).whole_hours(), 2);
        let autumn = time::macros::datetime!(2026-10-25 01:00 UTC);
        assert_eq!(amsterdam_offset(autumn).whole_hours(), 1);
    }
}
