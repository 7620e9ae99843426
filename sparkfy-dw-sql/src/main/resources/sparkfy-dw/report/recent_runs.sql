-- Loads: the 20 most recent runs of the goals that change the warehouse, newest first, with the rows each wrote.
SELECT r.started, r.goal, r.status, r.files, CAST(COALESCE(SUM(t.row_count), 0) AS BIGINT) AS rows_written, r.rejections,
       r.run_by, r.error
FROM sparkfy_dw_runs r
LEFT JOIN sparkfy_dw_run_tables t ON t.run_id = r.run_id
GROUP BY r.run_id, r.started, r.finished, r.goal, r.status, r.files, r.rejections, r.run_by, r.error
ORDER BY r.started DESC, r.finished DESC
LIMIT 20
