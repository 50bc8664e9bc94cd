//! Importing spreadsheets: which fields each kind of import fills, how column headers map to
//! them (Dutch and English synonyms), and how a mapped row becomes a record's input, with the
//! leniency real spreadsheets need (labels for codes, municipality names for codes, lost
//! leading zeros in KvK numbers). Reading the file itself is `middenveld-tabular`'s job.

use crate::enums::{
    Coded, ConsentBasis, JourneyStage, MembershipStatus, OrganisationKind, RegistrationStatus, SizeClass,
};
use crate::network::field as network_field;
use crate::organisation::{Organisation, OrganisationInput, field as org};
use crate::person::{Person, PersonInput, field as person};
use crate::search::normalise;
use crate::{ErrorCode, FieldError, KvkNumber, Lang, ValidationErrors};
use std::collections::HashMap;

crate::enums::coded_enum! {
    /// What a file holds.
    ImportKind {
        Organisations => "organisaties", "Organisaties", "Organisations";
        People => "personen", "Personen", "People";
        Memberships => "lidmaatschappen", "Netwerkleden", "Network members";
        Attendance => "aanwezigheid", "Aanwezigheid bij evenementen", "Event attendance";
    }
}

crate::enums::coded_enum! {
    /// What to do with rows that cannot be imported.
    ImportMode {
        ValidRowsOnly => "alleen-geldige", "Alleen de goede rijen importeren", "Import the valid rows only";
        StopOnError => "stop-bij-fout", "Niets importeren als er een fout is", "Import nothing if any row is wrong";
    }
}

/// A field an import can fill.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The public field name (as the API and forms call it), e.g. `kvkNummer`.
    pub key: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
    /// Other header names that mean this field, in any case and spelling (normalised first).
    pub synonyms: &'static [&'static str],
}

impl Target {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.nl, self.en)
    }
}

/// Field keys only an import knows (links by name instead of by id).
pub mod field {
    pub const ORGANISATION: &str = "organisatie";
    pub const NETWORK: &str = "netwerk";
    pub const PERSON_EMAIL: &str = "persoonEmail";
    pub const EVENT: &str = "evenement";
    pub const EVENT_DATE: &str = "evenementDatum";
}

const ORGANISATION_TARGETS: &[Target] = &[
    Target {
        key: org::NAME,
        nl: "Naam",
        en: "Name",
        synonyms: &[
            "bedrijfsnaam",
            "organisatie",
            "organisatienaam",
            "naam organisatie",
            "handelsnaam",
            "statutaire naam",
            "bedrijf",
            "company",
            "company name",
            "organisation",
            "organization",
            "organisation name",
        ],
    },
    Target {
        key: org::KVK,
        nl: "KvK-nummer",
        en: "Chamber of Commerce number",
        synonyms: &[
            "kvk",
            "kvk nummer",
            "kvknr",
            "kvk nr",
            "kamer van koophandel",
            "kvk-nummer",
            "coc",
            "coc number",
            "kvk number",
            "chamber of commerce",
        ],
    },
    Target {
        key: org::KIND,
        nl: "Soort",
        en: "Kind",
        synonyms: &[
            "type",
            "soort organisatie",
            "categorie",
            "category",
            "organisation type",
        ],
    },
    Target {
        key: org::SIZE,
        nl: "Grootteklasse",
        en: "Size class",
        synonyms: &["grootte", "omvang", "size", "bedrijfsgrootte", "company size"],
    },
    Target {
        key: org::SBI,
        nl: "SBI-code",
        en: "SBI code",
        synonyms: &[
            "sbi",
            "sbi code",
            "sector code",
            "hoofdactiviteit",
            "sbi hoofdactiviteit",
        ],
    },
    Target {
        key: org::ADDRESS,
        nl: "Adres",
        en: "Address",
        synonyms: &[
            "straat",
            "straat en huisnummer",
            "bezoekadres",
            "vestigingsadres",
            "street",
        ],
    },
    Target {
        key: org::POSTCODE,
        nl: "Postcode",
        en: "Postcode",
        synonyms: &["postal code", "zip", "zip code", "postcode vestiging"],
    },
    Target {
        key: org::CITY,
        nl: "Plaats",
        en: "City",
        synonyms: &["vestigingsplaats", "woonplaats", "plaatsnaam", "stad", "town", "place"],
    },
    Target {
        key: org::MUNICIPALITY,
        nl: "Gemeente",
        en: "Municipality",
        synonyms: &["gemeentecode", "gemeentenaam", "cbs code", "municipality code"],
    },
    Target {
        key: org::STAGE,
        nl: "Fase",
        en: "Journey stage",
        synonyms: &["klantreis", "fase klantreis", "stage", "journey", "reisfase"],
    },
    Target {
        key: org::WEBSITE,
        nl: "Website",
        en: "Website",
        synonyms: &["url", "internet", "internetadres", "web", "site"],
    },
    Target {
        key: org::DESCRIPTION,
        nl: "Toelichting",
        en: "Description",
        synonyms: &[
            "omschrijving",
            "opmerking",
            "opmerkingen",
            "notitie",
            "notes",
            "remarks",
        ],
    },
    Target {
        key: org::THEMES,
        nl: "Thema's",
        en: "Themes",
        synonyms: &["thema", "themas", "theme", "topics"],
    },
];

