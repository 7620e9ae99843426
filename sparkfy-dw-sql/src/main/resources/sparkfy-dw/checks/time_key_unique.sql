-- severity: error
-- description: time has one row per start_time
SELECT start_time, COUNT(*) AS row_count
FROM time
GROUP BY start_time
HAVING COUNT(*) > 1
ORDER BY start_time
