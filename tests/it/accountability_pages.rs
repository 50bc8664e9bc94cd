//! The accountability pages, with the 2017 chapter of performance objective 5.3.2 (seed 002):
//! a programme, its objective, an action and a counted indicator built through the forms; the
//! drill-down, finances that must add up, a frozen year, and the annual report with downloads.

use crate::{Browser, TestApp, both};
use middenveld_domain::Role;
use middenveld_services::Actor;
use reqwest::StatusCode;
use serde_json::json;

/// The number after `prefix` in a redirect target (`/prestaties/12?melding=…` → 12).
fn id_after(location: &Option<String>, prefix: &str) -> i64 {
    let l = location.as_deref().expect("a redirect");
    let i = l.find(prefix).unwrap_or_else(|| panic!("{prefix} in {l}")) + prefix.len();
    l[i..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("an id after {prefix} in {l}"))
}

struct Chapter {
    objective: i64,
    action: i64,
    indicator: i64,
}

/// Programme #in, objective 5.3.2 with one action and the indicator "events" (target 1 in
/// 2017), all through the forms.
async fn build_chapter(b: &Browser) -> Chapter {
    let (status, _, location) = b
        .post_form_text(
            "/programmas/nieuw",
            &[
                ("naam", "#in - Overijssel innoveert en internationaliseert"),
                ("beginjaar", "2016"),
                ("eindjaar", "2019"),
                ("besluit", "PS/2016/871"),
                ("reserve", "Natuurnetwerk Nederland / Kwaliteit van Overijssel"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let programme = id_after(&location, "/programmas/");
    let (status, _, location) = b
        .post_form_text(
            &format!("/programmas/{programme}/prestaties"),
            &[
                ("code", "5.3.2"),
                ("naam", "Innovatie"),
                ("context", "In dit speelveld zijn de ondernemers aan zet."),
                ("portefeuillehouder", "Eddy van Hijum"),
                ("rolProvincie", "Wij vervullen de rol van regisseur en faciliteerder."),
                ("looptijd", "Structureel."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let objective = id_after(&location, "/prestaties/");
    let (status, _, location) = b
        .post_form_text(
            &format!("/prestaties/{objective}/acties/nieuw"),
            &[(
                "tekst",
                "Wij bevorderen het organiseren van 150 ontmoetingen / evenementen gerelateerd aan innoveren.",
            )],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let action = id_after(&location, "#actie-");
    let (status, page, location) = b
        .post_form_text(
            &format!("/prestaties/{objective}/indicatoren/nieuw"),
            &[
                ("actieId", &action.to_string()),
                ("naam", "Aantal ontmoetingen/evenementen"),
                ("telling", "evenementen"),
                ("vergelijking", "minimaal"),
                ("weergave", "exact"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let indicator = id_after(&location, "#indicator-");
    let (status, _, _) = b
        .post_form_text(
            &format!("/indicatoren/{indicator}/doelen"),
            &[("vanafJaar", "2017"), ("waarde", "1")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    Chapter {
        objective,
        action,
        indicator,
    }
}

async fn a_policy_officer_builds_the_chapter_and_sees_the_register_counted(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let (status, page) = b.get("/programmas").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Er zijn nog geen programma&#39;s."), "{page}");
    assert!(page.contains("href=\"/programmas/nieuw\"") && page.contains("href=\"/jaarverslag\""));
    assert!(page.contains(">Verantwoording</a>"), "the nav item");

    let c = build_chapter(&b).await;
    let (_, page) = b.get("/programmas").await;
    assert!(page.contains("#in - Overijssel innoveert en internationaliseert") && page.contains("2016–2019"));
    assert!(page.contains("PS/2016/871"));

    let api = app.api("planner", Role::Editor).await;
    let event = api
        .create(
            "/evenementen",
            json!({"naam": "Boost: Smart Industry in de praktijk", "soort": "workshop", "begin": "2017-03-14T14:00", "einde": "2017-03-14T17:00"}),
        )
        .await;

    let (status, page) = b.get(&format!("/prestaties/{}?jaar=2017", c.objective)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("5.3.2 Innovatie") && page.contains("Eddy van Hijum"),
        "{page}"
    );
    assert!(page.contains("Actie 1. Wij bevorderen het organiseren van 150 ontmoetingen"));
    assert!(page.contains("Aantal ontmoetingen/evenementen"));
    // Realised 1 against the target 1: achieved, in words; the indicator's page has the chart
    // over the years, which says the same in numbers.
    assert!(page.contains("utrecht-status-badge--safe\">Gehaald</span>"), "{page}");
    assert!(page.contains(&format!("href=\"/indicatoren/{}?jaar=2017\"", c.indicator)));
    let (_, indicator_page) = b.get(&format!("/indicatoren/{}?jaar=2017", c.indicator)).await;
    assert!(indicator_page.contains("2017: 1 (doel 1)"), "{indicator_page}");
    assert!(indicator_page.contains("<svg") && indicator_page.contains("<title id=\"grafiek-"));
    // Another year: nothing counted, no target.
    let (_, page) = b.get(&format!("/prestaties/{}?jaar=2018", c.objective)).await;
    assert!(page.contains(">Geen doel</span>"), "{page}");
    assert_eq!(
        b.get(&format!("/prestaties/{}?jaar=twintig", c.objective)).await.0,
        StatusCode::NOT_FOUND
    );

    let (status, page) = b.get(&format!("/indicatoren/{}?jaar=2017", c.indicator)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Boost: Smart Industry in de praktijk"), "{page}");
    assert!(page.contains(&format!("href=\"/evenementen/{event}\"")));
    assert!(page.contains("14-03-2017"), "{page}");
    let (_, page) = b.get(&format!("/indicatoren/{}?jaar=2018", c.indicator)).await;
    assert!(page.contains("Geen records in dit jaar."));

    // The progress note places the results where it says.
    let (status, _, _) = b
        .post_form_text(
            &format!("/prestaties/{}/toelichting", c.objective),
            &[
                ("jaar", "2017"),
                ("tekst", "2017 was het eerste volle jaar van #in.\n\n[resultaten]\n\nIn 2017 is de regeling weer opengesteld."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, page) = b.get("/jaarverslag/2017").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1 class=\"utrecht-heading-1\" id=\"jaarverslag-titel\">Jaarverslag 2017</h1>"));
    assert!(page.contains("Voorlopige cijfers"), "{page}");
    let mut at = 0;
    for heading in [
        "5.3.2 Innovatie</h2>",
        "Context</h3>",
        "Acties</h3>",
        "Toelichting op voortgang</h3>",
        "Financiën</h3>",
        "Basisinformatie</h3>",
    ] {
        let found = page[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} after {at}: {page}"));
        at += found + heading.len();
    }
    let note = page.find("eerste volle jaar").unwrap();
    let results = page.find("Aantal ontmoetingen/evenementen: 1").unwrap();
    let after = page.find("weer opengesteld").unwrap();
    assert!(
        note < results && results < after,
        "the results where the note marks them"
    );
    assert!(page.contains("href=\"/jaarverslag/2017.md\"") && page.contains("href=\"/jaarverslag/2017.docx\""));

    let get = |path: String| {
        let (client, base) = (b.client.clone(), b.base.clone());
        async move { client.get(format!("{base}{path}")).send().await.unwrap() }
    };
    let r = get("/jaarverslag/2017.md".into()).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/markdown; charset=utf-8");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment; filename=\"jaarverslag-2017.md\"")
    );
    let md = r.text().await.unwrap();
    assert!(
        md.starts_with("# Jaarverslag 2017") && md.contains("### Toelichting op voortgang"),
        "{md}"
    );
    let r = get("/jaarverslag/2017.docx".into()).await;
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    let r = get("/jaarverslag/2017/indicatoren.xlsx".into()).await;
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    for path in [
        "/jaarverslag/1800",
        "/jaarverslag/abc.md",
        "/jaarverslag/2017x",
        "/jaarverslag/3000/indicatoren.xlsx",
    ] {
        assert_eq!(b.get(path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        get("/jaarverslag?jaar=2017".into()).await.headers()["location"],
        "/jaarverslag/2017"
    );

    // Delete asks first; the programme and all under it go.
    let (status, page) = b.get(&format!("/acties/{}/verwijderen", c.action)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ja, verwijderen") && page.contains("worden ook verwijderd"));
    let (status, page) = b.get(&format!("/prestaties/{}/verwijderen", c.objective)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("5.3.2 Innovatie verwijderen?"), "{page}");
    let (status, _, location) = b
        .post_form_text(&format!("/prestaties/{}/verwijderen", c.objective), &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.unwrap().ends_with("?melding=verwijderd"));
    assert_eq!(
        b.get(&format!("/prestaties/{}", c.objective)).await.0,
        StatusCode::NOT_FOUND
    );
}
both!(a_policy_officer_builds_the_chapter_and_sees_the_register_counted);

async fn bad_input_is_refused_in_dutch_and_nothing_is_written(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let c = build_chapter(&b).await;
    let system = Actor::system("test");

    // A target without a year.
    let (status, page, _) = b
        .post_form_text(&format!("/indicatoren/{}/doelen", c.indicator), &[("waarde", "150")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vanaf jaar: Vul dit veld in."), "{page}");
    let targets = app.services.indicator(&system, c.indicator).await.unwrap().targets;
    assert_eq!(targets.len(), 1, "only the target of the set-up");

    // A filter the measure does not know: events are not counted per instrument.
    let (status, page, _) = b
        .post_form_text(
            &format!("/prestaties/{}/indicatoren/nieuw", c.objective),
            &[
                ("actieId", &c.action.to_string()),
                ("naam", "Evenementen met een voucher"),
                ("telling", "evenementen"),
                ("instrument", "innovatievoucher"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Deze telling kent dit filter niet; laat het leeg of kies een andere telling."),
        "{page}"
    );
    assert!(
        page.contains("value=\"Evenementen met een voucher\""),
        "the form keeps what was typed"
    );
    let year = app.services.objective_year(&system, c.objective, 2017).await.unwrap();
    assert_eq!(year.indicators.len(), 1);

    // A programme without its first year; an objective code taken.
    let (status, page, _) = b
        .post_form_text("/programmas/nieuw", &[("naam", "Programma duurzaamheid")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Beginjaar: Vul dit veld in."), "{page}");
    assert_eq!(app.services.programmes(&system).await.unwrap().len(), 1);
    let programme = app.services.objective(&system, c.objective).await.unwrap().programme_id;
    let (status, page, _) = b
        .post_form_text(
            &format!("/programmas/{programme}/prestaties"),
            &[("code", "5.3.2"), ("naam", "Nog eens")],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Deze code is al in gebruik."), "{page}");

    // A viewer reads but changes nothing.
    let viewer = app.browser("lezer", Role::Viewer).await;
    let (status, page) = viewer.get(&format!("/prestaties/{}?jaar=2017", c.objective)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("/toelichting\"") && !page.contains("Bewerken"), "{page}");
    let (status, _, _) = viewer
        .post_form_text(
            &format!("/prestaties/{}/toelichting", c.objective),
            &[("jaar", "2017"), ("tekst", "Mag niet")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(viewer.get("/programmas/nieuw").await.0, StatusCode::FORBIDDEN);
}
both!(bad_input_is_refused_in_dutch_and_nothing_is_written);

async fn finances_that_do_not_add_up_are_kept_only_when_acknowledged(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let c = build_chapter(&b).await;
    let system = Actor::system("test");
    let path = format!("/prestaties/{}/financien", c.objective);
    let mut fields: Vec<(&str, &str)> = vec![
        ("jaar", "2017"),
        ("saldo", "€ 150.000"),
        (
            "samenstelling",
            "een resultaat op het programma #in - Overijssel Innoveert (PS/2016/871)",
        ),
        ("regelSoort", "onderuitputting"),
        ("regelBedrag", "€ 246.000"),
        (
            "regelTekst",
            "Voor #in - Overijssel Innoveert is er sprake van € 246.000 onderuitputting.",
        ),
        ("regelSoort", "tekort"),
        ("regelBedrag", "€ 101.000"),
        (
            "regelTekst",
            "Voor 3e Investeringstranche innovatiedriehoek is er sprake van een tekort van € 101.000.",
        ),
    ];
    for _ in 2..8 {
        fields.extend([("regelSoort", ""), ("regelBedrag", ""), ("regelTekst", "")]);
    }
    let (status, page, _) = b.post_form_text(&path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("De regels tellen op tot € 145.000, het saldo is € 150.000."),
        "{page}"
    );
    assert!(page.contains("Ik leg dit verschil bewust vast") && page.contains("name=\"afwijkingGezien\""));
    assert!(page.contains("value=\"€ 150.000\"") && page.contains("een tekort van € 101.000.</textarea>"));
    assert!(
        page.contains("<option value=\"tekort\" selected>"),
        "the kinds stay chosen"
    );
    assert!(
        app.services
            .finance(&system, c.objective, 2017)
            .await
            .unwrap()
            .is_none()
    );

    // A line with an amount but no kind names the line.
    let mut half = fields.clone();
    half.extend([
        ("regelSoort", ""),
        ("regelBedrag", "€ 5"),
        ("regelTekst", "Zonder soort"),
    ]);
    let (status, page, _) = b.post_form_text(&path, &half).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("href=\"#f-regelSoort-9\""), "{page}");

    fields.push(("afwijkingGezien", "ja"));
    let (status, _, location) = b.post_form_text(&path, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.unwrap().contains("jaar=2017"));
    let f = app.services.finance(&system, c.objective, 2017).await.unwrap().unwrap();
    assert_eq!((f.lines.len(), f.acknowledged), (2, true));
    let (_, page) = b.get(&format!("/prestaties/{}?jaar=2017", c.objective)).await;
    assert!(
        page.contains("value=\"€ 150.000\"") && page.contains("name=\"afwijkingGezien\" value=\"ja\" checked"),
        "{page}"
    );
    let (_, page) = b.get("/jaarverslag/2017").await;
    assert!(
        page.contains("Het saldo op deze prestatie bedraagt € 150.000 en is samengesteld uit een resultaat"),
        "{page}"
    );
}
both!(finances_that_do_not_add_up_are_kept_only_when_acknowledged);

async fn a_frozen_year_refuses_a_new_progress_note(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let c = build_chapter(&b).await;
    let system = Actor::system("test");
    let note = format!("/prestaties/{}/toelichting", c.objective);
    let (status, _, _) = b
        .post_form_text(&note, &[("jaar", "2017"), ("tekst", "Het eerste volle jaar.")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, page) = b.get("/jaarverslag").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Nog geen jaar bevroren.") && page.contains("action=\"/jaarverslag/bevriezen\""));
    let (status, page) = b.get("/jaarverslag/bevriezen?jaar=twintig").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Geef een jaartal van 2000 tot en met 2100"), "{page}");
    let (status, page) = b.get("/jaarverslag/bevriezen?jaar=2017").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Ja, bevriezen") && page.contains("name=\"jaar\" value=\"2017\""),
        "{page}"
    );
    let (status, _, location) = b.post_form_text("/jaarverslag/bevriezen", &[("jaar", "2017")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/jaarverslag/2017?melding=bevroren"));

    let (_, page) = b.get("/jaarverslag/2017").await;
    assert!(
        page.contains("Het jaar 2017 is bevroren op") && page.contains("door beleid"),
        "{page}"
    );
    assert!(!page.contains("Voorlopige cijfers"));
    let (_, page) = b.get("/jaarverslag").await;
    assert!(page.contains("href=\"/jaarverslag/2017\"") && page.contains("beleid"));

    let (status, page, _) = b
        .post_form_text(&note, &[("jaar", "2017"), ("tekst", "Achteraf herschreven.")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(
            "Het jaar 2017 is bevroren: het jaarverslag is vastgesteld. Een beheerder kan het jaar ontdooien."
        ),
        "{page}"
    );
    assert_eq!(
        app.services
            .progress_note(&system, c.objective, 2017)
            .await
            .unwrap()
            .as_deref(),
        Some("Het eerste volle jaar.")
    );
    let (_, page) = b.get(&format!("/prestaties/{}?jaar=2017", c.objective)).await;
    assert!(
        !page.contains(&format!("action=\"{note}\"")),
        "no note form in a frozen year"
    );
    assert!(page.contains("Het eerste volle jaar."));
    let (status, _) = b.get("/jaarverslag/bevriezen?jaar=2017").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "already frozen");

    // Only an administrator unfreezes, after confirming.
    assert_eq!(b.get("/jaarverslag/ontdooien?jaar=2017").await.0, StatusCode::FORBIDDEN);
    let admin = app.browser("beheer", Role::Admin).await;
    let (status, page) = admin.get("/jaarverslag/ontdooien?jaar=2017").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ja, ontdooien"), "{page}");
    assert_eq!(
        admin.get("/jaarverslag/ontdooien?jaar=2018").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _, _) = admin
        .post_form_text("/jaarverslag/ontdooien", &[("jaar", "2017")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = b
        .post_form_text(&note, &[("jaar", "2017"), ("tekst", "Achteraf herschreven.")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}
both!(a_frozen_year_refuses_a_new_progress_note);
