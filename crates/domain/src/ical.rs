//! iCalendar (RFC 5545) feed of events, for subscription in Google, Outlook and Apple calendars.
//!
//! Event times are wall-clock times in Europe/Amsterdam. They are written with
//! `TZID=Europe/Amsterdam` plus a matching VTIMEZONE, so a client keeps an event at the same local
//! hour across a daylight-saving change instead of shifting it by an hour.

use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The only time zone of the feed; every event time is local to it.
const TZID: &str = "Europe/Amsterdam";

/// Longest physical line in octets, without its CRLF (RFC 5545 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Europe/Amsterdam as EU rules since 1996: clients that do not know the Olson name still get the
/// right offsets, and those that do see the same rules.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:STANDARD",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
];

/// One event of a feed. Times are wall-clock times in Europe/Amsterdam.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    /// Globally unique and stable, e.g. "event-12@middenveld".
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub start: PrimitiveDateTime,
    /// When absent, the event ends one hour after its start.
    pub end: Option<PrimitiveDateTime>,
    /// When the event was last changed (UTC), for LAST-MODIFIED and SEQUENCE-free updates.
    pub last_modified: OffsetDateTime,
}

/// The whole VCALENDAR text, CRLF line ends, folded lines.
pub fn calendar(name: &str, events: &[CalendarEvent], now: OffsetDateTime) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Middenveld//Evenementen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    push_line(&mut out, &format!("X-WR-TIMEZONE:{TZID}"));
    for line in VTIMEZONE {
        push_line(&mut out, line);
    }
    let stamp = utc_stamp(now);
    for event in events {
        push_event(&mut out, event, &stamp);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

fn push_event(out: &mut String, event: &CalendarEvent, stamp: &str) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", strip_controls(&event.uid)));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(out, &format!("DTSTART;TZID={TZID}:{}", local_stamp(event.start)));
    // Without DTEND a timed event would last zero time (RFC 5545 3.6.1); overflow at year 9999 is
    // the only way to get here with no end, and then that is the least wrong answer.
    if let Some(end) = effective_end(event) {
        push_line(out, &format!("DTEND;TZID={TZID}:{}", local_stamp(end)));
    }
    push_line(out, &format!("SUMMARY:{}", escape_text(&event.summary)));
    if let Some(description) = &event.description {
        push_line(out, &format!("DESCRIPTION:{}", escape_text(description)));
    }
    if let Some(location) = &event.location {
        push_line(out, &format!("LOCATION:{}", escape_text(location)));
    }
    if let Some(url) = &event.url {
        // A URI value has no TEXT escaping; a line break would end the property early.
        push_line(out, &format!("URL:{}", strip_controls(url)));
    }
    push_line(out, &format!("LAST-MODIFIED:{}", utc_stamp(event.last_modified)));
    push_line(out, "END:VEVENT");
}

/// The end to write: a missing end or one not after the start (bad data) becomes start + 1 hour,
/// so no client ever sees a negative or empty event.
fn effective_end(event: &CalendarEvent) -> Option<PrimitiveDateTime> {
    match event.end {
        Some(end) if end > event.start => Some(end),
        _ => event.start.checked_add(Duration::HOUR),
    }
}

