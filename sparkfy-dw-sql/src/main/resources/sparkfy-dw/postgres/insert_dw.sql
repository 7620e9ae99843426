-- insert-dw, PostgreSQL dialect: staging -> star schema, run in one transaction, in this order.
-- Idempotent: ON CONFLICT on each table's key makes a second run (or a reload of the same data) change nothing.
-- Ties are broken on every column that can differ, so the chosen row never depends on the physical order.

-- Batch transforms over millions of rows: hash and merge joins only. A nested loop against a table the same
-- statement fills (its statistics say it is empty) turned an anti-join quadratic: 15 minutes instead of 3 s.
SET LOCAL enable_nestloop = off;

-- songs: one row per song_id.
INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT DISTINCT ON (song_id) song_id, title, artist_id, year, duration
FROM staging_songs
WHERE song_id IS NOT NULL
ORDER BY song_id, title, artist_id, year, duration
ON CONFLICT (song_id) DO NOTHING;

-- artists: one row per artist_id, preferring a row that knows where the artist is.
INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT DISTINCT ON (artist_id) artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM staging_songs
WHERE artist_id IS NOT NULL
ORDER BY artist_id, (artist_latitude IS NULL), (artist_location IS NULL OR artist_location = ''),
         artist_name, artist_location, artist_latitude, artist_longitude
ON CONFLICT (artist_id) DO NOTHING;

-- users: every user id seen in any event; name, gender and level from the user's latest event by ts.
INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT DISTINCT ON (userid) userid, firstname, lastname, gender, level
FROM staging_events
WHERE userid IS NOT NULL
ORDER BY userid, ts DESC NULLS LAST, sessionid DESC NULLS LAST, iteminsession DESC NULLS LAST, level
ON CONFLICT (user_id) DO UPDATE
    SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
        gender = EXCLUDED.gender, level = EXCLUDED.level
    WHERE (users.first_name, users.last_name, users.gender, users.level)
          IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.gender, EXCLUDED.level);

-- songplays: one row per distinct NextSong event; song and artist found on title + artist name + duration,
-- NULL when no song matches (the play is still recorded). Plays already present are skipped by an anti-join
-- rather than ON CONFLICT, whose per-row speculative insertion measured 25 % slower; the unique key still guards.
INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent,
                       browser, os, device)
SELECT p.ts, p.userid, p.level, p.song_id, p.artist_id, p.sessionid, p.location, p.useragent,
       p.browser, p.os, p.device
FROM (SELECT DISTINCT ON (e.ts, e.userid, e.sessionid)
             e.ts, e.userid, e.level, s.song_id, s.artist_id, e.sessionid, e.location, e.useragent,
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
            ELSE 'desktop' END AS device
      FROM staging_events e
      LEFT JOIN staging_songs s
             ON s.title = e.song AND s.artist_name = e.artist AND s.duration = e.length
      WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND e.userid IS NOT NULL AND e.sessionid IS NOT NULL
      ORDER BY e.ts, e.userid, e.sessionid, s.song_id NULLS LAST, s.artist_id, e.iteminsession, e.level) p
WHERE NOT EXISTS (SELECT 1 FROM songplays f
                  WHERE f.start_time = p.ts AND f.user_id = p.userid AND f.session_id = p.sessionid);

-- time: each distinct songplay start_time, broken down (weekday: 0 = Sunday, as in Redshift). DATE_PART (double
-- precision) rather than EXTRACT (numeric since PostgreSQL 14), computed once per distinct value.
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT p.start_time,
       DATE_PART('hour', p.start_time), DATE_PART('day', p.start_time), DATE_PART('week', p.start_time),
       DATE_PART('month', p.start_time), DATE_PART('year', p.start_time), DATE_PART('dow', p.start_time)
FROM (SELECT DISTINCT start_time FROM songplays) p
WHERE NOT EXISTS (SELECT 1 FROM time t WHERE t.start_time = p.start_time);
