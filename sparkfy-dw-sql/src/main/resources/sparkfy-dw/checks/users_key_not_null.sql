-- severity: error
-- description: no user lacks its user_id
SELECT user_id, first_name, last_name
FROM users
WHERE user_id IS NULL
ORDER BY first_name, last_name
