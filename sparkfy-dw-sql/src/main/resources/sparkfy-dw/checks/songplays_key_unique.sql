-- severity: error
-- description: songplays has one row per event: (start_time, user_id, session_id) is unique
SELECT start_time, user_id, session_id, COUNT(*) AS row_count
FROM songplays
GROUP BY start_time, user_id, session_id
HAVING COUNT(*) > 1
ORDER BY start_time, user_id, session_id
