//! Every list comes out exactly as filtered on screen: CSV for Dutch Excel, XLSX with typed
//! cells, and JSON through the API.

use crate::{Api, Browser, TestApp, both};
use calamine::{Data, Reader, Xlsx};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

const BOM: &str = "\u{feff}";

/// GET as a logged-in browser: status, content type, body bytes.
async fn download(b: &Browser, path: &str) -> (StatusCode, String, Vec<u8>) {
    let r = b.client.get(format!("{}{path}", b.base)).send().await.unwrap();
    let status = r.status();
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, content_type, r.bytes().await.unwrap().to_vec())
}

/// The lines of a CSV body, without the byte order mark.
fn csv_lines(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    let text = text.strip_prefix(BOM).expect("CSV starts with a byte order mark");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The first worksheet of an XLSX body.
fn sheet(body: Vec<u8>) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(body)).expect("an XLSX workbook");
    book.worksheet_range_at(0).expect("a worksheet").expect("readable")
}

/// 27 SMEs in Zwolle (more than one page of 25), 3 other organisations.
async fn register(api: &Api) -> i64 {
    let theme = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    for i in 0..27 {
        let mut body = json!({"naam": format!("Zwolse Maakbedrijf {i:02}"), "soort": "mkb",
            "gemeentecode": "GM0193", "plaats": "Zwolle", "postcode": "8011 AB", "sbiCode": "01.11"});
        if i == 0 {
            body["kvkNummer"] = json!("01234567");
            body["themas"] = json!([theme]);
        }
        api.create("/organisaties", body).await;
    }
    api.create(
        "/organisaties",
        json!({"naam": "=HYPERLINK(\"http://x\")", "soort": "mkb", "gemeentecode": "GM0193"}),
    )
    .await;
    api.create(
        "/organisaties",
        json!({"naam": "Saxion", "soort": "kennisinstelling", "gemeentecode": "GM0153"}),
    )
    .await;
    api.create(
        "/organisaties",
        json!({"naam": "Kamper Bakkerij", "soort": "mkb", "gemeentecode": "GM0166"}),
    )
    .await;
    theme
}

async fn an_organisation_list_is_exported_exactly_as_filtered(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    register(&api).await;
    let b = app.browser("lezer", Role::Viewer).await;

    let (status, page) = b.get("/organisaties?gemeentecode=GM0193&soort=mkb&sorteer=-naam").await;
    assert_eq!(status, StatusCode::OK);
    let link = "/organisaties/export.csv?soort=mkb&#38;gemeentecode=GM0193&#38;sorteer=-naam";
    assert!(
        page.contains(link),
        "the list links to its export with its filters and sort"
    );
    assert!(page.contains("/organisaties/export.xlsx?soort=mkb&#38;gemeentecode=GM0193&#38;sorteer=-naam"));

    let (status, content_type, body) = download(
        &b,
        "/organisaties/export.csv?soort=mkb&gemeentecode=GM0193&sorteer=-naam&pagina=2",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let lines = csv_lines(&body);
    assert_eq!(
        lines[0],
        "Naam;KvK-nummer;Soort;Grootteklasse;SBI-code;Adres;Postcode;Plaats;Gemeentecode;Gemeente;Reisfase;Thema's;Website;Toelichting;Laatst gewijzigd"
    );
    assert_eq!(lines.len(), 1 + 28, "every matching row, not one page: {lines:?}");
    assert!(
        lines[1].starts_with("Zwolse Maakbedrijf 26;"),
        "sorted as on screen: {}",
        lines[1]
    );
    let first = lines.iter().find(|l| l.starts_with("Zwolse Maakbedrijf 00;")).unwrap();
    let cells: Vec<&str> = first.split(';').collect();
    assert_eq!(
        &cells[..12],
        &[
            "Zwolse Maakbedrijf 00",
            "01234567",
            "MKB",
            "",
            "0111",
            "",
            "8011 AB",
            "Zwolle",
            "GM0193",
            "Zwolle",
            "",
            "Circulaire economie"
        ],
        "{first}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("\"'=HYPERLINK(\"\"http://x\"\")\";")),
        "a formula is neutralised: {lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("Saxion") || l.contains("Kamper")));

    let (_, _, body) = download(&b, "/organisaties/export.csv?zoek=saxion&scheiding=komma").await;
    let lines = csv_lines(&body);
    assert!(
        lines[0].starts_with("Naam,KvK-nummer,Soort,"),
        "comma on request: {}",
        lines[0]
    );
    assert_eq!(lines.len(), 2, "search as on screen: {lines:?}");

    // In English, the headers are English.
    let (status, _) = b.get("/taal/en?terug=/").await;
    assert!(status.is_redirection());
    let (_, _, body) = download(&b, "/organisaties/export.csv?gemeentecode=GM0153").await;
    assert!(csv_lines(&body)[0].starts_with("Name;Chamber of Commerce number;Kind;"));
}
both!(an_organisation_list_is_exported_exactly_as_filtered);

