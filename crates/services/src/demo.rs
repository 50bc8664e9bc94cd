//! The demo ecosystem (`middenveld serve --demo`) and the synthetic scale fixture
//! (`middenveld demo --scale N`).
//!
//! The demo is built from the seed documents: the real organisations and people they name
//! (Provincie Overijssel, Oost NL, Kennispoort Regio Zwolle, Novel-T, Saxion and its Fieldlab,
//! CIRCO, BOOST, SER Overijssel, the four Smart Industry EFRO projects and their lead
//! partners, …), two Waardemakers networks with "ruim 40" active and "circa 50" involved
//! entrepreneurs at the end of 2018 and "circa 10" joint projects in different innovation
//! stages (seed 000), ten spin-offs in 2017 (seed 002), and around 280 synthetic companies
//! spread over the 25 municipalities of Overijssel. Synthetic values come from a seeded
//! generator, so every run produces the same register.
//!
//! Everything goes through the public use cases with `Actor::system("demo")`: validated and
//! audited like user input.

mod accountability;
mod generate;
mod scale;

pub use scale::{ScaleSummary, load_scale};

use crate::{Actor, Result, ServiceError, Services};
use generate::{PLACES, Region, Rng, SECTORS, ThemeKey};
use middenveld_domain::enums::{
    Coded, EventKind, FollowUpOutcome, JourneyStage, LaunchingStatus, MembershipStatus, OrganisationKind,
    ParticipantRole, QuestionKind, ReferralStatus, RegistrationStatus, Sector, SizeClass, SupportInstrument,
    SupportStatus,
};
use middenveld_domain::event::{EventInput, RegistrationInput};
use middenveld_domain::launching::CaseInput;
use middenveld_domain::network::{MembershipInput, NetworkInput};
use middenveld_domain::organisation::OrganisationInput;
use middenveld_domain::person::PersonInput;
use middenveld_domain::project::{ParticipantInput, ProjectInput};
use middenveld_domain::referral::ReferralInput;
use middenveld_domain::signpost::OfferInput;
use middenveld_domain::support::SupportInput;
use middenveld_domain::theme::ThemeInput;
use middenveld_domain::track::{CallInput, TrackInput};
use middenveld_domain::{Date, Role};
use std::collections::HashSet;

/// The demo administrator: user name and password (shown on the login page of a demo).
pub const DEMO_ADMIN: (&str, &str) = ("admin", "middenveld-demo");

/// The themes of the demo, in `ThemeKey` order, each with a one-line description.
pub const THEMES: [(&str, &str); 7] = [
    (
        "Circulaire economie",
        "Grondstoffen en producten zo lang en hoogwaardig mogelijk in de kringloop houden; ondernemers verdienen aan hergebruik en nieuwe businessmodellen.",
    ),
    (
        "Smart Industry",
        "De convergentie van automatisering, digitalisering, robotisering, productontwikkeling en productietechnologie in de maakindustrie (BOOST).",
    ),
    (
        "Energietransitie",
        "Besparen, verduurzamen en lokaal opwekken van energie door bedrijven en ketens.",
    ),
    (
        "Mobiliteit",
        "Slimme en schone mobiliteit en logistiek; een cross-over-thema tussen de Waardemakers netwerken.",
    ),
    (
        "Human capital / sociale innovatie",
        "Slimmer, flexibeler en dynamischer organiseren: talent binden en boeien, een leven lang ontwikkelen.",
    ),
    (
        "Agro & food",
        "Innovatie in de agrarische sector en de voedingsmiddelenketen, van reststroom tot product.",
    ),
    (
        "Gezondheid",
        "Toepassingen van hightech en medische technologie in zorg en gezondheid.",
    ),
];

/// What `load_demo` did, for the CLI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// The register already held organisations: nothing was added.
    pub already_present: bool,
    /// The demo administrator was created in this run.
    pub admin_created: bool,
    /// Added by this run, or (when already present) what the register holds.
    pub themes: u64,
    pub organisations: u64,
    pub people: u64,
    pub networks: u64,
    pub projects: u64,
    pub memberships: u64,
    pub events: u64,
    pub registrations: u64,
    pub support: u64,
    pub referrals: u64,
    pub tracks: u64,
}

impl std::fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts = format!(
            "{} thema's, {} organisaties, {} personen, {} netwerken met {} lidmaatschappen, {} projecten, \
             {} evenementen met {} aanmeldingen, {} ondersteuningen, {} doorverwijzingen, {} Tracks",
            self.themes,
            self.organisations,
            self.people,
            self.networks,
            self.memberships,
            self.projects,
            self.events,
            self.registrations,
            self.support,
            self.referrals,
            self.tracks
        );
        if self.already_present {
            write!(f, "Demodata niet geladen: het register is niet leeg ({counts}).")?;
        } else {
            write!(f, "Demodata geladen: {counts}.")?;
        }
        if self.admin_created {
            write!(
                f,
                " Beheerder aangemaakt: gebruiker '{}', wachtwoord '{}'.",
                DEMO_ADMIN.0, DEMO_ADMIN.1
            )?;
        }
        Ok(())
    }
}

/// The real organisations of the seeds, by index into `REAL`. Every row has a name here,
/// though not every one is referred to by code.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)]
enum R {
    Province = 0,
    OostNl,
    Kennispoort,
    NovelT,
    Saxion,
    Fieldlab,
    Circo,
    Boost,
    Ser,
    Lac,
    Thales,
    Indes,
    Rbk,
    SallandTest,
    Fraunhofer,
    Akzo,
    Psp,
    Awl,
    Ut,
    Tno,
    Kiemt,
    RctGelderland,
}

struct RealOrg {
    name: &'static str,
    kind: OrganisationKind,
    size: Option<SizeClass>,
    kvk: Option<&'static str>,
    address: Option<(&'static str, &'static str)>,
    /// Town and CBS municipality code.
    place: Option<(&'static str, &'static str)>,
    website: Option<&'static str>,
    description: &'static str,
    themes: &'static [ThemeKey],
}

use OrganisationKind as K;
use ThemeKey as T;

