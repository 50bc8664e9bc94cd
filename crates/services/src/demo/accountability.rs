//! The accountability of the demo, in the words and figures of the seeds: the programme
//! "#in - Overijssel innoveert en internationaliseert" with objective 5.3.2 and its 2017
//! chapter (seed 002), and the "Programma duurzaamheid" with its 2018 chapter (seed 000).
//!
//! The register carries what the counted indicators count: the events of 2017 with their
//! attendance (">160" meetings, ">8000" participants: the demo's own events plus a history
//! of network meetings, workshops and sessions of the partners), the ten spin-offs and the
//! three launching-customer cases of 2017, and the two Waardemakers networks of 2018. The
//! consortia and supported entrepreneurs of 2017 (">100", ">500") outnumber the demo's 300
//! organisations; they are values by hand, with the annual report as their source.

use super::generate::{self, PLACES, Rng};
use crate::audit::{self, Action};
use crate::{Actor, Result, Services};
use middenveld_domain::accountability::{
    Filters, FinanceInput, FinanceLineInput, IndicatorInput, Measure, ObjectiveInput, ProgrammeInput,
};
use middenveld_domain::enums::{Coded, EventKind, RegistrationStatus};
use middenveld_domain::event::{EventInput, Registration};

/// The events of 2017 the demo holds at least, and the attendance.
const EVENTS_2017: i64 = 163;
const ATTENDED_2017: i64 = 8_120;

const HISTORY_EVENTS: [(&str, EventKind); 6] = [
    ("Innovatiecafé", EventKind::NetworkMeeting),
    ("BOOST-sessie Smart Industry", EventKind::Workshop),
    ("Ondernemersontbijt innovatie", EventKind::NetworkMeeting),
    ("Meet & Match kennis en bedrijf", EventKind::Conference),
    ("Fieldlab-demonstratie", EventKind::Workshop),
    ("Masterclass financiering van innovatie", EventKind::Workshop),
];

/// The events of 2017 and their attendance, up to the figures of the annual report.
/// `organisers` are the partners that organise them; `people` (person, organisation) attend.
pub(super) async fn history_2017(
    services: &Services,
    actor: &Actor,
    rng: &mut Rng,
    organisers: &[i64],
    people: &[(i64, i64)],
) -> Result<(u64, u64)> {
    let mut conn = services.db.conn().await?;
    let have = middenveld_store::accountability::count(&mut conn, Measure::Events, &Filters::default(), 2017, 2017)
        .await?
        .unwrap_or(0);
    let attended =
        middenveld_store::accountability::count(&mut conn, Measure::Participants, &Filters::default(), 2017, 2017)
            .await?
            .unwrap_or(0);
    drop(conn);
    let new = (EVENTS_2017 - have).max(0);
    let mut ids = Vec::new();
    for n in 0..new {
        let (name, kind) = HISTORY_EVENTS[n as usize % HISTORY_EVENTS.len()];
        let day = rng.date(generate::ymd(2017, 1, 9), generate::ymd(2017, 12, 15));
        let place = &PLACES[rng.below(PLACES.len())];
        let at = |h: u8| format!("{}T{h:02}:00", super::iso(day));
        let id = services
            .create_event(
                actor,
                EventInput {
                    name: format!("{name} {}", place.towns[0].0),
                    kind: Some(kind.code().into()),
                    starts_at: Some(at(9 + (n % 8) as u8)),
                    ends_at: Some(at(11 + (n % 8) as u8)),
                    location: Some(place.towns[0].0.into()),
                    organiser_id: organisers.get(n as usize % organisers.len().max(1)).copied(),
                    network_id: None,
                    description: Some("Bijeenkomst van de innovatiepartners in 2017 (jaarverslag 2017).".into()),
                    website: None,
                },
            )
            .await?;
        ids.push(id);
    }
    // Attendance, spread over the new events; written in one transaction with one audit
    // entry per event (the attendance list of the day).
    let needed = (ATTENDED_2017 - attended).max(0) as usize;
    let mut registrations = 0u64;
    if !ids.is_empty() && !people.is_empty() {
        let per_event = needed.div_ceil(ids.len()).min(people.len());
        let mut tx = services.db.begin().await?;
        let now = middenveld_store::now();
        let mut left = needed;
        for id in &ids {
            let take = per_event.min(left);
            let start = rng.below(people.len());
            for k in 0..take {
                let (person_id, organisation_id) = people[(start + k) % people.len()];
                let r = Registration {
                    person_id,
                    organisation_id: Some(organisation_id),
                    status: RegistrationStatus::Attended,
                };
                middenveld_store::event::upsert_registration(&mut tx, *id, &r, &now).await?;
            }
            audit::write(
                &mut tx,
                actor,
                crate::event::ENTITY,
                *id,
                Action::Link,
                &audit::note("aanwezig", "", &format!("{take} deelnemers (presentielijst)")),
            )
            .await?;
            left -= take;
            registrations += take as u64;
        }
        tx.commit().await?;
    }
    Ok((ids.len() as u64, registrations))
}

