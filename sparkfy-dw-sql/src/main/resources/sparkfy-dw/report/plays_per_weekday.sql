-- How many songs are played on each day of the week (UTC), Sunday to Saturday; every day is listed, with 0 when nothing was played.
SELECT d.weekday, d.weekday_name, COALESCE(p.plays, 0) AS plays
FROM (SELECT 0 AS weekday, CAST('Sunday' AS VARCHAR(9)) AS weekday_name
      UNION ALL SELECT 1, 'Monday' UNION ALL SELECT 2, 'Tuesday' UNION ALL SELECT 3, 'Wednesday'
      UNION ALL SELECT 4, 'Thursday' UNION ALL SELECT 5, 'Friday' UNION ALL SELECT 6, 'Saturday') d
LEFT JOIN (SELECT t.weekday, COUNT(*) AS plays
           FROM songplays sp
           JOIN time t ON t.start_time = sp.start_time
           GROUP BY t.weekday) p ON p.weekday = d.weekday
ORDER BY d.weekday
