-- insert-dw, Amazon Redshift dialect: one staging BATCH (some log and song files) -> star schema, in one
-- transaction, in this order. Same choices, rankings and tie-breaks as postgres/insert_dw.sql (read its notes),
-- so both targets hold the same rows. Redshift has no ON CONFLICT and enforces no keys: each insert keeps one row
-- per key with ROW_NUMBER and skips keys already present with NOT EXISTS; a stored dimension row is replaced by
-- UPDATE ... FROM only when a batch row ranks strictly before it. Runs on PostgreSQL too (tests do so).
-- Each '-- step: <name>' line starts a step: insert-dw names it in the build log when it begins, and says how
-- long it has run every few seconds while it lasts.

-- step: songs
-- songs: one row per song_id, the first by (title, artist_id, year, duration); src breaks ties for the stored row.
UPDATE songs SET title = w.title, artist_id = w.artist_id, year = w.year, duration = w.duration
FROM (SELECT c.song_id, c.title, c.artist_id, c.year, c.duration, c.src,
             ROW_NUMBER() OVER (PARTITION BY c.song_id ORDER BY c.title, c.artist_id, c.year, c.duration, c.src) AS rn
      FROM (SELECT song_id, title, artist_id, year, duration, 1 AS src FROM staging_songs WHERE song_id IS NOT NULL
            UNION ALL
            SELECT d.song_id, d.title, d.artist_id, d.year, d.duration, 0
            FROM songs d JOIN (SELECT DISTINCT song_id FROM staging_songs) k ON k.song_id = d.song_id) c) w
WHERE w.rn = 1 AND w.src = 1 AND songs.song_id = w.song_id;

INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (SELECT song_id, title, artist_id, year, duration,
             ROW_NUMBER() OVER (PARTITION BY song_id
                                ORDER BY title, artist_id, year, duration) AS rn
      FROM staging_songs
      WHERE song_id IS NOT NULL) s
WHERE s.rn = 1
  AND NOT EXISTS (SELECT 1 FROM songs d WHERE d.song_id = s.song_id);

-- step: artists
-- artists: one row per artist_id, preferring a row that knows where the artist is; merged like songs.
UPDATE artists SET name = w.name, location = w.location, latitude = w.latitude, longitude = w.longitude
FROM (SELECT c.artist_id, c.name, c.location, c.latitude, c.longitude, c.src,
             ROW_NUMBER() OVER (PARTITION BY c.artist_id
                                ORDER BY CASE WHEN c.latitude IS NULL THEN 1 ELSE 0 END,
                                         CASE WHEN c.location IS NULL OR c.location = '' THEN 1 ELSE 0 END,
                                         c.name, c.location, c.latitude, c.longitude, c.src) AS rn
      FROM (SELECT artist_id, artist_name AS name, artist_location AS location, artist_latitude AS latitude,
                   artist_longitude AS longitude, 1 AS src
            FROM staging_songs WHERE artist_id IS NOT NULL
            UNION ALL
            SELECT d.artist_id, d.name, d.location, d.latitude, d.longitude, 0
            FROM artists d JOIN (SELECT DISTINCT artist_id FROM staging_songs) k ON k.artist_id = d.artist_id) c) w
WHERE w.rn = 1 AND w.src = 1 AND artists.artist_id = w.artist_id;

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

-- step: songplays
-- songplays: the batch's plays, matched against the star's songs + artists. The anti-join reads only the
-- batch's time range of songplays (sorted on start_time), not the whole fact table.
INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent,
                       browser, os, device)
SELECT p.ts, p.userid, p.level, p.song_id, p.artist_id, p.sessionid, p.location, p.useragent,
       p.browser, p.os, p.device
