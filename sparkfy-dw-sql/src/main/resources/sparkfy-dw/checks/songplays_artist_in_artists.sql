-- severity: error
-- description: every play's artist_id, when there is one, is in artists
SELECT p.songplay_id, p.start_time, p.user_id, p.artist_id
FROM songplays p
WHERE p.artist_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM artists a WHERE a.artist_id = p.artist_id)
ORDER BY p.start_time, p.user_id, p.session_id
