//! Erasing a person leaves their name, e-mail address and phone number nowhere in the
//! database, and the data export gives everything held about a person.

use crate::{Api, TestApp, both};
use middenveld_domain::Role;
use middenveld_store::Backend;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

const NAME: &str = "Wilhelmina Zwanenburg";
const EMAIL: &str = "w.zwanenburg@korenschoof.example.nl";
const PHONE: &str = "06 4321 8765";
/// The surname alone, as the search index keeps it (lower case).
const TOKEN: &str = "zwanenburg";

struct Linked {
    person: i64,
    organisation: i64,
    network: i64,
    event: i64,
    referral: i64,
}

/// A person with an organisation, a network membership, an event registration, a contact
/// moment that names them, and a contact request they made through the public site.
async fn linked_person(app: &TestApp, api: &Api) -> Linked {
    let organisation = api
        .create(
            "/organisaties",
            json!({"naam": "Bakkerij De Korenschoof", "soort": "mkb"}),
        )
        .await;
    let person = api
        .create(
            "/personen",
            json!({"naam": NAME, "email": EMAIL, "telefoon": PHONE, "functie": "Eigenaar",
                "grondslag": "toestemming", "grondslagDatum": "2025-01-10", "organisaties": [organisation]}),
        )
        .await;
    let network = api.create("/netwerken", json!({"naam": "Waardemakers Voedsel"})).await;
    let r = api
        .post(
            &format!("/netwerken/{network}/leden"),
            json!({"persoonId": person, "status": "actief", "sinds": "2025-02-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let event = api
        .create(
            "/evenementen",
            json!({"naam": "Broodnodig: circulair bakken", "soort": "netwerkbijeenkomst", "begin": "2030-05-12T09:00"}),
        )
        .await;
    let r = api
        .put(
            &format!("/evenementen/{event}/registraties/{person}"),
            json!({"organisatieId": organisation, "status": "aangemeld"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = api
        .post(
            &format!("/organisaties/{organisation}/contactmomenten"),
            json!({"soort": "telefoon", "datum": "2026-03-20", "persoonId": person,
                "samenvatting": format!("Gebeld met {NAME} ({PHONE}) over het restbrood")}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Their contact request about a published good example.
    let example = api
        .create(
            "/voorbeelden",
            json!({"titel": "Brood van gisteren", "samenvatting": "Restbrood wordt bier.",
                "verhaal": "Een bakker en een brouwer werken samen.", "gemeentecode": "GM0193",
                "sector": "bouw", "organisatieIds": [organisation], "contactpartnerId": organisation}),
        )
        .await;
    let r = api
        .put(
            &format!("/voorbeelden/{example}/toestemming"),
            json!({"toestemmingOrganisatieId": organisation, "toestemmingDoor": "T. Tester", "toestemmingDatum": "2026-03-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for status in ["ter-beoordeling", "gepubliceerd"] {
        let r = api
            .post(&format!("/voorbeelden/{example}/status"), json!({"status": status}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{status}: {}", r.body);
    }
    let referral = app
        .services
        .request_contact(
            example,
            middenveld_domain::example::ContactInput {
                name: Some(NAME.into()),
                email: Some(EMAIL.into()),
                organisation: Some("Bakkerij De Korenschoof".into()),
                message: Some(format!("Bel mij op {PHONE}")),
                consent: true,
            },
        )
        .await
        .unwrap();
    Linked {
        person,
        organisation,
        network,
        event,
        referral,
    }
}

/// Every value of every column of every table, as text (SQLite: blobs as lossy UTF-8),
/// with where it was found.
async fn dump(app: &TestApp) -> Vec<(String, String)> {
    let mut conn = app.services.db.conn().await.unwrap();
    let mut columns: Vec<(String, String)> = Vec::new();
    match app.services.db.backend {
        Backend::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            for t in tables {
                // Hidden columns of virtual tables (1) are not stored values.
                let rows = sqlx::query("SELECT name FROM pragma_table_xinfo($1) WHERE hidden <> 1")
                    .bind(t.clone())
                    .fetch_all(&mut *conn)
                    .await
                    .unwrap();
                for r in rows {
                    columns.push((t.clone(), r.get::<String, _>("name")));
                }
            }
        }
        Backend::Postgres => {
            let rows = sqlx::query(
                "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
                 WHERE table_schema = current_schema()",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            for r in rows {
                columns.push((r.get("t"), r.get("c")));
            }
        }
    }
    assert!(
        columns.len() > 100,
        "the dump reads the whole schema: {}",
        columns.len()
    );
    let mut out = Vec::new();
    for (t, c) in columns {
        let sql = match app.services.db.backend {
            Backend::Sqlite => format!("SELECT hex(\"{c}\") AS v FROM \"{t}\""),
            Backend::Postgres => format!("SELECT CAST(\"{c}\" AS TEXT) AS v FROM \"{t}\""),
        };
        let values: Vec<Option<String>> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{t}.{c}: {e}"));
        for v in values.into_iter().flatten() {
            let v = match app.services.db.backend {
                Backend::Sqlite => String::from_utf8_lossy(&unhex(&v)).into_owned(),
                Backend::Postgres => v,
            };
            out.push((format!("{t}.{c}"), v));
        }
    }
    out
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}

/// Where in the dump a person's traces occur.
fn traces_in(dump: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (at, v) in dump {
        for needle in [NAME, EMAIL, PHONE, "Zwanenburg", TOKEN] {
            if v.contains(needle) {
                found.push(format!(
                    "{at} holds {needle:?}: {}",
                    v.chars().take(200).collect::<String>()
                ));
            }
        }
    }
    found
}

/// The SQLite database file and its write-ahead log, as bytes.
async fn sqlite_file_bytes(app: &TestApp) -> Vec<u8> {
    let mut conn = app.services.db.conn().await.unwrap();
    let path: String = sqlx::query("SELECT file FROM pragma_database_list WHERE name = 'main'")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get("file");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    bytes
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

async fn an_erased_person_leaves_no_trace_in_the_database(app: &TestApp) {
    let api = app.api("beheer", Role::Editor).await;
    let l = linked_person(app, &api).await;
    let before = traces_in(&dump(app).await);
    for place in [
        "people.name",
        "people.email",
        "people.phone",
        "audit_entries.changes",
        "contacts.summary",
        "referrals.contact_name",
        "referrals.contact_email",
    ] {
        assert!(
            before.iter().any(|f| f.starts_with(&format!("{place} "))),
            "the dump finds the person in {place} before erasure: {before:#?}"
        );
    }
    let viewer = app.browser("lezer", Role::Viewer).await;
    let (_, network_page) = viewer.get(&format!("/netwerken/{}", l.network)).await;
    assert!(
        network_page.contains(NAME),
        "before erasure the network page names the member"
    );

    assert_eq!(
        api.delete(&format!("/personen/{}", l.person)).await.status,
        StatusCode::NO_CONTENT
    );
    let after = traces_in(&dump(app).await);
    assert!(after.is_empty(), "the person's traces after erasure: {after:#?}");
    if app.services.db.backend == Backend::Sqlite {
        let bytes = sqlite_file_bytes(app).await;
        for needle in [NAME, EMAIL, PHONE] {
            assert!(
                !contains(&bytes, needle),
                "the database file still holds {needle:?} (freed space not zeroed, or the log kept it)"
            );
        }
    }

    // What stays: the records of others, the facts without the name, and who erased whom.
    for (path, text) in [
        (format!("/netwerken/{}", l.network), "Waardemakers Voedsel"),
        (format!("/evenementen/{}", l.event), "Broodnodig"),
        (format!("/organisaties/{}", l.organisation), "Bakkerij De Korenschoof"),
        (format!("/doorverwijzingen/{}", l.referral), "[gewist]"),
    ] {
        let (status, page) = viewer.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains(text), "{path} shows {text}");
        for needle in [NAME, EMAIL, PHONE] {
            assert!(!page.contains(needle), "{path} still shows {needle:?}");
        }
    }
    let (_, network_page) = viewer.get(&format!("/netwerken/{}", l.network)).await;
    assert!(
        network_page.contains("[gewist] (Actief)"),
        "the membership's history keeps the fact"
    );
    let mut conn = app.services.db.conn().await.unwrap();
    let own = middenveld_store::audit::for_record(&mut conn, "persoon", l.person, 10)
        .await
        .unwrap();
    assert_eq!(own[0].action, "verwijderd");
    assert_eq!(own[0].user_name, "beheer");
    assert!(own[0].changes.contains("gewist"), "{}", own[0].changes);
    drop(conn);
    let r = api.get(&format!("/personen?zoek={TOKEN}")).await;
    assert_eq!(
        r.body["totaal"],
        json!(0),
        "the search no longer finds them: {}",
        r.body
    );
    assert_eq!(
        api.get(&format!("/personen/{}/gegevens", l.person)).await.status,
        StatusCode::NOT_FOUND
    );
}
both!(an_erased_person_leaves_no_trace_in_the_database);

async fn a_pending_upload_with_the_person_does_not_outlive_the_erasure(app: &TestApp) {
    let api = app.api("beheer", Role::Editor).await;
    let person = api
        .create(
            "/personen",
            json!({"naam": NAME, "email": EMAIL, "grondslag": "toestemming", "grondslagDatum": "2025-01-10"}),
        )
        .await;
    let b = app.browser("importeur", Role::Editor).await;
    let csv = format!("Naam;E-mail;Grondslag\r\n{NAME};{EMAIL};toestemming\r\nZonder Mail;geen-mail;toestemming\r\n");
    let (status, _, location) = b
        .upload("/import", &[("soort", "personen")], "mensen.csv", csv.as_bytes())
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mapping = location.expect("to the mapping");
    let token = mapping
        .trim_start_matches("/import/")
        .trim_end_matches("/koppeling")
        .to_string();
    let file = std::env::temp_dir().join("middenveld-import").join(&token);
    assert!(file.exists(), "the upload is kept on disk while it is mapped");
    assert_eq!(b.get(&mapping).await.0, StatusCode::OK);

    assert_eq!(
        api.delete(&format!("/personen/{person}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(!file.exists(), "the upload is gone with the erasure");
    assert_eq!(b.get(&mapping).await.0, StatusCode::NOT_FOUND);
}
both!(a_pending_upload_with_the_person_does_not_outlive_the_erasure);

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|v| v[key].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn the_data_export_gives_everything_held_about_a_person(app: &TestApp) {
    let api = app.api("beheer", Role::Editor).await;
    let l = linked_person(app, &api).await;
    // Someone else, so the export shows only what concerns this person.
    api.create(
        "/personen",
        json!({"naam": "Bert Anders", "grondslag": "toestemming", "grondslagDatum": "2025-01-10"}),
    )
    .await;
    let viewer = app.api("lezer", Role::Viewer).await;
    let r = viewer.get(&format!("/personen/{}/gegevens", l.person)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    assert!(r.headers.contains_key("api-version"));
    let d = &r.body;
    assert_eq!(d["persoon"]["naam"], NAME);
    assert_eq!(d["persoon"]["email"], EMAIL);
    assert_eq!(d["persoon"]["telefoon"], PHONE);
    assert_eq!(names(&d["organisaties"], "naam"), vec!["Bakkerij De Korenschoof"]);
    assert_eq!(names(&d["lidmaatschappen"], "netwerk"), vec!["Waardemakers Voedsel"]);
    assert_eq!(
        names(&d["registraties"], "evenement"),
        vec!["Broodnodig: circulair bakken"]
    );
    assert_eq!(
        d["contactmomenten"][0]["samenvatting"],
        format!("Gebeld met {NAME} ({PHONE}) over het restbrood")
    );
    assert_eq!(d["contactverzoeken"][0]["id"], json!(l.referral));
    let audit = d["auditregels"].as_array().unwrap();
    let kinds: Vec<&str> = audit.iter().filter_map(|e| e["soort"].as_str()).collect();
    for kind in ["persoon", "netwerk", "evenement"] {
        assert!(kinds.contains(&kind), "audit entries of {kind}: {kinds:?}");
    }
    assert!(!d.to_string().contains("Bert Anders"), "nothing about someone else");
    let ids: Vec<i64> = audit.iter().filter_map(|e| e["id"].as_i64()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");

    // The readable page, linked from the person's page, in Dutch and English.
    let b = app.browser("lezer2", Role::Viewer).await;
    let (_, person_page) = b.get(&format!("/personen/{}", l.person)).await;
    assert!(person_page.contains(&format!("href=\"/personen/{}/gegevens\"", l.person)));
    let r = b
        .client
        .get(format!("{}/personen/{}/gegevens", b.base, l.person))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers().get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let page = r.text().await.unwrap();
    for text in [
        "Gegevens van Wilhelmina Zwanenburg",
        EMAIL,
        "Waardemakers Voedsel",
        "Broodnodig: circulair bakken",
        "over het restbrood",
        "Contactverzoeken via de website",
        "Bel mij op",
    ] {
        assert!(page.contains(text), "the page shows {text}");
    }
    let r = b
        .client
        .get(format!("{}/personen/{}/gegevens.json", b.base, l.person))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let file: Value = r.json().await.unwrap();
    assert_eq!(file["persoon"]["naam"], NAME);
    let (_, english) = b.get("/taal/en?terug=/").await;
    drop(english);
    let (_, page) = b.get(&format!("/personen/{}/gegevens", l.person)).await;
    assert!(
        page.contains("Data of Wilhelmina Zwanenburg"),
        "English through the i18n table"
    );

    // An unknown person: 404, as problem+json in the API.
    let r = viewer.get("/personen/999999/gegevens").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(b.get("/personen/999999/gegevens").await.0, StatusCode::NOT_FOUND);
    // Without a login: nothing.
    let anonymous = app.anonymous().await;
    let (status, page) = anonymous.get(&format!("/personen/{}/gegevens", l.person)).await;
    assert!(!page.contains(EMAIL), "{status}");
}
both!(the_data_export_gives_everything_held_about_a_person);
