-- severity: error
-- description: every play's user_id is in users
SELECT p.songplay_id, p.start_time, p.user_id, p.session_id
FROM songplays p
WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = p.user_id)
ORDER BY p.start_time, p.user_id, p.session_id
