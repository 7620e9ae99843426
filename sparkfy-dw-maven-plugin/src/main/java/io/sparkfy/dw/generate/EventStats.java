package io.sparkfy.dw.generate;

/** What the event logs hold, counted while writing them. */
record EventStats(int logFiles, long nextSongEvents, long matchedPlays, int distinctUsers) {}
