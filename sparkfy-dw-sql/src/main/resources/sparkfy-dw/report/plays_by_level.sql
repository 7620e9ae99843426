-- Free versus paid: plays, and distinct users, by the subscription level the user had when playing.
SELECT COALESCE(sp.level, 'unknown') AS level, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS users
FROM songplays sp
GROUP BY 1
ORDER BY 2 DESC, 1
