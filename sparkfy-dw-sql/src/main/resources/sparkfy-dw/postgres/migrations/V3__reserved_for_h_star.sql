-- Placeholder on branch h-ledger only: V3 (incremental star, users_history) is another branch's. Keeps the
-- versions contiguous so this branch's V5 can be applied and tested; dropped when the branches are merged.
SELECT 1;
