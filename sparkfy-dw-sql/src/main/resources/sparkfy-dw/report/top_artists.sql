-- The 10 most played artists; only plays matched to an artist of the catalogue count.
SELECT a.name AS artist, COUNT(*) AS plays, COUNT(DISTINCT sp.song_id) AS songs, COUNT(DISTINCT sp.user_id) AS listeners
FROM songplays sp
JOIN artists a ON a.artist_id = sp.artist_id
GROUP BY a.artist_id, a.name
ORDER BY plays DESC, a.name, a.artist_id
LIMIT 10
