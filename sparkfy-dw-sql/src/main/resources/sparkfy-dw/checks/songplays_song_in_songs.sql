-- severity: error
-- description: every play's song_id, when there is one, is in songs
SELECT p.songplay_id, p.start_time, p.user_id, p.song_id
FROM songplays p
WHERE p.song_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM songs s WHERE s.song_id = p.song_id)
ORDER BY p.start_time, p.user_id, p.session_id