FROM (SELECT e.ts, e.userid, e.level, m.song_id, m.artist_id, e.sessionid, e.location, e.useragent,
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
                                ORDER BY m.song_id NULLS LAST, m.artist_id, e.iteminsession, e.level) AS rn
      FROM staging_events e
      LEFT JOIN (SELECT s.song_id, s.artist_id, s.title, a.name, s.duration
                 FROM songs s JOIN artists a ON a.artist_id = s.artist_id) m
             ON m.title = e.song AND m.name = e.artist AND m.duration = e.length
      WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND e.userid IS NOT NULL AND e.sessionid IS NOT NULL) p
LEFT JOIN (SELECT f.start_time, f.user_id, f.session_id
           FROM songplays f
           JOIN (SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM staging_events WHERE page = 'NextSong') r
             ON f.start_time BETWEEN r.lo AND r.hi) f
       ON f.start_time = p.ts AND f.user_id = p.userid AND f.session_id = p.sessionid
WHERE p.rn = 1 AND f.start_time IS NULL;

-- step: time
-- time: the batch's play start times not yet known (same bounded anti-join as songplays).
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT p.start_time,
       DATE_PART('hour', p.start_time), DATE_PART('day', p.start_time), DATE_PART('week', p.start_time),
       DATE_PART('month', p.start_time), DATE_PART('year', p.start_time), DATE_PART('dow', p.start_time)
FROM (SELECT DISTINCT ts AS start_time FROM staging_events
      WHERE page = 'NextSong' AND ts IS NOT NULL AND userid IS NOT NULL AND sessionid IS NOT NULL) p
LEFT JOIN (SELECT t.start_time
           FROM time t
           JOIN (SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM staging_events WHERE page = 'NextSong') r
             ON t.start_time BETWEEN r.lo AND r.hi) t
       ON t.start_time = p.start_time
WHERE t.start_time IS NULL;

-- step: songplays matched by late songs
-- Late songs: the plays kept unmatched by earlier batches that a song or artist of this batch now matches.
UPDATE songplays SET song_id = m.song_id, artist_id = m.artist_id
FROM (SELECT u.start_time, u.user_id, u.session_id, s.song_id, s.artist_id,
             ROW_NUMBER() OVER (PARTITION BY u.start_time, u.user_id, u.session_id
                                ORDER BY s.song_id, s.artist_id) AS rn
      FROM songplays_unmatched u
      JOIN songs s ON s.title = u.song AND s.duration = u.length
      JOIN artists a ON a.artist_id = s.artist_id AND a.name = u.artist
      WHERE s.song_id IN (SELECT song_id FROM staging_songs)
         OR a.artist_id IN (SELECT artist_id FROM staging_songs)) m
WHERE m.rn = 1 AND songplays.start_time = m.start_time AND songplays.user_id = m.user_id
  AND songplays.session_id = m.session_id AND songplays.song_id IS NULL;

-- AWS documents DELETE ... USING table_name, ... (names, no aliases or subqueries), so the tables are named.
DELETE FROM songplays_unmatched
USING songs, artists
WHERE songs.title = songplays_unmatched.song AND songs.duration = songplays_unmatched.length
  AND artists.artist_id = songs.artist_id AND artists.name = songplays_unmatched.artist
  AND (songs.song_id IN (SELECT song_id FROM staging_songs)
       OR artists.artist_id IN (SELECT artist_id FROM staging_songs));

-- step: songplays_unmatched
-- The batch's plays that matched no song keep their title, artist and length, for a later batch's songs.
INSERT INTO songplays_unmatched (start_time, user_id, session_id, song, artist, length)
SELECT p.ts, p.userid, p.sessionid, p.song, p.artist, p.length
FROM (SELECT e.ts, e.userid, e.sessionid, e.song, e.artist, e.length, m.song_id,
             ROW_NUMBER() OVER (PARTITION BY e.ts, e.userid, e.sessionid
                                ORDER BY m.song_id NULLS LAST, m.artist_id, e.iteminsession, e.level) AS rn
      FROM staging_events e
      LEFT JOIN (SELECT s.song_id, s.artist_id, s.title, a.name, s.duration
                 FROM songs s JOIN artists a ON a.artist_id = s.artist_id) m
             ON m.title = e.song AND m.name = e.artist AND m.duration = e.length
      WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND e.userid IS NOT NULL AND e.sessionid IS NOT NULL) p
