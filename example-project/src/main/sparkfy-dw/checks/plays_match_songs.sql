-- severity: warn
-- description: most plays match a song of the catalogue (at most 1 in 4 unmatched)
SELECT COUNT(*) AS plays, COUNT(song_id) AS matched
FROM songplays
HAVING COUNT(*) > 4 * COUNT(song_id)