const PERSON_TARGETS: &[Target] = &[
    Target {
        key: person::NAME,
        nl: "Naam",
        en: "Name",
        synonyms: &[
            "volledige naam",
            "contactpersoon",
            "naam contactpersoon",
            "full name",
            "contact",
            "deelnemer",
            "participant",
        ],
    },
    Target {
        key: person::EMAIL,
        nl: "E-mailadres",
        en: "E-mail address",
        synonyms: &[
            "e-mail",
            "email",
            "emailadres",
            "mail",
            "e-mail address",
            "email address",
        ],
    },
    Target {
        key: person::PHONE,
        nl: "Telefoon",
        en: "Phone",
        synonyms: &[
            "telefoonnummer",
            "tel",
            "mobiel",
            "mobiel nummer",
            "phone number",
            "mobile",
        ],
    },
    Target {
        key: person::FUNCTION,
        nl: "Functie",
        en: "Function",
        synonyms: &["rol", "job title", "functietitel", "title", "role"],
    },
    Target {
        key: field::ORGANISATION,
        nl: "Organisatie",
        en: "Organisation",
        synonyms: &[
            "bedrijf",
            "bedrijfsnaam",
            "werkgever",
            "company",
            "organization",
            "kvk-nummer",
            "kvk",
        ],
    },
    Target {
        key: person::CONSENT_BASIS,
        nl: "Grondslag",
        en: "Lawful basis",
        synonyms: &["grondslag verwerking", "lawful basis", "basis"],
    },
    Target {
        key: person::CONSENT_DATE,
        nl: "Datum grondslag",
        en: "Date of basis",
        synonyms: &[
            "grondslagdatum",
            "datum toestemming",
            "toestemmingsdatum",
            "consent date",
        ],
    },
    Target {
        key: person::CONSENT_PURPOSE,
        nl: "Doel",
        en: "Purpose",
        synonyms: &["doel verwerking", "purpose"],
    },
];

const MEMBERSHIP_TARGETS: &[Target] = &[
    Target {
        key: field::NETWORK,
        nl: "Netwerk",
        en: "Network",
        synonyms: &["netwerknaam", "waardemakersnetwerk", "network name"],
    },
    Target {
        key: field::ORGANISATION,
        nl: "Organisatie",
        en: "Organisation",
        synonyms: &[
            "bedrijf",
            "bedrijfsnaam",
            "lid",
            "deelnemer",
            "company",
            "organization",
            "member",
            "kvk-nummer",
            "kvk",
        ],
    },
    Target {
        key: field::PERSON_EMAIL,
        nl: "E-mailadres persoon",
        en: "Person's e-mail address",
        synonyms: &["e-mail", "email", "e-mailadres", "mail", "email address"],
    },
    Target {
        key: network_field::STATUS,
        nl: "Status",
        en: "Status",
        synonyms: &["lidmaatschap", "soort lid", "membership", "actief of betrokken"],
    },
    Target {
        key: network_field::SINCE,
        nl: "Lid sinds",
        en: "Member since",
        synonyms: &["sinds", "vanaf", "startdatum", "since", "from", "start"],
    },
    Target {
        key: network_field::UNTIL,
        nl: "Lid tot",
        en: "Member until",
        synonyms: &["tot", "tot en met", "einddatum", "until", "to", "end"],
    },
];

