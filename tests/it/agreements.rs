//! Agreements of seed 004: the IPO strength map with five offers and three asks, confirmed
//! and evaluated every year, with a reminder when a year's evaluation is due.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::{Date, Role};
use middenveld_services::Actor;
use reqwest::StatusCode;
use serde_json::json;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

async fn due_years(app: &TestApp, id: i64, today: &str) -> Vec<(i32, bool)> {
    app.services
        .evaluations_due(&Actor::system("test"), d(today))
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.agreement_id == id)
        .map(|e| (e.year, e.overdue))
        .collect()
}

async fn the_province_registers_the_strength_map_and_confirms_and_evaluates_it_every_year(app: &TestApp) {
    let api = app.api("provincie", Role::Editor).await;
    let theme = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let ipo = api
        .create(
            "/organisaties",
            json!({"naam": "Interprovinciaal Overleg", "soort": "overheid"}),
        )
        .await;
    let r = api
        .post(
            "/afspraken",
            json!({
                "naam": "Krachtenkaart circulaire economie (IPO)",
                "partijen": ["Rijk"],
                "organisaties": [ipo],
                "startjaar": 2021,
                "aanbod": ["Verbinden", "Kennis stimuleren", "Vertegenwoordigen", "Regierol", "UPCE"],
                "vragen": ["Uitvoering", "Regelgeving", "Ontwikkeling"],
                "themas": [theme]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["aanbod"].as_array().unwrap().len(), 5);
    assert_eq!(r.body["vragen"][2], "Ontwikkeling");
    assert_eq!(r.body["partijen"][0], "Rijk");
    assert_eq!(r.body["organisaties"][0], ipo);
    assert_eq!(r.body["evaluatieDag"], "01-12");
    assert_eq!(r.body["stand"], "lopend");

    // Bad input names the fields, as problem+json.
    let r = api
        .post(
            "/afspraken",
            json!({"naam": "", "startjaar": "ooit", "evaluatieDag": "30-02", "themas": [999999]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.content_type().starts_with("application/problem+json"));
    assert_eq!(invalid_fields(&r.body), vec!["naam", "startjaar", "evaluatieDag"]);
    let r = api
        .post(
            "/afspraken",
            json!({"naam": "X", "startjaar": 2021, "themas": [999999]}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["themas"]);

    // Outside the window no reminder; from 30 days before the due date it shows.
    assert_eq!(due_years(app, id, "2021-10-31").await, vec![]);
    assert_eq!(due_years(app, id, "2021-11-01").await, vec![(2021, false)]);
    assert_eq!(due_years(app, id, "2021-12-02").await, vec![(2021, true)]);

    // Years: confirmed, adjusted (with what changed).
    let r = api
        .post(
            &format!("/afspraken/{id}/jaren"),
            json!({"jaar": 2021, "status": "bevestigd", "datum": "2021-11-20", "evaluatie": "Handreikingen lopen."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(due_years(app, id, "2021-12-02").await, vec![], "gone once recorded");
    let r = api
        .post(
            &format!("/afspraken/{id}/jaren"),
            json!({"jaar": 2022, "status": "aangepast", "evaluatie": "Vragen herzien."}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["wijziging"]);
    api.create(
        &format!("/afspraken/{id}/jaren"),
        json!({"jaar": 2022, "status": "aangepast", "datum": "2022-11-25", "evaluatie": "Vragen herzien.", "wijziging": "Derde vraag toegevoegd"}),
    )
    .await;

    // Duplicate year, a year before the start and a future year are refused on the field.
    for (jaar, why) in [(2021, "duplicate"), (2019, "before start"), (2100, "future")] {
        let r = api
            .post(
                &format!("/afspraken/{id}/jaren"),
                json!({"jaar": jaar, "status": "bevestigd", "evaluatie": "x"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert_eq!(invalid_fields(&r.body), vec!["jaar"], "{why}");
    }

    // 2023 is overdue in 2024, and 2024 comes due; ending in 2023 stops every reminder.
    assert_eq!(
        due_years(app, id, "2024-11-15").await,
        vec![(2023, true), (2024, false)]
    );
    api.create(
        &format!("/afspraken/{id}/jaren"),
        json!({"jaar": 2023, "status": "beeindigd", "datum": "2023-12-01", "evaluatie": "Opgenomen in het UPCE."}),
    )
    .await;
    assert_eq!(due_years(app, id, "2024-11-15").await, vec![]);
    assert_eq!(due_years(app, id, "2026-12-15").await, vec![], "never after ended");
    let r = api
        .post(
            &format!("/afspraken/{id}/jaren"),
            json!({"jaar": 2024, "status": "bevestigd", "evaluatie": "x"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["jaar"], "no year after the end");

    let r = api.get(&format!("/afspraken/{id}/jaren")).await;
    assert_eq!(r.body["totaal"], 3);
    assert_eq!(r.body["items"][0]["jaar"], 2023, "newest first");
    assert_eq!(r.body["items"][1]["wijziging"], "Derde vraag toegevoegd");
    let r = api
        .put(
            &format!("/afspraken/{id}/jaren/2021"),
            json!({"jaar": 2021, "status": "bevestigd", "datum": "2021-11-20", "evaluatie": "Handreikingen lopen goed."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["stand"], "beeindigd");
    assert_eq!(
        api.delete(&format!("/afspraken/{id}/jaren/2030")).await.status,
        StatusCode::NOT_FOUND
    );

    // A second, running agreement; the list filters.
    let other = api
        .create(
            "/afspraken",
            json!({"naam": "Regiodeal Twente", "startjaar": 2020, "evaluatieDag": "31-03"}),
        )
        .await;
    assert_eq!(api.get("/afspraken").await.body["totaal"], 2);
    assert_eq!(api.get("/afspraken?stand=beeindigd").await.body["totaal"], 1);
    assert_eq!(api.get(&format!("/afspraken?thema={theme}")).await.body["totaal"], 1);
    assert_eq!(api.get("/afspraken?zoek=regelgeving").await.body["totaal"], 1);
    assert_eq!(api.get("/afspraken?evaluatie=ja").await.body["items"][0]["id"], other);
    assert_eq!(api.get("/afspraken?stand=morgen").await.status, StatusCode::BAD_REQUEST);
    let r = api
        .put(
            &format!("/afspraken/{other}"),
            json!({"naam": "Regiodeal Twente", "startjaar": 2020, "eindjaar": 2019}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["eindjaar"]);

    // A viewer reads but changes nothing.
    let viewer = app.api("staten", Role::Viewer).await;
    assert_eq!(viewer.get(&format!("/afspraken/{id}")).await.status, StatusCode::OK);
    let r = viewer
        .post(
            &format!("/afspraken/{id}/jaren"),
            json!({"jaar": 2024, "status": "bevestigd", "evaluatie": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.content_type().starts_with("application/problem+json"));
    assert_eq!(
        viewer.delete(&format!("/afspraken/{id}")).await.status,
        StatusCode::FORBIDDEN
    );

    // Every change is in the history.
    let history = app
        .services
        .agreement_history(&Actor::system("test"), id)
        .await
        .unwrap();
    assert!(history.len() >= 5, "{history:?}");

    // Pages: list with a filter, detail with the history, forms, delete with a warning.
    let b = app.browser("redacteur", Role::Editor).await;
    let (status, page) = b.get("/afspraken?stand=beeindigd").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Krachtenkaart") && !page.contains("Regiodeal Twente"),
        "{page}"
    );
    let (_, page) = b.get("/afspraken?evaluatie=ja").await;
    assert!(page.contains("Regiodeal Twente") && page.contains("te laat"), "{page}");
    let (_, page) = b.get("/afspraken?zoek=bestaatniet").await;
    assert!(page.contains("Geen resultaten"), "{page}");
    let (_, page) = b.get(&format!("/afspraken/{id}")).await;
    assert!(
        page.contains("Derde vraag toegevoegd")
            && page.contains("Beëindigd")
            && page.contains("Regelgeving")
            && page.contains("Interprovinciaal Overleg")
            && page.contains("Jaar vastleggen"),
        "{page}"
    );
    let (status, page, _) = b
        .post_form_text(
            "/afspraken/nieuw",
            &[
                ("naam", "Grondstoffenakkoord"),
                ("startjaar", "2017"),
                ("aanbod", "Eerste\nTweede"),
                ("themas", &theme.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (status, page, _) = b
        .post_form_text("/afspraken/nieuw", &[("naam", ""), ("startjaar", "2017")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."));
    let (status, page, _) = b
        .post_form_text(
            &format!("/afspraken/{other}/jaren"),
            &[("jaar", "2019"), ("status", "bevestigd"), ("evaluatie", "x")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let (status, _, _) = b
        .post_form_text(
            &format!("/afspraken/{other}/jaren"),
            &[("jaar", "2020"), ("status", "bevestigd"), ("evaluatie", "Goed op weg")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = b.get(&format!("/afspraken/{id}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Ja, verwijderen") && page.contains("3 vastgelegde jaren"),
        "{page}"
    );
    let (status, _, _) = b.post_form_text(&format!("/afspraken/{id}/verwijderen"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(api.get(&format!("/afspraken/{id}")).await.status, StatusCode::NOT_FOUND);
    let (_, page) = b.get("/afspraken").await;
    assert!(!page.contains("Krachtenkaart"));
}
both!(the_province_registers_the_strength_map_and_confirms_and_evaluates_it_every_year);

async fn the_dashboard_lists_replies_and_evaluations_that_are_due(app: &TestApp) {
    let api = app.api("bestuur", Role::Editor).await;
    let viewer = app.browser("lezer", Role::Viewer).await;
    let (_, page) = viewer.get("/").await;
    assert!(
        !page.contains("Adviezen die een antwoord wachten") && !page.contains("jaarlijkse evaluatie wachten"),
        "nothing due, nothing shown"
    );
    let r = api
        .post(
            "/adviezen",
            json!({"adviesorgaan": "SER Overijssel", "ontvangen": "2023-01-15", "onderwerp": "Advies arbeidsmarkt"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let case = r.body["zaaknummer"].as_str().unwrap().to_string();
    let today = middenveld_services::today().0;
    let r = api
        .post(
            "/afspraken",
            json!({"naam": "Regionale Green Deal", "startjaar": today.year(),
                   "evaluatieDag": format!("{:02}-{:02}", today.day(), u8::from(today.month()))}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (status, page) = viewer.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Adviezen die een antwoord wachten") && page.contains(&case),
        "{page}"
    );
    assert!(
        page.contains("Advies arbeidsmarkt") && page.contains("(verlopen)"),
        "{page}"
    );
    assert!(
        page.contains("Afspraken die een jaarlijkse evaluatie wachten") && page.contains("Regionale Green Deal"),
        "{page}"
    );
}
both!(the_dashboard_lists_replies_and_evaluations_that_are_due);
