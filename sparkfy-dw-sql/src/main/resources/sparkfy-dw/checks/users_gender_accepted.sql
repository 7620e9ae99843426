-- severity: error
-- description: every user's gender is F, M or unknown (NULL)
SELECT user_id, gender
FROM users
WHERE gender IS NOT NULL AND gender NOT IN ('F', 'M')
ORDER BY user_id
