-- How many rows each table holds: the five star tables, then the two staging tables.
SELECT table_name, row_count
FROM (SELECT 1 AS position, CAST('songplays' AS VARCHAR(32)) AS table_name, COUNT(*) AS row_count FROM songplays
      UNION ALL SELECT 2, 'users', COUNT(*) FROM users
      UNION ALL SELECT 3, 'songs', COUNT(*) FROM songs
      UNION ALL SELECT 4, 'artists', COUNT(*) FROM artists
      UNION ALL SELECT 5, 'time', COUNT(*) FROM time
      UNION ALL SELECT 6, 'staging_events', COUNT(*) FROM staging_events
      UNION ALL SELECT 7, 'staging_songs', COUNT(*) FROM staging_songs) counts
ORDER BY position