/// In `R` order. Only the province's KvK number is in the seeds; the others have none.
/// Addresses only where a seed gives them; places of companies the seeds do not locate are
/// plausible picks or left empty.
const REAL: &[RealOrg] = &[
    RealOrg {
        name: "Provincie Overijssel",
        kind: K::Government,
        size: Some(SizeClass::Large),
        kvk: Some("51048329"),
        address: Some(("Luttenbergstraat 2", "8012 EE")),
        place: Some(("Zwolle", "GM0193")),
        website: Some("https://www.overijssel.nl"),
        description: "Postbus 10078, 8000 GB Zwolle; telefoon 038 499 88 99; postbus@overijssel.nl. \
            Provincies zijn in de rol van middenvelder de verbindende schakel tussen lokaal en (inter)nationaal.",
        themes: &[
            T::Circular,
            T::SmartIndustry,
            T::Energy,
            T::Mobility,
            T::HumanCapital,
            T::AgroFood,
            T::Health,
        ],
    },
    RealOrg {
        name: "Oost NL",
        kind: K::Intermediary,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: Some("https://www.oostnl.nl"),
        description: "Ontwikkelingsmaatschappij (ROM) voor Gelderland en Overijssel; levert met CIRCO de Tracks circulair ondernemen.",
        themes: &[T::Circular, T::SmartIndustry, T::Energy],
    },
    RealOrg {
        name: "Kennispoort Regio Zwolle",
        kind: K::Intermediary,
        size: None,
        kvk: None,
        address: None,
        place: Some(("Zwolle", "GM0193")),
        website: None,
        description: "Kennis- en innovatiemakelaar voor ondernemers in de regio Zwolle; facilitator van Waardemakers Zwolle-Vechtdal.",
        themes: &[T::Circular, T::SmartIndustry, T::HumanCapital],
    },
    RealOrg {
        name: "Novel-T",
        kind: K::Intermediary,
        size: None,
        kvk: None,
        address: None,
        place: Some(("Enschede", "GM0153")),
        website: Some("https://www.novelt.com"),
        description: "Innovatiemakelaar in Twente; facilitator van Waardemakers Twente; neemt sociale innovatie mee in seminars en adviesgesprekken.",
        themes: &[T::SmartIndustry, T::Circular, T::HumanCapital, T::Health],
    },
    RealOrg {
        name: "Saxion",
        kind: K::KnowledgeInstitution,
        size: Some(SizeClass::Large),
        kvk: None,
        address: None,
        place: Some(("Enschede", "GM0153")),
        website: Some("https://www.saxion.nl"),
        description: "Hogeschool met vestigingen in Enschede, Deventer en Apeldoorn.",
        themes: &[T::Circular, T::SmartIndustry, T::HumanCapital],
    },
    RealOrg {
        name: "Saxion Fieldlab Circulaire Innovaties Maakindustrie",
        kind: K::KnowledgeInstitution,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Fieldlab van Saxion: studenten worden gekoppeld aan bedrijven en helpen met onderdelen van het implementatietraject na een Track.",
        themes: &[T::Circular, T::SmartIndustry],
    },
    RealOrg {
        name: "CIRCO",
        kind: K::Intermediary,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Methodiek van Tracks die bedrijven laat kennismaken met circulair ondernemen; werkt sinds 2018 samen met de provincie Overijssel. De CIRCO Hub wordt voorbereid.",
        themes: &[T::Circular],
    },
    RealOrg {
        name: "BOOST",
        kind: K::Intermediary,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Actieagenda Smart Industry Oost-Nederland, gelanceerd in mei 2015; netwerk voor de (slimme) maakindustrie met werkgroepen, o.a. Circulaire Business Modellen.",
        themes: &[T::SmartIndustry, T::Circular, T::HumanCapital],
    },
    RealOrg {
        name: "SER Overijssel",
        kind: K::Other,
        size: None,
        kvk: None,
        address: Some(("Luttenbergstraat 2", "8012 EE")),
        place: Some(("Zwolle", "GM0193")),
        website: None,
        description: "Sociaal-Economische Raad Overijssel; briefadvies 'Meer aandacht voor sociale innovatie in het mkb- en arbeidsmarktbeleid' (1 december 2022).",
        themes: &[T::HumanCapital],
    },
    RealOrg {
        name: "Stichting Laser Applicatie Centrum",
        kind: K::KnowledgeInstitution,
        size: None,
        kvk: None,
        address: None,
        place: Some(("Enschede", "GM0153")),
        website: None,
        description: "LAC; penvoerder van het Smart Industry EFRO-project Smart Welding Factory; innovatievouchers slimme maakindustrie.",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "Thales Nederland",
        kind: K::LargeCompany,
        size: Some(SizeClass::Large),
        kvk: None,
        address: None,
        place: Some(("Hengelo", "GM0164")),
        website: None,
        description: "Penvoerder van het Smart Industry EFRO-project E-PLM 2.0.",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "Indes",
        kind: K::Sme,
        size: None,
        kvk: None,
        address: None,
        place: Some(("Enschede", "GM0153")),
        website: None,
        description: "Penvoerder van het Smart Industry EFRO-project EMBIPRO.",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "R.B.K. Holding BV",
        kind: K::Sme,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Penvoerder van het Smart Industry EFRO-project Crest*Cool.",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "Salland Test Technology House Zwolle",
        kind: K::Sme,
        size: None,
        kvk: None,
        address: None,
        place: Some(("Zwolle", "GM0193")),
        website: None,
        description: "Provinciale subsidie in relatie tot smart industrie (jaarverslag 2017).",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "Fraunhofer",
        kind: K::KnowledgeInstitution,
        size: None,
        kvk: None,
        address: None,
        place: Some(("Enschede", "GM0153")),
        website: None,
        description: "Provinciale innovatievouchers in relatie tot slimme maakindustrie (jaarverslag 2017).",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "AKZO",
        kind: K::LargeCompany,
        size: Some(SizeClass::Large),
        kvk: None,
        address: None,
        place: Some(("Deventer", "GM0150")),
        website: None,
        description: "Provinciale innovatievouchers in relatie tot slimme maakindustrie (jaarverslag 2017).",
        themes: &[T::SmartIndustry, T::Circular],
    },
    RealOrg {
        name: "PSP",
        kind: K::Sme,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Provinciale innovatievouchers in relatie tot slimme maakindustrie (jaarverslag 2017).",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "AWL",
        kind: K::Sme,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Provinciale subsidie smart industrie voor het project Industriële Robotica (jaarverslag 2017).",
        themes: &[T::SmartIndustry],
    },
    RealOrg {
        name: "Universiteit Twente",
        kind: K::KnowledgeInstitution,
        size: Some(SizeClass::Large),
        kvk: None,
        address: None,
        place: Some(("Enschede", "GM0153")),
        website: Some("https://www.utwente.nl"),
        description: "Technische universiteit; bron van spin-offs in de regio.",
        themes: &[T::SmartIndustry, T::Health, T::Energy],
    },
    RealOrg {
        name: "TNO",
        kind: K::KnowledgeInstitution,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Onderzoek onder Overijsselse maakbedrijven: de slimme maakindustrie kan een aanjager zijn van circulair ondernemen.",
        themes: &[T::SmartIndustry, T::Circular],
    },
    RealOrg {
        name: "Kiemt",
        kind: K::Intermediary,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Partner in de gezamenlijke aanpak circulair ondernemen van de provincies Gelderland en Overijssel.",
        themes: &[T::Circular, T::Energy],
    },
    RealOrg {
        name: "RCT Gelderland",
        kind: K::Intermediary,
        size: None,
        kvk: None,
        address: None,
        place: None,
        website: None,
        description: "Partner in de gezamenlijke aanpak circulair ondernemen van de provincies Gelderland en Overijssel.",
        themes: &[T::Circular],
    },
];

/// The people the seeds name: (name, function, organisations, e-mail, phone, basis, date, purpose).
struct RealPerson {
    name: &'static str,
    function: &'static str,
    organisations: &'static [R],
    email: Option<&'static str>,
    phone: Option<&'static str>,
    basis: &'static str,
    date: &'static str,
    purpose: &'static str,
}

const PEOPLE: &[RealPerson] = &[
    RealPerson {
        name: "Jos Mulder",
        function: "Beleidsontwikkelaar Circulaire Economie",
        organisations: &[R::Province],
        email: None,
        phone: None,
        basis: "publieke-taak",
        date: "2021-06-01",
        purpose: "Contactpersoon circulaire economie en de samenwerking met CIRCO",
    },
    RealPerson {
        name: "Martijn Kerssen",
        function: "Senior Project Manager Circulaire Economie; CIRCO-trainer",
        organisations: &[R::OostNl, R::Circo],
        email: None,
        phone: None,
        basis: "gerechtvaardigd-belang",
        date: "2021-06-01",
        purpose: "Trainer van Tracks en follow-up met deelnemers na een Track",
    },
    RealPerson {
        name: "M. Bom",
        function: "Inlichtingen briefadvies sociale innovatie",
        organisations: &[R::Province],
        email: Some("M.Bom@overijssel.nl"),
        phone: Some("06 1046 2095"),
        basis: "publieke-taak",
        date: "2023-02-21",
        purpose: "Contactpersoon bij brief D2023-02-002694, zaaknummer 2023-003015",
    },
    RealPerson {
        name: "Annemieke Traag",
        function: "Gedeputeerde; portefeuillehouder programma Duurzaamheid",
        organisations: &[R::Province],
        email: None,
        phone: None,
        basis: "publieke-taak",
        date: "2019-01-01",
        purpose: "Verantwoordelijk portefeuillehouder (jaarverslag 2018)",
    },
    RealPerson {
        name: "Eddy van Hijum",
        function: "Gedeputeerde; portefeuillehouder prestatie 5.3.2",
        organisations: &[R::Province],
        email: None,
        phone: None,
        basis: "publieke-taak",
        date: "2018-01-01",
        purpose: "Verantwoordelijk portefeuillehouder (jaarverslag 2017)",
    },
];

/// The four Smart Industry EFRO projects of seed 002: name, lead partner and the number of
/// participating companies.
///
/// Convention: "N deelnemende bedrijven" counts the companies besides the lead partner. The
/// demo gives each project its lead (`penvoerder`) plus exactly N synthetic companies (kind
/// mkb or grootbedrijf) as `partner`, so a project has N + 1 participants and N of them are
/// companies other than the lead.
pub const EFRO_PROJECTS: [(&str, &str, usize); 4] = [
    ("Smart Welding Factory", "Stichting Laser Applicatie Centrum", 10),
    ("E-PLM 2.0", "Thales Nederland", 22),
    ("EMBIPRO", "Indes", 6),
    ("Crest*Cool", "R.B.K. Holding BV", 8),
];

const EFRO_LEADS: [R; 4] = [R::Lac, R::Thales, R::Indes, R::Rbk];

/// Active and involved members per Waardemakers network, end of 2018: 22 + 20 = 42 active
/// ("ruim 40"), 26 + 24 = 50 involved ("circa 50").
const NETWORKS: [NetworkPlan; 2] = [
    NetworkPlan {
        name: "Waardemakers Twente",
        facilitator: R::NovelT,
        twente: true,
        active: 22,
        involved: 26,
        themes: &[T::Circular, T::SmartIndustry, T::Mobility, T::HumanCapital],
        description: "Waardemakersnetwerk van ondernemers in Twente die samen met andere partijen werken aan \
            keten- en systeeminnovaties; gefaciliteerd vanuit het programma Duurzaamheid van de provincie.",
    },
    NetworkPlan {
        name: "Waardemakers Zwolle-Vechtdal",
        facilitator: R::Kennispoort,
        twente: false,
        active: 20,
        involved: 24,
        themes: &[T::Circular, T::Energy, T::AgroFood, T::Mobility, T::HumanCapital],
        description: "Waardemakersnetwerk van ondernemers in de regio Zwolle, Salland en het Vechtdal die samen werken \
            aan keten- en systeeminnovaties; gefaciliteerd vanuit het programma Duurzaamheid van de provincie.",
    },
];

