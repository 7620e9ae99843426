-- severity: error
-- description: every distinct NextSong event of the last staging batch with a user and a session is in songplays
SELECT e.ts AS start_time, e.userid AS user_id, e.sessionid AS session_id
FROM (SELECT DISTINCT ts, userid, sessionid
      FROM staging_events
      WHERE page = 'NextSong' AND ts IS NOT NULL AND userid IS NOT NULL AND sessionid IS NOT NULL) e
WHERE NOT EXISTS (SELECT 1 FROM songplays p
                  WHERE p.start_time = e.ts AND p.user_id = e.userid AND p.session_id = e.sessionid)
ORDER BY e.ts, e.userid, e.sessionid
