//! View models: what every page is made of (chrome, fields, tables, data lists), so one set
//! of small templates renders all resources the same way.

use crate::i18n::Texts;
use middenveld_domain::{Lang, ValidationErrors};
use middenveld_services::auth::CurrentUser;

/// The frame around every page.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub tx: &'static Texts,
    pub lang: Lang,
    pub title: String,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub nav: Nav,
    /// The current path and query, for the language switch to return to.
    pub here: String,
    pub notice: Option<String>,
    /// True when the page shows form errors (prefixes the title with "Fout:").
    pub has_errors: bool,
    /// A page of the public site: the visitors' menu, no session, cacheable.
    pub public: bool,
}

impl Chrome {
    pub fn can_edit(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role.allows(middenveld_domain::Role::Editor))
    }

    pub fn is_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role.allows(middenveld_domain::Role::Admin))
    }

    pub fn lang_switch_href(&self) -> String {
        format!("/taal/{}?terug={}", self.tx.other_language_code, urlencode(&self.here))
    }

    pub fn nav_current(&self, item: &str) -> &'static str {
        if self.nav.code() == item { "page" } else { "false" }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Organisations,
    People,
    Networks,
    Projects,
    Events,
    Journey,
    Support,
    Referrals,
    Tracks,
    Signpost,
    Launching,
    Accountability,
    Themes,
    Search,
    Users,
    Import,
    Examples,
    Advice,
    Agreements,
    PublicHome,
    Exhibition,
    PublicSignpost,
    StrengthMap,
    OpportunityMap,
    OpenData,
    None,
}

impl Nav {
    pub fn code(self) -> &'static str {
        match self {
            Nav::Home => "home",
            Nav::Organisations => "organisaties",
            Nav::People => "personen",
            Nav::Networks => "netwerken",
            Nav::Projects => "projecten",
            Nav::Events => "evenementen",
            Nav::Journey => "reis",
            Nav::Support => "ondersteuning",
            Nav::Referrals => "doorverwijzingen",
            Nav::Tracks => "tracks",
            Nav::Signpost => "wegwijzer",
            Nav::Launching => "launching-customer",
            Nav::Accountability => "verantwoording",
            Nav::Themes => "themas",
            Nav::Search => "zoeken",
            Nav::Users => "gebruikers",
            Nav::Import => "import",
            Nav::Examples => "voorbeelden-redactie",
            Nav::Advice => "adviezen",
            Nav::Agreements => "afspraken",
            Nav::PublicHome => "publiek",
            Nav::Exhibition => "voorbeelden",
            Nav::PublicSignpost => "wegwijzer-publiek",
            Nav::StrengthMap => "krachtenkaart",
            Nav::OpportunityMap => "kansenkaart",
            Nav::OpenData => "open-data",
            Nav::None => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Email,
    Tel,
    Url,
    Date,
    /// Date and time (`datetime-local`).
    DateTime,
    Search,
    Password,
    Textarea,
    Select,
    /// A group of checkboxes.
    Checkboxes,
}

/// One form field with its label, hint, value and error.
#[derive(Debug, Clone)]
pub struct Field {
    /// The submitted name, identical to the API field name.
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub kind: FieldKind,
    pub value: String,
    pub values: Vec<String>,
    pub options: Vec<(String, String)>,
    pub error: Option<String>,
    pub required: bool,
    pub autocomplete: &'static str,
    pub width: &'static str,
    /// Whether the label says "(optioneel)" when the field is not required (not on filters).
    pub mark_optional: bool,
}

impl Field {
    pub fn new(name: &'static str, label: &str, kind: FieldKind) -> Field {
        Field {
            name,
            label: label.to_string(),
            hint: None,
            kind,
            value: String::new(),
            values: Vec::new(),
            options: Vec::new(),
            error: None,
            required: false,
            autocomplete: "off",
            width: "",
            mark_optional: true,
        }
    }

    pub fn text(name: &'static str, label: &str) -> Field {
        Field::new(name, label, FieldKind::Text)
    }

    pub fn value(mut self, v: impl Into<String>) -> Field {
        self.value = v.into();
        self
    }

    pub fn opt_value(mut self, v: &Option<String>) -> Field {
        self.value = v.clone().unwrap_or_default();
        self
    }

    pub fn values(mut self, v: Vec<String>) -> Field {
        self.values = v;
        self
    }