struct NetworkPlan {
    name: &'static str,
    facilitator: R,
    twente: bool,
    active: usize,
    involved: usize,
    themes: &'static [ThemeKey],
    description: &'static str,
}

/// A joint project of a network's entrepreneurs.
struct JointProject {
    name: &'static str,
    description: &'static str,
    stage: &'static str,
    network: usize,
    start: (i32, u8, u8),
    companies: usize,
    /// Trades (indexes into `SECTORS`) whose members are asked first.
    sectors: &'static [usize],
    knowledge: Option<R>,
    themes: &'static [ThemeKey],
}

/// "circa 10 projecten, die alle in een verschillend stadium van innovatieontwikkeling zijn":
/// four private, six public-private (with a knowledge institution).
const JOINT_PROJECTS: &[JointProject] = &[
    JointProject {
        name: "Circulaire werkkleding",
        description: "Bedrijfskleding die wordt teruggenomen, gesorteerd en tot nieuwe vezels verwerkt.",
        stage: "idee",
        network: 0,
        start: (2018, 10, 1),
        companies: 3,
        sectors: &[7, 5],
        knowledge: None,
        themes: &[T::Circular, T::HumanCapital],
    },
    JointProject {
        name: "Deelmobiliteit op het bedrijventerrein",
        description: "Gedeelde elektrische auto's en fietsen voor werknemers van bedrijven op één terrein.",
        stage: "idee",
        network: 1,
        start: (2018, 9, 1),
        companies: 3,
        sectors: &[22, 13],
        knowledge: None,
        themes: &[T::Mobility, T::Energy],
    },
    JointProject {
        name: "Kunststofrecyclaat in bouwproducten",
        description: "Haalbaarheid van recyclaat in bouwproducten, vooruitlopend op een verplicht aandeel recyclaat.",
        stage: "haalbaarheid",
        network: 1,
        start: (2018, 3, 1),
        companies: 3,
        sectors: &[4, 5, 11],
        knowledge: Some(R::Fieldlab),
        themes: &[T::Circular],
    },
    JointProject {
        name: "Reststromen uit de zuivelketen",
        description: "Nieuwe toepassingen voor reststromen van zuivelverwerkers.",
        stage: "haalbaarheid",
        network: 1,
        start: (2018, 1, 15),
        companies: 2,
        sectors: &[20, 19, 6],
        knowledge: Some(R::Saxion),
        themes: &[T::AgroFood, T::Circular],
    },
    JointProject {
        name: "Hergebruik van constructiestaal",
        description: "Staal uit sloop herbruikbaar maken voor nieuwe constructies, met een digitaal materialenpaspoort.",
        stage: "ontwikkeling",
        network: 0,
        start: (2017, 11, 1),
        companies: 3,
        sectors: &[1, 0, 11],
        knowledge: Some(R::Ut),
        themes: &[T::Circular, T::SmartIndustry],
    },
    JointProject {
        name: "Leven lang ontwikkelen in de maakindustrie",
        description: "Gezamenlijke opleidingsroute voor vakmensen in de maakindustrie.",
        stage: "ontwikkeling",
        network: 0,
        start: (2017, 9, 1),
        companies: 4,
        sectors: &[0, 2, 25],
        knowledge: None,
        themes: &[T::HumanCapital, T::SmartIndustry],
    },
    JointProject {
        name: "Circulaire kantoorinrichting",
        description: "Kantoormeubilair als dienst: terugname, revisie en hergebruik.",
        stage: "pilot",
        network: 1,
        start: (2017, 6, 1),
        companies: 4,
        sectors: &[8, 9, 22],
        knowledge: None,
        themes: &[T::Circular],
    },
    JointProject {
        name: "Slimme energiehub op het bedrijventerrein",
        description: "Lokale opwek, opslag en uitwisseling van energie tussen bedrijven.",
        stage: "pilot",
        network: 0,
        start: (2017, 5, 1),
        companies: 3,
        sectors: &[13, 12, 14],
        knowledge: Some(R::Ut),
        themes: &[T::Energy, T::SmartIndustry],
    },
    JointProject {
        name: "Biobased verpakkingen",
        description: "Verpakkingen van agrarische reststromen voor de voedingsmiddelenindustrie.",
        stage: "marktintroductie",
        network: 1,
        start: (2017, 3, 1),
        companies: 2,
        sectors: &[18, 19],
        knowledge: Some(R::Fieldlab),
        themes: &[T::Circular, T::AgroFood],
    },
    JointProject {
        name: "Remanufacturing van machineonderdelen",
        description: "Gebruikte machineonderdelen reviseren en met garantie opnieuw in de markt zetten.",
        stage: "opschaling",
        network: 0,
        start: (2017, 2, 1),
        companies: 3,
        sectors: &[2, 0, 3],
        knowledge: Some(R::Saxion),
        themes: &[T::SmartIndustry, T::Circular],
    },
];

/// Synthetic companies besides the ten spin-offs; with the real organisations and the
/// spin-offs the register holds 300 organisations.
const SYNTHETIC_COMPANIES: usize = 300 - 10 - REAL.len();

/// Ten spin-offs realised in 2017 (seed 002: "Aantal gerealiseerde spin-offs: 10"):
/// (parent, municipality index into `PLACES`).
const SPIN_OFFS: [(R, usize); 10] = [
    (R::Ut, 4),
    (R::Ut, 4),
    (R::Ut, 4),
    (R::Ut, 4),
    (R::Ut, 8),
    (R::Ut, 8),
    (R::Saxion, 4),
    (R::Saxion, 4),
    (R::Saxion, 3),
    (R::Saxion, 3),
];

/// A synthetic company as planned, before it is stored.
#[derive(Debug, Clone)]
struct Company {
    name: String,
    sector: usize,
    region: Region,
    kind: OrganisationKind,
    size: SizeClass,
    stage: Option<JourneyStage>,
    kvk: Option<String>,
    address: String,
    postcode: String,
    town: &'static str,
    municipality: &'static str,
    themes: Vec<ThemeKey>,
    spin_off: Option<(R, time::Date)>,
}

fn context(what: &str) -> impl FnOnce(ServiceError) -> ServiceError + '_ {
    move |e| match e {
        ServiceError::Invalid(v) => ServiceError::Internal(format!("demo data refused ({what}): {v}")),
        other => other,
    }
}

fn iso(d: time::Date) -> String {
    Date(d).iso()
}

/// Plans the synthetic companies: spread over the municipalities by size, unique names.
fn plan_companies(rng: &mut Rng) -> Vec<Company> {
    let mut names: HashSet<String> = REAL.iter().map(|r| r.name.to_string()).collect();
    let mut out = Vec::with_capacity(SYNTHETIC_COMPANIES + SPIN_OFFS.len());
    let mut make = |rng: &mut Rng, place_index: usize, sector: usize, out: &mut Vec<Company>| {
        let place = &PLACES[place_index];
        let town = rng.pick(place.towns);
        let s = &SECTORS[sector];
        let mut name = generate::company_name(rng, s, place.region, town.0);
        while !names.insert(name.clone()) {
            name = generate::company_name(rng, s, place.region, town.0);
        }
        let large = rng.chance(7);
        let mut themes = vec![s.theme];
        if rng.chance(35) {
            let extra = if s.theme == ThemeKey::Circular {
                ThemeKey::SmartIndustry
            } else {
                ThemeKey::Circular
            };
            themes.push(extra);
        }
        out.push(Company {
            name,
            sector,
            region: place.region,
            kind: if large {
                OrganisationKind::LargeCompany
            } else {
                OrganisationKind::Sme
            },
            size: if large {
                SizeClass::Large
            } else {
                generate::sme_size(rng)
            },
            stage: generate::journey_stage(rng),
            kvk: None,
            address: generate::address(rng),
            postcode: generate::postcode(rng, town),
            town: town.0,
            municipality: place.code,
            themes,
            spin_off: None,
        });
    };
    for (place_index, n) in generate::apportion(SYNTHETIC_COMPANIES, 3).into_iter().enumerate() {
        for _ in 0..n {
            let sector = generate::sector(rng);
            make(rng, place_index, sector, &mut out);
        }
    }
    rng.shuffle(&mut out);
    for (parent, place_index) in SPIN_OFFS {
        let sector = *rng.pick(generate::SPIN_OFF_SECTORS);
        make(rng, place_index, sector, &mut out);
        if let Some(c) = out.last_mut() {
            c.kind = OrganisationKind::Sme;
            c.size = SizeClass::Micro;
            c.stage = Some(if rng.chance(50) {
                JourneyStage::Interested
            } else {
                JourneyStage::Planning
            });
            c.spin_off = Some((parent, rng.date(generate::ymd(2017, 1, 1), generate::ymd(2017, 12, 31))));
        }
    }
    for (i, c) in out.iter_mut().enumerate() {
        // Synthetic KvK numbers start with 9: they cannot collide with real ones.
        if !rng.chance(8) {
            c.kvk = Some(format!("{}", 90_001_000 + i));
        }
    }
    out
}

