//! Duplicates already in the register: the page of likely pairs, and merging two records of
//! one organisation into one without losing a link or the trail.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use middenveld_services::Actor;
use reqwest::StatusCode;
use serde_json::json;

async fn likely_duplicates_are_listed_with_a_merge_action(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let editor = app.browser("redacteur", Role::Editor).await;
    let (status, page) = editor.get("/organisaties/dubbel").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Geen dubbele organisaties gevonden."),
        "a useful empty state"
    );

    let older = api
        .create(
            "/organisaties",
            json!({"naam": "De Groene Schakel", "soort": "mkb", "gemeentecode": "GM0193"}),
        )
        .await;
    let newer = api
        .create(
            "/organisaties",
            json!({"naam": "de groene  schakel", "soort": "mkb", "gemeentecode": "GM0193"}),
        )
        .await;
    let bakery = api
        .create(
            "/organisaties",
            json!({"naam": "Bakkerij Jansen B.V.", "soort": "mkb", "postcode": "8011 AB"}),
        )
        .await;
    let bakery_too = api
        .create(
            "/organisaties",
            json!({"naam": "Bakkerij Jansen", "soort": "mkb", "postcode": "8011ab"}),
        )
        .await;
    let holding = api
        .create(
            "/organisaties",
            json!({"naam": "Holding Bakkerij Jansen", "soort": "mkb", "postcode": "8011 AB"}),
        )
        .await;
    let branch = api
        .create(
            "/organisaties",
            json!({"naam": "Bakkerij Jansen Kampen", "soort": "mkb", "postcode": "8011 AB"}),
        )
        .await;
    // Not duplicates: same name elsewhere, similar name at another postcode.
    api.create(
        "/organisaties",
        json!({"naam": "De Groene Schakel", "soort": "mkb", "gemeentecode": "GM0153"}),
    )
    .await;
    api.create(
        "/organisaties",
        json!({"naam": "Bakkerij Jansen", "soort": "mkb", "postcode": "7511 AA"}),
    )
    .await;

    let (status, page) = editor.get("/organisaties/dubbel").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("href=\"/organisaties/{older}/samenvoegen/{newer}\"")),
        "the older is kept"
    );
    assert!(page.contains("Zelfde naam, zelfde gemeente"));
    assert!(page.contains("Zelfde postcode, vergelijkbare naam"));
    // Neighbours by name at one postcode: with and without legal form or "holding", and one
    // name continuing the other.
    for (a, b) in [(bakery, bakery_too), (bakery_too, holding), (holding, branch)] {
        assert!(
            page.contains(&format!("href=\"/organisaties/{a}/samenvoegen/{b}\"")),
            "{a} / {b}"
        );
    }
    assert_eq!(page.matches("/samenvoegen/").count(), 4, "{page}");

    let (_, list) = editor.get("/organisaties").await;
    assert!(
        list.contains("href=\"/organisaties/dubbel\""),
        "the list links to the duplicates for editors"
    );
    let viewer = app.browser("lezer", Role::Viewer).await;
    let (_, list) = viewer.get("/organisaties").await;
    assert!(!list.contains("/organisaties/dubbel"));
    assert_eq!(viewer.get("/organisaties/dubbel").await.0, StatusCode::FORBIDDEN);
}
both!(likely_duplicates_are_listed_with_a_merge_action);

struct Register {
    kept: i64,
    other: i64,
    person_of_other: i64,
    person_of_both: i64,
    network: i64,
    other_network: i64,
    shared_project: i64,
    project_of_other: i64,
    spin_off: i64,
}

