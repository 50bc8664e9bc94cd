//! Use cases of the maps: boundary import and the strength and opportunity layers.
//!
//! The layers are public figures: counted from the register, never naming a person, and kept
//! in the public cache for `public_cache_secs` under a key that holds every filter.

use crate::audit::{self, Action};
use crate::{Actor, ServiceError, Services};
use middenveld_domain::enums::{Coded, JourneyStage, Sector};
use middenveld_domain::geo::{BoundaryFeature, GeoError, MapLevel, StrengthLayer, parse_boundaries};
use middenveld_domain::municipality::PROVINCES;
use middenveld_domain::{Role, sbi};
use middenveld_store::geo::{self as store, CompanyFilter};
pub use middenveld_store::geo::{Area, Boundary, Interest, Shape};
use std::collections::HashMap;
use std::sync::Arc;

pub const ENTITY: &str = "grenzen";

/// What `geo import` loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub level: MapLevel,
    /// Boundaries now loaded for that level (the previous ones are replaced).
    pub loaded: usize,
    /// Municipalities the reference table did not know yet and the file added.
    pub municipalities_added: usize,
}

/// Why an import was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum GeoImportError {
    #[error(transparent)]
    File(#[from] GeoError),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<middenveld_store::StoreError> for GeoImportError {
    fn from(e: middenveld_store::StoreError) -> Self {
        GeoImportError::Service(e.into())
    }
}

/// One area of the strength map with its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaValue {
    pub code: String,
    pub name: String,
    pub value: i64,
}

/// A strength-map layer: the number per area, the total (each record once) and the outlines.
#[derive(Debug, Clone)]
pub struct StrengthMap {
    pub areas: Vec<AreaValue>,
    pub total: i64,
    /// Outlines of the areas that have one loaded; empty means: draw the tile grid.
    pub shapes: Vec<Shape>,
    /// When the numbers were counted (RFC 3339 UTC).
    pub counted_at: String,
}

/// One area of the opportunity map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaInterest {
    pub code: String,
    pub name: String,
    pub interested: i64,
    pub implementing: i64,
}

impl AreaInterest {
    /// The opportunity: companies interested (interested or planning) minus companies
    /// implementing (implementing or financing and scaling). Large where many are interested
    /// and few yet implement; 0 or less where as many or more already implement.
    pub fn opportunity(&self) -> i64 {
        self.interested - self.implementing
    }
}

#[derive(Debug, Clone)]
pub struct OpportunityMap {
    pub areas: Vec<AreaInterest>,
    pub shapes: Vec<Shape>,
    pub counted_at: String,
}

/// The filters of the opportunity map.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpportunityFilter {
    pub sector: Option<Sector>,
    pub theme_id: Option<i64>,
}

