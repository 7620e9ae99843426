package io.sparkfy.dw.generate;

/** The app's pages as the logs name them, with the request each one is. */
enum Page {
    HOME("Home", "GET", 200),
    ABOUT("About", "GET", 200),
    HELP("Help", "GET", 200),
    SETTINGS("Settings", "GET", 200),
    UPGRADE("Upgrade", "GET", 200),
    DOWNGRADE("Downgrade", "GET", 200),
    ERROR("Error", "GET", 404),
    LOGIN("Login", "PUT", 307),
    LOGOUT("Logout", "PUT", 307),
    SAVE_SETTINGS("Save Settings", "PUT", 307),
    SUBMIT_UPGRADE("Submit Upgrade", "PUT", 307),
    SUBMIT_DOWNGRADE("Submit Downgrade", "PUT", 307),
    NEXT_SONG("NextSong", "PUT", 200);

    final String text;
    final String method;
    final int status;

    Page(String text, String method, int status) {
        this.text = text;
        this.method = method;
        this.status = status;
    }

    boolean changesLevel() {
        return this == SUBMIT_UPGRADE || this == SUBMIT_DOWNGRADE;
    }
}
