package io.sparkfy.dw.generate;

/** An artist as its song files show it; latitude and longitude are both null or both set. */
record Artist(String id, String name, String latitude, String longitude, String location) {}