async fn an_xlsx_export_has_typed_cells_and_the_filtered_rows(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    register(&api).await;
    let org = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    let network = api
        .create("/netwerken", json!({"naam": "Waardemakers", "facilitatorId": org}))
        .await;
    api.create(
        &format!("/netwerken/{network}/leden"),
        json!({"organisatieId": org, "status": "actief", "sinds": "2018-02-21"}),
    )
    .await;
    let b = app.browser("lezer", Role::Viewer).await;

    let (status, content_type, body) = download(&b, "/organisaties/export.xlsx?gemeentecode=GM0193&soort=mkb").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let range = sheet(body);
    assert_eq!(range.height(), 1 + 28, "header and every filtered row");
    assert_eq!(range.get((0, 0)), Some(&Data::String("Naam".into())));
    // Row 1 is "=HYPERLINK(…)" (sorted by name), written as text, never as a formula.
    assert_eq!(
        range.get((1, 0)),
        Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
    );
    assert_eq!(
        range.get((2, 1)),
        Some(&Data::String("01234567".into())),
        "KvK keeps its zero"
    );
    assert!(
        matches!(range.get((2, 14)), Some(Data::DateTime(_))),
        "last changed is a date: {:?}",
        range.get((2, 14))
    );
    assert_eq!(
        range.get((2, 4)),
        Some(&Data::String("0111".into())),
        "SBI stays text, with its zero"
    );

    let (_, _, body) = download(&b, "/netwerken/export.xlsx").await;
    let range = sheet(body);
    assert_eq!(range.get((1, 0)), Some(&Data::String("Waardemakers".into())));
    assert_eq!(range.get((1, 1)), Some(&Data::String("Oost NL".into())));
    assert!(
        matches!(range.get((1, 4)), Some(Data::Float(n)) if *n == 1.0),
        "member counts are numbers: {:?}",
        range.get((1, 4))
    );

    let (status, _, body) = download(&b, &format!("/netwerken/{network}/leden/export.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    let range = sheet(body);
    assert_eq!(range.get((1, 0)), Some(&Data::String("Oost NL".into())));
    match range.get((1, 3)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 43152.0, "21-02-2018 as an Excel date"),
        other => panic!("since is a date: {other:?}"),
    }
    let (_, page) = b.get(&format!("/netwerken/{network}")).await;
    assert!(page.contains(&format!("/netwerken/{network}/leden/export.csv")));
    let (_, _, body) = download(&b, &format!("/netwerken/{network}/leden/export.csv")).await;
    assert_eq!(csv_lines(&body)[1], "Oost NL;Organisatie;Actief;21-02-2018;");
}
both!(an_xlsx_export_has_typed_cells_and_the_filtered_rows);

async fn the_api_exports_every_list_as_json_csv_or_xlsx(app: &TestApp) {
    let editor = app.api("koppeling", Role::Editor).await;
    register(&editor).await;
    let org = editor
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    let sme = editor
        .create("/organisaties", json!({"naam": "Fabriek", "soort": "mkb"}))
        .await;
    editor
        .create("/personen", json!({"naam": "M. Bom", "grondslag": "publieke-taak", "grondslagDatum": "2023-02-21", "organisaties": [org, sme]}))
        .await;
    editor
        .create(
            "/personen",
            json!({"naam": "Los", "grondslag": "publieke-taak", "grondslagDatum": "2023-02-21"}),
        )
        .await;
    let project = editor
        .create("/projecten", json!({"naam": "Pilot", "innovatiefase": "pilot"}))
        .await;
    for o in [org, sme] {
        editor
            .put(
                &format!("/projecten/{project}/deelnemers/{o}"),
                json!({"rol": "partner"}),
            )
            .await;
    }
    let api = app.api("lezer", Role::Viewer).await;

    let r = api
        .get("/organisaties/export?gemeentecode=GM0193&soort=mkb&paginaGrootte=5")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type().starts_with("application/json"));
    let items = r.body.as_array().expect("a JSON array");
    assert_eq!(items.len(), 28, "all records, paging ignored");
    assert_eq!(items[0]["naam"], "=HYPERLINK(\"http://x\")");
    assert_eq!(items[1]["kvkNummer"], "01234567");
    assert_eq!(items[1]["themas"].as_array().map(Vec::len), Some(1));

    let r = api.get(&format!("/personen/export?organisatie={org}")).await;
    let people = r.body.as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["organisaties"], json!([org, sme]));

    let r = api.get("/projecten/export").await;
    assert_eq!(r.body[0]["consortium"], "publiek-privaat");
    assert_eq!(r.body[0]["deelnemers"], 2);

    let r = api.get("/personen/export?formaat=csv").await;
    assert!(r.content_type().starts_with("text/csv"));
    let text = r.body.as_str().unwrap();
    assert!(text.starts_with(BOM));
    assert!(text.contains("M. Bom;;;;Fabriek, Oost NL;"), "{text}");

    let r = api
        .client
        .get(format!("{}/api/v1/netwerken/export", api.base))
        .bearer_auth(&api.token)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = r.text().await.unwrap();
    assert!(text.starts_with(&format!("{BOM}Naam;Facilitator;")), "{text}");

    let r = api.get("/organisaties/export?formaat=xlsx&gemeentecode=GM0153").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.content_type(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );

    let r = api.get("/organisaties/export?formaat=pdf").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.content_type(), "application/problem+json");
    let r = api.get("/netwerken/999999/leden/export").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
both!(the_api_exports_every_list_as_json_csv_or_xlsx);
