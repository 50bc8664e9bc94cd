//! The connection pools and which backend they talk to.
//!
//! Every writing transaction starts with [`Db::begin`], which takes the write lock at its
//! start. SQLite lets one writer in at a time, and a transaction that began as a reader and
//! then writes cannot wait for that lock (it fails at once with "database is locked" when
//! another writer committed in between), so on SQLite the writing transactions run on a pool
//! of their own with one connection, where they queue in order, and begin with
//! `BEGIN IMMEDIATE` (which waits, with the busy timeout, for another process such as a CLI
//! import). Reads keep the other pool and never wait for a writer (WAL). PostgreSQL locks
//! rows, not the database: there both kinds share one pool and a plain `BEGIN`.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

pub type Conn = AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How long a request waits for a connection: on SQLite's writer pool this is the wait for
/// the writers queued before it.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// The database: the pools and their backend.
#[derive(Clone, Debug)]
pub struct Db {
    /// Reads, and single statements in autocommit.
    pub pool: AnyPool,
    /// Writing transactions (see [`Db::begin`]); on PostgreSQL the same pool as `pool`.
    writer: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connects to `sqlite://file.db` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> crate::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(crate::StoreError::Db(sqlx::Error::Configuration(
                format!("unsupported database URL {url:?}: use sqlite://FILE or postgres://…").into(),
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        match backend {
            Backend::Sqlite => {
                // The writer first: it creates the file and switches it to WAL before the
                // readers open it.
                let writer = sqlite_pool(1).connect_with(options.clone()).await?;
                let pool = sqlite_pool(8).connect_with(options).await?;
                Ok(Db { pool, writer, backend })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await?;
                Ok(Db {
                    writer: pool.clone(),
                    pool,
                    backend,
                })
            }
        }
    }

    /// A writing transaction, holding the write lock from its start (SQLite) so that it never
    /// fails half-way because another writer came first.
    pub async fn begin(&self) -> crate::Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        })
    }

    /// A connection for reads (and single-statement writes in autocommit).
    pub async fn conn(&self) -> crate::Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// The writer's connection outside a transaction, for the migrations that must switch
    /// SQLite's foreign keys off (a pragma without effect inside a transaction).
    pub(crate) async fn writer_conn(&self) -> crate::Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.writer.acquire().await?)
    }

    /// Closes both pools.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

/// A pool of SQLite connections with this program's settings.
fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                     PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY;",
                )
                .await?;
                Ok(())
            })
        })
}
