//! Deterministic generation of synthetic but plausible records: a small seeded PRNG
//! (splitmix64), Dutch word lists for company and person names, and a rough table of the
//! 25 Overijssel municipalities with their towns and postcode ranges.
//!
//! Names are meant not to be those of real companies: combinations of common surnames, regional
//! adjectives, invented brand syllables and trade words.

use middenveld_domain::enums::{JourneyStage, OrganisationKind, SizeClass};

/// splitmix64: tiny, fast, good enough for fixtures, and the same sequence everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        low + self.below((high.saturating_sub(low) + 1) as usize) as u32
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// An element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// A calendar date between two dates (inclusive).
    pub fn date(&mut self, from: time::Date, to: time::Date) -> time::Date {
        let days = (to - from).whole_days().max(0) as usize;
        from + time::Duration::days(self.below(days + 1) as i64)
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The region a municipality belongs to, for regional name adjectives and network areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Twente,
    Salland,
    Vechtdal,
    Zwolle,
    Kop,
}

impl Region {
    pub fn adjective(self) -> &'static str {
        match self {
            Region::Twente => "Twentse",
            Region::Salland => "Sallandse",
            Region::Vechtdal => "Vechtdal",
            Region::Zwolle => "Zwolse",
            Region::Kop => "IJsseldelta",
        }
    }

    /// The Waardemakers network area: Twente, or Zwolle-Vechtdal (everything else).
    pub fn is_twente(self) -> bool {
        self == Region::Twente
    }
}

/// A town: name and a rough range of its four-digit postcodes.
pub type Town = (&'static str, u16, u16);

/// A municipality of Overijssel with a size weight (thousands of inhabitants, rounded).
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub code: &'static str,
    pub weight: u32,
    pub region: Region,
    pub towns: &'static [Town],
}

