-- severity: error
-- description: songs has one row per song_id
SELECT song_id, COUNT(*) AS row_count
FROM songs
GROUP BY song_id
HAVING COUNT(*) > 1
ORDER BY song_id
