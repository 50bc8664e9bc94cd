//! User administration (admins only): users, roles, blocking, API tokens.

use super::*;
use crate::error::AppError;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, Nav, Section, Table};
use axum::extract::State;
use axum::routing::{get, post};
use middenveld_domain::{Coded, Role, ValidationErrors};
use middenveld_services::ServiceError;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/gebruikers", get(users))
        .route("/beheer/gebruikers/nieuw", get(new_user_form).post(create_user))
        .route("/beheer/gebruikers/{id}", get(user_detail))
        .route("/beheer/gebruikers/{id}/rol", post(set_role))
        .route("/beheer/gebruikers/{id}/tokens", post(create_token))
        .route(
            "/beheer/gebruikers/{id}/tokens/{token}/intrekken",
            get(confirm_revoke).post(revoke_token),
        )
}

async fn users(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let users = s.services.users(&staff.actor()).await?;
    let table = Table {
        id: "gebruikers".into(),
        caption: tx.users.into(),
        columns: vec![
            Column::plain(tx.username),
            Column::plain(tx.role),
            Column::plain(tx.field_status),
            Column::plain(tx.created),
        ],
        rows: users
            .iter()
            .map(|u| {
                vec![
                    Cell::link(u.username.clone(), format!("/beheer/gebruikers/{}", u.id)),
                    Cell::text(u.role.label(lang)),
                    if u.active {
                        Cell::badge(tx.active, "utrecht-status-badge--success")
                    } else {
                        Cell::badge(tx.blocked, "utrecht-status-badge--inactive")
                    },
                    Cell::text(dutch_time(&u.created_at)),
                ]
            })
            .collect(),
    };
    let list = crate::view::ListView {
        heading: tx.users.into(),
        intro: None,
        new_link: Some(("/beheer/gebruikers/nieuw".into(), tx.new_user.into())),
        action: "/beheer/gebruikers".into(),
        filters: Vec::new(),
        count_text: format!("{} {}", users.len(), tx.results_total),
        pager: Pager::default(),
        empty: tx.empty_register.into(),
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.users, Nav::Users);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(
        StatusCode::OK,
        &ListTemplate {
            chrome,
            list,
            extras: Default::default(),
        },
    ))
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct NewUser {
    gebruikersnaam: String,
    wachtwoord: String,
    rol: String,
}

fn user_fields(
    tx: &crate::i18n::Texts,
    lang: middenveld_domain::Lang,
    v: &NewUser,
    e: &ValidationErrors,
) -> Vec<Field> {
    vec![
        Field::text("gebruikersnaam", tx.username)
            .value(v.gebruikersnaam.clone())
            .required()
            .autocomplete("off"),
        Field::new("wachtwoord", tx.password, FieldKind::Password)
            .required()
            .autocomplete("new-password"),
        Field::new("rol", tx.role, FieldKind::Select)
            .options(coded_options::<Role>(lang))
            .value(v.rol.clone())
            .required(),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

async fn new_user_form(staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Admin)?;
    let tx = staff.ctx.tx;
    let v = NewUser {
        rol: "viewer".into(),
        ..Default::default()
    };
    let form = FormView {
        heading: tx.new_user.into(),
        intro: None,
        action: "/beheer/gebruikers/nieuw".into(),
        fields: user_fields(tx, staff.ctx.lang, &v, &ValidationErrors::new()),
        submit: tx.save.into(),
        cancel_href: "/beheer/gebruikers".into(),
        alert: None,
    };
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_user, Nav::Users),
        form,
    ))
}

async fn create_user(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<NewUser>,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Admin)?;
    let tx = staff.ctx.tx;
    let role = Role::parse(&v.rol);
    let result = match role {
        Ok(role) => {
            s.services
                .add_user(&staff.actor(), &v.gebruikersnaam, &v.wachtwoord, role)
                .await
        }
        Err(code) => Err(ServiceError::Invalid(ValidationErrors::one("rol", code))),
    };
    let (status, errors) = match result {
        Ok(id) => return Ok(see_other(&format!("/beheer/gebruikers/{id}?melding=aangemaakt"))),
        Err(ServiceError::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, e),
        Err(ServiceError::Conflict { errors, .. }) => (StatusCode::CONFLICT, errors),
        Err(e) => return Err(e.into()),
    };
    let form = FormView {
        heading: tx.new_user.into(),
        intro: None,
        action: "/beheer/gebruikers/nieuw".into(),
        fields: user_fields(tx, staff.ctx.lang, &v, &errors),
        submit: tx.save.into(),
        cancel_href: "/beheer/gebruikers".into(),
        alert: None,
    };
    Ok(form_response(status, staff.ctx.chrome(tx.new_user, Nav::Users), form))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UserQuery {
    melding: Option<String>,
}

async fn user_detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(q): PageQuery<UserQuery>,
) -> Result<Response, AppError> {
    user_page(&s, &staff, id, q.melding.as_deref(), None).await
}

