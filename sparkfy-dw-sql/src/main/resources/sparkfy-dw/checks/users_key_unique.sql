-- severity: error
-- description: users has one row per user_id
SELECT user_id, COUNT(*) AS row_count
FROM users
GROUP BY user_id
HAVING COUNT(*) > 1
ORDER BY user_id
