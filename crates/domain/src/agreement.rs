//! Agreements with their commitments and their yearly confirmation and evaluation.
//!
//! Seed 004: the IPO strength map of the circular economy holds five offers of the provinces
//! and three asks to the national government, and the parties agree to confirm and evaluate
//! it every year. The evaluation of year Y is due on the agreement's due day in Y (by default
//! 1 December: before the year closes and in time for the annual report in spring); a
//! reminder shows from 30 days before until the year is recorded.

use crate::audit::Snapshot;
use crate::enums::{Coded, CommitmentKind, ConfirmationStatus};
use crate::{Date, ErrorCode, ValidationErrors, text};

/// Days before the due date from which the reminder shows.
pub const REMIND_DAYS_BEFORE: i64 = 30;

#[derive(Debug, Clone, Default)]
pub struct AgreementInput {
    pub name: String,
    pub description: Option<String>,
    /// Free-text parties ("IPO", "Rijk"); each entry may hold several lines.
    pub parties: Vec<String>,
    pub organisation_ids: Vec<i64>,
    pub start_year: Option<String>,
    pub end_year: Option<String>,
    /// Day and month of the yearly evaluation, `dd-mm` (default 01-12).
    pub due: Option<String>,
    /// Offers, one per line; then asks, one per line.
    pub offers: Vec<String>,
    pub asks: Vec<String>,
    pub theme_ids: Vec<i64>,
    pub indicator_ids: Vec<i64>,
    pub objective_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub kind: CommitmentKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub name: String,
    pub description: Option<String>,
    pub parties: Vec<String>,
    pub organisation_ids: Vec<i64>,
    pub start_year: i32,
    pub end_year: Option<i32>,
    pub due_month: u8,
    pub due_day: u8,
    pub commitments: Vec<Commitment>,
    pub theme_ids: Vec<i64>,
    pub indicator_ids: Vec<i64>,
    pub objective_ids: Vec<i64>,
}

pub mod field {
    pub const NAME: &str = "naam";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const PARTIES: &str = "partijen";
    pub const ORGANISATIONS: &str = "organisaties";
    pub const START: &str = "startjaar";
    pub const END: &str = "eindjaar";
    pub const DUE: &str = "evaluatieDag";
    pub const OFFERS: &str = "aanbod";
    pub const ASKS: &str = "vragen";
    pub const THEMES: &str = "themas";
    pub const INDICATORS: &str = "indicatoren";
    pub const OBJECTIVES: &str = "prestaties";
    pub const YEAR: &str = "jaar";
    pub const STATUS: &str = "status";
    pub const DATE: &str = "datum";
    pub const EVALUATION: &str = "evaluatie";
    pub const CHANGE: &str = "wijziging";
}

/// Splits entries into trimmed non-empty lines (a form textarea sends one entry with lines).
fn lines(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .flat_map(|e| e.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn line_list(entries: &[String], max: usize) -> Result<Vec<String>, ErrorCode> {
    let out = lines(entries);
    match out.iter().find(|l| l.chars().count() > max) {
        Some(_) => Err(ErrorCode::TooLong { max }),
        None => Ok(out),
    }
}

pub fn parse_year(input: &str) -> Result<i32, ErrorCode> {
    match input.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Ok(y),
        _ => Err(ErrorCode::YearFormat),
    }
}

fn optional_year(input: Option<&str>) -> Result<Option<i32>, ErrorCode> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_year(s).map(Some),
    }
}

/// `dd-mm` (or `d-m`, `dd/mm`); the day must exist in every year, so 29-02 is refused.
pub fn parse_due(input: Option<&str>) -> Result<(u8, u8), ErrorCode> {
    let t = input.map(str::trim).unwrap_or_default();
    if t.is_empty() {
        return Ok((12, 1));
    }
    let normalised = t.replace(['.', '/'], "-");
    let mut parts = normalised.split('-');
    let (Some(d), Some(m), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ErrorCode::DateFormat);
    };
    let (Ok(d), Ok(m)) = (d.trim().parse::<u8>(), m.trim().parse::<u8>()) else {
        return Err(ErrorCode::DateFormat);
    };
    let month = time::Month::try_from(m).map_err(|_| ErrorCode::DateFormat)?;
    time::Date::from_calendar_date(2023, month, d).map_err(|_| ErrorCode::DateFormat)?;
    Ok((m, d))
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