/// Indexes of the companies in each network: (active, involved) per network.
fn plan_members(rng: &mut Rng, companies: &mut [Company]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut plans = Vec::new();
    for plan in &NETWORKS {
        let mut pool: Vec<usize> = (0..companies.len())
            .filter(|i| companies[*i].spin_off.is_none() && companies[*i].region.is_twente() == plan.twente)
            .collect();
        rng.shuffle(&mut pool);
        let active: Vec<usize> = pool.iter().copied().take(plan.active).collect();
        let involved: Vec<usize> = pool.iter().copied().skip(plan.active).take(plan.involved).collect();
        for i in &active {
            let c = &mut companies[*i];
            c.stage = Some(match rng.weighted(&[35, 45, 20]) {
                0 => JourneyStage::Planning,
                1 => JourneyStage::Implementing,
                _ => JourneyStage::FinancingScaling,
            });
            if !c.themes.contains(&ThemeKey::Circular) {
                c.themes.push(ThemeKey::Circular);
            }
        }
        for i in &involved {
            companies[*i].stage = Some(match rng.weighted(&[40, 40, 20]) {
                0 => JourneyStage::Interested,
                1 => JourneyStage::Planning,
                _ => JourneyStage::Implementing,
            });
        }
        plans.push((active, involved));
    }
    plans
}

/// The participating companies of each EFRO project (indexes), manufacturing companies that
/// are not in a Waardemakers network, none in two projects.
fn plan_efro(rng: &mut Rng, companies: &mut [Company], members: &HashSet<usize>) -> Vec<Vec<usize>> {
    let mut pool: Vec<usize> = (0..companies.len())
        .filter(|i| {
            !members.contains(i) && companies[*i].spin_off.is_none() && SECTORS[companies[*i].sector].manufacturing
        })
        .collect();
    rng.shuffle(&mut pool);
    // Companies from Twente and Salland first: the lead partners are there.
    pool.sort_by_key(|i| !matches!(companies[*i].region, Region::Twente | Region::Salland));
    let mut cursor = 0;
    let mut out = Vec::new();
    for (_, _, n) in EFRO_PROJECTS {
        let mut chosen = Vec::with_capacity(n);
        for _ in 0..n {
            if pool.is_empty() {
                break;
            }
            chosen.push(pool[cursor % pool.len()]);
            cursor += 1;
        }
        for i in &chosen {
            let c = &mut companies[*i];
            if !c.themes.contains(&ThemeKey::SmartIndustry) {
                c.themes.push(ThemeKey::SmartIndustry);
            }
        }
        out.push(chosen);
    }
    out
}

