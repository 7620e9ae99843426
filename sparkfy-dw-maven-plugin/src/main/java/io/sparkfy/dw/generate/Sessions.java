package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.Draws.skewed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sessions open at a time (up to 40, a user in at most one): each event goes to one of them at random, so their
 * events interleave in the log as in the real one.
 */
final class Sessions {

    private final SplittableRandom r;
    private final Users users;
    private final int maxOpen;
    private final List<Session> open = new ArrayList<>();
    private int nextId;

    Sessions(SplittableRandom r, Users users) {
        this.r = r;
        this.users = users;
        this.maxOpen = Math.max(1, Math.min(40, users.count() / 4));
        this.nextId = 1 + r.nextInt(20);
    }

    /** The index of the session that gets the next event; now and then a new session is opened first. */
    int pick() {
        if (open.isEmpty() || (open.size() < maxOpen && r.nextInt(8) == 0)) {
            open.add(start(nextId++));
        }
        return r.nextInt(open.size());
    }

    Session get(int index) {
        return open.get(index);
    }

    /** Closes the session at this index if it has no events left (the last one takes its place). */
    void closeIfOver(int index) {
        Session s = open.get(index);
        if (s.remaining > 0) {
            return;
        }
        users.setInSession(s.user, false);
        Session last = open.remove(open.size() - 1);
        if (index < open.size()) {
            open.set(index, last);
        }
    }

    private Session start(int sessionId) {
        int user;
        do {
            user = skewed(r, users.count()); // some users are much more active
        } while (users.inSession(user));
        users.setInSession(user, true);
        Session s = new Session(user, sessionId);
        s.remaining = 1 + (int) (-Math.log(1.0 - r.nextDouble()) * 16);
        if (r.nextInt(100) < 20) {
            s.loggedIn = false;
            s.browseBeforeLogin = r.nextInt(3);
        } else {
            s.loggedIn = true;
        }
        return s;
    }
}