/// The 25 municipalities; weights follow their population roughly.
pub const PLACES: &[Place] = &[
    Place {
        code: "GM0141",
        weight: 74,
        region: Region::Twente,
        towns: &[("Almelo", 7600, 7609)],
    },
    Place {
        code: "GM0147",
        weight: 24,
        region: Region::Twente,
        towns: &[("Borne", 7621, 7623), ("Zenderen", 7625, 7625)],
    },
    Place {
        code: "GM0148",
        weight: 29,
        region: Region::Vechtdal,
        towns: &[("Dalfsen", 7721, 7722), ("Nieuwleusen", 7711, 7711)],
    },
    Place {
        code: "GM0150",
        weight: 101,
        region: Region::Salland,
        towns: &[("Deventer", 7411, 7433), ("Bathmen", 7437, 7437)],
    },
    Place {
        code: "GM0153",
        weight: 160,
        region: Region::Twente,
        towns: &[("Enschede", 7511, 7548), ("Glanerbrug", 7531, 7533)],
    },
    Place {
        code: "GM0158",
        weight: 24,
        region: Region::Twente,
        towns: &[("Haaksbergen", 7481, 7483)],
    },
    Place {
        code: "GM0160",
        weight: 61,
        region: Region::Vechtdal,
        towns: &[
            ("Hardenberg", 7771, 7773),
            ("Dedemsvaart", 7701, 7701),
            ("Gramsbergen", 7783, 7783),
        ],
    },
    Place {
        code: "GM0163",
        weight: 36,
        region: Region::Twente,
        towns: &[("Nijverdal", 7441, 7443), ("Hellendoorn", 7447, 7447)],
    },
    Place {
        code: "GM0164",
        weight: 81,
        region: Region::Twente,
        towns: &[("Hengelo", 7550, 7559)],
    },
    Place {
        code: "GM0166",
        weight: 54,
        region: Region::Kop,
        towns: &[("Kampen", 8261, 8266), ("IJsselmuiden", 8271, 8271)],
    },
    Place {
        code: "GM0168",
        weight: 23,
        region: Region::Twente,
        towns: &[("Losser", 7581, 7582), ("Overdinkel", 7586, 7586)],
    },
    Place {
        code: "GM0173",
        weight: 32,
        region: Region::Twente,
        towns: &[("Oldenzaal", 7571, 7577)],
    },
    Place {
        code: "GM0175",
        weight: 18,
        region: Region::Vechtdal,
        towns: &[("Ommen", 7731, 7731)],
    },
    Place {
        code: "GM0177",
        weight: 38,
        region: Region::Salland,
        towns: &[("Raalte", 8101, 8103), ("Heino", 8141, 8141)],
    },
    Place {
        code: "GM0180",
        weight: 17,
        region: Region::Kop,
        towns: &[("Staphorst", 7951, 7951), ("Rouveen", 7954, 7954)],
    },
    Place {
        code: "GM0183",
        weight: 21,
        region: Region::Twente,
        towns: &[("Tubbergen", 7651, 7651), ("Albergen", 7615, 7615)],
    },
    Place {
        code: "GM0189",
        weight: 25,
        region: Region::Twente,
        towns: &[("Wierden", 7641, 7642), ("Enter", 7468, 7468)],
    },
    Place {
        code: "GM0193",
        weight: 130,
        region: Region::Zwolle,
        towns: &[("Zwolle", 8011, 8046)],
    },
    Place {
        code: "GM1700",
        weight: 34,
        region: Region::Twente,
        towns: &[("Vriezenveen", 7671, 7672), ("Vroomshoop", 7681, 7681)],
    },
    Place {
        code: "GM1708",
        weight: 44,
        region: Region::Kop,
        towns: &[("Steenwijk", 8331, 8335), ("Vollenhove", 8325, 8325)],
    },
    Place {
        code: "GM1735",
        weight: 35,
        region: Region::Twente,
        towns: &[("Goor", 7471, 7472), ("Delden", 7491, 7491)],
    },
    Place {
        code: "GM1742",
        weight: 38,
        region: Region::Twente,
        towns: &[("Rijssen", 7461, 7463), ("Holten", 7451, 7451)],
    },
    Place {
        code: "GM1773",
        weight: 18,
        region: Region::Salland,
        towns: &[("Olst", 8121, 8121), ("Wijhe", 8131, 8131)],
    },
    Place {
        code: "GM1774",
        weight: 26,
        region: Region::Twente,
        towns: &[("Denekamp", 7591, 7591), ("Ootmarsum", 7631, 7631)],
    },
    Place {
        code: "GM1896",
        weight: 23,
        region: Region::Kop,
        towns: &[("Hasselt", 8061, 8061), ("Genemuiden", 8281, 8281)],
    },
];

/// Splits `total` over the municipalities in proportion to their weights (largest remainder),
/// at least `minimum` each: how many records each municipality gets.
pub fn apportion(total: usize, minimum: usize) -> Vec<usize> {
    let floor = minimum * PLACES.len();
    let rest = total.saturating_sub(floor);
    let weight: u64 = PLACES.iter().map(|p| u64::from(p.weight)).sum();
    let mut counts: Vec<(usize, u64, usize)> = PLACES
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let exact = rest as u64 * u64::from(p.weight);
            (minimum + (exact / weight) as usize, exact % weight, i)
        })
        .collect();
    let assigned: usize = counts.iter().map(|c| c.0).sum();
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    by_remainder.sort_by(|a, b| counts[*b].1.cmp(&counts[*a].1).then(a.cmp(b)));
    for i in by_remainder.into_iter().take(total.saturating_sub(assigned)) {
        counts[i].0 += 1;
    }
    counts.iter().map(|c| c.0).collect()
}

/// Letters Dutch postcodes use (no F, I, O, Q, U, Y; no S, so never SA, SD or SS).
const POSTCODE_LETTERS: &[u8] = b"ABCDEGHJKLMNPRTVWXZ";

