//! Accountability: programmes, their performance objectives ("prestaties") with actions,
//! indicators and targets, the progress note and the finances of a year, and the rules that
//! turn a realised value into a status.
//!
//! Indicators are either counted from the register (a [`Measure`] with [`Filters`]) or
//! entered by hand with their source; the counting itself is the store's job.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, OrganisationKind, SupportInstrument, coded_enum};
use crate::{ErrorCode, Euro, Lang, MunicipalityCode, ValidationErrors, text};

coded_enum! {
    /// What an indicator counts in the register, or that its value is entered by hand.
    Measure {
        Events => "evenementen", "Evenementen in de periode", "Events in the period";
        Participants => "deelnemers", "Deelnemers aan evenementen (aanwezig)", "Event participants (attended)";
        Consortia => "consortia", "Consortia gevormd (privaat of publiek-privaat)", "Consortia formed (private or public-private)";
        PrivateConsortia => "consortia-privaat", "Private consortia gevormd", "Private consortia formed";
        PublicPrivateConsortia => "consortia-publiek-privaat", "Publiek-private consortia gevormd", "Public-private consortia formed";
        SupportedOrganisations => "ondersteunde-organisaties", "Ondersteunde organisaties (elk één keer)", "Organisations supported (each once)";
        SpinOffs => "spin-offs", "Spin-offs geregistreerd", "Spin-offs registered";
        LaunchingCases => "launching-customer", "Launching-customertrajecten gestart", "Launching-customer cases started";
        ActiveMembers => "actieve-netwerkleden", "Actieve netwerkleden (organisaties)", "Active network members (organisations)";
        ActiveNetworks => "actieve-netwerken", "Netwerken met actieve leden", "Networks with active members";
        Applications => "aanvragen", "Aanvragen ontvangen", "Applications received";
        Grants => "toekenningen", "Aanvragen toegekend", "Applications granted";
        Manual => "handmatig", "Handmatig ingevoerd (met bron)", "Entered by hand (with source)";
    }
}

coded_enum! {
    /// Whether a target is a floor or a ceiling.
    Comparison {
        AtLeast => "minimaal", "Minimaal", "At least";
        AtMost => "maximaal", "Maximaal", "At most";
    }
}

coded_enum! {
    /// How a realised value is written in the report's list of results.
    Display {
        Exact => "exact", "Exact (10)", "Exact (10)";
        MoreThan => "meer-dan", "Afgerond naar beneden (>160)", "Rounded down (>160)";
    }
}

coded_enum! {
    /// How a realised value compares with its target.
    TargetStatus {
        Achieved => "gehaald", "Gehaald", "Achieved";
        OnTrack => "op-koers", "Op koers", "On track";
        Behind => "achter", "Achter op schema", "Behind";
        Missed => "niet-gehaald", "Niet gehaald", "Missed";
        NoTarget => "geen-doel", "Geen doel", "No target";
    }
}

coded_enum! {
    /// The lines that explain a year's balance, and the decisions that follow from it.
    FinanceLineKind {
        Underspending => "onderuitputting", "Onderuitputting", "Underspending";
        Shortfall => "tekort", "Tekort", "Shortfall";
        ReserveWithdrawal => "onttrekking-reserve", "Onttrekking aan reserve", "Reserve withdrawal";
        ReserveAddition => "toevoeging-reserve", "Toevoeging aan reserve", "Reserve addition";
        ExternalIncome => "externe-inkomsten", "Externe inkomsten", "External income";
        ResultAllocation => "resultaatbestemming", "Voorstel resultaatbestemming", "Result allocation proposal";
        BudgetAmendment => "begrotingswijziging", "Begrotingswijziging GS", "Budget amendment";
    }
}

impl FinanceLineKind {
    /// The sign with which a line adds to the balance (underspending +, shortfall −); the
    /// other kinds say what happens with the money and do not add up.
    pub fn balance_sign(self) -> i64 {
        match self {
            FinanceLineKind::Underspending => 1,
            FinanceLineKind::Shortfall => -1,
            _ => 0,
        }
    }
}

/// The filters a measure understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    Theme,
    Network,
    Instrument,
    OrganisationKind,
    Municipality,
}

