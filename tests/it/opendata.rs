//! Open data: counts per municipality, province, theme and year, and the indicators of frozen
//! years, as CSV, JSON and GeoJSON and through the API without a token; no personal data.

use crate::{TestApp, both};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn item<'a>(doc: &'a Value, key: &str, value: &str) -> &'a Value {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i[key] == value)
        .unwrap_or_else(|| panic!("{key}={value} in {doc}"))
}

async fn get_json(base: &str, path: &str) -> (StatusCode, String, Value) {
    let r = reqwest::get(format!("{base}{path}")).await.unwrap();
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (status, ct, body)
}

async fn open_data_counts_the_register_and_shows_no_person(app: &TestApp) {
    let api = app.api("beheer", Role::Editor).await;
    let theme = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let mkb1 = api
        .create("/organisaties", json!({"naam": "Recycle Zwolle BV", "soort": "mkb", "gemeentecode": "GM0193", "fase": "geinteresseerd", "themas": [theme]}))
        .await;
    let mkb2 = api
        .create("/organisaties", json!({"naam": "Metaal Zwolle BV", "soort": "mkb", "gemeentecode": "GM0193", "fase": "implementeren", "themas": [theme]}))
        .await;
    api.create(
        "/organisaties",
        json!({"naam": "Twentse Fabriek", "soort": "grootbedrijf", "gemeentecode": "GM0153", "fase": "plannen"}),
    )
    .await;
    let school = api
        .create(
            "/organisaties",
            json!({"naam": "Hogeschool Windesheim", "soort": "kennisinstelling", "gemeentecode": "GM0193"}),
        )
        .await;
    api.create(
        "/personen",
        json!({"naam": "Petra Privé", "email": "petra@recycle.example", "grondslag": "toestemming",
               "grondslagDatum": "2026-01-05", "organisaties": [mkb1]}),
    )
    .await;
    let network = api.create("/netwerken", json!({"naam": "Waardemakers"})).await;
    for (org, status) in [(mkb1, "actief"), (mkb2, "betrokken")] {
        api.create(
            &format!("/netwerken/{network}/leden"),
            json!({"organisatieId": org, "status": status, "sinds": "2017-01-01"}),
        )
        .await;
    }
    let project = api
        .create(
            "/projecten",
            json!({"naam": "Slim lassen", "innovatiefase": "pilot", "startdatum": "2017-04-01"}),
        )
        .await;
    for org in [mkb1, school] {
        let r = api
            .put(
                &format!("/projecten/{project}/deelnemers/{org}"),
                json!({"rol": "partner"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    api.create(
        "/ondersteuning",
        json!({"organisatieId": mkb2, "instrument": "innovatievoucher", "aangevraagdOp": "2017-02-01"}),
    )
    .await;
    api.create(
        "/evenementen",
        json!({"naam": "Waardemakers voorjaar", "soort": "netwerkbijeenkomst", "begin": "2017-05-11T14:00"}),
    )
    .await;
    // A hand-entered indicator of a frozen year.
    let programme = api
        .create(
            "/programmas",
            json!({"naam": "Innovatie", "beginjaar": 2016, "eindjaar": 2019}),
        )
        .await;
    let objective = api
        .create(
            &format!("/programmas/{programme}/prestaties"),
            json!({"code": "5.3.2", "naam": "Innovatie"}),
        )
        .await;
    let action = api
        .create(
            &format!("/prestaties/{objective}/acties"),
            json!({"tekst": "Vouchers verstrekken."}),
        )
        .await;
    let manual = api
        .create(
            &format!("/acties/{action}/indicatoren"),
            json!({"naam": "Vouchers verstrekt", "telling": "handmatig"}),
        )
        .await;
    let r = api
        .post(
            &format!("/indicatoren/{manual}/waarden"),
            json!({"jaar": 2017, "waarde": 12, "bron": "Jaarrapportage Oost NL 2017"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (_, _, before) = get_json(&app.base, "/api/v1/open-data/indicatoren").await;
    assert_eq!(before["items"], json!([]), "only frozen years are published");
    let r = api.post("/bevroren-jaren", json!({"jaar": 2017})).await;
    assert!(r.status.is_success(), "{}", r.body);

    // A published good example (with the consent signer's name, which stays internal) and a draft.
    let shown = api
        .create(
            "/voorbeelden",
            json!({"titel": "Recycle Zwolle sluit de kringloop", "samenvatting": "Van afval naar grondstof.",
                   "verhaal": "Het verhaal.", "gemeentecode": "GM0193", "themaIds": [theme],
                   "organisatieIds": [mkb1], "contactpartnerId": mkb1}),
        )
        .await;
    let r = api
        .put(
            &format!("/voorbeelden/{shown}/toestemming"),
            json!({"toestemmingOrganisatieId": mkb1, "toestemmingDoor": "Petra Privé", "toestemmingDatum": "2026-03-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for status in ["ter-beoordeling", "gepubliceerd"] {
        let r = api
            .post(&format!("/voorbeelden/{shown}/status"), json!({"status": status}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    api.create(
        "/voorbeelden",
        json!({"titel": "Geheim concept", "samenvatting": "Nog niet af.", "verhaal": "…"}),
    )
    .await;

    // The catalogue, without a token.
    let (status, ct, cat) = get_json(&app.base, "/api/v1/open-data").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/json"));
    let names: Vec<&str> = cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["naam"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "gemeenten",
            "provincies",
            "themas",
            "jaren",
            "voorbeelden",
            "indicatoren"
        ]
    );
    assert_eq!(cat["datasets"][0]["licentie"], "CC BY 4.0");
    assert!(
        cat["datasets"][0]["velden"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["omschrijving"].as_str().is_some_and(|d| !d.is_empty()))
    );

    let (status, _, muni) = get_json(&app.base, "/api/v1/open-data/gemeenten").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        muni["items"].as_array().unwrap().len(),
        342,
        "every municipality of the reference table, which knows the whole country"
    );
    let zwolle = item(&muni, "code", "GM0193");
    assert_eq!(
        (
            &zwolle["bedrijven"],
            &zwolle["geinteresseerd"],
            &zwolle["implementeren"],
            &zwolle["netwerkleden"],
            &zwolle["projecten"],
            &zwolle["ondersteund"]
        ),
        (&json!(2), &json!(1), &json!(1), &json!(1), &json!(1), &json!(1)),
        "{zwolle}"
    );
    assert_eq!(item(&muni, "code", "GM0153")["plannen"], 1);
    let (_, _, prov) = get_json(&app.base, "/api/v1/open-data/provincies").await;
    assert_eq!(prov["items"].as_array().unwrap().len(), 12);
    assert_eq!(item(&prov, "code", "PV23")["bedrijven"], 3);
    let (_, _, themes) = get_json(&app.base, "/api/v1/open-data/themas").await;
    let t = item(&themes, "thema", "Circulaire economie");
    assert_eq!((&t["organisaties"], &t["implementeren"]), (&json!(2), &json!(1)));
    let (_, _, years) = get_json(&app.base, "/api/v1/open-data/jaren").await;
    let y = years["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["jaar"] == 2017)
        .unwrap();
    assert_eq!(
        (
            &y["evenementen"],
            &y["aanvragen"],
            &y["ondersteund"],
            &y["projectenGestart"]
        ),
        (&json!(1), &json!(1), &json!(1), &json!(1)),
        "{y}"
    );
    let (_, _, ind) = get_json(&app.base, "/api/v1/open-data/indicatoren").await;
    let i = &ind["items"][0];
    assert_eq!(
        (&i["jaar"], &i["prestatieCode"], &i["indicator"], &i["waarde"]),
        (&json!(2017), &json!("5.3.2"), &json!("Vouchers verstrekt"), &json!(12))
    );

    let (_, _, examples) = get_json(&app.base, "/api/v1/open-data/voorbeelden").await;
    assert_eq!(
        examples["items"].as_array().unwrap().len(),
        1,
        "published only: {examples}"
    );
    let e = &examples["items"][0];
    assert_eq!(
        (
            &e["titel"],
            &e["gemeentecode"],
            &e["themas"],
            &e["organisaties"],
            &e["url"]
        ),
        (
            &json!("Recycle Zwolle sluit de kringloop"),
            &json!("GM0193"),
            &json!("Circulaire economie"),
            &json!("Recycle Zwolle BV"),
            &json!(format!("/voorbeelden/{shown}"))
        )
    );

    // Downloads: CSV for Excel, JSON, GeoJSON for areas.
    let r = reqwest::get(format!("{}/open-data/gemeenten.csv", app.base))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("gemeenten.csv")
    );
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "a byte order mark for Excel");
    assert!(
        csv.contains("code;naam;provinciecode;bedrijven;onbewust;geinteresseerd;plannen;implementeren;financierenOpschalen;netwerkleden;projecten;ondersteund"),
        "{csv}"
    );
    assert!(csv.contains("GM0193;Zwolle;PV23;2;0;1;0;1;0;1;1;1"), "{csv}");
    let r = reqwest::get(format!("{}/open-data/provincies.geojson", app.base))
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/geo+json");
    let geo: Value = r.json().await.unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let overijssel = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "PV23")
        .unwrap();
    assert_eq!(overijssel["properties"]["bedrijven"], 3);
    assert!(
        ["Polygon", "MultiPolygon"].contains(&overijssel["geometry"]["type"].as_str().unwrap_or_default()),
        "the built-in provincial boundaries give a shape out of the box"
    );
    // The built-in municipal boundaries give each municipality its shape.
    let geo: Value = reqwest::get(format!("{}/open-data/gemeenten.geojson", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let zwolle = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "GM0193")
        .unwrap();
    assert!(
        ["Polygon", "MultiPolygon"].contains(&zwolle["geometry"]["type"].as_str().unwrap_or_default()),
        "{}",
        zwolle["geometry"]["type"]
    );
    assert_eq!(zwolle["properties"]["bedrijven"], 2);

    // Nothing about a person, in any dataset or format.
    for path in [
        "/open-data/gemeenten.csv",
        "/open-data/gemeenten.json",
        "/open-data/gemeenten.geojson",
        "/open-data/provincies.csv",
        "/open-data/themas.json",
        "/open-data/jaren.csv",
        "/open-data/indicatoren.json",
        "/open-data/voorbeelden.csv",
        "/open-data/voorbeelden.json",
        "/open-data",
    ] {
        let body = reqwest::get(format!("{}{path}", app.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for secret in [
            "Petra",
            "petra@recycle.example",
            "Jaarrapportage Oost NL",
            "Geheim concept",
        ] {
            assert!(!body.contains(secret), "{path} shows {secret}");
        }
    }

    // Unknown datasets and formats.
    let (status, ct, problem) = get_json(&app.base, "/api/v1/open-data/bedrijven").await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
    assert!(problem["detail"].as_str().unwrap().contains("gemeenten"), "{problem}");
    for path in [
        "/open-data/bedrijven.csv",
        "/open-data/themas.geojson",
        "/open-data/gemeenten.xls",
    ] {
        let r = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }

    // The page describes each dataset and links its downloads.
    let (status, page) = app.anonymous().await.get("/open-data").await;
    assert_eq!(status, StatusCode::OK);
    for needle in [
        "CC BY 4.0",
        "href=\"/open-data/gemeenten.geojson\"",
        "href=\"/open-data/indicatoren.csv\"",
        "financierenOpschalen",
        "CBS / Kadaster",
    ] {
        assert!(page.contains(needle), "{needle}");
    }
}
both!(open_data_counts_the_register_and_shows_no_person);
