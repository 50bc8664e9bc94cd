#!/usr/bin/env python3
"""Check an iCalendar feed with an independent parser (PyPI `icalendar`, version 6 or later).

Usage: check_feed.py FEED.ics EXPECTED.json

EXPECTED.json:
    {"exact": true,
     "events": [{"uid": "event-12@middenveld", "summary": "...",
                 "start_utc": "2026-10-24T23:30:00Z", "end_utc": "2026-10-25T02:30:00Z"}]}
A bare list of events is accepted too (then "exact" is false).

Checks, each failure printed and exit status 1:
  - the raw text uses CRLF only and no physical line exceeds 75 octets (RFC 5545 3.1);
  - the text parses as one VCALENDAR;
  - every TZID used by an event has a VTIMEZONE in the feed;
  - each expected event exists by UID with that SUMMARY, and its DTSTART/DTEND are the expected
    UTC instants, both as icalendar resolves the TZID (zoneinfo) and as the feed's own VTIMEZONE
    defines it (so a wrong VTIMEZONE is caught even though zoneinfo knows Europe/Amsterdam);
  - with "exact": true, the number of VEVENTs equals the number of expected events.
On success prints "ok: N events" (N = VEVENTs in the feed) and exits 0.
"""

import datetime
import json
import sys

try:
    import icalendar
except ImportError:
    print("error: the Python package 'icalendar' is missing (pip install 'icalendar>=6')", file=sys.stderr)
    sys.exit(2)

UTC = datetime.timezone.utc


def parse_utc(text):
    """'2026-10-25T00:30:00Z' -> aware UTC datetime."""
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no offset; write it in UTC with a trailing Z")
    return value.astimezone(UTC)


def raw_problems(data):
    """Line-level rules that a parser forgives but some clients do not."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the feed does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare LF or CR")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: not valid UTF-8 on its own (fold inside a character?)")
    return problems


def feed_timezones(calendar):
    """TZID -> tzinfo built from the feed's own VTIMEZONE, not looked up by name."""
    zones = {}
    for vtimezone in calendar.walk("VTIMEZONE"):
        tzid = str(vtimezone.get("TZID"))
        try:
            zones[tzid] = vtimezone.to_tz(lookup_tzid=False)
        except TypeError:  # icalendar 6.0 has no lookup_tzid and always builds from the definition
            zones[tzid] = vtimezone.to_tz()
    return zones


def instants(prop, zones):
    """(UTC by icalendar's own resolution, UTC by the feed's VTIMEZONE) of a DTSTART/DTEND."""
    value = prop.dt
    if not isinstance(value, datetime.datetime):
        raise ValueError(f"{value!r} is a date, not a date-time")
    if value.tzinfo is None:
        raise ValueError(f"{value!r} is floating (no TZID and no Z)")
    by_parser = value.astimezone(UTC)
    tzid = prop.params.get("TZID")
    if tzid is None:
        return by_parser, by_parser
    if tzid not in zones:
        raise ValueError(f"TZID {tzid} has no VTIMEZONE in the feed")
    by_feed = value.replace(tzinfo=zones[tzid]).astimezone(UTC)
    return by_parser, by_feed


def check(feed_path, expected_path):
    with open(feed_path, "rb") as f:
        data = f.read()
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    if isinstance(expected, list):
        expected = {"events": expected}
    expected_events = expected.get("events", [])

    problems = raw_problems(data)

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001 - any parse failure is the finding
        return problems + [f"the feed does not parse: {error}"], 0
    if calendar.name != "VCALENDAR":
        return problems + [f"top component is {calendar.name}, not VCALENDAR"], 0

    zones = feed_timezones(calendar)
    events = calendar.walk("VEVENT")
    by_uid = {}
    for event in events:
        uid = str(event.get("UID", ""))
        if not uid:
            problems.append("a VEVENT has no UID")
        elif uid in by_uid:
            problems.append(f"UID {uid} occurs more than once")
        by_uid[uid] = event
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            tzid = prop.params.get("TZID") if prop is not None else None
            if tzid is not None and tzid not in zones:
                problems.append(f"{uid}: {name} uses TZID {tzid} without a VTIMEZONE")

    for want in expected_events:
        uid = want["uid"]
        event = by_uid.get(uid)
        if event is None:
            problems.append(f"{uid}: no VEVENT with this UID")
            continue
        summary = str(event.get("SUMMARY", ""))
        if "summary" in want and summary != want["summary"]:
            problems.append(f"{uid}: SUMMARY is {summary!r}, expected {want['summary']!r}")
        for name, key in (("DTSTART", "start_utc"), ("DTEND", "end_utc")):
            if key not in want:
                continue
            prop = event.get(name)
            if prop is None:
                problems.append(f"{uid}: no {name}")
                continue
            wanted = parse_utc(want[key])
            try:
                by_parser, by_feed = instants(prop, zones)
            except ValueError as error:
                problems.append(f"{uid}: {name}: {error}")
                continue
            if by_parser != wanted:
                problems.append(
                    f"{uid}: {name} is {by_parser.isoformat()} (TZID resolved by icalendar), expected {wanted.isoformat()}"
                )
            if by_feed != wanted:
                problems.append(
                    f"{uid}: {name} is {by_feed.isoformat()} by the feed's VTIMEZONE, expected {wanted.isoformat()}"
                )

    if expected.get("exact") and len(events) != len(expected_events):
        problems.append(f"{len(events)} VEVENTs in the feed, expected exactly {len(expected_events)}")
    return problems, len(events)


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} FEED.ics EXPECTED.json", file=sys.stderr)
        return 2
    problems, count = check(argv[1], argv[2])
    if problems:
        for problem in problems:
            print(f"FAIL: {problem}")
        return 1
    print(f"ok: {count} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