impl AgreementInput {
    pub fn parse(self) -> Result<Agreement, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 10000));
        let parties = e.take(PARTIES, line_list(&self.parties, 200));
        let start_year = e.take(
            START,
            match self.start_year.as_deref().map(str::trim) {
                None | Some("") => Err(ErrorCode::Required),
                Some(s) => parse_year(s),
            },
        );
        let end_year = e.take(END, optional_year(self.end_year.as_deref()));
        if let (Some(s), Some(Some(end))) = (start_year, end_year)
            && end < s
        {
            e.add(END, ErrorCode::DateOrder);
        }
        let due = e.take(DUE, parse_due(self.due.as_deref()));
        let offers = e.take(OFFERS, line_list(&self.offers, 2000));
        let asks = e.take(ASKS, line_list(&self.asks, 2000));
        e.finish(|| {
            let (due_month, due_day) = due?;
            let commitments = offers?
                .into_iter()
                .map(|text| Commitment {
                    kind: CommitmentKind::Offer,
                    text,
                })
                .chain(asks?.into_iter().map(|text| Commitment {
                    kind: CommitmentKind::Ask,
                    text,
                }))
                .collect();
            Some(Agreement {
                name: name?,
                description: description?,
                parties: parties?,
                organisation_ids: dedup(&self.organisation_ids),
                start_year: start_year?,
                end_year: end_year?,
                due_month,
                due_day,
                commitments,
                theme_ids: dedup(&self.theme_ids),
                indicator_ids: dedup(&self.indicator_ids),
                objective_ids: dedup(&self.objective_ids),
            })
        })
    }
}

impl Agreement {
    /// The due day as `dd-mm`.
    pub fn due_text(&self) -> String {
        format!("{:02}-{:02}", self.due_day, self.due_month)
    }

    /// The date the evaluation of `year` is due.
    pub fn due_in(&self, year: i32) -> Option<Date> {
        let month = time::Month::try_from(self.due_month).ok()?;
        time::Date::from_calendar_date(year, month, self.due_day).ok().map(Date)
    }

    pub fn commitments_of(&self, kind: CommitmentKind) -> Vec<String> {
        self.commitments
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.text.clone())
            .collect()
    }

    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        let ids = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        vec![
            (NAME, self.name.clone()),
            (DESCRIPTION, crate::audit::opt(&self.description)),
            (PARTIES, self.parties.join("; ")),
            (ORGANISATIONS, ids(&self.organisation_ids)),
            (START, self.start_year.to_string()),
            (END, crate::audit::opt(&self.end_year)),
            (DUE, self.due_text()),
            (OFFERS, self.commitments_of(CommitmentKind::Offer).join(" | ")),
            (ASKS, self.commitments_of(CommitmentKind::Ask).join(" | ")),
            (THEMES, ids(&self.theme_ids)),
            (INDICATORS, ids(&self.indicator_ids)),
            (OBJECTIVES, ids(&self.objective_ids)),
        ]
    }
}

/// One year of the cycle as it is written.
#[derive(Debug, Clone, Default)]
pub struct YearInput {
    pub year: Option<String>,
    pub status: Option<String>,
    pub date: Option<String>,
    pub evaluation: Option<String>,
    pub change: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YearRecord {
    pub year: i32,
    pub status: ConfirmationStatus,
    pub date: Date,
    pub evaluation: String,
    pub change: Option<String>,
}

impl YearInput {
    /// Checks the year itself; where it lies against the agreement is `check_year`.
    pub fn parse(self, today: Date) -> Result<YearRecord, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let year = e.take(
            YEAR,
            match self.year.as_deref().map(str::trim) {
                None | Some("") => Err(ErrorCode::Required),
                Some(s) => parse_year(s),
            },
        );
        let status = e.take(
            STATUS,
            match self.status.as_deref().map(str::trim) {
                None | Some("") => Err(ErrorCode::Required),
                Some(s) => ConfirmationStatus::parse(s),
            },
        );
        let date = e.take(DATE, Date::optional(self.date.as_deref()).map(|d| d.unwrap_or(today)));
        if let Some(d) = date
            && d > today
        {
            e.add(DATE, ErrorCode::DateInFuture);
        }
        let evaluation = e.take(
            EVALUATION,
            text::required(self.evaluation.as_deref().unwrap_or_default(), 20000),
        );
        let change = e.take(CHANGE, text::optional_long(self.change.as_deref(), 5000));
        if status == Some(ConfirmationStatus::Adjusted) && matches!(change, Some(None)) {
            e.add(CHANGE, ErrorCode::Required);
        }
        e.finish(|| {
            Some(YearRecord {
                year: year?,
                status: status?,
                date: date?,
                evaluation: evaluation?,
                change: change?,
            })
        })
    }
}

