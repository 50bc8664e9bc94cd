//! The enumerations of the domain model. Each value has a stable code (used in storage, the
//! API and URLs; Dutch, as the API design rules ask) and a label in Dutch and English.

use crate::{ErrorCode, Lang};

/// What every coded enumeration offers.
pub trait Coded: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self, lang: Lang) -> &'static str;

    fn parse(code: &str) -> Result<Self, ErrorCode> {
        let t = code.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code().eq_ignore_ascii_case(t))
            .ok_or(ErrorCode::UnknownValue)
    }

    /// Like `parse`, but an empty input means "not given".
    fn optional(code: Option<&str>) -> Result<Option<Self>, ErrorCode> {
        match code.map(str::trim) {
            None | Some("") => Ok(None),
            Some(c) => Self::parse(c).map(Some),
        }
    }

    fn codes() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.code()).collect()
    }
}

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $nl:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl Coded for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($nl, $en)),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum! {
    /// The kind of an organisation.
    OrganisationKind {
        Sme => "mkb", "MKB", "SME";
        LargeCompany => "grootbedrijf", "Grootbedrijf", "Large company";
        KnowledgeInstitution => "kennisinstelling", "Kennisinstelling", "Knowledge institution";
        Intermediary => "intermediair", "Intermediair", "Intermediary";
        Government => "overheid", "Overheid", "Government";
        Financier => "financier", "Financier", "Financier";
        Other => "overig", "Overig", "Other";
    }
}

impl OrganisationKind {
    /// Knowledge institutions, intermediaries and governments are the public side of a
    /// consortium; everything else is private.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            OrganisationKind::KnowledgeInstitution | OrganisationKind::Intermediary | OrganisationKind::Government
        )
    }

    /// Companies: the kinds that go through the entrepreneur's journey.
    pub fn is_company(self) -> bool {
        matches!(self, OrganisationKind::Sme | OrganisationKind::LargeCompany)
    }
}

coded_enum! {
    /// Size class by number of employees.
    SizeClass {
        Micro => "micro", "Micro (minder dan 10)", "Micro (fewer than 10)";
        Small => "klein", "Klein (10 tot 50)", "Small (10 to 50)";
        Medium => "middelgroot", "Middelgroot (50 tot 250)", "Medium (50 to 250)";
        Large => "groot", "Groot (250 of meer)", "Large (250 or more)";
    }
}

coded_enum! {
    /// Where a company stands on its journey towards circular business.
    JourneyStage {
        Unaware => "onbewust", "Onbewust", "Unaware";
        Interested => "geinteresseerd", "Geïnteresseerd", "Interested";
        Planning => "plannen", "Plan maken", "Planning";
        Implementing => "implementeren", "Implementeren", "Implementing";
        FinancingScaling => "financieren-opschalen", "Financieren en opschalen", "Financing and scaling";
    }
}

coded_enum! {
    /// A member of a network is active, or involved (e.g. in one project or cross-over theme).
    MembershipStatus {
        Active => "actief", "Actief", "Active";
        Involved => "betrokken", "Betrokken", "Involved";
    }
}

coded_enum! {
    /// The innovation stage of a joint project.
    InnovationStage {
        Idea => "idee", "Idee", "Idea";
        Feasibility => "haalbaarheid", "Haalbaarheid", "Feasibility";
        Development => "ontwikkeling", "Ontwikkeling", "Development";
        Pilot => "pilot", "Pilot", "Pilot";
        MarketIntroduction => "marktintroductie", "Marktintroductie", "Market introduction";
        ScaleUp => "opschaling", "Opschaling", "Scale-up";
    }
}

coded_enum! {
    /// The role of an organisation in a project.
    ParticipantRole {
        Lead => "penvoerder", "Penvoerder", "Lead partner";
        Partner => "partner", "Partner", "Partner";
        KnowledgePartner => "kennispartner", "Kennispartner", "Knowledge partner";
        Supplier => "toeleverancier", "Toeleverancier", "Supplier";
        Customer => "klant", "Klant", "Customer";
    }
}