/// A postcode in the town's range, e.g. "7521 BK".
pub fn postcode(rng: &mut Rng, town: &Town) -> String {
    let digits = rng.between(u32::from(town.1), u32::from(town.2));
    let a = char::from(*rng.pick(POSTCODE_LETTERS));
    let b = char::from(*rng.pick(POSTCODE_LETTERS));
    format!("{digits} {a}{b}")
}

const STREETS: &[&str] = &[
    "Industrieweg",
    "Handelsweg",
    "Ambachtsweg",
    "Nijverheidsweg",
    "Bedrijvenweg",
    "Energieweg",
    "Transportweg",
    "Zuiderval",
    "Havenstraat",
    "Kanaalweg",
    "Stationsstraat",
    "Marktstraat",
    "Produktieweg",
    "Edisonstraat",
    "Marconistraat",
    "Kelvinstraat",
    "Watermolen",
    "Esweg",
    "Hazenweg",
    "Twentepoort",
    "Mercuriusweg",
    "Grasdijk",
    "Galvanistraat",
    "Vlasakker",
];

pub fn address(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(STREETS), rng.between(1, 180))
}

/// A trade: the words a company name in it may end with, its SBI code and whether it tends
/// to be manufacturing (for Smart Industry projects) and its most likely theme.
#[derive(Debug, Clone, Copy)]
pub struct Sector {
    pub sbi: &'static str,
    pub words: &'static [&'static str],
    pub manufacturing: bool,
    pub theme: ThemeKey,
}

/// The demo themes, by key; their names are in `super::THEMES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeKey {
    Circular = 0,
    SmartIndustry = 1,
    Energy = 2,
    Mobility = 3,
    HumanCapital = 4,
    AgroFood = 5,
    Health = 6,
}

pub const SECTORS: &[Sector] = &[
    Sector {
        sbi: "2562",
        words: &["Metaaltechniek", "Metaalbewerking", "Precisietechniek", "Plaatwerk"],
        manufacturing: true,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "2511",
        words: &["Staalbouw", "Constructiewerken", "Staalconstructies"],
        manufacturing: true,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "2829",
        words: &["Machinebouw", "Machinefabriek", "Automatisering"],
        manufacturing: true,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "2899",
        words: &["Robotica", "Procestechniek", "Mechatronica"],
        manufacturing: true,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "2229",
        words: &["Kunststoffen", "Kunststofverwerking", "Spuitgiettechniek"],
        manufacturing: true,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "3832",
        words: &["Recycling", "Kunststof Recycling", "Grondstoffen"],
        manufacturing: false,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "3821",
        words: &["Afvalverwerking", "Milieuservice", "Reststromen"],
        manufacturing: false,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "1392",
        words: &["Textiel", "Textielproducten", "Confectie"],
        manufacturing: true,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "3109",
        words: &["Interieurbouw", "Meubelmakerij", "Projectinrichting"],
        manufacturing: true,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "1623",
        words: &["Houtbouw", "Houtindustrie", "Timmerfabriek"],
        manufacturing: true,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "2361",
        words: &["Betonwaren", "Prefab Beton", "Betonindustrie"],
        manufacturing: true,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "4120",
        words: &["Bouw", "Bouwbedrijf", "Bouwgroep"],
        manufacturing: false,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "4322",
        words: &["Installatietechniek", "Installaties", "Klimaattechniek"],
        manufacturing: false,
        theme: ThemeKey::Energy,
    },
    Sector {
        sbi: "4321",
        words: &["Elektrotechniek", "Zonne-energie", "Energietechniek"],
        manufacturing: false,
        theme: ThemeKey::Energy,
    },
    Sector {
        sbi: "2790",
        words: &["Elektronica", "Besturingstechniek", "Power Systems"],
        manufacturing: true,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "2651",
        words: &["Sensortechniek", "Meettechniek", "Sensor Systems"],
        manufacturing: true,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "6201",
        words: &["Software", "Digital", "ICT"],
        manufacturing: false,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "7112",
        words: &["Engineering", "Ingenieursbureau", "Technisch Advies"],
        manufacturing: false,
        theme: ThemeKey::SmartIndustry,
    },
    Sector {
        sbi: "1721",
        words: &["Verpakkingen", "Karton", "Packaging"],
        manufacturing: true,
        theme: ThemeKey::Circular,
    },
    Sector {
        sbi: "1089",
        words: &["Voedingsmiddelen", "Food", "Foodproducts"],
        manufacturing: true,
        theme: ThemeKey::AgroFood,
    },
    Sector {
        sbi: "1051",
        words: &["Zuivel", "Kaasmakerij", "Zuivelproducten"],
        manufacturing: true,
        theme: ThemeKey::AgroFood,
    },
    Sector {
        sbi: "2830",
        words: &["Agrotechniek", "Stalinrichting", "Landbouwmechanisatie"],
        manufacturing: true,
        theme: ThemeKey::AgroFood,
    },
    Sector {
        sbi: "4941",
        words: &["Transport", "Logistiek", "Logistics"],
        manufacturing: false,
        theme: ThemeKey::Mobility,
    },
    Sector {
        sbi: "3250",
        words: &["Medical", "Medische Techniek", "Zorgtechniek"],
        manufacturing: true,
        theme: ThemeKey::Health,
    },
    Sector {
        sbi: "7022",
        words: &["Advies", "Consultancy", "Organisatieadvies"],
        manufacturing: false,
        theme: ThemeKey::HumanCapital,
    },
    Sector {
        sbi: "7830",
        words: &["Personeelsdiensten", "Talent", "Werk & Opleiding"],
        manufacturing: false,
        theme: ThemeKey::HumanCapital,
    },
];

