//! Open data: aggregated, non-personal figures for anyone, without an account. Counts per
//! municipality and province (companies per journey stage, network members, projects,
//! organisations supported), per theme and per year, the published good examples, and the
//! indicators of frozen years. The
//! figures are counted from the register and kept for `public_cache_secs` seconds.

use crate::{Result, Services};
use middenveld_store::opendata::{self as store, AreaCounts, FrozenIndicator, ThemeCounts, YearCounts};
use std::sync::Arc;

/// Figures with the moment they were counted.
#[derive(Debug, Clone)]
pub struct Counted<T> {
    /// RFC 3339 UTC.
    pub at: String,
    pub rows: Vec<T>,
}

impl Services {
    async fn counted<T, F, Fut>(&self, key: &str, count: F) -> Result<Arc<Counted<T>>>
    where
        T: Send + Sync + 'static,
        F: FnOnce(Services) -> Fut,
        Fut: std::future::Future<Output = Result<Vec<T>>>,
    {
        let me = self.clone();
        self.cache
            .get_or(key, self.public_ttl(), || async move {
                let at = middenveld_store::now();
                let rows = count(me).await?;
                Ok(Counted { at, rows })
            })
            .await
    }

    /// Counts per municipality of the reference table.
    pub async fn open_municipalities(&self) -> Result<Arc<Counted<AreaCounts>>> {
        self.counted("open-data/gemeenten", |s| async move {
            let mut conn = s.db.conn().await?;
            Ok(store::areas(&mut conn, false).await?)
        })
        .await
    }

    /// Counts per province.
    pub async fn open_provinces(&self) -> Result<Arc<Counted<AreaCounts>>> {
        self.counted("open-data/provincies", |s| async move {
            let mut conn = s.db.conn().await?;
            Ok(store::areas(&mut conn, true).await?)
        })
        .await
    }

    /// Counts per theme.
    pub async fn open_themes(&self) -> Result<Arc<Counted<ThemeCounts>>> {
        self.counted("open-data/themas", |s| async move {
            let mut conn = s.db.conn().await?;
            Ok(store::themes(&mut conn).await?)
        })
        .await
    }

    /// Counts per calendar year.
    pub async fn open_years(&self) -> Result<Arc<Counted<YearCounts>>> {
        self.counted("open-data/jaren", |s| async move {
            let mut conn = s.db.conn().await?;
            Ok(store::years(&mut conn).await?)
        })
        .await
    }

    /// The published good examples, without people or contact data.
    pub async fn open_examples(&self) -> Result<Arc<Counted<crate::example::PublishedExample>>> {
        self.counted("open-data/voorbeelden", |s| async move { s.published_examples().await })
            .await
    }

    /// The indicators of frozen years: published figures that never change.
    pub async fn open_indicators(&self) -> Result<Arc<Counted<FrozenIndicator>>> {
        self.counted("open-data/indicatoren", |s| async move {
            let mut conn = s.db.conn().await?;
            Ok(store::frozen_indicators(&mut conn).await?)
        })
        .await
    }
}