WHERE p.rn = 1 AND p.song_id IS NULL AND p.song IS NOT NULL AND p.artist IS NOT NULL AND p.length IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM songplays_unmatched u
                  WHERE u.start_time = p.ts AND u.user_id = p.userid AND u.session_id = p.sessionid);

-- step: user_levels
-- The batch's level observations that are new or beat the stored one at the same (user, ts). A session's temp
-- table (no ON COMMIT in Redshift): emptied before use.
CREATE TEMP TABLE IF NOT EXISTS batch_levels (
    user_id         INTEGER,
    ts              TIMESTAMP,
    session_id      INTEGER,
    item_in_session INTEGER,
    level           VARCHAR(16),
    first_name      VARCHAR(256),
    last_name       VARCHAR(256),
    gender          VARCHAR(8)
);

DELETE FROM batch_levels;

INSERT INTO batch_levels (user_id, ts, session_id, item_in_session, level, first_name, last_name, gender)
SELECT w.user_id, w.ts, w.session_id, w.item_in_session, w.level, w.first_name, w.last_name, w.gender
FROM (SELECT c.user_id, c.ts, c.session_id, c.item_in_session, c.level, c.first_name, c.last_name, c.gender,
             c.src,
             ROW_NUMBER() OVER (PARTITION BY c.user_id, c.ts
                                ORDER BY c.session_id DESC NULLS LAST, c.item_in_session DESC NULLS LAST,
                                         c.level, c.src) AS rn
      FROM (SELECT userid AS user_id, ts, sessionid AS session_id, iteminsession AS item_in_session, level,
                   firstname AS first_name, lastname AS last_name, gender, 1 AS src
            FROM staging_events WHERE userid IS NOT NULL AND ts IS NOT NULL
            UNION ALL
            SELECT l.user_id, l.ts, l.session_id, l.item_in_session, l.level,
                   CAST(NULL AS VARCHAR(256)), CAST(NULL AS VARCHAR(256)), CAST(NULL AS VARCHAR(8)), 0
            FROM user_levels l
            JOIN (SELECT DISTINCT userid, ts FROM staging_events) k ON k.userid = l.user_id AND k.ts = l.ts) c) w
WHERE w.rn = 1 AND w.src = 1;

UPDATE user_levels SET session_id = b.session_id, item_in_session = b.item_in_session, level = b.level
FROM batch_levels b
WHERE user_levels.user_id = b.user_id AND user_levels.ts = b.ts;

INSERT INTO user_levels (user_id, ts, session_id, item_in_session, level)
SELECT b.user_id, b.ts, b.session_id, b.item_in_session, b.level
FROM batch_levels b
WHERE NOT EXISTS (SELECT 1 FROM user_levels l WHERE l.user_id = b.user_id AND l.ts = b.ts);

-- step: users
-- users: the batch's latest observation wins only when it is the user's latest in user_levels, so a late,
-- older batch never rolls a user back.
UPDATE users SET first_name = b.first_name, last_name = b.last_name, gender = b.gender, level = b.level
FROM (SELECT user_id, ts, first_name, last_name, gender, level,
             ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn
      FROM batch_levels) b
JOIN (SELECT l.user_id, MAX(l.ts) AS last_ts
      FROM user_levels l JOIN (SELECT DISTINCT user_id FROM batch_levels) k ON k.user_id = l.user_id
      GROUP BY l.user_id) x ON x.user_id = b.user_id
WHERE b.rn = 1 AND b.ts = x.last_ts AND users.user_id = b.user_id;

INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT b.user_id, b.first_name, b.last_name, b.gender, b.level
FROM (SELECT user_id, first_name, last_name, gender, level,
             ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn
      FROM batch_levels) b
