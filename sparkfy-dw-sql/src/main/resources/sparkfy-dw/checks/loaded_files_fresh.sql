-- freshness: loads
-- description: the newest file loaded into staging (sparkfy_dw_loaded_files.loaded_at, UTC) is recent
SELECT MAX(loaded_at) AS newest_load
FROM sparkfy_dw_loaded_files