/// Loads the demo ecosystem into an empty register. Idempotent: when the register already
/// holds organisations it adds nothing (only the demo administrator, when no user `admin`
/// exists) and says so.
pub async fn load_demo(services: &Services) -> Result<DemoSummary> {
    let actor = Actor::system("demo");
    let admin_created = ensure_admin(services, &actor).await?;
    let existing = services
        .organisations(
            &actor,
            &middenveld_store::organisation::OrganisationFilter {
                paging: middenveld_store::Paging { page: 1, size: 1 },
                ..Default::default()
            },
        )
        .await?
        .total;
    if existing > 0 {
        let mut conn = services.db.conn().await?;
        use middenveld_store::bulk::{Table, count};
        let themes = services.theme_names(&actor).await?.len() as u64;
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        return Ok(DemoSummary {
            already_present: true,
            admin_created,
            themes,
            organisations: n(count(&mut conn, Table::Organisations).await?),
            people: n(count(&mut conn, Table::People).await?),
            networks: n(count(&mut conn, Table::Networks).await?),
            projects: n(count(&mut conn, Table::Projects).await?),
            memberships: n(count(&mut conn, Table::Memberships).await?),
            events: n(count(&mut conn, Table::Events).await?),
            registrations: n(count(&mut conn, Table::Registrations).await?),
            support: n(count(&mut conn, Table::Support).await?),
            referrals: n(count(&mut conn, Table::Referrals).await?),
            tracks: n(count(&mut conn, Table::Tracks).await?),
        });
    }
    let mut summary = DemoSummary {
        admin_created,
        ..Default::default()
    };
    let mut rng = Rng::new(0x4D49_4444_454E_5645);

    // Themes: reuse any that exist by name.
    let existing_themes = services.theme_names(&actor).await?;
    let mut theme_ids = Vec::with_capacity(THEMES.len());
    for (name, description) in THEMES {
        let found = existing_themes
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(id, _)| *id);
        let id = match found {
            Some(id) => id,
            None => {
                summary.themes += 1;
                services
                    .create_theme(
                        &actor,
                        ThemeInput {
                            name: name.into(),
                            description: Some(description.into()),
                        },
                    )
                    .await
                    .map_err(context(name))?
            }
        };
        theme_ids.push(id);
    }
    let themes = |keys: &[ThemeKey]| -> Vec<i64> { keys.iter().map(|k| theme_ids[*k as usize]).collect() };

    // The real organisations of the seeds.
    let mut real = Vec::with_capacity(REAL.len());
    for r in REAL {
        let input = OrganisationInput {
            name: r.name.into(),
            kvk_number: r.kvk.map(Into::into),
            kind: Some(r.kind.code().into()),
            size_class: r.size.map(|s| s.code().into()),
            address: r.address.map(|a| a.0.into()),
            postcode: r.address.map(|a| a.1.into()),
            city: r.place.map(|p| p.0.into()),
            municipality_code: r.place.map(|p| p.1.into()),
            website: r.website.map(Into::into),
            description: Some(r.description.into()),
            theme_ids: themes(r.themes),
            ..Default::default()
        };
        real.push(
            services
                .create_organisation(&actor, input)
                .await
                .map_err(context(r.name))?,
        );
    }
    let real_id = |r: R| real[r as usize];

    // Synthetic companies, network members and EFRO partners.
    let mut companies = plan_companies(&mut rng);
    let member_plan = plan_members(&mut rng, &mut companies);
    let members: HashSet<usize> = member_plan
        .iter()
        .flat_map(|(a, i)| a.iter().chain(i.iter()).copied())
        .collect();
    let efro_plan = plan_efro(&mut rng, &mut companies, &members);
    let mut ids = Vec::with_capacity(companies.len());
    for c in &companies {
        let input = OrganisationInput {
            name: c.name.clone(),
            kvk_number: c.kvk.clone(),
            kind: Some(c.kind.code().into()),
            size_class: Some(c.size.code().into()),
            sbi_code: Some(SECTORS[c.sector].sbi.into()),
            address: Some(c.address.clone()),
            postcode: Some(c.postcode.clone()),
            city: Some(c.town.into()),
            municipality_code: Some(c.municipality.into()),
            journey_stage: c.stage.map(|s| s.code().into()),
            spin_off_of: c.spin_off.map(|(p, _)| real_id(p)),
            spin_off_date: c.spin_off.map(|(_, d)| iso(d)),
            description: c
                .spin_off
                .map(|(p, _)| format!("Spin-off van {}.", REAL[p as usize].name)),
            theme_ids: themes(&c.themes),
            ..Default::default()
        };
        ids.push(
            services
                .create_organisation(&actor, input)
                .await
                .map_err(context(&c.name))?,
        );
    }
    summary.organisations = (real.len() + ids.len()) as u64;

    // People: the ones the seeds name, and contacts at network members and EFRO partners.
    for p in PEOPLE {
        let input = PersonInput {
            name: p.name.into(),
            email: p.email.map(Into::into),
            phone: p.phone.map(Into::into),
            function: Some(p.function.into()),
            consent_basis: Some(p.basis.into()),
            consent_date: Some(p.date.into()),
            consent_purpose: Some(p.purpose.into()),
            organisation_ids: p.organisations.iter().map(|r| real_id(*r)).collect(),
        };
        services.create_person(&actor, input).await.map_err(context(p.name))?;
        summary.people += 1;
    }
    let mut contacts: Vec<usize> = Vec::new();
    for (active, involved) in &member_plan {
        contacts.extend(active.iter().take(12));
        contacts.extend(involved.iter().take(8));
    }
    for partners in &efro_plan {
        contacts.extend(partners.iter().take(5));
    }
    let mut contact_ids: Vec<(i64, i64)> = Vec::with_capacity(contacts.len());
    for c in contacts {
        let company = &companies[c];
        let name = generate::person_name(&mut rng);
        let since = rng.date(generate::ymd(2017, 1, 1), generate::ymd(2018, 12, 31));
        let input = PersonInput {
            email: Some(generate::email(&name, &company.name)),
            function: Some(generate::function(&mut rng).into()),
            consent_basis: Some("gerechtvaardigd-belang".into()),
            consent_date: Some(iso(since)),
            consent_purpose: Some("Contactpersoon voor netwerk, projecten en ondersteuning".into()),
            organisation_ids: vec![ids[c]],
            phone: None,
            name,
        };
        let person_id = services
            .create_person(&actor, input)
            .await
            .map_err(context(&company.name))?;
        contact_ids.push((person_id, ids[c]));
        summary.people += 1;
    }

    // The two Waardemakers networks and their members.
    let existing_networks = services.network_names(&actor).await?;
    let mut network_ids = Vec::with_capacity(NETWORKS.len());
    for (plan, (active, involved)) in NETWORKS.iter().zip(&member_plan) {
        let found = existing_networks
            .iter()
            .find(|(_, n)| n == plan.name)
            .map(|(id, _)| *id);
        let network_id = match found {
            Some(id) => id,
            None => {
                summary.networks += 1;
                let input = NetworkInput {
                    name: plan.name.into(),
                    description: Some(plan.description.into()),
                    facilitator_id: Some(real_id(plan.facilitator)),
                    website: None,
                    theme_ids: themes(plan.themes),
                };
                services
                    .create_network(&actor, input)
                    .await
                    .map_err(context(plan.name))?
            }
        };
        network_ids.push(network_id);
        let statuses = active
            .iter()
            .map(|i| (*i, MembershipStatus::Active))
            .chain(involved.iter().map(|i| (*i, MembershipStatus::Involved)));
        for (i, status) in statuses {
            let since = match status {
                MembershipStatus::Active => rng.date(generate::ymd(2017, 1, 15), generate::ymd(2018, 6, 30)),
                MembershipStatus::Involved => rng.date(generate::ymd(2018, 1, 8), generate::ymd(2018, 12, 14)),
            };
            let input = MembershipInput {
                organisation_id: Some(ids[i]),
                person_id: None,
                status: Some(status.code().into()),
                since: Some(iso(since)),
                until: None,
            };
            services
                .add_member(&actor, network_id, input)
                .await
                .map_err(context(plan.name))?;
            summary.memberships += 1;
        }
    }

    // Joint projects of the networks' entrepreneurs.
    for p in JOINT_PROJECTS {
        let (active, involved) = &member_plan[p.network];
        let (y, m, d) = p.start;
        let input = ProjectInput {
            name: p.name.into(),
            description: Some(p.description.into()),
            stage: Some(p.stage.into()),
            start_date: Some(iso(generate::ymd(y, m, d))),
            end_date: None,
            network_id: Some(network_ids[p.network]),
            website: None,
            theme_ids: themes(p.themes),
        };
        let project_id = services.create_project(&actor, input).await.map_err(context(p.name))?;
        summary.projects += 1;
        // The lead is an active member; the others preferably of the project's trades,
        // involved members included ("zij participeerden in één van de projecten").
        let mut chosen: Vec<usize> = Vec::with_capacity(p.companies);
        let lead = active
            .iter()
            .find(|i| p.sectors.contains(&companies[**i].sector))
            .or(active.first());
        chosen.extend(lead.copied());
        let candidates: Vec<usize> = involved.iter().chain(active.iter()).copied().collect();
        for prefer_sector in [true, false] {
            for i in &candidates {
                if chosen.len() >= p.companies {
                    break;
                }
                if !chosen.contains(i) && (!prefer_sector || p.sectors.contains(&companies[*i].sector)) {
                    chosen.push(*i);
                }
            }
        }
        let mut participants: Vec<(i64, ParticipantRole)> = chosen
            .iter()
            .enumerate()
            .map(|(n, i)| {
                (
                    ids[*i],
                    if n == 0 {
                        ParticipantRole::Lead
                    } else {
                        ParticipantRole::Partner
                    },
                )
            })
            .collect();
        if let Some(k) = p.knowledge {
            participants.push((real_id(k), ParticipantRole::KnowledgePartner));
        }
        for (organisation_id, role) in participants {
            let input = ParticipantInput {
                organisation_id: Some(organisation_id),
                role: Some(role.code().into()),
            };
            services
                .set_participant(&actor, project_id, input)
                .await
                .map_err(context(p.name))?;
        }
    }

    // The four Smart Industry EFRO projects.
    for (((name, lead_name, _), lead), partners) in EFRO_PROJECTS.iter().zip(EFRO_LEADS).zip(&efro_plan) {
        let input = ProjectInput {
            name: (*name).into(),
            description: Some(format!(
                "Smart Industry EFRO-project in Overijssel (jaarverslag 2017). Penvoerder: {lead_name}; {} deelnemende bedrijven.",
                partners.len()
            )),
            stage: Some("ontwikkeling".into()),
            theme_ids: themes(&[ThemeKey::SmartIndustry]),
            ..Default::default()
        };
        let project_id = services.create_project(&actor, input).await.map_err(context(name))?;
        summary.projects += 1;
        let all = std::iter::once((real_id(lead), ParticipantRole::Lead))
            .chain(partners.iter().map(|i| (ids[*i], ParticipantRole::Partner)));
        for (organisation_id, role) in all {
            let input = ParticipantInput {
                organisation_id: Some(organisation_id),
                role: Some(role.code().into()),
            };
            services
                .set_participant(&actor, project_id, input)
                .await
                .map_err(context(name))?;
        }
    }

    // Events: meetings of the seed years with their attendance, and a few coming up.
    let today = time::OffsetDateTime::now_utc().date();
    // The CIRCO Track whose session is among the events; its companies get their follow-up.
    let track_id = services
        .create_track(
            &actor,
            TrackInput {
                name: "CIRCO Track: circulaire businessmodellen".into(),
                provider_id: Some(real_id(R::Circo)),
                trainers: Some("Martijn Kerssen (Oost NL)".into()),
                follow_up_weeks: Some("4".into()),
                description: Some("Track voor een keten van maakbedrijven, met Saxion Fieldlab.".into()),
            },
        )
        .await
        .map_err(context("CIRCO Track"))?;
    summary.tracks += 1;
    for plan in EVENTS {
        let day = match plan.day {
            EventDay::On(y, m, d) => generate::ymd(y, m, d),
            EventDay::InDays(n) => today + time::Duration::days(n),
        };
        let at = |(h, m): (u8, u8)| format!("{}T{h:02}:{m:02}", iso(day));
        let input = EventInput {
            name: plan.name.into(),
            kind: Some(plan.kind.code().into()),
            starts_at: Some(at(plan.from)),
            ends_at: Some(at(plan.to)),
            location: Some(plan.location.into()),
            organiser_id: Some(real_id(plan.organiser)),
            network_id: plan.network.map(|n| network_ids[n]),
            description: Some(plan.description.into()),
            website: None,
        };
        let event_id = if plan.kind == EventKind::TrackSession {
            services.add_session(&actor, track_id, input).await
        } else {
            services.create_event(&actor, input).await
        }
        .map_err(context(plan.name))?;
        summary.events += 1;
        let past = matches!(plan.day, EventDay::On(..));
        let start = rng.below(contact_ids.len().max(1));
        for k in 0..plan.registrations.min(contact_ids.len()) {
            let (person_id, organisation_id) = contact_ids[(start + k) % contact_ids.len()];
            let status = match (past, rng.chance(82)) {
                (false, _) => RegistrationStatus::Registered,
                (true, true) => RegistrationStatus::Attended,
                (true, false) => RegistrationStatus::NoShow,
            };
            let input = RegistrationInput {
                person_id: Some(person_id),
                organisation_id: Some(organisation_id),
                status: Some(status.code().into()),
            };
            services
                .set_registration(&actor, event_id, input)
                .await
                .map_err(context(plan.name))?;
            summary.registrations += 1;
            // A Track moves those who came on in their journey: they made a plan.
            if plan.kind == EventKind::TrackSession && status == RegistrationStatus::Attended {
                let chain = (k < 6).then_some("Keten maakindustrie Deventer");
                services
                    .enrol(&actor, track_id, Some(organisation_id), chain)
                    .await
                    .map_err(context(plan.name))?;
                let stage = services.organisation(&actor, organisation_id).await?.data.journey_stage;
                if stage < Some(JourneyStage::Planning) {
                    services
                        .change_stage(
                            &actor,
                            organisation_id,
                            Some(JourneyStage::Planning.code()),
                            Some("Plan gemaakt in de CIRCO Track"),
                        )
                        .await
                        .map_err(context(plan.name))?;
                }
            }
        }
    }
    // The Track is done: a follow-up call per company; half of them made already.
    services
        .complete_track(&actor, track_id)
        .await
        .map_err(context("CIRCO Track"))?;
    let calls = services
        .tasks(
            &actor,
            &middenveld_store::track::TaskFilter {
                track_id: Some(track_id),
                paging: middenveld_store::Paging::all(),
                ..Default::default()
            },
        )
        .await?
        .items;
    let outcomes = [
        FollowUpOutcome::PlanPickedUp,
        FollowUpOutcome::PlanInDrawer,
        FollowUpOutcome::NeedsFinancing,
    ];
    for (n, task) in calls.iter().enumerate().filter(|(n, _)| n % 2 == 0) {
        let input = CallInput {
            outcome: Some(outcomes[n / 2 % outcomes.len()].code().into()),
            note: None,
            partner_id: None,
        };
        services
            .complete_task(&actor, task.id, input)
            .await
            .map_err(context("opvolging"))?;
    }

    // Support of the 2017 annual report, scaled down: innovation vouchers via the LAC, AKZO,
    // PSP and Fraunhofer (10 in the report), MIT feasibility applications (91 in, 36 granted),
    // advice conversations of Oost NL and Fieldlab student assignments.
    let vouchers = [R::Lac, R::Akzo, R::Psp, R::Fraunhofer];
    let mut plans: Vec<SupportPlan> = Vec::new();
    for k in 0..10 {
        let path: &[SupportStatus] = if k < 7 {
            &[SupportStatus::Granted, SupportStatus::Paid, SupportStatus::Closed]
        } else {
            &[SupportStatus::Granted]
        };
        plans.push((
            SupportInstrument::InnovationVoucher,
            Some(vouchers[k % 4]),
            path,
            Some(10_000),
            Some(10_000),
        ));
    }
    for k in 0..9 {
        let path: &[SupportStatus] = match k {
            0..=3 => &[SupportStatus::Applied, SupportStatus::Granted],
            4..=7 => &[SupportStatus::Applied, SupportStatus::Rejected],
            _ => &[SupportStatus::Applied],
        };
        let granted = (k <= 3).then_some(20_000);
        plans.push((
            SupportInstrument::MitFeasibility,
            Some(R::OostNl),
            path,
            Some(25_000),
            granted,
        ));
    }
    for _ in 0..4 {
        plans.push((
            SupportInstrument::Advice,
            Some(R::OostNl),
            &[SupportStatus::Granted],
            None,
            None,
        ));
    }
    for _ in 0..3 {
        plans.push((
            SupportInstrument::StudentAssignment,
            Some(R::Fieldlab),
            &[SupportStatus::Granted],
            None,
            None,
        ));
    }
    for (instrument, provider, path, requested, granted) in plans {
        let company = ids[rng.below(ids.len())];
        let applied = rng.date(generate::ymd(2017, 1, 16), generate::ymd(2017, 11, 30));
        let mut input = SupportInput {
            organisation_id: Some(company),
            provider_id: provider.map(real_id),
            instrument: Some(instrument.code().into()),
            status: Some(path[0].code().into()),
            description: None,
            amount_requested: requested.map(|e| e.to_string()),
            amount_granted: None,
            applied_on: Some(iso(applied)),
            decided_on: None,
            project_id: None,
        };
        let id = services
            .create_support(&actor, input.clone())
            .await
            .map_err(context("ondersteuning"))?;
        for status in &path[1..] {
            input.status = Some(status.code().into());
            if *status == SupportStatus::Granted {
                input.amount_granted = granted.map(|e| e.to_string());
                input.decided_on = Some(iso(applied + time::Duration::days(45)));
            }
            if *status == SupportStatus::Rejected {
                input.decided_on = Some(iso(applied + time::Duration::days(45)));
            }
            services
                .update_support(&actor, id, input.clone())
                .await
                .map_err(context("ondersteuning"))?;
        }
        summary.support += 1;
    }

    // The launching-customer cases of the 2017 annual report.
    let cases = [
        CaseInput {
            name: "Cementloos beton in de turborotonde N737".into(),
            challenge: Some("Aanleg van de turborotonde N737".into()),
            innovation: Some(
                "De eerste toepassing van cementloos beton in constructieve onderdelen zoals een rotonde: \
                 duurzamer, en minder tijd en materiaal bij de bouw."
                    .into(),
            ),
            status: Some(LaunchingStatus::Applied.code().into()),
            outcome: None,
            start_date: Some("2017-01-01".into()),
        },
        CaseInput {
            name: "Asbestschakel".into(),
            challenge: Some("Asbestdaken verwijderen".into()),
            innovation: Some("Een totaaldienst: asbestverwijdering, een nieuw dak en eventueel zonnepanelen.".into()),
            status: Some(LaunchingStatus::Closed.code().into()),
            outcome: Some("Kostenreductie van zo'n 20%.".into()),
            start_date: Some("2017-01-01".into()),
        },
        CaseInput {
            name: "Innovatieroute N737".into(),
            challenge: Some("Innovatiegerichte uitvraag voor de N737 (december 2017)".into()),
            innovation: None,
            status: Some(LaunchingStatus::Dialogue.code().into()),
            outcome: None,
            start_date: Some("2017-12-01".into()),
        },
    ];
    for input in cases {
        let id = services
            .create_case(&actor, input)
            .await
            .map_err(context("launching customer"))?;
        for _ in 0..2 {
            let supplier = ids[rng.below(ids.len())];
            services
                .add_case_supplier(&actor, id, Some(supplier))
                .await
                .map_err(context("launching customer"))?;
        }
    }

    // The events of 2017 up to the annual report's figures, then the accountability of the
    // seeds: programmes, objectives, indicators, notes and finances.
    let organisers: Vec<i64> = [R::OostNl, R::Kennispoort, R::NovelT, R::Boost, R::Circo, R::Saxion]
        .into_iter()
        .map(real_id)
        .collect();
    let (events, registrations) =
        accountability::history_2017(services, &actor, &mut rng, &organisers, &contact_ids).await?;
    summary.events += events;
    summary.registrations += registrations;
    accountability::load(services, &actor)
        .await
        .map_err(context("verantwoording"))?;

    // The signpost's offers: which partner helps with which question (seed 001, 002).
    let offers: [OfferPlan; 7] = [
        (
            R::Circo,
            QuestionKind::CircularDesign,
            &[JourneyStage::Unaware, JourneyStage::Interested],
            None,
            "CIRCO Track: in drie sessies een circulair businessmodel, ook als keten van bedrijven",
            "Meld je aan voor de volgende CIRCO Track",
        ),
        (
            R::OostNl,
            QuestionKind::Financing,
            &[JourneyStage::Implementing, JourneyStage::FinancingScaling],
            None,
            "Financiering van innovatie en opschaling, met de regionale fondsen",
            "Vraag een intakegesprek aan bij Oost NL",
        ),
        (
            R::OostNl,
            QuestionKind::Subsidy,
            &[],
            None,
            "MIT-haalbaarheidsprojecten en R&D-samenwerkingsprojecten",
            "Bel de MIT-adviseur van Oost NL",
        ),
        (
            R::Fieldlab,
            QuestionKind::Talent,
            &[JourneyStage::Planning, JourneyStage::Implementing],
            Some(Sector::Manufacturing),
            "Studenten van het Fieldlab helpen bij de uitvoering van een circulair plan",
            "Mail het Fieldlab met de opdracht",
        ),
        (
            R::Kennispoort,
            QuestionKind::Knowledge,
            &[],
            None,
            "Verbinding met kennisinstellingen in de regio Zwolle",
            "Plan een gesprek met een innovatieadviseur van Kennispoort",
        ),
        (
            R::NovelT,
            QuestionKind::Partners,
            &[],
            None,
            "Het Waardemakersnetwerk in Twente: ondernemers die samen innoveren",
            "Kom naar de volgende netwerkbijeenkomst",
        ),
        (
            R::Boost,
            QuestionKind::Knowledge,
            &[JourneyStage::Unaware, JourneyStage::Interested],
            Some(Sector::Manufacturing),
            "Kennismaken met Smart Industry en de slimme maakindustrie",
            "Schrijf je in voor een BOOST-sessie",
        ),
    ];
    for (partner, kind, stages, sector, description, next) in offers {
        let input = OfferInput {
            partner_id: Some(real_id(partner)),
            kind: Some(kind.code().into()),
            stages: stages.iter().map(|s| s.code().to_string()).collect(),
            sector: sector.map(|s| s.code().into()),
            description: Some(description.into()),
            next_step: Some(next.into()),
            website: None,
        };
        services
            .create_offer(&actor, input)
            .await
            .map_err(context(description))?;
    }

    // Referrals (seed 001: "where to go for which question"): open ones in the queues of Oost
    // NL and Saxion, one already closed.
    let referrals: [(R, R, QuestionKind, &str, Option<&str>); 3] = [
        (
            R::Kennispoort,
            R::OostNl,
            QuestionKind::Financing,
            "Hoe financieren we de circulaire businesscase uit de CIRCO Track?",
            None,
        ),
        (
            R::Circo,
            R::Saxion,
            QuestionKind::Talent,
            "Kunnen studenten van het Fieldlab helpen het plan uit de Track uit te voeren?",
            None,
        ),
        (
            R::NovelT,
            R::Ut,
            QuestionKind::Knowledge,
            "Onderzoek naar het hergebruik van kunststofrecyclaat in een bestaand product.",
            Some("Gekoppeld aan een onderzoeksgroep; haalbaarheidsstudie loopt."),
        ),
    ];
    for (from, to, kind, question, outcome) in referrals {
        let company = ids[rng.below(ids.len())];
        let input = ReferralInput {
            company_id: Some(company),
            from_id: Some(real_id(from)),
            to_id: Some(real_id(to)),
            kind: Some(kind.code().into()),
            question: Some(question.into()),
            status: Some(
                if outcome.is_some() {
                    ReferralStatus::Closed
                } else {
                    ReferralStatus::Open
                }
                .code()
                .into(),
            ),
            outcome: outcome.map(Into::into),
            visitor_request: false,
        };
        services
            .create_referral(&actor, input)
            .await
            .map_err(context(question))?;
        summary.referrals += 1;
    }

    // Good examples for the exhibition (seeds 001 and 002): three published with the featured
    // organisation's consent and a contact partner, one draft to show the workflow.
    let examples: [ExamplePlan; 4] = [
        (
            "Cementloos beton in de turborotonde N737",
            "De provincie was launching customer: de eerste toepassing van cementloos beton in constructieve onderdelen van een rotonde.",
            "Bij de aanleg van de turborotonde N737 is cementloos beton toegepast. Het is de eerste toepassing van cementloos beton bij constructieve onderdelen zoals een rotonde.\n\nCementloos beton is duurzamer dan traditioneel beton en bespaart bij de bouw tijd en materialen. De provincie werkte de businesscase in 2017 samen met ondernemers uit en paste de innovatie toe bij haar eigen opgave.",
            &[R::Province],
            R::Province,
            R::OostNl,
            &[ThemeKey::Circular],
            Some(Sector::Construction),
            true,
        ),
        (
            "De Asbestschakel: asbest eraf, een nieuw dak en zonnepanelen erop",
            "Eén totaaldienst voor het verwijderen van asbestdaken, een nieuw dak en eventueel zonnepanelen, zo'n 20% goedkoper.",
            "Voor het verwijderen van asbestdaken is een nieuwe dienst ontwikkeld: de Asbestschakel. Door maximaal gebruik te maken van de nieuwste informatie en technologische ontwikkelingen ontstond een totaaldienst van asbestverwijdering, de plaatsing van een nieuw dak en eventueel zonnepanelen.\n\nDat leidt tot een kostenreductie van zo'n 20%. De provincie trad op als launching customer.",
            &[R::Province],
            R::Province,
            R::OostNl,
            &[ThemeKey::Circular, ThemeKey::Energy],
            Some(Sector::Construction),
            true,
        ),
        (
            "Van kennismaken tot circulair plan in de CIRCO Track",
            "Maakbedrijven ontwerpen in een CIRCO Track samen een circulaire businesscase en voeren die uit met studenten van het Fieldlab.",
            "Sinds 2018 werken de provincie Overijssel en CIRCO samen om bedrijven aan de slag te laten gaan met circulair ondernemen. In een Track werken ondernemers in drie sessies aan een circulair product, een circulaire dienst of een nieuw businessmodel.\n\nNa de Track helpen studenten van het Saxion Fieldlab Circulaire Innovaties Maakindustrie de bedrijven hun plan uit te voeren; voor financiering kunnen ze terecht bij Oost NL.",
            &[R::Circo, R::Fieldlab],
            R::Circo,
            R::Kennispoort,
            &[ThemeKey::Circular, ThemeKey::SmartIndustry],
            Some(Sector::Manufacturing),
            true,
        ),
        (
            "Slim en circulair produceren met BOOST",
            "Hoe de slimme maakindustrie circulair ondernemen aanjaagt (concept, nog niet gepubliceerd).",
            "Uit onderzoek van TNO onder Overijsselse maakbedrijven blijkt dat de slimme maakindustrie een aanjager kan zijn van circulair ondernemen.\n\nDit verhaal is nog een concept: de toestemming van BOOST ontbreekt nog.",
            &[R::Boost, R::Tno],
            R::Boost,
            R::Boost,
            &[ThemeKey::SmartIndustry],
            Some(Sector::Manufacturing),
            false,
        ),
    ];
    for (title, summary_text, story, orgs, featured, contact, keys, sector, publish) in examples {
        let input = middenveld_domain::example::ExampleInput {
            title: title.into(),
            summary: Some(summary_text.into()),
            story: Some(story.into()),
            municipality_code: REAL[featured as usize].place.map(|(_, code)| code.to_string()),
            sector: sector.map(|s| s.code().into()),
            theme_ids: themes(keys),
            organisation_ids: orgs.iter().map(|r| real_id(*r)).collect(),
            project_ids: Vec::new(),
            contact_partner_id: Some(real_id(contact)),
        };
        let id = services.create_example(&actor, input).await.map_err(context(title))?;
        if publish {
            let consent = middenveld_domain::example::ConsentInput {
                organisation_id: Some(real_id(featured)),
                signer: Some("Communicatieafdeling".into()),
                date: Some("2026-01-15".into()),
                note: Some("Tekst en vermelding afgestemd per e-mail.".into()),
            };
            services
                .record_example_consent(&actor, id, consent)
                .await
                .map_err(context(title))?;
            for status in ["ter-beoordeling", "gepubliceerd"] {
                services
                    .set_example_status(&actor, id, Some(status))
                    .await
                    .map_err(context(title))?;
            }
        }
    }
    demo_agreement(services, &actor, themes(&[ThemeKey::Circular])).await?;
    demo_advice(services, &actor, themes(&[ThemeKey::HumanCapital])).await?;
    Ok(summary)
}

