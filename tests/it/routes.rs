//! Every route, checked for who may use it: anonymous visitors are sent to the login page
//! (pages) or get 401 (API); viewers read but get 403 on every change; editors change.

use crate::{TestApp, both};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::json;

struct Ids {
    org: i64,
    /// A second organisation, to merge into the first.
    org2: i64,
    person: i64,
    theme: i64,
    network: i64,
    member: i64,
    project: i64,
    user: i64,
}

async fn register(app: &TestApp) -> Ids {
    let api = app.api("opbouw", Role::Admin).await;
    let org = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    let org2 = api
        .create(
            "/organisaties",
            json!({"naam": "Oost NL B.V.", "soort": "intermediair"}),
        )
        .await;
    let person = api
        .create(
            "/personen",
            json!({"naam": "P", "grondslag": "toestemming", "grondslagDatum": "2020-01-01", "organisaties": [org]}),
        )
        .await;
    let theme = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let network = api.create("/netwerken", json!({"naam": "Waardemakers"})).await;
    let member = api
        .create(
            &format!("/netwerken/{network}/leden"),
            json!({"organisatieId": org, "status": "actief", "sinds": "2018-01-01"}),
        )
        .await;
    let project = api
        .create("/projecten", json!({"naam": "Pilot", "innovatiefase": "pilot"}))
        .await;
    api.put(
        &format!("/projecten/{project}/deelnemers/{org}"),
        json!({"rol": "partner"}),
    )
    .await;
    let users = app
        .services
        .users(&middenveld_services::Actor::system("t"))
        .await
        .unwrap();
    let user = users.iter().find(|u| u.username == "opbouw").unwrap().id;
    Ids {
        org,
        org2,
        person,
        theme,
        network,
        member,
        project,
        user,
    }
}

fn page_reads(i: &Ids) -> Vec<String> {
    vec![
        "/".into(),
        "/organisaties".into(),
        format!("/organisaties/{}", i.org),
        "/personen".into(),
        format!("/personen/{}", i.person),
        "/themas".into(),
        format!("/themas/{}", i.theme),
        "/netwerken".into(),
        format!("/netwerken/{}", i.network),
        "/projecten".into(),
        format!("/projecten/{}", i.project),
        "/zoeken?zoek=oost".into(),
        "/organisaties/export.csv?zoek=oost".into(),
        "/organisaties/export.xlsx".into(),
        "/personen/export.csv".into(),
        "/personen/export.xlsx".into(),
        "/netwerken/export.csv".into(),
        "/netwerken/export.xlsx".into(),
        "/projecten/export.csv".into(),
        "/projecten/export.xlsx".into(),
        format!("/netwerken/{}/leden/export.csv", i.network),
        format!("/netwerken/{}/leden/export.xlsx", i.network),
    ]
}

/// Forms (GET shows, POST changes), all for editors.
fn page_forms(i: &Ids) -> Vec<String> {
    vec![
        "/organisaties/nieuw".into(),
        format!("/organisaties/{}/bewerken", i.org),
        format!("/organisaties/{}/verwijderen", i.org),
        "/personen/nieuw".into(),
        format!("/personen/{}/bewerken", i.person),
        format!("/personen/{}/verwijderen", i.person),
        "/themas/nieuw".into(),
        format!("/themas/{}/bewerken", i.theme),
        format!("/themas/{}/verwijderen", i.theme),
        "/netwerken/nieuw".into(),
        format!("/netwerken/{}/bewerken", i.network),
        format!("/netwerken/{}/verwijderen", i.network),
        format!("/netwerken/{}/leden/nieuw", i.network),
        format!("/netwerken/{}/leden/{}/bewerken", i.network, i.member),
        format!("/netwerken/{}/leden/{}/verwijderen", i.network, i.member),
        "/projecten/nieuw".into(),
        format!("/projecten/{}/bewerken", i.project),
        format!("/projecten/{}/verwijderen", i.project),
        format!("/projecten/{}/deelnemers/{}/verwijderen", i.project, i.org),
        "/organisaties/dubbel".into(),
        format!("/organisaties/{}/samenvoegen/{}", i.org, i.org2),
    ]
}

/// Admin pages.
fn admin_pages(i: &Ids) -> Vec<String> {
    vec![
        "/beheer/gebruikers".into(),
        "/beheer/gebruikers/nieuw".into(),
        format!("/beheer/gebruikers/{}", i.user),
    ]
}

