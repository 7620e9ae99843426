-- insert-dw into an EMPTY star (the first load, a reload into a recreated schema): the fast full build, PostgreSQL
-- dialect, before its sessions start. The statistics of the staging table both sessions read: each goal starts a
-- fresh embedded server, where autovacuum has never analyzed what load-stg wrote, and a planner guessing a few
-- hundred rows sizes its sorts and hashes for them (they spill). staging_songs, which only fast_build_plays
-- reads, is analyzed there, beside the other session's work.
ANALYZE staging_events;
