-- severity: error
-- description: a session belongs to one user: no session_id has plays of two users
SELECT session_id, COUNT(DISTINCT user_id) AS users
FROM songplays
GROUP BY session_id
HAVING COUNT(DISTINCT user_id) > 1
ORDER BY session_id