/// Trade weights (same order as `SECTORS`): the region is strong in manufacturing.
const SECTOR_WEIGHTS: &[u32] = &[
    10, 5, 8, 4, 6, 4, 3, 3, 4, 4, 3, 7, 6, 5, 4, 3, 6, 5, 3, 4, 2, 3, 5, 3, 4, 2,
];

pub fn sector(rng: &mut Rng) -> usize {
    rng.weighted(SECTOR_WEIGHTS)
}

/// Indexes of the sectors of spin-offs from universities and universities of applied sciences.
pub const SPIN_OFF_SECTORS: &[usize] = &[3, 14, 15, 16, 17, 23];

const SURNAMES: &[&str] = &[
    "Jansen",
    "De Vries",
    "Van den Berg",
    "Van der Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Van Dijk",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "Kramer",
    "Van der Meer",
    "Scholten",
    "Nijhuis",
    "Lansink",
    "Roelofs",
    "Wolters",
    "Hulshof",
    "Haverkamp",
    "Bruggink",
    "Ter Horst",
    "Olthof",
    "Kamphuis",
    "Veldhuis",
    "Pots",
    "Wessel",
    "Klein Gunnewiek",
    "Morsink",
    "Heijink",
    "Nijenhuis",
    "Schuurman",
    "Hofman",
    "Van Dam",
    "Post",
    "Hoekstra",
    "Timmerman",
];

const COINED_HEADS: &[&str] = &[
    "Regge", "Dinkel", "Vecht", "Lemel", "Twent", "Sallan", "Hollo", "Berk", "Esch", "Kamper", "Zwol", "Deven",
    "IJssel", "Hengel", "Almel", "Lutter", "Sassen", "Noord", "Oost", "Mark", "Bolt", "Loo",
];

const COINED_TAILS: &[&str] = &[
    "tec", "ex", "on", "ix", "ar", "ia", "tron", "gro", "lux", "ma", "ix", "co", "line", "vis", "ra", "mo",
];

const LEGAL_FORMS: &[&str] = &[" B.V.", " B.V.", " B.V.", " V.O.F.", ""];

fn coined(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(COINED_HEADS), rng.pick(COINED_TAILS))
}

