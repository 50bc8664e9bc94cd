use super::*;
use crate::ServiceConfig;
use middenveld_store::bulk::{Table, count};
use middenveld_store::project::ProjectFilter;
use middenveld_store::{Db, Paging};
use std::time::Instant;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

/// Where a test database lives, to remove it afterwards.
enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

fn unique(tag: &str) -> std::result::Result<String, Box<dyn std::error::Error>> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    Ok(format!("t_{tag}_{}_{nanos}", std::process::id()))
}

fn services(db: Db) -> Services {
    Services::new(
        db,
        ServiceConfig {
            fast_password_hashing: true,
            ..Default::default()
        },
    )
}

/// A fresh, migrated SQLite file in the temp directory.
async fn fresh(tag: &str) -> std::result::Result<(Services, Cleanup), Box<dyn std::error::Error>> {
    let path = std::env::temp_dir().join(format!("middenveld-{}.db", unique(tag)?));
    let db = Db::connect(&format!("sqlite://{}", path.display())).await?;
    middenveld_store::migrate::run(&db).await?;
    Ok((services(db), Cleanup::Sqlite(path)))
}

/// A fresh SQLite file, and a fresh PostgreSQL database too when
/// `MIDDENVELD_TEST_DATABASE_URL` is set.
async fn databases(tag: &str) -> std::result::Result<Vec<(Services, Cleanup)>, Box<dyn std::error::Error>> {
    let mut out = vec![fresh(tag).await?];
    if let Some(admin_url) = std::env::var("MIDDENVELD_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let name = unique(tag)?;
        let admin = Db::connect(&admin_url).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin.pool)
            .await?;
        admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or_else(|| admin_url.clone());
        let db = Db::connect(&format!("{base}/{name}")).await?;
        middenveld_store::migrate::run(&db).await?;
        out.push((services(db), Cleanup::Postgres { admin_url, name }));
    }
    Ok(out)
}

async fn cleanup(services: Services, cleanup: Cleanup) {
    services.db.close().await;
    match cleanup {
        Cleanup::Sqlite(path) => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        Cleanup::Postgres { admin_url, name } => {
            if let Ok(admin) = Db::connect(&admin_url).await {
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop)).execute(&admin.pool).await;
                admin.close().await;
            }
        }
    }
}

fn ok_or<T>(v: Option<T>, what: &str) -> std::result::Result<T, Box<dyn std::error::Error>> {
    v.ok_or_else(|| what.to_string().into())
}

#[tokio::test]
async fn the_demo_holds_the_seed_figures_and_loads_once() -> TestResult {
    for (s, db) in databases("demo").await? {
        demo_story(&s).await?;
        cleanup(s, db).await;
    }
    Ok(())
}

