//! The OpenAPI document says what the API does: years are numbers, required fields are
//! required and not nullable, limits and codes are in the schema, and the API refuses what
//! the schema forbids.

use crate::{TestApp, both};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn document(app: &TestApp) -> Value {
    reqwest::get(format!("{}/api/v1/openapi.json", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn an_agreement_gives_its_years_as_numbers_and_takes_600_0_as_a_whole_number(app: &TestApp) {
    let api = app.api("provincie", Role::Editor).await;
    let r = api
        .post(
            "/afspraken",
            json!({"naam": "Krachtenkaart circulaire economie (IPO)", "startjaar": 2021.0, "eindjaar": 2024}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["startjaar"], json!(2021), "a number, not \"2021\"");
    assert_eq!(r.body["eindjaar"], json!(2024));
    let id = r.body["id"].as_i64().unwrap();
    let r = api.get(&format!("/afspraken/{id}")).await;
    assert_eq!(r.body["startjaar"], json!(2021));
    let r = api.get("/afspraken").await;
    assert_eq!(r.body["items"][0]["startjaar"], json!(2021));

    // A fraction is not a whole number.
    let r = api
        .post("/afspraken", json!({"naam": "Nog een", "startjaar": 2021.5}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}
both!(an_agreement_gives_its_years_as_numbers_and_takes_600_0_as_a_whole_number);

async fn a_year_outside_2000_to_2100_is_refused_as_the_document_says(app: &TestApp) {
    let api = app.api("provincie", Role::Editor).await;
    for path in [
        "/bevroren-jaren/1999",
        "/bevroren-jaren/2101",
        "/jaarverslagen/2147483646",
    ] {
        let r = api.get(path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert_eq!(r.content_type(), "application/problem+json");
    }
    let r = api
        .post("/programmas", json!({"naam": "Innovatie 2016–2019", "beginjaar": 1999}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(api.get("/programmas").await.body["totaal"], json!(0), "nothing written");

    let doc = document(app).await;
    let params = doc["paths"]["/bevroren-jaren/{jaar}"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let jaar = params.iter().find(|p| p["name"] == "jaar").unwrap();
    assert_eq!(jaar["schema"]["minimum"], json!(2000));
    assert_eq!(jaar["schema"]["maximum"], json!(2100));
    let begin = &doc["components"]["schemas"]["ProgrammaInvoer"]["properties"]["beginjaar"];
    assert_eq!(begin["minimum"], json!(2000), "{begin}");
    assert_eq!(begin["maximum"], json!(2100), "{begin}");
}
both!(a_year_outside_2000_to_2100_is_refused_as_the_document_says);

async fn a_list_given_as_null_is_refused_and_nothing_is_written(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let r = api
        .post(
            "/personen",
            json!({"naam": "Marieke Bom", "grondslag": "toestemming", "grondslagDatum": "2024-03-01", "organisaties": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json");
    let r = api
        .post(
            "/organisaties",
            json!({"naam": "Oost NL", "soort": "intermediair", "themas": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(api.get("/personen").await.body["totaal"], json!(0));
    assert_eq!(api.get("/organisaties").await.body["totaal"], json!(0));

    // Left out, a list is empty.
    let r = api
        .post("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["themas"], json!([]));
}
both!(a_list_given_as_null_is_refused_and_nothing_is_written);

async fn the_document_declares_required_fields_codes_limits_and_conflicts(app: &TestApp) {
    let doc = document(app).await;
    let org = &doc["components"]["schemas"]["OrganisatieInvoer"];
    let required: Vec<&str> = org["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        required.contains(&"naam") && required.contains(&"soort"),
        "{required:?}"
    );
    assert_eq!(org["properties"]["naam"]["type"], json!("string"), "not nullable");
    assert_eq!(org["properties"]["naam"]["maxLength"], json!(200));
    let soort: Vec<&str> = org["properties"]["soort"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        soort.contains(&"mkb") && soort.contains(&"kennisinstelling"),
        "{soort:?}"
    );

    let params = doc["paths"]["/organisaties"]["get"]["parameters"].as_array().unwrap();
    let param = |name: &str| params.iter().find(|p| p["name"] == name).unwrap()["schema"].clone();
    assert!(param("soort")["enum"].as_array().unwrap().contains(&json!("mkb")));
    assert_eq!(
        param("thema")["pattern"],
        json!("^(-?[0-9]{1,18})?$"),
        "an id, or empty for any"
    );

    // The signpost's question kind is required and spelled out as a pattern: every code fits.
    let params = doc["paths"]["/wegwijzer"]["get"]["parameters"].as_array().unwrap();
    let kind = params.iter().find(|p| p["name"] == "soortVraag").unwrap();
    assert_eq!(kind["required"], json!(true));
    let pattern = kind["schema"]["pattern"].as_str().unwrap();
    for code in <middenveld_domain::QuestionKind as middenveld_domain::Coded>::codes() {
        assert!(
            pattern.contains(&format!("|{code}|"))
                || pattern.contains(&format!("({code}|"))
                || pattern.contains(&format!("|{code})")),
            "{code} in {pattern}"
        );
    }

    let create = &doc["paths"]["/organisaties"]["post"]["responses"];
    assert!(create["409"].is_object(), "a duplicate KvK number is a documented 409");
    assert!(doc["paths"]["/organisaties/{id}"]["delete"]["responses"]["409"].is_object());
}
both!(the_document_declares_required_fields_codes_limits_and_conflicts);
