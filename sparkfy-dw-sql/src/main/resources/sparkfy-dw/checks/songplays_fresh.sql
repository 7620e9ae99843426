-- freshness: plays
-- description: the newest play (songplays.start_time, UTC) is recent
SELECT MAX(start_time) AS newest_play
FROM songplays
