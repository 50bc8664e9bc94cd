-- Ids are never reused. Without AUTOINCREMENT SQLite gives a new row the largest id in use
-- plus one, so after deleting the newest person the next one got that person's id (and their
-- page showed the erased person's history). Before this script runs, the migration runner
-- (migrate.rs, `autoincrement`) rebuilds every table whose INTEGER PRIMARY KEY lacks
-- AUTOINCREMENT with it, generically from sqlite_master, with foreign keys off; this script
-- only records the version. New tables: write `id INTEGER PRIMARY KEY AUTOINCREMENT` (a test
-- checks every table after migration).
SELECT 1;