impl Measure {
    /// Filters that make sense for this measure; any other given filter is refused.
    pub fn filters(self) -> &'static [FilterKind] {
        use FilterKind::*;
        match self {
            Measure::Events => &[Network],
            Measure::Participants => &[Network, OrganisationKind, Municipality],
            Measure::Consortia | Measure::PrivateConsortia | Measure::PublicPrivateConsortia => &[Theme, Network],
            Measure::SupportedOrganisations | Measure::Applications | Measure::Grants => {
                &[Theme, Instrument, OrganisationKind, Municipality]
            }
            Measure::SpinOffs => &[Theme, OrganisationKind, Municipality],
            Measure::LaunchingCases | Measure::Manual => &[],
            Measure::ActiveMembers => &[Theme, Network, OrganisationKind, Municipality],
            Measure::ActiveNetworks => &[Theme],
        }
    }
}

/// Years Middenveld accepts for targets, values and reports.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Parses a year such as "2017".
pub fn parse_year(input: Option<&str>) -> Result<i32, ErrorCode> {
    let t = input.map(str::trim).unwrap_or_default();
    if t.is_empty() {
        return Err(ErrorCode::Required);
    }
    t.parse::<i32>()
        .ok()
        .filter(|y| YEARS.contains(y))
        .ok_or(ErrorCode::YearFormat)
}

fn optional_year(input: Option<&str>) -> Result<Option<i32>, ErrorCode> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        s => parse_year(s).map(Some),
    }
}

/// Parses a whole number ("6000", "6.000"); negative only where allowed.
pub fn parse_count(input: Option<&str>, allow_negative: bool) -> Result<i64, ErrorCode> {
    let t: String = input
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if t.is_empty() {
        return Err(ErrorCode::Required);
    }
    let n: i64 = t.parse().map_err(|_| ErrorCode::NumberFormat)?;
    if n < 0 && !allow_negative {
        return Err(ErrorCode::NegativeAmount);
    }
    Ok(n)
}

/// The largest position (order number) of an action or indicator: far above any real list,
/// far below where "the next position" could overflow a database integer.
pub const MAX_POSITION: i64 = 1_000_000;

/// An optional position: a whole number from 0 to [`MAX_POSITION`].
pub fn optional_position(input: Option<&str>) -> Result<Option<i64>, ErrorCode> {
    let t: String = input
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let digits = t.strip_prefix('-').unwrap_or(&t).replace('.', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::NumberFormat);
    }
    match t.replace('.', "").parse::<i64>() {
        Ok(n) if (0..=MAX_POSITION).contains(&n) => Ok(Some(n)),
        _ => Err(ErrorCode::PositionRange { max: MAX_POSITION }),
    }
}

fn optional_count(input: Option<&str>) -> Result<Option<i64>, ErrorCode> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        s => parse_count(s, false).map(Some),
    }
}

/// A count written the Dutch way: four digits plain (8000), more grouped (12.500).
pub fn dutch_count(n: i64) -> String {
    if n.unsigned_abs() < 10_000 {
        n.to_string()
    } else {
        let sign = if n < 0 { "-" } else { "" };
        format!("{sign}{}", crate::money::group_thousands(n.unsigned_abs()))
    }
}

/// Writes a realised value for the list of results: `10`, or `>160` for 163 rounded down to
/// the step 10 (the largest multiple of the step below the value).
pub fn display_value(value: i64, display: Display, step: Option<i64>) -> String {
    match (display, step) {
        (Display::MoreThan, Some(step)) if step > 0 && value > 0 => {
            let floor = (value - 1) / step * step;
            if floor > 0 {
                format!(">{}", dutch_count(floor))
            } else {
                dutch_count(value)
            }
        }
        _ => dutch_count(value),
    }
}

// ---------------------------------------------------------------------------------------------
// Programme

#[derive(Debug, Clone, Default)]
pub struct ProgrammeInput {
    pub name: String,
    pub description: Option<String>,
    pub start_year: Option<String>,
    pub end_year: Option<String>,
    pub decision_reference: Option<String>,
    pub reserve_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub name: String,
    pub description: Option<String>,
    pub start_year: i32,
    pub end_year: Option<i32>,
    /// The Provincial Council's decision, e.g. PS/2016/871.
    pub decision_reference: Option<String>,
    /// The reserve the objectives relate to, e.g. "Natuurnetwerk Nederland / Kwaliteit van
    /// Overijssel" (the label of that line in the basic information).
    pub reserve_name: Option<String>,
}

