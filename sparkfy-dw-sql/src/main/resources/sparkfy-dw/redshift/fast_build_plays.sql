-- insert-dw into an EMPTY star, Amazon Redshift dialect: songs, artists, songplays and songplays_unmatched from
-- staging alone, with the rankings and tie-breaks of insert_dw.sql. Redshift runs the fast build's scripts one
-- after the other in the goal's own transaction, straight into the star's (empty) tables: there are no keys to
-- build after the rows (Redshift enforces none), and the tables, their grants and the views over them stay what
-- they are. What it saves over the merge: no anti-joins or updates against the star, each play ranked and matched
-- once for both tables, the user agents classified once. Runs on PostgreSQL too (tests do so).

-- step: songs
-- songs: one row per song_id, the first by (title, artist_id, year, duration).
INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (SELECT song_id, title, artist_id, year, duration,
             ROW_NUMBER() OVER (PARTITION BY song_id
                                ORDER BY title, artist_id, year, duration) AS rn
      FROM staging_songs
      WHERE song_id IS NOT NULL) s
WHERE s.rn = 1;

-- step: artists
-- artists: one row per artist_id, preferring a row that knows where the artist is.
INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
             ROW_NUMBER() OVER (PARTITION BY artist_id
                                ORDER BY CASE WHEN artist_latitude IS NULL THEN 1 ELSE 0 END,
                                         CASE WHEN artist_location IS NULL OR artist_location = '' THEN 1 ELSE 0 END,
                                         artist_name, artist_location, artist_latitude, artist_longitude) AS rn
      FROM staging_songs
      WHERE artist_id IS NOT NULL) a
WHERE a.rn = 1;

-- step: plays ranked and matched
-- The plays, ranked and matched once for both tables. A session's temp table (no ON COMMIT in Redshift):
-- emptied before use.
CREATE TEMP TABLE IF NOT EXISTS fast_plays (
    ts         TIMESTAMP,
    userid     INTEGER,
    level      VARCHAR(16),
    song_id    VARCHAR(32),
    artist_id  VARCHAR(32),
    sessionid  INTEGER,
    location   VARCHAR(512),
    useragent  VARCHAR(512),
    song       VARCHAR(512),
    artist     VARCHAR(512),
    length     DOUBLE PRECISION
);

DELETE FROM fast_plays;

INSERT INTO fast_plays (ts, userid, level, song_id, artist_id, sessionid, location, useragent, song, artist, length)
SELECT p.ts, p.userid, p.level, p.song_id, p.artist_id, p.sessionid, p.location, p.useragent,
       p.song, p.artist, p.length
FROM (SELECT e.ts, e.userid, e.level, m.song_id, m.artist_id, e.sessionid, e.location, e.useragent,
             e.song, e.artist, e.length,
             ROW_NUMBER() OVER (PARTITION BY e.ts, e.userid, e.sessionid
                                ORDER BY m.song_id NULLS LAST, m.artist_id, e.iteminsession, e.level) AS rn
      FROM staging_events e
      LEFT JOIN (SELECT s.song_id, s.artist_id, s.title, a.name, s.duration
                 FROM songs s JOIN artists a ON a.artist_id = s.artist_id) m
             ON m.title = e.song AND m.name = e.artist AND m.duration = e.length
      WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND e.userid IS NOT NULL AND e.sessionid IS NOT NULL) p
WHERE p.rn = 1;

-- step: songplays
-- The few distinct user agents, classified once (the same CASE chains as insert_dw.sql).
CREATE TEMP TABLE IF NOT EXISTS fast_user_agents (
    useragent VARCHAR(512),
    browser   VARCHAR(32),
    os        VARCHAR(32),
    device    VARCHAR(16)
);

DELETE FROM fast_user_agents;

INSERT INTO fast_user_agents (useragent, browser, os, device)
SELECT u.useragent,
       CASE WHEN u.useragent IS NULL THEN NULL
            WHEN u.useragent LIKE '%Edg/%' OR u.useragent LIKE '%Edge/%' THEN 'Edge'
            WHEN u.useragent LIKE '%OPR/%' OR u.useragent LIKE '%Opera%' THEN 'Opera'
            WHEN u.useragent LIKE '%Firefox/%' THEN 'Firefox'
            WHEN u.useragent LIKE '%Chrome/%' OR u.useragent LIKE '%CriOS/%' THEN 'Chrome'
            WHEN u.useragent LIKE '%Safari/%' THEN 'Safari'
            WHEN u.useragent LIKE '%MSIE %' OR u.useragent LIKE '%Trident/%' THEN 'Internet Explorer'
            ELSE 'Other' END AS browser,
       CASE WHEN u.useragent IS NULL THEN NULL
            WHEN u.useragent LIKE '%Windows%' THEN 'Windows'
            WHEN u.useragent LIKE '%iPhone%' OR u.useragent LIKE '%iPad%' OR u.useragent LIKE '%iPod%' THEN 'iOS'
            WHEN u.useragent LIKE '%Android%' THEN 'Android'
            WHEN u.useragent LIKE '%CrOS%' THEN 'Chrome OS'
            WHEN u.useragent LIKE '%Macintosh%' OR u.useragent LIKE '%Mac OS X%' THEN 'macOS'
            WHEN u.useragent LIKE '%Linux%' THEN 'Linux'
            ELSE 'Other' END AS os,
       CASE WHEN u.useragent IS NULL THEN NULL
            WHEN u.useragent LIKE '%iPad%' OR u.useragent LIKE '%Tablet%' THEN 'tablet'
            WHEN u.useragent LIKE '%Mobile%' OR u.useragent LIKE '%iPhone%' OR u.useragent LIKE '%Android%' THEN 'mobile'
            ELSE 'desktop' END AS device
FROM (SELECT DISTINCT useragent FROM fast_plays WHERE useragent IS NOT NULL) u;

INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent,
                       browser, os, device)
SELECT p.ts, p.userid, p.level, p.song_id, p.artist_id, p.sessionid, p.location, p.useragent,
       a.browser, a.os, a.device
FROM fast_plays p
LEFT JOIN fast_user_agents a ON a.useragent = p.useragent;

-- step: songplays_unmatched
-- The plays that matched no song keep their title, artist and length, for a later batch's songs.
INSERT INTO songplays_unmatched (start_time, user_id, session_id, song, artist, length)
SELECT ts, userid, sessionid, song, artist, length
FROM fast_plays
WHERE song_id IS NULL AND song IS NOT NULL AND artist IS NOT NULL AND length IS NOT NULL;
