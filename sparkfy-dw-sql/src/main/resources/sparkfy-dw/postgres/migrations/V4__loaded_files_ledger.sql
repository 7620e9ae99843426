-- V4: the load ledger. One row per source object a load-stg has put into staging: which table, from which
-- source location, the object (its name relative to the location), its size and version (S3's ETag, a local
-- file's modification time), the rows it gave and the records rejected from it, the run that loaded it and when.
-- load-stg loads only the objects this table does not hold, or holds with another size or version; the rows are
-- written in the load's own transaction, so a failed load changes neither staging nor the ledger.
CREATE TABLE IF NOT EXISTS sparkfy_dw_loaded_files (
    table_name      VARCHAR(127)  NOT NULL,
    source_location VARCHAR(1024) NOT NULL,
    object_key      VARCHAR(1024) NOT NULL,
    object_size     BIGINT        NOT NULL,
    object_version  VARCHAR(128),
    rows_loaded     BIGINT        NOT NULL,
    rows_rejected   BIGINT        NOT NULL,
    run_id          VARCHAR(36)   NOT NULL,
    loaded_at       TIMESTAMP     NOT NULL,
    PRIMARY KEY (table_name, source_location, object_key)
);
