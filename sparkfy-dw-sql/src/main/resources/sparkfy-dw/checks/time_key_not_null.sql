-- severity: error
-- description: no row of time lacks its start_time
SELECT start_time, hour, day, month, year
FROM time
WHERE start_time IS NULL
ORDER BY year, month, day, hour
