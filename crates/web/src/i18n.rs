//! Every text the user interface shows, in Dutch and in English. A missing translation is a
//! compile error, not a blank on screen.

use middenveld_domain::Lang;

macro_rules! texts {
    ($($key:ident: $nl:literal, $en:literal;)+) => {
        /// The interface texts of one language.
        #[derive(Debug)]
        pub struct Texts { $(pub $key: &'static str,)+ }
        pub static NL: Texts = Texts { $($key: $nl,)+ };
        pub static EN: Texts = Texts { $($key: $en,)+ };
    };
}

impl Texts {
    /// The language these texts are in.
    pub fn lang(&'static self) -> Lang {
        if std::ptr::eq(self, &EN) { Lang::En } else { Lang::Nl }
    }
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

texts! {
    app_name: "Middenveld", "Middenveld";
    tagline: "Register van het innovatie-ecosysteem", "Register of the innovation ecosystem";
    skip_link: "Direct naar de inhoud", "Skip to content";
    main_menu: "Hoofdmenu", "Main menu";
    home: "Overzicht", "Overview";
    organisations: "Organisaties", "Organisations";
    organisation: "Organisatie", "Organisation";
    people: "Personen", "People";
    person: "Persoon", "Person";
    networks: "Netwerken", "Networks";
    network: "Netwerk", "Network";
    projects: "Projecten", "Projects";
    project: "Project", "Project";
    themes: "Thema's", "Themes";
    theme: "Thema", "Theme";
    users: "Gebruikers", "Users";
    import_nav: "Importeren", "Import";
    search: "Zoeken", "Search";
    search_label: "Zoek in organisaties en personen", "Search organisations and people";
    search_register: "Register doorzoeken", "Search the register";
    search_in_list: "Zoek in de lijst", "Search the list";
    action_created: "Aangemaakt", "Created";
    action_updated: "Gewijzigd", "Changed";
    action_deleted: "Verwijderd", "Deleted";
    action_link: "Koppeling gewijzigd", "Link changed";
    search_results: "Zoekresultaten", "Search results";
    search_for: "Resultaten voor", "Results for";
    search_hint: "Typ een deel van een naam, plaats of KvK-nummer. Hoofdletters en accenten tellen niet.", "Type part of a name, place or Chamber of Commerce number. Case and accents do not matter.";
    nothing_found: "Niets gevonden.", "Nothing found.";
    login: "Inloggen", "Log in";
    logout: "Uitloggen", "Log out";
    logged_in_as: "Ingelogd als", "Logged in as";
    username: "Gebruikersnaam", "User name";
    password: "Wachtwoord", "Password";
    login_intro: "Log in om het register te gebruiken.", "Log in to use the register.";
    login_failed: "De gebruikersnaam of het wachtwoord klopt niet.", "The user name or password is not correct.";
    login_throttled: "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.", "Too many failed attempts. Try again in a quarter of an hour.";
    public_intro: "Middenveld is het register van het regionale innovatie-ecosysteem: organisaties, personen, netwerken en projecten, en de ondersteuning die zij krijgen.", "Middenveld is the register of the regional innovation ecosystem: organisations, people, networks and projects, and the support they receive.";
    language: "Taal", "Language";
    other_language: "English", "Nederlands";
    other_language_code: "en", "nl";
    footer_text: "Middenveld · open source", "Middenveld · open source";
    api_docs: "API (OpenAPI)", "API (OpenAPI)";
    new_organisation: "Nieuwe organisatie", "New organisation";
    new_person: "Nieuwe persoon", "New person";
    new_network: "Nieuw netwerk", "New network";
    new_project: "Nieuw project", "New project";
    new_theme: "Nieuw thema", "New theme";
    edit: "Bewerken", "Edit";
    delete: "Verwijderen", "Delete";
    delete_ellipsis: "Verwijderen…", "Delete…";
    save: "Opslaan", "Save";
    cancel: "Annuleren", "Cancel";
    add: "Toevoegen", "Add";
    filter: "Filteren", "Filter";
    clear_filters: "Filters wissen", "Clear filters";
    loading: "Laden…", "Loading…";
    all: "Alle", "All";
    choose: "Kies…", "Choose…";
    none_option: "(geen)", "(none)";
    optional: "(optioneel)", "(optional)";
    yes_delete: "Ja, verwijderen", "Yes, delete";
    no_back: "Nee, terug", "No, go back";
    confirm_delete: "verwijderen?", "delete?";
    cannot_undo: "Dit kunt u niet ongedaan maken.", "This cannot be undone.";
    error_prefix: "Fout", "Error";
    error_summary_one: "Er is 1 fout", "There is 1 error";
    error_summary_many: "Er zijn fouten", "There are errors";
    previous: "Vorige", "Previous";
    next: "Volgende", "Next";
    page: "Pagina", "Page";
    pagination: "Paginering", "Pagination";
    results_total: "resultaten", "results";
    sort_ascending: "sorteer oplopend", "sort ascending";
    sort_descending: "sorteer aflopend", "sort descending";
    history: "Geschiedenis", "History";
    no_history: "Nog geen wijzigingen vastgelegd.", "No changes recorded yet.";
    was: "was", "was";
    becomes: "wordt", "becomes";
    by: "door", "by";
    created: "aangemaakt", "created";
    last_changed: "Laatst gewijzigd", "Last changed";
    related: "Gerelateerde gegevens", "Related records";
    notice_created: "Opgeslagen: het record is toegevoegd.", "Saved: the record was added.";
    notice_updated: "Opgeslagen: de wijzigingen zijn bewaard.", "Saved: the changes were stored.";
    notice_deleted: "Verwijderd.", "Deleted.";
    notice_prefix: "Gelukt", "Done";
    field_name: "Naam", "Name";
    field_kvk: "KvK-nummer", "Chamber of Commerce number";
    field_kvk_hint: "8 cijfers, bijvoorbeeld 51048329.", "8 digits, for example 51048329.";
    field_kind: "Soort", "Kind";
    field_size: "Grootteklasse", "Size class";
    field_sbi: "SBI-code", "SBI code";
    field_sbi_hint: "Sector volgens de Standaard Bedrijfsindeling, bijvoorbeeld 25.11.", "Sector by the Dutch standard industrial classification, e.g. 25.11.";
    field_address: "Adres", "Address";
    field_postcode: "Postcode", "Postcode";
    field_postcode_hint: "Bijvoorbeeld 8011 AB.", "For example 8011 AB.";
    field_city: "Plaats", "Town";
    field_municipality: "Gemeente", "Municipality";
    field_stage: "Fase in de reis naar circulair ondernemen", "Stage in the journey to circular business";
    field_stage_short: "Reisfase", "Journey stage";
    field_spin_off_of: "Spin-off van", "Spin-off of";
    field_spin_off_date: "Datum spin-off", "Spin-off date";
    field_website: "Website", "Website";
    field_description: "Toelichting", "Notes";
    field_themes: "Thema's", "Themes";
    field_email: "E-mailadres", "E-mail address";
    field_phone: "Telefoon", "Phone";
    field_function: "Functie", "Position";
    field_consent_basis: "Grondslag", "Lawful basis";
    field_consent_basis_hint: "Op welke grond bewaren we deze persoonsgegevens (AVG artikel 6)?", "On what basis do we keep this personal data (GDPR art. 6)?";
    field_consent_date: "Datum grondslag", "Date of the basis";
    field_consent_purpose: "Doel", "Purpose";
    field_organisations: "Organisaties", "Organisations";
    field_omschrijving: "Omschrijving", "Description";
    field_facilitator: "Facilitator", "Facilitator";
    field_innovation_stage: "Innovatiefase", "Innovation stage";
    field_start: "Startdatum", "Start date";
    field_end: "Einddatum", "End date";
    field_network: "Netwerk", "Network";
    field_status: "Status", "Status";
    field_since: "Sinds", "Since";
    field_until: "Tot", "Until";
    field_role: "Rol", "Role";
    field_member: "Lid", "Member";
    field_date_hint: "Bijvoorbeeld 21-02-2023.", "For example 2023-02-21.";
    field_sort: "Sorteren", "Sort";
    sort_name: "Naam (A-Z)", "Name (A-Z)";
    sort_name_desc: "Naam (Z-A)", "Name (Z-A)";
    sort_municipality: "Gemeente", "Municipality";
    sort_updated: "Laatst gewijzigd", "Last changed";
    sort_relevance: "Beste treffer", "Best match";
    consortium: "Consortium", "Consortium";
    consortium_none: "Geen consortium (minder dan twee organisaties)", "No consortium (fewer than two organisations)";
    members: "Leden", "Members";
    active_members: "Actieve leden", "Active members";
    involved_members: "Betrokken leden", "Involved members";
    add_member: "Lid toevoegen", "Add member";
    member_organisation: "Organisatie (lid)", "Organisation (member)";
    member_person: "Persoon (lid)", "Person (member)";
    member_hint: "Kies een organisatie óf een persoon.", "Choose an organisation or a person.";
    participants: "Deelnemers", "Participants";
    add_participant: "Deelnemer toevoegen of rol wijzigen", "Add participant or change role";
    spin_offs: "Spin-offs", "Spin-offs";
    memberships: "Netwerken", "Networks";
    no_records: "Nog niets vastgelegd.", "Nothing recorded yet.";
    empty_list: "Geen resultaten die aan de filters voldoen.", "No results match the filters.";
    empty_register: "Het register is nog leeg.", "The register is still empty.";
    dashboard_intro: "Het register in cijfers. Kies een onderdeel om verder te kijken.", "The register in figures. Choose a part to look further.";
    count_label: "Aantal", "Number";
    register_part: "Onderdeel", "Part";
    forbidden_title: "Geen toegang", "No access";
    forbidden_text: "U heeft niet de rol die hiervoor nodig is.", "You do not have the role this needs.";
    not_found_title: "Niet gevonden", "Not found";
    not_found_text: "Deze pagina of dit record bestaat niet (meer).", "This page or record does not exist (any more).";
    error_title: "Er ging iets mis", "Something went wrong";
    error_text: "Er is niets opgeslagen. Probeer het opnieuw of neem contact op met de beheerder.", "Nothing was saved. Try again or contact the administrator.";
    bad_request_title: "Ongeldig verzoek", "Bad request";
    bad_request_text: "Het formulier kon niet worden gelezen of was verlopen. Laad de pagina opnieuw en probeer het nog eens.", "The form could not be read or had expired. Reload the page and try again.";
    conflict_existing: "Bekijk de bestaande organisatie", "View the existing organisation";
    back_to_overview: "Terug naar het overzicht", "Back to the overview";
    role: "Rol", "Role";
    active: "Actief", "Active";
    blocked: "Geblokkeerd", "Blocked";
    new_user: "Nieuwe gebruiker", "New user";
    tokens: "API-tokens", "API tokens";
    token_name: "Naam van het token", "Token name";
    new_token: "Token aanmaken", "Create token";
    token_created: "Het nieuwe token staat hieronder. Bewaar het nu: het wordt niet nog eens getoond.", "The new token is below. Store it now: it will not be shown again.";
    revoke: "Intrekken", "Revoke";
    revoked: "Ingetrokken", "Revoked";
    last_used: "Laatst gebruikt", "Last used";
    never: "nooit", "never";
    change_role: "Rol wijzigen", "Change role";
    yes: "Ja", "Yes";
    no: "Nee", "No";
    person_search_hint: "Typ een deel van een naam, e-mailadres of functie. Hoofdletters en accenten tellen niet.", "Type part of a name, e-mail address or position. Case and accents do not matter.";
    person_organisations_hint: "De organisaties waar deze persoon werkt of die zij vertegenwoordigt.", "The organisations this person works for or represents.";
    person_purpose_hint: "Waarvoor gebruiken we deze gegevens, bijvoorbeeld: contact over het Waardemakers-netwerk.", "What we use this data for, for example: contact about the Waardemakers network.";
    person_form_intro: "Leg alleen vast wat nodig is. Een persoon heeft altijd een grondslag met datum.", "Record only what is needed. A person always has a lawful basis with its date.";
    person_erase_text: "De persoonsgegevens worden gewist.", "The personal data will be erased.";
    person_erase_data: "Naam, contactgegevens, grondslag en doel worden verwijderd, met de koppelingen aan organisaties en netwerken.", "Name, contact details, lawful basis and purpose are removed, with the links to organisations and networks.";
    person_erase_history: "In de geschiedenis blijft alleen staan wie wanneer iets wijzigde, niet de waarden.", "The history keeps only who changed something and when, not the values.";
    name_search_hint: "Typ een deel van de naam.", "Type part of the name.";
    theme_delete_unlinks: "Het thema wordt losgekoppeld van:", "The theme will be unlinked from:";
    network_delete_projects_stay: "Projecten (blijven bestaan, zonder netwerk)", "Projects (remain, without a network)";
    edit_membership: "Lidmaatschap wijzigen", "Change membership";
    remove_member_heading: "Lid uit het netwerk verwijderen?", "Remove member from the network?";
    remove_participant_heading: "Deelnemer uit het project verwijderen?", "Remove participant from the project?";
    project_form_intro: "Deelnemers voegt u toe op de pagina van het project; of het een consortium is volgt daaruit.", "Add participants on the project's page; whether it is a consortium follows from them.";
    participant_hint: "Staat de organisatie er al bij, dan wordt alleen de rol gewijzigd.", "If the organisation already takes part, only its role is changed.";
    export_group: "Exporteren", "Export";
    export_csv: "Exporteren (CSV)", "Export (CSV)";
    export_xlsx: "Exporteren (Excel)", "Export (Excel)";
    export_hint: "Alle resultaten met deze filters en sortering, niet alleen deze pagina.", "All results with these filters and sort order, not only this page.";
    export_xlsx_too_many: "Excel kan hoogstens 1.048.575 rijen aan; deze selectie heeft er meer. Exporteer als CSV of verfijn de filters.", "Excel holds at most 1,048,575 rows; this selection has more. Export as CSV or narrow the filters.";
    export_too_many_title: "Te veel rijen voor Excel", "Too many rows for Excel";
    export_members: "Ledenlijst exporteren", "Export the members";
    export_file_csv: "CSV-bestand", "CSV file";
    export_file_xlsx: "Excel-bestand", "Excel file";
    field_municipality_code: "Gemeentecode", "Municipality code";
    dup_link: "Mogelijk dubbel", "Possible duplicates";
    dup_title: "Mogelijk dubbele organisaties", "Possibly duplicate organisations";
    dup_intro: "Organisaties die waarschijnlijk twee keer in het register staan: dezelfde naam in dezelfde gemeente, of dezelfde postcode met een vergelijkbare naam (bijvoorbeeld met en zonder B.V.). Kies Samenvoegen om er één organisatie van te maken.", "Organisations that are probably in the register twice: the same name in the same municipality, or the same postcode with a similar name (for example with and without B.V.). Choose Merge to make them one organisation.";
    dup_none: "Geen dubbele organisaties gevonden.", "No duplicate organisations found.";
    dup_none_text: "Geen organisaties met dezelfde naam in dezelfde gemeente, en geen vergelijkbare namen op dezelfde postcode.", "No organisations with the same name in the same municipality, and no similar names at the same postcode.";
    dup_count: "mogelijk dubbele paren", "possibly duplicate pairs";
    dup_count_one: "mogelijk dubbel paar", "possibly duplicate pair";
    dup_capped: "Er zijn er mogelijk meer; alleen de eerste worden getoond. Voeg ze samen en kijk daarna opnieuw.", "There may be more; only the first are shown. Merge them and look again.";
    dup_older: "Organisatie (oudste)", "Organisation (oldest)";
    dup_other: "Mogelijk dezelfde", "Possibly the same";
    dup_reason: "Reden", "Reason";
    dup_same_name: "Zelfde naam, zelfde gemeente", "Same name, same municipality";
    dup_similar_name: "Zelfde postcode, vergelijkbare naam", "Same postcode, similar name";
    dup_action: "Actie", "Action";
    merge: "Samenvoegen", "Merge";
    merge_title: "Organisaties samenvoegen", "Merge organisations";
    merge_kept: "blijft bestaan.", "is kept.";
    merge_removed: "wordt verwijderd; in de geschiedenis verwijst het naar de organisatie die blijft.", "is deleted; its history refers to the organisation that is kept.";
    merge_choose: "Kies per verschillend gegeven welke waarde blijft. Vooraf gekozen is de waarde van de oudste organisatie; lege velden worden aangevuld met die van de andere.", "For each field that differs, choose which value stays. Preselected: the older organisation's value, with blanks filled from the other.";
    merge_field: "Gegeven", "Field";
    merge_keeps: "Blijft", "Kept";
    merge_goes: "Vervalt", "Removed";
    merge_empty: "(leeg)", "(empty)";
    merge_themes_both: "Thema's van beide organisaties samen", "The themes of both organisations together";
    merge_moves: "Dit verhuist naar de organisatie die blijft", "This moves to the organisation that is kept";
    merge_moves_none: "De andere organisatie heeft geen koppelingen.", "The other organisation has no links.";
    merge_facilitated: "Netwerken als facilitator", "Networks as facilitator";
    merge_swap: "Andersom: bewaar de andere organisatie", "The other way round: keep the other organisation";
    merge_confirm: "Ja, samenvoegen", "Yes, merge";
    merge_created_on: "Aangemaakt op", "Created on";
    notice_merged: "Samengevoegd: de andere organisatie is verwijderd en haar koppelingen staan nu hier.", "Merged: the other organisation was deleted and its links are now here.";
    field_merged_with: "Samengevoegd met", "Merged with";
    field_merged_into: "Samengevoegd in", "Merged into";
}