async fn demo_story(s: &Services) -> TestResult {
    let started = Instant::now();
    let summary = load_demo(s).await?;
    let took = started.elapsed();
    println!("demo load ({:?}): {took:?} — {summary}", s.db.backend);
    assert!(!summary.already_present);
    assert!(summary.admin_created);
    assert_eq!(summary.themes, 7);
    assert_eq!(summary.organisations, 300);
    assert_eq!(summary.people, 5 + 60);
    assert_eq!(summary.networks, 2);
    assert_eq!(summary.memberships, 92);
    assert_eq!(summary.projects, 14);

    let actor = Actor::system("test");
    let mut conn = s.db.conn().await?;
    assert_eq!(count(&mut conn, Table::Organisations).await?, 300);

    // "ruim 40" active and "circa 50" involved entrepreneurs in the two networks.
    let networks = s.networks(&actor, &Default::default()).await?;
    let active: i64 = networks.items.iter().map(|n| n.active_members).sum();
    let involved: i64 = networks.items.iter().map(|n| n.involved_members).sum();
    assert_eq!((active, involved), (42, 50));

    // The four EFRO projects with their real numbers of participating companies.
    let projects = s
        .projects(
            &actor,
            &ProjectFilter {
                paging: Paging { page: 1, size: 100 },
                ..Default::default()
            },
        )
        .await?;
    for (name, lead, companies) in EFRO_PROJECTS {
        let p = ok_or(projects.items.iter().find(|p| p.data.name == name), name)?;
        let participants = s.participants(&actor, p.id).await?;
        let lead_row = ok_or(
            participants.iter().find(|x| x.data.role == ParticipantRole::Lead),
            "lead",
        )?;
        assert_eq!(lead_row.organisation_name, lead);
        let others = participants
            .iter()
            .filter(|x| x.data.role != ParticipantRole::Lead && x.organisation_kind.is_company())
            .count();
        assert_eq!(others, companies, "{name}");
    }

    // The joint projects: every innovation stage, 2 to 5 participants, both consortium kinds.
    let mut stages = HashSet::new();
    let mut kinds = HashSet::new();
    for p in projects.items.iter().filter(|p| p.data.network_id.is_some()) {
        stages.insert(p.data.stage);
        let detail = s.project_detail(&actor, p.id).await?;
        assert!((2..=5).contains(&detail.participants.len()), "{}", p.data.name);
        kinds.extend(detail.consortium);
    }
    assert_eq!(stages.len(), 6);
    assert_eq!(kinds.len(), 2);

    // Every municipality of Overijssel has organisations; ten spin-offs.
    for (code, name) in middenveld_domain::municipality::OVERIJSSEL {
        let page = s
            .organisations(
                &actor,
                &middenveld_store::organisation::OrganisationFilter {
                    municipality_code: Some(code.to_string()),
                    ..Default::default()
                },
            )
            .await?;
        assert!(page.total >= 3, "{name}");
    }
    let spin_offs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE spin_off_of IS NOT NULL")
        .fetch_one(&mut *conn)
        .await?;
    assert_eq!(spin_offs, 10);

    // The province and M. Bom as in the seeds; search finds them.
    let found = s.search(&actor, "provincie overijssel", Paging::default()).await?;
    let province = ok_or(found.organisations.items.first(), "province")?;
    assert_eq!(province.kvk_number.as_deref(), Some("51048329"));
    let bom = s.search(&actor, "Bom", Paging::default()).await?;
    assert!(
        bom.people
            .items
            .iter()
            .any(|p| p.email.as_deref() == Some("M.Bom@overijssel.nl"))
    );
    drop(conn);

    // The demo administrator can log in; a second load adds nothing.
    assert!(
        s.login(DEMO_ADMIN.0, DEMO_ADMIN.1, &crate::auth::LoginClient::default())
            .await
            .is_ok()
    );
    let again = load_demo(s).await?;
    assert!(again.already_present);
    assert!(!again.admin_created);
    assert_eq!(again.organisations, 300);
    assert!(took.as_secs() < 30, "demo load took {took:?}");
    Ok(())
}

#[tokio::test]
async fn the_demo_is_the_same_every_run() -> TestResult {
    let mut rng_a = Rng::new(0x4D49_4444_454E_5645);
    let mut rng_b = Rng::new(0x4D49_4444_454E_5645);
    let a: Vec<String> = plan_companies(&mut rng_a).into_iter().map(|c| c.name).collect();
    let b: Vec<String> = plan_companies(&mut rng_b).into_iter().map(|c| c.name).collect();
    assert_eq!(a, b);
    assert_eq!(a.len(), SYNTHETIC_COMPANIES + SPIN_OFFS.len());
    let unique: HashSet<&String> = a.iter().collect();
    assert_eq!(unique.len(), a.len());
    for (i, r) in [R::Province, R::Lac, R::Thales, R::Indes, R::Rbk, R::Saxion, R::Ut]
        .iter()
        .enumerate()
    {
        assert!(!REAL[*r as usize].name.is_empty(), "{i}");
    }
    assert_eq!(REAL[R::RctGelderland as usize].name, "RCT Gelderland");
    Ok(())
}

#[tokio::test]
async fn the_scale_fixture_writes_proportional_valid_records() -> TestResult {
    for (s, db) in databases("scale").await? {
        scale_story(&s).await?;
        cleanup(s, db).await;
    }
    Ok(())
}

