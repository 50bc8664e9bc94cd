//! The strength map ("krachtenkaart") and opportunity map ("kansenkaart"): the CBS boundaries
//! built into Middenveld drawn out of the box, replaced by `geo import`, the tile grid without
//! them, the numbers of the table equal to the register, bad filters and bad files refused,
//! cacheable, no person.

use crate::{TestApp, both};
use middenveld_domain::Role;
use middenveld_domain::boundaries;
use middenveld_domain::geo::MapLevel;
use middenveld_services::Actor;
use middenveld_services::geo::GeoImportError;
use reqwest::StatusCode;
use serde_json::json;

/// A boundary file as `geo import` takes it: the built-in provinces, the built-in
/// municipalities, or those of Overijssel alone.
fn geo_file(name: &str) -> String {
    match name {
        "provinces.geojson" => boundaries::PROVINCES_GEOJSON.to_string(),
        "municipalities.geojson" => boundaries::MUNICIPALITIES_GEOJSON.to_string(),
        "overijssel-municipalities.geojson" => {
            let mut doc: serde_json::Value = serde_json::from_str(boundaries::MUNICIPALITIES_GEOJSON).unwrap();
            doc["features"]
                .as_array_mut()
                .unwrap()
                .retain(|f| f["properties"]["province_code"] == "PV23");
            doc.to_string()
        }
        other => panic!("no boundary file {other}"),
    }
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = reqwest::get(format!("{}{path}", app.base)).await.expect("GET");
    let status = r.status();
    (status, r.text().await.expect("body"))
}

/// The cells of the table row of an area (its name is the row header).
fn row(html: &str, name: &str) -> Vec<String> {
    let head = format!("scope=\"row\">{name}</th>");
    let Some(at) = html.find(&head) else {
        panic!("no row {name} in {html}");
    };
    let rest = &html[at + head.len()..];
    let end = rest.find("</tr>").unwrap_or(rest.len());
    rest[..end]
        .split("<td")
        .skip(1)
        .map(|c| {
            let from = c.find('>').map(|i| i + 1).unwrap_or(0);
            c[from..].split("</td>").next().unwrap_or_default().trim().to_string()
        })
        .collect()
}

fn areas_drawn(html: &str) -> usize {
    html.matches("<path d=\"M").count()
}

fn tiles_drawn(html: &str) -> usize {
    html.matches("<rect x=").count() - html.matches("class=\"middenveld-legend__swatch\"").count()
}

async fn load(app: &TestApp, file: &str) -> usize {
    let summary = app
        .services
        .import_boundaries(&Actor::system("test"), &geo_file(file))
        .await
        .expect("import");
    summary.loaded
}

