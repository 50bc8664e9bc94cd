//! People, themes, networks with members, projects with participants, search, migrations.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn search_ignores_case_and_diacritics_matches_prefixes_and_ranks(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    api.create(
        "/organisaties",
        json!({"naam": "Coöperatie Één Twente", "soort": "mkb", "plaats": "Enschede"}),
    )
    .await;
    api.create("/organisaties", json!({"naam": "Cooperatief Zwolle", "soort": "mkb"}))
        .await;
    api.create(
        "/organisaties",
        json!({"naam": "Bakkerij", "soort": "mkb", "kvkNummer": "87654321"}),
    )
    .await;
    let org = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    api.create("/personen", json!({"naam": "Martijn Kerssen", "email": "m.kerssen@oostnl.nl", "functie": "CIRCO-trainer", "grondslag": "gerechtvaardigd-belang", "grondslagDatum": "2021-03-01", "organisaties": [org]})).await;

    let r = api.get("/zoeken?zoek=cooperatie").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let names: Vec<&str> = r.body["organisaties"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["naam"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "diacritics and case ignored, prefixes match: {names:?}");
    assert!(names.contains(&"Coöperatie Één Twente") && names.contains(&"Cooperatief Zwolle"));
    let r = api.get("/zoeken?zoek=co%C3%B6peratie%20een").await;
    assert_eq!(
        r.body["organisaties"]["items"][0]["naam"], "Coöperatie Één Twente",
        "typed with diacritics, all words required"
    );
    assert_eq!(r.body["organisaties"]["totaal"], 1);
    let r = api.get("/zoeken?zoek=COOP").await;
    assert_eq!(r.body["organisaties"]["totaal"], 2, "prefix match");
    assert_eq!(
        api.get("/zoeken?zoek=cooperatief").await.body["organisaties"]["totaal"],
        1
    );
    assert_eq!(
        api.get("/zoeken?zoek=een%20enschede").await.body["organisaties"]["totaal"],
        1,
        "all words, from name and place"
    );
    assert_eq!(
        api.get("/zoeken?zoek=8765").await.body["organisaties"]["totaal"],
        1,
        "KvK prefix"
    );
    let r = api.get("/zoeken?zoek=kerss").await;
    assert_eq!(r.body["personen"]["items"][0]["naam"], "Martijn Kerssen");
    assert_eq!(
        api.get("/zoeken?zoek=circo").await.body["personen"]["totaal"],
        1,
        "function is searchable"
    );
    assert_eq!(
        api.get("/organisaties?zoek=%22%3B%20drop").await.status,
        StatusCode::OK,
        "quotes and operators are harmless"
    );

    let b = app.browser("lezer", Role::Viewer).await;
    let (_, page) = b.get("/zoeken?zoek=cooperatie").await;
    assert!(page.contains(">Coöperatie Één Twente</a>"));
}
both!(search_ignores_case_and_diacritics_matches_prefixes_and_ranks);

