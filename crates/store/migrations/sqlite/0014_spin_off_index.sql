-- Spin-offs by parent: almost every organisation has no parent, so statistics (ANALYZE) made
-- the full index on spin_off_of look useless and the organisation page scanned the table for
-- the spin-offs of one organisation (measured: 220-320 ms at 1,000,000 organisations). A
-- partial index holds only the organisations that have a parent; `spin_off_of = $1` implies
-- it. Same on both backends.
DROP INDEX organisations_spin_off;
CREATE INDEX organisations_spin_off ON organisations(spin_off_of) WHERE spin_off_of IS NOT NULL;
