-- V3: an incremental star (see postgres/migrations/V3__incremental_star.sql for what each table is for). Redshift
-- has no indexes: the side tables are distributed and sorted on the user or the play key they are looked up by.

CREATE TABLE IF NOT EXISTS user_levels (
    user_id         INTEGER   NOT NULL,
    ts              TIMESTAMP NOT NULL,
    session_id      INTEGER,
    item_in_session INTEGER,
    level           VARCHAR(16),
    PRIMARY KEY (user_id, ts)
)
DISTSTYLE KEY DISTKEY (user_id) SORTKEY (user_id, ts);

CREATE TABLE IF NOT EXISTS users_history (
    user_id    INTEGER   NOT NULL,
    level      VARCHAR(16),
    first_name VARCHAR(256),
    last_name  VARCHAR(256),
    gender     VARCHAR(8),
    valid_from TIMESTAMP NOT NULL,
    valid_to   TIMESTAMP,
    is_current BOOLEAN   NOT NULL,
    PRIMARY KEY (user_id, valid_from)
)
DISTSTYLE ALL SORTKEY (user_id, valid_from);

CREATE TABLE IF NOT EXISTS songplays_unmatched (
    start_time TIMESTAMP NOT NULL,
    user_id    INTEGER   NOT NULL,
    session_id INTEGER   NOT NULL,
    song       VARCHAR(512),
    artist     VARCHAR(512),
    length     DOUBLE PRECISION,
    PRIMARY KEY (start_time, user_id, session_id)
)
DISTSTYLE KEY DISTKEY (start_time) SORTKEY (song);

-- Backfill from what the warehouse holds: the plays (their level at start_time) and the last staging load, which
-- also has the other events and their item in session; per (user, ts) the same ranking as insert_dw.
INSERT INTO user_levels (user_id, ts, session_id, item_in_session, level)
SELECT o.user_id, o.ts, o.session_id, o.item_in_session, o.level
FROM (SELECT c.user_id, c.ts, c.session_id, c.item_in_session, c.level,
             ROW_NUMBER() OVER (PARTITION BY c.user_id, c.ts
                                ORDER BY c.session_id DESC NULLS LAST, c.item_in_session DESC NULLS LAST,
                                         c.level) AS rn
      FROM (SELECT userid AS user_id, ts, sessionid AS session_id, iteminsession AS item_in_session, level
            FROM staging_events WHERE userid IS NOT NULL AND ts IS NOT NULL
            UNION ALL
            SELECT user_id, start_time, session_id, CAST(NULL AS INTEGER), level FROM songplays) c) o
WHERE o.rn = 1
  AND NOT EXISTS (SELECT 1 FROM user_levels l WHERE l.user_id = o.user_id AND l.ts = o.ts);

-- Every user's periods: one per change of level by ts, names and gender the user's current ones.
INSERT INTO users_history (user_id, level, first_name, last_name, gender, valid_from, valid_to, is_current)
SELECT s.user_id, s.level, u.first_name, u.last_name, u.gender, s.ts, s.valid_to,
       CASE WHEN s.valid_to IS NULL THEN TRUE ELSE FALSE END
FROM (SELECT c.user_id, c.ts, c.level, LEAD(c.ts) OVER (PARTITION BY c.user_id ORDER BY c.ts) AS valid_to
      FROM (SELECT l.user_id, l.ts, l.level,
                   ROW_NUMBER() OVER (PARTITION BY l.user_id ORDER BY l.ts) AS rn,
                   LAG(l.level) OVER (PARTITION BY l.user_id ORDER BY l.ts) AS previous
            FROM user_levels l) c
      WHERE c.rn = 1 OR COALESCE(c.previous, '') <> COALESCE(c.level, '')) s
JOIN users u ON u.user_id = s.user_id
WHERE NOT EXISTS (SELECT 1 FROM users_history h WHERE h.user_id = s.user_id);

-- The unmatched plays whose event the last staging load still holds, for songs that arrive later. Plays whose
-- event is gone can no longer be matched: a full reload of their logs brings them back.
INSERT INTO songplays_unmatched (start_time, user_id, session_id, song, artist, length)
SELECT p.start_time, p.user_id, p.session_id, p.song, p.artist, p.length
FROM (SELECT f.start_time, f.user_id, f.session_id, e.song, e.artist, e.length,
             ROW_NUMBER() OVER (PARTITION BY f.start_time, f.user_id, f.session_id
                                ORDER BY e.iteminsession, e.level, e.song, e.artist, e.length) AS rn
      FROM songplays f
      JOIN staging_events e ON e.ts = f.start_time AND e.userid = f.user_id AND e.sessionid = f.session_id
      WHERE f.song_id IS NULL AND e.page = 'NextSong'
        AND e.song IS NOT NULL AND e.artist IS NOT NULL AND e.length IS NOT NULL) p
WHERE p.rn = 1
  AND NOT EXISTS (SELECT 1 FROM songplays_unmatched u
                  WHERE u.start_time = p.start_time AND u.user_id = p.user_id AND u.session_id = p.session_id);
