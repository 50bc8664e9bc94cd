-- Good examples for the public exhibition, with their editorial workflow; public contact
-- requests become referrals. (filled in by the examples work)
SELECT 1;
