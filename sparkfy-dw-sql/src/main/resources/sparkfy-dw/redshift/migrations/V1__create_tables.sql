-- sparkfy-dw schema, Amazon Redshift dialect.
-- Column names, order and types match postgres/create_tables.sql. Redshift enforces neither primary keys nor
-- unique constraints (the planner uses them as hints), so deduplication lives in insert_dw.sql.
--
-- Distribution, for the analysts' join pattern (songplays joined to every dimension):
--  * songplays is the only table that grows with traffic. It is distributed on start_time, which is nearly
--    unique, so rows spread evenly over the slices. song_id would co-locate the songs join but is NULL for most
--    plays (most plays match no song), and user_id has few values: both would skew. Sorted on start_time, since
--    analysts filter by time ranges and zone maps then skip blocks.
--  * time has one row per distinct start_time, as many as songplays: it cannot be copied to every node, so it is
--    distributed on the same key as songplays and the join stays local.
--  * users, songs and artists are small, slowly changing dimensions: DISTSTYLE ALL puts a copy on every node,
--    so joins to them never move data.
--  * staging tables are rewritten by every load: EVEN lets COPY spread rows without a key.

CREATE TABLE IF NOT EXISTS staging_events (
    artist          VARCHAR(512),
    auth            VARCHAR(32),
    firstname       VARCHAR(256),
    gender          VARCHAR(8),
    iteminsession   INTEGER,
    lastname        VARCHAR(256),
    length          DOUBLE PRECISION,
    level           VARCHAR(16),
    location        VARCHAR(512),
    method          VARCHAR(16),
    page            VARCHAR(64),
    registration    NUMERIC(18,1),
    sessionid       INTEGER,
    song            VARCHAR(512),
    status          SMALLINT,
    ts              TIMESTAMP,
    useragent       VARCHAR(512),
    userid          INTEGER
)
DISTSTYLE EVEN;

CREATE TABLE IF NOT EXISTS staging_songs (
    num_songs        INTEGER,
    artist_id        VARCHAR(32),
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  VARCHAR(512),
    artist_name      VARCHAR(512),
    song_id          VARCHAR(32),
    title            VARCHAR(512),
    duration         DOUBLE PRECISION,
    year             SMALLINT
)
DISTSTYLE EVEN;

CREATE TABLE IF NOT EXISTS songplays (
    songplay_id BIGINT IDENTITY(0, 1) PRIMARY KEY,
    start_time  TIMESTAMP    NOT NULL,
    user_id     INTEGER      NOT NULL,
    level       VARCHAR(16),
    song_id     VARCHAR(32),
    artist_id   VARCHAR(32),
    session_id  INTEGER      NOT NULL,
    location    VARCHAR(512),
    user_agent  VARCHAR(512),
    UNIQUE (start_time, user_id, session_id)
)
DISTSTYLE KEY DISTKEY (start_time) SORTKEY (start_time);

CREATE TABLE IF NOT EXISTS users (
    user_id    INTEGER PRIMARY KEY,
    first_name VARCHAR(256),
    last_name  VARCHAR(256),
    gender     VARCHAR(8),
    level      VARCHAR(16)
)
DISTSTYLE ALL SORTKEY (user_id);

CREATE TABLE IF NOT EXISTS songs (
    song_id   VARCHAR(32) PRIMARY KEY,
    title     VARCHAR(512),
    artist_id VARCHAR(32),
    year      SMALLINT,
    duration  DOUBLE PRECISION
)
DISTSTYLE ALL SORTKEY (song_id);

CREATE TABLE IF NOT EXISTS artists (
    artist_id VARCHAR(32) PRIMARY KEY,
    name      VARCHAR(512),
    location  VARCHAR(512),
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
)
DISTSTYLE ALL SORTKEY (artist_id);

CREATE TABLE IF NOT EXISTS time (
    start_time TIMESTAMP PRIMARY KEY,
    hour       SMALLINT,
    day        SMALLINT,
    week       SMALLINT,
    month      SMALLINT,
    year       SMALLINT,
    weekday    SMALLINT
)
DISTSTYLE KEY DISTKEY (start_time) SORTKEY (start_time);
