-- V6: what staging holds, and whether the star has it. One row per staging table: the load (the ledger's run id)
-- whose rows the table holds and how many, written by load-stg in its transaction whenever it replaces the table;
-- and the insert-dw run that merged those rows into the star, NULL until one does. insert-dw leaves out the steps
-- whose staging a run has merged already (with nothing new at all it writes nothing and reads no star table); a
-- table whose row count is not what its load stored is merged again, as before this table.
CREATE TABLE IF NOT EXISTS sparkfy_dw_staging_state (
    table_name    VARCHAR(127) NOT NULL,
    load_run_id   VARCHAR(36)  NOT NULL,
    rows_loaded   BIGINT       NOT NULL,
    loaded_at     TIMESTAMP    NOT NULL,
    merged_run_id VARCHAR(36),
    merged_at     TIMESTAMP,
    PRIMARY KEY (table_name)
);

-- The late songs find their unmatched plays by title and artist together: generated and real titles repeat ("Intro"),
-- so by title alone a day's songs read a good part of every unmatched play kept.
DROP INDEX IF EXISTS songplays_unmatched_song;
CREATE INDEX IF NOT EXISTS songplays_unmatched_song_artist ON songplays_unmatched (song, artist);
