package io.sparkfy.dw.generate;

/** One user's visit to the app: its events so far and to come, and whether the user is logged in. */
final class Session {

    final int user;
    final int id;
    /** itemInSession of the next event */
    int item;
    int remaining;
    boolean loggedIn;
    /** pages a logged-out visitor looks at before logging in */
    int browseBeforeLogin;

    Session(int user, int id) {
        this.user = user;
        this.id = id;
    }
}
