// The counts the foundation issue gives for the public sample, read from the query goal's table.
def log = new File(basedir, 'build.log').text
def header = 'staging_events | staging_songs | songplays | matched | users | songs | artists | time'
assert log.contains(header) : "the counts table is missing from the build log"
def row = log.readLines().find { it.matches(/\[INFO\] 8056\s+\|.*/) }
assert row != null : "no counts row starting with 8056 staging events"
def values = row.replace('[INFO] ', '').split(/\s*\|\s*/)*.trim()
assert values == ['8056', '71', '6820', '1', '97', '71', '69', '6813'] : "counts were ${values}"
// The second etl wrote nothing new.
assert log.contains('songplays: 0 rows written, 6,820 in total')
assert log.contains('time: 0 rows written, 6,813 in total')
assert log.contains('BUILD SUCCESS')
// The report goal wrote a self-contained page with its charts' data.
def report = new File(basedir, 'target/sparkfy-dw/report/index.html')
assert report.isFile() : 'no report'
def html = report.getText('UTF-8')
assert html.contains('data-chart="plays_per_hour"') || html.contains('data-chart=') : 'no chart in the report'
assert !html.contains('https://') && !html.contains('http://') : 'the report loads something from the network'
assert new File(basedir, 'target/sparkfy-dw/report/report.json').text.contains('6820')
return true
