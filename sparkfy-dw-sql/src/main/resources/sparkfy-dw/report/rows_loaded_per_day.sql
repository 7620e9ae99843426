-- Loads: rows written per calendar day (UTC) by successful runs, into staging by load-stg and into the star schema by insert-dw.
SELECT CAST(r.started AS DATE) AS load_date,
       CAST(SUM(CASE WHEN r.goal = 'load-stg' THEN t.row_count ELSE 0 END) AS BIGINT) AS staged_rows,
       CAST(SUM(CASE WHEN r.goal = 'insert-dw' THEN t.row_count ELSE 0 END) AS BIGINT) AS star_rows
FROM sparkfy_dw_runs r
JOIN sparkfy_dw_run_tables t ON t.run_id = r.run_id
WHERE r.status = 'success'
GROUP BY 1
ORDER BY 1
