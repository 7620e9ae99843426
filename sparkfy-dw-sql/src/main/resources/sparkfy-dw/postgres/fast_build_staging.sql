-- insert-dw into an EMPTY star (the first load, a reload into a recreated schema): the fast full build, PostgreSQL
-- dialect, before its sessions start. The statistics of the staging table both sessions read: each goal starts a
-- fresh embedded server, where autovacuum has never analyzed what load-stg wrote, and a planner guessing a few
-- hundred rows sizes its sorts and hashes for them (they spill). staging_songs, which only fast_build_plays
-- reads, is analyzed there, beside the other session's work.
-- The plans need sizes (rows, distinct values), not fine histograms: a sample of 3,000 rows rather than 30,000,
-- which on a wide table reads about every page (0.05 s rather than 0.5 s for 1 M events).
SET LOCAL default_statistics_target = 10;
ANALYZE staging_events;
