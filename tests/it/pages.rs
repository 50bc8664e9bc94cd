//! The register through the web pages, as a policy officer uses it.

use crate::{TestApp, both};
use middenveld_domain::Role;
use reqwest::StatusCode;

async fn a_policy_officer_registers_edits_and_deletes_an_organisation(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let (status, form) = b.get("/organisaties/nieuw").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("<label class=\"utrecht-form-label\" for=\"f-kvkNummer\">KvK-nummer"));

    let (status, _, location) = b
        .post_form_text(
            "/organisaties/nieuw",
            &[
                ("naam", "Coöperatie De Groene Schakel"),
                ("kvkNummer", "1234 5678"),
                ("soort", "mkb"),
                ("postcode", "8011ab"),
                ("gemeentecode", "GM0193"),
                ("fase", "plannen"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    assert!(location.starts_with("/organisaties/") && location.ends_with("?melding=aangemaakt"));
    let (status, page) = b.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1 class=\"utrecht-heading-1\">Coöperatie De Groene Schakel</h1>"));
    assert!(page.contains("8011 AB") && page.contains("Zwolle") && page.contains("Plan maken"));
    assert!(page.contains("Opgeslagen: het record is toegevoegd."));
    assert!(
        page.contains("Aangemaakt") && page.contains("beleid"),
        "the history shows who created it"
    );

    let id = location
        .trim_start_matches("/organisaties/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let (status, _, _) = b
        .post_form_text(
            &format!("/organisaties/{id}/bewerken"),
            &[
                ("naam", "Coöperatie De Groene Schakel"),
                ("kvkNummer", "12345678"),
                ("soort", "mkb"),
                ("plaats", "Zwolle"),
                ("gemeentecode", "GM0193"),
                ("fase", "implementeren"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a new stage needs a reason");
    let (status, _, _) = b
        .post_form_text(
            &format!("/organisaties/{id}/bewerken"),
            &[
                ("naam", "Coöperatie De Groene Schakel"),
                ("kvkNummer", "12345678"),
                ("soort", "mkb"),
                ("plaats", "Zwolle"),
                ("gemeentecode", "GM0193"),
                ("fase", "implementeren"),
                ("faseReden", "Pilot gestart"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = b.get(&format!("/organisaties/{id}")).await;
    assert!(page.contains("Gewijzigd"));
    assert!(
        page.contains("<dt>Reisfase</dt>") && page.contains("Plan maken</del>") && page.contains("Implementeren</ins>"),
        "field-by-field change, shown with labels"
    );

    let (status, confirm) = b.get(&format!("/organisaties/{id}/verwijderen")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("Ja, verwijderen"));
    let (status, _, location) = b.post_form_text(&format!("/organisaties/{id}/verwijderen"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/organisaties?melding=verwijderd"));
    let (status, page) = b.get(&format!("/organisaties/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Niet gevonden"), "a proper 404 page");
}
both!(a_policy_officer_registers_edits_and_deletes_an_organisation);

async fn invalid_input_shows_dutch_errors_next_to_the_fields_and_writes_nothing(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let (status, page, _) = b
        .post_form_text(
            "/organisaties/nieuw",
            &[
                ("naam", "Test"),
                ("kvkNummer", "123"),
                ("soort", ""),
                ("postcode", "ABCD"),
                ("website", "www.x.nl"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("<title>Fout: "));
    assert!(page.contains("id=\"f-kvkNummer-error\""));
    assert!(page.contains("Een KvK-nummer heeft 8 cijfers"));
    assert!(page.contains("aria-describedby=\"f-kvkNummer-hint f-kvkNummer-error\""));
    assert!(page.contains("Een postcode heeft 4 cijfers en 2 letters"));
    assert!(page.contains("Een website begint met https://"));
    assert!(
        page.contains("href=\"#f-soort\""),
        "the error summary links to the field"
    );
    assert!(page.contains("value=\"Test\""), "input is kept");
    let (_, list) = b.get("/organisaties").await;
    assert!(list.contains("Het register is nog leeg."));
}
both!(invalid_input_shows_dutch_errors_next_to_the_fields_and_writes_nothing);

async fn the_list_page_searches_filters_and_answers_htmx_with_a_fragment(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    for (naam, muni) in [
        ("Coöperatie Zuid", "GM0153"),
        ("Kunststof Twente", "GM0153"),
        ("Bakkerij Zwolle", "GM0193"),
    ] {
        api.create(
            "/organisaties",
            serde_json::json!({"naam": naam, "soort": "mkb", "gemeentecode": muni}),
        )
        .await;
    }
    let b = app.browser("lezer", Role::Viewer).await;
    let (status, page) = b.get("/organisaties?gemeentecode=GM0153&sorteer=-naam").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kunststof Twente") && page.contains("Coöperatie Zuid") && !page.contains("Bakkerij Zwolle"));
    assert!(
        page.find("Kunststof Twente") < page.find("Coöperatie Zuid"),
        "sorted descending"
    );
    assert!(page.contains("aria-sort=\"descending\""));
    let (_, page) = b.get("/organisaties?zoek=cooperatie").await;
    assert!(page.contains("Coöperatie Zuid") && !page.contains("Kunststof Twente"));
    let fragment = b
        .client
        .get(format!("{}/organisaties?zoek=kunst", app.base))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        fragment.trim_start().starts_with("<div id=\"resultaten\">"),
        "htmx gets only the results"
    );
    assert!(fragment.contains("Kunststof Twente"));
    let (_, page) = b.get("/organisaties?zoek=bestaatniet").await;
    assert!(page.contains("Geen resultaten die aan de filters voldoen."));
}
both!(the_list_page_searches_filters_and_answers_htmx_with_a_fragment);

async fn unknown_pages_and_records_give_proper_error_pages(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    for path in ["/organisaties/999999", "/organisaties/abc", "/bestaat-niet"] {
        let (status, page) = b.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.contains("<main") && page.contains("Niet gevonden"), "{path}");
    }
    let r = reqwest::get(format!("{}/api/v1/bestaat-niet", app.base)).await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}
both!(unknown_pages_and_records_give_proper_error_pages);

async fn every_response_carries_security_headers(app: &TestApp) {
    let r = reqwest::get(format!("{}/inloggen", app.base)).await.unwrap();
    let h = r.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    let cookie = h["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("mv_csrf=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let css = reqwest::get(format!("{}/assets/middenveld.css", app.base))
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
}
both!(every_response_carries_security_headers);