coded_enum! {
    /// The lawful basis (GDPR art. 6) on which a person's data is kept.
    ConsentBasis {
        Consent => "toestemming", "Toestemming", "Consent";
        Contract => "overeenkomst", "Overeenkomst", "Contract";
        LegalObligation => "wettelijke-plicht", "Wettelijke plicht", "Legal obligation";
        PublicTask => "publieke-taak", "Publieke taak", "Public task";
        LegitimateInterest => "gerechtvaardigd-belang", "Gerechtvaardigd belang", "Legitimate interest";
    }
}

coded_enum! {
    /// Whether a consortium is private, public-private or public: derived, never typed in.
    ConsortiumKind {
        Private => "privaat", "Privaat", "Private";
        PublicPrivate => "publiek-privaat", "Publiek-privaat", "Public-private";
        Public => "publiek", "Publiek", "Public";
    }
}

coded_enum! {
    /// What a user may do: viewers read, editors also change the register, admins also
    /// manage users and tokens.
    Role {
        Viewer => "viewer", "Lezer", "Viewer";
        Editor => "editor", "Redacteur", "Editor";
        Admin => "admin", "Beheerder", "Administrator";
    }
}

impl Role {
    /// Whether this role includes everything `needed` may do.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for k in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(k.code()), Ok(*k));
        }
        assert_eq!(OrganisationKind::parse("MKB"), Ok(OrganisationKind::Sme));
        assert_eq!(OrganisationKind::parse("bakkerij"), Err(ErrorCode::UnknownValue));
        assert_eq!(JourneyStage::optional(Some("")), Ok(None));
    }

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Admin.allows(Role::Editor));
        assert!(Role::Editor.allows(Role::Viewer));
        assert!(!Role::Viewer.allows(Role::Editor));
    }
}

coded_enum! {
    /// The kind of an event.
    EventKind {
        NetworkMeeting => "netwerkbijeenkomst", "Netwerkbijeenkomst", "Network meeting";
        Workshop => "workshop", "Workshop", "Workshop";
        Masterclass => "masterclass", "Masterclass", "Masterclass";
        Webinar => "webinar", "Webinar", "Webinar";
        CompanyVisit => "bedrijfsbezoek", "Bedrijfsbezoek", "Company visit";
        TrackSession => "tracksessie", "Tracksessie", "Track session";
        Conference => "congres", "Congres of beurs", "Conference or fair";
        Other => "overig", "Overig", "Other";
    }
}

coded_enum! {
    /// Where a registration for an event stands: registered until the event begins, then
    /// attended or no-show.
    RegistrationStatus {
        Registered => "aangemeld", "Aangemeld", "Registered";
        Attended => "aanwezig", "Aanwezig", "Attended";
        NoShow => "afwezig", "Niet verschenen", "No-show";
    }
}

coded_enum! {
    /// How a company is supported (seeds 001, 002).
    SupportInstrument {
        Advice => "adviesgesprek", "Adviesgesprek", "Advice conversation";
        InnovationVoucher => "innovatievoucher", "Innovatievoucher", "Innovation voucher";
        MitFeasibility => "mit-haalbaarheid", "MIT-haalbaarheidsproject", "MIT feasibility project";
        MitRd => "mit-rd", "MIT R&D-samenwerkingsproject", "MIT R&D collaboration project";
        EfroProject => "efro-project", "Deelname EFRO-project", "EFRO project participation";
        Financing => "financiering", "Financiering", "Financing";
        Coaching => "coaching", "Coaching", "Coaching";
        StudentAssignment => "studentopdracht", "Studentopdracht (Fieldlab)", "Student assignment (Fieldlab)";
        Other => "overig", "Overig", "Other";
    }
}

coded_enum! {
    /// Where a support record stands: applied, then granted or rejected, then paid, closed.
    SupportStatus {
        Applied => "aangevraagd", "Aangevraagd", "Applied";
        Granted => "toegekend", "Toegekend", "Granted";
        Rejected => "afgewezen", "Afgewezen", "Rejected";
        Paid => "uitbetaald", "Uitbetaald", "Paid";
        Closed => "afgesloten", "Afgesloten", "Closed";
    }
}

coded_enum! {
    /// What a company asks about: the kinds of question of the signpost and of referrals.
    QuestionKind {
        Financing => "financiering", "Financiering", "Financing";
        Subsidy => "subsidie", "Subsidie", "Subsidy";
        Knowledge => "kennis-onderzoek", "Kennis en onderzoek", "Knowledge and research";
        CircularDesign => "circulair-ontwerp", "Circulair ontwerp en businessmodel", "Circular design and business model";
        Partners => "netwerk-partners", "Netwerk en partners", "Network and partners";
        Talent => "talent-studenten", "Talent en studenten", "Talent and students";
        Regulation => "regelgeving", "Regelgeving en vergunningen", "Regulation and permits";
        Other => "overig", "Overig", "Other";
    }
}

