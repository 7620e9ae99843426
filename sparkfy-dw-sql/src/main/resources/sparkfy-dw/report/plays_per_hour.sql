-- How many songs are played in each hour of the day (0-23, UTC); every hour is listed, with 0 when nothing was played.
SELECT h.hour_of_day, COALESCE(p.plays, 0) AS plays
FROM (SELECT 0 AS hour_of_day UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9
      UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14
      UNION ALL SELECT 15 UNION ALL SELECT 16 UNION ALL SELECT 17 UNION ALL SELECT 18 UNION ALL SELECT 19
      UNION ALL SELECT 20 UNION ALL SELECT 21 UNION ALL SELECT 22 UNION ALL SELECT 23) h
LEFT JOIN (SELECT t.hour AS hour_of_day, COUNT(*) AS plays
           FROM songplays sp
           JOIN time t ON t.start_time = sp.start_time
           GROUP BY t.hour) p ON p.hour_of_day = h.hour_of_day
ORDER BY h.hour_of_day
