//! A CIRCO Track from planning to the follow-up calls (seed 001): sessions, a chain enrolling
//! together, completing creates a call per company N weeks after the last session, and the
//! call's outcome moves the company's stage or refers it to a partner.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn a_trainer_runs_a_track_and_follows_every_company_up(app: &TestApp) {
    let api = app.api("trainer", Role::Editor).await;
    let circo = api
        .create("/organisaties", json!({"naam": "CIRCO", "soort": "intermediair"}))
        .await;
    let oost = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    let mut companies = Vec::new();
    for name in ["Kunststof Twente", "Recycling Hengelo", "Matras Circulair"] {
        companies.push(
            api.create(
                "/organisaties",
                json!({"naam": name, "soort": "mkb", "fase": "geinteresseerd"}),
            )
            .await,
        );
    }

    let r = api
        .post("/tracks", json!({"naam": "CIRCO Track Kunststof", "aanbiederId": circo, "trainers": "Martijn Kerssen", "opvolgingWeken": "6"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let track = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["opvolgingWeken"], "6");
    let r = api
        .post(
            "/tracks",
            json!({"naam": "", "opvolgingWeken": "99", "aanbiederId": 999_999}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["naam", "opvolgingWeken"]);

    // Completing before any session is refused.
    let r = api.post(&format!("/tracks/{track}/afronden"), json!({})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    for (n, day) in [(1, "2026-02-03"), (2, "2026-02-17"), (3, "2026-03-03")] {
        let r = api
            .post(&format!("/tracks/{track}/sessies"), json!({"naam": format!("Sessie {n}"), "begin": format!("{day}T09:00"), "einde": format!("{day}T17:00")}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.body["soort"], "tracksessie");
        assert_eq!(r.body["organisatorId"], circo, "the provider organises");
    }
    // A chain of two enrols together, one company alone.
    for (i, chain) in [(0, Some("Keten kunststof")), (1, Some("Keten kunststof")), (2, None)] {
        let r = api
            .put(
                &format!("/tracks/{track}/deelnemers/{}", companies[i]),
                json!({"keten": chain}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = api.get(&format!("/tracks/{track}/deelnemers")).await;
    assert_eq!(r.body["totaal"], 3);
    assert_eq!(r.body["items"][0]["keten"], "Keten kunststof");
    let r = api.put(&format!("/tracks/{track}/deelnemers/999999"), json!({})).await;
    assert_eq!(invalid_fields(&r.body), vec!["organisatieId"]);

    // Completing: a call per company, 6 weeks after the last session; again adds nothing.
    let r = api.post(&format!("/tracks/{track}/afronden"), json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["opvolgtaken"], 3);
    assert_eq!(
        api.post(&format!("/tracks/{track}/afronden"), json!({})).await.body["opvolgtaken"],
        0
    );
    let tasks = api.get(&format!("/taken?track={track}")).await;
    assert_eq!(tasks.body["totaal"], 3);
    assert_eq!(tasks.body["items"][0]["deadline"], "2026-04-14");
    assert_eq!(
        tasks.body["items"][0]["titel"],
        "Opvolggesprek na CIRCO Track Kunststof"
    );
    // 14 April 2026 has passed (the tests run later): all three are overdue.
    assert_eq!(api.get("/taken?status=te-laat").await.body["totaal"], 3);
    assert_eq!(api.get("/reis").await.body["opvolgingTeLaat"], 3);
    let task_of = |org: i64| {
        tasks.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["organisatieId"] == org)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };

    // The calls: plan picked up → implementing; needs financing → financing; referred → a referral.
    let r = api
        .post(
            &format!("/taken/{}/afronden", task_of(companies[0])),
            json!({"uitkomst": "plan-opgepakt", "notitie": "Pilot met recyclaat gestart"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["uitkomst"], "plan-opgepakt");
    assert_eq!(
        api.get(&format!("/organisaties/{}", companies[0])).await.body["fase"],
        "implementeren"
    );
    let h = api
        .get(&format!("/organisaties/{}/fasewijzigingen", companies[0]))
        .await;
    assert!(
        h.body["items"][0]["reden"].as_str().unwrap().contains("Plan opgepakt"),
        "{}",
        h.body
    );
    let r = api
        .post(
            &format!("/taken/{}/afronden", task_of(companies[0])),
            json!({"uitkomst": "plan-in-la"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["uitkomst"], "done is done");

    api.post(
        &format!("/taken/{}/afronden", task_of(companies[1])),
        json!({"uitkomst": "financiering-nodig"}),
    )
    .await;
    assert_eq!(
        api.get(&format!("/organisaties/{}", companies[1])).await.body["fase"],
        "financieren-opschalen"
    );

    let r = api
        .post(
            &format!("/taken/{}/afronden", task_of(companies[2])),
            json!({"uitkomst": "doorverwezen"}),
        )
        .await;
    assert_eq!(
        invalid_fields(&r.body),
        vec!["partnerId"],
        "a referral names the partner"
    );
    let r = api
        .post(&format!("/taken/{}/afronden", task_of(companies[2])), json!({"uitkomst": "doorverwezen", "partnerId": oost, "notitie": "Zoekt financiering voor een nieuwe lijn"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let q = api.get(&format!("/doorverwijzingen?naar={oost}")).await;
    assert_eq!(q.body["totaal"], 1);
    assert_eq!(q.body["items"][0]["vanPartnerId"], circo);
    assert_eq!(q.body["items"][0]["vraag"], "Zoekt financiering voor een nieuwe lijn");
    assert_eq!(
        api.get(&format!("/organisaties/{}", companies[2])).await.body["fase"],
        "geinteresseerd"
    );
    assert_eq!(api.get("/taken").await.body["totaal"], 0, "no open calls left");
    // The funnel of the Track's cohort: its three companies, where the calls moved them.
    let f = api.get(&format!("/reis?track={track}")).await;
    assert_eq!(f.body["totaal"], 3);
    assert_eq!(f.body["fasen"][3]["aantal"], 1, "implementeren: {}", f.body);
    assert_eq!(f.body["vooruit"], 2);

    // The timeline shows the Track and the call; the funnel per Track-session cohort works too.
    let t = api.get(&format!("/organisaties/{}/tijdlijn", companies[0])).await;
    let texts: Vec<&str> = t.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["omschrijving"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|x| x.contains("Ingeschreven: CIRCO Track Kunststof (Keten kunststof)")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|x| x.contains("Opvolggesprek na CIRCO Track Kunststof: Plan opgepakt")),
        "{texts:?}"
    );

    // Pages: the Track, the task list and a refused call.
    let b = app.browser("redacteur", Role::Editor).await;
    let (_, page) = b.get(&format!("/tracks/{track}")).await;
    assert!(
        page.contains("Keten kunststof")
            && page.contains("Sessie 3")
            && page.contains("Opvolggesprek na CIRCO Track Kunststof")
    );
    let (_, page) = b.get("/taken?status=alle").await;
    assert!(page.contains("14-04-2026") && page.contains("Plan opgepakt"));
    let (status, _, location) = b
        .post_form_text("/tracks/nieuw", &[("naam", "Tweede Track"), ("opvolgingWeken", "2")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let second: i64 = location
        .unwrap()
        .trim_start_matches("/tracks/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (status, page, _) = b
        .post_form_text(
            &format!("/tracks/{second}/sessies"),
            &[("naam", "Start"), ("begin", "morgen")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Dit is geen geldig tijdstip"));
    b.post_form_text(
        &format!("/tracks/{second}/sessies"),
        &[("naam", "Start"), ("begin", "2026-05-04T10:00")],
    )
    .await;
    b.post_form_text(
        &format!("/tracks/{second}/deelnemers"),
        &[("organisatieId", &companies[2].to_string()), ("keten", "")],
    )
    .await;
    let (status, _, _) = b.post_form_text(&format!("/tracks/{second}/afronden"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let open = api.get(&format!("/taken?track={second}")).await;
    assert_eq!(open.body["items"][0]["deadline"], "2026-05-18");
    let task = open.body["items"][0]["id"].as_i64().unwrap();
    let (status, page, _) = b.post_form_text(&format!("/taken/{task}"), &[("uitkomst", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."));
    let (status, _, _) = b
        .post_form_text(
            &format!("/taken/{task}"),
            &[("uitkomst", "plan-in-la"), ("partnerId", "")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = b.get(&format!("/taken/{task}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Plan in de la"));
    let (status, page) = b.get(&format!("/tracks/{second}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("De sessies blijven als evenementen bestaan"));
    let (status, _, _) = b.post_form_text(&format!("/tracks/{second}/verwijderen"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/tracks/{second}")).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(a_trainer_runs_a_track_and_follows_every_company_up);
