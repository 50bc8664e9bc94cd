//! Organisation pages: list with search and filters, detail with everything related, forms,
//! delete with confirmation.

use super::*;
use crate::api::organisation::{OrganisatieFilter, OrganisatieInvoer};
use crate::error::AppError;
use crate::session::{CsrfForm, Staff};
use crate::view::{Alert, Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use middenveld_domain::enums::{Coded, JourneyStage, OrganisationKind, SizeClass};
use middenveld_domain::{Lang, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisaties", get(list))
        .route("/organisaties/nieuw", get(new_form).post(create))
        .route("/organisaties/{id}", get(detail))
        .route("/organisaties/{id}/bewerken", get(edit_form).post(update))
        .route("/organisaties/{id}/verwijderen", get(confirm_delete).post(delete))
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<OrganisatieFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.organisations(&actor, &filter).await?;
    let themes = s.services.theme_names(&actor).await?;
    let networks = s.services.network_names(&actor).await?;
    let municipalities = s.services.municipalities().await?;
    let pairs = [
        ("zoek", q.zoek.clone().unwrap_or_default()),
        ("soort", q.soort.clone().unwrap_or_default()),
        ("gemeentecode", q.gemeentecode.clone().unwrap_or_default()),
        ("thema", q.thema.clone().unwrap_or_default()),
        ("fase", q.fase.clone().unwrap_or_default()),
        ("netwerk", q.netwerk.clone().unwrap_or_default()),
        ("sorteer", q.sorteer.clone().unwrap_or_default()),
    ];
    let sort = q.sorteer.clone().unwrap_or_default();
    let base = "/organisaties";
    let table = Table {
        id: "organisaties".into(),
        caption: tx.organisations.to_string(),
        columns: vec![
            sort_column(tx, tx.field_name, "naam", &sort, base, &pairs),
            Column::plain(tx.field_kvk),
            Column::plain(tx.field_kind),
            Column::plain(tx.field_city),
            sort_column(tx, tx.field_municipality, "gemeente", &sort, base, &pairs),
            Column::plain(tx.field_stage_short),
            sort_column(tx, tx.last_changed, "gewijzigd", &sort, base, &pairs),
        ],
        rows: page
            .items
            .iter()
            .map(|o| {
                vec![
                    Cell::link(o.name.clone(), format!("/organisaties/{}", o.id)),
                    Cell::text(o.kvk_number.clone().unwrap_or_default()),
                    Cell::text(o.kind.label(lang)),
                    Cell::text(o.city.clone().unwrap_or_default()),
                    Cell::text(o.municipality_name.clone().unwrap_or_default()),
                    o.journey_stage
                        .map(|j| Cell::badge(j.label(lang), stage_badge(j)))
                        .unwrap_or_default(),
                    Cell::text(dutch_time(&o.updated_at)),
                ]
            })
            .collect(),
    };
    let all = tx.all;
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.search_hint),
        Field::new("soort", tx.field_kind, FieldKind::Select)
            .options(coded_options::<OrganisationKind>(lang))
            .empty(all)
            .value(q.soort.clone().unwrap_or_default()),
        Field::new("gemeentecode", tx.field_municipality, FieldKind::Select)
            .options(
                municipalities
                    .iter()
                    .map(|m| (m.code.clone(), m.name.clone()))
                    .collect(),
            )
            .empty(all)
            .value(q.gemeentecode.clone().unwrap_or_default()),
        Field::new("thema", tx.theme, FieldKind::Select)
            .options(id_options(&themes))
            .empty(all)
            .value(q.thema.clone().unwrap_or_default()),
        Field::new("fase", tx.field_stage_short, FieldKind::Select)
            .options(coded_options::<JourneyStage>(lang))
            .empty(all)
            .value(q.fase.clone().unwrap_or_default()),
        Field::new("netwerk", tx.network, FieldKind::Select)
            .options(id_options(&networks))
            .empty(all)
            .value(q.netwerk.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.organisations.to_string(),
        intro: None,
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/organisaties/nieuw".to_string(), tx.new_organisation.to_string())),
        action: base.to_string(),
        filters,
        pager: pager(tx, base, &pairs, &page),
        count_text: format!("{} {}", page.total, tx.results_total),
        empty: if pairs.iter().all(|(_, v)| v.is_empty()) {
            tx.empty_register.to_string()
        } else {
            tx.empty_list.to_string()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.organisations, Nav::Organisations);
    chrome.notice = notice(tx, m.melding.as_deref());
    let mut extras = super::export::list_exports(tx, base, &pairs, page.total);
    if chrome.can_edit() {
        extras
            .links
            .push(("/organisaties/dubbel".to_string(), tx.dup_link.to_string()));
    }
    Ok(list_response_with(&headers, chrome, list, extras))
}

/// The select lists a form needs.
struct Choices {
    municipalities: Vec<(String, String)>,
    themes: Vec<(i64, String)>,
    organisations: Vec<(i64, String)>,
}

async fn choices(s: &AppState, staff: &Staff) -> Result<Choices, AppError> {
    let actor = staff.actor();
    Ok(Choices {
        municipalities: s
            .services
            .municipalities()
            .await?
            .into_iter()
            .map(|m| (m.code, m.name))
            .collect(),
        themes: s.services.theme_names(&actor).await?,
        organisations: s.services.organisation_names(&actor).await?,
    })
}

fn fields(
    tx: &crate::i18n::Texts,
    lang: Lang,
    v: &OrganisatieInvoer,
    e: &ValidationErrors,
    c: &Choices,
    self_id: Option<i64>,
) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let parents: Vec<(i64, String)> = c
        .organisations
        .iter()
        .filter(|(id, _)| Some(*id) != self_id)
        .cloned()
        .collect();
    vec![
        Field::text("naam", tx.field_name)
            .value(opt(&v.naam))
            .required()
            .autocomplete("organization"),
        Field::text("kvkNummer", tx.field_kvk)
            .value(opt(&v.kvk_nummer))
            .hint(tx.field_kvk_hint)
            .narrow(),
        Field::new("soort", tx.field_kind, FieldKind::Select)
            .options(coded_options::<OrganisationKind>(lang))
            .empty(tx.choose)
            .value(opt(&v.soort))
            .required(),
        Field::new("grootteklasse", tx.field_size, FieldKind::Select)
            .options(coded_options::<SizeClass>(lang))
            .empty(tx.none_option)
            .value(opt(&v.grootteklasse)),
        Field::text("sbiCode", tx.field_sbi)
            .value(opt(&v.sbi_code))
            .hint(tx.field_sbi_hint)
            .narrow(),
        Field::text("adres", tx.field_address)
            .value(opt(&v.adres))
            .autocomplete("street-address"),
        Field::text("postcode", tx.field_postcode)
            .value(opt(&v.postcode))
            .hint(tx.field_postcode_hint)
            .narrow()
            .autocomplete("postal-code"),
        Field::text("plaats", tx.field_city)
            .value(opt(&v.plaats))
            .autocomplete("address-level2"),
        Field::new("gemeentecode", tx.field_municipality, FieldKind::Select)
            .options(c.municipalities.clone())
            .empty(tx.none_option)
            .value(opt(&v.gemeentecode)),
        Field::new("fase", tx.field_stage, FieldKind::Select)
            .options(coded_options::<JourneyStage>(lang))
            .empty(tx.none_option)
            .value(opt(&v.fase)),
        Field::new("faseReden", tx.field_stage_reason, FieldKind::Text)
            .value(opt(&v.fase_reden))
            .hint(tx.field_stage_reason_hint),
        Field::new("themas", tx.field_themes, FieldKind::Checkboxes)
            .options(id_options(&c.themes))
            .values(v.themas.iter().map(i64::to_string).collect()),
        Field::new("spinOffVan", tx.field_spin_off_of, FieldKind::Select)
            .options(id_options(&parents))
            .empty(tx.none_option)
            .value(v.spin_off_van.map(|i| i.to_string()).unwrap_or_default()),
        Field::new("spinOffDatum", tx.field_spin_off_date, FieldKind::Date)
            .value(opt(&v.spin_off_datum))
            .hint(tx.field_date_hint)
            .narrow(),
        Field::new("website", tx.field_website, FieldKind::Url)
            .value(opt(&v.website))
            .autocomplete("url"),
        Field::new("toelichting", tx.field_description, FieldKind::Textarea).value(opt(&v.toelichting)),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &crate::i18n::Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: None,
        action,
        fields,
        submit: tx.save.to_string(),
        cancel_href: cancel,
        alert: None,
    }
}