pub mod programme_field {
    pub const NAME: &str = "naam";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const START: &str = "beginjaar";
    pub const END: &str = "eindjaar";
    pub const DECISION: &str = "besluit";
    pub const RESERVE: &str = "reserve";
}

impl ProgrammeInput {
    pub fn parse(self) -> Result<Programme, ValidationErrors> {
        use programme_field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 5000));
        let start_year = e.take(START, parse_year(self.start_year.as_deref()));
        let end_year = e.take(END, optional_year(self.end_year.as_deref()));
        if let (Some(s), Some(Some(end))) = (start_year, end_year)
            && end < s
        {
            e.add(END, ErrorCode::DateOrder);
        }
        let decision_reference = e.take(DECISION, text::optional(self.decision_reference.as_deref(), 200));
        let reserve_name = e.take(RESERVE, text::optional(self.reserve_name.as_deref(), 200));
        e.finish(|| {
            Some(Programme {
                name: name?,
                description: description?,
                start_year: start_year?,
                end_year: end_year?,
                decision_reference: decision_reference?,
                reserve_name: reserve_name?,
            })
        })
    }
}

impl Programme {
    pub fn snapshot(&self) -> Snapshot {
        use programme_field::*;
        vec![
            (NAME, self.name.clone()),
            (DESCRIPTION, audit::opt(&self.description)),
            (START, self.start_year.to_string()),
            (END, audit::opt(&self.end_year.map(|y| y.to_string()))),
            (DECISION, audit::opt(&self.decision_reference)),
            (RESERVE, audit::opt(&self.reserve_name)),
        ]
    }

    /// The years of the programme up to `last` (the current year): the x-axis of its charts.
    pub fn years_until(&self, last: i32) -> std::ops::RangeInclusive<i32> {
        let end = self.end_year.unwrap_or(last).min(last).max(self.start_year);
        self.start_year..=end
    }
}

// ---------------------------------------------------------------------------------------------
// Objective ("prestatie")

#[derive(Debug, Clone, Default)]
pub struct ObjectiveInput {
    pub code: String,
    pub name: String,
    pub context: Option<String>,
    pub portfolio_holder: Option<String>,
    pub province_role: Option<String>,
    pub duration: Option<String>,
    pub reserve_relation: Option<String>,
    pub decision_references: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// The number in the budget, e.g. 5.3.2.
    pub code: String,
    pub name: String,
    pub context: Option<String>,
    pub portfolio_holder: Option<String>,
    /// The province's role ("regisseur en faciliteerder").
    pub province_role: Option<String>,
    /// "Structureel." or "Niet structureel. Eindigt naar verwachting in 2019".
    pub duration: Option<String>,
    pub reserve_relation: Option<String>,
    /// Decisions, one per line (PS/2012/107, PS/2016/871, …).
    pub decision_references: Option<String>,
    /// The project website: an address or its name.
    pub website: Option<String>,
}

pub mod objective_field {
    pub const CODE: &str = "code";
    pub const NAME: &str = "naam";
    pub const CONTEXT: &str = "context";
    pub const PORTFOLIO_HOLDER: &str = "portefeuillehouder";
    pub const ROLE: &str = "rolProvincie";
    pub const DURATION: &str = "looptijd";
    pub const RESERVE: &str = "relatieReserve";
    pub const DECISIONS: &str = "besluiten";
    pub const WEBSITE: &str = "website";
    pub const PROGRAMME: &str = "programmaId";
}

impl ObjectiveInput {
    pub fn parse(self) -> Result<Objective, ValidationErrors> {
        use objective_field::*;
        let mut e = ValidationErrors::new();
        let code = e.take(CODE, text::required(&self.code, 30));
        let name = e.take(NAME, text::required(&self.name, 200));
        let long = |v: &Option<String>| text::optional_long(v.as_deref(), 20_000);
        let short = |v: &Option<String>| text::optional_long(v.as_deref(), 2000);
        let context = e.take(CONTEXT, long(&self.context));
        let portfolio_holder = e.take(PORTFOLIO_HOLDER, text::optional(self.portfolio_holder.as_deref(), 200));
        let province_role = e.take(ROLE, short(&self.province_role));
        let duration = e.take(DURATION, short(&self.duration));
        let reserve_relation = e.take(RESERVE, short(&self.reserve_relation));
        let decision_references = e.take(DECISIONS, short(&self.decision_references));
        let website = e.take(WEBSITE, text::optional(self.website.as_deref(), 500));
        e.finish(|| {
            Some(Objective {
                code: code?,
                name: name?,
                context: context?,
                portfolio_holder: portfolio_holder?,
                province_role: province_role?,
                duration: duration?,
                reserve_relation: reserve_relation?,
                decision_references: decision_references?,
                website: website?,
            })
        })
    }
}

