//! The entrepreneur's journey: stage changes with a reason, the timeline and the funnel,
//! checked against a hand-built data set.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn a_stage_change_needs_a_reason_and_shows_on_the_timeline(app: &TestApp) {
    let api = app.api("adviseur", Role::Editor).await;
    let r = api
        .post(
            "/organisaties",
            json!({"naam": "Kunststof Kringloop B.V.", "soort": "mkb", "fase": "onbewust"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert!(r.body.get("faseReden").is_none(), "the reason is write-only");
    let h = api.get(&format!("/organisaties/{id}/fasewijzigingen")).await;
    assert_eq!(h.body["totaal"], 1);
    assert_eq!(h.body["items"][0]["van"], serde_json::Value::Null);
    assert_eq!(h.body["items"][0]["naar"], "onbewust");
    assert_eq!(h.body["items"][0]["reden"], "Eerste registratie");
    assert_eq!(h.body["items"][0]["door"], "adviseur");

    // Through the record: the stage changes only with a reason, and every error at once.
    let r = api
        .put(
            &format!("/organisaties/{id}"),
            json!({"naam": "Kunststof Kringloop B.V.", "soort": "mkb", "fase": "geinteresseerd", "postcode": "12"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["postcode", "faseReden"]);
    assert_eq!(
        api.get(&format!("/organisaties/{id}")).await.body["fase"],
        "onbewust",
        "nothing written"
    );
    let r = api
        .put(&format!("/organisaties/{id}"), json!({"naam": "Kunststof Kringloop B.V.", "soort": "mkb", "fase": "geinteresseerd", "faseReden": "Bezocht de Waardemakersbijeenkomst"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The same stage again needs no reason.
    let r = api
        .put(
            &format!("/organisaties/{id}"),
            json!({"naam": "Kunststof Kringloop B.V.", "soort": "mkb", "fase": "geinteresseerd", "plaats": "Almelo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // On its own.
    let r = api
        .post(
            &format!("/organisaties/{id}/fasewijzigingen"),
            json!({"fase": "plannen"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&r.body), vec!["faseReden"]);
    let r = api
        .post(
            &format!("/organisaties/{id}/fasewijzigingen"),
            json!({"fase": "verzonnen", "faseReden": "x"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["fase"]);
    let r = api
        .post(
            &format!("/organisaties/{id}/fasewijzigingen"),
            json!({"fase": "plannen", "faseReden": "Plan na de Track opgepakt"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["totaal"], 3);
    assert_eq!(r.body["items"][0]["van"], "geinteresseerd");
    assert_eq!(r.body["items"][0]["naar"], "plannen");
    assert_eq!(api.get(&format!("/organisaties/{id}")).await.body["fase"], "plannen");
    assert_eq!(
        api.post(
            "/organisaties/999999/fasewijzigingen",
            json!({"fase": "plannen", "faseReden": "x"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    // The timeline: stage changes, an event, the registration; latest first.
    let person = api
        .create(
            "/personen",
            json!({"naam": "Iris Bos", "grondslag": "toestemming", "grondslagDatum": "2026-01-05"}),
        )
        .await;
    let event = api
        .create(
            "/evenementen",
            json!({"naam": "CIRCO Track sessie 1", "soort": "tracksessie", "begin": "2026-02-03T09:00"}),
        )
        .await;
    api.put(
        &format!("/evenementen/{event}/registraties/{person}"),
        json!({"organisatieId": id, "status": "aanwezig"}),
    )
    .await;
    let t = api.get(&format!("/organisaties/{id}/tijdlijn")).await;
    let kinds: Vec<&str> = t.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["soort"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "fase").count(), 3, "{kinds:?}");
    assert!(
        kinds.contains(&"evenement") && kinds.contains(&"geregistreerd"),
        "{kinds:?}"
    );
    let first_stage = t.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["soort"] == "fase")
        .unwrap();
    assert!(
        first_stage["omschrijving"]
            .as_str()
            .unwrap()
            .contains("Plan na de Track opgepakt")
    );

    // The page: the timeline, and the stage form refuses a change without a reason.
    let b = app.browser("redacteur", Role::Editor).await;
    let (_, page) = b.get(&format!("/organisaties/{id}")).await;
    assert!(
        page.contains("Tijdlijn")
            && page.contains("Plan na de Track opgepakt")
            && page.contains("CIRCO Track sessie 1")
    );
    let (status, page, _) = b
        .post_form_text(
            &format!("/organisaties/{id}/fase"),
            &[("fase", "implementeren"), ("faseReden", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Geef aan waarom de fase verandert"), "{page}");
    let (status, _, _) = b
        .post_form_text(
            &format!("/organisaties/{id}/fase"),
            &[("fase", "implementeren"), ("faseReden", "Start pilot met recyclaat")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/organisaties/{id}")).await.body["fase"],
        "implementeren"
    );
}
both!(a_stage_change_needs_a_reason_and_shows_on_the_timeline);

/// A hand-built set: six companies, moves in two periods, a network and a Track cohort.
async fn the_funnel_counts_stages_and_moves_per_period_network_and_cohort(app: &TestApp) {
    let api = app.api("programmamanager", Role::Editor).await;
    let network = api.create("/netwerken", json!({"naam": "Waardemakers Twente"})).await;
    let event = api
        .create(
            "/evenementen",
            json!({"naam": "CIRCO Track", "soort": "tracksessie", "begin": "2026-03-03T09:00"}),
        )
        .await;
    let mut ids = Vec::new();
    for (i, stage) in [
        "onbewust",
        "onbewust",
        "geinteresseerd",
        "geinteresseerd",
        "plannen",
        "",
    ]
    .iter()
    .enumerate()
    {
        let mut body = json!({"naam": format!("Bedrijf {i}"), "soort": "mkb"});
        if !stage.is_empty() {
            body["fase"] = json!(stage);
        }
        ids.push(api.create("/organisaties", body).await);
    }
    // Members: 0, 2, 4. Cohort of the Track: 1, 2.
    for i in [0, 2, 4] {
        api.post(
            &format!("/netwerken/{network}/leden"),
            json!({"organisatieId": ids[i], "status": "actief", "sinds": "2026-01-01"}),
        )
        .await;
    }
    for i in [1, 2] {
        let p = api
            .create(
                "/personen",
                json!({"naam": format!("Deelnemer {i}"), "grondslag": "toestemming", "grondslagDatum": "2026-01-05"}),
            )
            .await;
        api.put(
            &format!("/evenementen/{event}/registraties/{p}"),
            json!({"organisatieId": ids[i], "status": "aanwezig"}),
        )
        .await;
    }
    let change = async |i: usize, to: &str| {
        let r = api
            .post(
                &format!("/organisaties/{}/fasewijzigingen", ids[i]),
                json!({"fase": to, "faseReden": "test"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    };
    change(0, "geinteresseerd").await; // forward
    change(2, "plannen").await; // forward
    change(4, "geinteresseerd").await; // back
    change(1, "geinteresseerd").await; // forward
    change(1, "plannen").await; // forward

    let r = api.get("/reis").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let stages: Vec<(Option<&str>, i64)> = r.body["fasen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["fase"].as_str(), f["aantal"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        stages,
        vec![
            (Some("onbewust"), 0),
            (Some("geinteresseerd"), 3),
            (Some("plannen"), 2),
            (Some("implementeren"), 0),
            (Some("financieren-opschalen"), 0),
            (None, 1)
        ]
    );
    assert_eq!(r.body["totaal"], 6);
    assert_eq!(
        (r.body["vooruit"].as_i64(), r.body["terug"].as_i64()),
        (Some(4), Some(1))
    );
    let moves: Vec<(String, String, i64)> = r.body["overgangen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["van"].as_str().unwrap().into(),
                m["naar"].as_str().unwrap().into(),
                m["aantal"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        vec![
            ("geinteresseerd".into(), "plannen".into(), 2),
            ("onbewust".into(), "geinteresseerd".into(), 2),
            ("plannen".into(), "geinteresseerd".into(), 1),
        ]
    );
    // The network's members: 0 (geinteresseerd), 2 (plannen), 4 (geinteresseerd).
    let r = api.get(&format!("/reis?netwerk={network}")).await;
    assert_eq!(r.body["totaal"], 3);
    assert_eq!(r.body["fasen"][1]["aantal"], 2);
    assert_eq!(
        (r.body["vooruit"].as_i64(), r.body["terug"].as_i64()),
        (Some(2), Some(1))
    );
    // The Track cohort: 1 and 2, both at plannen now, three moves forward.
    let r = api.get(&format!("/reis?evenement={event}")).await;
    assert_eq!(r.body["totaal"], 2);
    assert_eq!(r.body["fasen"][2]["aantal"], 2);
    assert_eq!(r.body["vooruit"], 3);
    // A period before everything: no moves; the counts are of now.
    let r = api.get("/reis?tot=2000-01-01").await;
    assert_eq!(r.body["overgangen"], json!([]));
    assert_eq!(r.body["totaal"], 6);
    assert_eq!(api.get("/reis?vanaf=gisteren").await.status, StatusCode::BAD_REQUEST);

    let b = app.browser("kijker", Role::Viewer).await;
    let (status, page) = b.get(&format!("/reis?netwerk={network}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"/organisaties?fase=geinteresseerd\""), "{page}");
    assert!(page.contains("2 vooruit, 1 terug"), "{page}");
}
both!(the_funnel_counts_stages_and_moves_per_period_network_and_cohort);

async fn contact_moments_are_recorded_and_show_on_the_timeline(app: &TestApp) {
    let api = app.api("adviseur", Role::Editor).await;
    let org = api
        .create("/organisaties", json!({"naam": "Groen Staal B.V.", "soort": "mkb"}))
        .await;
    let person = api
        .create("/personen", json!({"naam": "Els Kok", "grondslag": "toestemming", "grondslagDatum": "2026-01-05", "organisaties": [org]}))
        .await;
    let r = api
        .post(&format!("/organisaties/{org}/contactmomenten"), json!({"soort": "telefoon", "datum": "2026-03-20", "persoonId": person, "samenvatting": "Nagebeld na de Track: plan ligt klaar"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["persoon"], "Els Kok");
    let r = api
        .post(
            &format!("/organisaties/{org}/contactmomenten"),
            json!({"datum": "2099-01-01", "persoonId": 999_999}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["soort", "datum", "samenvatting"]);
    let r = api
        .post(
            &format!("/organisaties/{org}/contactmomenten"),
            json!({"soort": "bezoek", "persoonId": 999_999, "samenvatting": "x"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["persoonId"]);
    assert_eq!(
        api.get(&format!("/organisaties/{org}/contactmomenten")).await.body["totaal"],
        1
    );
    let t = api.get(&format!("/organisaties/{org}/tijdlijn")).await;
    assert!(
        t.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["soort"] == "contactmoment"),
        "{}",
        t.body
    );

    let b = app.browser("redacteur", Role::Editor).await;
    let (_, page) = b.get(&format!("/organisaties/{org}")).await;
    assert!(
        page.contains("Nagebeld na de Track: plan ligt klaar (Els Kok)"),
        "{page}"
    );
    let (status, page, _) = b
        .post_form_text(
            &format!("/organisaties/{org}/contactmomenten"),
            &[("soort", ""), ("samenvatting", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."));
    let (status, _) = b.get(&format!("/contactmomenten/{id}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = b
        .post_form_text(&format!("/contactmomenten/{id}/verwijderen"), &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/organisaties/{org}/contactmomenten")).await.body["totaal"],
        0
    );
}
both!(contact_moments_are_recorded_and_show_on_the_timeline);

/// The per-stage and per-day counts the triggers keep for the funnel (migration 21) equal a
/// recount from the records after every kind of write: a new organisation, stage changes, a
/// merge, a delete (whose stage history goes with it), and SQL of an administrator's own.
async fn the_funnels_kept_counts_match_a_recount_after_every_kind_of_write(app: &TestApp) {
    let api = app.api("programmamanager", Role::Editor).await;
    let mut ids = Vec::new();
    for (i, stage) in ["onbewust", "geinteresseerd", "plannen", "", "onbewust"]
        .iter()
        .enumerate()
    {
        let mut body = json!({"naam": format!("Telbedrijf {i}"), "soort": "mkb"});
        if !stage.is_empty() {
            body["fase"] = json!(stage);
        }
        ids.push(api.create("/organisaties", body).await);
    }
    let recount = async || {
        let mut conn = app.services.db.conn().await.unwrap();
        let kept: Vec<(String, i64)> =
            sqlx::query_as("SELECT stage, CAST(n AS BIGINT) FROM stage_counts WHERE n <> 0 ORDER BY stage")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        let counted: Vec<(String, i64)> = sqlx::query_as(
            "SELECT COALESCE(journey_stage, ''), CAST(COUNT(*) AS BIGINT) FROM organisations \
             GROUP BY COALESCE(journey_stage, '') ORDER BY 1",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(kept, counted, "organisations per stage");
        let kept: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT day, from_stage, to_stage, CAST(n AS BIGINT) FROM stage_move_days WHERE n <> 0 ORDER BY 1, 2, 3",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let counted: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT substr(changed_at, 1, 10), COALESCE(from_stage, ''), COALESCE(to_stage, ''), \
             CAST(COUNT(*) AS BIGINT) FROM stage_changes GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(kept, counted, "stage changes per day");
        assert!(!counted.is_empty());
    };
    recount().await;
    for (i, to) in [
        (0, "geinteresseerd"),
        (1, "plannen"),
        (3, "onbewust"),
        (2, "geinteresseerd"),
    ] {
        let r = api
            .post(
                &format!("/organisaties/{}/fasewijzigingen", ids[i]),
                json!({"fase": to, "faseReden": "test"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    recount().await;
    let r = api
        .post(
            &format!("/organisaties/{}/samenvoegen", ids[0]),
            json!({"andereId": ids[4]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    recount().await;
    let r = api.delete(&format!("/organisaties/{}", ids[3])).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    recount().await;
    let mut conn = app.services.db.conn().await.unwrap();
    for sql in [
        "UPDATE stage_changes SET changed_at = '2019-05-01T10:00:00Z' WHERE to_stage = 'plannen'",
        "UPDATE stage_changes SET to_stage = 'implementeren' WHERE to_stage = 'onbewust'",
        "UPDATE organisations SET journey_stage = NULL WHERE journey_stage = 'geinteresseerd'",
        "DELETE FROM stage_changes WHERE from_stage IS NULL AND to_stage = 'plannen'",
    ] {
        sqlx::query(sql).execute(&mut *conn).await.unwrap();
    }
    drop(conn);
    recount().await;
    // The funnel reads the kept counts: its totals are the recount's.
    let r = api.get("/reis?vanaf=2000-01-01").await;
    assert_eq!(r.body["totaal"], 3, "{}", r.body);
    let r = api.get("/reis?vanaf=2019-01-01&tot=2020-01-01").await;
    assert_eq!(
        r.body["overgangen"],
        json!([{"van": "geinteresseerd", "naar": "plannen", "aantal": 1}]),
        "{}",
        r.body
    );
}
both!(the_funnels_kept_counts_match_a_recount_after_every_kind_of_write);