/// Seed 003: the SER Overijssel's advice on social innovation and the province's reply, with
/// their real case number and reference; the counters move past them, so neither is reused.
async fn demo_advice(services: &Services, actor: &Actor, theme_ids: Vec<i64>) -> Result<()> {
    use crate::advice::{AdviceLinks, HistoricNumbers};
    use middenveld_domain::advice::{AdviceInput, ReplyInput};
    let subject = "Briefadvies Meer aandacht voor sociale innovatie";
    let date =
        |s: &str| middenveld_domain::Date::parse(s).map_err(|_| ServiceError::Internal(format!("demo date {s}")));
    let input = AdviceInput {
        advisory_body: "SER Overijssel".into(),
        addressee: Some("Luttenbergstraat 2\n8012 EE ZWOLLE".into()),
        received_on: Some("2022-12-01".into()),
        their_reference: None,
        subject: subject.into(),
        summary: Some("Ongevraagd briefadvies 'Meer aandacht voor sociale innovatie in het mkb- en arbeidsmarktbeleid van de Provincie Overijssel', met het aanbod de kennis van de sociale partners te gebruiken en het advies een regionaal meerjarenplan met Europese middelen op te zetten.".into()),
        reply_weeks: None,
    };
    let links = AdviceLinks {
        objective_ids: Vec::new(),
        theme_ids,
    };
    let numbers = HistoricNumbers {
        case_number: "2023-003015".into(),
        registered_on: date("2023-01-05")?,
        reply_reference: Some("D2023-02-002694".into()),
        replied_on: Some(date("2023-02-21")?),
    };
    let id = services
        .import_advice(actor, input, links, numbers)
        .await
        .map_err(context(subject))?;
    let reply = ReplyInput {
        decision: Some("Het briefadvies ter harte nemen, vasthouden aan de ingezette koers van het mkb- en arbeidsmarktbeleid en een nieuwe koers overlaten aan de nieuwe coalitie na de verkiezingen.".into()),
        reply_date: Some("2023-02-21".into()),
        body: Some("Op 1 december 2022 ontving gedeputeerde Staten van Overijssel uw briefadvies 'Meer aandacht voor sociale innovatie in het mkb- en arbeidsmarktbeleid van de Provincie Overijssel'.\n\nGedeputeerde Staten heeft besloten om uw briefadvies ter harte te nemen, vast te houden aan de ingezette koers van het huidige provinciale mkb- en arbeidsmarktbeleid en een nieuwe koers over te laten aan de nieuwe coalitie na de verkiezingen.\n\nDit is het laatste jaar van de huidige beleidsperiode (2020-2023). Beide programma's (MKB en Arbeidsmarkt) van de Provincie hebben met de ingezette koers goede resultaten neergezet en willen deze dit jaar vasthouden.\n\nHet ongevraagde advies van de SER Overijssel komt net voor de Provinciale verkiezingen van maart 2023 bij Gedeputeerde Staten binnen. De nieuwe coalitie kan dit advies meenemen in nieuw te formuleren beleid.\n\nHeeft u vragen? Neemt u dan gerust contact op via de contactgegevens vermeld in het briefhoofd onder Inlichtingen bij. Wilt u ook het zaaknummer 2023-003015 vermelden? Op die manier kunnen wij sneller op uw vraag of opmerking reageren.".into()),
        contact_name: Some("Mevr. M. Bom".into()),
        contact_phone: Some("06 1046 2095".into()),
        contact_email: Some("M.Bom@overijssel.nl".into()),
        signatories: Some("voorzitter, A.P. Heidema\nsecretaris, N. Versteeg".into()),
    };
    services
        .reply_advice(actor, id, reply)
        .await
        .map_err(context(subject))?;
    Ok(())
}

