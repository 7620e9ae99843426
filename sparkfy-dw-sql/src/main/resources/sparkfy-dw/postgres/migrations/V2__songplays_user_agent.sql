-- V2: what the facts say about users' systems. Browser, OS and device parsed from the user agent, in SQL both
-- targets run (CASE over LIKE, first match wins; the same expressions fill new plays in insert_dw.sql), and
-- backfilled here for the plays already loaded.
ALTER TABLE songplays ADD COLUMN IF NOT EXISTS browser VARCHAR(32);
ALTER TABLE songplays ADD COLUMN IF NOT EXISTS os VARCHAR(32);
ALTER TABLE songplays ADD COLUMN IF NOT EXISTS device VARCHAR(16);

UPDATE songplays
SET browser = CASE WHEN user_agent IS NULL THEN NULL
            WHEN user_agent LIKE '%Edg/%' OR user_agent LIKE '%Edge/%' THEN 'Edge'
            WHEN user_agent LIKE '%OPR/%' OR user_agent LIKE '%Opera%' THEN 'Opera'
            WHEN user_agent LIKE '%Firefox/%' THEN 'Firefox'
            WHEN user_agent LIKE '%Chrome/%' OR user_agent LIKE '%CriOS/%' THEN 'Chrome'
            WHEN user_agent LIKE '%Safari/%' THEN 'Safari'
            WHEN user_agent LIKE '%MSIE %' OR user_agent LIKE '%Trident/%' THEN 'Internet Explorer'
            ELSE 'Other' END,
    os = CASE WHEN user_agent IS NULL THEN NULL
            WHEN user_agent LIKE '%Windows%' THEN 'Windows'
            WHEN user_agent LIKE '%iPhone%' OR user_agent LIKE '%iPad%' OR user_agent LIKE '%iPod%' THEN 'iOS'
            WHEN user_agent LIKE '%Android%' THEN 'Android'
            WHEN user_agent LIKE '%CrOS%' THEN 'Chrome OS'
            WHEN user_agent LIKE '%Macintosh%' OR user_agent LIKE '%Mac OS X%' THEN 'macOS'
            WHEN user_agent LIKE '%Linux%' THEN 'Linux'
            ELSE 'Other' END,
    device = CASE WHEN user_agent IS NULL THEN NULL
            WHEN user_agent LIKE '%iPad%' OR user_agent LIKE '%Tablet%' THEN 'tablet'
            WHEN user_agent LIKE '%Mobile%' OR user_agent LIKE '%iPhone%' OR user_agent LIKE '%Android%' THEN 'mobile'
            ELSE 'desktop' END;