coded_enum! {
    /// Where a referral stands in the receiving partner's queue.
    ReferralStatus {
        Open => "open", "Open", "Open";
        InProgress => "in-behandeling", "In behandeling", "In progress";
        Closed => "afgerond", "Afgerond", "Closed";
    }
}

coded_enum! {
    /// What the follow-up call after a Track found (seed 001).
    FollowUpOutcome {
        PlanPickedUp => "plan-opgepakt", "Plan opgepakt", "Plan picked up";
        PlanInDrawer => "plan-in-la", "Plan in de la", "Plan in the drawer";
        NeedsFinancing => "financiering-nodig", "Financiering nodig", "Needs financing";
        Referred => "doorverwezen", "Doorverwezen naar een partner", "Referred to a partner";
    }
}

impl FollowUpOutcome {
    /// The journey stage the outcome moves a company to (none: it stays where it is).
    pub fn stage(self) -> Option<JourneyStage> {
        match self {
            FollowUpOutcome::PlanPickedUp => Some(JourneyStage::Implementing),
            FollowUpOutcome::PlanInDrawer => Some(JourneyStage::Planning),
            FollowUpOutcome::NeedsFinancing => Some(JourneyStage::FinancingScaling),
            FollowUpOutcome::Referred => None,
        }
    }
}

coded_enum! {
    /// A company's sector, as the signpost asks it.
    Sector {
        Manufacturing => "maakindustrie", "Maakindustrie", "Manufacturing";
        Construction => "bouw", "Bouw en infra", "Construction and infrastructure";
        AgroFood => "agro-food", "Agro en food", "Agro and food";
        Trade => "handel-logistiek", "Handel en logistiek", "Trade and logistics";
        Care => "zorg", "Zorg", "Care";
        Ict => "ict", "ICT en data", "ICT and data";
        Energy => "energie", "Energie", "Energy";
        Services => "diensten", "Zakelijke diensten", "Business services";
    }
}

coded_enum! {
    /// Where a launching-customer case stands (seed 002: "innovatiegerichte uitvraag",
    /// "concurrentiegerichte dialoog", applied at a roundabout).
    LaunchingStatus {
        Exploring => "verkenning", "Verkenning", "Exploring";
        Call => "uitvraag", "Innovatiegerichte uitvraag", "Innovation call";
        Dialogue => "dialoog", "Concurrentiegerichte dialoog", "Competitive dialogue";
        Applied => "toegepast", "Toegepast", "Applied";
        Closed => "afgerond", "Afgerond", "Closed";
    }
}

coded_enum! {
    /// How a contact moment took place.
    ContactKind {
        Phone => "telefoon", "Telefoon", "Phone";
        Email => "e-mail", "E-mail", "E-mail";
        Visit => "bezoek", "Bedrijfsbezoek", "Company visit";
        Meeting => "gesprek", "Gesprek", "Meeting";
        Other => "overig", "Overig", "Other";
    }
}

coded_enum! {
    /// Where a good example stands in the editorial workflow; only a published one is public.
    ExampleStatus {
        Draft => "concept", "Concept", "Draft";
        Review => "ter-beoordeling", "Ter beoordeling", "In review";
        Published => "gepubliceerd", "Gepubliceerd", "Published";
        Withdrawn => "ingetrokken", "Ingetrokken", "Withdrawn";
    }
}

coded_enum! {
    /// What a commitment of an agreement is: something the provinces offer, or ask of another party.
    CommitmentKind {
        Offer => "aanbod", "Aanbod", "Offer";
        Ask => "vraag", "Vraag", "Ask";
    }
}

coded_enum! {
    /// The yearly confirmation of an agreement; "beeindigd" ends it (no reminders after).
    ConfirmationStatus {
        Confirmed => "bevestigd", "Bevestigd", "Confirmed";
        Adjusted => "aangepast", "Aangepast", "Adjusted";
        Ended => "beeindigd", "Beëindigd", "Ended";
    }
}
