//! Good examples: the editorial workflow, the public exhibition (published only, no personal
//! data, escaped, cacheable) and the "get in touch" form that becomes a referral.

use crate::{Browser, TestApp, both, hidden_csrf, invalid_fields};
use middenveld_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};

/// A tiny valid PNG (1×1).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

static CLIENTS: AtomicU32 = AtomicU32::new(1);

/// A client address of its own, so stories do not share a rate-limit bucket.
fn fresh_ip() -> String {
    let n = CLIENTS.fetch_add(1, Ordering::SeqCst) + (std::process::id() % 200) * 256;
    format!("198.51.{}.{}", (n / 256) % 256, n % 256)
}

fn example_body(title: &str, story: &str, extra: Value) -> Value {
    let mut body = json!({
        "titel": title,
        "samenvatting": "De eerste rotonde van cementloos beton in Nederland.",
        "verhaal": story,
        "gemeentecode": "GM0153",
        "sector": "bouw",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

/// Creates an example with consent and contact partner and publishes it; returns its id.
async fn published(api: &crate::Api, title: &str, story: &str, org: i64, extra: Value) -> i64 {
    let mut body = example_body(title, story, extra);
    body["organisatieIds"] = json!([org]);
    body["contactpartnerId"] = json!(org);
    let id = api.create("/voorbeelden", body).await;
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
        assert_eq!(r.status, StatusCode::OK, "{status}: {}", r.body);
    }
    id
}

/// The contact partner's referrals, closed ones included.
async fn queue(api: &crate::Api, partner: i64) -> Value {
    api.get(&format!("/doorverwijzingen?naar={partner}&status=alle"))
        .await
        .body
}

/// Posts the contact form from a given client address.
async fn contact(b: &Browser, id: i64, ip: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
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
    let mut body: Vec<(&str, &str)> = fields.to_vec();
    body.push(("_csrf", &csrf));
    let r = b
        .client
        .post(format!("{}/voorbeelden/{id}/contact", b.base))
        .header("x-forwarded-for", ip)
        .form(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

async fn an_example_is_published_only_by_an_editor_with_consent_and_a_contact_partner(app: &TestApp) {
    let editor = app.api("redacteur", Role::Editor).await;
    let viewer = app.api("lezer", Role::Viewer).await;
    let org = editor
        .create(
            "/organisaties",
            json!({"naam": "Betonfabriek Oost", "soort": "mkb", "website": "https://beton.example.org"}),
        )
        .await;

    // A viewer writes a draft and puts it up for review, but cannot publish.
    let r = viewer
        .post(
            "/voorbeelden",
            example_body(
                "Cementloos beton in de turborotonde N737",
                "Het verhaal.",
                json!({"organisatieIds": [org]}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["status"], "concept");
    let id = r.body["id"].as_i64().unwrap();
    let status = |s: &str| json!({"status": s});
    let path = format!("/voorbeelden/{id}/status");
    assert_eq!(
        viewer.post(&path, status("ter-beoordeling")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        viewer.post(&path, status("gepubliceerd")).await.status,
        StatusCode::FORBIDDEN
    );

    // Publishing names what is missing: consent and a contact partner.
    let r = editor.post(&path, status("gepubliceerd")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.content_type().starts_with("application/problem+json"));
    assert_eq!(invalid_fields(&r.body), vec!["toestemming", "contactpartnerId"]);
    assert!(r.body["detail"].as_str().unwrap().contains("toestemming"), "{}", r.body);
    let mut body = example_body("Cementloos beton in de turborotonde N737", "Het verhaal.", json!({}));
    body["organisatieIds"] = json!([org]);
    body["contactpartnerId"] = json!(org);
    assert_eq!(
        editor.put(&format!("/voorbeelden/{id}"), body.clone()).await.status,
        StatusCode::OK
    );
    let r = editor.post(&path, status("gepubliceerd")).await;
    assert_eq!(invalid_fields(&r.body), vec!["toestemming"]);
    let r = editor
        .put(
            &format!("/voorbeelden/{id}/toestemming"),
            json!({"toestemmingDoor": ""}),
        )
        .await;
    assert_eq!(
        invalid_fields(&r.body),
        vec!["toestemmingOrganisatieId", "toestemmingDoor", "toestemmingDatum"]
    );
    let r = editor
        .put(
            &format!("/voorbeelden/{id}/toestemming"),
            json!({"toestemmingOrganisatieId": org, "toestemmingDoor": "J. de Boer, directeur", "toestemmingDatum": "2026-03-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = editor.post(&path, status("gepubliceerd")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "gepubliceerd");
    assert!(r.body["publicatiedatum"].is_string());

    // A move the workflow does not know is a conflict; a viewer cannot change what is public.
    let r = editor.post(&path, status("concept")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.content_type().starts_with("application/problem+json"));
    assert_eq!(invalid_fields(&r.body), vec!["status"]);
    assert_eq!(
        viewer.put(&format!("/voorbeelden/{id}"), body.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        viewer.post(&path, status("ingetrokken")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        editor.post(&path, status("onbekend")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Bad input writes nothing and names the fields.
    let r = editor
        .post(
            "/voorbeelden",
            json!({"titel": "x".repeat(201), "gemeentecode": "Zwolle", "sector": "ruimtevaart", "themaIds": [999999]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid_fields(&r.body),
        vec!["titel", "samenvatting", "verhaal", "gemeentecode", "sector"]
    );
    let r = editor
        .post(
            "/voorbeelden",
            example_body("Koppeling", "Verhaal", json!({"themaIds": [999999]})),
        )
        .await;
    assert_eq!(invalid_fields(&r.body), vec!["themaIds"]);
    assert_eq!(editor.get("/voorbeelden").await.body["totaal"], 1);
    assert_eq!(editor.get("/voorbeelden?status=gepubliceerd").await.body["totaal"], 1);
    assert_eq!(editor.get("/voorbeelden?status=concept").await.body["totaal"], 0);
    assert_eq!(
        editor.get("/voorbeelden?status=morgen").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(editor.get("/voorbeelden?zoek=turborotonde").await.body["totaal"], 1);

    // Every change is in the history, status moves included; the staff page offers the
    // editor's next step and confirms before delete.
    let b = app.browser("eindredacteur", Role::Editor).await;
    let (status_code, page) = b.get(&format!("/redactie/voorbeelden/{id}")).await;
    assert_eq!(status_code, StatusCode::OK);
    assert!(
        page.contains("ter-beoordeling") && page.contains("gepubliceerd"),
        "{page}"
    );
    assert!(
        page.contains("J. de Boer, directeur") && page.contains("Intrekken"),
        "{page}"
    );
    let (status_code, page, _) = b
        .post_form_text(&format!("/redactie/voorbeelden/{id}/status"), &[("status", "concept")])
        .await;
    assert_eq!(status_code, StatusCode::CONFLICT);
    assert!(page.contains("Deze stap kan niet vanuit de huidige status"), "{page}");
    let (status_code, page) = b.get(&format!("/redactie/voorbeelden/{id}/verwijderen")).await;
    assert_eq!(status_code, StatusCode::OK);
    assert!(page.contains("Ja, verwijderen"));
    let lezer = app.browser("meelezer", Role::Viewer).await;
    let (_, page) = lezer.get(&format!("/redactie/voorbeelden/{id}")).await;
    assert!(!page.contains("Intrekken"), "a viewer is not offered to withdraw");
    let (status_code, page, _) = lezer
        .post_form_text(
            "/redactie/voorbeelden/nieuw",
            &[("titel", "Concept van een lezer"), ("samenvatting", "")],
        )
        .await;
    assert_eq!(status_code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."));
    assert_eq!(
        editor.delete(&format!("/voorbeelden/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        editor.get(&format!("/voorbeelden/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(an_example_is_published_only_by_an_editor_with_consent_and_a_contact_partner);

async fn the_exhibition_shows_published_examples_only_without_personal_data(app: &TestApp) {
    let api = app.api("redactie", Role::Editor).await;
    let theme = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let org = api
        .create(
            "/organisaties",
            json!({"naam": "Coöperatie Betonfabriek Oost", "soort": "mkb", "website": "https://beton.example.org"}),
        )
        .await;
    api.create(
        "/personen",
        json!({"naam": "Jan Geheim", "email": "jan.geheim@beton.example.org", "telefoon": "0612345678", "grondslag": "toestemming", "grondslagDatum": "2026-01-05", "organisaties": [org]}),
    )
    .await;
    let shown = published(
        &api,
        "<script>alert('titel')</script> Cementloos beton",
        "Eerste alinea met <b>vet</b>.\n\nTweede alinea: <script>alert('verhaal')</script>",
        org,
        json!({"themaIds": [theme]}),
    )
    .await;
    let draft = api
        .create(
            "/voorbeelden",
            example_body("Geheim concept", "Nog niet af.", json!({"organisatieIds": [org]})),
        )
        .await;

    let visitor = app.anonymous().await;
    let (status, page) = visitor.get("/voorbeelden").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("&#60;script&#62;") && !page.contains("<script>alert"),
        "{page}"
    );
    assert!(!page.contains("Geheim concept"));
    let (status, page) = visitor.get(&format!("/voorbeelden/{shown}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Coöperatie Betonfabriek Oost") && page.contains("https://beton.example.org"));
    assert!(page.contains("Tweede alinea") && !page.contains("<script>alert") && !page.contains("<b>vet"));
    for secret in ["Jan Geheim", "jan.geheim@", "0612345678"] {
        assert!(!page.contains(secret), "{secret} on the public page");
    }
    assert_eq!(
        visitor.get(&format!("/voorbeelden/{draft}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(visitor.get("/voorbeelden/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        visitor.get(&format!("/voorbeelden/{draft}/contact")).await.0,
        StatusCode::NOT_FOUND
    );

    // The staff page escapes too.
    let staff = app.browser("eindredactie", Role::Editor).await;
    let (_, page) = staff.get(&format!("/redactie/voorbeelden/{shown}")).await;
    assert!(page.contains("&#60;script&#62;") && !page.contains("<script>alert"));
    let (_, page) = staff.get("/redactie/voorbeelden?zoek=concept").await;
    assert!(page.contains("Geheim concept"));

    // Filters, accent-insensitive search, unknown values and the empty state.
    let (_, page) = visitor.get("/voorbeelden?zoek=cooperatie").await;
    assert!(
        page.contains("Cementloos beton"),
        "search over organisation names without accents"
    );
    let (_, page) = visitor.get("/voorbeelden?zoek=VERHAAL").await;
    assert!(page.contains("Cementloos beton"), "search over the story");
    let (_, page) = visitor.get("/voorbeelden?zoek=geheim").await;
    assert!(page.contains("Geen voorbeelden gevonden"), "{page}");
    let (_, page) = visitor
        .get(&format!("/voorbeelden?thema={theme}&sector=bouw&gemeentecode=GM0153"))
        .await;
    assert!(page.contains("Cementloos beton"));
    for bad in [
        "thema=999999",
        "thema=x",
        "sector=ruimtevaart",
        "gemeentecode=GM9999",
        "gemeentecode=Zwolle",
    ] {
        assert_eq!(
            visitor.get(&format!("/voorbeelden?{bad}")).await.0,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }

    // Pictures: magic bytes checked, alt text required, unpublished ones never public.
    let (status, page, _) = staff
        .upload(
            &format!("/redactie/voorbeelden/{shown}/afbeeldingen"),
            &[("alt", "")],
            "foto.png",
            b"<svg onload=alert(1)>",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("geen PNG-, JPEG- of WebP-afbeelding") && page.contains("Vul dit veld in."),
        "{page}"
    );
    let (status, _, _) = staff
        .upload(
            &format!("/redactie/voorbeelden/{draft}/afbeeldingen"),
            &[("alt", "Schets")],
            "schets.png",
            PNG,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = staff
        .upload(
            &format!("/redactie/voorbeelden/{shown}/afbeeldingen"),
            &[("alt", "De turborotonde N737 van bovenaf")],
            "rotonde.jpg",
            PNG,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // A picture of 3 MB fits (the pages' 2 MB body limit does not apply here); over 5 MB is
    // refused with a message, and nothing is stored.
    let mut big = PNG.to_vec();
    big.resize(3 * 1024 * 1024, 0);
    let (status, _, _) = staff
        .upload(
            &format!("/redactie/voorbeelden/{draft}/afbeeldingen"),
            &[("alt", "Groot")],
            "groot.png",
            &big,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "a 3 MB picture is accepted");
    big.resize(5 * 1024 * 1024 + 1, 0);
    let (status, page, _) = staff
        .upload(
            &format!("/redactie/voorbeelden/{draft}/afbeeldingen"),
            &[("alt", "Te groot")],
            "te-groot.png",
            &big,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "over 5 MB");
    assert!(page.contains("groter dan 5 MB"), "{page}");
    let draft_pictures = api.get(&format!("/voorbeelden/{draft}")).await.body["afbeeldingen"].clone();
    assert_eq!(
        draft_pictures.as_array().map(Vec::len),
        Some(2),
        "the sketch and the 3 MB one"
    );
    let draft_picture = draft_pictures[0]["id"].as_i64().unwrap();
    let shown_picture = api.get(&format!("/voorbeelden/{shown}")).await.body["afbeeldingen"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        visitor
            .get(&format!("/voorbeelden/{draft}/afbeeldingen/{draft_picture}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let preview = staff
        .client
        .get(format!(
            "{}/redactie/voorbeelden/{draft}/afbeeldingen/{draft_picture}",
            staff.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK, "staff preview of a draft's picture");
    let url = format!("{}/voorbeelden/{shown}/afbeeldingen/{shown_picture}", app.base);
    let r = reqwest::get(&url).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "image/png",
        "the type comes from the bytes"
    );
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("max-age=86400"));
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    let again = reqwest::Client::new()
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let (_, page) = visitor.get(&format!("/voorbeelden/{shown}")).await;
    assert!(page.contains("alt=\"De turborotonde N737 van bovenaf\""), "{page}");

    // The API adds and removes pictures too; the bytes decide, not the name.
    let upload = |alt: &str, bytes: &'static [u8]| {
        api.client
            .post(format!(
                "{}/api/v1/voorbeelden/{draft}/afbeeldingen?alt={alt}",
                app.base
            ))
            .bearer_auth(&api.token)
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
    };
    let r = upload("Tekening", b"GIF89a-geen-png").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(invalid_fields(&problem), vec!["bestand"]);
    let r = upload("Tekening", PNG).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    let added = body["afbeeldingen"][2]["id"].as_i64().unwrap();
    assert_eq!(
        api.delete(&format!("/voorbeelden/{draft}/afbeeldingen/{added}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    // The list is cacheable: ETag, Last-Modified, 304 on a repeat.
    let r = reqwest::get(format!("{}/voorbeelden", app.base)).await.unwrap();
    assert!(r.headers().contains_key("last-modified"));
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let again = reqwest::Client::new()
        .get(format!("{}/voorbeelden", app.base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // Withdrawn: gone from the exhibition, pictures included.
    let r = api
        .post(
            &format!("/voorbeelden/{shown}/status"),
            json!({"status": "ingetrokken"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        visitor.get(&format!("/voorbeelden/{shown}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::NOT_FOUND);
    let (_, page) = visitor.get("/voorbeelden").await;
    assert!(page.contains("nog geen goede voorbeelden gepubliceerd"), "{page}");
    // Open data sees published examples only.
    assert!(app.services.published_examples().await.unwrap().is_empty());
}
both!(the_exhibition_shows_published_examples_only_without_personal_data);

async fn a_visitor_gets_in_touch_and_the_contact_partner_sees_it_in_its_queue(app: &TestApp) {
    let api = app.api("redactie", Role::Editor).await;
    let featured = api
        .create("/organisaties", json!({"naam": "Asbestschakel BV", "soort": "mkb"}))
        .await;
    let partner = api
        .create("/organisaties", json!({"naam": "Oost NL", "soort": "intermediair"}))
        .await;
    let id = api
        .create(
            "/voorbeelden",
            example_body(
                "De Asbestschakel",
                "Asbest eraf, zonnepanelen erop.",
                json!({"organisatieIds": [featured], "contactpartnerId": partner}),
            ),
        )
        .await;
    api.put(
        &format!("/voorbeelden/{id}/toestemming"),
        json!({"toestemmingOrganisatieId": featured, "toestemmingDoor": "A. Schakel", "toestemmingDatum": "2026-02-01"}),
    )
    .await;
    for s in ["ter-beoordeling", "gepubliceerd"] {
        api.post(&format!("/voorbeelden/{id}/status"), json!({"status": s}))
            .await;
    }

    let visitor = app.anonymous().await;
    let (status, page) = visitor.get(&format!("/voorbeelden/{id}/contact")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("name=\"website\"") && page.contains("tabindex=\"-1\"") && page.contains("aria-hidden=\"true\"")
    );
    assert!(page.contains("Oost NL"), "the visitor sees who gets the request");
    let ip = fresh_ip();
    let (status, page) = contact(
        &visitor,
        id,
        &ip,
        &[
            ("naam", "<b>Bezoeker</b> Bakker"),
            ("email", "bezoeker@example.org"),
            ("organisatie", "Dakdekker Bakker"),
            ("bericht", "Wij willen ook asbest vervangen door zonnepanelen."),
            ("toestemming", "ja"),
            ("website", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Bedankt voor je bericht"));
    let q = queue(&api, partner).await;
    assert_eq!(q["totaal"], 1, "{q}");
    let referral = &q["items"][0];
    assert!(referral["organisatie"].is_null());
    assert_eq!(referral["bezoeker"]["email"], "bezoeker@example.org");
    assert_eq!(referral["bezoeker"]["goedVoorbeeldId"], id);
    assert_eq!(referral["vraag"], "Wij willen ook asbest vervangen door zonnepanelen.");
    let rid = referral["id"].as_i64().unwrap();

    // Staff see the visitor's contact data and the example; the referral moves on as usual.
    let staff = app.browser("partner", Role::Editor).await;
    let (_, page) = staff.get(&format!("/doorverwijzingen/{rid}")).await;
    assert!(
        page.contains("bezoeker@example.org") && page.contains(&format!("/redactie/voorbeelden/{id}")),
        "{page}"
    );
    assert!(page.contains("&#60;b&#62;Bezoeker&#60;/b&#62;") && !page.contains("<b>Bezoeker"));
    let (_, page) = staff.get(&format!("/doorverwijzingen?naar={partner}")).await;
    assert!(page.contains("Dakdekker Bakker"), "{page}");
    let r = api
        .post(
            &format!("/doorverwijzingen/{rid}/status"),
            json!({"status": "in-behandeling"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);

    // A filled honeypot gets the same thanks and writes nothing; bad input writes nothing.
    let (status, page) = contact(
        &visitor,
        id,
        &ip,
        &[
            ("naam", "Robot"),
            ("email", "robot@example.org"),
            ("bericht", "Koop nu!"),
            ("toestemming", "ja"),
            ("website", "https://spam.example"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Bedankt voor je bericht"));
    let (status, page) = contact(
        &visitor,
        id,
        &ip,
        &[
            ("naam", "Zonder toestemming"),
            ("email", "z@example.org"),
            ("bericht", "Hallo"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Vul dit veld in.") && page.contains("href=\"#f-toestemming-ja\""),
        "{page}"
    );
    let long = "x".repeat(2001);
    let (status, page) = contact(
        &visitor,
        id,
        &ip,
        &[
            ("naam", "Lang"),
            ("email", "geen-adres"),
            ("bericht", &long),
            ("toestemming", "ja"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Gebruik hoogstens 2000 tekens.") && page.contains("geen geldig e-mailadres"));
    assert_eq!(queue(&api, partner).await["totaal"], 1, "nothing more was written");

    // Five requests per address per ten minutes (the honeypot hit did not count); the sixth
    // is refused.
    let (status, _) = contact(
        &visitor,
        id,
        &ip,
        &[
            ("naam", "Vierde"),
            ("email", "v@example.org"),
            ("bericht", "Nog een vraag"),
            ("toestemming", "ja"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = contact(
        &visitor,
        id,
        &ip,
        &[
            ("naam", "Vijfde"),
            ("email", "v@example.org"),
            ("bericht", "Nog een vraag"),
            ("toestemming", "ja"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, page) = contact(
        &visitor,
        id,
        &ip,
        &[
            ("naam", "Zesde"),
            ("email", "z@example.org"),
            ("bericht", "Te veel"),
            ("toestemming", "ja"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("te veel berichten"), "{page}");
    assert_eq!(queue(&api, partner).await["totaal"], 3);
    let (status, _) = contact(
        &visitor,
        id,
        &fresh_ip(),
        &[
            ("naam", "Ander adres"),
            ("email", "a@example.org"),
            ("bericht", "Vraag"),
            ("toestemming", "ja"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "another address has its own count");

    // Deleting the example keeps the request in the queue, without the link.
    assert_eq!(
        api.delete(&format!("/voorbeelden/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    let q = queue(&api, partner).await;
    assert_eq!(q["totaal"], 4);
    assert!(q["items"][0]["bezoeker"]["goedVoorbeeldId"].is_null(), "{q}");
}
both!(a_visitor_gets_in_touch_and_the_contact_partner_sees_it_in_its_queue);

async fn the_demo_exhibits_three_good_examples_and_keeps_one_draft(app: &TestApp) {
    middenveld_services::demo::load_demo(&app.services).await.unwrap();
    let open = app.services.published_examples().await.unwrap();
    assert_eq!(open.len(), 3, "{open:?}");
    assert!(open.iter().any(|e| e.title.contains("N737")));
    assert!(
        open.iter()
            .all(|e| !e.theme_names.is_empty() && e.published_on.is_some())
    );
    let visitor = app.anonymous().await;
    let (_, page) = visitor.get("/voorbeelden?zoek=asbest").await;
    assert!(page.contains("Asbestschakel") && !page.contains("BOOST"), "{page}");
    let (_, page) = visitor.get("/voorbeelden").await;
    assert!(
        !page.contains("Slim en circulair produceren"),
        "the draft stays off the exhibition"
    );
}
both!(the_demo_exhibits_three_good_examples_and_keeps_one_draft);
