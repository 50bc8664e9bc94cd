//! Validation errors: one entry per invalid field, with a message in Dutch and English.

use crate::Lang;

/// Why a field was refused. Each code has a message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    Required,
    TooLong {
        max: usize,
    },
    KvkFormat,
    KvkDuplicate,
    PostcodeFormat,
    EmailFormat,
    MunicipalityFormat,
    MunicipalityUnknown,
    SbiFormat,
    DateFormat,
    AmountFormat,
    UnknownValue,
    NotFound,
    DateOrder,
    SelfReference,
    DuplicateLink,
    MemberExactlyOne,
    WebsiteFormat,
    UsernameFormat,
    PasswordTooShort {
        min: usize,
    },
    SpinOffDateWithoutParent,
    NameTaken,
    LastAdmin,
    PhoneFormat,
    MappedTwice,
    Ambiguous,
    MergeWithItself,
    DateTimeFormat,
    AttendanceBeforeStart,
    StageReasonRequired,
    NegativeAmount,
    StatusSkipsStep,
    SelfReferral,
    StatusGoesBack,
    WeeksRange,
    NoSessions,
    AlreadyDone,
    DateInFuture,
    YearFormat,
    NumberFormat,
    FilterNotApplicable,
    FinanceDoesNotAddUp {
        balance: String,
        explained: String,
    },
    YearFrozen {
        year: i32,
    },
    CodeTaken,
    /// A year outside an agreement's start and end (or after the year it ended in).
    YearOutsidePeriod,
    /// A year that is already recorded.
    YearRecorded,
    /// A text with an invisible control character such as a NUL byte.
    ControlCharacter,
    /// A position (order number) outside 0 to `max`.
    PositionRange {
        max: i64,
    },
}

