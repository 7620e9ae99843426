package io.sparkfy.dw.generate;

/** What a NextSong event shows: title, artist, length (the number's text), and whether a song file has it. */
record Play(String song, String artist, String length, boolean matchesASong) {}