impl Objective {
    pub fn snapshot(&self) -> Snapshot {
        use objective_field::*;
        vec![
            (CODE, self.code.clone()),
            (NAME, self.name.clone()),
            (CONTEXT, audit::opt(&self.context)),
            (PORTFOLIO_HOLDER, audit::opt(&self.portfolio_holder)),
            (ROLE, audit::opt(&self.province_role)),
            (DURATION, audit::opt(&self.duration)),
            (RESERVE, audit::opt(&self.reserve_relation)),
            (DECISIONS, audit::opt(&self.decision_references)),
            (WEBSITE, audit::opt(&self.website)),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Action

pub mod action_field {
    pub const TEXT: &str = "tekst";
    pub const POSITION: &str = "volgorde";
}

/// An action under an objective, as written in the budget ("Wij bevorderen …").
pub fn parse_action(text_in: &str, position: Option<&str>) -> Result<(String, Option<i64>), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let t = e.take(action_field::TEXT, text::required(text_in, 2000));
    let p = e.take(action_field::POSITION, optional_position(position));
    e.finish(|| Some((t?, p?)))
}

// ---------------------------------------------------------------------------------------------
// Indicator

/// Filters of a counted indicator. Ids refer to the register; the service checks they exist.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub theme_id: Option<i64>,
    pub network_id: Option<i64>,
    pub instrument: Option<SupportInstrument>,
    pub organisation_kind: Option<OrganisationKind>,
    pub municipality: Option<MunicipalityCode>,
}

impl Filters {
    fn given(&self) -> Vec<(FilterKind, &'static str)> {
        let mut g = Vec::new();
        if self.theme_id.is_some() {
            g.push((FilterKind::Theme, indicator_field::THEME));
        }
        if self.network_id.is_some() {
            g.push((FilterKind::Network, indicator_field::NETWORK));
        }
        if self.instrument.is_some() {
            g.push((FilterKind::Instrument, indicator_field::INSTRUMENT));
        }
        if self.organisation_kind.is_some() {
            g.push((FilterKind::OrganisationKind, indicator_field::KIND));
        }
        if self.municipality.is_some() {
            g.push((FilterKind::Municipality, indicator_field::MUNICIPALITY));
        }
        g
    }
}

#[derive(Debug, Clone, Default)]
pub struct IndicatorInput {
    pub name: String,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub comparison: Option<String>,
    pub baseline: Option<String>,
    pub display: Option<String>,
    pub display_step: Option<String>,
    pub position: Option<String>,
    pub theme_id: Option<i64>,
    pub network_id: Option<i64>,
    pub instrument: Option<String>,
    pub organisation_kind: Option<String>,
    pub municipality_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// As it reads in the results: "Aantal ontmoetingen/evenementen".
    pub name: String,
    pub measure: Measure,
    pub unit: Option<String>,
    pub comparison: Comparison,
    pub baseline: Option<i64>,
    pub display: Display,
    pub display_step: Option<i64>,
    pub position: Option<i64>,
    pub filters: Filters,
}

pub mod indicator_field {
    pub const NAME: &str = "naam";
    pub const MEASURE: &str = "telling";
    pub const UNIT: &str = "eenheid";
    pub const COMPARISON: &str = "vergelijking";
    pub const BASELINE: &str = "nulmeting";
    pub const DISPLAY: &str = "weergave";
    pub const STEP: &str = "afronding";
    pub const POSITION: &str = "volgorde";
    pub const THEME: &str = "themaId";
    pub const NETWORK: &str = "netwerkId";
    pub const INSTRUMENT: &str = "instrument";
    pub const KIND: &str = "soortOrganisatie";
    pub const MUNICIPALITY: &str = "gemeente";
    pub const ACTION: &str = "actieId";
}

impl IndicatorInput {
    pub fn parse(self) -> Result<Indicator, ValidationErrors> {
        use indicator_field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let measure = e.take(
            MEASURE,
            Measure::optional(self.measure.as_deref()).and_then(|m| m.ok_or(ErrorCode::Required)),
        );
        let unit = e.take(UNIT, text::optional(self.unit.as_deref(), 50));
        let comparison = e.take(
            COMPARISON,
            Comparison::optional(self.comparison.as_deref()).map(|c| c.unwrap_or(Comparison::AtLeast)),
        );
        let baseline = e.take(BASELINE, optional_count(self.baseline.as_deref()));
        let display = e.take(
            DISPLAY,
            Display::optional(self.display.as_deref()).map(|d| d.unwrap_or(Display::Exact)),
        );
        let display_step = e.take(STEP, optional_count(self.display_step.as_deref()));
        if display == Some(Display::MoreThan) && !matches!(display_step, Some(Some(s)) if s > 0) {
            e.add(STEP, ErrorCode::Required);
        }
        let position = e.take(POSITION, optional_position(self.position.as_deref()));
        let instrument = e.take(INSTRUMENT, SupportInstrument::optional(self.instrument.as_deref()));
        let organisation_kind = e.take(KIND, OrganisationKind::optional(self.organisation_kind.as_deref()));
        let municipality = e.take(
            MUNICIPALITY,
            match self.municipality_code.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(c) => MunicipalityCode::parse(c).map(Some),
            },
        );
        let filters = Filters {
            theme_id: self.theme_id,
            network_id: self.network_id,
            instrument: instrument.flatten(),
            organisation_kind: organisation_kind.flatten(),
            municipality: municipality.flatten(),
        };
        if let Some(m) = measure {
            for (kind, field) in filters.given() {
                if !m.filters().contains(&kind) {
                    e.add(field, ErrorCode::FilterNotApplicable);
                }
            }
        }
        e.finish(|| {
            Some(Indicator {
                name: name?,
                measure: measure?,
                unit: unit?,
                comparison: comparison?,
                baseline: baseline?,
                display: display?,
                display_step: display_step?,
                position: position?,
                filters,
            })
        })
    }
}

