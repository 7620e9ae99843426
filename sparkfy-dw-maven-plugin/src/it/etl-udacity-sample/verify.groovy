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
return true