/// `YYYYMMDDTHHMMSS`, a local (floating) DATE-TIME to pair with a TZID parameter.
fn local_stamp(t: PrimitiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `YYYYMMDDTHHMMSSZ`: DTSTAMP and LAST-MODIFIED must be UTC (RFC 5545 3.8.7.2, 3.8.7.3).
fn utc_stamp(t: OffsetDateTime) -> String {
    // Conversion only fails at the edge of the representable years; keep the wall clock then.
    let utc = t.checked_to_offset(UtcOffset::UTC).unwrap_or(t);
    format!("{}Z", local_stamp(PrimitiveDateTime::new(utc.date(), utc.time())))
}

/// TEXT escaping (RFC 5545 3.3.11). Every line-break form becomes `\n`; other control characters
/// are not allowed in TEXT and are dropped.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// For values that are not TEXT (UID as we generate it, URI): no escaping, but no line breaks or
/// other control characters either, since they would break the content line.
fn strip_controls(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// Appends one content line, folded at 75 octets with CRLF + space (RFC 5545 3.1), never inside
/// a UTF-8 character.
fn push_line(out: &mut String, line: &str) {
    let mut rest = line;
    // The first physical line may hold 75 octets; continuation lines lose one to the leading space.
    let mut limit = MAX_LINE_OCTETS;
    while rest.len() > limit {
        let Some((head, tail)) = fold_point(rest, limit).and_then(|at| rest.split_at_checked(at)) else {
            break;
        };
        out.push_str(head);
        out.push_str("\r\n ");
        rest = tail;
        limit = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// The last octet offset at or before `limit` where `rest` may be cut: on a char boundary, and
/// not between a TEXT escape's backslash and its letter. RFC 5545 allows the latter, but keeping
/// `\n` and `\,` whole costs nothing and spares clients that unescape before unfolding.
fn fold_point(rest: &str, limit: usize) -> Option<usize> {
    // A char is at most 4 octets, so a boundary is always found within the last 4 positions.
    let at = (limit.saturating_sub(3)..=limit)
        .rev()
        .find(|&at| at > 0 && rest.is_char_boundary(at))?;
    // An odd run of backslashes before the cut ends in an escape's opening backslash.
    let backslashes = rest.get(..at)?.bytes().rev().take_while(|&b| b == b'\\').count();
    if backslashes % 2 == 1 && at > 1 {
        Some(at - 1)
    } else {
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn event(uid: &str, start: PrimitiveDateTime, end: Option<PrimitiveDateTime>) -> CalendarEvent {
        CalendarEvent {
            uid: uid.to_string(),
            summary: "Netwerkbijeenkomst".to_string(),
            description: None,
            location: None,
            url: None,
            start,
            end,
            last_modified: datetime!(2026-01-02 10:00:00 +1),
        }
    }

    /// Undoes folding (RFC 5545 3.1): CRLF followed by one space or tab disappears.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "").replace("\r\n\t", "")
    }

    fn lines(text: &str) -> Vec<String> {
        unfold(text).split("\r\n").map(str::to_string).collect()
    }

    fn now() -> OffsetDateTime {
        datetime!(2026-05-04 14:15:16 +2)
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("een\r\ntwee\rdrie\nvier"), r"een\ntwee\ndrie\nvier");
        assert_eq!(escape_text("tab\there\u{7}"), "tab\there");
        assert_eq!(escape_text("café: 5 €"), "café: 5 €");
    }

    #[test]
    fn uid_and_url_lose_line_breaks_but_are_not_escaped() {
        let mut e = event("event-1@middenveld\r\n", datetime!(2026-06-01 10:00), None);
        e.url = Some("https://example.nl/a?b=1,2;c\r\nX-EVIL:1".to_string());
        let text = calendar("Agenda", &[e], now());
        let l = lines(&text);
        assert!(l.contains(&"UID:event-1@middenveld".to_string()));
        assert!(l.contains(&"URL:https://example.nl/a?b=1,2;cX-EVIL:1".to_string()));
        assert!(!l.iter().any(|x| x.starts_with("X-EVIL")));
    }

    #[test]
    fn long_lines_fold_on_character_boundaries() {
        // Multi-byte characters at every offset, so some land on the 75-octet boundary.
        for pad in 0..4 {
            let summary = format!("{}{}", "x".repeat(pad), "é€a".repeat(60));
            let mut out = String::new();
            let line = format!("SUMMARY:{summary}");
            push_line(&mut out, &line);
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            assert!(physical.len() > 2, "expected folding");
            for (i, p) in physical.iter().enumerate() {
                assert!(p.len() <= 75, "line {i} has {} octets", p.len());
                if i > 0 {
                    assert!(p.starts_with(' '));
                }
            }
            // Every physical line is valid UTF-8 on its own since `out` is a String of whole chars;
            // unfolding must give the original back.
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn folding_keeps_escapes_whole() {
        for pad in 0..6 {
            let summary = format!("{}{}", "x".repeat(pad), "a,\\b\n;\\\\".repeat(20));
            let mut out = String::new();
            let line = format!("SUMMARY:{}", escape_text(&summary));
            push_line(&mut out, &line);
            for p in out.trim_end_matches("\r\n").split("\r\n") {
                assert!(p.len() <= 75);
                let trailing = p.bytes().rev().take_while(|&b| b == b'\\').count();
                assert_eq!(trailing % 2, 0, "escape split in {p:?}");
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn short_line_is_not_folded() {
        let mut out = String::new();
        push_line(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
        let mut out = String::new();
        push_line(&mut out, &"a".repeat(76));
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));
    }

    #[test]
    fn calendar_has_header_and_one_timezone() {
        let events = [
            event("a@middenveld", datetime!(2026-06-01 10:00), None),
            event("b@middenveld", datetime!(2026-12-01 10:00), None),
        ];
        let text = calendar("Evenementen, Gelderland", &events, now());
        let l = lines(&text);
        assert_eq!(l.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        for expected in [
            "VERSION:2.0",
            "PRODID:-//Middenveld//Evenementen//NL",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            r"X-WR-CALNAME:Evenementen\, Gelderland",
            "X-WR-TIMEZONE:Europe/Amsterdam",
            "TZOFFSETFROM:+0200",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        ] {
            assert!(l.iter().any(|x| x == expected), "missing {expected}");
        }
        assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);
        assert_eq!(text.matches("TZID:Europe/Amsterdam\r\n").count(), 1);
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let mut e = event("a@middenveld", datetime!(2026-06-01 10:00), None);
        e.description = Some("regel 1\nregel 2\r\nregel 3\r".repeat(10));
        e.location = Some("Stationsplein 1,\nArnhem".to_string());
        let text = calendar("Agenda", &[e], now());
        assert!(text.ends_with("\r\n"));
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        assert_eq!(text.matches('\r').count(), text.matches("\r\n").count());
    }

    #[test]
    fn event_properties_are_written() {
        let mut e = event(
            "event-12@middenveld",
            datetime!(2026-06-01 10:00),
            Some(datetime!(2026-06-01 12:30)),
        );
        e.description = Some("Eerste regel\nTweede; met komma, en \\".to_string());
        e.location = Some("Stationsplein 1, Arnhem".to_string());
        e.url = Some("https://middenveld.example/evenementen/12".to_string());
        let l = lines(&calendar("Agenda", &[e], now()));
        for expected in [
            "BEGIN:VEVENT",
            "UID:event-12@middenveld",
            "DTSTAMP:20260504T121516Z",
            "DTSTART;TZID=Europe/Amsterdam:20260601T100000",
            "DTEND;TZID=Europe/Amsterdam:20260601T123000",
            "SUMMARY:Netwerkbijeenkomst",
            r"DESCRIPTION:Eerste regel\nTweede\; met komma\, en \\",
            r"LOCATION:Stationsplein 1\, Arnhem",
            "URL:https://middenveld.example/evenementen/12",
            "LAST-MODIFIED:20260102T090000Z",
            "END:VEVENT",
        ] {
            assert!(l.iter().any(|x| x == expected), "missing {expected}");
        }
    }

    #[test]
    fn optional_properties_are_left_out() {
        let text = calendar(
            "Agenda",
            &[event("a@middenveld", datetime!(2026-06-01 10:00), None)],
            now(),
        );
        for absent in ["DESCRIPTION", "LOCATION", "URL:", "SEQUENCE", "DURATION"] {
            assert!(!text.contains(absent), "unexpected {absent}");
        }
    }

    #[test]
    fn event_across_dst_change_keeps_local_times() {
        let e = event(
            "dst@middenveld",
            datetime!(2026-10-25 01:30),
            Some(datetime!(2026-10-25 03:30)),
        );
        let l = lines(&calendar("Agenda", &[e], now()));
        assert!(l.contains(&"DTSTART;TZID=Europe/Amsterdam:20261025T013000".to_string()));
        assert!(l.contains(&"DTEND;TZID=Europe/Amsterdam:20261025T033000".to_string()));
    }

    #[test]
    fn missing_or_bad_end_becomes_one_hour() {
        let cases = [
            (datetime!(2026-06-01 23:30), None, "20260602T003000"),
            (
                datetime!(2026-06-01 10:00),
                Some(datetime!(2026-06-01 10:00)),
                "20260601T110000",
            ),
            (
                datetime!(2026-06-01 10:00),
                Some(datetime!(2026-06-01 09:00)),
                "20260601T110000",
            ),
        ];
        for (start, end, expected) in cases {
            let l = lines(&calendar("Agenda", &[event("a@middenveld", start, end)], now()));
            assert!(
                l.contains(&format!("DTEND;TZID=Europe/Amsterdam:{expected}")),
                "{start} {end:?}"
            );
        }
    }

    #[test]
    fn empty_feed_is_still_a_calendar() {
        let text = calendar("Agenda", &[], now());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("BEGIN:VTIMEZONE"));
        assert!(!text.contains("BEGIN:VEVENT"));
    }

    /// Writes a sample feed for tests/ical/check_feed.py when ICAL_SAMPLE names a file.
    #[test]
    fn write_sample_feed() {
        let Ok(path) = std::env::var("ICAL_SAMPLE") else { return };
        let mut long = event(
            "long@middenveld",
            datetime!(2026-03-29 01:30),
            Some(datetime!(2026-03-29 04:00)),
        );
        long.summary = format!("Zomertijd {}", "é€, ; \\ ".repeat(20));
        long.description = Some("Regel 1\r\nRegel 2\nRegel 3".to_string());
        long.location = Some("Stationsplein 1, Arnhem".to_string());
        long.url = Some("https://middenveld.example/evenementen/2?a=1,2;b".to_string());
        let mut bad = event(
            "bad-end@middenveld",
            datetime!(2026-07-01 23:30),
            Some(datetime!(2026-07-01 20:00)),
        );
        bad.summary = "Verkeerd einde".to_string();
        let events = [
            event(
                "dst@middenveld",
                datetime!(2026-10-25 01:30),
                Some(datetime!(2026-10-25 03:30)),
            ),
            long,
            bad,
            event("winter@middenveld", datetime!(2026-12-01 10:00), None),
        ];
        std::fs::write(path, calendar("Evenementen, Middenveld", &events, now())).unwrap();
    }
}