const ATTENDANCE_TARGETS: &[Target] = &[
    Target {
        key: field::EVENT,
        nl: "Evenement",
        en: "Event",
        synonyms: &[
            "naam evenement",
            "evenementnaam",
            "bijeenkomst",
            "activiteit",
            "event name",
            "activity",
        ],
    },
    Target {
        key: field::EVENT_DATE,
        nl: "Datum evenement",
        en: "Event date",
        synonyms: &["datum", "date", "datum bijeenkomst"],
    },
    Target {
        key: field::PERSON_EMAIL,
        nl: "E-mailadres persoon",
        en: "Person's e-mail address",
        synonyms: &["e-mail", "email", "e-mailadres", "mail", "email address"],
    },
    Target {
        key: field::ORGANISATION,
        nl: "Namens organisatie",
        en: "On behalf of organisation",
        synonyms: &[
            "organisatie",
            "bedrijf",
            "bedrijfsnaam",
            "company",
            "organization",
            "kvk-nummer",
            "kvk",
        ],
    },
    Target {
        key: crate::event::field::STATUS,
        nl: "Aanwezigheid",
        en: "Attendance",
        synonyms: &["aanwezig", "status", "presentie", "attended", "present"],
    },
];

pub fn targets(kind: ImportKind) -> &'static [Target] {
    match kind {
        ImportKind::Organisations => ORGANISATION_TARGETS,
        ImportKind::People => PERSON_TARGETS,
        ImportKind::Memberships => MEMBERSHIP_TARGETS,
        ImportKind::Attendance => ATTENDANCE_TARGETS,
    }
}

/// The target with this key, for this kind.
pub fn target(kind: ImportKind, key: &str) -> Option<&'static Target> {
    targets(kind).iter().find(|t| t.key == key)
}

/// A header as compared: folded, without spaces or punctuation ("KvK-nummer" → "kvknummer").
pub fn header_key(header: &str) -> String {
    normalise(header).replace(' ', "")
}

/// Which field each column fills, guessed from the headers: the key, the labels and the
/// synonyms of every target, compared folded. Each field is filled by one column at most
/// (the first that names it); `saved` (header key → field key, from an earlier import of this
/// kind) wins over the guess.
pub fn auto_map(kind: ImportKind, headers: &[String], saved: &HashMap<String, String>) -> Vec<Option<&'static str>> {
    let mut used: Vec<&'static str> = Vec::new();
    let mut out = Vec::with_capacity(headers.len());
    for h in headers {
        let k = header_key(h);
        let guess = saved
            .get(&k)
            .and_then(|key| target(kind, key))
            .or_else(|| {
                targets(kind).iter().find(|t| {
                    header_key(t.key) == k
                        || header_key(t.nl) == k
                        || header_key(t.en) == k
                        || t.synonyms.iter().any(|s| header_key(s) == k)
                })
            })
            .map(|t| t.key)
            .filter(|key| !used.contains(key));
        if let Some(key) = guess {
            used.push(key);
        }
        out.push(guess);
    }
    out
}

