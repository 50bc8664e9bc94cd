//! Importing spreadsheets, as a policy officer does it: upload, map, dry run, confirm.

use crate::{Browser, TestApp, both};
use middenveld_domain::import::{ImportKind, ImportMode, RowStatus};
use middenveld_domain::{ConsentBasis, Lang, OrganisationKind, Role};
use middenveld_services::Actor;
use middenveld_services::import::{ImportProgress, ImportRequest};
use middenveld_tabular::{Limits, TableReader};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;

/// Follows an import job until it is no longer running; gives the page.
async fn wait_for(b: &Browser, job: &str) -> String {
    for _ in 0..300 {
        let (status, page) = b.get(job).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        if !page.contains("id=\"voortgang\"") {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import did not finish");
}

/// Windows-1252 bytes of a Dutch Excel CSV export.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'ö' => 0xF6,
            'é' => 0xE9,
            '€' => 0x80,
            c => c as u8,
        })
        .collect()
}

async fn a_policy_officer_imports_organisations_with_a_dry_run_first(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let existing = api
        .create(
            "/organisaties",
            json!({"naam": "Oost NL", "kvkNummer": "09876543", "soort": "intermediair"}),
        )
        .await;
    let b = app.browser("beleid", Role::Editor).await;
    let csv = windows_1252(
        "Bedrijfsnaam;KvK-nummer;Vestigingsplaats;Gemeente;Postcode;Opmerking\r\n\
         Coöperatie De Groene Schakel;1234567;Zwolle;Zwolle;8012ee;\"regel een\nregel twee\"\r\n\
         Oost NL;9876543;Hengelo;Hengelo;7555 AA;\r\n\
         Café Fout;12;Nergens;Atlantis;;\r\n\
         Coöperatie De Groene Schakel;01234567;Zwolle;Zwolle;8012 EE;\r\n",
    );
    let (status, _, location) = b
        .upload("/import", &[("soort", "organisaties")], "bedrijven.csv", &csv)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mapping_url = location.expect("to the mapping");
    let (status, page) = b.get(&mapping_url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kolommen koppelen: bedrijven.csv"));
    assert!(
        page.contains("<option value=\"kvkNummer\" selected>"),
        "KvK-nummer maps by itself"
    );
    assert!(
        page.contains("Coöperatie De Groene Schakel"),
        "windows-1252 is read: {page}"
    );

    let fields = [
        ("kolom0", "naam"),
        ("kolom1", "kvkNummer"),
        ("kolom2", "plaats"),
        ("kolom3", "gemeentecode"),
        ("kolom4", "postcode"),
        ("kolom5", "toelichting"),
        ("modus", "alleen-geldige"),
        ("standaardSoort", "mkb"),
    ];
    let (status, _, location) = b.post_form_text(&mapping_url, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let job = location.expect("to the job");
    let preview = wait_for(&b, &job).await;
    assert!(preview.contains("Proefimport"), "{preview}");
    assert!(preview.contains("Er is nog niets opgeslagen. Bij bevestigen worden 2 rijen opgeslagen (1 nieuw, 1 bijgewerkt); 2 rijen worden niet geïmporteerd."), "{preview}");
    assert!(preview.contains("gevonden op KvK-nummer"));
    assert!(preview.contains("Deze gemeente is niet bekend."));
    assert!(preview.contains("Zelfde record als regel 2"));
    let before = api.get("/organisaties?paginaGrootte=100").await;
    assert_eq!(before.body["totaal"], 1, "a dry run writes nothing");

    let (status, _, _) = b.post_form_text(&format!("{job}/uitvoeren"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let done = wait_for(&b, &job).await;
    assert!(
        done.contains("Opgeslagen: 1 nieuw, 1 bijgewerkt, 0 ongewijzigd. Niet geïmporteerd: 2 rijen."),
        "{done}"
    );

    let found = api.get("/organisaties?zoek=groene").await;
    assert_eq!(found.body["totaal"], 1);
    let item = &found.body["items"][0];
    assert_eq!(item["kvkNummer"], "01234567", "the lost leading zero is restored");
    let id = item["id"].as_i64().unwrap();
    let org = api.get(&format!("/organisaties/{id}")).await;
    assert_eq!(org.body["postcode"], "8012 EE");
    assert_eq!(org.body["gemeentecode"], "GM0193");
    assert_eq!(org.body["soort"], "mkb");
    assert_eq!(org.body["toelichting"], "regel een\nregel twee");
    let oost = api.get(&format!("/organisaties/{existing}")).await;
    assert_eq!(oost.body["plaats"], "Hengelo", "the existing record is updated");
    assert_eq!(
        oost.body["soort"], "intermediair",
        "a column the file lacks keeps its value"
    );
    let (_, page) = b.get(&format!("/organisaties/{existing}")).await;
    assert!(
        page.contains("Hengelo") && page.contains("beleid"),
        "the update is in the history"
    );

    let r = b.client.get(format!("{}{job}/afgewezen", b.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with('\u{feff}'), "the rejects file opens in Dutch Excel");
    assert!(text.contains("Reden") && text.contains("Café Fout") && text.contains("Deze gemeente is niet bekend."));

    // The next file with the same headers maps by itself, from the saved mapping.
    let (_, _, location) = b
        .upload("/import", &[("soort", "organisaties")], "opnieuw.csv", &csv)
        .await;
    let (_, page) = b.get(&location.unwrap()).await;
    assert!(
        page.contains("<option value=\"toelichting\" selected>"),
        "Opmerking was saved as toelichting"
    );
}
both!(a_policy_officer_imports_organisations_with_a_dry_run_first);

async fn a_file_that_is_not_a_table_is_refused_with_a_clear_message(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let (status, page, _) = b
        .upload(
            "/import",
            &[("soort", "organisaties")],
            "jaarverslag.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("PDF"), "{page}");
    // A bad row among the first rows is refused at upload; one further down in the dry run.
    let long_row = "Naam;Plaats\nA;B\nC;D;E;F\n";
    let (status, page, _) = b
        .upload("/import", &[("soort", "organisaties")], "lang.csv", long_row.as_bytes())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Regel 3"), "the line is named: {page}");
    let late = format!("Naam;Plaats\n{}X;Y;Z\n", "A;B\n".repeat(10));
    let (status, page, location) = b
        .upload("/import", &[("soort", "organisaties")], "laat.csv", late.as_bytes())
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let job = location.unwrap();
    let (_, _, location) = b
        .post_form_text(
            &job,
            &[("kolom0", "naam"), ("kolom1", "plaats"), ("modus", "alleen-geldige")],
        )
        .await;
    let page = wait_for(&b, &location.unwrap()).await;
    assert!(page.contains("Regel 12"), "the line is named: {page}");
    assert!(
        page.contains("Er is niets geïmporteerd") || page.contains("niets opgeslagen"),
        "{page}"
    );
    let viewer = app.browser("lezer", Role::Viewer).await;
    let (status, _) = viewer.get("/import").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let api = app.api("koppeling", Role::Editor).await;
    assert_eq!(api.get("/organisaties").await.body["totaal"], 0, "nothing written");
}
both!(a_file_that_is_not_a_table_is_refused_with_a_clear_message);

fn request(kind: ImportKind, mapping: Vec<Option<&'static str>>, mode: ImportMode, dry_run: bool) -> ImportRequest {
    ImportRequest {
        kind,
        mapping,
        mode,
        dry_run,
        default_kind: OrganisationKind::Sme,
        default_basis: ConsentBasis::LegitimateInterest,
        lang: Lang::Nl,
    }
}

async fn import(app: &TestApp, csv: &str, req: &ImportRequest) -> middenveld_services::import::ImportReport {
    let reader = TableReader::from_bytes(csv.as_bytes().to_vec(), Some("lijst.csv"), Limits::default()).unwrap();
    app.services
        .import(&Actor::system("test"), reader, req, Arc::new(ImportProgress::default()))
        .await
        .unwrap()
}

async fn stop_on_first_error_writes_nothing_and_names_the_line(app: &TestApp) {
    let csv = "Naam,KvK\nA BV,11111111\nB BV,22\nC BV,33333333\n";
    let mapping = vec![Some("naam"), Some("kvkNummer")];
    let report = import(
        app,
        csv,
        &request(
            ImportKind::Organisations,
            mapping.clone(),
            ImportMode::StopOnError,
            false,
        ),
    )
    .await;
    assert!(!report.committed);
    let message = report.failure.as_ref().map(|f| f.message(Lang::Nl)).unwrap_or_default();
    assert!(message.starts_with("Gestopt bij regel 3: KvK-nummer"), "{message}");
    let api = app.api("koppeling", Role::Viewer).await;
    assert_eq!(api.get("/organisaties").await.body["totaal"], 0);

    let report = import(
        app,
        csv,
        &request(ImportKind::Organisations, mapping, ImportMode::ValidRowsOnly, false),
    )
    .await;
    assert!(report.committed);
    assert_eq!((report.count(RowStatus::New), report.count(RowStatus::Error)), (2, 1));
    assert_eq!(api.get("/organisaties").await.body["totaal"], 2);
}
both!(stop_on_first_error_writes_nothing_and_names_the_line);

/// Rows match what the register held before the file: a dry run, which writes nothing, says
/// exactly what the import then does.
async fn the_dry_run_tells_what_the_import_does(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    api.create(
        "/organisaties",
        json!({"naam": "Oost NL", "kvkNummer": "09876543", "soort": "intermediair"}),
    )
    .await;
    let csv = "Naam;KvK;Postcode;Plaats\n\
               Smederij Jansen;;7511 AA;Enschede\n\
               Oost NL;09876543;;Arnhem\n\
               Smederij Jansen;11223344;7511 AA;Enschede\n\
               Nieuw BV;22334455;;\n";
    let mapping = vec![Some("naam"), Some("kvkNummer"), Some("postcode"), Some("plaats")];
    let counts =
        |r: &middenveld_services::import::ImportReport| RowStatus::ALL.iter().map(|s| r.count(*s)).collect::<Vec<_>>();
    let dry = import(
        app,
        csv,
        &request(
            ImportKind::Organisations,
            mapping.clone(),
            ImportMode::ValidRowsOnly,
            true,
        ),
    )
    .await;
    assert!(!dry.committed);
    assert_eq!(
        api.get("/organisaties").await.body["totaal"],
        1,
        "a dry run writes nothing"
    );
    let real = import(
        app,
        csv,
        &request(ImportKind::Organisations, mapping, ImportMode::ValidRowsOnly, false),
    )
    .await;
    assert_eq!(
        counts(&dry),
        counts(&real),
        "dry {:?}\nreal {:?}",
        dry.outcomes,
        real.outcomes
    );
    assert_eq!(counts(&real), vec![3, 1, 0, 0, 0]);
    let lines: Vec<u64> = real.outcomes.iter().map(|o| o.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 5], "outcomes in file order");
}
both!(the_dry_run_tells_what_the_import_does);

async fn people_match_by_email_and_members_join_their_network(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let org = api
        .create(
            "/organisaties",
            json!({"naam": "Novel-T", "kvkNummer": "08123456", "soort": "intermediair"}),
        )
        .await;
    api.create("/netwerken", json!({"naam": "Waardemakers Twente"})).await;
    let people = "Naam;E-mailadres;Organisatie;Functie\n\
                  Anna de Vries;anna@novel-t.nl;Novel-T;Adviseur\n\
                  Bram Jansen;bram@example.org;08123456;\n\
                  Anna de Vries;anna@novel-t.nl;;\n\
                  Onbekend;x@example.org;Bestaat Niet BV;\n";
    let mapping = vec![Some("naam"), Some("email"), Some("organisatie"), Some("functie")];
    let report = import(
        app,
        people,
        &request(ImportKind::People, mapping.clone(), ImportMode::ValidRowsOnly, false),
    )
    .await;
    assert_eq!(
        (
            report.count(RowStatus::New),
            report.count(RowStatus::Duplicate),
            report.count(RowStatus::Error)
        ),
        (2, 1, 1),
        "{:?}",
        report.outcomes
    );
    let again = "Naam;E-mailadres;Functie\nAnna de Vries;anna@novel-t.nl;Directeur\n";
    let report = import(
        app,
        again,
        &request(
            ImportKind::People,
            vec![Some("naam"), Some("email"), Some("functie")],
            ImportMode::ValidRowsOnly,
            false,
        ),
    )
    .await;
    assert_eq!(report.count(RowStatus::Update), 1, "matched by e-mail");
    let list = api.get("/personen?zoek=anna").await;
    assert_eq!(list.body["totaal"], 1);
    let anna = api.get(&format!("/personen/{}", list.body["items"][0]["id"])).await;
    assert_eq!(anna.body["functie"], "Directeur");
    assert_eq!(anna.body["organisaties"], json!([org]), "the organisation link stays");

    let members = "Netwerk;Organisatie;Status;Lid sinds\n\
                   Waardemakers Twente;Novel-T;betrokken;01-03-2019\n\
                   Waardemakers Twente;08123456;actief;01-03-2019\n\
                   Waardemakers Achterhoek;Novel-T;actief;\n";
    let report = import(
        app,
        members,
        &request(
            ImportKind::Memberships,
            vec![Some("netwerk"), Some("organisatie"), Some("status"), Some("sinds")],
            ImportMode::ValidRowsOnly,
            false,
        ),
    )
    .await;
    assert_eq!(
        (
            report.count(RowStatus::New),
            report.count(RowStatus::Duplicate),
            report.count(RowStatus::Error)
        ),
        (1, 1, 1),
        "{:?}",
        report.outcomes
    );
}
both!(people_match_by_email_and_members_join_their_network);

/// A seeded stream of test values (no extra crate: a 64-bit LCG is enough to vary records).
struct Seeded(u64);

impl Seeded {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next(from.len())]
    }
}

/// The exported file, as a browser downloads it.
async fn download(b: &Browser, path: &str) -> Vec<u8> {
    let r = b.client.get(format!("{}{path}", b.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.bytes().await.unwrap().to_vec()
}

async fn import_bytes(
    app: &TestApp,
    kind: ImportKind,
    name: &str,
    bytes: Vec<u8>,
) -> middenveld_services::import::ImportReport {
    let reader = TableReader::from_bytes(bytes, Some(name), Limits::default()).unwrap();
    let saved = std::collections::HashMap::new();
    let mapping = middenveld_domain::import::auto_map(kind, reader.headers(), &saved);
    let req = request(kind, mapping, ImportMode::StopOnError, false);
    app.services
        .import(
            &Actor::system("test"),
            reader,
            &req,
            Arc::new(ImportProgress::default()),
        )
        .await
        .unwrap()
}

/// Property: whatever the register holds, its export imports back as "unchanged" for every
/// row, and exporting again gives the same file: export → import gives the same register.
async fn an_export_imports_back_as_the_same_register(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let circular = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let energy = api.create("/themas", json!({"naam": "Energietransitie"})).await;
    let mut rnd = Seeded(20261123);
    let names = [
        "Coöperatie",
        "Café \"De Hoek\"",
        "Smit & Zn.",
        "Metaal; Techniek",
        "=SOM(A1)",
        "-Groen",
        "Één",
    ];
    let kinds = [
        "mkb",
        "grootbedrijf",
        "kennisinstelling",
        "intermediair",
        "overheid",
        "financier",
        "overig",
    ];
    let sizes = ["", "micro", "klein", "middelgroot", "groot"];
    let stages = [
        "",
        "onbewust",
        "geinteresseerd",
        "plannen",
        "implementeren",
        "financieren-opschalen",
    ];
    let towns = [
        ("GM0193", "Zwolle", "8011 AB"),
        ("GM0153", "Enschede", "7511 JM"),
        ("GM0150", "Deventer", "7411 KP"),
    ];
    let mut orgs = Vec::new();
    for i in 0..40 {
        let (code, town, postcode) = towns[rnd.next(towns.len())];
        let mut themes = Vec::new();
        if rnd.next(2) == 0 {
            themes.push(circular);
        }
        if rnd.next(3) == 0 {
            themes.push(energy);
        }
        let body = json!({
            "naam": format!("{} {i}", rnd.pick(&names)),
            "kvkNummer": if rnd.next(4) == 0 { serde_json::Value::Null } else { json!(format!("{:08}", 1_000_000 + i * 7919)) },
            "soort": rnd.pick(&kinds),
            "grootteklasse": rnd.pick(&sizes),
            "sbiCode": if rnd.next(2) == 0 { "25.11" } else { "" },
            "adres": format!("Markt {}", i + 1),
            "postcode": postcode,
            "plaats": town,
            "gemeentecode": code,
            "fase": rnd.pick(&stages),
            "website": if rnd.next(2) == 0 { "https://www.voorbeeld.nl" } else { "" },
            "toelichting": if rnd.next(3) == 0 { "Twee regels;\nmet \"aanhalingstekens\"" } else { "" },
            "themas": themes,
        });
        orgs.push(api.create("/organisaties", body).await);
    }
    for i in 0..15 {
        let mut links = vec![orgs[rnd.next(orgs.len())]];
        if rnd.next(2) == 0 {
            links.push(orgs[rnd.next(orgs.len())]);
        }
        api.create(
            "/personen",
            json!({
                "naam": format!("Persoon {i} {}", rnd.pick(&["de Vries", "Jansen", "Öztürk"])),
                "email": format!("persoon{i}@voorbeeld.nl"),
                "telefoon": if rnd.next(2) == 0 { "038 499 88 99" } else { "" },
                "functie": rnd.pick(&["Adviseur", "Directeur", ""]),
                "grondslag": rnd.pick(&["toestemming", "gerechtvaardigd-belang", "publieke-taak"]),
                "grondslagDatum": "2024-03-01",
                "doel": "Nieuwsbrief",
                "organisaties": links,
            }),
        )
        .await;
    }
    let b = app.browser("beleid", Role::Editor).await;
    for (kind, list) in [
        (ImportKind::Organisations, "organisaties"),
        (ImportKind::People, "personen"),
    ] {
        for format in ["csv", "xlsx"] {
            let path = format!("/{list}/export.{format}?sorteer=naam");
            let before = download(&b, &path).await;
            let report = import_bytes(app, kind, &format!("{list}.{format}"), before.clone()).await;
            let n = if kind == ImportKind::Organisations { 40 } else { 15 };
            assert_eq!(
                (report.count(RowStatus::Unchanged), report.rows()),
                (n, n),
                "{path}: every exported row imports as unchanged: {:?}",
                report
                    .outcomes
                    .iter()
                    .filter(|o| o.status != RowStatus::Unchanged)
                    .collect::<Vec<_>>()
            );
            if format == "csv" {
                assert_eq!(
                    download(&b, &path).await,
                    before,
                    "{path}: exporting again gives the same file"
                );
            }
        }
    }
}
both!(an_export_imports_back_as_the_same_register);

/// The command line: `middenveld import` with a dry run, the real run and a rejects file,
/// then `middenveld export` of the filtered list (SQLite file; the CLI shares the services).
#[test]
fn the_command_line_imports_and_exports() {
    let dir = std::env::temp_dir().join(format!("middenveld_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("cli.db").display());
    let csv = dir.join("bedrijven.csv");
    std::fs::write(
        &csv,
        "Bedrijfsnaam;KvK-nummer;Gemeente\nZwolse Metaal BV;12345678;Zwolle\nTwentse Tex BV;23456789;Enschede\nFout BV;1;Zwolle\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_middenveld");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .env("MIDDENVELD_LOG", "warn")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let csv_arg = csv.display().to_string();
    let (ok, out, err) = run(&["import", "organisaties", &csv_arg, "--dry-run", "--database", &db]);
    assert!(ok, "{err}");
    assert!(out.contains("Proefimport: er is niets opgeslagen."), "{out}");
    assert!(err.contains("2 nieuw") && err.contains("1 fout"), "{err}");
    let rejects = dir.join("afgewezen.csv");
    let rejects_arg = rejects.display().to_string();
    let (ok, out, err) = run(&[
        "import",
        "organisaties",
        &csv_arg,
        "--rejects",
        &rejects_arg,
        "--database",
        &db,
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("Geïmporteerd: 2 nieuw, 0 bijgewerkt."), "{out}");
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    assert!(rejected.contains("Fout BV") && rejected.contains("Reden"), "{rejected}");
    let (ok, _, err) = run(&[
        "import",
        "organisaties",
        &csv_arg,
        "--mode",
        "stop-bij-fout",
        "--database",
        &db,
    ]);
    assert!(!ok, "stop on first error fails the command");
    assert!(err.contains("Gestopt bij regel 4"), "{err}");

    let (ok, out, err) = run(&[
        "export",
        "organisaties",
        "--filter",
        "gemeentecode=GM0193",
        "--database",
        &db,
    ]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with('\u{feff}') && out.contains("Zwolse Metaal BV") && !out.contains("Twentse"),
        "{out}"
    );
    let xlsx = dir.join("lijst.xlsx");
    let xlsx_arg = xlsx.display().to_string();
    let (ok, _, err) = run(&[
        "export",
        "organisaties",
        "--format",
        "xlsx",
        "-o",
        &xlsx_arg,
        "--database",
        &db,
    ]);
    assert!(ok && err.contains("2 records"), "{err}");
    let reader = TableReader::open(&xlsx, None, Limits::default()).unwrap();
    assert_eq!(reader.count(), 2);
    let (ok, _, err) = run(&["export", "organisaties", "--filter", "soort=bakker", "--database", &db]);
    assert!(!ok && err.contains("Onbekende waarde voor soort"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The indexes a large import sets aside (SQLite) come back in the same transaction, with the
/// loaded rows in every list index and in the full-text index; a rollback keeps them too.
async fn a_large_load_sets_indexes_aside_and_builds_them_again(app: &TestApp) {
    use middenveld_store::bulk::{self, Table};
    let org = |name: &str| middenveld_domain::organisation::Organisation {
        name: name.to_string(),
        kvk_number: None,
        kind: OrganisationKind::Sme,
        size_class: None,
        sbi_code: None,
        address: None,
        postcode: None,
        city: Some("Zwolle".into()),
        municipality_code: None,
        journey_stage: None,
        spin_off_of: None,
        spin_off_date: None,
        website: None,
        description: None,
        theme_ids: vec![],
    };
    let sqlite = app.services.db.backend == middenveld_store::Backend::Sqlite;
    // Indexes and triggers of the table, as `conn` (inside or outside the load) sees them.
    async fn schema_objects(conn: &mut middenveld_store::Conn) -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'organisations' AND sql IS NOT NULL \
             AND type IN ('index', 'trigger')",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    }
    let count_indexes = async || -> i64 {
        if !sqlite {
            return 0;
        }
        schema_objects(&mut app.services.db.conn().await.unwrap()).await
    };
    let before = count_indexes().await;
    let now = middenveld_store::now();

    let mut tx = app.services.db.begin().await.unwrap();
    bulk::insert_organisations(&mut tx, &[org("Vroege Vogel")], &now)
        .await
        .unwrap();
    let set = bulk::set_aside(&mut tx, Table::Organisations, &["organisations_sort"])
        .await
        .unwrap();
    assert_eq!(set.is_some(), sqlite);
    // All but the kept index, the full-text update and delete triggers and the three that
    // keep the funnel's stage counts are gone.
    if sqlite {
        assert_eq!(schema_objects(&mut tx).await, 6);
    }
    bulk::insert_organisations(&mut tx, &[org("Laatbloeier Metaal"), org("Zilverreiger")], &now)
        .await
        .unwrap();
    if let Some(set) = set {
        set.restore(&mut tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(count_indexes().await, before);

    let admin = Actor::system("test");
    for (query, name) in [
        ("vroege", "Vroege Vogel"),
        ("laatbloeier", "Laatbloeier Metaal"),
        ("zilver", "Zilverreiger"),
    ] {
        let found = app
            .services
            .search(&admin, query, middenveld_store::Paging::default())
            .await
            .unwrap();
        let names: Vec<&str> = found.organisations.items.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, vec![name], "search for {query}");
    }
    // The funnel's stage counts kept up with the load.
    let kept: i64 = sqlx::query_scalar("SELECT CAST(n AS BIGINT) FROM stage_counts WHERE stage = ''")
        .fetch_one(&mut *app.services.db.conn().await.unwrap())
        .await
        .unwrap();
    assert_eq!(kept, 3);
    // A new organisation after the load is indexed by the trigger that came back.
    let mut tx = app.services.db.begin().await.unwrap();
    bulk::insert_organisations(&mut tx, &[org("Nakomer Bouw")], &now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let found = app
        .services
        .search(&admin, "nakomer", middenveld_store::Paging::default())
        .await
        .unwrap();
    assert_eq!(found.organisations.total, 1);

    // Set aside and rolled back: every index is still there.
    let mut tx = app.services.db.begin().await.unwrap();
    bulk::set_aside(&mut tx, Table::Organisations, &[]).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(count_indexes().await, before);
}
both!(a_large_load_sets_indexes_aside_and_builds_them_again);

/// An attendance list: people by e-mail, events by name (and date where two share a name),
/// yes/no words for attendance, a dry run that writes nothing, and an update on a second run.
async fn an_attendance_list_registers_people_for_their_events(app: &TestApp) {
    let api = app.api("koppeling", Role::Editor).await;
    let org = api
        .create(
            "/organisaties",
            json!({"naam": "Novel-T", "kvkNummer": "08123456", "soort": "intermediair"}),
        )
        .await;
    for (name, email) in [
        ("Anna de Vries", "anna@novel-t.nl"),
        ("Bram Jansen", "bram@example.org"),
    ] {
        api.create(
            "/personen",
            json!({"naam": name, "email": email, "grondslag": "toestemming", "grondslagDatum": "2026-01-05"}),
        )
        .await;
    }
    let first = api
        .create(
            "/evenementen",
            json!({"naam": "Waardemakers Twente", "soort": "netwerkbijeenkomst", "begin": "2026-02-10T14:00"}),
        )
        .await;
    let second = api
        .create(
            "/evenementen",
            json!({"naam": "Waardemakers Twente", "soort": "netwerkbijeenkomst", "begin": "2026-06-09T14:00"}),
        )
        .await;
    let future = api
        .create(
            "/evenementen",
            json!({"naam": "CIRCO Track", "soort": "tracksessie", "begin": "2030-01-10T09:00"}),
        )
        .await;
    let list = "Evenement;Datum;E-mail;Organisatie;Aanwezig\n\
                Waardemakers Twente;10-02-2026;anna@novel-t.nl;Novel-T;ja\n\
                Waardemakers Twente;10-02-2026;bram@example.org;;nee\n\
                Waardemakers Twente;09-06-2026;anna@novel-t.nl;08123456;x\n\
                Waardemakers Twente;10-02-2026;anna@novel-t.nl;;ja\n\
                Waardemakers Twente;;bram@example.org;;ja\n\
                CIRCO Track;;anna@novel-t.nl;;ja\n\
                CIRCO Track;;bram@example.org;;aangemeld\n\
                Onbekend evenement;;anna@novel-t.nl;;ja\n\
                Waardemakers Twente;10-02-2026;niemand@example.org;;ja\n";
    let headers: Vec<String> = ["Evenement", "Datum", "E-mail", "Organisatie", "Aanwezig"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let mapping = middenveld_domain::import::auto_map(ImportKind::Attendance, &headers, &Default::default());
    assert_eq!(
        mapping,
        vec![
            Some("evenement"),
            Some("evenementDatum"),
            Some("persoonEmail"),
            Some("organisatie"),
            Some("status")
        ],
        "the headers map by themselves"
    );
    let dry = import(
        app,
        list,
        &request(ImportKind::Attendance, mapping.clone(), ImportMode::ValidRowsOnly, true),
    )
    .await;
    let counts = |r: &middenveld_services::import::ImportReport| {
        (
            r.count(RowStatus::New),
            r.count(RowStatus::Update),
            r.count(RowStatus::Duplicate),
            r.count(RowStatus::Error),
        )
    };
    assert_eq!(counts(&dry), (4, 0, 1, 4), "{:?}", dry.outcomes);
    assert_eq!(
        api.get(&format!("/evenementen/{first}/registraties")).await.body["totaal"],
        0,
        "a dry run writes nothing"
    );
    let reasons: Vec<&str> = dry.rejects.iter().map(|(_, r)| r.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains("Meer dan één record")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("zodra het evenement begonnen is")),
        "{reasons:?}"
    );

    let done = import(
        app,
        list,
        &request(
            ImportKind::Attendance,
            mapping.clone(),
            ImportMode::ValidRowsOnly,
            false,
        ),
    )
    .await;
    assert_eq!(counts(&done), (4, 0, 1, 4));
    let r = api.get(&format!("/evenementen/{first}/registraties")).await;
    assert_eq!(
        (r.body["totaal"].as_i64(), r.body["aanwezig"].as_i64()),
        (Some(2), Some(1)),
        "{}",
        r.body
    );
    assert_eq!(r.body["items"][0]["organisatieId"], org);
    assert_eq!(api.get(&format!("/evenementen/{second}")).await.body["aanwezigen"], 1);
    let r = api.get(&format!("/evenementen/{future}/registraties")).await;
    assert_eq!(r.body["totaal"], 1);
    assert_eq!(r.body["items"][0]["status"], "aangemeld");

    // Bram came after all: the second run updates his registration and leaves Anna's as it was.
    let fix = "Evenement;Datum;E-mail;Aanwezig\nWaardemakers Twente;10-02-2026;bram@example.org;aanwezig\n\
               Waardemakers Twente;10-02-2026;anna@novel-t.nl;ja\n";
    let mapping = vec![
        Some("evenement"),
        Some("evenementDatum"),
        Some("persoonEmail"),
        Some("status"),
    ];
    let again = import(
        app,
        fix,
        &request(ImportKind::Attendance, mapping, ImportMode::ValidRowsOnly, false),
    )
    .await;
    assert_eq!(
        (again.count(RowStatus::Update), again.count(RowStatus::Unchanged)),
        (1, 1),
        "{:?}",
        again.outcomes
    );
    let r = api.get(&format!("/evenementen/{first}/registraties")).await;
    assert_eq!(
        r.body["items"][0]["organisatieId"], org,
        "a row without organisation keeps it"
    );
    assert_eq!(api.get(&format!("/evenementen/{first}")).await.body["aanwezigen"], 2);
}
both!(an_attendance_list_registers_people_for_their_events);
