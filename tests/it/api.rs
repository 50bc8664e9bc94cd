//! The organisation API, problem+json errors and the OpenAPI document.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn a_machine_client_keeps_organisations_through_the_api(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let r = api
        .post("/organisaties", json!({"naam": "Oost NL", "kvkNummer": "0905 5871", "soort": "intermediair", "postcode": "7522nb", "gemeentecode": "GM0153"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.headers["location"], format!("/api/v1/organisaties/{id}"));
    assert_eq!(r.body["kvkNummer"], "09055871");
    assert_eq!(r.body["postcode"], "7522 NB");
    assert_eq!(r.body["gemeente"], "Enschede");
    assert!(r.headers.contains_key("api-version"));

    let r = api
        .put(
            &format!("/organisaties/{id}"),
            json!({"naam": "Oost NL", "soort": "intermediair", "plaats": "Arnhem"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["plaats"], "Arnhem");
    assert_eq!(r.body["kvkNummer"], serde_json::Value::Null, "PUT replaces every field");

    let r = api.get(&format!("/organisaties/{id}")).await;
    assert_eq!(r.body["naam"], "Oost NL");
    assert_eq!(
        api.delete(&format!("/organisaties/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    let r = api.get(&format!("/organisaties/{id}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.content_type(), "application/problem+json");
}
both!(a_machine_client_keeps_organisations_through_the_api);

async fn invalid_input_gives_a_problem_naming_each_field_and_writes_nothing(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let r = api
        .post("/organisaties", json!({"naam": "", "kvkNummer": "123", "soort": "bakker", "postcode": "12", "gemeentecode": "GM9999", "website": "geen-url"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.content_type(), "application/problem+json");
    let fields = invalid_fields(&r.body);
    for f in ["naam", "kvkNummer", "soort", "postcode", "website"] {
        assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
    }
    assert_eq!(r.body["status"], 422);
    assert!(
        r.body["invalidParams"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("Vul dit veld in")
    );

    let r = api
        .post(
            "/organisaties",
            json!({"naam": "Onbekende gemeente", "soort": "mkb", "gemeentecode": "GM9999"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&r.body), vec!["gemeentecode"]);

    let r = api.post_raw("/organisaties", "{\"naam\": ").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.content_type(), "application/problem+json");
    let r = api.post_raw("/organisaties", "{\"naam\": 12}").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    assert_eq!(api.get("/organisaties").await.body["totaal"], 0, "nothing was written");
}
both!(invalid_input_gives_a_problem_naming_each_field_and_writes_nothing);

async fn a_duplicate_kvk_number_is_refused_with_a_link_to_the_existing_one(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let first = api
        .create(
            "/organisaties",
            json!({"naam": "Provincie Overijssel", "kvkNummer": "51048329", "soort": "overheid"}),
        )
        .await;
    let r = api
        .post(
            "/organisaties",
            json!({"naam": "Provincie (dubbel)", "kvkNummer": "5104 8329", "soort": "overheid"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["existing"]["href"], format!("/api/v1/organisaties/{first}"));
    assert_eq!(invalid_fields(&r.body), vec!["kvkNummer"]);

    let other = api
        .create("/organisaties", json!({"naam": "Andere", "soort": "mkb"}))
        .await;
    let r = api
        .put(
            &format!("/organisaties/{other}"),
            json!({"naam": "Andere", "soort": "mkb", "kvkNummer": "51048329"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "also on update");

    let b = app.browser("redacteur", Role::Editor).await;
    let (status, page, _) = b
        .post_form_text(
            "/organisaties/nieuw",
            &[("naam", "Dubbel"), ("soort", "overheid"), ("kvkNummer", "51048329")],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        page.contains(&format!("href=\"/organisaties/{first}\"")),
        "the form links to the existing organisation"
    );
    assert!(page.contains("Er is al een organisatie met dit KvK-nummer."));
}
both!(a_duplicate_kvk_number_is_refused_with_a_link_to_the_existing_one);

async fn lists_filter_sort_and_page(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let theme = app
        .services
        .create_theme(
            &middenveld_services::Actor::system("t"),
            middenveld_domain::theme::ThemeInput {
                name: "Circulaire economie".into(),
                description: None,
            },
        )
        .await
        .unwrap();
    for i in 0..30 {
        let (kind, muni) = if i % 3 == 0 {
            ("grootbedrijf", "GM0153")
        } else {
            ("mkb", "GM0193")
        };
        let themas = if i % 5 == 0 { vec![theme] } else { vec![] };
        api.create("/organisaties", json!({"naam": format!("Bedrijf {i:02}"), "soort": kind, "gemeentecode": muni, "fase": "geinteresseerd", "themas": themas})).await;
    }
    let r = api
        .get("/organisaties?soort=grootbedrijf&paginaGrootte=4&pagina=2&sorteer=-naam")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["totaal"], 10);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 4);
    assert_eq!(r.body["items"][0]["naam"], "Bedrijf 15");
    assert_eq!(api.get("/organisaties?gemeentecode=GM0193").await.body["totaal"], 20);
    assert_eq!(api.get(&format!("/organisaties?thema={theme}")).await.body["totaal"], 6);
    assert_eq!(
        api.get("/organisaties?fase=geinteresseerd&soort=mkb").await.body["totaal"],
        20
    );
    assert_eq!(
        api.get("/organisaties?soort=bakker").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(api.get("/organisaties?pagina=x").await.status, StatusCode::BAD_REQUEST);
}
both!(lists_filter_sort_and_page);

async fn the_openapi_document_is_public_and_follows_the_design_rules(app: &TestApp) {
    let r = reqwest::get(format!("{}/api/v1/openapi.json", app.base)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().contains_key("api-version"));
    let doc: serde_json::Value = r.json().await.unwrap();
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    assert!(doc["info"]["contact"]["email"].is_string());
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/organisaties") && paths.contains_key("/organisaties/{id}"));
    for (path, item) in paths {
        assert!(!path.ends_with('/'), "{path}");
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("400"), "{method} {path} documents 400");
            for (code, resp) in responses {
                if code.starts_with('2') {
                    assert!(resp["headers"]["API-Version"].is_object(), "{method} {path} {code}");
                }
            }
        }
    }
}
both!(the_openapi_document_is_public_and_follows_the_design_rules);