impl Services {
    /// The province whose municipalities the maps show, with its name.
    pub fn map_province(&self) -> (&str, &'static str) {
        let code = self.config.province.as_str();
        let name = PROVINCES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| *n)
            .unwrap_or("");
        (code, name)
    }

    /// Loads a GeoJSON file of municipality or province boundaries (the level follows from
    /// the codes), replacing the boundaries of that level. Every feature is checked first;
    /// on any error nothing is written. A municipality the reference table does not know is
    /// added when the file names its province; an unknown province is refused.
    pub async fn import_boundaries(&self, actor: &Actor, text: &str) -> Result<ImportSummary, GeoImportError> {
        actor.require(Role::Admin)?;
        let features = parse_boundaries(text)?;
        let Some(level) = features.first().map(|f| f.level) else {
            return Err(GeoError::Empty.into());
        };
        let total = features.len();
        let refuse = |i: usize, f: &BoundaryFeature, problem: String| GeoError::Feature {
            number: i + 1,
            total,
            code: Some(f.code.clone()),
            problem,
        };
        let mut tx = self.db.begin().await?;
        let mut added = 0;
        for (i, f) in features.iter().enumerate() {
            match level {
                MapLevel::Provinces => {
                    if !store::province_exists(&mut tx, &f.code).await? {
                        return Err(refuse(i, f, "not one of the twelve provinces (PV20 to PV31)".into()).into());
                    }
                }
                MapLevel::Municipalities => {
                    if store::province_of(&mut tx, &f.code).await?.is_some() {
                        continue;
                    }
                    match &f.province_code {
                        Some(p) if store::province_exists(&mut tx, p).await? => {
                            store::add_municipality(&mut tx, &f.code, &f.name, p, f.inhabitants).await?;
                            added += 1;
                        }
                        Some(p) => {
                            return Err(
                                refuse(i, f, format!("province_code {p} is not one of the twelve provinces")).into(),
                            );
                        }
                        None => {
                            return Err(refuse(
                                i,
                                f,
                                "a municipality the register does not know, and the file gives no province_code to add it with"
                                    .into(),
                            )
                            .into());
                        }
                    }
                }
            }
        }
        store::replace(&mut tx, level, &features, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            0,
            Action::Update,
            &vec![],
            &vec![
                ("niveau", level.storage_code().to_string()),
                ("aantal", total.to_string()),
                ("gemeentenToegevoegd", added.to_string()),
            ],
        )
        .await?;
        tx.commit().await.map_err(ServiceError::from)?;
        self.cache.clear();
        Ok(ImportSummary {
            level,
            loaded: total,
            municipalities_added: added,
        })
    }

    /// The loaded boundaries of a level as GeoJSON geometries (public: for open data);
    /// empty when none are loaded.
    pub async fn boundary_geometries(&self, level: MapLevel) -> crate::Result<Vec<Boundary>> {
        let key = format!("kaart/geometrie/{}", level.code());
        let geometries = self
            .cache
            .get_or(&key, self.public_ttl(), || async {
                let mut conn = self.db.conn().await?;
                Ok(store::geometries(&mut conn, level).await?)
            })
            .await?;
        Ok(geometries.as_ref().clone())
    }

    /// The themes a visitor can filter the opportunity map by (id, name).
    pub async fn map_themes(&self) -> crate::Result<Arc<Vec<(i64, String)>>> {
        self.cache
            .get_or("kaart/themas", self.public_ttl(), || async {
                let mut conn = self.db.conn().await?;
                Ok(store::themes(&mut conn).await?)
            })
            .await
    }

    /// A strength-map layer ("krachtenkaart"): per area the companies (of one stage or all),
    /// network members, projects, published good examples or organisations supported.
    pub async fn strength_map(
        &self,
        level: MapLevel,
        layer: StrengthLayer,
        stage: Option<JourneyStage>,
    ) -> crate::Result<Arc<StrengthMap>> {
        let (province, _) = self.map_province();
        let province = province.to_string();
        let key = format!(
            "kaart/kracht/{}/{}/{}/{province}",
            level.code(),
            layer.code(),
            stage.map(Coded::code).unwrap_or("alle")
        );
        self.cache
            .get_or(&key, self.public_ttl(), || async {
                let counted_at = middenveld_store::now();
                let mut conn = self.db.conn().await?;
                let areas = store::areas(&mut conn, level, &province).await?;
                let (numbers, total) = store::strength(&mut conn, level, &province, layer, stage).await?;
                let shapes = store::shapes(&mut conn, level, &province).await?;
                let numbers: HashMap<String, i64> = numbers.into_iter().collect();
                Ok(StrengthMap {
                    areas: areas
                        .into_iter()
                        .map(|a| AreaValue {
                            value: numbers.get(&a.code).copied().unwrap_or(0),
                            code: a.code,
                            name: a.name,
                        })
                        .collect(),
                    total,
                    shapes,
                    counted_at,
                })
            })
            .await
    }

    /// The opportunity map ("kansenkaart"): per area the companies interested and
    /// implementing, of one sector (by SBI code) or theme, or all.
    pub async fn opportunity_map(
        &self,
        level: MapLevel,
        filter: OpportunityFilter,
    ) -> crate::Result<Arc<OpportunityMap>> {
        let (province, _) = self.map_province();
        let province = province.to_string();
        let key = format!(
            "kaart/kansen/{}/{}/{}/{province}",
            level.code(),
            filter.sector.map(Coded::code).unwrap_or("alle"),
            filter.theme_id.map(|t| t.to_string()).unwrap_or_else(|| "alle".into())
        );
        self.cache
            .get_or(&key, self.public_ttl(), || async {
                let counted_at = middenveld_store::now();
                let mut conn = self.db.conn().await?;
                let areas = store::areas(&mut conn, level, &province).await?;
                let company_filter = CompanyFilter {
                    sbi_divisions: filter.sector.map(sbi::divisions_of).unwrap_or_default(),
                    theme_id: filter.theme_id,
                };
                let numbers: HashMap<String, Interest> = store::interest(&mut conn, level, &province, &company_filter)
                    .await?
                    .into_iter()
                    .collect();
                let shapes = store::shapes(&mut conn, level, &province).await?;
                Ok(OpportunityMap {
                    areas: areas
                        .into_iter()
                        .map(|a| {
                            let n = numbers.get(&a.code).cloned().unwrap_or_default();
                            AreaInterest {
                                code: a.code,
                                name: a.name,
                                interested: n.interested,
                                implementing: n.implementing,
                            }
                        })
                        .collect(),
                    shapes,
                    counted_at,
                })
            })
            .await
    }
}
