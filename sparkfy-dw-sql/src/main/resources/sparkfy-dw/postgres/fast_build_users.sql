-- insert-dw into an EMPTY star, PostgreSQL dialect: the fast full build's second session, run at once with
-- fast_build_plays.sql. Time, user_levels, users and users_history from staging alone, with the rankings of
-- insert_dw.sql, into new tables without keys (see fast_build_plays.sql).

SET LOCAL enable_nestloop = off;

-- step: time
-- time: each distinct play start time, broken down (weekday: 0 = Sunday). Made distinct by a sort, not a hash:
-- 826 k timestamps sort faster than they hash, and go in in key order, from which the key then builds quickly
-- (measured at 1 M events: 1.33-1.55 s -> 0.96-1.42 s, its key 0.22-0.31 s -> 0.15-0.19 s).
SET LOCAL enable_hashagg = off;
INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT p.start_time,
       DATE_PART('hour', p.start_time), DATE_PART('day', p.start_time), DATE_PART('week', p.start_time),
       DATE_PART('month', p.start_time), DATE_PART('year', p.start_time), DATE_PART('dow', p.start_time)
FROM (SELECT DISTINCT ts AS start_time FROM staging_events
      WHERE page = 'NextSong' AND ts IS NOT NULL AND userid IS NOT NULL AND sessionid IS NOT NULL) p;
RESET enable_hashagg;

-- step: levels per user and time
-- Every user's level per event time, one row per (user, ts) ranked as insert_dw ranks them, with each user's
-- neighbours in time from the same sort: the previous level (where a period starts) and the next time (none:
-- the user's latest event, which names the user).
CREATE TEMP TABLE fast_levels ON COMMIT DROP AS
SELECT l.user_id, l.ts, l.session_id, l.item_in_session, l.level, l.first_name, l.last_name, l.gender,
       ROW_NUMBER() OVER w AS nth, LAG(l.level) OVER w AS previous, LEAD(l.ts) OVER w AS next_ts
FROM (SELECT DISTINCT ON (userid, ts)
             userid AS user_id, ts, sessionid AS session_id, iteminsession AS item_in_session, level,
             firstname AS first_name, lastname AS last_name, gender
      FROM staging_events
      WHERE userid IS NOT NULL AND ts IS NOT NULL
      ORDER BY userid, ts, sessionid DESC NULLS LAST, iteminsession DESC NULLS LAST, level) l
WINDOW w AS (PARTITION BY l.user_id ORDER BY l.ts);

-- step: user_levels
INSERT INTO user_levels (user_id, ts, session_id, item_in_session, level)
SELECT user_id, ts, session_id, item_in_session, level
FROM fast_levels;

-- step: users
-- users: name, gender and level of the user's latest event by ts.
INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM fast_levels
WHERE next_ts IS NULL;

-- step: users_history
-- users_history: a period starts at each observation whose level differs from the one before.
INSERT INTO users_history (user_id, level, first_name, last_name, gender, valid_from, valid_to, is_current)
SELECT s.user_id, s.level, u.first_name, u.last_name, u.gender, s.ts, s.valid_to,
       CASE WHEN s.valid_to IS NULL THEN TRUE ELSE FALSE END
FROM (SELECT c.user_id, c.ts, c.level, LEAD(c.ts) OVER (PARTITION BY c.user_id ORDER BY c.ts) AS valid_to
      FROM fast_levels c
      WHERE c.nth = 1 OR COALESCE(c.previous, '') <> COALESCE(c.level, '')) s
JOIN users u ON u.user_id = s.user_id;