/// Checks a mapping: fields a kind cannot do without are mapped, no field twice.
pub fn check_mapping(kind: ImportKind, mapping: &[Option<&str>]) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let mapped = |key: &str| mapping.iter().flatten().any(|m| *m == key);
    let required: &[&'static str] = match kind {
        ImportKind::Organisations | ImportKind::People => &[org::NAME],
        ImportKind::Memberships => &[field::NETWORK],
        ImportKind::Attendance => &[field::EVENT, field::PERSON_EMAIL],
    };
    for r in required {
        if !mapped(r) {
            e.add(r, ErrorCode::Required);
        }
    }
    if kind == ImportKind::Memberships && !mapped(field::ORGANISATION) && !mapped(field::PERSON_EMAIL) {
        e.add(field::ORGANISATION, ErrorCode::MemberExactlyOne);
    }
    for t in targets(kind) {
        if mapping.iter().flatten().filter(|m| **m == t.key).count() > 1 {
            e.add(t.key, ErrorCode::MappedTwice);
        }
    }
    if e.is_empty() { Ok(()) } else { Err(e) }
}

/// One row with its cells keyed by target field; blank cells are left out.
#[derive(Debug, Clone, Default)]
pub struct MappedRow {
    values: Vec<(&'static str, String)>,
}

impl MappedRow {
    pub fn new(mapping: &[Option<&'static str>], cells: &[String]) -> MappedRow {
        let values = mapping
            .iter()
            .zip(cells)
            .filter_map(|(m, c)| {
                let c = unneutralise(c.trim());
                m.filter(|_| !c.is_empty()).map(|k| (k, c.to_string()))
            })
            .collect();
        MappedRow { values }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    fn owned(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_string)
    }

    /// Whether the row has a value for this field (blank cells leave a field as it was).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// A cell as written before an export guarded it against formula injection (`'=A1` → `=A1`),
/// so that an exported file imports as the same values.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// The reference data an import resolves names against, loaded once per import.
#[derive(Debug, Clone, Default)]
pub struct References {
    /// Folded municipality name or code → CBS code.
    pub municipalities: HashMap<String, String>,
    /// Folded theme name → id.
    pub themes: HashMap<String, i64>,
}

impl References {
    pub fn add_municipality(&mut self, code: &str, name: &str) {
        self.municipalities.insert(normalise(code), code.to_string());
        self.municipalities.insert(normalise(name), code.to_string());
    }

    pub fn add_theme(&mut self, id: i64, name: &str) {
        self.themes.insert(normalise(name), id);
    }
}

/// A coded value from a spreadsheet: the code itself, or its Dutch or English label, folded.
pub fn lenient<T: Coded>(input: &str, extra: &[(&str, T)]) -> Result<T, ErrorCode> {
    let k = normalise(input);
    T::ALL
        .iter()
        .copied()
        .find(|v| normalise(v.code()) == k || normalise(v.label(Lang::Nl)) == k || normalise(v.label(Lang::En)) == k)
        .or_else(|| extra.iter().find(|(s, _)| normalise(s) == k).map(|(_, v)| *v))
        .ok_or(ErrorCode::UnknownValue)
}

fn lenient_code<T: Coded>(
    e: &mut ValidationErrors,
    row: &MappedRow,
    key: &'static str,
    extra: &[(&str, T)],
) -> Option<String> {
    let v = row.get(key)?;
    e.take(key, lenient::<T>(v, extra)).map(|c| c.code().to_string())
}

const KIND_WORDS: &[(&str, OrganisationKind)] = &[
    ("bedrijf", OrganisationKind::Sme),
    ("mkb bedrijf", OrganisationKind::Sme),
    ("midden en kleinbedrijf", OrganisationKind::Sme),
    ("large", OrganisationKind::LargeCompany),
    ("groot bedrijf", OrganisationKind::LargeCompany),
    ("onderwijs", OrganisationKind::KnowledgeInstitution),
    ("onderwijsinstelling", OrganisationKind::KnowledgeInstitution),
    ("universiteit", OrganisationKind::KnowledgeInstitution),
    ("hogeschool", OrganisationKind::KnowledgeInstitution),
    ("gemeente", OrganisationKind::Government),
    ("provincie", OrganisationKind::Government),
    ("investeerder", OrganisationKind::Financier),
    ("other", OrganisationKind::Other),
];

/// An organisation's input from a row. `kind` falls back to `default_kind` when the file has
/// no kind (most company lists are SMEs); names of municipalities and themes are resolved.
pub fn organisation_input(
    row: &MappedRow,
    refs: &References,
    default_kind: OrganisationKind,
) -> Result<OrganisationInput, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let kind = match row.get(org::KIND) {
        None => Some(default_kind.code().to_string()),
        Some(_) => lenient_code::<OrganisationKind>(&mut e, row, org::KIND, KIND_WORDS),
    };
    let size_class = lenient_code::<SizeClass>(&mut e, row, org::SIZE, &[]);
    let journey_stage = lenient_code::<JourneyStage>(&mut e, row, org::STAGE, &[]);
    let kvk_number = match row.get(org::KVK) {
        None => None,
        Some(v) => e
            .take(org::KVK, KvkNumber::parse_lenient(v))
            .map(|k| k.as_str().to_string()),
    };
    let municipality_code = match row.get(org::MUNICIPALITY) {
        None => None,
        Some(v) => e.take(
            org::MUNICIPALITY,
            refs.municipalities
                .get(&normalise(v))
                .cloned()
                .ok_or(ErrorCode::MunicipalityUnknown),
        ),
    };
    let theme_ids = match row.get(org::THEMES) {
        None => Vec::new(),
        Some(v) => e.take(org::THEMES, theme_ids(v, refs)).unwrap_or_default(),
    };
    let website = row.get(org::WEBSITE).map(|w| {
        if w.contains("://") {
            w.to_string()
        } else {
            format!("https://{w}")
        }
    });
    let input = OrganisationInput {
        name: row.owned(org::NAME).unwrap_or_default(),
        kvk_number,
        kind,
        size_class,
        sbi_code: row.owned(org::SBI),
        address: row.owned(org::ADDRESS),
        postcode: row.owned(org::POSTCODE),
        city: row.owned(org::CITY),
        municipality_code,
        journey_stage,
        stage_reason: None,
        spin_off_of: None,
        spin_off_date: None,
        website,
        description: row.owned(org::DESCRIPTION),
        theme_ids,
    };
    if e.is_empty() { Ok(input) } else { Err(e) }
}

/// Theme names separated by `,` `;` or `|`, each one known.
fn theme_ids(v: &str, refs: &References) -> Result<Vec<i64>, ErrorCode> {
    v.split([',', ';', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| refs.themes.get(&normalise(t)).copied().ok_or(ErrorCode::NotFound))
        .collect()
}

/// A person's input from a row; the basis and date default to what the user chose for the
/// whole file (for example "legitimate interest" on the day of the import).
pub fn person_input(
    row: &MappedRow,
    default_basis: ConsentBasis,
    default_date: crate::Date,
) -> Result<PersonInput, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let consent_basis = match row.get(person::CONSENT_BASIS) {
        None => Some(default_basis.code().to_string()),
        Some(_) => lenient_code::<ConsentBasis>(&mut e, row, person::CONSENT_BASIS, &[]),
    };
    let input = PersonInput {
        name: row.owned(person::NAME).unwrap_or_default(),
        email: row.owned(person::EMAIL),
        phone: row.owned(person::PHONE),
        function: row.owned(person::FUNCTION),
        consent_basis,
        consent_date: Some(row.owned(person::CONSENT_DATE).unwrap_or_else(|| default_date.iso())),
        consent_purpose: row.owned(person::CONSENT_PURPOSE),
        organisation_ids: Vec::new(),
    };
    if e.is_empty() { Ok(input) } else { Err(e) }
}

/// The row's value where the row fills the field, else the register's.
fn filled<T: Clone>(row: &MappedRow, key: &str, new: T, old: &T) -> T {
    if row.has(key) { new } else { old.clone() }
}

/// The ids of both lists, sorted, each once.
fn union(old: &[i64], new: Vec<i64>) -> Vec<i64> {
    let mut ids = old.to_vec();
    ids.extend(new);
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// An existing organisation with a row's filled fields laid over it: blank cells keep what the
/// register has, themes are added to the ones it has.
pub fn merge_organisation(old: &Organisation, new: Organisation, row: &MappedRow) -> Organisation {
    Organisation {
        name: filled(row, org::NAME, new.name, &old.name),
        kvk_number: filled(row, org::KVK, new.kvk_number, &old.kvk_number),
        kind: filled(row, org::KIND, new.kind, &old.kind),
        size_class: filled(row, org::SIZE, new.size_class, &old.size_class),
        sbi_code: filled(row, org::SBI, new.sbi_code, &old.sbi_code),
        address: filled(row, org::ADDRESS, new.address, &old.address),
        postcode: filled(row, org::POSTCODE, new.postcode, &old.postcode),
        city: filled(row, org::CITY, new.city, &old.city),
        municipality_code: filled(row, org::MUNICIPALITY, new.municipality_code, &old.municipality_code),
        journey_stage: filled(row, org::STAGE, new.journey_stage, &old.journey_stage),
        spin_off_of: old.spin_off_of,
        spin_off_date: old.spin_off_date,
        website: filled(row, org::WEBSITE, new.website, &old.website),
        description: filled(row, org::DESCRIPTION, new.description, &old.description),
        theme_ids: union(&old.theme_ids, new.theme_ids),
    }
}

/// An existing person with a row's filled fields laid over it; organisations are added.
pub fn merge_person(old: &Person, new: Person, row: &MappedRow) -> Person {
    Person {
        name: filled(row, person::NAME, new.name, &old.name),
        email: filled(row, person::EMAIL, new.email, &old.email),
        phone: filled(row, person::PHONE, new.phone, &old.phone),
        function: filled(row, person::FUNCTION, new.function, &old.function),
        consent_basis: filled(row, person::CONSENT_BASIS, new.consent_basis, &old.consent_basis),
        consent_date: filled(row, person::CONSENT_DATE, new.consent_date, &old.consent_date),
        consent_purpose: filled(row, person::CONSENT_PURPOSE, new.consent_purpose, &old.consent_purpose),
        organisation_ids: union(&old.organisation_ids, new.organisation_ids),
    }
}

/// The membership status of a row: a label or code, defaulting to active.
pub fn membership_status(row: &MappedRow) -> Result<MembershipStatus, FieldError> {
    match row.get(network_field::STATUS) {
        None => Ok(MembershipStatus::Active),
        Some(v) => lenient::<MembershipStatus>(
            v,
            &[("lid", MembershipStatus::Active), ("member", MembershipStatus::Active)],
        )
        .map_err(|code| FieldError {
            field: network_field::STATUS,
            code,
        }),
    }
}

/// The attendance a row gives: attended when the column is absent or blank (an attendance
/// list), else the code, label or a yes/no word ("ja", "x", "nee", "no-show", …).
pub fn attendance_status(row: &MappedRow) -> Result<RegistrationStatus, FieldError> {
    use RegistrationStatus::*;
    match row.get(crate::event::field::STATUS) {
        None => Ok(Attended),
        Some(v) => lenient::<RegistrationStatus>(
            v,
            &[
                ("ja", Attended),
                ("j", Attended),
                ("x", Attended),
                ("yes", Attended),
                ("y", Attended),
                ("1", Attended),
                ("present", Attended),
                ("attended", Attended),
                ("nee", NoShow),
                ("n", NoShow),
                ("no", NoShow),
                ("0", NoShow),
                ("no-show", NoShow),
                ("noshow", NoShow),
                ("niet aanwezig", NoShow),
                ("registered", Registered),
            ],
        )
        .map_err(|code| FieldError {
            field: crate::event::field::STATUS,
            code,
        }),
    }
}

/// A reference to an organisation in a cell: a KvK number when it looks like one, else a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrganisationRef {
    Kvk(String),
    Name(String),
}

impl OrganisationRef {
    pub fn parse(cell: &str) -> OrganisationRef {
        let compact: String = cell.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        if !compact.is_empty()
            && compact.len() <= 8
            && compact.chars().all(|c| c.is_ascii_digit())
            && let Ok(k) = KvkNumber::parse_lenient(&compact)
        {
            return OrganisationRef::Kvk(k.as_str().to_string());
        }
        OrganisationRef::Name(normalise(cell))
    }
}

/// What an import did, or would do, with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowStatus {
    New,
    Update,
    Unchanged,
    Duplicate,
    Error,
}

impl RowStatus {
    pub const ALL: [RowStatus; 5] = [
        RowStatus::New,
        RowStatus::Update,
        RowStatus::Unchanged,
        RowStatus::Duplicate,
        RowStatus::Error,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RowStatus::New => "nieuw",
            RowStatus::Update => "bijwerken",
            RowStatus::Unchanged => "ongewijzigd",
            RowStatus::Duplicate => "dubbel",
            RowStatus::Error => "fout",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RowStatus::New => lang.pick("Nieuw", "New"),
            RowStatus::Update => lang.pick("Bijwerken", "Update"),
            RowStatus::Unchanged => lang.pick("Ongewijzigd", "Unchanged"),
            RowStatus::Duplicate => lang.pick("Dubbel in bestand", "Duplicate in file"),
            RowStatus::Error => lang.pick("Fout", "Error"),
        }
    }
}