impl Indicator {
    pub fn snapshot(&self) -> Snapshot {
        use indicator_field::*;
        let f = &self.filters;
        vec![
            (NAME, self.name.clone()),
            (MEASURE, self.measure.code().to_string()),
            (UNIT, audit::opt(&self.unit)),
            (COMPARISON, self.comparison.code().to_string()),
            (BASELINE, audit::opt(&self.baseline.map(|b| b.to_string()))),
            (DISPLAY, self.display.code().to_string()),
            (STEP, audit::opt(&self.display_step.map(|s| s.to_string()))),
            (THEME, audit::opt(&f.theme_id.map(|v| v.to_string()))),
            (NETWORK, audit::opt(&f.network_id.map(|v| v.to_string()))),
            (INSTRUMENT, audit::opt(&f.instrument.map(|v| v.code().to_string()))),
            (KIND, audit::opt(&f.organisation_kind.map(|v| v.code().to_string()))),
            (
                MUNICIPALITY,
                audit::opt(&f.municipality.as_ref().map(|m| m.as_str().to_string())),
            ),
        ]
    }

    /// The realised value as the report writes it.
    pub fn display_value(&self, value: i64) -> String {
        display_value(value, self.display, self.display_step)
    }
}

// ---------------------------------------------------------------------------------------------
// Targets and values

pub mod target_field {
    pub const FROM: &str = "vanafJaar";
    pub const TO: &str = "totEnMetJaar";
    pub const VALUE: &str = "waarde";
    pub const YEAR: &str = "jaar";
    pub const SOURCE: &str = "bron";
}

/// A target over the years `from..=to` (one year, or a programme period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub from_year: i32,
    pub to_year: i32,
    pub value: i64,
}

impl Target {
    pub fn parse(from: Option<&str>, to: Option<&str>, value: Option<&str>) -> Result<Target, ValidationErrors> {
        use target_field::*;
        let mut e = ValidationErrors::new();
        let from_year = e.take(FROM, parse_year(from));
        let to_year = e.take(TO, optional_year(to));
        let value = e.take(VALUE, parse_count(value, false));
        if let (Some(f), Some(Some(t))) = (from_year, to_year)
            && t < f
        {
            e.add(TO, ErrorCode::DateOrder);
        }
        e.finish(|| {
            let from_year = from_year?;
            Some(Target {
                from_year,
                to_year: to_year?.unwrap_or(from_year),
                value: value?,
            })
        })
    }

