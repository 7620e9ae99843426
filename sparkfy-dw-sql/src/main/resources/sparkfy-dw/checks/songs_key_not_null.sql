-- severity: error
-- description: no song lacks its song_id
SELECT song_id, title, artist_id
FROM songs
WHERE song_id IS NULL
ORDER BY title, artist_id
