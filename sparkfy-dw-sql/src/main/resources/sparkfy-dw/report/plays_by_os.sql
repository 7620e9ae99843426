-- Plays, and distinct users, by the operating system parsed from the user agent (songplays.os).
SELECT COALESCE(sp.os, 'Unknown') AS os, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS users
FROM songplays sp
GROUP BY 1
ORDER BY 2 DESC, 1
