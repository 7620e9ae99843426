-- severity: error
-- description: no artist lacks its artist_id
SELECT artist_id, name
FROM artists
WHERE artist_id IS NULL
ORDER BY name
