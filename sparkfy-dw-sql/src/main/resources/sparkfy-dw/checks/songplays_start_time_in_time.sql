-- severity: error
-- description: every play's start_time is in time
SELECT p.songplay_id, p.start_time, p.user_id, p.session_id
FROM songplays p
WHERE NOT EXISTS (SELECT 1 FROM time t WHERE t.start_time = p.start_time)
ORDER BY p.start_time, p.user_id, p.session_id
