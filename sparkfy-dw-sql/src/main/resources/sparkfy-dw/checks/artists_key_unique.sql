-- severity: error
-- description: artists has one row per artist_id
SELECT artist_id, COUNT(*) AS row_count
FROM artists
GROUP BY artist_id
HAVING COUNT(*) > 1
ORDER BY artist_id