/// A plausible company name in a trade and town, e.g. "Twentse Kunststof Recycling B.V.",
/// "Van der Berg Metaaltechniek", "Reggetec Engineering", "Plaatwerk Hengelo".
pub fn company_name(rng: &mut Rng, sector: &Sector, region: Region, town: &str) -> String {
    let word = rng.pick(sector.words);
    let base = match rng.weighted(&[35, 25, 25, 15]) {
        0 => format!("{} {word}", rng.pick(SURNAMES)),
        1 => format!("{} {word}", region.adjective()),
        2 => format!("{} {word}", coined(rng)),
        _ => format!("{word} {town}"),
    };
    format!("{base}{}", rng.pick(LEGAL_FORMS))
}

/// The name of a non-company organisation of a kind, e.g. "Innovatiepunt Hengelo",
/// "Fieldlab Sensortechniek Enschede", "Coöperatie Hout Staphorst".
pub fn other_name(rng: &mut Rng, kind: OrganisationKind, sector: &Sector, region: Region, town: &str) -> String {
    let word = rng.pick(sector.words);
    match kind {
        OrganisationKind::KnowledgeInstitution => match rng.below(3) {
            0 => format!("Fieldlab {word} {town}"),
            1 => format!("Expertisecentrum {word} {}", region.adjective()),
            _ => format!("Lectoraat {word}"),
        },
        OrganisationKind::Intermediary => match rng.below(3) {
            0 => format!("Innovatiepunt {town}"),
            1 => format!("Ondernemershuis {town}"),
            _ => format!("{} Netwerk {word}", region.adjective()),
        },
        OrganisationKind::Financier => match rng.below(2) {
            0 => format!("{} Participaties", coined(rng)),
            _ => format!("Innovatiefonds {} {word}", region.adjective()),
        },
        OrganisationKind::Government => format!("Samenwerkingsverband {} {word}", region.adjective()),
        _ => match rng.below(2) {
            0 => format!("Coöperatie {word} {town}"),
            _ => format!("Stichting {} {word}", coined(rng)),
        },
    }
}

const PROJECT_HEADS: &[&str] = &[
    "Circulaire",
    "Slimme",
    "Duurzame",
    "Digitale",
    "Gedeelde",
    "Biobased",
    "Modulaire",
];

const PROJECT_OBJECTS: &[&str] = &[
    "productielijn",
    "keten",
    "verpakking",
    "werkplaats",
    "logistiek",
    "energiehub",
    "grondstoffenhub",
    "leerlijn",
    "meetmethode",
    "bouwsystemen",
    "werkkleding",
    "machineservice",
    "reststromen",
];

/// A joint project's name, e.g. "Slimme productielijn Hengelo".
pub fn project_name(rng: &mut Rng, town: &str) -> String {
    format!("{} {} {town}", rng.pick(PROJECT_HEADS), rng.pick(PROJECT_OBJECTS))
}

const FIRST_NAMES: &[&str] = &[
    "Anouk", "Bart", "Bram", "Carla", "Daan", "Dennis", "Eline", "Erik", "Femke", "Frank", "Gerard", "Hanneke", "Harm",
    "Ilse", "Jeroen", "Joost", "Karin", "Kees", "Lotte", "Marieke", "Mark", "Martin", "Nicole", "Niels", "Petra",
    "Remco", "Rik", "Sandra", "Sanne", "Stefan", "Thijs", "Tom", "Wendy", "Willem", "Yvonne", "Arjen", "Ingrid",
    "Jolanda", "Ruud", "Sietske", "Gerben", "Marloes",
];

const FUNCTIONS: &[&str] = &[
    "Directeur-eigenaar",
    "Algemeen directeur",
    "Innovatiemanager",
    "Productiemanager",
    "Duurzaamheidscoördinator",
    "Hoofd engineering",
    "Commercieel directeur",
    "Bedrijfsleider",
    "Operationeel manager",
    "HR-adviseur",
    "Inkoper",
    "Projectleider",
];

