//! The public site's frame: reachable without an account, no staff menu, no personal data,
//! cacheable with an ETag; the public signpost.

use crate::{TestApp, both};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn visitors_see_the_public_site_without_an_account(app: &TestApp) {
    let b = app.anonymous().await;
    for path in ["/", "/publiek", "/wegwijzer", "/open-data"] {
        let (status, page) = b.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains("Inloggen voor medewerkers"), "{path}: a way in for staff");
        assert!(page.contains("href=\"/voorbeelden\""), "{path}: the public menu");
        assert!(!page.contains("href=\"/organisaties\""), "{path}: no staff menu");
    }
    let (_, home) = b.get("/publiek").await;
    for link in [
        "/voorbeelden",
        "/wegwijzer",
        "/kaarten/krachtenkaart",
        "/kaarten/kansenkaart",
        "/open-data",
    ] {
        assert!(home.contains(&format!("href=\"{link}\"")), "home links {link}");
    }
    // In English on request.
    let r = b
        .client
        .get(format!("{}/taal/en?terug=/publiek", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = b.get("/publiek").await;
    assert!(page.contains("Good examples") && page.contains("lang=\"en\""), "{page}");
}
both!(visitors_see_the_public_site_without_an_account);

async fn public_pages_answer_304_to_a_known_etag(app: &TestApp) {
    let client = reqwest::Client::new();
    for path in ["/publiek", "/wegwijzer", "/open-data", "/open-data/gemeenten.csv"] {
        let r = client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let etag = r.headers()["etag"].to_str().unwrap().to_string();
        assert!(etag.starts_with('"') && etag.len() > 10, "{path}: {etag}");
        assert_eq!(r.headers()["cache-control"], "public, max-age=60", "{path}");
        let again = client
            .get(format!("{}{path}", app.base))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert!(again.bytes().await.unwrap().is_empty());
        let other = client
            .get(format!("{}{path}", app.base))
            .header("if-none-match", "\"iets-anders\"")
            .send()
            .await
            .unwrap();
        assert_eq!(
            other.status(),
            StatusCode::OK,
            "{path}: another version is sent in full"
        );
    }
    // Downloads of counted figures also say when they were counted.
    let r = client
        .get(format!("{}/open-data/jaren.json", app.base))
        .send()
        .await
        .unwrap();
    let modified = r.headers()["last-modified"].to_str().unwrap().to_string();
    assert!(modified.ends_with(" GMT"), "{modified}");
}
both!(public_pages_answer_304_to_a_known_etag);

async fn the_public_signpost_names_partners_and_never_people(app: &TestApp) {
    let api = app.api("beheer", Role::Editor).await;
    let oost = api
        .create(
            "/organisaties",
            json!({"naam": "Oost NL", "soort": "intermediair", "website": "https://oostnl.nl"}),
        )
        .await;
    api.create(
        "/personen",
        json!({"naam": "Geheime Adviseur", "email": "adviseur@oostnl.example", "telefoon": "0612345678",
               "grondslag": "toestemming", "grondslagDatum": "2026-01-05", "organisaties": [oost]}),
    )
    .await;
    api.create(
        "/aanbod",
        json!({"partnerId": oost, "soortVraag": "financiering", "omschrijving": "Financiering <script>alert(1)</script> van innovatie",
               "volgendeStap": "Vraag een intakegesprek aan", "website": "https://oostnl.nl/intake"}),
    )
    .await;
    let b = app.anonymous().await;
    let (status, page) = b.get("/wegwijzer?soortVraag=financiering&fase=plannen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Oost NL") && page.contains("Vraag een intakegesprek aan"),
        "{page}"
    );
    assert!(page.contains("alert(1)") && !page.contains("<script>alert"), "escaped");
    assert!(
        !page.contains(&format!("/organisaties/{oost}")),
        "no link into the register"
    );
    for secret in ["Geheime Adviseur", "adviseur@oostnl.example", "0612345678"] {
        assert!(!page.contains(secret), "{secret}");
    }
    // The API answers without a token too.
    let r = reqwest::get(format!("{}/api/v1/wegwijzer?soortVraag=financiering", app.base))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // An answer that is not on the list is refused, in Dutch.
    let (status, page) = b.get("/wegwijzer?soortVraag=taart").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("Ongeldig verzoek") && page.contains("bestaat niet"),
        "{page}"
    );
    assert!(
        page.contains("Inloggen voor medewerkers"),
        "the error keeps the public frame"
    );
}
both!(the_public_signpost_names_partners_and_never_people);

async fn a_public_page_sets_no_cookie_a_shared_cache_could_keep(app: &TestApp) {
    let r = reqwest::get(format!("{}/publiek", app.base)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("set-cookie").is_none(), "{:?}", r.headers());
    assert_eq!(r.headers()["vary"], "Cookie");
    // Staff pages still hand out the CSRF cookie.
    let r = reqwest::get(format!("{}/inloggen", app.base)).await.unwrap();
    assert!(r.headers().get("set-cookie").is_some());
}
both!(a_public_page_sets_no_cookie_a_shared_cache_could_keep);
