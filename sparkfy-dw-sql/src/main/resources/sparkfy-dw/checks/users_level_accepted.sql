-- severity: error
-- description: every user's level is free or paid
SELECT user_id, level
FROM users
WHERE level IS NULL OR level NOT IN ('free', 'paid')
ORDER BY user_id