/// How a row was matched to a record already in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    Kvk,
    NameAndPostcode,
    Email,
    Member,
    /// The person was registered for the event already.
    Registration,
}

impl MatchedBy {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MatchedBy::Kvk => lang.pick("gevonden op KvK-nummer", "found by Chamber of Commerce number"),
            MatchedBy::NameAndPostcode => lang.pick("gevonden op naam en postcode", "found by name and postcode"),
            MatchedBy::Email => lang.pick("gevonden op e-mailadres", "found by e-mail address"),
            MatchedBy::Registration => lang.pick(
                "was al aangemeld voor dit evenement",
                "was registered for this event already",
            ),
            MatchedBy::Member => lang.pick("lidmaatschap bestaat al", "membership exists already"),
        }
    }
}

/// The key that makes two organisation rows the same one: KvK number, else folded name with
/// postcode.
pub fn organisation_key(kvk: Option<&str>, name: &str, postcode: Option<&str>) -> String {
    match kvk {
        Some(k) => format!("kvk:{k}"),
        None => format!("np:{}|{}", normalise(name), postcode.map(normalise).unwrap_or_default()),
    }
}

/// The reason a row was refused, in the user's language, with the field labels of this kind.
pub fn reason(kind: ImportKind, errors: &ValidationErrors, lang: Lang) -> String {
    errors
        .0
        .iter()
        .map(|e| {
            let label = target(kind, e.field).map(|t| t.label(lang)).unwrap_or(e.field);
            format!("{label}: {}", e.code.message(lang))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dutch_and_english_headers_map_to_fields() {
        let h = headers(&[
            "Bedrijfsnaam",
            "KvK-nummer",
            "Vestigingsplaats",
            "Gemeente",
            "E-mailadres",
            "Postcode",
        ]);
        let m = auto_map(ImportKind::Organisations, &h, &HashMap::new());
        assert_eq!(
            m,
            vec![
                Some("naam"),
                Some("kvkNummer"),
                Some("plaats"),
                Some("gemeentecode"),
                None,
                Some("postcode")
            ]
        );
        let p = auto_map(
            ImportKind::People,
            &headers(&["Full name", "E-mail address", "Company"]),
            &HashMap::new(),
        );
        assert_eq!(p, vec![Some("naam"), Some("email"), Some("organisatie")]);
    }

    #[test]
    fn a_field_is_filled_by_one_column_and_a_saved_mapping_wins() {
        let h = headers(&["Naam", "Bedrijfsnaam", "Notities"]);
        let mut saved = HashMap::new();
        saved.insert("notities".to_string(), "toelichting".to_string());
        let m = auto_map(ImportKind::Organisations, &h, &saved);
        assert_eq!(m, vec![Some("naam"), None, Some("toelichting")]);
    }

    #[test]
    fn a_mapping_without_a_name_or_with_a_field_twice_is_refused() {
        let e = check_mapping(ImportKind::Organisations, &[Some("plaats"), Some("plaats")]).err();
        let fields: Vec<_> = e.map(|e| e.0.iter().map(|f| f.field).collect()).unwrap_or_default();
        assert_eq!(fields, vec!["naam", "plaats"]);
    }

    #[test]
    fn a_row_becomes_an_organisation_with_labels_names_and_lost_zeros_resolved() {
        let mut refs = References::default();
        refs.add_municipality("GM0193", "Zwolle");
        refs.add_theme(3, "Circulaire economie");
        let mapping = auto_map(
            ImportKind::Organisations,
            &headers(&["Naam", "KvK", "Soort", "Gemeente", "Thema's", "Fase", "Website"]),
            &HashMap::new(),
        );
        let cells = headers(&[
            "Coöperatie De Groene Schakel",
            "1234567",
            "MKB",
            "zwolle",
            "circulaire economie",
            "Geïnteresseerd",
            "www.schakel.nl",
        ]);
        let input = organisation_input(&MappedRow::new(&mapping, &cells), &refs, OrganisationKind::Other);
        let o = input.ok().and_then(|i| i.parse().ok());
        let o = o.as_ref();
        assert_eq!(
            o.and_then(|o| o.kvk_number.as_ref()).map(|k| k.as_str()),
            Some("01234567")
        );
        assert_eq!(o.map(|o| o.kind), Some(OrganisationKind::Sme));
        assert_eq!(
            o.and_then(|o| o.municipality_code.as_ref()).map(|m| m.as_str()),
            Some("GM0193")
        );
        assert_eq!(o.map(|o| o.theme_ids.clone()), Some(vec![3]));
        assert_eq!(o.and_then(|o| o.journey_stage), Some(JourneyStage::Interested));
        assert_eq!(
            o.and_then(|o| o.website.clone()).as_deref(),
            Some("https://www.schakel.nl")
        );
    }

    #[test]
    fn unknown_municipality_and_kind_are_field_errors() {
        let refs = References::default();
        let mapping = vec![Some("naam"), Some("soort"), Some("gemeentecode")];
        let row = MappedRow::new(&mapping, &headers(&["X", "bakkerij", "Atlantis"]));
        let e = organisation_input(&row, &refs, OrganisationKind::Sme)
            .err()
            .unwrap_or_default();
        let codes: Vec<_> = e.0.iter().map(|f| (f.field, f.code.clone())).collect();
        assert_eq!(
            codes,
            vec![
                ("soort", ErrorCode::UnknownValue),
                ("gemeentecode", ErrorCode::MunicipalityUnknown)
            ]
        );
        assert!(reason(ImportKind::Organisations, &e, Lang::Nl).starts_with("Soort: "));
    }

    #[test]
    fn an_organisation_cell_is_a_kvk_number_or_a_name() {
        assert_eq!(
            OrganisationRef::parse("5104 8329"),
            OrganisationRef::Kvk("51048329".into())
        );
        assert_eq!(
            OrganisationRef::parse("1234567"),
            OrganisationRef::Kvk("01234567".into())
        );
        assert_eq!(
            OrganisationRef::parse("Coöperatie X"),
            OrganisationRef::Name("cooperatie x".into())
        );
    }

    #[test]
    fn amounts_as_spreadsheets_write_them_parse() {
        assert_eq!(crate::Euro::parse("€ 145.000").map(|e| e.cents()), Ok(14_500_000));
        assert_eq!(crate::Euro::parse("€ 1.234,56").map(|e| e.cents()), Ok(123_456));
        assert_eq!(crate::Euro::parse("1234,5").map(|e| e.cents()), Ok(123_450));
    }

    #[test]
    fn dutch_dates_parse_in_every_spreadsheet_form() {
        for d in ["21-02-2023", "21.02.2023", "21/02/2023", "2023-02-21"] {
            assert_eq!(
                crate::Date::parse(d).map(|d| d.iso()),
                Ok("2023-02-21".to_string()),
                "{d}"
            );
        }
    }
}
