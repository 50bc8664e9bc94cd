//! Launching-customer cases of seed 002: the N737 roundabout and the Asbestschakel.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn the_province_records_its_launching_customer_cases_with_suppliers(app: &TestApp) {
    let api = app.api("provincie", Role::Editor).await;
    let supplier = api
        .create("/organisaties", json!({"naam": "Betonfabriek Oost", "soort": "mkb"}))
        .await;
    let r = api
        .post("/launching-customer", json!({"naam": "Cementloos beton in de turborotonde N737", "opgave": "Aanleg van de turborotonde N737", "innovatie": "Cementloos beton in constructieve onderdelen", "status": "toegepast", "startdatum": "2017-03-01"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let r = api
        .put(&format!("/launching-customer/{id}/leveranciers/{supplier}"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["leveranciers"][0]["naam"], "Betonfabriek Oost");
    api.put(&format!("/launching-customer/{id}/leveranciers/{supplier}"), json!({}))
        .await;
    assert_eq!(
        api.get(&format!("/launching-customer/{id}")).await.body["leveranciers"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "once"
    );
    assert_eq!(
        invalid_fields(
            &api.put(&format!("/launching-customer/{id}/leveranciers/999999"), json!({}))
                .await
                .body
        ),
        vec!["organisatieId"]
    );

    // Closing needs the outcome; bad input names the fields.
    let r = api
        .put(&format!("/launching-customer/{id}"), json!({"naam": "Cementloos beton in de turborotonde N737", "opgave": "Aanleg van de turborotonde N737", "status": "afgerond"}))
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["resultaat"]);
    let r = api
        .post(
            "/launching-customer",
            json!({"naam": "", "status": "klaar", "startdatum": "ooit"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["naam", "opgave", "status", "startdatum"]);
    api.create("/launching-customer", json!({"naam": "Asbestschakel", "opgave": "Asbestdaken verwijderen", "status": "afgerond", "resultaat": "Totaaldienst, zo'n 20% goedkoper"}))
        .await;
    assert_eq!(api.get("/launching-customer").await.body["totaal"], 2);
    assert_eq!(api.get("/launching-customer?status=afgerond").await.body["totaal"], 1);
    assert_eq!(
        api.get("/launching-customer?status=morgen").await.status,
        StatusCode::BAD_REQUEST
    );

    let b = app.browser("redacteur", Role::Editor).await;
    let (_, page) = b.get(&format!("/launching-customer/{id}")).await;
    assert!(
        page.contains("Betonfabriek Oost") && page.contains("Toegepast"),
        "{page}"
    );
    let (status, page) = b
        .get(&format!("/launching-customer/{id}/leveranciers/{supplier}/verwijderen"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ja, verwijderen"));
    let (status, _, _) = b
        .post_form_text(
            &format!("/launching-customer/{id}/leveranciers/{supplier}/verwijderen"),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page, _) = b
        .post_form_text(
            "/launching-customer/nieuw",
            &[("naam", "Innovatieroute N737"), ("opgave", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."));
    let (status, _) = b.get(&format!("/launching-customer/{id}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = b
        .post_form_text(&format!("/launching-customer/{id}/verwijderen"), &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/launching-customer/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(the_province_records_its_launching_customer_cases_with_suppliers);
