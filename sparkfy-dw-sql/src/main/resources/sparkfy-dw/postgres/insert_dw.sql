-- insert-dw, PostgreSQL dialect: one staging BATCH (some log and song files) -> star schema, in one transaction,
-- in this order. Any batches in any order leave the star a single load of all of them would: each dimension row
-- is the best candidate under the same ranking whoever brought it (the stored row competes with the batch's), and
-- what a later batch needs is kept beside the star: user_levels (every user's level by event time) and
-- songplays_unmatched (what an unmatched play is matched on). Idempotent: a second run over the same staging
-- finds the stored rows winning every tie and writes nothing.
-- Ties are broken on every column that can differ, so the chosen row never depends on the physical order.
-- Each '-- step: <name>' line starts a step: insert-dw names it in the build log when it begins, and says how
-- long it has run every few seconds while it lasts.

-- Batch transforms over millions of rows: hash and merge joins only. A nested loop against a table the same
-- statement fills (its statistics say it is empty) turned an anti-join quadratic: 15 minutes instead of 3 s.
SET LOCAL enable_nestloop = off;

-- step: songs
-- songs: one row per song_id, the first by (title, artist_id, year, duration); a stored row is replaced only by a
-- batch row ranking strictly before it (src breaks ties for the stored row).
UPDATE songs SET title = w.title, artist_id = w.artist_id, year = w.year, duration = w.duration
FROM (SELECT c.song_id, c.title, c.artist_id, c.year, c.duration, c.src,
             ROW_NUMBER() OVER (PARTITION BY c.song_id ORDER BY c.title, c.artist_id, c.year, c.duration, c.src) AS rn
      FROM (SELECT song_id, title, artist_id, year, duration, 1 AS src FROM staging_songs WHERE song_id IS NOT NULL
            UNION ALL
            SELECT d.song_id, d.title, d.artist_id, d.year, d.duration, 0
            FROM songs d JOIN (SELECT DISTINCT song_id FROM staging_songs) k ON k.song_id = d.song_id) c) w
WHERE w.rn = 1 AND w.src = 1 AND songs.song_id = w.song_id;

INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT DISTINCT ON (song_id) song_id, title, artist_id, year, duration
FROM staging_songs
WHERE song_id IS NOT NULL
ORDER BY song_id, title, artist_id, year, duration
ON CONFLICT (song_id) DO NOTHING;

-- The steps below match plays against songs and artists, the late songs with nested loops on: the planner needs
-- their sizes now, not those from before this transaction. Once the songs came after a first load without them, an
-- analyzed empty table said 0 rows and the late-songs step looped over staging for each of 100,000 songs (minutes,
-- not a second). A sample of 3,000 rows is enough for sizes; insert-dw leaves it out when no songs came.
SET LOCAL default_statistics_target = 10;
ANALYZE songs;

-- step: artists
-- artists: one row per artist_id, preferring a row that knows where the artist is; merged like songs.
UPDATE artists SET name = w.name, location = w.location, latitude = w.latitude, longitude = w.longitude
FROM (SELECT c.artist_id, c.name, c.location, c.latitude, c.longitude, c.src,
             ROW_NUMBER() OVER (PARTITION BY c.artist_id
                                ORDER BY (c.latitude IS NULL), (c.location IS NULL OR c.location = ''),
                                         c.name, c.location, c.latitude, c.longitude, c.src) AS rn
      FROM (SELECT artist_id, artist_name AS name, artist_location AS location, artist_latitude AS latitude,
                   artist_longitude AS longitude, 1 AS src
            FROM staging_songs WHERE artist_id IS NOT NULL
            UNION ALL
            SELECT d.artist_id, d.name, d.location, d.latitude, d.longitude, 0
            FROM artists d JOIN (SELECT DISTINCT artist_id FROM staging_songs) k ON k.artist_id = d.artist_id) c) w
WHERE w.rn = 1 AND w.src = 1 AND artists.artist_id = w.artist_id;

INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT DISTINCT ON (artist_id) artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM staging_songs
WHERE artist_id IS NOT NULL
ORDER BY artist_id, (artist_latitude IS NULL), (artist_location IS NULL OR artist_location = ''),
         artist_name, artist_location, artist_latitude, artist_longitude
ON CONFLICT (artist_id) DO NOTHING;

ANALYZE artists;
SET LOCAL default_statistics_target TO DEFAULT;

-- step: songplays
-- The batch's plays, ranked and matched once for songplays and for songplays_unmatched below: one row per distinct
-- NextSong event of the batch, its song and artist found on title + artist name + duration in the star (songs +
-- artists, whatever batch brought them), NULL when none matches. Dropped at commit.
CREATE TEMP TABLE batch_plays (
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
) ON COMMIT DROP;

INSERT INTO batch_plays (ts, userid, level, song_id, artist_id, sessionid, location, useragent, song, artist, length)
SELECT DISTINCT ON (e.ts, e.userid, e.sessionid)
       e.ts, e.userid, e.level, m.song_id, m.artist_id, e.sessionid, e.location, e.useragent, e.song, e.artist,
       e.length
FROM staging_events e
LEFT JOIN (SELECT s.song_id, s.artist_id, s.title, a.name, s.duration
           FROM songs s JOIN artists a ON a.artist_id = s.artist_id) m
       ON m.title = e.song AND m.name = e.artist AND m.duration = e.length
WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND e.userid IS NOT NULL AND e.sessionid IS NOT NULL
ORDER BY e.ts, e.userid, e.sessionid, m.song_id NULLS LAST, m.artist_id, e.iteminsession, e.level;

-- songplays: the batch's plays, their user agents classified once per distinct agent. Plays already present are
-- skipped by the unique key (an index probe per batch row, not a scan of the fact table).
INSERT INTO songplays (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent,
                       browser, os, device)
SELECT p.ts, p.userid, p.level, p.song_id, p.artist_id, p.sessionid, p.location, p.useragent,
       a.browser, a.os, a.device
FROM batch_plays p
LEFT JOIN (SELECT u.useragent,
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
           FROM (SELECT DISTINCT useragent FROM batch_plays WHERE useragent IS NOT NULL) u) a
       ON a.useragent = p.useragent
ON CONFLICT (start_time, user_id, session_id) DO NOTHING;

-- step: time
-- time: the batch's play start times (those of its plays) not yet known, broken down (weekday: 0 = Sunday, as in Redshift). DATE_PART
-- (double precision) rather than EXTRACT (numeric since PostgreSQL 14), computed once per distinct value.
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT p.start_time,
       DATE_PART('hour', p.start_time), DATE_PART('day', p.start_time), DATE_PART('week', p.start_time),
       DATE_PART('month', p.start_time), DATE_PART('year', p.start_time), DATE_PART('dow', p.start_time)
FROM (SELECT DISTINCT ts AS start_time FROM batch_plays) p
ON CONFLICT (start_time) DO NOTHING;

-- From here on the work is per user and per matched song: few rows found by key, where index probes pay.
SET LOCAL enable_nestloop = on;

-- step: songplays matched by late songs
-- Late songs: the plays kept unmatched by earlier batches that a song or artist of this batch now matches.
-- Only this batch's songs and artists can make a new match: any older one was there when the play came (found as
-- two lists, the batch's songs by key and its artists' songs, rather than by one OR over every song). Each of
-- those songs looks its plays up by the index on (song, artist): a probe per song, not a read of every unmatched
-- play, and not a join of the plays to every artist of the same name (names repeat: millions of rows). OFFSET 0
-- keeps each part a query of its own, so the planner cannot turn the probes back into one join.
UPDATE songplays SET song_id = m.song_id, artist_id = m.artist_id
FROM (SELECT u.start_time, u.user_id, u.session_id, c.song_id, c.artist_id,
             ROW_NUMBER() OVER (PARTITION BY u.start_time, u.user_id, u.session_id
                                ORDER BY c.song_id, c.artist_id) AS rn
      FROM (SELECT s.song_id, s.artist_id, s.title, s.duration, a.name
            FROM songs s JOIN artists a ON a.artist_id = s.artist_id
            WHERE s.song_id IN (SELECT song_id FROM staging_songs)
            UNION
            SELECT s.song_id, s.artist_id, s.title, s.duration, a.name
            FROM songs s JOIN artists a ON a.artist_id = s.artist_id
            WHERE s.artist_id IN (SELECT artist_id FROM staging_songs)
            OFFSET 0) c
      CROSS JOIN LATERAL (SELECT x.start_time, x.user_id, x.session_id FROM songplays_unmatched x
                          WHERE x.song = c.title AND x.artist = c.name AND x.length = c.duration
                          OFFSET 0) u) m
WHERE m.rn = 1 AND songplays.start_time = m.start_time AND songplays.user_id = m.user_id
  AND songplays.session_id = m.session_id AND songplays.song_id IS NULL;

-- The same plays, found the same way, are matched now: by their row addresses.
DELETE FROM songplays_unmatched
WHERE ctid = ANY (ARRAY(SELECT x.ctid
                        FROM (SELECT s.title, s.duration, a.name
                              FROM songs s JOIN artists a ON a.artist_id = s.artist_id
                              WHERE s.song_id IN (SELECT song_id FROM staging_songs)
                              UNION
                              SELECT s.title, s.duration, a.name
                              FROM songs s JOIN artists a ON a.artist_id = s.artist_id
                              WHERE s.artist_id IN (SELECT artist_id FROM staging_songs)
                              OFFSET 0) c
                        CROSS JOIN LATERAL (SELECT y.ctid FROM songplays_unmatched y
                                            WHERE y.song = c.title AND y.artist = c.name
                                              AND y.length = c.duration
                                            OFFSET 0) x));

-- step: songplays_unmatched
-- The batch's plays that matched no song keep their title, artist and length, for a later batch's songs: the plays
-- matched above (this batch's songs were in the star already, so the late-songs step changes none of them).
INSERT INTO songplays_unmatched (start_time, user_id, session_id, song, artist, length)
SELECT ts, userid, sessionid, song, artist, length
FROM batch_plays
WHERE song_id IS NULL AND song IS NOT NULL AND artist IS NOT NULL AND length IS NOT NULL
ON CONFLICT (start_time, user_id, session_id) DO NOTHING;

-- step: user_levels
-- The batch's level observations that are new or beat the stored one at the same (user, ts), with the event's
-- names: one row per user and instant, ranked as the users dimension ranks events. Dropped at commit.
CREATE TEMP TABLE batch_levels (
    user_id         INTEGER,
    ts              TIMESTAMP,
    session_id      INTEGER,
    item_in_session INTEGER,
    level           VARCHAR(16),
    first_name      VARCHAR(256),
    last_name       VARCHAR(256),
    gender          VARCHAR(8)
) ON COMMIT DROP;

INSERT INTO batch_levels (user_id, ts, session_id, item_in_session, level, first_name, last_name, gender)
SELECT w.user_id, w.ts, w.session_id, w.item_in_session, w.level, w.first_name, w.last_name, w.gender
FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.user_id, c.ts
                                     ORDER BY c.session_id DESC NULLS LAST, c.item_in_session DESC NULLS LAST,
                                              c.level, c.src) AS rn
      FROM (SELECT userid AS user_id, ts, sessionid AS session_id, iteminsession AS item_in_session, level,
                   firstname AS first_name, lastname AS last_name, gender, 1 AS src
            FROM staging_events WHERE userid IS NOT NULL AND ts IS NOT NULL
            UNION ALL
            SELECT l.user_id, l.ts, l.session_id, l.item_in_session, l.level, NULL, NULL, NULL, 0
            FROM user_levels l
            JOIN (SELECT DISTINCT userid, ts FROM staging_events) k ON k.userid = l.user_id AND k.ts = l.ts
            -- the batch's users over the batch's time span, by the key: not every stored level
            WHERE l.user_id = ANY (ARRAY(SELECT DISTINCT userid FROM staging_events WHERE userid IS NOT NULL))
              AND l.ts >= (SELECT MIN(ts) FROM staging_events) AND l.ts <= (SELECT MAX(ts) FROM staging_events)) c) w
