-- How many plays matched a song of the catalogue (title, artist and length): the top songs and artists count only those.
SELECT COUNT(*) AS plays, COUNT(sp.song_id) AS matched_plays
FROM songplays sp