/// Seed 004: the IPO strength map of the circular economy as an agreement, its earlier
/// years confirmed and this year's evaluation due within two weeks (so a reminder shows).
async fn demo_agreement(services: &Services, actor: &Actor, theme_ids: Vec<i64>) -> Result<()> {
    let name = "Krachtenkaart circulaire economie (IPO)";
    let today = time::OffsetDateTime::now_utc().date();
    let due = today + time::Duration::days(14);
    let due = if due.year() != today.year() {
        "31-12".to_string()
    } else {
        format!("{:02}-{:02}", due.day().min(28), u8::from(due.month()))
    };
    let (objectives, indicators) = services.agreement_link_choices(actor).await?;
    let circular = |list: &[(i64, String)]| -> Vec<i64> {
        list.iter()
            .filter(|(_, n)| n.to_lowercase().contains("circulair"))
            .map(|(i, _)| *i)
            .collect()
    };
    let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let input = middenveld_domain::agreement::AgreementInput {
        name: name.into(),
        description: Some(
            "IPO is, samen met o.a. Rijk, regionale en maatschappelijke partijen en kennisinstellingen, ondertekenaar van het Grondstoffenakkoord (2017). Provincies zijn in de rol van middenvelder de verbindende schakel tussen lokaal en (inter)nationaal. Afspraken in het kader van de IPO-krachtenkaart worden jaarlijks bevestigd en geëvalueerd; provincies geven daartoe de aanzet.".into(),
        ),
        parties: lines(&["IPO (provincies)", "Rijk"]),
        organisation_ids: Vec::new(),
        start_year: Some("2021".into()),
        end_year: None,
        due: Some(due),
        offers: lines(&[
            "Verbinden en ondersteunen van lokale partijen: gemeenten, waterschappen, kennis- en onderzoeksinstellingen, ROM's, financiers, burgers, consumenten en vooral het (brede) MKB.",
            "Actief stimuleren van kennisontwikkeling en innovatie.",
            "De regio vertegenwoordigen in (inter)nationaal verband: het geluid uit de regio brengen en het (inter)nationale geluid ophalen en vertalen naar de regio.",
            "Regierol als verbinder in het circulaire ecosysteem van de regio, als de \"ideale, ook scorende middenvelder\".",
            "Meewerken aan het Uitvoeringsprogramma CE (UPCE) en toewerken naar zichtbare en toonaangevende regio's, met verbindingen naar de regiodeals.",
        ]),
        asks: lines(&[
            "Samenwerking en ondersteuning in de uitvoering, ook waar transitiestromen provincie- en landsgrenzen overgaan.",
            "Ondersteuning in regelgeving.",
            "Ondersteuning in de verdere ontwikkeling van circulariteit.",
        ]),
        theme_ids,
        indicator_ids: circular(&indicators),
        objective_ids: circular(&objectives),
    };
    let id = services.create_agreement(actor, input).await.map_err(context(name))?;
    for year in 2021..today.year() {
        let adjusted = year == 2023;
        let input = middenveld_domain::agreement::YearInput {
            year: Some(year.to_string()),
            status: Some(if adjusted { "aangepast" } else { "bevestigd" }.into()),
            date: Some(format!("{year}-11-28")),
            evaluation: Some(format!(
                "Jaarlijkse evaluatie {year} in het IPO-overleg: de handreikingen lopen; de vragen aan het Rijk zijn besproken in het kader van het UPCE."
            )),
            change: adjusted.then(|| "Aanbod aangevuld met de verbinding naar de regiodeals.".to_string()),
        };
        services
            .record_agreement_year(actor, id, input)
            .await
            .map_err(context(name))?;
    }
    Ok(())
}

