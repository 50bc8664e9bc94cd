//! Hardening of login, sessions and small inputs: bounded and fair login throttling, only
//! same-origin redirects, CSRF bound to the session, no-store on personal data, proper 413s,
//! control characters and positions refused, a contact limit robots cannot spend.

use crate::{Browser, PASSWORD, TestApp, both, hidden_csrf, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

/// Posts the login form as a client at `ip` (the test server trusts X-Forwarded-For as it
/// knows no peer); gives status, Retry-After and the page.
async fn login_from(b: &Browser, ip: &str, name: &str, password: &str) -> (StatusCode, Option<u64>, String) {
    let r = b
        .client
        .post(format!("{}/inloggen", b.base))
        .header("x-forwarded-for", ip)
        .form(&[("gebruikersnaam", name), ("wachtwoord", password), ("_csrf", &b.csrf)])
        .send()
        .await
        .unwrap();
    let status = r.status();
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (status, retry, r.text().await.unwrap())
}

async fn an_over_long_user_name_is_refused_before_anything_is_kept(app: &TestApp) {
    let b = app.anonymous().await;
    let name = "a".repeat(1024 * 1024);
    for i in 0..5 {
        let (status, _, page) = login_from(&b, &format!("192.0.2.{i}"), &name, "wachtwoord").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("Gebruik hoogstens 64 tekens."), "a Dutch message");
        assert!(page.len() < 64 * 1024, "the name is not echoed back");
    }
    assert!(app.services.throttle.is_empty(), "no counter was kept for it");
}
both!(an_over_long_user_name_is_refused_before_anything_is_kept);

