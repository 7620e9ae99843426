-- severity: error
-- description: every play's level is free or paid
SELECT p.songplay_id, p.start_time, p.user_id, p.level
FROM songplays p
WHERE p.level IS NULL OR p.level NOT IN ('free', 'paid')
ORDER BY p.start_time, p.user_id, p.session_id
