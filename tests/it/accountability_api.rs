//! Accountability over the API: a programme of seed 000 with objective 5.3.2, indicators
//! counted from the register (events on the year's edges, a company supported twice, the
//! four kinds of project), a value entered by hand, finances, freezing the year, and the
//! annual report as JSON, Markdown, Word and a spreadsheet; and `middenveld report` on the
//! command line.

use crate::{Api, TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

const HEADINGS: [&str; 5] = [
    "Context",
    "Acties",
    "Toelichting op voortgang",
    "Financiën",
    "Basisinformatie",
];

/// The indicator of a year in an objective's year.
fn indicator_in(year: &Value, id: i64) -> &Value {
    year["indicatoren"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicatorId"] == id)
        .unwrap_or_else(|| panic!("indicator {id} in {year}"))
}

async fn organisation(api: &Api, name: &str, kind: &str) -> i64 {
    api.create("/organisaties", json!({"naam": name, "soort": kind})).await
}

async fn event(api: &Api, name: &str, begin: &str) -> i64 {
    api.create(
        "/evenementen",
        json!({"naam": name, "soort": "netwerkbijeenkomst", "begin": begin}),
    )
    .await
}

/// A project started in 2017 with these participants.
async fn project(api: &Api, name: &str, participants: &[i64]) -> i64 {
    let id = api
        .create(
            "/projecten",
            json!({"naam": name, "innovatiefase": "pilot", "startdatum": "2017-04-01"}),
        )
        .await;
    for org in participants {
        let r = api
            .put(&format!("/projecten/{id}/deelnemers/{org}"), json!({"rol": "partner"}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    id
}

async fn indicator(api: &Api, action: i64, body: Value) -> i64 {
    api.create(&format!("/acties/{action}/indicatoren"), body).await
}

async fn year_2017(api: &Api, objective: i64) -> Value {
    let r = api.get(&format!("/prestaties/{objective}/jaren/2017")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn download(api: &Api, path: &str) -> (StatusCode, String, String, Vec<u8>) {
    let r = api
        .client
        .get(format!("{}/api/v1{path}", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (status, content_type, disposition) = (r.status(), header("content-type"), header("content-disposition"));
    (status, content_type, disposition, r.bytes().await.unwrap().to_vec())
}

async fn a_programme_manager_accounts_for_a_year_over_the_api(app: &TestApp) {
    let api = app.api("programmamanager", Role::Editor).await;
    let admin = app.api("beheerder", Role::Admin).await;
    let viewer = app.api("controller", Role::Viewer).await;

    // Programme → objective → action.
    let r = api
        .post(
            "/programmas",
            json!({"naam": "Innovatie", "beginjaar": "ooit", "eindjaar": 2010}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(invalid_fields(&r.body), vec!["beginjaar"]);
    let r = api
        .post(
            "/programmas",
            json!({"naam": "Innovatie", "beginjaar": 2016, "eindjaar": 2010}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["eindjaar"]);
    assert_eq!(
        viewer
            .post("/programmas", json!({"naam": "Innovatie", "beginjaar": 2016}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = api
        .post(
            "/programmas",
            json!({"naam": "Innovatie en circulaire economie", "beginjaar": 2016, "eindjaar": "2019",
                   "besluit": "PS/2016/871", "reserve": "Kwaliteit van Overijssel"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let programme = r.body["id"].as_i64().unwrap();
    assert_eq!(
        r.headers.get("location").unwrap().to_str().unwrap(),
        format!("/api/v1/programmas/{programme}")
    );
    assert_eq!(
        (r.body["beginjaar"].as_i64(), r.body["eindjaar"].as_i64()),
        (Some(2016), Some(2019))
    );

    let objective = api
        .create(
            &format!("/programmas/{programme}/prestaties"),
            json!({"code": "5.3.2", "naam": "Innovatie", "context": "Overijssel wil een innovatieve regio zijn.",
                   "portefeuillehouder": "Gedeputeerde Economie", "looptijd": "Niet structureel. Eindigt naar verwachting in 2019"}),
        )
        .await;
    let r = api
        .post(
            &format!("/programmas/{programme}/prestaties"),
            json!({"code": "5.3.2", "naam": "Nogmaals"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(
        api.post("/programmas/999999/prestaties", json!({"code": "9.9", "naam": "X"}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = api.get(&format!("/prestaties?programmaId={programme}")).await;
    assert_eq!(
        (r.body["totaal"].as_i64(), &r.body["items"][0]["code"]),
        (Some(1), &json!("5.3.2"))
    );
    assert_eq!(
        api.get("/prestaties?programmaId=abc").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(api.get("/prestaties/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.get(&format!("/programmas/{programme}")).await.body["aantalPrestaties"],
        1
    );

    let action = api
        .create(
            &format!("/prestaties/{objective}/acties"),
            json!({"tekst": "Wij organiseren ontmoetingen tussen ondernemers en kennisinstellingen."}),
        )
        .await;
    assert_eq!(
        invalid_fields(
            &api.post(&format!("/prestaties/{objective}/acties"), json!({"tekst": ""}))
                .await
                .body
        ),
        vec!["tekst"]
    );
    let r = api.get(&format!("/prestaties/{objective}/acties")).await;
    assert_eq!(
        (r.body["totaal"].as_i64(), r.body["items"][0]["volgorde"].as_i64()),
        (Some(1), Some(1))
    );

    // Indicators: refused input names the field.
    let bad = |body: Value| {
        let api = &api;
        async move {
            let r = api.post(&format!("/acties/{action}/indicatoren"), body).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
            invalid_fields(&r.body)
        }
    };
    assert_eq!(
        bad(json!({"naam": "Iets", "telling": "bestaat-niet"})).await,
        vec!["telling"]
    );
    assert_eq!(
        bad(json!({"naam": "Evenementen", "telling": "evenementen", "instrument": "innovatievoucher"})).await,
        vec!["instrument"]
    );
    assert_eq!(
        bad(json!({"naam": "Consortia", "telling": "consortia", "themaId": 999999})).await,
        vec!["themaId"]
    );
    assert_eq!(
        api.post(
            "/acties/999999/indicatoren",
            json!({"naam": "X", "telling": "evenementen"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    let events = indicator(
        &api,
        action,
        json!({"naam": "Aantal ontmoetingen/evenementen", "telling": "evenementen"}),
    )
    .await;
    let r = api
        .post(&format!("/indicatoren/{events}/doelen"), json!({"waarde": 150}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&r.body), vec!["vanafJaar"]);
    let r = api
        .post(
            &format!("/indicatoren/{events}/doelen"),
            json!({"vanafJaar": 2017, "waarde": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = api
        .post(
            &format!("/indicatoren/{events}/doelen"),
            json!({"vanafJaar": "2016", "totEnMetJaar": 2019, "waarde": "10"}),
        )
        .await;
    assert_eq!(r.body["doelen"].as_array().unwrap().len(), 2, "{}", r.body);
    let r = api.get(&format!("/indicatoren/{events}")).await;
    assert_eq!(
        (&r.body["telling"], &r.body["vergelijking"]),
        (&json!("evenementen"), &json!("minimaal"))
    );
    assert_eq!(r.body["doelen"][0]["vanafJaar"], 2016);

    let supported = indicator(
        &api,
        action,
        json!({"naam": "Ondersteunde bedrijven", "telling": "ondersteunde-organisaties"}),
    )
    .await;
    // The organisation filters (a lookup of each counted record's organisation).
    let supported_kind = indicator(
        &api,
        action,
        json!({"naam": "Ondersteunde kennisinstellingen", "telling": "ondersteunde-organisaties", "soortOrganisatie": "kennisinstelling"}),
    )
    .await;
    let supported_place = indicator(
        &api,
        action,
        json!({"naam": "Ondersteund in Enschede", "telling": "ondersteunde-organisaties", "gemeente": "GM0153"}),
    )
    .await;
    let applications_kind = indicator(
        &api,
        action,
        json!({"naam": "Aanvragen van mkb", "telling": "aanvragen", "soortOrganisatie": "mkb"}),
    )
    .await;
    let applications_place = indicator(
        &api,
        action,
        json!({"naam": "Aanvragen uit Enschede", "telling": "aanvragen", "gemeente": "GM0153"}),
    )
    .await;
    let consortia = indicator(&api, action, json!({"naam": "Consortia", "telling": "consortia"})).await;
    let private = indicator(
        &api,
        action,
        json!({"naam": "Private consortia", "telling": "consortia-privaat"}),
    )
    .await;
    let public_private = indicator(
        &api,
        action,
        json!({"naam": "Publiek-private consortia", "telling": "consortia-publiek-privaat"}),
    )
    .await;
    let manual = indicator(
        &api,
        action,
        json!({"naam": "Vouchers verstrekt door Oost NL", "telling": "handmatig"}),
    )
    .await;

    // The register: events on both edges of 2017.
    event(&api, "Oudejaarsborrel 2016", "2016-12-31T23:59").await;
    event(&api, "Waardemakers voorjaar", "2017-05-11T14:00").await;
    event(&api, "Oudejaarsborrel 2017", "2017-12-31T23:59").await;
    event(&api, "Nieuwjaarsontbijt", "2018-01-01T00:00").await;

    // A company supported twice in 2017 (and one only in 2018).
    let mkb1 = organisation(&api, "Metaalbewerking Twente BV", "mkb").await;
    let mkb2 = organisation(&api, "Recycle Zwolle BV", "mkb").await;
    let university = organisation(&api, "Universiteit Twente", "kennisinstelling").await;
    let enschede = api
        .create(
            "/organisaties",
            json!({"naam": "Textiel Enschede BV", "soort": "mkb", "gemeentecode": "GM0153"}),
        )
        .await;
    let province = organisation(&api, "Provincie Overijssel", "overheid").await;
    for (org, instrument, applied) in [
        (mkb1, "innovatievoucher", "2017-02-01"),
        (mkb1, "mit-haalbaarheid", "2017-09-01"),
        (mkb2, "adviesgesprek", "2018-03-01"),
        (university, "adviesgesprek", "2017-04-01"),
        (enschede, "innovatievoucher", "2017-06-01"),
    ] {
        api.create(
            "/ondersteuning",
            json!({"organisatieId": org, "instrument": instrument, "aangevraagdOp": applied}),
        )
        .await;
    }

    // Consortia: private, public-private, public only, and a project of one.
    project(&api, "Slim lassen", &[mkb1, mkb2]).await;
    project(&api, "Circulair composiet", &[mkb1, university]).await;
    project(&api, "Beleidsonderzoek", &[university, province]).await;
    project(&api, "Eigen pilot", &[mkb1]).await;

    // A value by hand with its source; only for indicators entered by hand.
    let r = api
        .post(
            &format!("/indicatoren/{manual}/waarden"),
            json!({"jaar": 2017, "waarde": 12, "bron": "Jaarrapportage Oost NL 2017"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.headers.get("location").unwrap().to_str().unwrap(),
        format!("/api/v1/indicatoren/{manual}/waarden/2017")
    );
    assert_eq!(
        invalid_fields(
            &api.post(
                &format!("/indicatoren/{manual}/waarden"),
                json!({"jaar": 2017, "waarde": 3})
            )
            .await
            .body
        ),
        vec!["bron"]
    );
    assert_eq!(
        api.post(
            &format!("/indicatoren/{events}/waarden"),
            json!({"jaar": 2017, "waarde": 3, "bron": "telling"})
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        api.get(&format!("/indicatoren/{manual}/waarden")).await.body["totaal"],
        1
    );

    // The year: counted live from the register.
    let year = year_2017(&api, objective).await;
    assert_eq!(year["prestatie"]["code"], "5.3.2");
    assert!(year["bevroren"].is_null());
    let e = indicator_in(&year, events);
    assert_eq!(
        (
            &e["gerealiseerd"],
            &e["gerealiseerdTekst"],
            &e["doel"],
            &e["status"],
            &e["bevroren"]
        ),
        (&json!(2), &json!("2"), &json!(2), &json!("gehaald"), &json!(false)),
        "the event of 31 December 23:59 counts, 1 January of the next year does not: {e}"
    );
    assert_eq!(
        (
            &e["periode"]["vanafJaar"],
            &e["periode"]["doel"],
            &e["periode"]["gerealiseerd"]
        ),
        (&json!(2016), &json!(10), &json!(3)),
        "{e}"
    );
    assert_eq!(
        indicator_in(&year, supported)["gerealiseerd"],
        3,
        "supported twice, counted once; with the university and the company in Enschede"
    );
    // Support without an application date counts in the year it was recorded: this year.
    api.create(
        "/ondersteuning",
        json!({"organisatieId": mkb2, "instrument": "adviesgesprek"}),
    )
    .await;
    api.create(
        "/ondersteuning",
        json!({"organisatieId": mkb1, "instrument": "adviesgesprek"}),
    )
    .await;
    let this_year = middenveld_services::today().0.year();
    let r = api.get(&format!("/prestaties/{objective}/jaren/{this_year}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(indicator_in(&r.body, supported)["gerealiseerd"], 2, "{}", r.body);
    assert_eq!(
        indicator_in(&r.body, applications_kind)["gerealiseerd"],
        0,
        "none applied this year"
    );
    let r = api
        .get(&format!("/indicatoren/{supported}/records?jaar={this_year}"))
        .await;
    assert_eq!(r.body["totaal"], 2, "{}", r.body);
    assert_eq!(indicator_in(&year, supported_kind)["gerealiseerd"], 1);
    assert_eq!(
        indicator_in(&year, applications_kind)["gerealiseerd"],
        3,
        "two applications of one company and one of another"
    );
    assert_eq!(indicator_in(&year, applications_place)["gerealiseerd"], 1);
    let r = api
        .get(&format!("/indicatoren/{applications_kind}/records?jaar=2017"))
        .await;
    assert_eq!(r.body["totaal"], 3, "{}", r.body);
    assert_eq!(indicator_in(&year, supported_place)["gerealiseerd"], 1);
    let r = api
        .get(&format!("/indicatoren/{supported_place}/records?jaar=2017"))
        .await;
    assert_eq!(r.body["items"][0]["naam"], "Textiel Enschede BV", "{}", r.body);
    assert_eq!(indicator_in(&year, supported)["status"], "geen-doel");
    assert_eq!(indicator_in(&year, consortia)["gerealiseerd"], 2);
    assert_eq!(indicator_in(&year, private)["gerealiseerd"], 1);
    assert_eq!(indicator_in(&year, public_private)["gerealiseerd"], 1);
    let m = indicator_in(&year, manual);
    assert_eq!(
        (&m["gerealiseerd"], &m["bron"]),
        (&json!(12), &json!("Jaarrapportage Oost NL 2017"))
    );

    // The drill-down: the records behind the count.
    let r = api.get(&format!("/indicatoren/{events}/records?jaar=2017")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((&r.body["gerealiseerd"], &r.body["totaal"]), (&json!(2), &json!(2)));
    let dates: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["datum"].as_str().unwrap())
        .collect();
    assert_eq!(dates, vec!["2017-05-11", "2017-12-31"]);
    assert!(r.body["items"][0]["pad"].as_str().unwrap().starts_with("/evenementen/"));
    let r = api.get(&format!("/indicatoren/{private}/records?jaar=2017")).await;
    assert_eq!(r.body["items"][0]["naam"], "Slim lassen");
    assert_eq!(
        api.get(&format!("/indicatoren/{events}/records")).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.get("/indicatoren/999999/records?jaar=2017").await.status,
        StatusCode::NOT_FOUND
    );

    // The progress note and the finances.
    let note = "Het netwerk groeide in 2017.\n\n[resultaten]\n\nIn 2018 volgt een evaluatie.";
    let r = api
        .put(
            &format!("/prestaties/{objective}/jaren/2017/toelichting"),
            json!({"tekst": note}),
        )
        .await;
    assert_eq!((r.status, &r.body["tekst"]), (StatusCode::OK, &json!(note)));
    let finances = |saldo: &str, seen: bool| {
        json!({"begroot": "1200000.00", "gerealiseerd": "1055000.00", "saldo": saldo,
               "samenstelling": "een resultaat op het programma Innovatie",
               "regels": [
                   {"soort": "onderuitputting", "bedrag": "246000.00", "tekst": "Voor #in is er sprake van € 246.000 onderuitputting."},
                   {"soort": "tekort", "bedrag": "€ 101.000", "tekst": "Op de Fieldlabs is € 101.000 meer uitgegeven."}
               ],
               "afwijkingGezien": seen})
    };
    let path = format!("/prestaties/{objective}/jaren/2017/financien");
    let r = api.put(&path, finances("150000.00", false)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["afwijkingGezien"]);
    assert_eq!(r.body["invalidParams"][0]["code"], "finance-does-not-add-up");
    let r = api.put(&path, finances("150000.00", true)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (&r.body["saldo"], &r.body["verklaard"], &r.body["afwijkingGezien"]),
        (&json!("150000.00"), &json!("145000.00"), &json!(true))
    );
    let r = api.put(&path, finances("145000.00", false)).await;
    assert_eq!(
        (r.status, &r.body["regels"][1]["bedrag"]),
        (StatusCode::OK, &json!("101000.00"))
    );
    assert_eq!(api.get(&path).await.body["saldo"], "145000.00");
    let year = year_2017(&api, objective).await;
    assert_eq!(
        (&year["toelichting"], &year["financien"]["saldo"]),
        (&json!(note), &json!("145000.00"))
    );

    // Freezing the year keeps its values and closes it to changes.
    let r = api.post("/bevroren-jaren", json!({"jaar": 2017})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        (&r.body["jaar"], &r.body["bevrorenDoor"]),
        (&json!(2017), &json!("programmamanager"))
    );
    assert_eq!(
        invalid_fields(&api.post("/bevroren-jaren", json!({"jaar": "2017"})).await.body),
        vec!["jaar"],
        "frozen once"
    );
    assert_eq!(api.get("/bevroren-jaren").await.body["totaal"], 1);
    let r = api
        .put(
            &format!("/prestaties/{objective}/jaren/2017/toelichting"),
            json!({"tekst": "Achteraf herschreven."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["jaar"]);
    assert_eq!(
        r.body["invalidParams"][0]["reason"],
        "Het jaar 2017 is bevroren: het jaarverslag is vastgesteld. Een beheerder kan het jaar ontdooien."
    );
    assert_eq!(
        api.put(&path, finances("145000.00", false)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        api.delete(&format!("/indicatoren/{manual}/waarden/2017")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    event(&api, "Laat geregistreerd", "2017-06-01T10:00").await;
    let year = year_2017(&api, objective).await;
    assert_eq!(year["bevroren"]["jaar"], 2017);
    let e = indicator_in(&year, events);
    assert_eq!((&e["gerealiseerd"], &e["bevroren"]), (&json!(2), &json!(true)), "{e}");
    let r = api.get(&format!("/indicatoren/{events}/records?jaar=2017")).await;
    assert_eq!(
        (&r.body["gerealiseerd"], &r.body["bevroren"], &r.body["totaal"]),
        (&json!(2), &json!(true), &json!(3)),
        "the frozen value, with today's records"
    );

    // The annual report, frozen: the chapter in the seeds' structure.
    let r = api.get("/jaarverslagen/2017").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (&r.body["titel"], &r.body["bevroren"]["jaar"]),
        (&json!("Jaarverslag 2017"), &json!(2017))
    );
    let chapter = &r.body["hoofdstukken"][0];
    assert_eq!(
        (&chapter["titel"], &chapter["prestatieId"]),
        (&json!("5.3.2 Innovatie"), &json!(objective))
    );
    let blocks = chapter["blokken"].as_array().unwrap();
    let sections: Vec<&str> = blocks
        .iter()
        .filter(|b| b["soort"] == "kop" && b["niveau"] == 1)
        .map(|b| b["tekst"].as_str().unwrap())
        .collect();
    assert_eq!(sections, HEADINGS);
    let results = blocks
        .iter()
        .find(|b| {
            b["soort"] == "opsomming"
                && b["items"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("Aantal ontmoetingen/evenementen: 2"))
        })
        .unwrap_or_else(|| panic!("results with the frozen count: {chapter}"));
    assert!(
        results["items"]
            .as_array()
            .unwrap()
            .contains(&json!("Vouchers verstrekt door Oost NL: 12")),
        "{results}"
    );
    assert!(
        blocks
            .iter()
            .any(|b| b["tekst"].as_str().is_some_and(|t| t.contains("€ 145.000"))),
        "{chapter}"
    );
    assert_eq!(api.get("/jaarverslagen/1800").await.status, StatusCode::BAD_REQUEST);

    let r = api.get("/jaarverslagen/2017/markdown").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/markdown"), "{}", r.content_type());
    let md = r.body.as_str().unwrap();
    assert!(
        md.starts_with("# Jaarverslag 2017") && md.contains("## 5.3.2 Innovatie") && md.contains("### Financiën"),
        "{md}"
    );
    let (status, content_type, disposition, bytes) = download(&viewer, "/jaarverslagen/2017/docx").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(disposition.contains("jaarverslag-2017.docx"), "{disposition}");
    assert!(bytes.starts_with(b"PK"), "a .docx is a zip file");
    let (status, content_type, disposition, bytes) = download(&viewer, "/jaarverslagen/2017/indicatoren").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        disposition.contains("jaarverslag-2017-indicatoren.xlsx"),
        "{disposition}"
    );
    assert!(bytes.starts_with(b"PK"));

    // Only an administrator unfreezes; then the year counts live again.
    assert_eq!(api.delete("/bevroren-jaren/2017").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        admin.delete("/bevroren-jaren/2017").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(admin.delete("/bevroren-jaren/2017").await.status, StatusCode::NOT_FOUND);
    let year = year_2017(&api, objective).await;
    let e = indicator_in(&year, events);
    assert_eq!((&e["gerealiseerd"], &e["bevroren"]), (&json!(3), &json!(false)), "{e}");
    assert!(year["bevroren"].is_null());

    // Deleting goes from the bottom up.
    assert_eq!(
        api.delete(&format!("/indicatoren/{manual}/waarden/2017")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.delete(&path).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&path).await.status, StatusCode::NOT_FOUND);
    let target = api.get(&format!("/indicatoren/{events}")).await.body["doelen"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        api.delete(&format!("/indicatoren/{events}/doelen/{target}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete(&format!("/indicatoren/{manual}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/indicatoren/{manual}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.delete(&format!("/acties/{action}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete(&format!("/programmas/{programme}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/prestaties/{objective}")).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(a_programme_manager_accounts_for_a_year_over_the_api);

/// `middenveld report annual 2017 --format docx --out FILE`, Markdown on standard output, and
/// freezing on the command line (SQLite file; the CLI shares the services).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_writes_the_annual_report() {
    use middenveld_domain::accountability::{ObjectiveInput, ProgrammeInput};
    use middenveld_services::{Actor, ServiceConfig, Services};

    let dir = std::env::temp_dir().join(format!("middenveld_report_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cli.db");
    let db = format!("sqlite://{}", file.display());
    {
        let store = middenveld_store::Db::connect(&db).await.unwrap();
        middenveld_store::migrate::run(&store).await.unwrap();
        let services = Services::new(store, ServiceConfig::default());
        let actor = Actor::system("test");
        let programme = services
            .create_programme(
                &actor,
                ProgrammeInput {
                    name: "Innovatie en circulaire economie".into(),
                    start_year: Some("2016".into()),
                    ..ProgrammeInput::default()
                },
            )
            .await
            .unwrap();
        let objective = services
            .create_objective(
                &actor,
                Some(programme),
                ObjectiveInput {
                    code: "5.3.2".into(),
                    name: "Innovatie".into(),
                    ..ObjectiveInput::default()
                },
            )
            .await
            .unwrap();
        services
            .create_action(&actor, objective, "Wij organiseren ontmoetingen.", None)
            .await
            .unwrap();
        services.db.close().await;
    }

    let bin = env!("CARGO_BIN_EXE_middenveld");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .args(["--database", &db])
            .env("MIDDENVELD_LOG", "warn")
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap();
        (
            out.status.success(),
            out.stdout,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let docx = dir.join("jaarverslag-2017.docx");
    let docx_arg = docx.display().to_string();
    let (ok, _, err) = run(&["report", "annual", "2017", "--format", "docx", "--out", &docx_arg]);
    assert!(ok, "{err}");
    assert!(err.contains("1 chapters"), "{err}");
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));

    let (ok, out, err) = run(&["report", "annual", "2017"]);
    assert!(ok, "{err}");
    let md = String::from_utf8(out).unwrap();
    assert!(
        md.starts_with("# Jaarverslag 2017")
            && md.contains("## 5.3.2 Innovatie")
            && md.contains("1. Wij organiseren ontmoetingen."),
        "{md}"
    );
    let (ok, out, err) = run(&["report", "annual", "2017", "--format", "docx"]);
    assert!(!ok && out.is_empty() && err.contains("--out FILE"), "{err}");

    let xlsx = dir.join("indicatoren.xlsx");
    let xlsx_arg = xlsx.display().to_string();
    let (ok, _, err) = run(&["report", "annual", "2017", "--out", &xlsx_arg]);
    assert!(ok && err.contains("xlsx"), "the extension decides: {err}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    let (ok, out, err) = run(&["report", "freeze", "2017"]);
    assert!(ok && String::from_utf8_lossy(&out).contains("2017 is frozen"), "{err}");
    let (ok, _, err) = run(&["report", "freeze", "2017"]);
    assert!(!ok && err.contains("Het jaar 2017 is bevroren"), "{err}");
    let (ok, _, err) = run(&["report", "annual", "2017", "--out", &docx_arg]);
    assert!(ok && !err.contains("not frozen"), "{err}");
    let (ok, _, err) = run(&["report", "unfreeze", "2017"]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&["report", "unfreeze", "2017"]);
    assert!(!ok && err.contains("2017 is not frozen"), "{err}");
    let (ok, _, err) = run(&["report", "annual", "1800"]);
    assert!(!ok && err.contains("2000"), "{err}");

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
