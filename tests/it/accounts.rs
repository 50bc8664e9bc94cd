//! Accounts: login, roles on every route, CSRF, throttling, API tokens, language.

use crate::{TestApp, both};
use middenveld_domain::Role;
use reqwest::StatusCode;

async fn anonymous_visitors_see_no_register_data(app: &TestApp) {
    let b = app.anonymous().await;
    for path in [
        "/organisaties",
        "/personen",
        "/netwerken",
        "/projecten",
        "/themas",
        "/zoeken?zoek=a",
        "/organisaties/1",
        "/beheer/gebruikers",
    ] {
        let r = b.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        let to = r.headers()["location"].to_str().unwrap();
        assert!(to.starts_with("/inloggen?terug="), "{path} → {to}");
    }
    let (status, home) = b.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Inloggen") && !home.contains("Uitloggen"));
}
both!(anonymous_visitors_see_no_register_data);

async fn a_user_logs_in_and_out(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let (status, page) = b.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ingelogd als beleid"));
    let r = b.post_form("/uitloggen", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _) = b.get("/organisaties").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "session ended");
}
both!(a_user_logs_in_and_out);

async fn a_wrong_password_is_refused_and_repeated_failures_are_throttled(app: &TestApp) {
    app.user("adviseur", Role::Editor).await;
    let b = app.anonymous().await;
    for _ in 0..3 {
        let (status, page, _) = b
            .post_form_text(
                "/inloggen",
                &[("gebruikersnaam", "adviseur"), ("wachtwoord", "fout-wachtwoord")],
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(page.contains("De gebruikersnaam of het wachtwoord klopt niet."));
    }
    let r = b
        .post_form(
            "/inloggen",
            &[("gebruikersnaam", "adviseur"), ("wachtwoord", crate::PASSWORD)],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "after three failures this browser waits before its next try"
    );
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert!(r.text().await.unwrap().contains("Te veel mislukte pogingen"));
    tokio::time::sleep(std::time::Duration::from_millis(retry * 1000 + 100)).await;
    let r = b
        .post_form(
            "/inloggen",
            &[("gebruikersnaam", "adviseur"), ("wachtwoord", crate::PASSWORD)],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "after the wait the right password gets in"
    );
}
both!(a_wrong_password_is_refused_and_repeated_failures_are_throttled);

async fn a_form_without_the_csrf_token_is_refused(app: &TestApp) {
    let b = app.browser("redacteur", Role::Editor).await;
    let r = b
        .client
        .post(format!("{}/organisaties/nieuw", app.base))
        .form(&[("naam", "Zonder token"), ("soort", "mkb")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = b
        .client
        .post(format!("{}/organisaties/nieuw", app.base))
        .form(&[("naam", "Vals token"), ("soort", "mkb"), ("_csrf", "0000")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(page.contains("Ongeldig verzoek"), "a proper error page");
    let api = app.api("lezer", Role::Viewer).await;
    assert_eq!(api.get("/organisaties").await.body["totaal"], 0, "nothing written");
}
both!(a_form_without_the_csrf_token_is_refused);

async fn a_viewer_reads_but_cannot_change(app: &TestApp) {
    let b = app.browser("controller", Role::Viewer).await;
    let (status, list) = b.get("/organisaties").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!list.contains("/organisaties/nieuw"), "no create link for viewers");
    let (status, _) = b.get("/organisaties/nieuw").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = b
        .post_form_text("/organisaties/nieuw", &[("naam", "X"), ("soort", "mkb")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = b.get("/beheer/gebruikers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let api = app.api("auditor", Role::Viewer).await;
    let r = api
        .post("/organisaties", serde_json::json!({"naam": "X", "soort": "mkb"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.content_type(), "application/problem+json");
}
both!(a_viewer_reads_but_cannot_change);

async fn an_admin_manages_users_and_tokens_in_the_browser(app: &TestApp) {
    let b = app.browser("beheerder", Role::Admin).await;
    let (status, page, _) = b
        .post_form_text(
            "/beheer/gebruikers/nieuw",
            &[("gebruikersnaam", "x y"), ("wachtwoord", "kort"), ("rol", "editor")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Een wachtwoord heeft minstens 10 tekens."));
    let (status, _, location) = b
        .post_form_text(
            "/beheer/gebruikers/nieuw",
            &[
                ("gebruikersnaam", "nieuw"),
                ("wachtwoord", "een-lang-wachtwoord"),
                ("rol", "editor"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let user_page = location.unwrap();
    let (status, page, _) = b
        .post_form_text(
            &format!("{}/tokens", user_page.split('?').next().unwrap()),
            &[("naam", "koppeling")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = page
        .split("mv_")
        .nth(1)
        .map(|t| format!("mv_{}", &t[..64]))
        .expect("token shown once");
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/organisaties", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "the new token works");
}
both!(an_admin_manages_users_and_tokens_in_the_browser);

async fn the_api_refuses_missing_and_revoked_tokens(app: &TestApp) {
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/organisaties", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert!(r.headers().contains_key("api-version"));
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/organisaties", app.base))
        .bearer_auth("mv_onzin")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let api = app.api("machine", Role::Editor).await;
    assert_eq!(api.get("/organisaties").await.status, StatusCode::OK);
    let actor = middenveld_services::Actor::system("test");
    let users = app.services.users(&actor).await.unwrap();
    let user = users.iter().find(|u| u.username == "machine").unwrap();
    let tokens = app.services.tokens(&actor, user.id).await.unwrap();
    app.services.revoke_token(&actor, user.id, tokens[0].id).await.unwrap();
    assert_eq!(api.get("/organisaties").await.status, StatusCode::UNAUTHORIZED);
}
both!(the_api_refuses_missing_and_revoked_tokens);

async fn the_interface_switches_to_english(app: &TestApp) {
    let b = app.browser("engels", Role::Viewer).await;
    let r = b
        .client
        .get(format!("{}/taal/en?terug=/organisaties", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/organisaties");
    let (_, page) = b.get("/organisaties").await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("Organisations"));
    let r = b
        .client
        .get(format!("{}/taal/nl?terug=//evil.example", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/", "no open redirect");
}
both!(the_interface_switches_to_english);
