-- insert-dw, Amazon Redshift dialect: staging -> star schema, in one transaction, in this order.
-- Redshift has no ON CONFLICT and enforces no keys: each insert keeps one row per key with ROW_NUMBER and
-- skips keys already present with NOT EXISTS; users are replaced (delete then insert) since their level changes.
-- Same choices and tie-breaks as postgres/insert_dw.sql, so both targets hold the same rows.

INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (SELECT song_id, title, artist_id, year, duration,
             ROW_NUMBER() OVER (PARTITION BY song_id
                                ORDER BY title, artist_id, year, duration) AS rn
      FROM staging_songs
      WHERE song_id IS NOT NULL) s
WHERE s.rn = 1
  AND NOT EXISTS (SELECT 1 FROM songs d WHERE d.song_id = s.song_id);

INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
             ROW_NUMBER() OVER (PARTITION BY artist_id
                                ORDER BY CASE WHEN artist_latitude IS NULL THEN 1 ELSE 0 END,
                                         CASE WHEN artist_location IS NULL OR artist_location = '' THEN 1 ELSE 0 END,
                                         artist_name, artist_location, artist_latitude, artist_longitude) AS rn
      FROM staging_songs
      WHERE artist_id IS NOT NULL) a
WHERE a.rn = 1
  AND NOT EXISTS (SELECT 1 FROM artists d WHERE d.artist_id = a.artist_id);

DELETE FROM users
USING (SELECT DISTINCT userid FROM staging_events WHERE userid IS NOT NULL) s
WHERE users.user_id = s.userid;

INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT userid, firstname, lastname, gender, level
FROM (SELECT userid, firstname, lastname, gender, level,
             ROW_NUMBER() OVER (PARTITION BY userid
                                ORDER BY ts DESC NULLS LAST, sessionid DESC NULLS LAST,
                                         iteminsession DESC NULLS LAST, level) AS rn
      FROM staging_events
      WHERE userid IS NOT NULL) u
WHERE u.rn = 1;

INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent,
                       browser, os, device)
SELECT ts, userid, level, song_id, artist_id, sessionid, location, useragent, browser, os, device
FROM (SELECT e.ts, e.userid, e.level, s.song_id, s.artist_id, e.sessionid, e.location, e.useragent,
             CASE WHEN e.useragent IS NULL THEN NULL
            WHEN e.useragent LIKE '%Edg/%' OR e.useragent LIKE '%Edge/%' THEN 'Edge'
            WHEN e.useragent LIKE '%OPR/%' OR e.useragent LIKE '%Opera%' THEN 'Opera'
            WHEN e.useragent LIKE '%Firefox/%' THEN 'Firefox'
            WHEN e.useragent LIKE '%Chrome/%' OR e.useragent LIKE '%CriOS/%' THEN 'Chrome'
            WHEN e.useragent LIKE '%Safari/%' THEN 'Safari'
            WHEN e.useragent LIKE '%MSIE %' OR e.useragent LIKE '%Trident/%' THEN 'Internet Explorer'
            ELSE 'Other' END AS browser,
             CASE WHEN e.useragent IS NULL THEN NULL
            WHEN e.useragent LIKE '%Windows%' THEN 'Windows'
            WHEN e.useragent LIKE '%iPhone%' OR e.useragent LIKE '%iPad%' OR e.useragent LIKE '%iPod%' THEN 'iOS'
            WHEN e.useragent LIKE '%Android%' THEN 'Android'
            WHEN e.useragent LIKE '%CrOS%' THEN 'Chrome OS'
            WHEN e.useragent LIKE '%Macintosh%' OR e.useragent LIKE '%Mac OS X%' THEN 'macOS'
            WHEN e.useragent LIKE '%Linux%' THEN 'Linux'
            ELSE 'Other' END AS os,
             CASE WHEN e.useragent IS NULL THEN NULL
            WHEN e.useragent LIKE '%iPad%' OR e.useragent LIKE '%Tablet%' THEN 'tablet'
            WHEN e.useragent LIKE '%Mobile%' OR e.useragent LIKE '%iPhone%' OR e.useragent LIKE '%Android%' THEN 'mobile'
            ELSE 'desktop' END AS device,
             ROW_NUMBER() OVER (PARTITION BY e.ts, e.userid, e.sessionid
                                ORDER BY s.song_id NULLS LAST, s.artist_id, e.iteminsession, e.level) AS rn
      FROM staging_events e
      LEFT JOIN staging_songs s
             ON s.title = e.song AND s.artist_name = e.artist AND s.duration = e.length
      WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND e.userid IS NOT NULL AND e.sessionid IS NOT NULL) p
WHERE p.rn = 1
  AND NOT EXISTS (SELECT 1 FROM songplays f
                  WHERE f.start_time = p.ts AND f.user_id = p.userid AND f.session_id = p.sessionid);

INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT p.start_time,
       DATE_PART('hour', p.start_time), DATE_PART('day', p.start_time), DATE_PART('week', p.start_time),
       DATE_PART('month', p.start_time), DATE_PART('year', p.start_time), DATE_PART('dow', p.start_time)
FROM (SELECT DISTINCT start_time FROM songplays) p
WHERE NOT EXISTS (SELECT 1 FROM time t WHERE t.start_time = p.start_time);
