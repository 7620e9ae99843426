-- V5: the run history. One row per run of a goal that changes the warehouse (create-tables, load-stg, insert-dw,
-- and so etl's two steps), written by the plugin: in the goal's own transaction when it succeeds, so it commits
-- with the work; after the rollback, in a short transaction of its own, when it fails. drop-tables drops it with
-- everything else. The history goal prints it; the report's Loads section reads it.
CREATE TABLE IF NOT EXISTS sparkfy_dw_runs (
    run_id         VARCHAR(36)   NOT NULL,   -- a UUID the plugin draws, also in its log
    goal           VARCHAR(32)   NOT NULL,
    started        TIMESTAMP     NOT NULL,   -- UTC, as every time the warehouse keeps
    finished       TIMESTAMP     NOT NULL,
    status         VARCHAR(16)   NOT NULL,   -- success or failed
    run_by         VARCHAR(128),             -- the OS user of the build
    plugin_version VARCHAR(64),
    sql_version    VARCHAR(64),              -- the sparkfy-dw-sql artifact
    schema_version INTEGER,                  -- its latest migration, the one the warehouse is at
    files          INTEGER,                  -- files read; NULL when the warehouse read them, or none were
    rejections     BIGINT,                   -- records skipped under MAXERROR; NULL when not counted
    error          VARCHAR(4096),            -- a failed run's message, secrets masked
    PRIMARY KEY (run_id)
);

-- The rows each run wrote, per table, in the order it wrote them (a failed run wrote none).
CREATE TABLE IF NOT EXISTS sparkfy_dw_run_tables (
    run_id         VARCHAR(36)   NOT NULL,
    position       SMALLINT      NOT NULL,
    table_name     VARCHAR(128)  NOT NULL,
    row_count      BIGINT        NOT NULL,
    PRIMARY KEY (run_id, position)
);
