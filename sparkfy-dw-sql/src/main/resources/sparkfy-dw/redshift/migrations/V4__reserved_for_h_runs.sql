-- Placeholder on branch h-ledger only: V4 (run history, sparkfy_dw_runs) is another branch's. Keeps the
-- versions contiguous so this branch's V5 can be applied and tested; dropped when the branches are merged.
SELECT 1;