async fn a_stranger_guessing_passwords_is_slowed_but_cannot_lock_the_owner_out(app: &TestApp) {
    app.user("admin", Role::Admin).await;
    // The owner logged in before from this browser: it holds a device cookie.
    let owner = app.anonymous().await;
    let (status, _, _) = login_from(&owner, "192.0.2.10", "admin", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = owner.get("/").await;
    let owner = Browser {
        csrf: hidden_csrf(&page),
        ..owner
    };

    // A stranger guesses from one address: a few tries, then each must wait, and is told how long.
    let stranger = app.anonymous().await;
    for _ in 0..3 {
        let (status, _, page) = login_from(&stranger, "203.0.113.5", "admin", "geraden-1").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(page.contains("De gebruikersnaam of het wachtwoord klopt niet."));
    }
    let (status, retry, page) = login_from(&stranger, "203.0.113.5", "admin", "geraden-2").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry.is_some_and(|s| (1..=900).contains(&s)), "Retry-After: {retry:?}");
    assert!(page.contains("Te veel mislukte pogingen. Probeer het over"), "{page}");
    // Even the right password waits on that address: the guess is not checked.
    let (status, _, _) = login_from(&stranger, "203.0.113.5", "admin", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // The owner, from an address of their own, gets in at once.
    let elsewhere = app.anonymous().await;
    let (status, _, _) = login_from(&elsewhere, "192.0.2.20", "admin", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "a stranger does not lock out admin");

    // The stranger spreads over many addresses: the name becomes slow for unknown devices…
    for i in 0..6 {
        for _ in 0..3 {
            login_from(&stranger, &format!("198.51.100.{i}"), "admin", "geraden-3").await;
        }
    }
    let newcomer = app.anonymous().await;
    let (status, retry, _) = login_from(&newcomer, "192.0.2.30", "admin", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        retry.is_some_and(|s| (1..=60).contains(&s)),
        "a short wait, never a lock-out: {retry:?}"
    );
    // …but the owner's known device still gets in with the right password.
    let (status, _, page) = login_from(&owner, "192.0.2.10", "admin", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");

    // One address trying many names is limited as a whole.
    let sprayer = app.anonymous().await;
    let mut last = StatusCode::OK;
    for i in 0..12 {
        last = login_from(&sprayer, "203.0.113.99", &format!("naam{i}"), "geraden")
            .await
            .0;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "per-address limit");
}
both!(a_stranger_guessing_passwords_is_slowed_but_cannot_lock_the_owner_out);

async fn only_same_origin_paths_are_followed_after_what_browsers_strip(app: &TestApp) {
    let b = app.anonymous().await;
    for (terug, expected) in [
        ("%2F%09%2Fexample.com", "/"),
        ("%2F%0A%2Fexample.com", "/"),
        ("%09%2F%2Fexample.com", "/"),
        ("%2F%5Cexample.com", "/"),
        ("https%3A%2F%2Fexample.com", "/"),
        ("%2F%0B", "/"),
        ("%2F%00", "/"),
        ("%2Forganisaties%3Fpagina%3D2", "/organisaties?pagina=2"),
    ] {
        let r = b
            .client
            .get(format!("{}/taal/nl?terug={terug}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{terug}");
        assert_eq!(r.headers()["location"], expected, "{terug}");
    }
    app.user("redacteur", Role::Editor).await;
    let r = b
        .client
        .post(format!("{}/inloggen", app.base))
        .form(&[
            ("gebruikersnaam", "redacteur"),
            ("wachtwoord", PASSWORD),
            ("terug", "/\t/example.com"),
            ("_csrf", &b.csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/");
    let (status, page) = b.get("/inloggen?terug=%2F%0B").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "logged in: sent on, not a 500: {page}");
}
both!(only_same_origin_paths_are_followed_after_what_browsers_strip);

async fn the_csrf_token_is_bound_to_the_session(app: &TestApp) {
    app.user("eerste", Role::Editor).await;
    let mut a = app.anonymous().await;
    // Before login the token is the double-submit pair of the CSRF cookie.
    let cookie_token = a.csrf.clone();
    let r = a
        .post_form("/inloggen", &[("gebruikersnaam", "eerste"), ("wachtwoord", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = a.get("/").await;
    a.csrf = hidden_csrf(&page);
    assert_ne!(a.csrf, cookie_token, "logging in binds the token to the new session");
    let b = app.browser("tweede", Role::Editor).await;
    assert_ne!(a.csrf, b.csrf, "each session has its own token");
    // Once logged in, neither the cookie's token nor another session's is accepted.
    for token in [cookie_token.as_str(), b.csrf.as_str()] {
        let r = a
            .client
            .post(format!("{}/organisaties/nieuw", app.base))
            .form(&[("naam", "Via een vreemd token"), ("soort", "mkb"), ("_csrf", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    }
    let r = a
        .post_form(
            "/organisaties/nieuw",
            &[("naam", "Met het eigen token"), ("soort", "mkb")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // With secure cookies the CSRF and session cookies carry the __Host- prefix.
    let secure = middenveld_web::app(
        app.services.clone(),
        middenveld_web::WebConfig {
            secure_cookies: true,
            ..Default::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, secure).await;
    });
    let r = reqwest::get(format!("http://{addr}/inloggen")).await.unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-mv_csrf=") && cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain="));
}
both!(the_csrf_token_is_bound_to_the_session);

async fn personal_data_is_never_kept_in_caches(app: &TestApp) {
    let browser = app.browser("beleid", Role::Editor).await;
    let api = app.api("koppeling", Role::Editor).await;
    for path in ["/organisaties", "/personen", "/", "/inloggen"] {
        let r = browser.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
    }
    for path in ["/organisaties", "/personen", "/bestaat-niet"] {
        let r = api.get(path).await;
        assert_eq!(r.headers["cache-control"], "no-store", "/api/v1{path}");
    }
    for path in ["/api/v1/open-data", "/api/v1/openapi.json", "/voorbeelden"] {
        let r = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
        assert_ne!(
            r.headers().get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path} is public"
        );
    }
}
both!(personal_data_is_never_kept_in_caches);

async fn a_too_large_body_gets_a_proper_413(app: &TestApp) {
    let api = app.api("groot", Role::Editor).await;
    let big = format!("{{\"naam\": \"{}\", \"soort\": \"mkb\"}}", "x".repeat(3 * 1024 * 1024));
    let r = api.post_raw("/organisaties", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(r.body["status"], 413);
    let browser = app.browser("grootste", Role::Editor).await;
    let naam = "x".repeat(3 * 1024 * 1024);
    let r = browser
        .post_form("/organisaties/nieuw", &[("naam", &naam), ("soort", "mkb")])
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Te groot") && page.contains("Er is niets opgeslagen"),
        "{page}"
    );
    assert_eq!(api.get("/organisaties").await.body["totaal"], 0);
}
both!(a_too_large_body_gets_a_proper_413);

async fn nul_bytes_in_text_are_refused_with_a_field_error(app: &TestApp) {
    let api = app.api("invoer", Role::Editor).await;
    let r = api
        .post("/organisaties", json!({"naam": "Oost\u{0}NL", "soort": "mkb"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(invalid_fields(&r.body), vec!["naam"]);
    assert_eq!(r.body["invalidParams"][0]["code"], "control-character");
    let browser = app.browser("formulier", Role::Editor).await;
    let (status, page, _) = browser
        .post_form_text("/organisaties/nieuw", &[("naam", "Nul\u{0}byte BV"), ("soort", "mkb")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("onzichtbaar stuurteken"), "a Dutch field error");
    assert_eq!(api.get("/organisaties").await.body["totaal"], 0, "nothing written");
}
both!(nul_bytes_in_text_are_refused_with_a_field_error);

async fn a_position_is_bounded_and_says_so(app: &TestApp) {
    let api = app.api("planner", Role::Editor).await;
    let programme = api
        .create(
            "/programmas",
            json!({"naam": "Innovatie", "beginjaar": 2016, "eindjaar": "2019"}),
        )
        .await;
    let objective = api
        .create(
            &format!("/programmas/{programme}/prestaties"),
            json!({"code": "5.3.2", "naam": "Innovatie"}),
        )
        .await;
    let path = format!("/prestaties/{objective}/acties");
    for volgorde in ["9223372036854775807", "-1", "1000001"] {
        let r = api
            .post(&path, json!({"tekst": "Wij bevorderen.", "volgorde": volgorde}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{volgorde}: {}", r.body);
        assert_eq!(invalid_fields(&r.body), vec!["volgorde"]);
        let reason = r.body["invalidParams"][0]["reason"].as_str().unwrap();
        assert!(
            reason.contains("0 tot en met 1.000.000") && !reason.contains("bedrag"),
            "{reason}"
        );
    }
    let action = api
        .create(&path, json!({"tekst": "Wij bevorderen.", "volgorde": "1000000"}))
        .await;
    // The next action still gets a position, on both backends.
    api.create(&path, json!({"tekst": "Wij verbinden."})).await;
    let r = api
        .post(
            &format!("/acties/{action}/indicatoren"),
            json!({"naam": "Ontmoetingen", "telling": "evenementen", "volgorde": 9223372036854775807_i64}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(invalid_fields(&r.body), vec!["volgorde"]);
}
both!(a_position_is_bounded_and_says_so);

/// Posts the contact form of example `id` from client `ip`; gives the status.
async fn contact_from(b: &Browser, id: i64, ip: &str, trap: &str) -> StatusCode {
    let page = b
        .client
        .get(format!("{}/voorbeelden/{id}/contact", b.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden_csrf(&page);
    b.client
        .post(format!("{}/voorbeelden/{id}/contact", b.base))
        .header("x-forwarded-for", ip)
        .form(&[
            ("naam", "Bezoeker"),
            ("email", "bezoeker@example.org"),
            ("bericht", "Wij willen meer weten."),
            ("toestemming", "ja"),
            ("website", trap),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

async fn robots_cannot_spend_the_contact_forms_allowance(app: &TestApp) {
    let api = app.api("redactie", Role::Editor).await;
    let org = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    let id = api
        .create(
            "/voorbeelden",
            json!({"titel": "Cementloos beton", "samenvatting": "Een rotonde.", "verhaal": "Het verhaal.",
                   "gemeentecode": "GM0153", "sector": "bouw", "organisatieIds": [org], "contactpartnerId": org}),
        )
        .await;
    let r = api
        .put(
            &format!("/voorbeelden/{id}/toestemming"),
            json!({"toestemmingOrganisatieId": org, "toestemmingDoor": "T. Tester", "toestemmingDatum": "2026-03-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for status in ["ter-beoordeling", "gepubliceerd"] {
        let r = api
            .post(&format!("/voorbeelden/{id}/status"), json!({"status": status}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let visitor = app.anonymous().await;
    // More trap hits than the shared allowance of all visitors together (200 per 10 minutes),
    // from changing addresses: each is thanked, none counts.
    // Addresses of this run only: the contact form's limiter is shared by the whole process.
    static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let salt = (std::process::id() + 7 * RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) % 250;
    for i in 0..210 {
        let ip = format!("100.{salt}.{}.{}", i / 250, i % 250 + 1);
        assert_eq!(
            contact_from(&visitor, id, &ip, "https://spam.example").await,
            StatusCode::OK
        );
    }
    let ip = format!("100.{salt}.200.1");
    assert_eq!(
        contact_from(&visitor, id, &ip, "").await,
        StatusCode::OK,
        "a real visitor still gets through"
    );
    let q = api.get(&format!("/doorverwijzingen?naar={org}&status=alle")).await.body;
    assert_eq!(q["totaal"], 1, "only the real visitor's request was written: {q}");

    // Addresses of one IPv6 /64 count as one client.
    let net = format!("2001:db8:{salt:x}:77");
    for i in 1..=5 {
        assert_eq!(
            contact_from(&visitor, id, &format!("{net}::{i}"), "").await,
            StatusCode::OK
        );
    }
    assert_eq!(
        contact_from(&visitor, id, &format!("{net}::ffff"), "").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        contact_from(&visitor, id, &format!("2001:db8:{salt:x}:78::1"), "").await,
        StatusCode::OK,
        "the next /64 is another client"
    );
}
both!(robots_cannot_spend_the_contact_forms_allowance);