WHERE b.rn = 1
  AND NOT EXISTS (SELECT 1 FROM users d WHERE d.user_id = b.user_id);

-- step: users_history
-- users_history: rebuilt per user from the period holding the batch's earliest observation, the period before it
-- carried as its first observation, c_from standing for the unchanged observations before the batch's earliest
-- (see postgres/insert_dw.sql).
CREATE TEMP TABLE IF NOT EXISTS batch_history_from (
    user_id  INTEGER,
    first_ts TIMESTAMP,
    c_from   TIMESTAMP,
    c_level  VARCHAR(16),
    p_from   TIMESTAMP,
    p_level  VARCHAR(16)
);

DELETE FROM batch_history_from;

INSERT INTO batch_history_from (user_id, first_ts, c_from, c_level, p_from, p_level)
SELECT b.user_id, b.first_ts, c.c_from, k.level, p.valid_from, p.level
FROM (SELECT user_id, MIN(ts) AS first_ts FROM batch_levels GROUP BY user_id) b
LEFT JOIN (SELECT h.user_id, MAX(h.valid_from) AS c_from
           FROM users_history h
           JOIN (SELECT user_id, MIN(ts) AS first_ts FROM batch_levels GROUP BY user_id) f
             ON f.user_id = h.user_id AND h.valid_from <= f.first_ts
           GROUP BY h.user_id) c ON c.user_id = b.user_id
LEFT JOIN users_history k ON k.user_id = c.user_id AND k.valid_from = c.c_from
LEFT JOIN users_history p ON p.user_id = c.user_id AND p.valid_to = c.c_from;

DELETE FROM users_history
USING batch_history_from
WHERE users_history.user_id = batch_history_from.user_id
  AND (batch_history_from.c_from IS NULL
       OR users_history.valid_from >= COALESCE(batch_history_from.p_from, batch_history_from.c_from));

INSERT INTO users_history (user_id, level, first_name, last_name, gender, valid_from, valid_to, is_current)
SELECT s.user_id, s.level, u.first_name, u.last_name, u.gender, s.ts, s.valid_to,
       CASE WHEN s.valid_to IS NULL THEN TRUE ELSE FALSE END
FROM (SELECT c.user_id, c.ts, c.level, LEAD(c.ts) OVER (PARTITION BY c.user_id ORDER BY c.ts) AS valid_to
      FROM (SELECT o.user_id, o.ts, o.level,
                   ROW_NUMBER() OVER (PARTITION BY o.user_id ORDER BY o.ts) AS rn,
                   LAG(o.level) OVER (PARTITION BY o.user_id ORDER BY o.ts) AS previous
            FROM (SELECT r.user_id, r.p_from AS ts, r.p_level AS level
                  FROM batch_history_from r WHERE r.p_from IS NOT NULL
                  UNION ALL
                  SELECT r.user_id, r.c_from, r.c_level
                  FROM batch_history_from r WHERE r.c_from < r.first_ts
                  UNION ALL
                  SELECT l.user_id, l.ts, l.level
                  FROM user_levels l JOIN batch_history_from r ON r.user_id = l.user_id
                  WHERE l.ts >= r.first_ts) o) c
      WHERE c.rn = 1 OR COALESCE(c.previous, '') <> COALESCE(c.level, '')) s
JOIN users u ON u.user_id = s.user_id;

UPDATE users_history SET first_name = u.first_name, last_name = u.last_name, gender = u.gender
FROM users u
WHERE users_history.user_id = u.user_id
  AND u.user_id IN (SELECT user_id FROM batch_levels)
  AND (COALESCE(users_history.first_name, '') <> COALESCE(u.first_name, '')
       OR COALESCE(users_history.last_name, '') <> COALESCE(u.last_name, '')
       OR COALESCE(users_history.gender, '') <> COALESCE(u.gender, ''));