async fn scale_story(s: &Services) -> TestResult {
    // Append to a register that already holds the demo.
    load_demo(s).await?;
    let calls = std::sync::Mutex::new(Vec::new());
    let started = Instant::now();
    let summary = load_scale(s, 2_000, &|done| {
        if let Ok(mut c) = calls.lock() {
            c.push(done);
        }
    })
    .await?;
    let took = started.elapsed();
    println!("scale 2,000 ({:?}): {took:?} — {summary}", s.db.backend);
    assert_eq!(
        (
            summary.organisations,
            summary.people,
            summary.networks,
            summary.memberships,
            summary.projects
        ),
        (2_000, 1_000, 2, 200, 20)
    );
    assert!((40..=100).contains(&summary.participants));
    assert_eq!(calls.lock().map(|c| c.clone()).unwrap_or_default(), vec![2_000]);

    let mut conn = s.db.conn().await?;
    assert_eq!(count(&mut conn, Table::Organisations).await?, 2_300);
    assert_eq!(count(&mut conn, Table::People).await?, 1_065);
    assert_eq!(count(&mut conn, Table::Networks).await?, 4);
    assert_eq!(count(&mut conn, Table::Memberships).await?, 292);
    assert_eq!(count(&mut conn, Table::Projects).await?, 34);
    if s.db.backend == middenveld_store::Backend::Sqlite {
        let fts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations_fts")
            .fetch_one(&mut *conn)
            .await?;
        assert_eq!(fts, 2_300);
        let people_fts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people_fts")
            .fetch_one(&mut *conn)
            .await?;
        assert_eq!(people_fts, 1_065);
    }

    // Every generated organisation reads back as a valid record through the normal store.
    let actor = Actor::system("test");
    let last: i64 = sqlx::query_scalar("SELECT MAX(id) FROM organisations")
        .fetch_one(&mut *conn)
        .await?;
    let record = s.organisation(&actor, last).await?;
    assert!(record.municipality_name.is_some());
    let sort_name: String = sqlx::query_scalar("SELECT sort_name FROM organisations WHERE id = $1")
        .bind(last)
        .fetch_one(&mut *conn)
        .await?;
    assert_eq!(sort_name, middenveld_domain::search::normalise(&record.data.name));
    drop(conn);

    // Full-text search finds it by a prefix of its name (and the rows match their ids).
    let word = ok_or(
        record.data.name.split_whitespace().find(|w| w.chars().count() >= 4),
        "a long word",
    )?;
    let prefix: String = word.chars().take(4).collect();
    let city = record.data.city.clone().unwrap_or_default();
    let query = format!("{prefix} {city}");
    let mut found = false;
    for page in 1..=200 {
        let results = s.search(&actor, &query, Paging { page, size: 100 }).await?;
        if results
            .organisations
            .items
            .iter()
            .any(|o| o.id == last && o.name == record.data.name)
        {
            found = true;
            break;
        }
        if results.organisations.items.is_empty() {
            break;
        }
    }
    assert!(found, "search for {query:?} should find {}", record.data.name);

    // A second run appends without KvK or network-name collisions.
    let more = load_scale(s, 500, &|_| {}).await?;
    assert_eq!(more.organisations, 500);
    Ok(())
}

/// Bulk-inserted rows keep their order: the returned ids point at the right rows.
#[tokio::test]
async fn bulk_ids_match_their_rows() -> TestResult {
    for (s, db) in databases("bulk").await? {
        bulk_story(&s).await?;
        cleanup(s, db).await;
    }
    Ok(())
}

async fn bulk_story(s: &Services) -> TestResult {
    let actor = Actor::system("test");
    let theme = s
        .create_theme(
            &actor,
            ThemeInput {
                name: "Thema".into(),
                description: None,
            },
        )
        .await?;
    let orgs: Vec<_> = (0..1_234)
        .map(|i| {
            OrganisationInput {
                name: format!("Bulkorganisatie {i:05}"),
                kind: Some("mkb".into()),
                theme_ids: if i % 3 == 0 { vec![theme] } else { vec![] },
                ..Default::default()
            }
            .parse()
        })
        .collect::<std::result::Result<_, _>>()?;
    let mut tx = s.db.begin().await?;
    let ids = middenveld_store::bulk::insert_organisations(&mut tx, &orgs, &middenveld_store::now()).await?;
    tx.commit().await?;
    assert_eq!(ids.len(), orgs.len());
    for (i, id) in ids.iter().enumerate().step_by(97) {
        let r = s.organisation(&actor, *id).await?;
        assert_eq!(r.data.name, orgs[i].name);
        assert_eq!(r.data.theme_ids, orgs[i].theme_ids);
    }
    Ok(())
}

/// Throughput of the scale fixture; run with
/// `cargo test --release -p middenveld-services -- --ignored --nocapture scale_throughput`.
#[tokio::test]
#[ignore]
async fn scale_throughput() -> TestResult {
    let n: u64 = std::env::var("MIDDENVELD_SCALE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let (s, db) = fresh("throughput").await?;
    let started = Instant::now();
    let summary = load_scale(&s, n, &|done| {
        println!("{done} organisaties na {:.1} s", started.elapsed().as_secs_f64())
    })
    .await?;
    println!("scale {n}: {summary}");
    let actor = Actor::system("test");
    let t = Instant::now();
    let r = s.search(&actor, "twentse kunst", Paging::default()).await?;
    println!(
        "search 'twentse kunst': {} hits in {:?}",
        r.organisations.total,
        t.elapsed()
    );
    cleanup(s, db).await;
    Ok(())
}