async fn the_strength_map_draws_the_built_in_municipalities_with_the_register_counts(app: &TestApp) {
    let api = app.api("redactie", Role::Editor).await;
    let theme = api.create("/themas", json!({"naam": "Circulaire economie"})).await;
    let zwolle1 = api
        .create("/organisaties", json!({"naam": "Recycle Zwolle BV", "soort": "mkb", "gemeentecode": "GM0193", "fase": "geinteresseerd", "sbiCode": "25.11", "themas": [theme]}))
        .await;
    let zwolle2 = api
        .create("/organisaties", json!({"naam": "Metaal Zwolle BV", "soort": "mkb", "gemeentecode": "GM0193", "fase": "plannen", "sbiCode": "2562"}))
        .await;
    let zwolle3 = api
        .create("/organisaties", json!({"naam": "Bouw Zwolle BV", "soort": "grootbedrijf", "gemeentecode": "GM0193", "fase": "implementeren", "sbiCode": "41"}))
        .await;
    let enschede = api
        .create("/organisaties", json!({"naam": "Twentse Fabriek", "soort": "mkb", "gemeentecode": "GM0153", "fase": "geinteresseerd", "sbiCode": "1071", "themas": [theme]}))
        .await;
    let school = api
        .create(
            "/organisaties",
            json!({"naam": "Hogeschool Windesheim", "soort": "kennisinstelling", "gemeentecode": "GM0193"}),
        )
        .await;
    api.create(
        "/personen",
        json!({"naam": "Petra Privé", "email": "petra@recycle.example", "telefoon": "038 499 88 99", "grondslag": "toestemming",
               "grondslagDatum": "2026-01-05", "organisaties": [zwolle1]}),
    )
    .await;
    let network = api.create("/netwerken", json!({"naam": "Waardemakers"})).await;
    for (org, status) in [
        (zwolle1, "actief"),
        (zwolle2, "betrokken"),
        (enschede, "actief"),
        (school, "actief"),
    ] {
        api.create(
            &format!("/netwerken/{network}/leden"),
            json!({"organisatieId": org, "status": status, "sinds": "2017-01-01"}),
        )
        .await;
    }
    let project = api
        .create("/projecten", json!({"naam": "Slim lassen", "innovatiefase": "pilot"}))
        .await;
    for org in [zwolle1, school, enschede] {
        let r = api
            .put(
                &format!("/projecten/{project}/deelnemers/{org}"),
                json!({"rol": "partner"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    for org in [zwolle2, zwolle2, zwolle3] {
        api.create(
            "/ondersteuning",
            json!({"organisatieId": org, "instrument": "innovatievoucher", "aangevraagdOp": "2017-02-01"}),
        )
        .await;
    }

    // Companies, all stages: 25 municipalities drawn from the built-in boundaries, no import.
    let (status, html) = page(app, "/kaarten/krachtenkaart").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(areas_drawn(&html), 25);
    assert!(html.contains("role=\"img\"") && html.contains("<title id=\"kaart-titel\">"));
    assert!(html.contains("<title>Zwolle: 3</title>"), "each area says its number");
    assert!(
        html.contains("CBS / Kadaster"),
        "attribution where boundaries are drawn"
    );
    assert_eq!(row(&html, "Zwolle")[0], "3");
    assert_eq!(row(&html, "Enschede")[0], "1");
    assert_eq!(row(&html, "Deventer")[0], "0");
    assert_eq!(row(&html, "Totaal")[0], "4");
    assert!(html.contains("<caption"), "the table has a caption");
    assert!(
        !html.contains("Petra") && !html.contains("petra@") && !html.contains("499 88 99"),
        "no person"
    );

    // One stage; the other layers.
    let (_, html) = page(app, "/kaarten/krachtenkaart?laag=bedrijven&fase=geinteresseerd").await;
    assert_eq!(
        (row(&html, "Zwolle")[0].as_str(), row(&html, "Enschede")[0].as_str()),
        ("1", "1")
    );
    let (_, html) = page(app, "/kaarten/krachtenkaart?laag=netwerkleden").await;
    assert_eq!(
        row(&html, "Zwolle")[0],
        "2",
        "active members, a school too; 'betrokken' not"
    );
    assert_eq!(row(&html, "Totaal")[0], "3");
    let (_, html) = page(app, "/kaarten/krachtenkaart?laag=projecten").await;
    assert_eq!(
        (row(&html, "Zwolle")[0].as_str(), row(&html, "Enschede")[0].as_str()),
        ("1", "1")
    );
    assert_eq!(row(&html, "Totaal")[0], "1", "one project, counted once in the total");
    let (_, html) = page(app, "/kaarten/krachtenkaart?laag=ondersteuning").await;
    assert_eq!(row(&html, "Zwolle")[0], "2", "distinct organisations supported");

    // National level: the 12 provinces, Overijssel holding everything.
    let (_, html) = page(app, "/kaarten/krachtenkaart?niveau=provincies").await;
    assert_eq!(areas_drawn(&html), 12);
    assert_eq!(row(&html, "Overijssel")[0], "4");
    assert_eq!(row(&html, "Utrecht")[0], "0");

    // The opportunity map: interested (geinteresseerd, plannen) minus implementing.
    let (status, html) = page(app, "/kaarten/kansenkaart").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(areas_drawn(&html), 25);
    assert_eq!(row(&html, "Zwolle")[..3], ["2", "1", "1"]);
    assert_eq!(row(&html, "Enschede")[..3], ["1", "0", "1"]);
    assert_eq!(row(&html, "Totaal")[..3], ["3", "1", "2"]);
    let (_, html) = page(app, "/kaarten/kansenkaart?sector=maakindustrie").await;
    assert_eq!(row(&html, "Zwolle")[..3], ["2", "0", "2"]);
    assert_eq!(row(&html, "Enschede")[..3], ["0", "0", "0"]);
    let (_, html) = page(app, &format!("/kaarten/kansenkaart?thema={theme}&niveau=provincies")).await;
    assert_eq!(row(&html, "Overijssel")[..3], ["2", "0", "2"]);

    // English.
    let client = reqwest::Client::new();
    let html = client
        .get(format!("{}/kaarten/kansenkaart", app.base))
        .header("cookie", "mv_taal=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Opportunity map") && html.contains("Interested"),
        "{html}"
    );
}
both!(the_strength_map_draws_the_built_in_municipalities_with_the_register_counts);

async fn a_malformed_boundary_file_is_refused_naming_the_feature_and_nothing_changes(app: &TestApp) {
    load(app, "overijssel-municipalities.geojson").await;
    let before = app
        .services
        .boundary_geometries(MapLevel::Municipalities)
        .await
        .unwrap();
    assert_eq!(before.len(), 25);
    let good = geo_file("overijssel-municipalities.geojson");
    let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
    let features = doc["features"].as_array_mut().unwrap();
    features.truncate(5);
    features[2]["properties"].as_object_mut().unwrap().remove("code");
    let no_code = doc.to_string();
    let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
    doc["features"][3]["geometry"]["coordinates"] = json!([[[6.1, 52.5], [6.2, 52.5]]]);
    let short_ring = doc.to_string();
    let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
    doc["features"][1]["properties"]["code"] = json!("GM9999");
    doc["features"][1]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("province_code");
    let unknown = doc.to_string();
    for (text, says) in [
        (no_code.as_str(), "feature 3 of 5: no \"code\" property"),
        (
            short_ring.as_str(),
            "feature 4 of 25 (GM0150): polygon 1, ring 1: a ring needs at least 4 positions",
        ),
        (
            unknown.as_str(),
            "feature 2 of 25 (GM9999): a municipality the register does not know",
        ),
        ("{\"type\": \"FeatureCollection\"", "not valid JSON"),
        ("[1, 2]", "not a GeoJSON FeatureCollection"),
    ] {
        match app.services.import_boundaries(&Actor::system("test"), text).await {
            Err(GeoImportError::File(e)) => assert!(e.to_string().contains(says), "{e} should say {says}"),
            other => panic!("{says}: {other:?}"),
        }
    }
    let after = app
        .services
        .boundary_geometries(MapLevel::Municipalities)
        .await
        .unwrap();
    assert_eq!(after, before, "nothing written");
    let (_, html) = page(app, "/kaarten/krachtenkaart").await;
    assert_eq!(areas_drawn(&html), 25);
    // A viewer may not load boundaries.
    let viewer = Actor {
        user_id: None,
        name: "lezer".into(),
        role: Role::Viewer,
    };
    assert!(matches!(
        app.services.import_boundaries(&viewer, &good).await,
        Err(GeoImportError::Service(_))
    ));
}
both!(a_malformed_boundary_file_is_refused_naming_the_feature_and_nothing_changes);

async fn a_new_register_knows_every_municipality_and_a_file_adds_new_ones(app: &TestApp) {
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&app.services.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(count("SELECT COUNT(*) FROM municipalities").await, 342);
    // Amsterdam is known, so an organisation there keeps its municipality.
    let api = app.api("redactie", Role::Editor).await;
    let id = api
        .create(
            "/organisaties",
            json!({"naam": "Grachtengoed BV", "soort": "mkb", "gemeentecode": "GM0363"}),
        )
        .await;
    let org = api.get(&format!("/organisaties/{id}")).await;
    assert_eq!(org.body["gemeentecode"], "GM0363", "{}", org.body);

    // The national file replaces the built-in outlines and adds nothing: all are known.
    let summary = app
        .services
        .import_boundaries(&Actor::system("test"), &geo_file("municipalities.geojson"))
        .await
        .unwrap();
    assert_eq!((summary.loaded, summary.municipalities_added), (342, 0));
    let (_, html) = page(app, "/kaarten/krachtenkaart").await;
    assert_eq!(areas_drawn(&html), 25, "still the configured province's municipalities");
    let geometries = app
        .services
        .boundary_geometries(MapLevel::Municipalities)
        .await
        .unwrap();
    assert_eq!(geometries.len(), 342);
    let zwolle = geometries.iter().find(|b| b.code == "GM0193").unwrap();
    assert_eq!(zwolle.name, "Zwolle");
    let g: serde_json::Value = serde_json::from_str(&zwolle.geometry).unwrap();
    assert!(g["type"] == "Polygon" || g["type"] == "MultiPolygon");
    assert_eq!(
        app.services
            .boundary_geometries(MapLevel::Provinces)
            .await
            .unwrap()
            .len(),
        12,
        "the built-in provinces"
    );

    // A newer file with a municipality formed after 2023 adds it to the register.
    let mut doc: serde_json::Value = serde_json::from_str(&geo_file("overijssel-municipalities.geojson")).unwrap();
    let mut newer = doc["features"][0].clone();
    newer["properties"]["code"] = json!("GM1999");
    newer["properties"]["name"] = json!("Nieuwgemeente");
    doc["features"].as_array_mut().unwrap().push(newer);
    let summary = app
        .services
        .import_boundaries(&Actor::system("test"), &doc.to_string())
        .await
        .unwrap();
    assert_eq!((summary.loaded, summary.municipalities_added), (26, 1));
    assert_eq!(count("SELECT COUNT(*) FROM municipalities").await, 343);
    app.services.cache.clear();
    let (_, html) = page(app, "/kaarten/krachtenkaart").await;
    assert_eq!(areas_drawn(&html), 26);
    assert!(html.contains("<title>Nieuwgemeente: 0</title>"));

    // Starting again (migrate seeds the reference facts) keeps the imported outlines.
    middenveld_store::migrate::run(&app.services.db).await.unwrap();
    assert_eq!(
        app.services
            .boundary_geometries(MapLevel::Municipalities)
            .await
            .unwrap()
            .len(),
        26
    );
}
both!(a_new_register_knows_every_municipality_and_a_file_adds_new_ones);

async fn without_boundaries_the_maps_show_a_tile_grid(app: &TestApp) {
    sqlx::query("DELETE FROM boundaries")
        .execute(&app.services.db.pool)
        .await
        .unwrap();
    let (status, html) = page(app, "/kaarten/krachtenkaart").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(areas_drawn(&html), 0);
    assert_eq!(tiles_drawn(&html), 25);
    assert!(html.contains(">Zwolle</text>") && html.contains("<title>Zwolle: 0</title>"));
    assert!(html.contains("geen grenzen geladen"));
    let (_, html) = page(app, "/kaarten/kansenkaart?niveau=provincies").await;
    assert_eq!(tiles_drawn(&html), 12);
    assert!(html.contains(">Noord-Brabant</text>"));
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/kaarten", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/kaarten/krachtenkaart");
}
both!(without_boundaries_the_maps_show_a_tile_grid);

async fn an_unknown_filter_value_is_refused_and_a_known_page_is_cached(app: &TestApp) {
    for path in [
        "/kaarten/krachtenkaart?laag=inwoners",
        "/kaarten/krachtenkaart?fase=klaar",
        "/kaarten/krachtenkaart?niveau=wijken",
        "/kaarten/kansenkaart?sector=ruimtevaart",
        "/kaarten/kansenkaart?thema=424242",
        "/kaarten/kansenkaart?thema=abc",
    ] {
        let (status, html) = page(app, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(html.contains("Onbekende waarde"), "{path}: {html}");
        assert!(html.contains("aria-invalid=\"true\""), "{path}");
    }
    let client = reqwest::Client::new();
    let url = format!("{}/kaarten/krachtenkaart?laag=projecten&niveau=provincies", app.base);
    let mut not_modified = false;
    // The page says when it was counted (to the minute): retry once over a minute boundary.
    for _ in 0..2 {
        let r = client.get(&url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["cache-control"].to_str().unwrap().contains("public"));
        let etag = r.headers()["etag"].to_str().unwrap().to_string();
        let again = client.get(&url).header("if-none-match", &etag).send().await.unwrap();
        if again.status() == StatusCode::NOT_MODIFIED {
            not_modified = true;
            break;
        }
    }
    assert!(not_modified, "304 on a matching If-None-Match");
}
both!(an_unknown_filter_value_is_refused_and_a_known_page_is_cached);

async fn the_good_examples_layer_counts_published_examples_by_linked_organisation(app: &TestApp) {
    let api = app.api("redactie", Role::Editor).await;
    let zwolle = api
        .create(
            "/organisaties",
            json!({"naam": "Recycle Zwolle BV", "soort": "mkb", "gemeentecode": "GM0193"}),
        )
        .await;
    let kampen = api
        .create(
            "/organisaties",
            json!({"naam": "Kamper Kringloop", "soort": "mkb", "gemeentecode": "GM0166"}),
        )
        .await;
    let now = "2026-01-01T00:00:00Z";
    for (title, status, orgs) in [
        ("Kringloopketen", "gepubliceerd", vec![zwolle, kampen]),
        ("Slim lassen", "gepubliceerd", vec![zwolle]),
        ("Nog niet klaar", "concept", vec![kampen]),
    ] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO examples (title, sort_title, summary, story, status, search_text, created_at, updated_at) \
             VALUES ($1, $1, 'Samenvatting', 'Verhaal', $2, $1, $3, $3) RETURNING id",
        )
        .bind(title)
        .bind(status)
        .bind(now)
        .fetch_one(&app.services.db.pool)
        .await
        .expect("example");
        for org in orgs {
            sqlx::query("INSERT INTO example_organisations (example_id, organisation_id) VALUES ($1, $2)")
                .bind(id)
                .bind(org)
                .execute(&app.services.db.pool)
                .await
                .unwrap();
        }
    }
    let (status, html) = page(app, "/kaarten/krachtenkaart?laag=goede-voorbeelden").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(row(&html, "Zwolle")[0], "2");
    assert_eq!(row(&html, "Kampen")[0], "1", "the draft does not count");
    assert_eq!(row(&html, "Totaal")[0], "2", "each example once");
}
both!(the_good_examples_layer_counts_published_examples_by_linked_organisation);