    pub fn hint(mut self, h: &str) -> Field {
        self.hint = Some(h.to_string());
        self
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn autocomplete(mut self, a: &'static str) -> Field {
        self.autocomplete = a;
        self
    }

    /// A filter of a list: every filter is optional, so the label does not say so.
    pub fn filter(mut self) -> Field {
        self.mark_optional = false;
        self
    }

    pub fn narrow(mut self) -> Field {
        self.width = "middenveld-width-s";
        self
    }

    /// Options for a select: (value, label). A leading empty option is added by `empty`.
    pub fn options(mut self, o: Vec<(String, String)>) -> Field {
        self.options = o;
        self
    }

    pub fn empty(mut self, label: &str) -> Field {
        self.options.insert(0, (String::new(), label.to_string()));
        self
    }

    pub fn errors_from(mut self, errors: &ValidationErrors, lang: Lang) -> Field {
        self.error = errors.for_field(self.name).map(|e| e.code.message(lang));
        self
    }

    pub fn id(&self) -> String {
        format!("f-{}", self.name)
    }

    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.id()));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id()));
        }
        ids.join(" ")
    }

    pub fn input_type(&self) -> &'static str {
        match self.kind {
            FieldKind::Email => "email",
            FieldKind::Tel => "tel",
            FieldKind::Url => "url",
            FieldKind::Date => "date",
            FieldKind::DateTime => "datetime-local",
            FieldKind::Search => "search",
            FieldKind::Password => "password",
            _ => "text",
        }
    }

    pub fn is_input(&self) -> bool {
        !matches!(
            self.kind,
            FieldKind::Textarea | FieldKind::Select | FieldKind::Checkboxes
        )
    }

    pub fn is_textarea(&self) -> bool {
        self.kind == FieldKind::Textarea
    }

    pub fn is_select(&self) -> bool {
        self.kind == FieldKind::Select
    }

    pub fn is_checkboxes(&self) -> bool {
        self.kind == FieldKind::Checkboxes
    }

    pub fn selected(&self, option: &str) -> bool {
        self.value == option
    }

    pub fn checked(&self, option: &str) -> bool {
        self.values.iter().any(|v| v == option)
    }
}

/// A form on a page of its own.
#[derive(Debug, Clone)]
pub struct FormView {
    pub heading: String,
    pub intro: Option<String>,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: String,
    pub cancel_href: String,
    /// Shown above the form for conflicts (e.g. a duplicate KvK number with its link).
    pub alert: Option<Alert>,
}

impl FormView {
    pub fn errors(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter_map(|f| f.error.as_ref().map(|e| (f.id(), format!("{}: {}", f.label, e))))
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct Alert {
    pub text: String,
    pub link: Option<(String, String)>,
}

/// A table cell: text, optionally a link or a status badge.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    pub badge: Option<&'static str>,
    pub numeric: bool,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            ..Default::default()
        }
    }

    pub fn link(t: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            href: Some(href.into()),
            ..Default::default()
        }
    }

    pub fn badge(t: impl Into<String>, class: &'static str) -> Cell {
        Cell {
            text: t.into(),
            badge: Some(class),
            ..Default::default()
        }
    }

    pub fn number(n: i64) -> Cell {
        Cell {
            text: middenveld_domain::money::group_thousands(n.unsigned_abs()),
            numeric: true,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub label: String,
    /// Link that sorts by this column, and the current aria-sort state.
    pub sort_href: Option<String>,
    pub aria_sort: &'static str,
    pub sort_hint: String,
    pub numeric: bool,
}

impl Column {
    pub fn plain(label: &str) -> Column {
        Column {
            label: label.to_string(),
            sort_href: None,
            aria_sort: "none",
            sort_hint: String::new(),
            numeric: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// Page links of a list.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<(i64, Option<String>)>,
    pub summary: String,
}

/// A list page: filters, table, pager.
#[derive(Debug, Clone)]
pub struct ListView {
    pub heading: String,
    pub intro: Option<String>,
    pub new_link: Option<(String, String)>,
    pub action: String,
    pub filters: Vec<Field>,
    pub table: Table,
    pub pager: Pager,
    pub empty: String,
    pub count_text: String,
}

/// One row of a data list on a detail page.
#[derive(Debug, Clone)]
pub struct Item {
    pub label: String,
    pub value: Cell,
}

/// A block of related records on a detail page.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub table: Table,
    pub empty: String,
    pub form: Option<InlineForm>,
}

/// A small form inside a detail page (add a member, add a participant).
#[derive(Debug, Clone)]
pub struct InlineForm {
    pub heading: String,
    pub action: String,
    pub fields: Vec<Field>,
    pub submit: String,
}

/// One audit entry as shown.
#[derive(Debug, Clone)]
pub struct HistoryItem {
    pub at_iso: String,
    pub at: String,
    pub who: String,
    pub summary: String,
    pub changes: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct DetailView {
    pub heading: String,
    pub subtitle: Option<String>,
    pub edit_href: Option<String>,
    pub delete_href: Option<String>,
    pub items: Vec<Item>,
    pub sections: Vec<Section>,
    pub history: Vec<HistoryItem>,
}

#[derive(Debug, Clone)]
pub struct ConfirmView {
    pub heading: String,
    pub text: String,
    pub consequences: Vec<String>,
    pub action: String,
    pub cancel_href: String,
    pub cancel_label: String,
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