/// A demo good example: title, summary, story, organisations involved, the featured
/// organisation (consent), contact partner, themes, sector, whether it is published.
type ExamplePlan = (
    &'static str,
    &'static str,
    &'static str,
    &'static [R],
    R,
    R,
    &'static [ThemeKey],
    Option<Sector>,
    bool,
);

/// A demo signpost offer: partner, kind of question, stages, sector, what, next step.
type OfferPlan = (
    R,
    QuestionKind,
    &'static [JourneyStage],
    Option<Sector>,
    &'static str,
    &'static str,
);

/// A demo support record: instrument, provider, the statuses it goes through, euros requested
/// and granted.
type SupportPlan = (
    SupportInstrument,
    Option<R>,
    &'static [SupportStatus],
    Option<i64>,
    Option<i64>,
);

/// When a demo event takes place: on a date of the seed years, or some days from today (so
/// the calendar and its feed always have something coming up).
#[derive(Clone, Copy)]
enum EventDay {
    On(i32, u8, u8),
    InDays(i64),
}

struct EventPlan {
    name: &'static str,
    kind: EventKind,
    day: EventDay,
    from: (u8, u8),
    to: (u8, u8),
    location: &'static str,
    organiser: R,
    /// Index into NETWORKS.
    network: Option<usize>,
    registrations: usize,
    description: &'static str,
}

/// Meetings the seeds speak of (BOOST Smart Industry sessions, the Waardemakers networks, CIRCO
/// Tracks, the Fieldlab's plenary feedback), at the scale of a demo.
const EVENTS: &[EventPlan] = &[
    EventPlan {
        name: "BOOST: kennismaken met Smart Industry",
        kind: EventKind::Workshop,
        day: EventDay::On(2017, 3, 14),
        from: (15, 0),
        to: (18, 0),
        location: "Hengelo, Gebouw Twentec",
        organiser: R::Boost,
        network: None,
        registrations: 40,
        description: "Sessie voor maakbedrijven die kennismaken met de kansen van de digitale revolutie.",
    },
    EventPlan {
        name: "Waardemakers Twente: netwerkbijeenkomst voorjaar",
        kind: EventKind::NetworkMeeting,
        day: EventDay::On(2017, 4, 20),
        from: (16, 0),
        to: (19, 30),
        location: "Enschede, Novel-T",
        organiser: R::NovelT,
        network: Some(0),
        registrations: 35,
        description: "Ondernemers van het netwerk presenteren hun gezamenlijke projecten.",
    },
    EventPlan {
        name: "Laserlassen in de praktijk (Smart Welding Factory)",
        kind: EventKind::CompanyVisit,
        day: EventDay::On(2017, 6, 8),
        from: (13, 30),
        to: (17, 0),
        location: "Enschede, Laser Applicatie Centrum",
        organiser: R::Lac,
        network: None,
        registrations: 22,
        description: "Bedrijfsbezoek bij het EFRO-project Smart Welding Factory.",
    },
    EventPlan {
        name: "Waardemakers Regio Zwolle: netwerkbijeenkomst najaar",
        kind: EventKind::NetworkMeeting,
        day: EventDay::On(2017, 10, 12),
        from: (16, 0),
        to: (19, 0),
        location: "Zwolle, Provinciehuis",
        organiser: R::Kennispoort,
        network: Some(1),
        registrations: 30,
        description: "Najaarsbijeenkomst van het Waardemakersnetwerk in de regio Zwolle.",
    },
    EventPlan {
        name: "CIRCO Track: circulaire businessmodellen (sessie 1)",
        kind: EventKind::TrackSession,
        day: EventDay::On(2018, 9, 18),
        from: (9, 0),
        to: (17, 0),
        location: "Deventer, Saxion",
        organiser: R::Circo,
        network: None,
        registrations: 12,
        description: "Eerste sessie van een CIRCO Track voor een keten van maakbedrijven.",
    },
    EventPlan {
        name: "Plenaire terugkoppeling Fieldlab Circulaire Innovaties",
        kind: EventKind::NetworkMeeting,
        day: EventDay::On(2018, 11, 27),
        from: (15, 30),
        to: (17, 30),
        location: "Enschede, Saxion",
        organiser: R::Fieldlab,
        network: None,
        registrations: 18,
        description: "Deelnemers van de Tracks en studenten van het Fieldlab delen wat zij na de Track hebben gedaan.",
    },
    EventPlan {
        name: "Circulaire Business Modellen: werkgroep",
        kind: EventKind::Workshop,
        day: EventDay::InDays(16),
        from: (14, 0),
        to: (17, 0),
        location: "Hengelo, Gebouw Twentec",
        organiser: R::Boost,
        network: None,
        registrations: 14,
        description: "Koploperbedrijven laten hun circulaire businessmodel zien, ter inspiratie.",
    },
    EventPlan {
        name: "Webinar: financiering van een circulaire businesscase",
        kind: EventKind::Webinar,
        day: EventDay::InDays(30),
        from: (12, 0),
        to: (13, 0),
        location: "Online",
        organiser: R::OostNl,
        network: None,
        registrations: 25,
        description: "Welke financiering past bij welke fase? Met Oost NL en de regionale fondsen.",
    },
];

/// Creates the demo administrator when no user `admin` exists; true when created.
async fn ensure_admin(services: &Services, actor: &Actor) -> Result<bool> {
    let (username, password) = DEMO_ADMIN;
    let exists = {
        let mut conn = services.db.conn().await?;
        middenveld_store::user::by_name(&mut conn, username).await?.is_some()
    };
    if exists {
        return Ok(false);
    }
    services.add_user(actor, username, password, Role::Admin).await?;
    Ok(true)
}

#[cfg(test)]
mod tests;
