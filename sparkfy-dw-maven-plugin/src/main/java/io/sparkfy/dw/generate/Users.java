package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.DataGenerator.DAY_MS;
import static io.sparkfy.dw.generate.Draws.pick;
import static io.sparkfy.dw.generate.Draws.skewed;

import java.util.SplittableRandom;

/**
 * The app's users, each an index into parallel arrays: at most a thousand, read on every event. A user's level (free
 * or paid) may change during the log, at events chosen when the user is drawn.
 */
final class Users {

    private final String[] id;
    private final String[] firstName;
    private final String[] lastName;
    private final String[] gender;
    private final String[] location;
    private final String[] agent;
    private final String[] registration;
    private final boolean[] paid;
    private final long[][] switchAt; // global event index at which the user next submits an up/downgrade
    private final int[] nextSwitch;
    private final boolean[] inSession;
    private final boolean[] seen;

    private Users(int n) {
        id = new String[n];
        firstName = new String[n];
        lastName = new String[n];
        gender = new String[n];
        location = new String[n];
        agent = new String[n];
        registration = new String[n];
        paid = new boolean[n];
        switchAt = new long[n][];
        nextSwitch = new int[n];
        inSession = new boolean[n];
        seen = new boolean[n];
    }

    /** About one user per 80 events (10 to 1,000), all registered before the first day of the log. */
    static Users draw(SplittableRandom r, long events, long firstDayMs, Vocabulary words) {
        int n = (int) Math.max(10, Math.min(1000, events / 80));
        Users u = new Users(n);
        int nextId = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            u.id[i] = Integer.toString(nextId);
            nextId += r.nextInt(100) < 10 ? 2 : 1; // ids have gaps, as in the real logs
            boolean female = r.nextBoolean();
            u.gender[i] = female ? "F" : "M";
            u.firstName[i] = female ? pick(r, words.femaleFirstNames()) : pick(r, words.maleFirstNames());
            u.lastName[i] = pick(r, words.lastNames());
            u.location[i] = pick(r, words.metroAreas());
            u.agent[i] = words.userAgents().get(skewed(r, words.userAgents().size()));
            u.registration[i] = (firstDayMs - r.nextLong(3_600_000L, 45 * DAY_MS)) + ".0";
            u.drawLevels(i, r, events);
        }
        return u;
    }

    /** One user in ten changes level: free to paid, paid to free, or paid to free to paid. */
    private void drawLevels(int i, SplittableRandom r, long events) {
        int kind = r.nextInt(100);
        if (kind >= 10) {
            paid[i] = kind < 32;
            switchAt[i] = new long[0];
            return;
        }
        double t1 = 0.1 + 0.5 * r.nextDouble();
        int shape = r.nextInt(100);
        if (shape < 60) {
            paid[i] = false;
            switchAt[i] = new long[] {(long) (t1 * events)};
        } else if (shape < 80) {
            paid[i] = true;
            switchAt[i] = new long[] {(long) (t1 * events)};
        } else {
            paid[i] = true;
            double t2 = t1 + 0.1 + 0.25 * r.nextDouble();
            switchAt[i] = new long[] {(long) (t1 * events), (long) (t2 * events)};
        }
    }

    int count() {
        return id.length;
    }

    String id(int u) {
        return id[u];
    }

    String firstName(int u) {
        return firstName[u];
    }

    String lastName(int u) {
        return lastName[u];
    }

    String gender(int u) {
        return gender[u];
    }

    String location(int u) {
        return location[u];
    }

    String agent(int u) {
        return agent[u];
    }

    /** Milliseconds since the epoch, as the logs write it: a float ending in ".0". */
    String registration(int u) {
        return registration[u];
    }

    boolean paid(int u) {
        return paid[u];
    }

    /** Whether the user submits a level change at this event; if so, that change is used up. */
    boolean takeLevelSwitch(int u, long eventIndex) {
        int next = nextSwitch[u];
        if (next < switchAt[u].length && eventIndex >= switchAt[u][next]) {
            nextSwitch[u] = next + 1;
            return true;
        }
        return false;
    }

    void flipLevel(int u) {
        paid[u] = !paid[u];
    }

    boolean inSession(int u) {
        return inSession[u];
    }

    void setInSession(int u, boolean value) {
        inSession[u] = value;
    }

    /** Marks a user who showed up logged in, for the count of distinct users. */
    void markSeen(int u) {
        seen[u] = true;
    }

    int distinctSeen() {
        int distinct = 0;
        for (boolean b : seen) {
            if (b) {
                distinct++;
            }
        }
        return distinct;
    }
}