async fn people_have_a_lawful_basis_and_are_erased_completely(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let r = api
        .post("/personen", json!({"naam": "M. Bom", "email": "geen-mail"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = invalid_fields(&r.body);
    assert!(
        fields.contains(&"email".into())
            && fields.contains(&"grondslag".into())
            && fields.contains(&"grondslagDatum".into()),
        "{fields:?}"
    );

    let org = api
        .create(
            "/organisaties",
            json!({"naam": "Provincie Overijssel", "soort": "overheid"}),
        )
        .await;
    let id = api
        .create("/personen", json!({"naam": "M. Bom", "email": "M.Bom@Overijssel.nl", "telefoon": "06 1046 2095", "grondslag": "publieke-taak", "grondslagDatum": "21-02-2023", "organisaties": [org]}))
        .await;
    let r = api.get(&format!("/personen/{id}")).await;
    assert_eq!(r.body["email"], "M.Bom@overijssel.nl");
    assert_eq!(r.body["grondslagDatum"], "2023-02-21");
    let b = app.browser("lezer", Role::Viewer).await;
    let (_, org_page) = b.get(&format!("/organisaties/{org}")).await;
    assert!(
        org_page.contains(&format!("href=\"/personen/{id}\"")),
        "the organisation page lists its people"
    );

    assert_eq!(
        api.delete(&format!("/personen/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    let history = app.services.db.pool.acquire().await;
    drop(history);
    let mut conn = app.services.db.conn().await.unwrap();
    let entries = middenveld_store::audit::for_record(&mut conn, "persoon", id, 10)
        .await
        .unwrap();
    assert!(!entries.is_empty());
    for e in entries {
        assert!(
            !e.changes.contains("Bom") && !e.changes.contains("overijssel.nl"),
            "personal data erased from the audit log: {}",
            e.changes
        );
    }
}
both!(people_have_a_lawful_basis_and_are_erased_completely);

async fn a_network_keeps_active_and_involved_members(app: &TestApp) {
    let api = app.api("facilitator", Role::Editor).await;
    let kennispoort = api
        .create(
            "/organisaties",
            json!({"naam": "Kennispoort Regio Zwolle", "soort": "intermediair"}),
        )
        .await;
    let a = api
        .create("/organisaties", json!({"naam": "Ondernemer A", "soort": "mkb"}))
        .await;
    let b = api
        .create("/organisaties", json!({"naam": "Ondernemer B", "soort": "mkb"}))
        .await;
    let p = api
        .create(
            "/personen",
            json!({"naam": "Betrokken Persoon", "grondslag": "toestemming", "grondslagDatum": "2018-01-01"}),
        )
        .await;
    let net = api
        .create(
            "/netwerken",
            json!({"naam": "Waardemakers Zwolle", "facilitatorId": kennispoort}),
        )
        .await;
    assert_eq!(
        api.post("/netwerken", json!({"naam": "waardemakers zwolle"}))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "names are unique"
    );

    let leden = format!("/netwerken/{net}/leden");
    api.create(
        &leden,
        json!({"organisatieId": a, "status": "actief", "sinds": "2018-01-15"}),
    )
    .await;
    api.create(
        &leden,
        json!({"organisatieId": b, "status": "betrokken", "sinds": "2018-03-01"}),
    )
    .await;
    api.create(
        &leden,
        json!({"persoonId": p, "status": "betrokken", "sinds": "2018-03-01"}),
    )
    .await;
    let r = api
        .post(
            &leden,
            json!({"organisatieId": a, "status": "actief", "sinds": "2019-01-01"}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "one open membership per member"
    );
    let r = api
        .post(
            &leden,
            json!({"organisatieId": a, "persoonId": p, "status": "actief", "sinds": "2019-01-01", "tot": "2018-01-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api
        .post(
            &leden,
            json!({"organisatieId": 99999, "status": "actief", "sinds": "2019-01-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown member");

    let r = api.get(&format!("/netwerken/{net}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = r.body.to_string();
    assert!(
        body.contains("\"actieveLeden\":1") || body.contains("\"activeLeden\":1"),
        "{body}"
    );
    assert_eq!(api.get(&format!("/organisaties?netwerk={net}")).await.body["totaal"], 2);
    assert_eq!(api_len(&api.get(&leden).await.body), 3);

    let browser = app.browser("lezer", Role::Viewer).await;
    let (_, page) = browser.get(&format!("/netwerken/{net}")).await;
    assert!(page.contains("Ondernemer A") && page.contains("Betrokken Persoon") && page.contains("Actief"));
    let (_, org_page) = browser.get(&format!("/organisaties/{a}")).await;
    assert!(
        org_page.contains("Waardemakers Zwolle"),
        "membership on the organisation page"
    );
}
both!(a_network_keeps_active_and_involved_members);

fn api_len(v: &serde_json::Value) -> usize {
    v["items"].as_array().map(Vec::len).unwrap_or(0)
}

async fn a_project_with_two_or_more_organisations_is_a_consortium_by_their_kinds(app: &TestApp) {
    let api = app.api("adviseur", Role::Editor).await;
    let thales = api
        .create(
            "/organisaties",
            json!({"naam": "Thales Nederland", "soort": "grootbedrijf"}),
        )
        .await;
    let mkb = api
        .create("/organisaties", json!({"naam": "Toeleverancier", "soort": "mkb"}))
        .await;
    let saxion = api
        .create("/organisaties", json!({"naam": "Saxion", "soort": "kennisinstelling"}))
        .await;
    let project = api
        .create(
            "/projecten",
            json!({"naam": "E-PLM 2.0", "innovatiefase": "ontwikkeling", "startdatum": "2017-01-01"}),
        )
        .await;
    let r = api.post("/projecten", json!({"naam": "Zonder fase"})).await;
    assert_eq!(invalid_fields(&r.body), vec!["innovatiefase"]);

    let deelnemers = format!("/projecten/{project}/deelnemers");
    assert_eq!(
        api.get(&format!("/projecten/{project}")).await.body["consortium"],
        serde_json::Value::Null
    );
    assert_eq!(
        api.put(&format!("{deelnemers}/{thales}"), json!({"rol": "penvoerder"}))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        api.put(&format!("{deelnemers}/{mkb}"), json!({"rol": "partner"}))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        api.get(&format!("/projecten/{project}")).await.body["consortium"],
        "privaat"
    );
    assert_eq!(
        api.put(&format!("{deelnemers}/{saxion}"), json!({"rol": "kennispartner"}))
            .await
            .status,
        StatusCode::OK
    );
    let r = api.get(&format!("/projecten/{project}")).await;
    assert_eq!(r.body["consortium"], "publiek-privaat");
    assert_eq!(
        api.put(&format!("{deelnemers}/{mkb}"), json!({"rol": "bakker"}))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        api.delete(&format!("{deelnemers}/{saxion}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/projecten/{project}")).await.body["consortium"],
        "privaat"
    );

    let b = app.browser("lezer", Role::Viewer).await;
    let (_, page) = b.get(&format!("/projecten/{project}")).await;
    assert!(page.contains("Privaat") && page.contains("Thales Nederland") && page.contains("Penvoerder"));
    assert!(
        page.contains("Koppeling gewijzigd"),
        "participant changes are in the history"
    );
}
both!(a_project_with_two_or_more_organisations_is_a_consortium_by_their_kinds);

async fn themes_link_organisations_and_unknown_themes_are_refused(app: &TestApp) {
    let api = app.api("beleid", Role::Editor).await;
    let ce = api
        .create(
            "/themas",
            json!({"naam": "Circulaire economie", "omschrijving": "Grondstoffen hergebruiken"}),
        )
        .await;
    assert_eq!(
        api.post("/themas", json!({"naam": "circulaire economie"})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = api
        .post(
            "/organisaties",
            json!({"naam": "X", "soort": "mkb", "themas": [ce, 424242]}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["themas"]);
    let org = api
        .create(
            "/organisaties",
            json!({"naam": "Recycler", "soort": "mkb", "themas": [ce]}),
        )
        .await;
    assert_eq!(
        api.get(&format!("/organisaties/{org}")).await.body["themas"],
        json!([ce])
    );
    let b = app.browser("lezer", Role::Viewer).await;
    let (_, page) = b.get(&format!("/organisaties/{org}")).await;
    assert!(page.contains("Circulaire economie"));
    assert_eq!(
        api.delete(&format!("/themas/{ce}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.get(&format!("/organisaties/{org}")).await.body["themas"], json!([]));
}
both!(themes_link_organisations_and_unknown_themes_are_refused);

async fn spin_offs_point_to_their_parent(app: &TestApp) {
    let api = app.api("beleid", Role::Editor).await;
    let parent = api
        .create(
            "/organisaties",
            json!({"naam": "Universiteit Twente", "soort": "kennisinstelling"}),
        )
        .await;
    let r = api
        .post(
            "/organisaties",
            json!({"naam": "Zonder moeder", "soort": "mkb", "spinOffDatum": "2017-05-01"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["spinOffDatum"]);
    let child = api
        .create(
            "/organisaties",
            json!({"naam": "Spin-off BV", "soort": "mkb", "spinOffVan": parent, "spinOffDatum": "2017-05-01"}),
        )
        .await;
    let r = api
        .put(
            &format!("/organisaties/{child}"),
            json!({"naam": "Spin-off BV", "soort": "mkb", "spinOffVan": child}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["spinOffVan"], "not of itself");
    let b = app.browser("lezer", Role::Viewer).await;
    let (_, page) = b.get(&format!("/organisaties/{parent}")).await;
    assert!(page.contains("Spin-off BV") && page.contains("01-05-2017"));
}
both!(spin_offs_point_to_their_parent);

async fn a_database_with_a_newer_schema_is_refused(app: &TestApp) {
    sqlx::query(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00Z')",
    )
    .execute(&app.services.db.pool)
    .await
    .unwrap();
    let err = middenveld_store::migrate::run(&app.services.db).await.unwrap_err();
    assert!(err.to_string().contains("newer than this program knows"), "{err}");
}
both!(a_database_with_a_newer_schema_is_refused);

async fn a_search_with_many_matches_is_ordered_by_name(app: &TestApp) {
    let s = &app.services;
    middenveld_services::demo::load_scale(s, 2500, &|_| {}).await.unwrap();
    let api = app.api("lezer", Role::Viewer).await;
    // Every synthetic name has a legal form or trade word; "b" matches most of them.
    let r = api.get("/organisaties?zoek=b&paginaGrootte=50").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let total = r.body["totaal"].as_i64().unwrap();
    assert!(
        total > middenveld_store::search::RANK_LIMIT,
        "enough matches to switch to name order: {total}"
    );
    let names: Vec<String> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| middenveld_domain::search::normalise(o["naam"].as_str().unwrap()))
        .collect();
    assert_eq!(names.len(), 50);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "many matches come by name");
    let r = api.get("/zoeken?zoek=b").await;
    assert_eq!(r.body["organisaties"]["totaal"], total);
}
both!(a_search_with_many_matches_is_ordered_by_name);