async fn new_form(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(middenveld_domain::Role::Editor)?;
    let tx = staff.ctx.tx;
    let c = choices(&s, &staff).await?;
    let fields = fields(
        tx,
        staff.ctx.lang,
        &OrganisatieInvoer::default(),
        &ValidationErrors::new(),
        &c,
        None,
    );
    let form = form_view(
        tx,
        tx.new_organisation.into(),
        "/organisaties/nieuw".into(),
        "/organisaties".into(),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_organisation, Nav::Organisations),
        form,
    ))
}

/// Where a form lives: its heading, where it posts, where cancel leads, which record it edits.
struct Target {
    heading: String,
    action: String,
    cancel: String,
    self_id: Option<i64>,
}

/// Re-shows the form after a refused save: 422 with field errors, 409 with the existing record.
async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &OrganisatieInvoer,
    t: Target,
) -> Result<Response, AppError> {
    let Target {
        heading,
        action,
        cancel,
        self_id,
    } = t;
    let heading = heading.as_str();
    let tx = staff.ctx.tx;
    let (status, errors, alert) = match e {
        ServiceError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        ServiceError::Conflict { errors, existing } => {
            let alert = existing.map(|x| Alert {
                text: middenveld_domain::ErrorCode::KvkDuplicate.message(staff.ctx.lang),
                link: Some((
                    format!("/{}/{}", x.collection, x.id),
                    format!("{}: {}", tx.conflict_existing, x.name),
                )),
            });
            (StatusCode::CONFLICT, errors, alert)
        }
        other => return Err(other.into()),
    };
    let c = choices(s, staff).await?;
    let mut form = form_view(
        tx,
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &c, self_id),
    );
    form.alert = alert;
    Ok(form_response(
        status,
        staff.ctx.chrome(heading, Nav::Organisations),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<OrganisatieInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_organisation(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/organisaties/{id}?melding=aangemaakt"))),
        Err(e) => {
            let target = Target {
                heading: staff.ctx.tx.new_organisation.into(),
                action: "/organisaties/nieuw".into(),
                cancel: "/organisaties".into(),
                self_id: None,
            };
            refused(&s, &staff, e, &v, target).await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(middenveld_domain::Role::Editor)?;
    let tx = staff.ctx.tx;
    let record = s.services.organisation(&staff.actor(), id).await?;
    let c = choices(&s, &staff).await?;
    let heading = format!("{}: {}", tx.edit, record.data.name);
    let fields = fields(
        tx,
        staff.ctx.lang,
        &OrganisatieInvoer::from(&record.data),
        &ValidationErrors::new(),
        &c,
        Some(id),
    );
    let form = form_view(
        tx,
        heading.clone(),
        format!("/organisaties/{id}/bewerken"),
        format!("/organisaties/{id}"),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Organisations),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<OrganisatieInvoer>,
) -> Result<Response, AppError> {
    match s
        .services
        .update_organisation(&staff.actor(), id, v.clone().into())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/organisaties/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            let target = Target {
                heading,
                action: format!("/organisaties/{id}/bewerken"),
                cancel: format!("/organisaties/{id}"),
                self_id: Some(id),
            };
            refused(&s, &staff, e, &v, target).await
        }
    }
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let d = s.services.organisation_detail(&staff.actor(), id).await?;
    let o = &d.record.data;
    let text = |v: &Option<String>| Cell::text(v.clone().unwrap_or_default());
    let mut items = vec![
        Item {
            label: tx.field_kvk.into(),
            value: text(&o.kvk_number.as_ref().map(ToString::to_string)),
        },
        Item {
            label: tx.field_kind.into(),
            value: Cell::text(o.kind.label(lang)),
        },
        Item {
            label: tx.field_size.into(),
            value: Cell::text(o.size_class.map(|c| c.label(lang)).unwrap_or_default()),
        },
        Item {
            label: tx.field_sbi.into(),
            value: text(&o.sbi_code.as_ref().map(|c| c.as_str().to_string())),
        },
        Item {
            label: tx.field_address.into(),
            value: Cell::text(
                [
                    o.address.clone(),
                    Some(
                        format!(
                            "{} {}",
                            o.postcode.as_ref().map(ToString::to_string).unwrap_or_default(),
                            o.city.clone().unwrap_or_default()
                        )
                        .trim()
                        .to_string(),
                    ),
                ]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            ),
        },
        Item {
            label: tx.field_municipality.into(),
            value: text(&d.record.municipality_name),
        },
        Item {
            label: tx.field_stage_short.into(),
            value: o
                .journey_stage
                .map(|j| Cell::badge(j.label(lang), stage_badge(j)))
                .unwrap_or_default(),
        },
        Item {
            label: tx.field_themes.into(),
            value: Cell::text(d.themes.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ")),
        },
    ];
    if let (Some(parent), Some(name)) = (o.spin_off_of, &d.record.spin_off_of_name) {
        let date = o.spin_off_date.map(|d| format!(" ({})", d.dutch())).unwrap_or_default();
        items.push(Item {
            label: tx.field_spin_off_of.into(),
            value: Cell::link(format!("{name}{date}"), format!("/organisaties/{parent}")),
        });
    }
    if let Some(w) = &o.website {
        items.push(Item {
            label: tx.field_website.into(),
            value: Cell::link(w.clone(), w.clone()),
        });
    }
    items.push(Item {
        label: tx.field_description.into(),
        value: text(&o.description),
    });

    let people = Section {
        id: "personen".into(),
        title: tx.people.into(),
        table: Table {
            id: "t-personen".into(),
            caption: tx.people.into(),
            columns: vec![Column::plain(tx.field_name), Column::plain(tx.field_function)],
            rows: d
                .people
                .iter()
                .map(|(pid, n, f)| {
                    vec![
                        Cell::link(n.clone(), format!("/personen/{pid}")),
                        Cell::text(f.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let memberships = Section {
        id: "netwerken".into(),
        title: tx.memberships.into(),
        table: Table {
            id: "t-netwerken".into(),
            caption: tx.memberships.into(),
            columns: vec![
                Column::plain(tx.network),
                Column::plain(tx.field_status),
                Column::plain(tx.field_since),
                Column::plain(tx.field_until),
            ],
            rows: d
                .memberships
                .iter()
                .map(|m| {
                    vec![
                        Cell::link(m.network_name.clone(), format!("/netwerken/{}", m.network_id)),
                        Cell::badge(m.data.status.label(lang), membership_badge(m.data.status)),
                        Cell::text(m.data.since.dutch()),
                        Cell::text(m.data.until.map(|u| u.dutch()).unwrap_or_default()),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let projects = Section {
        id: "projecten".into(),
        title: tx.projects.into(),
        table: Table {
            id: "t-projecten".into(),
            caption: tx.projects.into(),
            columns: vec![Column::plain(tx.project), Column::plain(tx.field_role)],
            rows: d
                .projects
                .iter()
                .map(|p| {
                    vec![
                        Cell::link(p.project_name.clone(), format!("/projecten/{}", p.project_id)),
                        Cell::text(p.data.role.label(lang)),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let spin_offs = Section {
        id: "spin-offs".into(),
        title: tx.spin_offs.into(),
        table: Table {
            id: "t-spin-offs".into(),
            caption: tx.spin_offs.into(),
            columns: vec![Column::plain(tx.organisation), Column::plain(tx.field_spin_off_date)],
            rows: d
                .spin_offs
                .iter()
                .map(|(sid, n, date)| {
                    vec![
                        Cell::link(n.clone(), format!("/organisaties/{sid}")),
                        Cell::text(date.as_deref().map(dutch_date).unwrap_or_default()),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None::<InlineForm>,
    };
    let detail = DetailView {
        heading: o.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&d.record.updated_at))),
        edit_href: Some(format!("/organisaties/{id}/bewerken")),
        delete_href: Some(format!("/organisaties/{id}/verwijderen")),
        items,
        sections: vec![
            super::journey::timeline_section(&s, &staff, id, o.journey_stage).await?,
            super::journey::contacts_section(
                &s,
                &staff,
                id,
                &d.people
                    .iter()
                    .map(|(pid, name, _)| (*pid, name.clone()))
                    .collect::<Vec<_>>(),
            )
            .await?,
            super::support::support_section(tx, lang, &d.support),
            people,
            memberships,
            projects,
            super::event::registrations_section(tx, lang, &d.registrations, true),
            spin_offs,
        ],
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(o.name.clone(), Nav::Organisations);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

pub fn membership_badge(s: middenveld_domain::MembershipStatus) -> &'static str {
    match s {
        middenveld_domain::MembershipStatus::Active => "utrecht-status-badge--success",
        middenveld_domain::MembershipStatus::Involved => "utrecht-status-badge--neutral",
    }
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(middenveld_domain::Role::Editor)?;
    let tx = staff.ctx.tx;
    let d = s.services.organisation_detail(&staff.actor(), id).await?;
    let mut consequences = Vec::new();
    let counts = [
        (d.memberships.len(), tx.memberships),
        (d.projects.len(), tx.projects),
        (d.people.len(), tx.people),
    ];
    for (n, what) in counts {
        if n > 0 {
            consequences.push(format!("{what}: {n}"));
        }
    }
    let heading = format!("{} {}", d.record.data.name, tx.confirm_delete);
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: d.record.data.name.clone(),
        consequences,
        action: format!("/organisaties/{id}/verwijderen"),
        cancel_href: format!("/organisaties/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::Organisations),
            confirm,
        },
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_organisation(&staff.actor(), id).await?;
    Ok(see_other("/organisaties?melding=verwijderd"))
}
