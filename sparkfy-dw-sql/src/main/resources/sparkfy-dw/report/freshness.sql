-- Loads: how fresh the warehouse is: the newest play in songplays, and when the last successful load-stg and insert-dw ended.
SELECT p.newest_play, r.last_load_stg, r.last_insert_dw
FROM (SELECT MAX(start_time) AS newest_play FROM songplays) p
CROSS JOIN (SELECT MAX(CASE WHEN goal = 'load-stg' THEN finished END) AS last_load_stg,
                   MAX(CASE WHEN goal = 'insert-dw' THEN finished END) AS last_insert_dw
            FROM sparkfy_dw_runs
            WHERE status = 'success') r