/// A person's name such as "Anouk van den Berg" (tussenvoegsel in lower case after a first name).
pub fn person_name(rng: &mut Rng) -> String {
    let surname = rng.pick(SURNAMES);
    let lowered = ["De ", "Van ", "Ter ", "Ten "]
        .iter()
        .find(|p| surname.starts_with(**p))
        .map(|_| {
            let mut words: Vec<String> = surname.split(' ').map(str::to_string).collect();
            let n = words.len();
            for w in words.iter_mut().take(n.saturating_sub(1)) {
                *w = w.to_lowercase();
            }
            words.join(" ")
        })
        .unwrap_or_else(|| surname.to_string());
    format!("{} {lowered}", rng.pick(FIRST_NAMES))
}

pub fn function(rng: &mut Rng) -> &'static str {
    FUNCTIONS[rng.below(FUNCTIONS.len())]
}

/// A synthetic e-mail address under the reserved `.example` top-level domain (RFC 2606),
/// so it can never reach a real mailbox.
pub fn email(person: &str, company: &str) -> String {
    let slug = |s: &str| -> String {
        middenveld_domain::search::normalise(s)
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("")
    };
    let words: Vec<&str> = person.split(' ').collect();
    let first = words
        .first()
        .and_then(|w| w.chars().next())
        .map(|c| c.to_ascii_lowercase())
        .unwrap_or('x');
    let last = words.get(1..).map(|w| slug(&w.join(" "))).unwrap_or_default();
    let company = slug(company.trim_end_matches(" B.V.").trim_end_matches(" V.O.F."));
    let company: String = company.chars().take(30).collect();
    format!("{first}.{last}@{company}.example")
}

/// Journey stage of a company that is not (yet) in a network: many unaware or interested.
pub fn journey_stage(rng: &mut Rng) -> Option<JourneyStage> {
    match rng.weighted(&[10, 34, 28, 14, 9, 5]) {
        0 => None,
        1 => Some(JourneyStage::Unaware),
        2 => Some(JourneyStage::Interested),
        3 => Some(JourneyStage::Planning),
        4 => Some(JourneyStage::Implementing),
        _ => Some(JourneyStage::FinancingScaling),
    }
}

/// Size class of an SME: mostly micro and small.
pub fn sme_size(rng: &mut Rng) -> SizeClass {
    match rng.weighted(&[45, 35, 20]) {
        0 => SizeClass::Micro,
        1 => SizeClass::Small,
        _ => SizeClass::Medium,
    }
}

/// Builds a calendar date from constants (falls back to 1 January 2018 on a bad constant).
pub fn ymd(year: i32, month: u8, day: u8) -> time::Date {
    time::Month::try_from(month)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(year, m, day).ok())
        .unwrap_or(time::macros::date!(2018 - 01 - 01))
}

#[cfg(test)]
mod tests {
    use super::*;
    use middenveld_domain::{MunicipalityCode, Postcode, SbiCode};

    #[test]
    fn the_generator_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert!(a.below(0) == 0);
    }

    #[test]
    fn apportioning_is_exact_and_gives_everyone_a_share() {
        let counts = apportion(278, 3);
        assert_eq!(counts.iter().sum::<usize>(), 278);
        assert!(counts.iter().all(|c| *c >= 3));
        assert_eq!(PLACES.len(), 25);
    }

    #[test]
    fn generated_values_are_valid() {
        let mut rng = Rng::new(1);
        for p in PLACES {
            assert!(MunicipalityCode::parse(p.code).is_ok());
            assert!(
                middenveld_domain::municipality::OVERIJSSEL
                    .iter()
                    .any(|(c, _)| *c == p.code)
            );
            for t in p.towns {
                for _ in 0..20 {
                    assert!(Postcode::parse(&postcode(&mut rng, t)).is_ok());
                }
            }
        }
        for s in SECTORS {
            assert!(SbiCode::parse(s.sbi).is_ok());
        }
        assert_eq!(SECTORS.len(), SECTOR_WEIGHTS.len());
        let name = person_name(&mut rng);
        assert!(middenveld_domain::Email::parse(&email(&name, "Twentse Kunststof Recycling B.V.")).is_ok());
    }
}