    pub fn covers(&self, year: i32) -> bool {
        (self.from_year..=self.to_year).contains(&year)
    }

    pub fn is_year(&self) -> bool {
        self.from_year == self.to_year
    }

    /// "2017" or "2016–2019".
    pub fn period_label(&self) -> String {
        if self.is_year() {
            self.from_year.to_string()
        } else {
            format!("{}–{}", self.from_year, self.to_year)
        }
    }
}

/// A value entered by hand for an indicator of kind [`Measure::Manual`], with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualValue {
    pub year: i32,
    pub value: i64,
    pub source: String,
}

impl ManualValue {
    pub fn parse(
        year: Option<&str>,
        value: Option<&str>,
        source: Option<&str>,
    ) -> Result<ManualValue, ValidationErrors> {
        use target_field::*;
        let mut e = ValidationErrors::new();
        let year = e.take(YEAR, parse_year(year));
        let value = e.take(VALUE, parse_count(value, true));
        let source = e.take(SOURCE, text::required(source.unwrap_or_default(), 500));
        e.finish(|| {
            Some(ManualValue {
                year: year?,
                value: value?,
                source: source?,
            })
        })
    }
}

/// How `realised` stands against `target` for the period `from..=to`, seen on `today`
/// (year and day of the year). A period that has ended is achieved or missed; a running one
/// is on track when the realised value keeps pace with the part of the period gone by.
pub fn status(
    comparison: Comparison,
    target: Option<&Target>,
    realised: i64,
    today_year: i32,
    today_ordinal: u16,
) -> TargetStatus {
    let Some(t) = target else {
        return TargetStatus::NoTarget;
    };
    let met = match comparison {
        Comparison::AtLeast => realised >= t.value,
        Comparison::AtMost => realised <= t.value,
    };
    if today_year > t.to_year {
        return if met {
            TargetStatus::Achieved
        } else {
            TargetStatus::Missed
        };
    }
    if today_year < t.from_year {
        return TargetStatus::OnTrack;
    }
    match comparison {
        Comparison::AtMost => {
            if met {
                TargetStatus::OnTrack
            } else {
                TargetStatus::Missed
            }
        }
        Comparison::AtLeast if met => TargetStatus::Achieved,
        Comparison::AtLeast => {
            let years = i64::from(t.to_year - t.from_year + 1);
            let elapsed_days = i64::from(today_year - t.from_year) * 365 + i64::from(today_ordinal);
            let pace = t.value as i128 * elapsed_days as i128 / (years * 365) as i128;
            if realised as i128 >= pace {
                TargetStatus::OnTrack
            } else {
                TargetStatus::Behind
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Progress note and finances

pub mod finance_field {
    pub const YEAR: &str = "jaar";
    pub const BUDGET: &str = "begroot";
    pub const REALISED: &str = "gerealiseerd";
    pub const BALANCE: &str = "saldo";
    pub const COMPOSITION: &str = "samenstelling";
    pub const LINE_KIND: &str = "regelSoort";
    pub const LINE_AMOUNT: &str = "regelBedrag";
    pub const LINE_TEXT: &str = "regelTekst";
    pub const BODY: &str = "tekst";
    pub const ACKNOWLEDGED: &str = "afwijkingGezien";
}

/// A required multi-line text: its paragraphs and line breaks kept.
fn long_required(input: &str, max: usize) -> Result<String, ErrorCode> {
    text::optional_long(Some(input), max).and_then(|t| t.ok_or(ErrorCode::Required))
}

/// Writes the progress note of a year.
pub fn parse_note(year: Option<&str>, body: &str) -> Result<(i32, String), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let y = e.take(finance_field::YEAR, parse_year(year));
    let b = e.take(finance_field::BODY, long_required(body, 50_000));
    e.finish(|| Some((y?, b?)))
}

#[derive(Debug, Clone, Default)]
pub struct FinanceLineInput {
    pub kind: Option<String>,
    pub amount: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct FinanceInput {
    pub year: Option<String>,
    pub budget: Option<String>,
    pub realised: Option<String>,
    pub balance: Option<String>,
    pub composition: Option<String>,
    pub lines: Vec<FinanceLineInput>,
    /// The user has seen that the lines do not add up to the balance and keeps them.
    pub acknowledged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceLine {
    pub kind: FinanceLineKind,
    pub amount: Euro,
    /// The sentence(s) of the report, e.g. "Voor #in … is er sprake van € 246.000 onderuitputting …".
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finance {
    pub year: i32,
    pub budget: Option<Euro>,
    pub realised: Option<Euro>,
    pub balance: Euro,
    /// What the balance is made of: "een resultaat op het programma …".
    pub composition: Option<String>,
    pub lines: Vec<FinanceLine>,
    pub acknowledged: bool,
}

fn optional_euro(input: Option<&str>) -> Result<Option<Euro>, ErrorCode> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => Euro::parse(s).map(Some),
    }
}

impl Finance {
    /// The sum of the lines that explain the balance.
    pub fn explained(&self) -> Euro {
        Euro(
            self.lines
                .iter()
                .map(|l| l.kind.balance_sign() * l.amount.cents())
                .sum(),
        )
    }

    /// Why the figures do not add up, if they don't: the explaining lines against the balance,
    /// and budget minus realised against the balance.
    pub fn mismatch(&self) -> Option<ErrorCode> {
        let has_explaining = self.lines.iter().any(|l| l.kind.balance_sign() != 0);
        if has_explaining && self.explained() != self.balance {
            return Some(ErrorCode::FinanceDoesNotAddUp {
                balance: self.balance.dutch(),
                explained: self.explained().dutch(),
            });
        }
        if let (Some(b), Some(r)) = (self.budget, self.realised)
            && Euro(b.cents() - r.cents()) != self.balance
        {
            return Some(ErrorCode::FinanceDoesNotAddUp {
                balance: self.balance.dutch(),
                explained: Euro(b.cents() - r.cents()).dutch(),
            });
        }
        None
    }
}

impl FinanceInput {
    pub fn parse(self) -> Result<Finance, ValidationErrors> {
        use finance_field::*;
        let mut e = ValidationErrors::new();
        let year = e.take(YEAR, parse_year(self.year.as_deref()));
        let budget = e.take(BUDGET, optional_euro(self.budget.as_deref()));
        let realised = e.take(REALISED, optional_euro(self.realised.as_deref()));
        let balance = e.take(
            BALANCE,
            optional_euro(self.balance.as_deref()).and_then(|b| b.ok_or(ErrorCode::Required)),
        );
        let composition = e.take(COMPOSITION, text::optional_long(self.composition.as_deref(), 2000));
        let mut lines = Vec::new();
        for l in &self.lines {
            let blank = [&l.kind, &l.amount, &l.text]
                .iter()
                .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()));
            if blank {
                continue;
            }
            let kind = e.take(
                LINE_KIND,
                FinanceLineKind::optional(l.kind.as_deref()).and_then(|k| k.ok_or(ErrorCode::Required)),
            );
            let amount = e.take(
                LINE_AMOUNT,
                optional_euro(l.amount.as_deref()).and_then(|a| match a {
                    None => Err(ErrorCode::Required),
                    Some(a) if a.cents() < 0 => Err(ErrorCode::NegativeAmount),
                    Some(a) => Ok(a),
                }),
            );
            let text = e.take(LINE_TEXT, long_required(l.text.as_deref().unwrap_or_default(), 5000));
            if let (Some(kind), Some(amount), Some(text)) = (kind, amount, text) {
                lines.push(FinanceLine { kind, amount, text });
            }
        }
        let finance = e.finish(|| {
            Some(Finance {
                year: year?,
                budget: budget?,
                realised: realised?,
                balance: balance?,
                composition: composition?,
                lines,
                acknowledged: self.acknowledged,
            })
        })?;
        match finance.mismatch() {
            Some(code) if !finance.acknowledged => Err(ValidationErrors::one(ACKNOWLEDGED, code)),
            _ => Ok(finance),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_is_a_bounded_whole_number() {
        assert_eq!(optional_position(Some(" 12 ")), Ok(Some(12)));
        assert_eq!(optional_position(Some("1.000")), Ok(Some(1000)));
        assert_eq!(optional_position(Some("")), Ok(None));
        assert_eq!(optional_position(None), Ok(None));
        let range = Err(ErrorCode::PositionRange { max: MAX_POSITION });
        assert_eq!(optional_position(Some("-1")), range);
        assert_eq!(optional_position(Some("1000001")), range);
        assert_eq!(optional_position(Some("9223372036854775807")), range);
        assert_eq!(optional_position(Some("99999999999999999999999")), range);
        assert_eq!(optional_position(Some("een")), Err(ErrorCode::NumberFormat));
        assert!(
            ErrorCode::PositionRange { max: MAX_POSITION }
                .message(Lang::Nl)
                .contains("1.000.000")
        );
    }

    #[test]
    fn results_are_written_as_the_report_does() {
        assert_eq!(display_value(163, Display::MoreThan, Some(10)), ">160");
        assert_eq!(display_value(8012, Display::MoreThan, Some(1000)), ">8000");
        assert_eq!(display_value(160, Display::MoreThan, Some(10)), ">150");
        assert_eq!(display_value(10, Display::Exact, None), "10");
        assert_eq!(display_value(5, Display::MoreThan, Some(10)), "5");
        assert_eq!(dutch_count(12_500), "12.500");
    }

    #[test]
    fn a_filter_the_measure_does_not_know_is_refused() {
        let input = IndicatorInput {
            name: "Evenementen".into(),
            measure: Some("evenementen".into()),
            instrument: Some("innovatievoucher".into()),
            ..IndicatorInput::default()
        };
        assert_eq!(
            input.parse(),
            Err(ValidationErrors::one(
                indicator_field::INSTRUMENT,
                ErrorCode::FilterNotApplicable
            ))
        );
        let unknown = IndicatorInput {
            name: "Evenementen".into(),
            measure: Some("bestaat-niet".into()),
            ..IndicatorInput::default()
        };
        assert_eq!(
            unknown.parse(),
            Err(ValidationErrors::one(indicator_field::MEASURE, ErrorCode::UnknownValue))
        );
    }

    #[test]
    fn a_target_needs_a_period() {
        assert_eq!(
            Target::parse(None, None, Some("150")),
            Err(ValidationErrors::one(target_field::FROM, ErrorCode::Required))
        );
        let t = Target::parse(Some("2016"), Some("2019"), Some("6.000")).unwrap();
        assert_eq!((t.value, t.period_label()), (6000, "2016–2019".to_string()));
    }

    #[test]
    fn status_follows_the_calendar() {
        let t = Target {
            from_year: 2017,
            to_year: 2017,
            value: 150,
        };
        let s = |r, y, d| status(Comparison::AtLeast, Some(&t), r, y, d);
        assert_eq!(s(163, 2018, 1), TargetStatus::Achieved);
        assert_eq!(s(140, 2018, 1), TargetStatus::Missed);
        assert_eq!(s(80, 2017, 182), TargetStatus::OnTrack);
        assert_eq!(s(40, 2017, 182), TargetStatus::Behind);
        assert_eq!(
            status(Comparison::AtMost, Some(&t), 200, 2017, 10),
            TargetStatus::Missed
        );
        assert_eq!(status(Comparison::AtLeast, None, 1, 2017, 10), TargetStatus::NoTarget);
    }

    #[test]
    fn the_seed_finances_add_up_and_a_wrong_balance_must_be_acknowledged() {
        let line = |kind: &str, amount: &str| FinanceLineInput {
            kind: Some(kind.into()),
            amount: Some(amount.into()),
            text: Some("Toelichting".into()),
        };
        let input = FinanceInput {
            year: Some("2017".into()),
            balance: Some("€ 145.000".into()),
            lines: vec![
                line("onderuitputting", "€ 246.000"),
                line("tekort", "€ 101.000"),
                line("resultaatbestemming", "€ 680.000"),
                FinanceLineInput::default(),
            ],
            ..FinanceInput::default()
        };
        let f = input.clone().parse().unwrap();
        assert_eq!((f.lines.len(), f.explained()), (3, Euro(14_500_000)));
        let wrong = FinanceInput {
            balance: Some("€ 150.000".into()),
            ..input.clone()
        };
        assert!(matches!(
            wrong.clone().parse().unwrap_err().0[0].code,
            ErrorCode::FinanceDoesNotAddUp { .. }
        ));
        assert!(
            FinanceInput {
                acknowledged: true,
                ..wrong
            }
            .parse()
            .is_ok()
        );
    }
}
