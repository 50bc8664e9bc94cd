//! The store under pressure: concurrent writers and readers get no server error and lose no
//! write; ids are never reused (SQLite's tables are rebuilt with AUTOINCREMENT, also in an
//! existing database, without losing a row or firing a cascade); a delete that a reference
//! blocks is refused with 409 naming what refers to it.

use crate::{TestApp, both};
use middenveld_domain::Role;
use middenveld_store::{Backend, Db};
use reqwest::StatusCode;
use serde_json::json;

/// Many API clients at once, half creating organisations (which reads, then writes, in one
/// transaction) and half reading: no 5xx, and every 201 can be read back afterwards.
async fn concurrent_writers_and_readers_get_no_server_error_and_lose_nothing(app: &TestApp) {
    const CLIENTS: usize = 32;
    const ROUNDS: usize = 8;
    let api = std::sync::Arc::new(app.api("druk", Role::Editor).await);
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            let mut created = Vec::new();
            let mut server_errors = Vec::new();
            for round in 0..ROUNDS {
                if client % 2 == 0 {
                    let r = api
                        .post(
                            "/organisaties",
                            json!({"naam": format!("Druk {client}-{round}"), "soort": "mkb", "fase": "geinteresseerd"}),
                        )
                        .await;
                    if r.status == StatusCode::CREATED {
                        created.push(r.body["id"].as_i64().unwrap());
                    } else if r.status.is_server_error() {
                        server_errors.push(r.body.to_string());
                    }
                } else {
                    let r = api.get("/organisaties?sorteer=gewijzigd").await;
                    if r.status.is_server_error() {
                        server_errors.push(r.body.to_string());
                    }
                }
            }
            (created, server_errors)
        }));
    }
    let mut created = Vec::new();
    for t in tasks {
        let (c, errors) = t.await.unwrap();
        assert!(errors.is_empty(), "server errors under concurrent writes: {errors:?}");
        created.extend(c);
    }
    assert_eq!(created.len(), CLIENTS / 2 * ROUNDS, "every create succeeded");
    for id in &created {
        assert_eq!(api.get(&format!("/organisaties/{id}")).await.status, StatusCode::OK);
    }
    let all = api.get("/organisaties?paginaGrootte=1").await;
    assert_eq!(all.body["totaal"], created.len());
}
both!(concurrent_writers_and_readers_get_no_server_error_and_lose_nothing);

/// A new person never gets the id of an erased one, whose history would show on their page.
async fn a_new_person_never_gets_the_id_of_an_erased_one(app: &TestApp) {
    let api = app.api("privacy", Role::Editor).await;
    let person = |name: &str| json!({"naam": name, "grondslag": "toestemming", "grondslagDatum": "2026-01-05"});
    let first = api.create("/personen", person("Wilhelmina Vergeten")).await;
    assert_eq!(
        api.delete(&format!("/personen/{first}")).await.status,
        StatusCode::NO_CONTENT
    );
    let second = api.create("/personen", person("Nieuwe Persoon")).await;
    assert_ne!(second, first, "the erased person's id is not given again");
    assert!(second > first);
    assert_eq!(
        api.get(&format!("/personen/{first}")).await.status,
        StatusCode::NOT_FOUND
    );
    let b = app.browser("kijker", Role::Viewer).await;
    let (status, page) = b.get(&format!("/personen/{first}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Wilhelmina") && !page.contains("privacy"), "{page}");
    let (status, page) = b.get(&format!("/personen/{second}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Wilhelmina"), "no history of the erased person: {page}");
}
both!(a_new_person_never_gets_the_id_of_an_erased_one);