fn text(s: &str) -> Option<String> {
    Some(s.to_string())
}

struct IndicatorPlan {
    action: usize,
    name: &'static str,
    measure: Measure,
    target: i64,
    step: Option<i64>,
    /// A value by hand: (value, source).
    manual: Option<(i64, &'static str)>,
}

/// Programmes, objectives, actions, indicators, notes and finances of seeds 002 and 000.
pub(super) async fn load(services: &Services, actor: &Actor) -> Result<()> {
    // Seed 002: objective 5.3.2 and its 2017 chapter.
    let programme = services
        .create_programme(
            actor,
            ProgrammeInput {
                name: "#in - Overijssel innoveert en internationaliseert".into(),
                description: text(
                    "Investeringsprogramma voor innovatie en internationalisering van het Overijsselse bedrijfsleven.",
                ),
                start_year: text("2016"),
                end_year: None,
                decision_reference: text("PS/2016/871"),
                reserve_name: text("Natuurnetwerk Nederland / Kwaliteit van Overijssel"),
            },
        )
        .await?;
    let objective = services
        .create_objective(
            actor,
            Some(programme),
            ObjectiveInput {
                code: "5.3.2".into(),
                name: "Innovatie".into(),
                context: text(SEED_002_CONTEXT),
                portfolio_holder: text("Eddy van Hijum"),
                province_role: text("Wij vervullen de rol van regisseur en faciliteerder."),
                duration: text("Structureel."),
                reserve_relation: text("Ja. Bijbehorend investeringsvoorstel:"),
                decision_references: text(SEED_002_DECISIONS),
                website: text("Website Ondernemen"),
            },
        )
        .await?;
    let mut actions = Vec::new();
    for a in SEED_002_ACTIONS {
        actions.push(services.create_action(actor, objective, a, None).await?);
    }
    let manual_source =
        "Jaarverslag 2017, prestatie 5.3.2: opgave van de innovatiepartners (ondergrens van \"meer dan\")";
    let plans = [
        IndicatorPlan {
            action: 0,
            name: "Aantal ontmoetingen/evenementen",
            measure: Measure::Events,
            target: 150,
            step: Some(10),
            manual: None,
        },
        IndicatorPlan {
            action: 0,
            name: "Aantal deelnemers aan evenementen",
            measure: Measure::Participants,
            target: 6000,
            step: Some(1000),
            manual: None,
        },
        IndicatorPlan {
            action: 1,
            name: "Aantal private of publiek-private consortia",
            measure: Measure::Manual,
            target: 30,
            step: Some(100),
            manual: Some((101, manual_source)),
        },
        IndicatorPlan {
            action: 2,
            name: "Aantal gefaciliteerde/ondersteunde ondernemers",
            measure: Measure::Manual,
            target: 300,
            step: Some(100),
            manual: Some((501, manual_source)),
        },
        IndicatorPlan {
            action: 3,
            name: "Aantal gerealiseerde spin-offs",
            measure: Measure::SpinOffs,
            target: 10,
            step: None,
            manual: None,
        },
        IndicatorPlan {
            action: 4,
            name: "Aantal ingezette trajecten rondom Overijsselse opgaven als launching customer",
            measure: Measure::LaunchingCases,
            target: 3,
            step: None,
            manual: None,
        },
    ];
    for p in plans {
        let id = services
            .create_indicator(
                actor,
                Some(actions[p.action]),
                IndicatorInput {
                    name: p.name.into(),
                    measure: Some(p.measure.code().into()),
                    display: Some(if p.step.is_some() { "meer-dan" } else { "exact" }.into()),
                    display_step: p.step.map(|s| s.to_string()),
                    ..IndicatorInput::default()
                },
            )
            .await?;
        services
            .set_target(actor, id, Some("2017"), None, Some(&p.target.to_string()))
            .await?;
        if let Some((value, source)) = p.manual {
            services
                .set_manual_value(actor, id, Some("2017"), Some(&value.to_string()), Some(source))
                .await?;
        }
    }
    services
        .set_progress_note(actor, objective, Some("2017"), SEED_002_NOTE)
        .await?;
    let line = |kind: &str, amount: &str, text: &str| FinanceLineInput {
        kind: Some(kind.into()),
        amount: Some(amount.into()),
        text: Some(text.into()),
    };
    services
        .set_finance(
            actor,
            objective,
            FinanceInput {
                year: text("2017"),
                budget: None,
                realised: None,
                balance: text("€ 145.000"),
                composition: text(
                    "een resultaat op het programma #in - Overijssel Innoveert (PS/2016/871) en 3e Investeringstranche \
                     innovatiedriehoek (PS/2014/360)",
                ),
                lines: vec![
                    line("onderuitputting", "€ 246.000", SEED_002_UNDERSPENDING),
                    line("tekort", "€ 101.000", SEED_002_SHORTFALL),
                    line("externe-inkomsten", "€ 680.000", SEED_002_INCOME),
                    line("resultaatbestemming", "€ 680.000", SEED_002_ALLOCATION),
                    line("begrotingswijziging", "€ 246.000", SEED_002_AMENDMENT),
                ],
                acknowledged: false,
            },
        )
        .await?;

    // Seed 000: the programme on sustainability and its 2018 chapter.
    let programme = services
        .create_programme(
            actor,
            ProgrammeInput {
                name: "Programma duurzaamheid".into(),
                description: text("Uitwerking van de Omgevingsvisie, aangekondigd in de Perspectievennota 2016."),
                start_year: text("2016"),
                end_year: text("2019"),
                decision_reference: None,
                reserve_name: text("Natuurnetwerk Nederland / Kwaliteit van Overijssel"),
            },
        )
        .await?;
    let objective = services
        .create_objective(
            actor,
            Some(programme),
            ObjectiveInput {
                code: "D.1".into(),
                name: "Duurzaamheid: goede voorbeelden en Waardemakers netwerken".into(),
                context: text(SEED_000_CONTEXT),
                portfolio_holder: text("Annemieke Traag"),
                province_role: text(SEED_000_ROLE),
                duration: text("Niet structureel. Eindigt naar verwachting in 2019"),
                reserve_relation: text("Ja. Bijbehorend investeringsvoorstel:"),
                decision_references: text("Investeringsvoorstel programma Duurzaamheid"),
                website: None,
            },
        )
        .await?;
    let mut actions = Vec::new();
    for a in SEED_000_ACTIONS {
        actions.push(services.create_action(actor, objective, a, None).await?);
    }
    let id = services
        .create_indicator(
            actor,
            Some(actions[1]),
            IndicatorInput {
                name: "Aantal actieve Waardemakers netwerken".into(),
                measure: Some(Measure::ActiveNetworks.code().into()),
                ..IndicatorInput::default()
            },
        )
        .await?;
    services.set_target(actor, id, Some("2018"), None, Some("2")).await?;
    services
        .set_progress_note(actor, objective, Some("2018"), SEED_000_NOTE)
        .await?;
    Ok(())
}

const SEED_002_CONTEXT: &str = "In dit speelveld zijn de ondernemers aan zet. Zij bepalen of en waarop zij willen innoveren. De intermediairs binnen ons innovatie-ecosysteem helpen daarbij. Daarnaast dagen wij de markt uit om met oplossingen te komen voor de maatschappelijke opgaven. Onze inzet voor agro & food werken wij uit onder kerntaak 3 Vitaal platteland [prestatie 3.4.4].

Het onderscheid tussen sectoren wordt steeds minder van belang: waar moet je een bedrijf in de medische technologie bijvoorbeeld plaatsen? Desalniettemin vormt de topsector High Tech Systemen en Materialen (HTSM) een belangrijke motor en aanjager van de Overijsselse economie en heeft haar toepassingen in bijvoorbeeld gezondheid, agro en duurzaamheid. De industriële sector is een dominante sector in de regio en de sector waar economische groei verwacht wordt. Deze verwachte groei is gekoppeld aan de waarneming dat de industrie door de snelle integratie van ICT in product, proces en businessmodel aan de vooravond van een ingrijpende verandering staat. Door het kunnen koppelen van informatiedragers (devices) ontwikkelen wij ons richting een connected samenleving. De industrie krijgt in toenemende mate beschikking over efficiëntere en vernieuwende processen en producten. ICT en industriële processen verweven steeds verder door middel van embedded (sensor)systemen en verbinding met internet. Deze ontwikkeling wordt Smart Industry genoemd, de convergentie van automatisering, digitalisering, robotisering, product-ontwikkeling en productietechnologie.

Juist wij met onze sterke, hightech maakindustrie en leidende posities in Agro en Health herkennen de kansen van Smart Industry. In het verlengde van de nationale agenda hebben het bedrijfsleven, de kennisinstellingen, de overheden en intermediaire organisaties in Gelderland en Overijssel de handen ineen geslagen en een Actieagenda voor Oost-Nederland, genaamd Boost op te stellen.";

const SEED_002_ACTIONS: [&str; 6] = [
    "Wij bevorderen het organiseren van 150 ontmoetingen / evenementen gerelateerd aan innoveren. Aan deze bijeenkomsten nemen 6.000 deelnemers deel.",
    "Wij bevorderen het vormen van 30 private of publiek-private consortia.",
    "Wij bevorderen (financiële) ondersteuning en begeleiding van tenminste 300 ondernemingen.",
    "Wij maken het mogelijk dat tienspin-offs ontstaan vanuit business development.",
    "Wij laten drie Overijsselse opgaven als launching customer fungeren voor het regionale bedrijfsleven.",
    "Wij geven, samen met partners, uitvoering geven aan de slimme maakindustrie - BOOST agenda.",
];

const SEED_002_NOTE: &str = "2017 was een het eerste volle jaar van het investeringsprogramma #in - Overijssel innoveert en internationaliseert (PS/2016/871). Dankzij het EFRO programma, onze basisinfrastructuur en de verschillende fondsen, die allen op volle sterkte draaien zijn er vele ondernemers verder geholpen van idee naar markt.

[resultaten]

In 2017 is de regeling MKB innovatiestimulering topsectoren weer opengesteld, waardoor ondernemers volop gebruik hebben kunnen maken van financiële mogelijkheden om te kunnen innoveren. In de MIT Regio en Topsectoren werken het ministerie van Economische Zaken en de regio’s (provincies) vanuit een gezamenlijke instrumentenkoffer met het doel om nationale en regionale innovatiestimuleringsinstrumenten zo veel mogelijk te harmoniseren en onderling te verbinden. Voor de MIT haalbaarheidsprojecten zijn 91 aanvragen binnen gekomen waarvan er uiteindelijk 36 aanvragen zijn beschikt (volledige budget). Het definitieve aantal R&D samenwerkingsprojecten is nu nog niet bekend, aangezien de call sloot op 31 december.

Bij launching customership stuurt de provincie op innovatie vanuit visie en betrokkenheid op vraagstukken. In 2017 hebben we samen met ondernemers twee businesscases uitgewerkt en twee innovaties toegepast bij onze opgaven:

1. Bij de aanleg van de turborotonde N737 is cementloos beton toegepast. Dit is de eerste toepassing van cementloos beton bij constructieve onderdelen zoals een rotonde. Cementloos beton is duurzamer dan traditioneel beton en leidt tot een besparing in tijd en materialen bij de bouw.
2. Voor het verwijderen van asbestdaken is een nieuwe dienst ontwikkeld: de Asbestschakel. Door maximaal gebruik te maken van de nieuwste informatie en technologische ontwikkelingen is een totaaldienst ontwikkeld van asbestverwijdering, de plaatsing van een nieuw dak en eventueel zonnepanelen. Dit leidt tot kostenreductie van zo’n 20%.

Verder is in december de innovatiegerichte uitvraag gepubliceerd voor de innovatieroute N737. In het voorjaar 2018 worden ondernemers geselecteerd waarmee wij de concurrentiegerichte dialoog ingaan om nieuwe oplossingen uit te werken.  Daarnaast zijn andere vraagstukken benoemd die in 2018 innovatiegericht met bedrijven opgepakt gaan worden. Deze worden gepubliceerd in een actieagenda launching customership.

Slimme Maakindustrie \"BOOST\":

BOOST, de actieagenda Smart Industry Oost-Nederland, is gelanceerd in mei 2015. Deze agenda, een doorvertaling van de landelijk actieagenda Smart Industry, richt zich op het meenemen van ondernemers in de kansen die de digitale revolutie biedt. Door maakbedrijven vooral bewust te maken van de aanstaande transitie. Door de inzet van alle BOOST-partners bereikten we met veel verschillende activiteiten ruim 6.500 Smart Industry stakeholders, waarvan 3.000 ondernemers. De activiteiten waren niet langer enkel gericht op kennismaking met Smart Industry: er waren ook sessies die ondernemers hielpen zich te verdiepen in specifieke onderwerpen en opgedane inzichten op sociaal en technologisch innovatievlak concreet toe te passen. Daarnaast zijn de afgelopen jaar  door de partners in het netwerk oa:

• 4 Smart Industry EFRO projecten toegekend in Overijssel:
• Smart Welding Factory van de Stichting Laser Applicatie Centrum (10 deelnemende bedrijven).
• E-PLM 2.0, Thales Nederland (22 deelnemende bedrijven)
• EMBIPRO, Indes (6 deelnemende bedrijven)
• Crest*Cool, R.B.K. Holding BV (8 deelnemende bedrijven)
• 2 provinciale subsidies verleend in relatie tot smart industrie voor het project Industriële Robotica (AWL) en aan het  Salland Test Technology House Zwolle.
• 10 provinciale innovatievouchers verstrekt in relatie tot slimme maakindustrie via het LAC (Laser applicatie centrum), AKZO, PSP en Fraunhofer.

De transitie naar een slimme en schone maakindustrie komt in 2018 in een andere fase. De focus zal vooral liggen op het in beweging krijgen van de trendvolgende MKB-ers (kennismaken, verdieping, toepassing). Hiervoor is het ook van belang om het netwerk in 2018 door te ontwikkelen. De werkgroepen hebben plannen ontwikkeld om deze smart transitie te ondersteunen en mogelijk te maken bij de beoogde doelgroep. Recent opgestarte werkgroep is Circulaire Business Modellen die aan de slag gaat met circulaire business modellen van koploper bedrijven ter inspiratie voor een bredere doelgroep. De werkgroepplannen laten een beweging zien van synchronisatie van bestaande werkzaamheden (in 2017) naar ook het gezamenlijk organiseren van nieuwe activiteiten (2018).";

const SEED_002_UNDERSPENDING: &str = "Voor #in - Overijssel Innoveert is er sprake van € 246.000 onderuitputting door meevallende programmamanagementkosten. Dit bedrag is nodig binnen het meerjarenprogramma. Op basis van de spelregels van de Reserve uitvoering kwaliteit van Overijssel hebben wij besloten om een bedrag van € 246.000 te onttrekken aan de Reserve uitvoering Kwaliteit van Overijssel en toe te voegen aan de jaarschijf 2018 van prestatie 5.3.2 van de begroting 2018.";

const SEED_002_SHORTFALL: &str = "Voor 3e Investeringstranche innovatiedriehoek is er sprake van een tekort van € 101.000. Op basis van de spelregels van de Reserve uitvoering kwaliteit van Overijssel hebben wij voor prestatie 5.3.2 € 101.000 extra onttrokken aan de voor deze prestatie beschikbare middelen in deze reserve.";

const SEED_002_INCOME: &str = "De provincie ontvangt via het provinciefonds aanvullend € 680.000 ten behoeve van de regeling MKB Innovatiestimulering Topsectoren. Dit bedrag is voorgefinancierd uit de Reserve uitvoering Kwaliteit van Overijssel van prestatie 5.3.2 .";

const SEED_002_ALLOCATION: &str = "Wij stellen u voor om een bedrag van € 680.000 middels resultaatbestemming toe te voegen aan de Reserve uitvoering Kwaliteit van Overijssel, prestatie 5.3.2. Dit resultaatbestemmingsvoorstel wordt in Kerntaak 20 financieel verwerkt in deze jaarrekening.";

const SEED_002_AMENDMENT: &str = "Voor #Innoveert is er sprake van € 246.000 onderuitputting door meevallende programmamanagementkosten. Dit bedrag is nodig binnen het meerjarenprogramma.

Op basis van de spelregels van de Reserve uitvoering kwaliteit van Overijssel hebben wij besloten om een bedrag van € 246.000 te onttrekken aan de Reserve uitvoering Kwaliteit van Overijssel en toe te voegen aan de jaarschijf 2018 van prestatie 5.3.2 van de begroting 2018.";

const SEED_002_DECISIONS: &str = "Investeringsbesluit Kerntaak Regionale Economie >> PS/2012/107 (bijbehorend besluit).

Statenvoorstel #in - Overijssel innoveert en internationaliseert >> PS/2016/871 (bijbehorend besluit)

Daarnaast is vanuit het Coalitieakkoord ‘Overijssel Werkt!’ er budget beschikbaar gesteld voor deze prestatie. Dit is verwerkt in de Begroting 2016 [PS/2015/687). Het besluit van de Begroting 2016 vindt u hier.";

const SEED_000_CONTEXT: &str = "Het programma duurzaamheid is een uitwerking van de Omgevingsvisie en is aangekondigd in de Perspectievennota 2016. Het programma maakt zichtbaar en toegankelijk wat de provincie doet op het gebied van duurzaamheid, door de goede voorbeelden uit Overijssel voor het voetlicht te brengen en te delen. Daarnaast faciliteren en stimuleren we MKB- ondernemers die samen met andere partijen werken aan economische en duurzame ontwikkeling via innovatie. Wij faciliteren daarbij zowel de kennisdeling als de concrete samenwerking in projecten, binnen het geheel van samenwerkende netwerken in Overijssel. Die samenwerkende netwerken noemen we Waardemakers netwerken.";

const SEED_000_ACTIONS: [&str; 2] = [
    "Het presenteren van goede voorbeelden die onze duurzaamheidsambities voor het voetlicht brengen.",
    "Het faciliteren van minimaal twee waardemakersnetwerken.",
];

const SEED_000_NOTE: &str = "We presenteren goede voorbeelden van onze duurzaamheidsambities op onze provinciale website www.overijssel/thema’s/duurzaam.nl.

Deze website laat de duurzame rode draad door de verschillende programma’s en projecten zien en is bedoeld om kennis te delen, te inspireren en om voorbeelden met geïnteresseerden te verbinden. De website is ingericht als een expositie. Regelmatig verschijnen er nieuwe voorbeelden op de website.

In 2018 waren er twee Waardemakersnetwerken actief. De ondernemers in deze netwerken werden ondersteund in keten- en systeeminnovaties. Aan het einde van 2018 waren in de twee netwerken ruim 40 ondernemers actief. Daarnaast zijn er circa 50 ondernemers betrokken bij de netwerken. Zij participeerden bijvoorbeeld in één van de projecten, of deden mee in één van de cross over-thema’s tussen de netwerken, zoals mobiliteit of de human capital agenda/sociaal ondernemerschap.

Inmiddels is er meer gerealiseerd dan twee netwerken. De ondernemers werken met elkaar inmiddels aan circa 10 projecten, die alle in een verschillend stadium van innovatieontwikkeling zijn. Deze samenwerkingen bieden veel kansen voor toekomstige keten- en systeeminnovaties.";

const SEED_000_ROLE: &str = "De provincie sluit aan bij behoeften en wensen van ondernemers en samenwerkingpartners in de Waardemakers netwerken. Het “wat” is in de vorm van ambitie en project ideeën aanwezig in het netwerk. Wij faciliteren het “hoe”. We herkennen vragen en kansen en denken vervolgens mee over mogelijke oplossingen.

De provincie heeft meerdere rollen, namelijk faciliteerder, regisseur en belangenassembleur.";
