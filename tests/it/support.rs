//! Support records: an adviser records a subsidy application and moves it along the
//! workflow; bad amounts and skipped steps are refused and write nothing.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn an_adviser_records_a_subsidy_and_follows_its_workflow(app: &TestApp) {
    let api = app.api("adviseur", Role::Editor).await;
    let company = api
        .create(
            "/organisaties",
            json!({"naam": "Laser Lassen Twente B.V.", "soort": "mkb"}),
        )
        .await;
    let oost = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;

    let r = api
        .post("/ondersteuning", json!({"organisatieId": company, "aanbiederId": oost, "instrument": "mit-haalbaarheid", "bedragAangevraagd": "€ 20.000", "aangevraagdOp": "01-03-2017"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["status"], "aangevraagd");
    assert_eq!(r.body["bedragAangevraagd"], "20000.00");
    assert_eq!(r.body["aanbieder"], "Oost NL");
    assert_eq!(r.headers["location"], format!("/api/v1/ondersteuning/{id}"));

    // Paid before granted: refused, nothing written.
    let r = api
        .post(&format!("/ondersteuning/{id}/status"), json!({"status": "uitbetaald"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["status"]);
    assert!(
        r.body["invalidParams"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("slaat een stap over")
    );
    assert_eq!(
        api.get(&format!("/ondersteuning/{id}")).await.body["status"],
        "aangevraagd"
    );

    let r = api
        .put(&format!("/ondersteuning/{id}"), json!({"organisatieId": company, "aanbiederId": oost, "instrument": "mit-haalbaarheid", "status": "toegekend", "bedragAangevraagd": "20000", "bedragToegekend": "17.500,50", "aangevraagdOp": "2017-03-01", "besluitOp": "2017-05-15"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["bedragToegekend"], "17500.50");
    for next in ["uitbetaald", "afgesloten"] {
        let r = api
            .post(&format!("/ondersteuning/{id}/status"), json!({"status": next}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{next}: {}", r.body);
        assert_eq!(r.body["status"], next);
    }
    let h = api.get(&format!("/ondersteuning/{id}/status")).await;
    let steps: Vec<&str> = h.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["naar"].as_str().unwrap())
        .collect();
    assert_eq!(steps, vec!["aangevraagd", "toegekend", "uitbetaald", "afgesloten"]);
    assert_eq!(h.body["items"][1]["door"], "adviseur");
    let r = api
        .post(&format!("/ondersteuning/{id}/status"), json!({"status": "aangevraagd"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "closed is the end");

    // Bad input: every field at once, nothing written.
    let r = api
        .post("/ondersteuning", json!({"organisatieId": 999_999, "instrument": "cadeaubon", "bedragAangevraagd": "-€ 5", "bedragToegekend": "veel", "status": "uitbetaald"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&r.body),
        vec!["instrument", "status", "bedragAangevraagd", "bedragToegekend"]
    );
    let r = api
        .post(
            "/ondersteuning",
            json!({"organisatieId": 999_999, "instrument": "coaching"}),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["organisatieId"]);
    let r = api.post("/ondersteuning", json!({"instrument": "coaching"})).await;
    assert_eq!(invalid_fields(&r.body), vec!["organisatieId"]);

    // Support given directly, and the list with its totals and filters.
    api.create(
        "/ondersteuning",
        json!({"organisatieId": company, "instrument": "adviesgesprek", "status": "toegekend"}),
    )
    .await;
    api.create("/ondersteuning", json!({"organisatieId": oost, "instrument": "innovatievoucher", "bedragAangevraagd": "10000", "bedragToegekend": "5000", "status": "toegekend"}))
        .await;
    let r = api.get("/ondersteuning").await;
    assert_eq!(r.body["totaal"], 3);
    assert_eq!(r.body["totaalAangevraagd"], "30000.00");
    assert_eq!(r.body["totaalToegekend"], "22500.50");
    assert_eq!(
        api.get(&format!("/ondersteuning?organisatie={company}")).await.body["totaal"],
        2
    );
    assert_eq!(api.get("/ondersteuning?status=toegekend").await.body["totaal"], 2);
    assert_eq!(
        api.get(&format!("/ondersteuning?aanbieder={oost}")).await.body["totaal"],
        1
    );
    assert_eq!(
        api.get("/ondersteuning?instrument=taart").await.status,
        StatusCode::BAD_REQUEST
    );

    // The company's timeline shows it.
    let t = api.get(&format!("/organisaties/{company}/tijdlijn")).await;
    assert!(
        t.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["soort"] == "ondersteuning" && i["omschrijving"].as_str().unwrap().contains("Oost NL")),
        "{}",
        t.body
    );

    // Pages: the detail offers only the next steps; a skipped step is refused.
    let b = app.browser("redacteur", Role::Editor).await;
    let (status, _, location) = b
        .post_form_text(
            "/ondersteuning/nieuw",
            &[
                ("organisatieId", &company.to_string()),
                ("instrument", "innovatievoucher"),
                ("status", "aangevraagd"),
                ("bedragAangevraagd", "€ 7.500"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let path = location.unwrap();
    let new_id = path
        .trim_start_matches("/ondersteuning/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let (_, page) = b.get(&format!("/ondersteuning/{new_id}")).await;
    assert!(page.contains("€ 7.500") && page.contains("Volgende stap"));
    assert!(
        page.contains("value=\"toegekend\"") && !page.contains("value=\"uitbetaald\""),
        "only the next steps"
    );
    let (status, page, _) = b
        .post_form_text(&format!("/ondersteuning/{new_id}/status"), &[("status", "uitbetaald")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("slaat een stap over"), "{page}");
    let (status, page, _) = b
        .post_form_text(
            "/ondersteuning/nieuw",
            &[
                ("organisatieId", &company.to_string()),
                ("instrument", "coaching"),
                ("bedragAangevraagd", "-5"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Een bedrag kan niet negatief zijn."));
    let (_, page) = b.get(&format!("/organisaties/{company}")).await;
    assert!(
        page.contains(&format!("href=\"/ondersteuning/{id}\"")),
        "the organisation page lists its support"
    );
    let (status, page) = b.get(&format!("/ondersteuning/{new_id}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ja, verwijderen"));
    let (status, _, _) = b
        .post_form_text(&format!("/ondersteuning/{new_id}/verwijderen"), &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/ondersteuning/{new_id}")).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(an_adviser_records_a_subsidy_and_follows_its_workflow);
