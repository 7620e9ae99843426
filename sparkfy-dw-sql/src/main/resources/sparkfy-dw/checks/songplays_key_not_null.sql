-- severity: error
-- description: no play lacks its songplay_id, start_time, user_id or session_id
SELECT songplay_id, start_time, user_id, session_id
FROM songplays
WHERE songplay_id IS NULL OR start_time IS NULL OR user_id IS NULL OR session_id IS NULL
ORDER BY songplay_id
