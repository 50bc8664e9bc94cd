//! Events, registrations and attendance, and the iCalendar feed, as a partner uses them.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn a_partner_plans_an_event_registers_people_and_records_attendance(app: &TestApp) {
    let api = app.api("partner", Role::Editor).await;
    let org = api
        .create(
            "/organisaties",
            json!({"naam": "Kennispoort Regio Zwolle", "soort": "intermediair"}),
        )
        .await;
    let anne = api
        .create("/personen", json!({"naam": "Anne de Vries", "email": "anne@voorbeeld.nl", "grondslag": "toestemming", "grondslagDatum": "2026-01-05"}))
        .await;
    let bas = api
        .create(
            "/personen",
            json!({"naam": "Bas Jansen", "grondslag": "toestemming", "grondslagDatum": "2026-01-05"}),
        )
        .await;

    // A past event: attendance can be recorded.
    let r = api
        .post("/evenementen", json!({"naam": "Waardemakers: circulair inkopen", "soort": "netwerkbijeenkomst", "begin": "10-02-2026 14:00", "einde": "2026-02-10T17:00", "locatie": "Zwolle", "organisatorId": org}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let past = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["begin"], "2026-02-10T14:00");
    assert_eq!(r.body["organisator"], "Kennispoort Regio Zwolle");
    assert_eq!(r.headers["location"], format!("/api/v1/evenementen/{past}"));

    let r = api
        .put(
            &format!("/evenementen/{past}/registraties/{anne}"),
            json!({"organisatieId": org, "status": "aanwezig"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "aanwezig");
    assert_eq!(r.body["organisatie"], "Kennispoort Regio Zwolle");
    let r = api
        .put(
            &format!("/evenementen/{past}/registraties/{bas}"),
            json!({"status": "afwezig"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = api.get(&format!("/evenementen/{past}/registraties")).await;
    assert_eq!(
        (r.body["totaal"].as_i64(), r.body["aanwezig"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(r.body["items"][0]["persoon"], "Anne de Vries");
    let r = api.get(&format!("/evenementen/{past}")).await;
    assert_eq!(
        (r.body["aanmeldingen"].as_i64(), r.body["aanwezigen"].as_i64()),
        (Some(2), Some(1))
    );

    // A future event: registered, but not yet attended.
    let future = api
        .create(
            "/evenementen",
            json!({"naam": "CIRCO Track sessie 1", "soort": "tracksessie", "begin": "2030-05-12T09:00"}),
        )
        .await;
    let r = api
        .put(
            &format!("/evenementen/{future}/registraties/{anne}"),
            json!({"status": "aanwezig"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["status"]);
    assert!(
        r.body["invalidParams"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("zodra het evenement begonnen is")
    );
    let r = api
        .put(&format!("/evenementen/{future}/registraties/{anne}"), json!({}))
        .await;
    assert_eq!(r.body["status"], "aangemeld", "{}", r.body);
    // Moving the past event into the future while attendance is recorded is refused.
    let r = api
        .put(
            &format!("/evenementen/{past}"),
            json!({"naam": "Verzet", "soort": "workshop", "begin": "2030-01-01T10:00"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["begin"]);

    // Bad input: named fields, nothing written.
    let r = api
        .post("/evenementen", json!({"naam": "", "soort": "feest", "begin": "morgen", "einde": "2026-01-01T10:00", "organisatorId": 999_999}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["naam", "soort", "begin"]);
    let r = api
        .post("/evenementen", json!({"naam": "Te vroeg klaar", "soort": "webinar", "begin": "2030-01-01T10:00", "einde": "2030-01-01T09:00"}))
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["einde"]);
    let r = api
        .post("/evenementen", json!({"naam": "Onbekende organisator", "soort": "webinar", "begin": "2030-01-01T10:00", "organisatorId": 999_999}))
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["organisatorId"]);
    let r = api
        .put(&format!("/evenementen/{future}/registraties/999999"), json!({}))
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["persoonId"]);
    let r = api
        .put(&format!("/evenementen/999999/registraties/{anne}"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/evenementen?periode=alle").await.body["totaal"], 2);

    // Lists: upcoming by default, past, by organiser; an unknown period is a 400.
    let r = api.get("/evenementen").await;
    assert_eq!(r.body["totaal"], 1);
    assert_eq!(r.body["items"][0]["naam"], "CIRCO Track sessie 1");
    assert_eq!(
        api.get("/evenementen?periode=geweest").await.body["items"][0]["id"],
        past
    );
    assert_eq!(
        api.get(&format!("/evenementen?periode=alle&organisator={org}"))
            .await
            .body["totaal"],
        1
    );
    assert_eq!(
        api.get(&format!("/evenementen?periode=alle&organisatie={org}"))
            .await
            .body["totaal"],
        1
    );
    assert_eq!(
        api.get("/evenementen?periode=morgen").await.status,
        StatusCode::BAD_REQUEST
    );

    // Removing a registration, then the event with what is left.
    assert_eq!(
        api.delete(&format!("/evenementen/{past}/registraties/{bas}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/evenementen/{past}/registraties")).await.body["totaal"],
        1
    );
    assert_eq!(
        api.delete(&format!("/evenementen/{past}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/evenementen/{past}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = api.get(&format!("/personen/{anne}")).await;
    assert_eq!(r.status, StatusCode::OK, "the people stay");
}
both!(a_partner_plans_an_event_registers_people_and_records_attendance);

async fn the_event_pages_plan_register_and_confirm_before_deleting(app: &TestApp) {
    let b = app.browser("partner", Role::Editor).await;
    let (status, page, _) = b
        .post_form_text(
            "/evenementen/nieuw",
            &[("naam", ""), ("soort", "workshop"), ("begin", "12-03-2026 25:00")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."), "{page}");
    assert!(page.contains("Dit is geen geldig tijdstip"), "{page}");
    let (status, _, location) = b
        .post_form_text(
            "/evenementen/nieuw",
            &[
                ("naam", "Masterclass circulair ontwerpen"),
                ("soort", "masterclass"),
                ("begin", "2026-03-12T14:00"),
                ("einde", "2026-03-12T17:00"),
                ("locatie", "Enschede"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    let id: i64 = location
        .trim_start_matches("/evenementen/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let person = app
        .api("koppeling", Role::Editor)
        .await
        .create(
            "/personen",
            json!({"naam": "Chris Smit", "grondslag": "toestemming", "grondslagDatum": "2026-01-05"}),
        )
        .await;
    let (status, _, _) = b
        .post_form_text(
            &format!("/evenementen/{id}/registraties"),
            &[
                ("persoonId", &person.to_string()),
                ("organisatieId", ""),
                ("status", "aanwezig"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = b.get(&format!("/evenementen/{id}")).await;
    assert!(page.contains("Chris Smit") && page.contains("Aanwezig"), "{page}");
    assert!(page.contains("12-03-2026 14:00"));
    let (_, page) = b.get("/evenementen?periode=geweest").await;
    assert!(page.contains("Masterclass circulair ontwerpen"));
    assert!(page.contains("12-03-2026 14:00–17:00"));
    assert!(page.contains("href=\"/evenementen.ics\""));
    let (_, page) = b.get("/evenementen").await;
    assert!(
        !page.contains("Masterclass circulair ontwerpen"),
        "past events are not upcoming"
    );

    let (_, page) = b.get(&format!("/personen/{person}")).await;
    assert!(
        page.contains(&format!("href=\"/evenementen/{id}\"")) && page.contains("Masterclass circulair ontwerpen"),
        "the person's page lists the event"
    );

    let (status, page) = b.get(&format!("/evenementen/{id}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Aanmeldingen: 1"), "{page}");
    let (status, _, location) = b.post_form_text(&format!("/evenementen/{id}/verwijderen"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/evenementen?melding=verwijderd"));
}
both!(the_event_pages_plan_register_and_confirm_before_deleting);

/// The feed, read by an independent parser (Python's `icalendar`): the right events at the
/// right instants, across both daylight-saving changes.
async fn the_calendar_feed_gives_upcoming_events_at_the_right_times(app: &TestApp) {
    let api = app.api("partner", Role::Editor).await;
    let events = [
        ("Winterbijeenkomst; met komma, en puntkomma", "2027-01-20T09:00", None),
        ("Zomerwerkplaats", "2027-06-15T14:00", Some("2027-06-15T17:00")),
        ("Nacht van de zomertijd", "2027-03-28T01:30", Some("2027-03-28T03:30")),
        ("Nacht van de wintertijd", "2027-10-31T01:30", Some("2027-10-31T03:30")),
        ("Al geweest", "2025-05-01T10:00", Some("2025-05-01T12:00")),
    ];
    let mut ids = Vec::new();
    for (name, begin, end) in events {
        ids.push(
            api.create("/evenementen", json!({"naam": name, "soort": "workshop", "begin": begin, "einde": end, "locatie": "Zwolle, Provinciehuis"}))
                .await,
        );
    }
    // Public: no login needed.
    let r = reqwest::get(format!("{}/evenementen.ics", app.base)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let feed = r.text().await.unwrap();
    assert!(!feed.contains("Al geweest"));
    assert!(feed.contains("Winterbijeenkomst\\; met komma\\, en puntkomma"));

    let expected = json!({
        "exact": true,
        "events": [
            {"uid": format!("evenement-{}@middenveld", ids[0]), "summary": events[0].0, "start_utc": "2027-01-20T08:00:00Z", "end_utc": "2027-01-20T09:00:00Z"},
            {"uid": format!("evenement-{}@middenveld", ids[1]), "summary": events[1].0, "start_utc": "2027-06-15T12:00:00Z", "end_utc": "2027-06-15T15:00:00Z"},
            {"uid": format!("evenement-{}@middenveld", ids[2]), "summary": events[2].0, "start_utc": "2027-03-28T00:30:00Z", "end_utc": "2027-03-28T01:30:00Z"},
            {"uid": format!("evenement-{}@middenveld", ids[3]), "summary": events[3].0, "start_utc": "2027-10-30T23:30:00Z", "end_utc": "2027-10-31T02:30:00Z"},
        ]
    });
    check_with_python(&feed, &expected);
}
both!(the_calendar_feed_gives_upcoming_events_at_the_right_times);

/// Runs tests/ical/check_feed.py on the feed. Without Python's `icalendar` the check is
/// skipped with a warning, unless MIDDENVELD_REQUIRE_ICAL is set (as CI does).
fn check_with_python(feed: &str, expected: &serde_json::Value) {
    let has_parser = std::process::Command::new("python3")
        .args(["-c", "import icalendar"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_parser {
        assert!(
            std::env::var_os("MIDDENVELD_REQUIRE_ICAL").is_none(),
            "Python's icalendar is needed: pip install icalendar"
        );
        eprintln!("Python's icalendar is missing (pip install icalendar): feed check skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("middenveld-ical-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let (feed_path, expect_path) = (dir.join("feed.ics"), dir.join("expect.json"));
    std::fs::write(&feed_path, feed).unwrap();
    std::fs::write(&expect_path, expected.to_string()).unwrap();
    let out = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ical/check_feed.py"))
        .arg(&feed_path)
        .arg(&expect_path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}\n{}\n{feed}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}
