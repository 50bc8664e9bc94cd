-- Ids are never reused. On PostgreSQL every id is BIGSERIAL, whose sequence never gives a
-- value twice (a test checks every id column has one); only SQLite needed a change (see
-- ../sqlite/0023_ids_never_reused.sql).
SELECT 1;
