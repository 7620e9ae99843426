-- Plays, and distinct users, by the browser parsed from the user agent (songplays.browser).
SELECT COALESCE(sp.browser, 'Unknown') AS browser, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS users
FROM songplays sp
GROUP BY 1
ORDER BY 2 DESC, 1
