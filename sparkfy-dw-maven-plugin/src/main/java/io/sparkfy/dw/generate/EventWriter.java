package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.SampleJson.writeNumberOrNull;
import static io.sparkfy.dw.generate.SampleJson.writeStringOrNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Writes events one at a time, each the next step of an open session: a visitor browses and logs in, a user plays
 * songs, looks around, changes level when due and logs out. Each event is one compact JSON line.
 */
final class EventWriter {

    private static final SerializableString F_ARTIST = new SerializedString("artist");
    private static final SerializableString F_AUTH = new SerializedString("auth");
    private static final SerializableString F_FIRST_NAME = new SerializedString("firstName");
    private static final SerializableString F_GENDER = new SerializedString("gender");
    private static final SerializableString F_ITEM = new SerializedString("itemInSession");
    private static final SerializableString F_LAST_NAME = new SerializedString("lastName");
    private static final SerializableString F_LENGTH = new SerializedString("length");
    private static final SerializableString F_LEVEL = new SerializedString("level");
    private static final SerializableString F_LOCATION = new SerializedString("location");
    private static final SerializableString F_METHOD = new SerializedString("method");
    private static final SerializableString F_PAGE = new SerializedString("page");
    private static final SerializableString F_REGISTRATION = new SerializedString("registration");
    private static final SerializableString F_SESSION = new SerializedString("sessionId");
    private static final SerializableString F_SONG = new SerializedString("song");
    private static final SerializableString F_STATUS = new SerializedString("status");
    private static final SerializableString F_TS = new SerializedString("ts");
    private static final SerializableString F_USER_AGENT = new SerializedString("userAgent");
    private static final SerializableString F_USER_ID = new SerializedString("userId");

    private final SplittableRandom r;
    private final Users users;
    private final Sessions sessions;
    private final Plays plays;

    private long written;
    private long nextSongs;
    private long matchedPlays;

    /** Opens no session yet, but draws the first session id: construct it right after the users are drawn. */
    EventWriter(SplittableRandom r, Users users, Plays plays) {
        this.r = r;
        this.users = users;
        this.plays = plays;
        this.sessions = new Sessions(r, users);
    }

    long written() {
        return written;
    }

    long nextSongs() {
        return nextSongs;
    }

    long matchedPlays() {
        return matchedPlays;
    }

    /** Writes the next event of a session picked at random. */
    void write(JsonGenerator g, long ts) throws IOException {
        int index = sessions.pick();
        Session s = sessions.get(index);
        write(g, s, ts);
        written++;
        sessions.closeIfOver(index);
    }

    private void write(JsonGenerator g, Session s, long ts) throws IOException {
        int u = s.user;
        boolean loggedIn = s.loggedIn; // the event shows the state before its own Login or Logout
        Page page = loggedIn ? pageWhileLoggedIn(s) : pageWhileLoggedOut(s);
        Play play = page == Page.NEXT_SONG ? play() : null;
        writeLine(g, s, loggedIn, page, play, ts);
        s.item++;
        s.remaining--;
        if (loggedIn) {
            users.markSeen(u);
        }
        if (page.changesLevel()) {
            users.flipLevel(u); // after writing: the Submit event itself still shows the old level
        }
    }

    /** A few pages of browsing, then the login. */
    private Page pageWhileLoggedOut(Session s) {
        if (s.browseBeforeLogin > 0) {
            s.browseBeforeLogin--;
            int p = r.nextInt(100);
            return p < 75 ? Page.HOME : p < 90 ? Page.ABOUT : Page.HELP;
        }
        s.loggedIn = true;
        return Page.LOGIN;
    }

    private Page pageWhileLoggedIn(Session s) {
        int u = s.user;
        if (users.takeLevelSwitch(u, written)) {
            return users.paid(u) ? Page.SUBMIT_DOWNGRADE : Page.SUBMIT_UPGRADE;
        }
        Page page = s.remaining == 1 && r.nextInt(100) < 40 ? Page.LOGOUT : browsedPage(users.paid(u));
        if (page == Page.LOGOUT) {
            s.loggedIn = false;
            s.browseBeforeLogin = r.nextInt(2);
        }
        return page;
    }

    /** A logged-in user's next page: mostly songs, now and then another page of the app. */
    private Page browsedPage(boolean paid) {
        int p = r.nextInt(1000);
        if (p < 70) {
            return Page.HOME;
        } else if (p < 82) {
            return Page.SETTINGS;
        } else if (p < 85) {
            return Page.SAVE_SETTINGS;
        } else if (p < 94) {
            return Page.HELP;
        } else if (p < 99) {
            return Page.ABOUT;
        } else if (p < 113) {
            return paid ? Page.DOWNGRADE : Page.UPGRADE;
        } else if (p < 115) {
            return Page.ERROR;
        } else if (p < 123) {
            return Page.LOGOUT;
        }
        return Page.NEXT_SONG;
    }

    private Play play() {
        Play play = plays.next(r);
        nextSongs++;
        if (play.matchesASong()) {
            matchedPlays++;
        }
        return play;
    }

    /** The fields in the sample's order; a logged-out event has no user fields but the level. */
    private void writeLine(JsonGenerator g, Session s, boolean loggedIn, Page page, Play play, long ts)
            throws IOException {
        int u = s.user;
        g.writeStartObject();
        g.writeFieldName(F_ARTIST);
        writeStringOrNull(g, play == null ? null : play.artist());
        g.writeFieldName(F_AUTH);
        g.writeString(loggedIn ? "Logged In" : "Logged Out");
        g.writeFieldName(F_FIRST_NAME);
        writeStringOrNull(g, loggedIn ? users.firstName(u) : null);
        g.writeFieldName(F_GENDER);
        writeStringOrNull(g, loggedIn ? users.gender(u) : null);
        g.writeFieldName(F_ITEM);
        g.writeNumber(s.item);
        g.writeFieldName(F_LAST_NAME);
        writeStringOrNull(g, loggedIn ? users.lastName(u) : null);
        g.writeFieldName(F_LENGTH);
        writeNumberOrNull(g, play == null ? null : play.length());
        g.writeFieldName(F_LEVEL);
        g.writeString(users.paid(u) ? "paid" : "free");
        g.writeFieldName(F_LOCATION);
        writeStringOrNull(g, loggedIn ? users.location(u) : null);
        g.writeFieldName(F_METHOD);
        g.writeString(page.method);
        g.writeFieldName(F_PAGE);
        g.writeString(page.text);
        g.writeFieldName(F_REGISTRATION);
        writeNumberOrNull(g, loggedIn ? users.registration(u) : null);
        g.writeFieldName(F_SESSION);
        g.writeNumber(s.id);
        g.writeFieldName(F_SONG);
        writeStringOrNull(g, play == null ? null : play.song());
        g.writeFieldName(F_STATUS);
        g.writeNumber(page.status);
        g.writeFieldName(F_TS);
        g.writeNumber(ts);
        g.writeFieldName(F_USER_AGENT);
        writeStringOrNull(g, loggedIn ? users.agent(u) : null);
        g.writeFieldName(F_USER_ID);
        g.writeString(loggedIn ? users.id(u) : "");
        g.writeEndObject();
    }
}
