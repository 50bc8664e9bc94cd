//! Tests: advice letters (seed 003): case numbers, the reply letter, deadlines, the ZGW export.

use crate::{TestApp, both, invalid_fields};
use middenveld_domain::advice::AdviceInput;
use middenveld_domain::{Date, Role};
use middenveld_services::Actor;
use middenveld_services::advice::AdviceLinks;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::Read;

const BODY: &str = "Op 1 december 2022 ontving gedeputeerde Staten van Overijssel uw briefadvies 'Meer aandacht voor sociale innovatie in het mkb- en arbeidsmarktbeleid van de Provincie Overijssel'.\n\nGedeputeerde Staten heeft besloten om uw briefadvies ter harte te nemen.";

fn seed_003() -> Value {
    json!({
        "adviesorgaan": "SER Overijssel",
        "adres": "Luttenbergstraat 2\n8012 EE ZWOLLE",
        "ontvangen": "2022-12-01",
        "onderwerp": "Briefadvies Meer aandacht voor sociale innovatie",
        "samenvatting": "Meer aandacht voor sociale innovatie in het mkb- en arbeidsmarktbeleid.",
    })
}

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml.replace("&apos;", "'").replace("&amp;", "&")
}

async fn the_province_registers_an_advice_and_writes_the_reply(app: &TestApp) {
    let api = app.api("provincie", Role::Editor).await;
    let r = api.post("/adviezen", seed_003()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let number = r.body["zaaknummer"].as_str().unwrap().to_string();
    let year = &r.body["geregistreerd"].as_str().unwrap()[..4];
    assert_eq!(number, format!("{year}-000001"));
    assert_eq!(r.body["termijn"], "2023-01-26", "8 weeks after receipt");
    assert_eq!(r.body["open"], true);
    let second = api
        .post("/adviezen", json!({"adviesorgaan": "SER Overijssel", "ontvangen": "2023-01-15", "onderwerp": "Advies arbeidsmarkt", "termijnWeken": "10"}))
        .await;
    assert_eq!(second.body["zaaknummer"], format!("{year}-000002"));
    assert_eq!(second.body["termijn"], "2023-03-26");

    // Bad input: problem+json naming the fields; nothing written.
    let r = api
        .post(
            "/adviezen",
            json!({"adviesorgaan": "", "ontvangen": "gisteren", "termijnWeken": "99"}),
        )
        .await;
    assert!(r.content_type().contains("problem+json"), "{}", r.content_type());
    assert_eq!(
        invalid_fields(&r.body),
        vec!["adviesorgaan", "ontvangen", "onderwerp", "termijnWeken"]
    );
    let r = api
        .put(
            &format!("/adviezen/{id}/antwoord"),
            json!({"antwoordDatum": "2022-11-30", "antwoordTekst": BODY}),
        )
        .await;
    assert!(r.content_type().contains("problem+json"));
    assert_eq!(invalid_fields(&r.body), vec!["antwoordDatum"]);
    let r = api.get(&format!("/adviezen/{id}")).await;
    assert_eq!(r.body["kenmerk"], Value::Null, "a refused reply writes nothing");
    assert_eq!(r.body["open"], true);
    assert_eq!(api.get("/adviezen?status=morgen").await.status, StatusCode::BAD_REQUEST);

    // Deadlines for the dashboard: near, then past; the other one is not yet due.
    let actor = Actor::system("test");
    let due = app
        .services
        .advice_due(&actor, Date::parse("2023-01-20").unwrap())
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].id, due[0].overdue), (id, false));
    let due = app
        .services
        .advice_due(&actor, Date::parse("2023-03-20").unwrap())
        .await
        .unwrap();
    assert_eq!(
        due.iter()
            .map(|d| (d.overdue, d.case_number.clone()))
            .collect::<Vec<_>>(),
        vec![(true, number.clone()), (false, format!("{year}-000002"))]
    );

    // The reply: its reference, and the reply date closes the case.
    let r = api
        .put(
            &format!("/adviezen/{id}/antwoord"),
            json!({
                "besluit": "Ter harte nemen; nieuwe koers aan de nieuwe coalitie.",
                "antwoordDatum": "2023-02-21",
                "antwoordTekst": BODY,
                "contactNaam": "Mevr. M. Bom",
                "contactTelefoon": "06 1046 2095",
                "contactEmail": "M.Bom@overijssel.nl",
                "ondertekening": "voorzitter, A.P. Heidema\nsecretaris, N. Versteeg",
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["kenmerk"], "D2023-02-000001");
    assert_eq!(r.body["open"], false);
    assert_eq!(api.get("/adviezen?status=open").await.body["totaal"], 1);
    assert_eq!(api.get("/adviezen?status=beantwoord").await.body["totaal"], 1);
    assert_eq!(api.get("/adviezen?jaar=2022").await.body["totaal"], 1);
    assert_eq!(api.get("/adviezen?zoek=sociale").await.body["totaal"], 1);
    assert!(
        app.services
            .advice_due(&actor, Date::parse("2023-03-20").unwrap())
            .await
            .unwrap()
            .iter()
            .all(|d| d.id != id),
        "a closed case is not due"
    );

    // The letter carries every letterhead field of seed 003, in Word and on the print page.
    let fields = [
        "SER Overijssel",
        "Luttenbergstraat 2",
        "8012 EE ZWOLLE",
        "Provincie Overijssel",
        "Inlichtingen bij",
        "Mevr. M. Bom",
        "06 1046 2095",
        "M.Bom@overijssel.nl",
        "Datum",
        "21.02.2023",
        "Kenmerk",
        "D2023-02-000001",
        "Zaaknummer",
        number.as_str(),
        "Pagina",
        "1 van 1",
        "Uw brief",
        "01.12.2022",
        "Onderwerp: Briefadvies Meer aandacht voor sociale innovatie",
        "Gedeputeerde Staten heeft besloten om uw briefadvies ter harte te nemen.",
        "voorzitter, A.P. Heidema",
        "secretaris, N. Versteeg",
    ];
    let b = app.browser("redacteur", Role::Editor).await;
    let docx = b
        .client
        .get(format!("{}/adviezen/{id}/brief.docx", b.base))
        .send()
        .await
        .unwrap();
    assert_eq!(docx.status(), StatusCode::OK);
    let bytes = docx.bytes().await.unwrap();
    let xml = docx_text(&bytes);
    for f in fields {
        assert!(xml.contains(f), "{f} missing in the .docx");
    }
    crate::helpers::converts_to_pdf("antwoordbrief", &bytes);
    let (status, page) = b.get(&format!("/adviezen/{id}/brief")).await;
    assert_eq!(status, StatusCode::OK);
    let page = page.replace("&#x27;", "'").replace("&#39;", "'");
    for f in fields {
        assert!(page.contains(f), "{f} missing on the print page");
    }
    let (status, page) = b.get("/adviezen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&number) && page.contains("Beantwoord"), "{page}");
    let (_, page) = b.get(&format!("/adviezen/{id}")).await;
    assert!(page.contains("D2023-02-000001") && !page.contains("/verwijderen"));
    let (status, page, _) = b
        .post_form_text(
            &format!("/adviezen/{id}/antwoord"),
            &[("antwoordDatum", "2022-11-01"), ("antwoordTekst", "x")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("antwoordDatum"));

    // The ZGW export in the standard's field names, checked against its schema.
    let r = api.get("/adviezen/zgw").await;
    assert_eq!(r.status, StatusCode::OK);
    let zaak = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["identificatie"] == number.as_str())
        .unwrap()
        .clone();
    assert_eq!(zaak["startdatum"], "2022-12-01");
    assert_eq!(zaak["einddatum"], "2023-02-21");
    assert_eq!(
        zaak["kenmerken"][0],
        json!({"kenmerk": "D2023-02-000001", "bron": "provincie"})
    );
    check_zgw_schema(&r.body);

    // A viewer reads, changes nothing.
    let viewer = app.api("lezer", Role::Viewer).await;
    assert_eq!(viewer.get(&format!("/adviezen/{id}")).await.status, StatusCode::OK);
    assert_eq!(viewer.post("/adviezen", seed_003()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer
            .put(&format!("/adviezen/{id}/antwoord"), json!({"besluit": "x"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
both!(the_province_registers_an_advice_and_writes_the_reply);

async fn concurrent_registrations_never_share_a_case_number(app: &TestApp) {
    let mut handles = Vec::new();
    for i in 0..20 {
        let services = app.services.clone();
        handles.push(tokio::spawn(async move {
            services
                .register_advice(
                    &Actor::system("test"),
                    AdviceInput {
                        advisory_body: "SER Overijssel".into(),
                        received_on: Some("2024-03-01".into()),
                        subject: format!("Advies {i}"),
                        ..AdviceInput::default()
                    },
                    AdviceLinks::default(),
                )
                .await
        }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        let id = h.await.unwrap().expect("every registration succeeds");
        numbers.push(
            app.services
                .advice(&Actor::system("test"), id)
                .await
                .unwrap()
                .case_number,
        );
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 20, "{numbers:?}");
}
both!(concurrent_registrations_never_share_a_case_number);

async fn an_advice_document_is_what_its_extension_says(app: &TestApp) {
    let api = app.api("provincie", Role::Editor).await;
    let id = api.create("/adviezen", seed_003()).await;
    let b = app.browser("redacteur", Role::Editor).await;
    let path = format!("/adviezen/{id}/document");
    let (status, page, _) = b.upload(&path, &[], "advies.pdf", b"PK\x03\x04 not a pdf").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("niet wat de extensie zegt"), "{page}");
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    let (status, page, _) = b.upload(&path, &[], "advies.txt", &big).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("groter dan 10 MB"), "{page}");
    assert_eq!(api.get(&format!("/adviezen/{id}")).await.body["document"], Value::Null);
    let pdf = b"%PDF-1.7\n% briefadvies\n";
    let (status, _, _) = b.upload(&path, &[], "briefadvies.pdf", pdf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        api.get(&format!("/adviezen/{id}")).await.body["document"],
        "briefadvies.pdf"
    );
    let r = b.client.get(format!("{}{path}", b.base)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(&r.bytes().await.unwrap()[..], &pdf[..]);
    let (status, page) = b.get(&format!("/adviezen/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("briefadvies.pdf"));
    let (status, page) = b.get(&format!("/adviezen/{id}/document/nieuw")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("multipart/form-data"));

    // Registration through the page: the form, its field errors, then a case number.
    let (status, page) = b.get("/adviezen/nieuw").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Adviesorgaan"));
    let (status, page, _) = b
        .post_form_text(
            "/adviezen/nieuw",
            &[("adviesorgaan", "SER Overijssel"), ("ontvangen", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul dit veld in."));
    let (status, _, location) = b
        .post_form_text(
            "/adviezen/nieuw",
            &[
                ("adviesorgaan", "SER Overijssel"),
                ("ontvangen", "15-01-2023"),
                ("onderwerp", "Advies arbeidsmarkt"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.unwrap().starts_with("/adviezen/"));
    let (_, page) = b.get("/adviezen?status=open").await;
    assert!(
        page.contains("Advies arbeidsmarkt") && page.contains("/adviezen/zgw.json"),
        "{page}"
    );
    let (_, page) = b.get("/adviezen?zoek=bestaatniet").await;
    assert!(page.contains("Geen adviezen gevonden"), "{page}");
}
both!(an_advice_document_is_what_its_extension_says);

/// Runs tests/zgw/check_schema.py (Python's jsonschema) on the export. Without jsonschema
/// the check is skipped with a warning, unless MIDDENVELD_REQUIRE_JSONSCHEMA is set (CI).
fn check_zgw_schema(export: &Value) {
    let has_validator = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_validator {
        assert!(
            std::env::var_os("MIDDENVELD_REQUIRE_JSONSCHEMA").is_none(),
            "Python's jsonschema is needed: pip install jsonschema"
        );
        eprintln!("Python's jsonschema is missing (pip install jsonschema): ZGW schema check skipped");
        return;
    }
    let path = std::env::temp_dir().join(format!(
        "middenveld-zgw-{}-{}.json",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::write(&path, export.to_string()).unwrap();
    let out = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/zgw/check_schema.py"))
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/zgw-zaak.schema.json"))
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}\n{}\n{export}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn historic_numbers_move_the_counter_past_them(app: &TestApp) {
    use middenveld_services::advice::HistoricNumbers;
    let actor = Actor::system("test");
    let input = AdviceInput {
        advisory_body: "SER Overijssel".into(),
        received_on: Some("2022-12-01".into()),
        subject: "Briefadvies Meer aandacht voor sociale innovatie".into(),
        ..AdviceInput::default()
    };
    let numbers = HistoricNumbers {
        case_number: "2023-003015".into(),
        registered_on: Date::parse("2023-01-05").unwrap(),
        reply_reference: Some("D2023-02-002694".into()),
        replied_on: Some(Date::parse("2023-02-21").unwrap()),
    };
    let id = app
        .services
        .import_advice(&actor, input, AdviceLinks::default(), numbers)
        .await
        .unwrap();
    let a = app.services.advice(&actor, id).await.unwrap();
    assert_eq!(
        (a.case_number.as_str(), a.reply_reference.as_deref()),
        ("2023-003015", Some("D2023-02-002694"))
    );
    let mut tx = app.services.db.begin().await.unwrap();
    assert_eq!(
        middenveld_store::advice::next_counter(&mut tx, "zaak", 2023)
            .await
            .unwrap(),
        3016
    );
    assert_eq!(
        middenveld_store::advice::next_counter(&mut tx, "antwoord", 2023)
            .await
            .unwrap(),
        2695
    );
    tx.rollback().await.unwrap();
}
both!(historic_numbers_move_the_counter_past_them);

async fn a_registered_advice_is_corrected_and_keeps_its_case_number(app: &TestApp) {
    let api = app.api("secretariaat", Role::Editor).await;
    let r = api
        .post(
            "/adviezen",
            json!({"adviesorgaan": "SER Overijssel", "ontvangen": "2023-01-15", "onderwerp": "Advies arbeidsmarkt"}),
        )
        .await;
    let id = r.body["id"].as_i64().unwrap();
    let number = r.body["zaaknummer"].clone();
    let r = api
        .put(
            &format!("/adviezen/{id}"),
            json!({"adviesorgaan": "SER Overijssel", "ontvangen": "2023-01-16", "onderwerp": "Advies over de arbeidsmarkt", "termijnWeken": "4"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (&r.body["zaaknummer"], &r.body["onderwerp"], &r.body["termijn"]),
        (&number, &json!("Advies over de arbeidsmarkt"), &json!("2023-02-13"))
    );
    // A reply on 2023-02-01: the advice cannot have come in after it.
    let r = api
        .put(
            &format!("/adviezen/{id}/antwoord"),
            json!({"antwoordDatum": "2023-02-01", "besluit": "Ter harte genomen", "antwoordTekst": "Wij danken u voor uw advies."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = api
        .put(
            &format!("/adviezen/{id}"),
            json!({"adviesorgaan": "SER Overijssel", "ontvangen": "2023-03-01", "onderwerp": "Advies"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_fields(&r.body), vec!["ontvangen"]);
    // The page form too, for editors only.
    let b = app.browser("redacteur", Role::Editor).await;
    let (status, page) = b.get(&format!("/adviezen/{id}/bewerken")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Advies over de arbeidsmarkt"), "{page}");
    let (status, _, _) = b
        .post_form_text(
            &format!("/adviezen/{id}/bewerken"),
            &[
                ("adviesorgaan", "SER Overijssel"),
                ("ontvangen", "2023-01-16"),
                ("onderwerp", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let viewer = app.api("lezer", Role::Viewer).await;
    assert_eq!(
        viewer
            .put(
                &format!("/adviezen/{id}"),
                json!({"adviesorgaan": "X", "ontvangen": "2023-01-16", "onderwerp": "Y"})
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
both!(a_registered_advice_is_corrected_and_keeps_its_case_number);

/// `middenveld export zaken` writes the cases as ZGW JSON with the configured RSIN; a number
/// format without a counter is refused before anything runs.
#[test]
fn the_cli_exports_the_cases_with_the_configured_rsin() {
    let dir = std::env::temp_dir().join(format!(
        "middenveld-zaken-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("zaken.db").display());
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_middenveld"))
            .args(args)
            .args(["--database", &db])
            .env("MIDDENVELD_LOG", "warn")
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, _, err) = run(&["demo"]);
    assert!(ok, "{err}");
    let (ok, out, err) = run(&["export", "zaken", "--rsin", "123456789"]);
    assert!(ok, "{err}");
    let zaken: Value = serde_json::from_str(&out).unwrap();
    let seed = zaken
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["identificatie"] == "2023-003015")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(seed["bronorganisatie"], "123456789");
    assert_eq!(seed["einddatum"], "2023-02-21");
    let (ok, _, err) = run(&["export", "zaken", "--case-number-format", "ZAAK-NN"]);
    assert!(!ok && err.contains("--case-number-format"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
