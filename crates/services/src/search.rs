//! Search across organisations and people: diacritics- and case-insensitive, prefix, ranked.

use crate::{Actor, Result, Services};
use middenveld_domain::Role;
use middenveld_store::organisation::{OrganisationFilter, OrganisationSummary};
use middenveld_store::person::{PersonFilter, PersonSummary};
use middenveld_store::{Page, Paging};

#[derive(Debug, Clone)]
pub struct SearchResults {
    pub organisations: Page<OrganisationSummary>,
    pub people: Page<PersonSummary>,
}

impl Services {
    pub async fn search(&self, actor: &Actor, query: &str, paging: Paging) -> Result<SearchResults> {
        actor.require(Role::Viewer)?;
        let terms = middenveld_domain::search::query_terms(query);
        if terms.is_empty() {
            let empty = |p| Page {
                items: Vec::new(),
                total: 0,
                paging: p,
            };
            return Ok(SearchResults {
                organisations: empty(paging),
                people: Page {
                    items: Vec::new(),
                    total: 0,
                    paging,
                },
            });
        }
        let mut conn = self.db.conn().await?;
        let organisations = middenveld_store::organisation::list(
            &mut conn,
            self.db.backend,
            &OrganisationFilter {
                terms: terms.clone(),
                paging,
                ..Default::default()
            },
        )
        .await?;
        let people = middenveld_store::person::list(
            &mut conn,
            self.db.backend,
            &PersonFilter {
                terms,
                paging,
                ..Default::default()
            },
        )
        .await?;
        Ok(SearchResults { organisations, people })
    }
}
