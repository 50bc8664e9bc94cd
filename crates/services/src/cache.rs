//! A small in-memory cache for the public site's figures. Aggregates over a large register
//! (a map layer over a million organisations) take hundreds of milliseconds; the public pages
//! must answer in a few. Each entry lives `ServiceConfig::public_cache_secs` seconds, and one
//! request computes a missing entry while others asking for the same key wait for it
//! (no stampede). Use cases that change what the public sees call [`PublicCache::clear`].

use crate::Result;
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Entry = (Instant, Arc<dyn Any + Send + Sync>);

#[derive(Default)]
pub struct PublicCache {
    entries: Mutex<HashMap<String, Entry>>,
    /// One lock per key being computed.
    computing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl PublicCache {
    /// The entry under `key` if any, and whether it is still fresh.
    fn lookup<T: Send + Sync + 'static>(&self, key: &str, ttl: Duration) -> Option<(Arc<T>, bool)> {
        let entries = self.entries.lock().ok()?;
        let (at, value) = entries.get(key)?;
        let value = value.clone().downcast::<T>().ok()?;
        Some((value, at.elapsed() <= ttl))
    }

    /// The value under `key`, computed by `compute` when missing or older than `ttl`. While
    /// one request recomputes an old entry, others get the old value rather than wait
    /// (stale while revalidate); when there is no value yet, they wait for the one being
    /// computed. With a zero `ttl` nothing is kept.
    pub async fn get_or<T, F, Fut>(&self, key: &str, ttl: Duration, compute: F) -> Result<Arc<T>>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        if ttl.is_zero() {
            return Ok(Arc::new(compute().await?));
        }
        let known = self.lookup::<T>(key, ttl);
        if let Some((v, true)) = &known {
            return Ok(v.clone());
        }
        let lock = match self.computing.lock() {
            Ok(mut m) => m.entry(key.to_string()).or_default().clone(),
            Err(_) => Arc::new(tokio::sync::Mutex::new(())),
        };
        let _guard = match (lock.try_lock(), known) {
            (Ok(guard), _) => guard,
            (Err(_), Some((stale, _))) => return Ok(stale),
            (Err(_), None) => lock.lock().await,
        };
        // Someone else may have computed it while we waited.
        if let Some((v, true)) = self.lookup::<T>(key, ttl) {
            return Ok(v);
        }
        let value = Arc::new(compute().await?);
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key.to_string(), (Instant::now(), value.clone()));
        }
        Ok(value)
    }

    /// Forgets everything (after a change the public site shows).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

impl std::fmt::Debug for PublicCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PublicCache")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_value_is_computed_once_until_cleared() {
        let cache = PublicCache::default();
        let ttl = Duration::from_secs(60);
        let a = cache.get_or("k", ttl, || async { Ok(1_i64) }).await;
        let b = cache.get_or("k", ttl, || async { Ok(2_i64) }).await;
        assert_eq!((*a.unwrap_or_default(), *b.unwrap_or_default()), (1, 1));
        cache.clear();
        let c = cache.get_or("k", ttl, || async { Ok(3_i64) }).await;
        assert_eq!(*c.unwrap_or_default(), 3);
        let d = cache.get_or("z", Duration::ZERO, || async { Ok(4_i64) }).await;
        let e = cache.get_or("z", Duration::ZERO, || async { Ok(5_i64) }).await;
        assert_eq!((*d.unwrap_or_default(), *e.unwrap_or_default()), (4, 5));
    }
}
