//! Referrals: a partner refers a company's question; the receiving partner works its queue.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn a_partner_refers_a_question_and_the_receiver_works_its_queue(app: &TestApp) {
    let api = app.api("kennispoort", Role::Editor).await;
    let company = api
        .create("/organisaties", json!({"naam": "Recycle Zwolle B.V.", "soort": "mkb"}))
        .await;
    let kennispoort = api
        .create(
            "/organisaties",
            json!({"naam": "Kennispoort Regio Zwolle", "soort": "intermediair"}),
        )
        .await;
    let oost = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;

    let r = api
        .post("/doorverwijzingen", json!({"organisatieId": company, "vanPartnerId": kennispoort, "naarPartnerId": oost, "soortVraag": "financiering", "vraag": "Financiering van een circulaire businesscase"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["status"], "open");
    assert_eq!(r.body["naarPartner"], "Oost NL");
    assert_eq!(r.body["door"], "kennispoort");
    let second = api
        .create("/doorverwijzingen", json!({"organisatieId": company, "naarPartnerId": kennispoort, "soortVraag": "talent-studenten", "vraag": "Studenten voor een pilot"}))
        .await;

    // The queue of Oost NL.
    let q = api.get(&format!("/doorverwijzingen?naar={oost}")).await;
    assert_eq!(q.body["totaal"], 1);
    assert_eq!(q.body["items"][0]["id"], id);
    assert_eq!(api.get("/doorverwijzingen").await.body["totaal"], 2);

    let r = api
        .post(
            &format!("/doorverwijzingen/{id}/status"),
            json!({"status": "in-behandeling"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = api
        .post(
            &format!("/doorverwijzingen/{id}/status"),
            json!({"status": "afgerond", "uitkomst": "Aanvraag bij het Circulair Fonds gedaan"}),
        )
        .await;
    assert_eq!(r.body["status"], "afgerond");
    assert!(r.body["afgerondOp"].is_string());
    assert_eq!(
        api.get(&format!("/doorverwijzingen?naar={oost}")).await.body["totaal"],
        0,
        "closed leaves the queue"
    );
    assert_eq!(
        api.get(&format!("/doorverwijzingen?naar={oost}&status=alle"))
            .await
            .body["totaal"],
        1
    );
    assert_eq!(api.get("/doorverwijzingen?status=afgerond").await.body["totaal"], 1);

    // Bad input: back to open, to itself, missing fields; nothing written.
    let r = api
        .post(&format!("/doorverwijzingen/{id}/status"), json!({"status": "open"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&r.body), vec!["status"]);
    let r = api
        .post(
            "/doorverwijzingen",
            json!({"organisatieId": company, "vanPartnerId": oost, "naarPartnerId": oost, "vraag": ""}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["naarPartnerId", "soortVraag", "vraag"]);
    let r = api
        .post(
            "/doorverwijzingen",
            json!({"organisatieId": 999_999, "naarPartnerId": oost, "soortVraag": "subsidie", "vraag": "?"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["organisatieId"]);
    assert_eq!(api.get("/doorverwijzingen?status=alle").await.body["totaal"], 2);
    assert_eq!(
        api.get("/doorverwijzingen?status=zo").await.status,
        StatusCode::BAD_REQUEST
    );

    // The company's timeline.
    let t = api.get(&format!("/organisaties/{company}/tijdlijn")).await;
    let n = t.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["soort"] == "doorverwijzing")
        .count();
    assert_eq!(n, 2);

    // Pages: the queue, the next step with its outcome, delete with confirmation.
    let b = app.browser("oostnl", Role::Editor).await;
    let (_, page) = b.get(&format!("/doorverwijzingen?naar={kennispoort}")).await;
    assert!(page.contains("Studenten voor een pilot"), "{page}");
    let (_, page) = b.get(&format!("/doorverwijzingen/{second}")).await;
    assert!(
        page.contains("Volgende stap") && page.contains("value=\"in-behandeling\"") && !page.contains("value=\"open\"")
    );
    let (status, _, _) = b
        .post_form_text(
            &format!("/doorverwijzingen/{second}/status"),
            &[("status", "afgerond"), ("uitkomst", "Saxion koppelt twee studenten")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page, _) = b
        .post_form_text(
            "/doorverwijzingen/nieuw",
            &[("organisatieId", &company.to_string()), ("vraag", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."));
    let (status, page) = b.get(&format!("/doorverwijzingen/{second}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ja, verwijderen"));
    let (status, _, _) = b
        .post_form_text(&format!("/doorverwijzingen/{second}/verwijderen"), &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/doorverwijzingen/{second}")).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(a_partner_refers_a_question_and_the_receiver_works_its_queue);
