-- severity: error
-- description: a user's periods in users_history do not overlap (each ends where or before the next begins)
SELECT a.user_id, a.valid_from, a.valid_to, b.valid_from AS next_from
FROM users_history a
JOIN users_history b ON b.user_id = a.user_id AND b.valid_from > a.valid_from
WHERE a.valid_to IS NULL OR a.valid_to > b.valid_from
ORDER BY a.user_id, a.valid_from, b.valid_from