/// After migration every table's integer id comes from a counter that never goes back:
/// AUTOINCREMENT on SQLite, a sequence (BIGSERIAL) on PostgreSQL.
async fn every_id_column_never_reuses_a_value(app: &TestApp) {
    let db = &app.services.db;
    let mut conn = db.conn().await.unwrap();
    match db.backend {
        Backend::Sqlite => {
            let virtual_tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            assert!(virtual_tables.len() >= 2, "the full-text indexes are there");
            let tables: Vec<(String, String)> = sqlx::query_as(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            let mut checked = 0;
            for (name, sql) in tables {
                if sql.starts_with("CREATE VIRTUAL TABLE")
                    || virtual_tables.iter().any(|v| name.starts_with(&format!("{v}_")))
                {
                    continue;
                }
                // A rowid alias: exactly one primary-key column, declared INTEGER.
                let keys: Vec<String> = sqlx::query_scalar("SELECT type FROM pragma_table_info($1) WHERE pk > 0")
                    .bind(name.clone())
                    .fetch_all(&mut *conn)
                    .await
                    .unwrap();
                if keys.len() == 1 && keys[0].eq_ignore_ascii_case("INTEGER") {
                    assert!(
                        sql.to_ascii_uppercase().contains("AUTOINCREMENT"),
                        "{name} reuses ids: {sql}"
                    );
                    checked += 1;
                }
            }
            assert!(checked >= 30, "only {checked} tables with an id");
            let broken: Vec<String> = sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            assert!(broken.is_empty(), "{broken:?}");
        }
        Backend::Postgres => {
            let without: Vec<(String, String)> = sqlx::query_as(
                "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
                 JOIN information_schema.key_column_usage k ON k.table_schema = c.table_schema \
                   AND k.table_name = c.table_name AND k.column_name = c.column_name \
                 JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name \
                   AND t.table_schema = k.table_schema AND t.constraint_type = 'PRIMARY KEY' \
                 WHERE c.table_schema = current_schema() AND c.column_name = 'id' \
                   AND COALESCE(c.column_default, '') NOT LIKE 'nextval(%' AND c.is_identity = 'NO'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            assert!(without.is_empty(), "ids without a sequence: {without:?}");
            let with: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND column_name = 'id' AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')",
            )
            .fetch_one(&mut *conn)
            .await
            .unwrap();
            assert!(with >= 30, "only {with} id columns with a sequence");
        }
    }
}
both!(every_id_column_never_reuses_a_value);

/// An existing SQLite database of schema 22 is rebuilt with AUTOINCREMENT without losing a
/// row: the tables that refer to a rebuilt one keep their rows (no cascade fires), the
/// full-text index and the counting triggers still work, and a deleted id is not reused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_sqlite_database_is_rebuilt_without_losing_a_row() {
    let path = std::env::temp_dir().join(format!("middenveld_autoincrement_{}.db", std::process::id()));
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&url).await.unwrap();
    {
        let mut conn = db.conn().await.unwrap();
        sqlx::query(
            "CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
        for (i, script) in middenveld_store::migrate::scripts(Backend::Sqlite)
            .iter()
            .take(22)
            .enumerate()
        {
            sqlx::raw_sql(sqlx::AssertSqlSafe(*script))
                .execute(&mut *conn)
                .await
                .unwrap();
            sqlx::query("INSERT INTO schema_version VALUES ($1, 'old', '2025-01-01T00:00:00Z')")
                .bind(i as i64 + 1)
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        sqlx::raw_sql(
            "INSERT INTO themes (id, name, created_at, updated_at) VALUES (1, 'Circulair', 'x', 'x');
             INSERT INTO organisations (id, name, sort_name, kind, journey_stage, search_text, created_at, updated_at)
               VALUES (1, 'Groene Schakel', 'groene schakel', 'mkb', 'plannen', 'groene schakel zwolle', 'x', 'x'),
                      (2, 'Oost NL', 'oost nl', 'intermediair', NULL, 'oost nl hengelo', 'x', 'x'),
                      (3, 'Metaal Twente', 'metaal twente', 'mkb', 'plannen', 'metaal twente', 'x', 'x');
             INSERT INTO organisation_themes VALUES (1, 1), (3, 1);
             INSERT INTO networks (id, name, created_at, updated_at) VALUES (1, 'Waardemakers', 'x', 'x');
             INSERT INTO memberships (network_id, organisation_id, status, since, created_at) VALUES (1, 1, 'actief', '2024-01-01', 'x'), (1, 3, 'actief', '2024-01-01', 'x');",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    let applied = middenveld_store::migrate::run(&db).await.unwrap();
    assert!(applied.contains(&23), "{applied:?}");
    let mut conn = db.conn().await.unwrap();
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    assert_eq!(
        count("SELECT COUNT(*) FROM organisations")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM organisation_themes")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        2,
        "no cascade fired when the organisations were rebuilt"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM memberships")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM organisations_fts WHERE organisations_fts MATCH 'schakel'")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        1,
        "the full-text index still finds the rows"
    );
    let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'organisations'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert!(sql.contains("AUTOINCREMENT") && sql.contains("match_name"), "{sql}");
    let indexes: i64 = count(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'organisations' AND sql IS NOT NULL",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert!(indexes >= 8, "the indexes are back: {indexes}");
    drop(conn);

    // The triggers are back, foreign keys are on again, and the deleted newest id stays unused.
    // Statistics written by another connection (the first ANALYZE of a database once made
    // the writer's next schema load fail with "no such table", hence PRAGMA optimize on the
    // writer) leave the writer working.
    {
        let mut w = db.begin().await.unwrap();
        sqlx::query("SELECT COUNT(*) FROM organisations")
            .execute(&mut *w)
            .await
            .unwrap();
        w.commit().await.unwrap();
        let mut r = db.conn().await.unwrap();
        sqlx::query("ANALYZE").execute(&mut *r).await.unwrap();
    }
    let mut tx = db.begin().await.unwrap();
    sqlx::query("DELETE FROM organisations WHERE id = 3")
        .execute(&mut *tx)
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organisations (name, sort_name, kind, journey_stage, search_text, created_at, updated_at) \
         VALUES ('Nieuw', 'nieuw', 'mkb', 'plannen', 'nieuw', 'x', 'x') RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(id, 4, "id 3 is not given again");
    let mut conn = db.conn().await.unwrap();
    assert_eq!(
        count("SELECT COUNT(*) FROM memberships")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        1,
        "the cascade works again after the migration"
    );
    assert_eq!(
        count("SELECT n FROM stage_counts WHERE stage = 'plannen'")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        2,
        "the counting triggers work again"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM organisations_fts WHERE organisations_fts MATCH 'metaal'")
            .fetch_one(&mut *conn)
            .await
            .unwrap(),
        0
    );
    drop(conn);
    db.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Deleting a theme or a network that an indicator counts is refused with 409 naming the
/// indicator (the page: a message with a link to it), and nothing is deleted.
async fn deleting_what_an_indicator_counts_is_refused_naming_it(app: &TestApp) {
    let api = app.api("beleid", Role::Editor).await;
    let theme = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let network = api.create("/netwerken", json!({"naam": "Waardemakers Twente"})).await;
    let programme = api
        .create("/programmas", json!({"naam": "Innovatie", "beginjaar": 2016}))
        .await;
    let objective = api
        .create(
            &format!("/programmas/{programme}/prestaties"),
            json!({"code": "5.3.2", "naam": "Circulaire economie"}),
        )
        .await;
    let action = api
        .create(
            &format!("/prestaties/{objective}/acties"),
            json!({"tekst": "Netwerken versterken"}),
        )
        .await;
    let by_theme = api
        .create(
            &format!("/acties/{action}/indicatoren"),
            json!({"naam": "Circulaire consortia", "telling": "consortia", "themaId": theme}),
        )
        .await;
    let by_network = api
        .create(
            &format!("/acties/{action}/indicatoren"),
            json!({"naam": "Actieve Waardemakers", "telling": "actieve-netwerkleden", "netwerkId": network}),
        )
        .await;

    for (path, indicator, name) in [
        (format!("/themas/{theme}"), by_theme, "Circulaire consortia"),
        (format!("/netwerken/{network}"), by_network, "Actieve Waardemakers"),
    ] {
        let r = api.delete(&path).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{path}: {}", r.body);
        assert_eq!(r.content_type(), "application/problem+json");
        assert_eq!(r.body["status"], 409);
        assert!(r.body["detail"].as_str().unwrap().contains(name), "{}", r.body);
        assert_eq!(r.body["usedBy"][0]["href"], format!("/api/v1/indicatoren/{indicator}"));
        assert_eq!(r.body["usedBy"][0]["title"], name);
        assert_eq!(api.get(&path).await.status, StatusCode::OK, "nothing deleted");
    }

    let b = app.browser("redacteur", Role::Editor).await;
    let (status, _, _) = b.post_form_text(&format!("/themas/{theme}/verwijderen"), &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, page, _) = b
        .post_form_text(&format!("/netwerken/{network}/verwijderen"), &[])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Kan niet worden verwijderd"), "{page}");
    assert!(page.contains("Wijzig of verwijder dat eerst"), "{page}");
    assert!(
        page.contains(&format!("href=\"/indicatoren/{by_network}\">Actieve Waardemakers</a>")),
        "{page}"
    );

    // Once the indicator no longer counts it, the theme can go.
    assert_eq!(
        api.delete(&format!("/indicatoren/{by_theme}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete(&format!("/themas/{theme}")).await.status,
        StatusCode::NO_CONTENT
    );
}
both!(deleting_what_an_indicator_counts_is_refused_naming_it);

/// The fallback for references no use case checks: a foreign key that refuses a delete is a
/// conflict (409), not a server error or "does not exist", on both backends.
async fn a_delete_refused_by_a_foreign_key_is_a_conflict(app: &TestApp) {
    let api = app.api("beheer", Role::Editor).await;
    let theme = api.create("/themas", json!({"naam": "Energie"})).await;
    let programme = api
        .create("/programmas", json!({"naam": "Energie", "beginjaar": 2020}))
        .await;
    let objective = api
        .create(
            &format!("/programmas/{programme}/prestaties"),
            json!({"code": "1.1", "naam": "Energie"}),
        )
        .await;
    let action = api
        .create(&format!("/prestaties/{objective}/acties"), json!({"tekst": "Tellen"}))
        .await;
    api.create(
        &format!("/acties/{action}/indicatoren"),
        json!({"naam": "Energieconsortia", "telling": "consortia", "themaId": theme}),
    )
    .await;
    let mut tx = app.services.db.begin().await.unwrap();
    let refused = middenveld_store::theme::delete(&mut tx, theme).await;
    assert!(
        matches!(refused, Err(middenveld_store::StoreError::InUse)),
        "{refused:?}"
    );
    drop(tx);
    let e = middenveld_services::ServiceError::from(middenveld_store::StoreError::InUse);
    assert!(matches!(&e, middenveld_services::ServiceError::InUse(v) if v.is_empty()));
}
both!(a_delete_refused_by_a_foreign_key_is_a_conflict);
