//! The test application and clients for pages (cookies, CSRF) and the API (bearer token).

use middenveld_domain::Role;
use middenveld_services::{Actor, ServiceConfig, Services};
use middenveld_store::Db;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::sync::atomic::{AtomicU32, Ordering};

pub const PASSWORD: &str = "wachtwoord-voor-tests";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Runs a story on SQLite and, when configured, on PostgreSQL.
#[macro_export]
macro_rules! both {
    ($story:ident) => {
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::sqlite().await;
                super::$story(&app).await;
                app.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = $crate::TestApp::postgres().await else {
                    eprintln!("MIDDENVELD_TEST_DATABASE_URL not set: PostgreSQL run skipped");
                    return;
                };
                super::$story(&app).await;
                app.cleanup().await;
            }
        }
    };
}

pub struct TestApp {
    pub base: String,
    pub services: Services,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        let path = std::env::temp_dir().join(format!("{}.db", unique("middenveld_test")));
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("sqlite");
        Self::start(db, Cleanup::File(path)).await
    }

    pub async fn postgres() -> Option<TestApp> {
        let admin_url = std::env::var("MIDDENVELD_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let name = unique("t");
        let admin = Db::connect(&admin_url).await.expect("postgres admin connection");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin.pool)
            .await
            .expect("create database");
        admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or(admin_url.clone());
        let db = Db::connect(&format!("{base}/{name}"))
            .await
            .expect("postgres test database");
        Some(Self::start(db, Cleanup::Postgres { admin_url, name }).await)
    }

    async fn start(db: Db, cleanup: Cleanup) -> TestApp {
        middenveld_store::migrate::run(&db).await.expect("migrate");
        let services = Services::new(
            db,
            ServiceConfig {
                fast_password_hashing: true,
                public_cache_secs: 0,
                ..Default::default()
            },
        );
        let app = middenveld_web::app(services.clone(), middenveld_web::WebConfig::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestApp {
            base: format!("http://{addr}"),
            services,
            cleanup,
        }
    }

    pub async fn cleanup(self) {
        self.services.db.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&admin.pool)
                    .await;
                    admin.close().await;
                }
            }
        }
    }

    pub async fn user(&self, name: &str, role: Role) {
        self.services
            .add_user(&Actor::system("test"), name, PASSWORD, role)
            .await
            .expect("user");
    }

    /// An API client with a token of a new user of this role.
    pub async fn api(&self, name: &str, role: Role) -> Api {
        self.user(name, role).await;
        let token = self
            .services
            .create_token(&Actor::system("test"), name, "test")
            .await
            .expect("token");
        Api {
            client: plain_client(),
            base: self.base.clone(),
            token,
        }
    }

    /// A browser-like client logged in as a new user of this role.
    pub async fn browser(&self, name: &str, role: Role) -> Browser {
        self.user(name, role).await;
        let mut b = self.anonymous().await;
        let r = b
            .post_form("/inloggen", &[("gebruikersnaam", name), ("wachtwoord", PASSWORD)])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login of {name}");
        // Forms of a logged-in browser carry the token bound to its new session.
        let (_, page) = b.get("/").await;
        b.csrf = hidden_csrf(&page);
        assert!(!b.csrf.is_empty(), "the start page carries the session's CSRF token");
        b
    }

    /// A browser-like client without login (it has fetched the login page, so it holds a CSRF cookie).
    pub async fn anonymous(&self) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let page = client
            .get(format!("{}/inloggen", self.base))
            .send()
            .await
            .expect("login page")
            .text()
            .await
            .expect("body");
        let csrf = hidden_csrf(&page);
        assert!(!csrf.is_empty(), "login page carries a CSRF token");
        Browser {
            client,
            base: self.base.clone(),
            csrf,
        }
    }
}

fn plain_client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub fn hidden_csrf(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    html.find(marker)
        .map(|i| {
            html[i + marker.len()..]
                .split('"')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_default()
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    pub csrf: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET");
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    /// Posts a form with the CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("_csrf", &self.csrf));
        self.client
            .post(format!("{}{path}", self.base))
            .form(&body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn post_form_text(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String, Option<String>) {
        let r = self.post_form(path, fields).await;
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        (status, r.text().await.expect("body"), location)
    }
}

pub struct Api {
    pub client: Client,
    pub base: String,
    pub token: String,
}

pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl ApiResponse {
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

impl Api {
    async fn send(&self, rb: reqwest::RequestBuilder) -> ApiResponse {
        let r = rb.bearer_auth(&self.token).send().await.expect("request");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        ApiResponse { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> ApiResponse {
        self.send(self.client.get(format!("{}/api/v1{path}", self.base))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> ApiResponse {
        self.send(self.client.post(format!("{}/api/v1{path}", self.base)).json(&body))
            .await
    }

    pub async fn put(&self, path: &str, body: Value) -> ApiResponse {
        self.send(self.client.put(format!("{}/api/v1{path}", self.base)).json(&body))
            .await
    }

    pub async fn delete(&self, path: &str) -> ApiResponse {
        self.send(self.client.delete(format!("{}/api/v1{path}", self.base)))
            .await
    }

    pub async fn post_raw(&self, path: &str, body: &str) -> ApiResponse {
        self.send(
            self.client
                .post(format!("{}/api/v1{path}", self.base))
                .header("content-type", "application/json")
                .body(body.to_string()),
        )
        .await
    }

    /// Creates and returns the id, asserting 201.
    pub async fn create(&self, path: &str, body: Value) -> i64 {
        let r = self.post(path, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "POST {path}: {}", r.body);
        r.body["id"].as_i64().expect("id")
    }
}

/// The names of the invalid fields of a problem response.
pub fn invalid_fields(body: &Value) -> Vec<String> {
    body["invalidParams"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl Browser {
    /// Posts a multipart form with one file field `bestand` and the CSRF token; gives status,
    /// body and Location.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> (StatusCode, String, Option<String>) {
        let boundary = "----middenveld-test-boundary";
        let mut body: Vec<u8> = Vec::new();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &self.csrf)];
        all.extend_from_slice(fields);
        for (k, v) in all {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").bytes());
        }
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .expect("upload");
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        (status, r.text().await.expect("body"), location)
    }
}

/// Converts a Word document to PDF with LibreOffice, the independent reader of the .docx files
/// we write, and asserts a PDF came out. Without LibreOffice the check is skipped with a
/// warning, unless MIDDENVELD_REQUIRE_LIBREOFFICE=1 (as CI sets).
pub fn converts_to_pdf(name: &str, docx: &[u8]) {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).any(|d| d.join(b).is_file()))
            .unwrap_or(false)
    });
    let Some(soffice) = soffice else {
        assert!(
            std::env::var("MIDDENVELD_REQUIRE_LIBREOFFICE").as_deref() != Ok("1"),
            "LibreOffice is required (MIDDENVELD_REQUIRE_LIBREOFFICE=1) but not on PATH"
        );
        eprintln!("LibreOffice not installed: conversion of {name} skipped");
        return;
    };
    let dir = std::env::temp_dir().join(format!(
        "middenveld-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.docx"));
    std::fs::write(&file, docx).unwrap();
    let status = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}/profile", dir.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    let pdf = std::fs::read(dir.join(format!("{name}.pdf"))).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "LibreOffice converts {name}");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF came out of {name}");
}