/// The user's page; `new_token` is shown once, right after it was made.
async fn user_page(
    s: &AppState,
    staff: &Staff,
    id: i64,
    melding: Option<&str>,
    new_token: Option<String>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let user = s
        .services
        .users(&actor)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or(AppError::NotFound)?;
    let tokens = s.services.tokens(&actor, id).await?;
    let token_rows = tokens
        .iter()
        .map(|t| {
            vec![
                Cell::text(t.name.clone()),
                Cell::text(dutch_time(&t.created_at)),
                Cell::text(
                    t.last_used_at
                        .as_deref()
                        .map(dutch_time)
                        .unwrap_or_else(|| tx.never.into()),
                ),
                match &t.revoked_at {
                    Some(at) => Cell::badge(
                        format!("{} {}", tx.revoked, dutch_time(at)),
                        "utrecht-status-badge--inactive",
                    ),
                    None => Cell::badge(tx.active, "utrecht-status-badge--success"),
                },
                if t.revoked_at.is_none() {
                    Cell::link(
                        format!("{} ({})", tx.revoke, t.name),
                        format!("/beheer/gebruikers/{id}/tokens/{}/intrekken", t.id),
                    )
                } else {
                    Cell::default()
                },
            ]
        })
        .collect();
    let role_form = InlineForm {
        heading: tx.change_role.into(),
        action: format!("/beheer/gebruikers/{id}/rol"),
        fields: vec![
            Field::new("rol", tx.role, FieldKind::Select)
                .options(coded_options::<Role>(lang))
                .value(user.role.code())
                .required(),
            Field::new("actief", tx.active, FieldKind::Select)
                .options(vec![("ja".into(), tx.yes.into()), ("nee".into(), tx.no.into())])
                .value(if user.active { "ja" } else { "nee" })
                .required(),
        ],
        submit: tx.save.into(),
    };
    let token_form = InlineForm {
        heading: tx.new_token.into(),
        action: format!("/beheer/gebruikers/{id}/tokens"),
        fields: vec![Field::text("naam", tx.token_name).required()],
        submit: tx.new_token.into(),
    };
    let mut items = vec![
        Item {
            label: tx.role.into(),
            value: Cell::text(user.role.label(lang)),
        },
        Item {
            label: tx.field_status.into(),
            value: Cell::text(if user.active { tx.active } else { tx.blocked }),
        },
        Item {
            label: tx.created.into(),
            value: Cell::text(dutch_time(&user.created_at)),
        },
    ];
    if let Some(token) = new_token {
        items.insert(
            0,
            Item {
                label: tx.token_created.into(),
                value: Cell::text(token),
            },
        );
    }
    let revoke_rows: Vec<Vec<Cell>> = token_rows;
    let detail = crate::view::DetailView {
        heading: user.username.clone(),
        subtitle: None,
        edit_href: None,
        delete_href: None,
        items,
        sections: vec![
            Section {
                id: "rol".into(),
                title: tx.role.into(),
                table: Table {
                    id: "t-rol".into(),
                    caption: tx.role.into(),
                    columns: vec![],
                    rows: vec![],
                },
                empty: String::new(),
                form: Some(role_form),
            },
            Section {
                id: "tokens".into(),
                title: tx.tokens.into(),
                table: Table {
                    id: "t-tokens".into(),
                    caption: tx.tokens.into(),
                    columns: vec![
                        Column::plain(tx.token_name),
                        Column::plain(tx.created),
                        Column::plain(tx.last_used),
                        Column::plain(tx.field_status),
                        Column::plain(tx.revoke),
                    ],
                    rows: revoke_rows,
                },
                empty: tx.no_records.into(),
                form: Some(token_form),
            },
        ],
        history: Vec::new(),
    };
    let mut chrome = staff.ctx.chrome(user.username.clone(), Nav::Users);
    chrome.notice = notice(tx, melding);
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RoleForm {
    rol: String,
    actief: String,
}

async fn set_role(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(f): CsrfForm<RoleForm>,
) -> Result<Response, AppError> {
    let role = Role::parse(&f.rol).map_err(|_| AppError::BadRequest)?;
    s.services
        .set_user_role(&staff.actor(), id, role, f.actief != "nee")
        .await?;
    Ok(see_other(&format!("/beheer/gebruikers/{id}?melding=gewijzigd")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TokenForm {
    naam: String,
}

async fn create_token(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(f): CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let user = s
        .services
        .users(&actor)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or(AppError::NotFound)?;
    let token = s.services.create_token(&actor, &user.username, &f.naam).await?;
    // Shown once, in this response; only its hash is stored.
    user_page(&s, &staff, id, None, Some(token)).await
}

async fn confirm_revoke(State(s): State<AppState>, staff: Staff, Ids(id, token): Ids) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let tokens = s.services.tokens(&staff.actor(), id).await?;
    let t = tokens
        .iter()
        .find(|t| t.id == token && t.revoked_at.is_none())
        .ok_or(AppError::NotFound)?;
    let heading = format!("{}: {}", tx.revoke, t.name);
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: t.name.clone(),
        consequences: Vec::new(),
        action: format!("/beheer/gebruikers/{id}/tokens/{token}/intrekken"),
        cancel_href: format!("/beheer/gebruikers/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::Users),
            confirm,
        },
    ))
}

async fn revoke_token(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, token): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.revoke_token(&staff.actor(), id, token).await?;
    Ok(see_other(&format!("/beheer/gebruikers/{id}?melding=gewijzigd")))
}
