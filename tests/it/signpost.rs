//! The signpost: staff keep the partner offers; three answers give the partners to go to.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn three_answers_give_the_partners_to_go_to_and_the_next_step(app: &TestApp) {
    let api = app.api("beheer", Role::Editor).await;
    let oost = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    let circo = api
        .create("/organisaties", json!({"naam": "CIRCO", "soort": "intermediair"}))
        .await;
    let fonds = api
        .create("/organisaties", json!({"naam": "Maakfonds", "soort": "financier"}))
        .await;
    let r = api
        .post("/aanbod", json!({"partnerId": oost, "soortVraag": "financiering", "omschrijving": "Financiering van innovatie en opschaling", "volgendeStap": "Vraag een intakegesprek aan", "website": "https://oostnl.nl"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let general = r.body["id"].as_i64().unwrap();
    api.create("/aanbod", json!({"partnerId": fonds, "soortVraag": "financiering", "fasen": ["implementeren", "financieren-opschalen"], "sector": "maakindustrie", "omschrijving": "Achtergestelde lening voor maakbedrijven", "volgendeStap": "Stuur het businessplan"}))
        .await;
    api.create("/aanbod", json!({"partnerId": circo, "soortVraag": "circulair-ontwerp", "fasen": ["onbewust", "geinteresseerd"], "omschrijving": "CIRCO Track", "volgendeStap": "Meld je aan voor de volgende Track"}))
        .await;

    let r = api
        .get("/wegwijzer?soortVraag=financiering&fase=implementeren&sector=maakindustrie")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let partners: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["partner"].as_str().unwrap())
        .collect();
    assert_eq!(partners, vec!["Maakfonds", "Oost NL"], "the specific offer first");
    let r = api
        .get("/wegwijzer?soortVraag=financiering&fase=geinteresseerd&sector=zorg")
        .await;
    assert_eq!(r.body["totaal"], 1);
    assert_eq!(r.body["items"][0]["volgendeStap"], "Vraag een intakegesprek aan");
    let r = api
        .get("/wegwijzer?soortVraag=circulair-ontwerp&fase=implementeren")
        .await;
    assert_eq!(r.body["totaal"], 0, "CIRCO serves the first stages");
    assert_eq!(
        api.get("/wegwijzer?fase=plannen").await.status,
        StatusCode::BAD_REQUEST,
        "the kind is needed"
    );
    assert_eq!(
        api.get("/wegwijzer?soortVraag=taart").await.status,
        StatusCode::BAD_REQUEST
    );

    let r = api
        .post(
            "/aanbod",
            json!({"soortVraag": "financiering", "fasen": ["later"], "website": "oost"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&r.body),
        vec!["partnerId", "fasen", "omschrijving", "volgendeStap", "website"]
    );
    let r = api
        .put(&format!("/aanbod/{general}"), json!({"partnerId": oost, "soortVraag": "subsidie", "omschrijving": "MIT-regeling", "volgendeStap": "Bel de MIT-adviseur"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(api.get("/wegwijzer?soortVraag=subsidie").await.body["totaal"], 1);
    assert_eq!(api.get("/aanbod").await.body["totaal"], 3);

    // The pages: the three questions and the answer; the directory with delete confirmation.
    let b = app.browser("kijker", Role::Viewer).await;
    let (status, page) = b
        .get("/wegwijzer?soortVraag=financiering&fase=financieren-opschalen&sector=maakindustrie")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Achtergestelde lening voor maakbedrijven") && page.contains("Stuur het businessplan"),
        "{page}"
    );
    let (_, page) = b.get("/wegwijzer").await;
    assert!(page.contains("Kies waar de vraag over gaat."));
    let e = app.browser("redacteur", Role::Editor).await;
    let (status, page, _) = e
        .post_form_text(
            "/wegwijzer/aanbod/nieuw",
            &[
                ("partnerId", &circo.to_string()),
                ("soortVraag", "talent-studenten"),
                ("fasen", "plannen"),
                ("fasen", "implementeren"),
                ("omschrijving", ""),
                ("volgendeStap", "Mail het Fieldlab"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Vul dit veld in.") && page.contains("value=\"implementeren\" checked"),
        "{page}"
    );
    let (status, _, _) = e
        .post_form_text(
            "/wegwijzer/aanbod/nieuw",
            &[
                ("partnerId", &circo.to_string()),
                ("soortVraag", "talent-studenten"),
                ("fasen", "plannen"),
                ("fasen", "implementeren"),
                ("omschrijving", "Studenten van het Fieldlab"),
                ("volgendeStap", "Mail het Fieldlab"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let r = api.get("/wegwijzer?soortVraag=talent-studenten&fase=plannen").await;
    assert_eq!(r.body["items"][0]["fasen"], json!(["plannen", "implementeren"]));
    let (status, _) = e.get(&format!("/wegwijzer/aanbod/{general}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = e
        .post_form_text(&format!("/wegwijzer/aanbod/{general}/verwijderen"), &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/aanbod/{general}")).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(three_answers_give_the_partners_to_go_to_and_the_next_step);