impl ErrorCode {
    pub fn message(&self, lang: Lang) -> String {
        use ErrorCode::*;
        match (self, lang) {
            (Required, Lang::Nl) => "Vul dit veld in.".into(),
            (Required, Lang::En) => "This field is required.".into(),
            (TooLong { max }, Lang::Nl) => format!("Gebruik hoogstens {max} tekens."),
            (TooLong { max }, Lang::En) => format!("Use at most {max} characters."),
            (KvkFormat, Lang::Nl) => "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 51048329.".into(),
            (KvkFormat, Lang::En) => "A Chamber of Commerce number has 8 digits, for example 51048329.".into(),
            (KvkDuplicate, Lang::Nl) => "Er is al een organisatie met dit KvK-nummer.".into(),
            (KvkDuplicate, Lang::En) => "An organisation with this Chamber of Commerce number already exists.".into(),
            (PostcodeFormat, Lang::Nl) => "Een postcode heeft 4 cijfers en 2 letters, bijvoorbeeld 8011 AB.".into(),
            (PostcodeFormat, Lang::En) => "A Dutch postcode has 4 digits and 2 letters, for example 8011 AB.".into(),
            (EmailFormat, Lang::Nl) => "Dit is geen geldig e-mailadres, bijvoorbeeld naam@voorbeeld.nl.".into(),
            (EmailFormat, Lang::En) => "This is not a valid e-mail address, for example name@example.org.".into(),
            (MunicipalityFormat, Lang::Nl) => {
                "Een gemeentecode is GM gevolgd door 4 cijfers, bijvoorbeeld GM0193.".into()
            }
            (MunicipalityFormat, Lang::En) => {
                "A municipality code is GM followed by 4 digits, for example GM0193.".into()
            }
            (MunicipalityUnknown, Lang::Nl) => "Deze gemeente is niet bekend.".into(),
            (MunicipalityUnknown, Lang::En) => "This municipality is not known.".into(),
            (SbiFormat, Lang::Nl) => "Een SBI-code heeft 2 tot 5 cijfers, bijvoorbeeld 25.11 of 6201.".into(),
            (SbiFormat, Lang::En) => "An SBI code has 2 to 5 digits, for example 25.11.".into(),
            (DateFormat, Lang::Nl) => "Dit is geen geldige datum; gebruik bijvoorbeeld 21-02-2023.".into(),
            (DateFormat, Lang::En) => "This is not a valid date; use for example 2023-02-21.".into(),
            (AmountFormat, Lang::Nl) => "Dit is geen geldig bedrag; gebruik bijvoorbeeld 145.000 of 1.234,56.".into(),
            (AmountFormat, Lang::En) => "This is not a valid amount, for example 1234.56.".into(),
            (UnknownValue, Lang::Nl) => "Kies een van de mogelijke waarden.".into(),
            (UnknownValue, Lang::En) => "Choose one of the allowed values.".into(),
            (NotFound, Lang::Nl) => "Dit record bestaat niet (meer).".into(),
            (NotFound, Lang::En) => "This record does not exist (any more).".into(),
            (DateOrder, Lang::Nl) => "De einddatum ligt vóór de begindatum.".into(),
            (DateOrder, Lang::En) => "The end date lies before the start date.".into(),
            (SelfReference, Lang::Nl) => "Een organisatie kan geen spin-off van zichzelf zijn.".into(),
            (SelfReference, Lang::En) => "An organisation cannot be a spin-off of itself.".into(),
            (DuplicateLink, Lang::Nl) => "Deze koppeling bestaat al.".into(),
            (DuplicateLink, Lang::En) => "This link already exists.".into(),
            (MemberExactlyOne, Lang::Nl) => "Kies een organisatie óf een persoon.".into(),
            (MemberExactlyOne, Lang::En) => "Choose either an organisation or a person.".into(),
            (WebsiteFormat, Lang::Nl) => {
                "Een website begint met https:// of http://, bijvoorbeeld https://www.overijssel.nl.".into()
            }
            (WebsiteFormat, Lang::En) => "A website starts with https:// or http://.".into(),
            (UsernameFormat, Lang::Nl) => {
                "Een gebruikersnaam heeft 2 tot 64 tekens: letters, cijfers, punt, streepje of liggend streepje.".into()
            }
            (UsernameFormat, Lang::En) => {
                "A user name has 2 to 64 characters: letters, digits, dot, dash or underscore.".into()
            }
            (PasswordTooShort { min }, Lang::Nl) => {
                format!("Een wachtwoord heeft minstens {min} tekens.")
            }
            (PasswordTooShort { min }, Lang::En) => {
                format!("A password has at least {min} characters.")
            }
            (SpinOffDateWithoutParent, Lang::Nl) => {
                "Een spin-off-datum hoort bij een moederorganisatie; kies die ook.".into()
            }
            (SpinOffDateWithoutParent, Lang::En) => {
                "A spin-off date needs a parent organisation; choose one too.".into()
            }
            (NameTaken, Lang::Nl) => "Deze naam is al in gebruik.".into(),
            (NameTaken, Lang::En) => "This name is already taken.".into(),
            (LastAdmin, Lang::Nl) => "Er moet minstens één actieve beheerder blijven.".into(),
            (LastAdmin, Lang::En) => "At least one active administrator must remain.".into(),
            (PhoneFormat, Lang::Nl) => "Een telefoonnummer heeft 6 tot 15 cijfers, bijvoorbeeld 038 499 88 99.".into(),
            (PhoneFormat, Lang::En) => "A phone number has 6 to 15 digits.".into(),
            (MappedTwice, Lang::Nl) => "Dit veld is aan meer dan één kolom gekoppeld.".into(),
            (MappedTwice, Lang::En) => "This field is mapped to more than one column.".into(),
            (Ambiguous, Lang::Nl) => "Meer dan één record past hierbij; gebruik het KvK-nummer.".into(),
            (Ambiguous, Lang::En) => "More than one record matches; use the Chamber of Commerce number.".into(),
            (MergeWithItself, Lang::Nl) => "Een organisatie kan niet met zichzelf worden samengevoegd.".into(),
            (MergeWithItself, Lang::En) => "An organisation cannot be merged with itself.".into(),
            (DateTimeFormat, Lang::Nl) => "Dit is geen geldig tijdstip; gebruik bijvoorbeeld 12-03-2026 14:00.".into(),
            (DateTimeFormat, Lang::En) => "This is not a valid time; use for example 2026-03-12 14:00.".into(),
            (AttendanceBeforeStart, Lang::Nl) => {
                "Aanwezigheid leg je vast zodra het evenement begonnen is; tot dan is iemand aangemeld.".into()
            }
            (StageReasonRequired, Lang::Nl) => {
                "Geef aan waarom de fase verandert, bijvoorbeeld: plan na de Track opgepakt.".into()
            }
            (YearFormat, Lang::Nl) => "Geef een jaartal van 2000 tot en met 2100, bijvoorbeeld 2017.".into(),
            (YearFormat, Lang::En) => "Give a year from 2000 to 2100, for example 2017.".into(),
            (NumberFormat, Lang::Nl) => "Geef een geheel getal, bijvoorbeeld 150 of 6.000.".into(),
            (NumberFormat, Lang::En) => "Give a whole number, for example 150 or 6000.".into(),
            (FilterNotApplicable, Lang::Nl) => "Deze telling kent dit filter niet; laat het leeg of kies een andere telling.".into(),
            (FilterNotApplicable, Lang::En) => "This count does not know this filter; leave it empty or choose another count.".into(),
            (FinanceDoesNotAddUp { balance, explained }, Lang::Nl) => format!(
                "De regels tellen op tot {explained}, het saldo is {balance}. Pas de bedragen aan, of vink aan dat u dit verschil bewust vastlegt."
            ),
            (FinanceDoesNotAddUp { balance, explained }, Lang::En) => format!(
                "The lines add up to {explained}, the balance is {balance}. Correct the amounts, or tick that you record this difference on purpose."
            ),
            (CodeTaken, Lang::Nl) => "Deze code is al in gebruik.".into(),
            (CodeTaken, Lang::En) => "This code is already in use.".into(),
            (YearOutsidePeriod, Lang::Nl) => {
                "Dit jaar valt buiten de looptijd van de afspraak (of na het jaar waarin die eindigde).".into()
            }
            (YearOutsidePeriod, Lang::En) => {
                "This year lies outside the agreement's term (or after the year it ended).".into()
            }
            (YearRecorded, Lang::Nl) => "Dit jaar is al vastgelegd; wijzig het bestaande jaar.".into(),
            (YearRecorded, Lang::En) => "This year is already recorded; change the existing year.".into(),
            (YearFrozen { year }, Lang::Nl) => format!(
                "Het jaar {year} is bevroren: het jaarverslag is vastgesteld. Een beheerder kan het jaar ontdooien."
            ),
            (YearFrozen { year }, Lang::En) => format!(
                "The year {year} is frozen: its annual report is final. An administrator can unfreeze it."
            ),
            (DateInFuture, Lang::Nl) => "Deze datum ligt in de toekomst.".into(),
            (DateInFuture, Lang::En) => "This date lies in the future.".into(),
            (AlreadyDone, Lang::Nl) => "Deze taak is al afgerond.".into(),
            (AlreadyDone, Lang::En) => "This task is done already.".into(),
            (WeeksRange, Lang::Nl) => "Geef een aantal weken van 0 tot 52.".into(),
            (WeeksRange, Lang::En) => "Give a number of weeks from 0 to 52.".into(),
            (NoSessions, Lang::Nl) => "Plan eerst een sessie: de opvolging volgt op de laatste sessie.".into(),
            (NoSessions, Lang::En) => "Plan a session first: the follow-up follows the last session.".into(),
            (SelfReferral, Lang::Nl) => "Een partner verwijst niet naar zichzelf door.".into(),
            (SelfReferral, Lang::En) => "A partner does not refer to itself.".into(),
            (StatusGoesBack, Lang::Nl) => "Een doorverwijzing gaat alleen vooruit: open, in behandeling, afgerond.".into(),
            (StatusGoesBack, Lang::En) => "A referral only moves forward: open, in progress, closed.".into(),
            (ControlCharacter, Lang::Nl) => {
                "Deze tekst bevat een onzichtbaar stuurteken (zoals een nul-byte). Haal het weg, bijvoorbeeld door de tekst opnieuw te typen.".into()
            }
            (ControlCharacter, Lang::En) => {
                "This text contains an invisible control character (such as a NUL byte). Remove it, for example by typing the text again.".into()
            }
            (PositionRange { max }, Lang::Nl) => {
                format!("Geef als volgorde een geheel getal van 0 tot en met {}.", crate::accountability::dutch_count(*max))
            }
            (PositionRange { max }, Lang::En) => format!("Give the order as a whole number from 0 to {max}."),
            (NegativeAmount, Lang::Nl) => "Een bedrag kan niet negatief zijn.".into(),
            (NegativeAmount, Lang::En) => "An amount cannot be negative.".into(),
            (StatusSkipsStep, Lang::Nl) => {
                "Deze status slaat een stap over: een aanvraag wordt eerst toegekend of afgewezen, dan uitbetaald en afgesloten.".into()
            }
            (StatusSkipsStep, Lang::En) => {
                "This status skips a step: an application is granted or rejected first, then paid and closed.".into()
            }
            (StageReasonRequired, Lang::En) => {
                "Say why the stage changes, for example: picked up the plan after the Track.".into()
            }
            (AttendanceBeforeStart, Lang::En) => {
                "Attendance is recorded once the event has begun; until then a person is registered.".into()
            }
        }
    }
}

/// One refused field. `field` is the field's public (API and form) name, e.g. `kvkNummer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: ErrorCode,
}

/// Every refused field of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn one(field: &'static str, code: ErrorCode) -> Self {
        Self(vec![FieldError { field, code }])
    }

    pub fn add(&mut self, field: &'static str, code: ErrorCode) {
        self.0.push(FieldError { field, code });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// Records the error of a parse into `self` and gives the value, if any.
    pub fn take<T>(&mut self, field: &'static str, result: Result<T, ErrorCode>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }

    /// Ends a validation: the value when no field was refused.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ValidationErrors> {
        if !self.is_empty() {
            return Err(self);
        }
        value().ok_or(self)
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.code.message(Lang::Nl)))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}