/// Two records of one organisation: the older plain, the newer with a KvK number and links.
async fn register(app: &TestApp) -> Register {
    let api = app.api("opbouw", Role::Editor).await;
    let circular = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let energy = api.create("/themas", json!({"naam": "Energietransitie"})).await;
    let kept = api
        .create(
            "/organisaties",
            json!({"naam": "De Groene Schakel", "soort": "mkb", "gemeentecode": "GM0193", "plaats": "Zwolle", "themas": [circular]}),
        )
        .await;
    let other = api
        .create(
            "/organisaties",
            json!({"naam": "Groene Schakel B.V.", "soort": "grootbedrijf", "gemeentecode": "GM0193", "plaats": "Kampen",
                   "kvkNummer": "51048329", "website": "https://groeneschakel.nl", "themas": [energy]}),
        )
        .await;
    let person = |name: &str, orgs: Vec<i64>| json!({"naam": name, "grondslag": "publieke-taak", "grondslagDatum": "2023-02-21", "organisaties": orgs});
    let person_of_other = api.create("/personen", person("P. Andere", vec![other])).await;
    let person_of_both = api.create("/personen", person("B. Beide", vec![kept, other])).await;
    let network = api
        .create("/netwerken", json!({"naam": "Waardemakers", "facilitatorId": other}))
        .await;
    let other_network = api.create("/netwerken", json!({"naam": "Fieldlab"})).await;
    for (org, since) in [(kept, "2019-01-01"), (other, "2015-06-01")] {
        api.create(
            &format!("/netwerken/{network}/leden"),
            json!({"organisatieId": org, "status": "actief", "sinds": since}),
        )
        .await;
    }
    api.create(
        &format!("/netwerken/{other_network}/leden"),
        json!({"organisatieId": other, "status": "betrokken", "sinds": "2020-01-01"}),
    )
    .await;
    let shared_project = api
        .create("/projecten", json!({"naam": "Gedeeld", "innovatiefase": "pilot"}))
        .await;
    let project_of_other = api
        .create("/projecten", json!({"naam": "Alleen andere", "innovatiefase": "idee"}))
        .await;
    for (project, org, role) in [
        (shared_project, kept, "penvoerder"),
        (shared_project, other, "partner"),
        (project_of_other, other, "partner"),
    ] {
        let r = api
            .put(&format!("/projecten/{project}/deelnemers/{org}"), json!({"rol": role}))
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let spin_off = api
        .create(
            "/organisaties",
            json!({"naam": "Schakel Labs", "soort": "mkb", "spinOffVan": other, "spinOffDatum": "2021-05-01"}),
        )
        .await;
    Register {
        kept,
        other,
        person_of_other,
        person_of_both,
        network,
        other_network,
        shared_project,
        project_of_other,
        spin_off,
    }
}

async fn a_merge_moves_every_link_and_leaves_a_trail_on_both_records(app: &TestApp) {
    let r = register(app).await;
    let editor = app.browser("redacteur", Role::Editor).await;
    let path = format!("/organisaties/{}/samenvoegen/{}", r.kept, r.other);
    let (status, page) = editor.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("De Groene Schakel") && page.contains("Groene Schakel B.V."));
    assert!(
        page.contains("name=\"kvkNummer\" value=\"andere\" checked"),
        "a blank of the kept record is filled from the other by default"
    );
    assert!(
        page.contains("name=\"naam\" value=\"deze\" checked"),
        "otherwise the older record's value"
    );
    assert!(
        page.contains(&format!("href=\"/organisaties/{}/samenvoegen/{}\"", r.other, r.kept)),
        "swap"
    );

    // An event the other organised, with a person registered on its behalf.
    let api = app.api("koppeling", Role::Editor).await;
    let event = api
        .create(
            "/evenementen",
            json!({"naam": "Schakeldag", "soort": "workshop", "begin": "2026-02-02T10:00", "organisatorId": r.other}),
        )
        .await;
    let r2 = api
        .put(
            &format!("/evenementen/{event}/registraties/{}", r.person_of_other),
            json!({"organisatieId": r.other, "status": "aanwezig"}),
        )
        .await;
    assert_eq!(r2.status, StatusCode::OK, "{}", r2.body);

    // The user keeps the other's kind as well.
    let (status, _, location) = editor
        .post_form_text(
            &path,
            &[
                ("naam", "deze"),
                ("kvkNummer", "andere"),
                ("soort", "andere"),
                ("plaats", "deze"),
                ("website", "andere"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some(format!("/organisaties/{}?melding=samengevoegd", r.kept).as_str())
    );

    let system = Actor::system("test");
    assert!(matches!(
        app.services.organisation(&system, r.other).await,
        Err(middenveld_services::ServiceError::NotFound)
    ));
    let d = app.services.organisation_detail(&system, r.kept).await.unwrap();
    let o = &d.record.data;
    assert_eq!(o.name, "De Groene Schakel");
    assert_eq!(
        o.kvk_number.as_ref().map(ToString::to_string).as_deref(),
        Some("51048329")
    );
    assert_eq!(o.kind.to_string(), "grootbedrijf");
    assert_eq!(o.city.as_deref(), Some("Zwolle"));
    assert_eq!(o.website.as_deref(), Some("https://groeneschakel.nl"));
    assert_eq!(o.theme_ids.len(), 2, "themes of both");

    let mut people: Vec<i64> = d.people.iter().map(|(id, _, _)| *id).collect();
    people.sort_unstable();
    assert_eq!(people, vec![r.person_of_other, r.person_of_both], "each person once");
    let both = app.services.person(&system, r.person_of_both).await.unwrap();
    assert_eq!(both.data.organisation_ids, vec![r.kept]);

    let mut networks: Vec<(i64, String)> = d
        .memberships
        .iter()
        .map(|m| (m.network_id, m.data.since.iso()))
        .collect();
    networks.sort();
    assert_eq!(
        networks,
        vec![(r.network, "2015-06-01".into()), (r.other_network, "2020-01-01".into())],
        "one open membership per network, with the earlier start"
    );
    let mut projects: Vec<(i64, String)> = d
        .projects
        .iter()
        .map(|p| (p.project_id, p.data.role.to_string()))
        .collect();
    projects.sort();
    assert_eq!(
        projects,
        vec![
            (r.shared_project, "penvoerder".into()),
            (r.project_of_other, "partner".into())
        ],
        "a project both take part in keeps the kept record's role"
    );
    let spin_off = app.services.organisation(&system, r.spin_off).await.unwrap();
    assert_eq!(spin_off.data.spin_off_of, Some(r.kept));
    let network = app.services.network(&system, r.network).await.unwrap();
    assert_eq!(network.data.facilitator_id, Some(r.kept));
    let e = api.get(&format!("/evenementen/{event}")).await;
    assert_eq!(e.body["organisatorId"], r.kept, "the event moves to the kept organiser");
    let regs = api.get(&format!("/evenementen/{event}/registraties")).await;
    assert_eq!(
        regs.body["items"][0]["organisatieId"], r.kept,
        "and so does the registration"
    );

    // The trail: an update on the kept record, field by field, and a delete on the other
    // that names the kept one.
    let mut conn = app.services.db.conn().await.unwrap();
    let kept_trail = middenveld_store::audit::for_record(&mut conn, "organisatie", r.kept, 10)
        .await
        .unwrap();
    assert_eq!(kept_trail[0].action, "gewijzigd");
    for expected in [
        "kvkNummer",
        "51048329",
        "soort",
        "samengevoegdMet",
        &format!("Groene Schakel B.V. (#{})", r.other),
    ] {
        assert!(
            kept_trail[0].changes.contains(expected),
            "{expected} in {}",
            kept_trail[0].changes
        );
    }
    let other_trail = middenveld_store::audit::for_record(&mut conn, "organisatie", r.other, 10)
        .await
        .unwrap();
    assert_eq!(other_trail[0].action, "verwijderd");
    assert!(
        other_trail[0].changes.contains(&format!(
            "\"samengevoegdIn\",\"old\":\"\",\"new\":\"De Groene Schakel (#{})\"",
            r.kept
        )),
        "{}",
        other_trail[0].changes
    );
    assert!(other_trail.len() >= 2, "the other's earlier history stays");
    let network_trail = middenveld_store::audit::for_record(&mut conn, "netwerk", r.network, 10)
        .await
        .unwrap();
    assert!(network_trail.iter().any(|e| e.changes.contains("Groene Schakel B.V.")));
    drop(conn);

    let (_, page) = editor
        .get(&format!("/organisaties/{}?melding=samengevoegd", r.kept))
        .await;
    assert!(page.contains("Samengevoegd: de andere organisatie is verwijderd"));
    assert!(page.contains("Samengevoegd met"), "the history shows the merge");
    let (_, page) = editor.get("/organisaties/dubbel").await;
    assert!(page.contains("Geen dubbele organisaties gevonden."));
}
both!(a_merge_moves_every_link_and_leaves_a_trail_on_both_records);

async fn the_api_merges_for_editors_only_and_never_a_record_with_itself(app: &TestApp) {
    let r = register(app).await;
    let viewer = app.api("lezer", Role::Viewer).await;
    let editor = app.api("koppeling", Role::Editor).await;
    let path = format!("/organisaties/{}/samenvoegen", r.kept);

    let res = viewer.post(&path, json!({"andereId": r.other})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.content_type(), "application/problem+json");
    let (status, _, _) = app
        .browser("lezer2", Role::Viewer)
        .await
        .post_form_text(&format!("/organisaties/{}/samenvoegen/{}", r.kept, r.other), &[])
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a viewer cannot merge through the page either"
    );

    let res = editor.post(&path, json!({"andereId": r.kept})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&res.body), vec!["andereId"]);
    let res = editor.post(&path, json!({})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = editor.post(&path, json!({"andereId": 999_999})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = editor
        .post("/organisaties/999999/samenvoegen", json!({"andereId": r.other}))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = editor
        .post(&path, json!({"andereId": r.other, "overnemen": ["id"]}))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&res.body), vec!["overnemen"]);
    assert_eq!(
        editor.get(&format!("/organisaties/{}", r.other)).await.status,
        StatusCode::OK,
        "nothing changed"
    );

    // Without a choice: the kept values, blanks filled from the other.
    let res = editor.post(&path, json!({"andereId": r.other})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body["id"], r.kept);
    assert_eq!(res.body["soort"], "mkb");
    assert_eq!(res.body["plaats"], "Zwolle");
    assert_eq!(res.body["kvkNummer"], "51048329");
    assert_eq!(res.body["website"], "https://groeneschakel.nl");
    assert_eq!(
        editor.get(&format!("/organisaties/{}", r.other)).await.status,
        StatusCode::NOT_FOUND
    );
    let projects = editor
        .get(&format!("/projecten/{}/deelnemers", r.project_of_other))
        .await;
    assert_eq!(projects.body["items"][0]["organisatieId"], r.kept, "{}", projects.body);
    let members = editor.get(&format!("/netwerken/{}/leden", r.network)).await;
    assert_eq!(members.body["totaal"], 1, "{}", members.body);
}
both!(the_api_merges_for_editors_only_and_never_a_record_with_itself);

async fn a_referral_between_two_merged_partners_does_not_refer_to_itself(app: &TestApp) {
    let r = register(app).await;
    let editor = app.api("koppeling", Role::Editor).await;
    let company = editor
        .create("/organisaties", json!({"naam": "Vragensteller B.V.", "soort": "mkb"}))
        .await;
    let referral = editor
        .create(
            "/doorverwijzingen",
            json!({"organisatieId": company, "vanPartnerId": r.other, "naarPartnerId": r.kept,
                   "soortVraag": "financiering", "vraag": "Financiering van een pilot"}),
        )
        .await;
    let res = editor
        .post(
            &format!("/organisaties/{}/samenvoegen", r.kept),
            json!({"andereId": r.other}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let got = editor.get(&format!("/doorverwijzingen/{referral}")).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.body);
    assert_eq!(got.body["naarPartnerId"], r.kept);
    assert!(got.body["vanPartnerId"].is_null(), "{}", got.body);
    let queue = editor.get(&format!("/doorverwijzingen?naar={}", r.kept)).await;
    assert_eq!(queue.body["totaal"], 1, "still in the receiver's queue: {}", queue.body);
}
both!(a_referral_between_two_merged_partners_does_not_refer_to_itself);
