-- How many songs are played, and by how many users, on each calendar day (UTC) that has plays, oldest first.
SELECT CAST(sp.start_time AS DATE) AS play_date, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS users
FROM songplays sp
GROUP BY 1
ORDER BY 1
