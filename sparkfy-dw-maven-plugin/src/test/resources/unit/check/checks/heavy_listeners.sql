-- severity: error
-- description: nobody plays more than 650 songs a month
SELECT user_id, COUNT(*) AS plays
FROM songplays
GROUP BY user_id
HAVING COUNT(*) > 650
ORDER BY user_id
