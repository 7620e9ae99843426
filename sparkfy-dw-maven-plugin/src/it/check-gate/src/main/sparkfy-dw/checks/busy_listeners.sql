-- severity: warn
-- description: few play more than 550 songs a month
SELECT user_id, COUNT(*) AS plays
FROM songplays
GROUP BY user_id
HAVING COUNT(*) > 550
ORDER BY user_id
