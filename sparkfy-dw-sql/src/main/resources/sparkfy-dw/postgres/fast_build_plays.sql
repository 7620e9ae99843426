-- insert-dw into an EMPTY star, PostgreSQL dialect: the fast full build's first session, run at once with
-- fast_build_users.sql on a session of its own. Songs, artists, songplays and songplays_unmatched from staging
-- alone, with the rankings and tie-breaks of insert_dw.sql (a test holds both builds to the same rows). The plugin
-- runs it into new tables without keys (the names below resolve to them), adds the keys after the rows, and swaps
-- the new tables in at the end, in one short transaction.

-- Batch work over every row: hash and merge joins (see insert_dw.sql).
SET LOCAL enable_nestloop = off;
-- Sizes for the planner, from small samples (see fast_build_staging.sql).
SET LOCAL default_statistics_target = 10;

-- step: songs
ANALYZE staging_songs;

-- songs: one row per song_id, the first by (title, artist_id, year, duration).
INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT DISTINCT ON (song_id) song_id, title, artist_id, year, duration
FROM staging_songs
WHERE song_id IS NOT NULL
ORDER BY song_id, title, artist_id, year, duration;

-- step: artists
-- artists: one row per artist_id, preferring a row that knows where the artist is.
INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT DISTINCT ON (artist_id) artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM staging_songs
WHERE artist_id IS NOT NULL
ORDER BY artist_id, (artist_latitude IS NULL), (artist_location IS NULL OR artist_location = ''),
         artist_name, artist_location, artist_latitude, artist_longitude;

-- step: plays ranked and matched
-- The plays are matched against them below: the planner should know their size.
ANALYZE songs;
ANALYZE artists;

-- The plays, ranked and matched once for both tables: one row per distinct NextSong event, its song and artist
-- found on title + artist name + duration (NULL when none matches), with what it was matched on.
CREATE TEMP TABLE fast_plays ON COMMIT DROP AS
SELECT DISTINCT ON (e.ts, e.userid, e.sessionid)
       e.ts, e.userid, e.level, m.song_id, m.artist_id, e.sessionid, e.location, e.useragent,
       e.song, e.artist, e.length
FROM staging_events e
LEFT JOIN (SELECT s.song_id, s.artist_id, s.title, a.name, s.duration
           FROM songs s JOIN artists a ON a.artist_id = s.artist_id) m
       ON m.title = e.song AND m.name = e.artist AND m.duration = e.length
WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND e.userid IS NOT NULL AND e.sessionid IS NOT NULL
ORDER BY e.ts, e.userid, e.sessionid, m.song_id NULLS LAST, m.artist_id, e.iteminsession, e.level;

-- step: songplays
-- The few distinct user agents, classified once (the same CASE chains as insert_dw.sql), rather than three
-- chains of LIKEs for every play.
CREATE TEMP TABLE fast_user_agents ON COMMIT DROP AS
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