async fn every_page_route_checks_login_and_role(app: &TestApp) {
    let ids = register(app).await;
    let anonymous = app.anonymous().await;
    let viewer = app.browser("lezer", Role::Viewer).await;
    let editor = app.browser("redacteur", Role::Editor).await;
    for path in page_reads(&ids)
        .iter()
        .skip(1)
        .chain(page_forms(&ids).iter())
        .chain(admin_pages(&ids).iter())
    {
        let r = anonymous
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "anonymous GET {path}");
        assert!(
            r.headers()["location"].to_str().unwrap().starts_with("/inloggen"),
            "anonymous GET {path}"
        );
        let (status, _, _) = anonymous.post_form_text(path, &[]).await;
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::METHOD_NOT_ALLOWED,
            "anonymous POST {path}: {status}"
        );
    }
    for path in page_reads(&ids) {
        assert_eq!(viewer.get(&path).await.0, StatusCode::OK, "viewer GET {path}");
    }
    for path in page_forms(&ids).iter().chain(admin_pages(&ids).iter()) {
        assert_eq!(viewer.get(path).await.0, StatusCode::FORBIDDEN, "viewer GET {path}");
        let (status, _, _) = viewer.post_form_text(path, &[("naam", "x")]).await;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::METHOD_NOT_ALLOWED,
            "viewer POST {path}: {status}"
        );
    }
    for path in page_forms(&ids) {
        assert_eq!(editor.get(&path).await.0, StatusCode::OK, "editor GET {path}");
    }
    for path in admin_pages(&ids) {
        assert_eq!(editor.get(&path).await.0, StatusCode::FORBIDDEN, "editor GET {path}");
    }
    for path in ["/beheer/gebruikers/1/rol", "/beheer/gebruikers/1/tokens"] {
        let (status, _, _) = editor.post_form_text(path, &[("rol", "admin"), ("naam", "x")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "editor POST {path}");
    }
}
both!(every_page_route_checks_login_and_role);

async fn every_api_route_checks_the_token_and_role(app: &TestApp) {
    let ids = register(app).await;
    let viewer = app.api("lezer", Role::Viewer).await;
    let reads = [
        "/organisaties".to_string(),
        format!("/organisaties/{}", ids.org),
        "/personen".into(),
        format!("/personen/{}", ids.person),
        "/themas".into(),
        format!("/themas/{}", ids.theme),
        "/netwerken".into(),
        format!("/netwerken/{}", ids.network),
        format!("/netwerken/{}/leden", ids.network),
        format!("/netwerken/{}/leden/{}", ids.network, ids.member),
        "/projecten".into(),
        format!("/projecten/{}", ids.project),
        format!("/projecten/{}/deelnemers", ids.project),
        "/zoeken?zoek=oost".into(),
        "/organisaties/export".into(),
        "/personen/export?formaat=csv".into(),
        "/netwerken/export?formaat=xlsx".into(),
        "/projecten/export".into(),
        format!("/netwerken/{}/leden/export", ids.network),
    ];
    let writes = [
        ("POST", "/organisaties".to_string()),
        ("PUT", format!("/organisaties/{}", ids.org)),
        ("DELETE", format!("/organisaties/{}", ids.org)),
        ("POST", "/personen".into()),
        ("PUT", format!("/personen/{}", ids.person)),
        ("DELETE", format!("/personen/{}", ids.person)),
        ("POST", "/themas".into()),
        ("PUT", format!("/themas/{}", ids.theme)),
        ("DELETE", format!("/themas/{}", ids.theme)),
        ("POST", "/netwerken".into()),
        ("PUT", format!("/netwerken/{}", ids.network)),
        ("DELETE", format!("/netwerken/{}", ids.network)),
        ("POST", format!("/netwerken/{}/leden", ids.network)),
        ("PUT", format!("/netwerken/{}/leden/{}", ids.network, ids.member)),
        ("DELETE", format!("/netwerken/{}/leden/{}", ids.network, ids.member)),
        ("POST", "/projecten".into()),
        ("PUT", format!("/projecten/{}", ids.project)),
        ("DELETE", format!("/projecten/{}", ids.project)),
        ("PUT", format!("/projecten/{}/deelnemers/{}", ids.project, ids.org)),
        ("DELETE", format!("/projecten/{}/deelnemers/{}", ids.project, ids.org)),
        ("POST", format!("/organisaties/{}/samenvoegen", ids.org)),
    ];
    let client = reqwest::Client::new();
    for path in &reads {
        let r = client.get(format!("{}/api/v1{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "no token GET {path}");
        assert_eq!(viewer.get(path).await.status, StatusCode::OK, "viewer GET {path}");
    }
    for (method, path) in &writes {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let url = format!("{}/api/v1{path}", app.base);
        let r = client.request(m.clone(), &url).json(&json!({})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "no token {method} {path}");
        let r = client
            .request(m, &url)
            .bearer_auth(&viewer.token)
            .json(&json!({"naam": "x", "soort": "mkb", "rol": "partner"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "viewer {method} {path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
}
both!(every_api_route_checks_the_token_and_role);
