-- severity: error
-- description: every user has exactly one current row in users_history
SELECT k.user_id, COALESCE(c.current_rows, 0) AS current_rows
FROM (SELECT user_id FROM users UNION SELECT user_id FROM users_history) k
LEFT JOIN (SELECT user_id, COUNT(*) AS current_rows
           FROM users_history
           WHERE is_current
           GROUP BY user_id) c ON c.user_id = k.user_id
WHERE COALESCE(c.current_rows, 0) <> 1
ORDER BY k.user_id