WHERE w.rn = 1 AND w.src = 1;

-- The users steps' plans need its size and spread, not fine histograms: a sample of 3,000 rows rather than every
-- row of a day's 30 k (a day's ANALYZE 55-60 ms -> 7-10 ms).
SET LOCAL default_statistics_target = 10;
ANALYZE batch_levels;
SET LOCAL default_statistics_target TO DEFAULT;

INSERT INTO user_levels (user_id, ts, session_id, item_in_session, level)
SELECT user_id, ts, session_id, item_in_session, level FROM batch_levels
ON CONFLICT (user_id, ts) DO UPDATE
    SET session_id = EXCLUDED.session_id, item_in_session = EXCLUDED.item_in_session, level = EXCLUDED.level;

-- step: users
-- users: name, gender and level of the user's latest event by ts over all batches: the batch's latest
-- observation wins only when user_levels holds nothing later, so a late, older batch never rolls a user back.
UPDATE users SET first_name = b.first_name, last_name = b.last_name, gender = b.gender, level = b.level
FROM (SELECT user_id, ts, first_name, last_name, gender, level,
             ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn
      FROM batch_levels) b
WHERE b.rn = 1 AND users.user_id = b.user_id
  AND NOT EXISTS (SELECT 1 FROM user_levels l WHERE l.user_id = b.user_id AND l.ts > b.ts);

INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT b.user_id, b.first_name, b.last_name, b.gender, b.level
FROM (SELECT user_id, first_name, last_name, gender, level,
             ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn
      FROM batch_levels) b
WHERE b.rn = 1
ON CONFLICT (user_id) DO NOTHING;

-- step: users_history
-- users_history: per user with new observations, the periods are rebuilt from the one holding the batch's
-- earliest observation (c_from); the period before it (p_from, p_level) is carried as its first observation,
-- so that it is extended when the rebuilt part starts with its level. Before any period: from the start. The
-- observations from c_from up to the batch's earliest (first_ts) all have that period's level (c_level) and none
-- of them changed, so c_from stands for them: a user's old observations are not read again every day.
CREATE TEMP TABLE batch_history_from (
    user_id  INTEGER,
    first_ts TIMESTAMP,
    c_from   TIMESTAMP,
    c_level  VARCHAR(16),
    p_from   TIMESTAMP,
    p_level  VARCHAR(16)
) ON COMMIT DROP;

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
USING batch_history_from r
WHERE users_history.user_id = r.user_id
  AND (r.c_from IS NULL OR users_history.valid_from >= COALESCE(r.p_from, r.c_from));

-- A period starts at each observation whose level differs from the one before (each change shown once).
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
                  WHERE l.ts >= r.first_ts
                    AND l.user_id = ANY (ARRAY(SELECT user_id FROM batch_history_from))
                    AND l.ts >= (SELECT MIN(first_ts) FROM batch_history_from)) o) c
      WHERE c.rn = 1 OR COALESCE(c.previous, '') <> COALESCE(c.level, '')) s
JOIN users u ON u.user_id = s.user_id;

-- Names and gender are not tracked over time (type 1): every period shows the user's current ones.
UPDATE users_history SET first_name = u.first_name, last_name = u.last_name, gender = u.gender
FROM users u
WHERE users_history.user_id = u.user_id
  AND u.user_id IN (SELECT user_id FROM batch_levels)
  AND (COALESCE(users_history.first_name, '') <> COALESCE(u.first_name, '')
       OR COALESCE(users_history.last_name, '') <> COALESCE(u.last_name, '')
       OR COALESCE(users_history.gender, '') <> COALESCE(u.gender, ''));