impl YearRecord {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (YEAR, self.year.to_string()),
            (STATUS, self.status.code().to_string()),
            (DATE, self.date.iso()),
            (EVALUATION, self.evaluation.clone()),
            (CHANGE, crate::audit::opt(&self.change)),
        ]
    }
}

/// The year an agreement was ended in, if any.
pub fn ended_in(years: &[YearRecord]) -> Option<i32> {
    years
        .iter()
        .filter(|y| y.status == ConfirmationStatus::Ended)
        .map(|y| y.year)
        .min()
}

/// Where `year` may be recorded: not before the start, not after the end year or the year it
/// was ended in, not beyond the current year, and once (`replacing` is the year being edited).
pub fn check_year(
    a: &Agreement,
    years: &[YearRecord],
    year: i32,
    replacing: Option<i32>,
    today: Date,
) -> Result<(), ValidationErrors> {
    let others: Vec<YearRecord> = years.iter().filter(|y| Some(y.year) != replacing).cloned().collect();
    let code = if year < a.start_year || a.end_year.is_some_and(|end| year > end) {
        Some(ErrorCode::YearOutsidePeriod)
    } else if year > today.year() {
        Some(ErrorCode::DateInFuture)
    } else if others.iter().any(|y| y.year == year) {
        Some(ErrorCode::YearRecorded)
    } else if ended_in(&others).is_some_and(|e| year > e) {
        Some(ErrorCode::YearOutsidePeriod)
    } else {
        None
    };
    match code {
        Some(c) => Err(ValidationErrors::one(field::YEAR, c)),
        None => Ok(()),
    }
}

/// One evaluation that is due (or overdue) on `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub year: i32,
    pub due: Date,
    pub overdue: bool,
}

/// Every year whose evaluation is due on `today`: from `REMIND_DAYS_BEFORE` days before its
/// due date until it is recorded; none after the agreement has ended. Oldest first.
pub fn evaluations_due(a: &Agreement, years: &[YearRecord], today: Date) -> Vec<Due> {
    let ended = ended_in(years);
    let last = [Some(today.year() + 1), a.end_year, ended]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(a.start_year);
    (a.start_year..=last)
        .filter(|y| !years.iter().any(|r| r.year == *y))
        .filter(|_| ended.is_none())
        .filter_map(|y| {
            let due = a.due_in(y)?;
            let from = due.0 - time::Duration::days(REMIND_DAYS_BEFORE);
            (today.0 >= from).then_some(Due {
                year: y,
                due,
                overdue: today > due,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn krachtenkaart() -> Agreement {
        AgreementInput {
            name: "Krachtenkaart".into(),
            start_year: Some("2021".into()),
            offers: vec!["Verbinden\nOndersteunen".into()],
            asks: vec!["Regelgeving".into()],
            ..AgreementInput::default()
        }
        .parse()
        .unwrap()
    }

    #[test]
    fn commitments_come_one_per_line_and_the_due_day_defaults_to_1_december() {
        let a = krachtenkaart();
        assert_eq!(a.commitments.len(), 3);
        assert_eq!(a.commitments[2].kind, CommitmentKind::Ask);
        assert_eq!(a.due_text(), "01-12");
        assert_eq!(parse_due(Some("29-02")), Err(ErrorCode::DateFormat));
        assert_eq!(parse_due(Some("31-3")), Ok((3, 31)));
    }

    #[test]
    fn the_reminder_shows_from_30_days_before_until_recorded_and_never_after_the_end() {
        let a = krachtenkaart();
        let year = |y: i32, status| YearRecord {
            year: y,
            status,
            date: d("2021-12-01"),
            evaluation: "ok".into(),
            change: None,
        };
        let done = vec![year(2021, ConfirmationStatus::Confirmed)];
        assert!(evaluations_due(&a, &done, d("2022-10-31")).is_empty());
        assert_eq!(
            evaluations_due(&a, &done, d("2022-11-01")),
            vec![Due {
                year: 2022,
                due: d("2022-12-01"),
                overdue: false
            }]
        );
        assert!(evaluations_due(&a, &done, d("2023-01-05"))[0].overdue);
        let ended = vec![year(2021, ConfirmationStatus::Ended)];
        assert!(evaluations_due(&a, &ended, d("2023-01-05")).is_empty());
    }
}
