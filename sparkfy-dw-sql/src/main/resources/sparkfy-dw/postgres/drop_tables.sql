-- Drops every sparkfy-dw table (drop-tables, and create-tables -Dsparkfy.recreate=true).
DROP TABLE IF EXISTS staging_events;
DROP TABLE IF EXISTS staging_songs;
DROP TABLE IF EXISTS songplays;
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS songs;
DROP TABLE IF EXISTS artists;
DROP TABLE IF EXISTS time;
DROP TABLE IF EXISTS users_history;
DROP TABLE IF EXISTS user_levels;
DROP TABLE IF EXISTS songplays_unmatched;
DROP TABLE IF EXISTS sparkfy_dw_loaded_files;
DROP TABLE IF EXISTS sparkfy_dw_staging_state;
DROP TABLE IF EXISTS sparkfy_dw_schema_history;
DROP TABLE IF EXISTS sparkfy_dw_run_tables;
DROP TABLE IF EXISTS sparkfy_dw_runs;
