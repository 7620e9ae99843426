package io.sparkfy.dw.generate;

/** One song file's content; the duration is the number's text, year 0 means unknown (as in the sample). */
record Song(String trackId, String songId, String title, String duration, int year, Artist artist) {}
