//! Duplicate organisations: the page of likely pairs (`/organisaties/dubbel`), and merging
//! two into one after a confirmation that shows both side by side with a choice per field.

use super::*;
use crate::error::AppError;
use crate::session::{CsrfForm, Staff};
use crate::view::Nav;
use axum::extract::State;
use axum::routing::get;
use middenveld_domain::Coded;
use middenveld_domain::Role;
use middenveld_domain::duplicate::CHOSEN_FIELDS;
use middenveld_domain::organisation::field;
use middenveld_services::duplicate::DuplicatePair;
use middenveld_services::store::duplicate::{CandidateOrganisation, DuplicateReason};
use middenveld_services::store::organisation::OrganisationRecord;
use middenveld_services::store::{Page, Paging};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisaties/dubbel", get(list))
        .route("/organisaties/{id}/samenvoegen/{andere}", get(confirm).post(merge))
}

/// One organisation of a pair as the list shows it.
struct Side {
    id: i64,
    name: String,
    /// KvK number, address and place, as far as known.
    meta: String,
}

impl Side {
    fn of(o: &CandidateOrganisation, tx: &Texts) -> Side {
        let place = [
            o.postcode.clone(),
            o.city.clone().or_else(|| o.municipality_name.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let meta = [
            o.kvk_number.as_ref().map(|k| format!("{} {k}", tx.field_kvk)),
            o.address.clone(),
            (!place.is_empty()).then_some(place),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        Side {
            id: o.id,
            name: o.name.clone(),
            meta,
        }
    }
}

struct PairRow {
    /// The older organisation, then the other.
    sides: Vec<Side>,
    /// "A / B", for the merge link's accessible name.
    names: String,
    reason: &'static str,
    merge_href: String,
}

#[derive(Template)]
#[template(path = "duplicates.html")]
struct DuplicatesTemplate {
    chrome: Chrome,
    rows: Vec<PairRow>,
    count_text: String,
    capped: bool,
    pager: crate::view::Pager,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct PageNumber {
    pagina: Option<i64>,
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(q): PageQuery<PageNumber>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let found = s.services.duplicate_organisations(&staff.actor()).await?;
    let total = i64::try_from(found.pairs.len()).unwrap_or(i64::MAX);
    let paging = Paging::new(q.pagina, Some(25));
    let last = ((total + paging.size - 1) / paging.size).max(1);
    let paging = Paging {
        page: paging.page.min(last),
        ..paging
    };
    let start = usize::try_from(paging.offset()).unwrap_or_default();
    let shown: Vec<&DuplicatePair> = found
        .pairs
        .iter()
        .skip(start)
        .take(usize::try_from(paging.size).unwrap_or_default())
        .collect();
    let rows = shown
        .iter()
        .map(|p| PairRow {
            sides: vec![Side::of(&p.kept, tx), Side::of(&p.other, tx)],
            names: format!("{} / {}", p.kept.name, p.other.name),
            reason: match p.reason {
                DuplicateReason::SameNameSameMunicipality => tx.dup_same_name,
                DuplicateReason::SamePostcodeSimilarName => tx.dup_similar_name,
            },
            merge_href: format!("/organisaties/{}/samenvoegen/{}", p.kept.id, p.other.id),
        })
        .collect();
    let page = Page {
        items: Vec::<()>::new(),
        total,
        paging,
    };
    let pager = pager(tx, "/organisaties/dubbel", &[], &page);
    let count_text = format!("{total} {}", if total == 1 { tx.dup_count_one } else { tx.dup_count });
    let chrome = staff.ctx.chrome(tx.dup_title, Nav::Organisations);
    Ok(render(
        StatusCode::OK,
        &DuplicatesTemplate {
            chrome,
            rows,
            count_text,
            capped: found.capped,
            pager,
        },
    ))
}

/// One field of the merge page: both values, and whether the user chooses.
struct FieldRow {
    name: &'static str,
    label: &'static str,
    kept: String,
    other: String,
    /// A choice is offered (the values differ).
    differs: bool,
    /// The other record's value is preselected.
    take_other: bool,
}

#[derive(Template)]
#[template(path = "merge.html")]
struct MergeTemplate {
    chrome: Chrome,
    kept_id: i64,
    kept_name: String,
    other_id: i64,
    other_name: String,
    rows: Vec<FieldRow>,
    moves: Vec<String>,
    action: String,
    swap_href: String,
}

fn label_of(tx: &'static Texts, name: &str) -> &'static str {
    match name {
        field::NAME => tx.field_name,
        field::KVK => tx.field_kvk,
        field::KIND => tx.field_kind,
        field::SIZE => tx.field_size,
        field::SBI => tx.field_sbi,
        field::ADDRESS => tx.field_address,
        field::POSTCODE => tx.field_postcode,
        field::CITY => tx.field_city,
        field::MUNICIPALITY => tx.field_municipality,
        field::STAGE => tx.field_stage_short,
        field::SPIN_OFF_OF => tx.field_spin_off_of,
        field::WEBSITE => tx.field_website,
        field::DESCRIPTION => tx.field_description,
        _ => tx.field_themes,
    }
}

/// A field's value as the page shows it: labels for codes, names for references.
fn shown(tx: &'static Texts, r: &OrganisationRecord, name: &str, themes: &HashMap<i64, String>) -> String {
    let lang = tx.lang();
    let o = &r.data;
    let text = match name {
        field::NAME => Some(o.name.clone()),
        field::KVK => o.kvk_number.as_ref().map(ToString::to_string),
        field::KIND => Some(o.kind.label(lang).to_string()),
        field::SIZE => o.size_class.map(|c| c.label(lang).to_string()),
        field::SBI => o.sbi_code.as_ref().map(|c| c.as_str().to_string()),
        field::ADDRESS => o.address.clone(),
        field::POSTCODE => o.postcode.as_ref().map(ToString::to_string),
        field::CITY => o.city.clone(),
        field::MUNICIPALITY => o
            .municipality_code
            .as_ref()
            .map(|c| format!("{} ({c})", r.municipality_name.clone().unwrap_or_default())),
        field::STAGE => o.journey_stage.map(|j| j.label(lang).to_string()),
        field::SPIN_OFF_OF => o.spin_off_of.map(|p| {
            let parent = r.spin_off_of_name.clone().unwrap_or_else(|| format!("#{p}"));
            match o.spin_off_date {
                Some(d) => format!("{parent} ({})", d.dutch()),
                None => parent,
            }
        }),
        field::WEBSITE => o.website.clone(),
        field::DESCRIPTION => o.description.clone(),
        _ => {
            let mut names: Vec<String> = o.theme_ids.iter().filter_map(|t| themes.get(t).cloned()).collect();
            names.sort_by_key(|n| n.to_lowercase());
            Some(names.join(", "))
        }
    };
    text.filter(|t| !t.is_empty())
        .unwrap_or_else(|| tx.merge_empty.to_string())
}

async fn confirm(State(s): State<AppState>, staff: Staff, Ids(id, other_id): Ids) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let p = s.services.merge_preview(&staff.actor(), id, other_id).await?;
    let themes: HashMap<i64, String> = s.services.theme_names(&staff.actor()).await?.into_iter().collect();
    let mut rows: Vec<FieldRow> = CHOSEN_FIELDS
        .iter()
        .map(|name| FieldRow {
            name,
            label: label_of(tx, name),
            kept: shown(tx, &p.kept, name, &themes),
            other: shown(tx, &p.other, name, &themes),
            differs: p.differing.contains(name),
            take_other: p.default_take.contains(name),
        })
        .collect();
    // Fields both leave empty tell nothing.
    rows.retain(|r| r.differs || r.kept != tx.merge_empty || r.other != tx.merge_empty);
    rows.push(FieldRow {
        name: field::THEMES,
        label: tx.field_themes,
        kept: shown(tx, &p.kept, field::THEMES, &themes),
        other: shown(tx, &p.other, field::THEMES, &themes),
        differs: false,
        take_other: false,
    });
    rows.push(FieldRow {
        name: "aangemaakt",
        label: tx.merge_created_on,
        kept: dutch_time(&p.kept.created_at),
        other: dutch_time(&p.other.created_at),
        differs: false,
        take_other: false,
    });
    let mut moves: Vec<String> = [
        (p.people, tx.people),
        (p.memberships, tx.memberships),
        (p.projects, tx.projects),
        (p.spin_offs, tx.spin_offs),
        (p.facilitated_networks, tx.merge_facilitated),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{what}: {n}"))
    .collect();
    if !p.other.data.theme_ids.is_empty() {
        moves.push(tx.merge_themes_both.to_string());
    }
    let page = MergeTemplate {
        chrome: staff.ctx.chrome(tx.merge_title, Nav::Organisations),
        kept_id: id,
        kept_name: p.kept.data.name.clone(),
        other_id,
        other_name: p.other.data.name.clone(),
        rows,
        moves,
        action: format!("/organisaties/{id}/samenvoegen/{other_id}"),
        swap_href: format!("/organisaties/{other_id}/samenvoegen/{id}"),
    };
    Ok(render(StatusCode::OK, &page))
}

async fn merge(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, other_id): Ids,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let take = CHOSEN_FIELDS
        .iter()
        .filter(|f| form.get(**f).is_some_and(|v| v == "andere"))
        .map(|f| f.to_string())
        .collect();
    s.services
        .merge_organisations(&staff.actor(), id, other_id, Some(take))
        .await?;
    Ok(see_other(&format!("/organisaties/{id}?melding=samengevoegd")))
}
