// Three Maven processes, one warehouse: the data loaded by the first is transformed by the second and read by the third.
def log = new File(basedir, 'build.log').text
assert log.contains('staging_events: 8,056 rows from 30 files') : 'first run did not load'
assert log.contains('songplays: 6,820 rows written, 6,820 in total') : 'second run did not transform the first run\'s staging'
def lines = log.readLines()
def header = lines.findIndexOf { it.matches(/\[INFO\] plays\s+\| users/) }
assert header >= 0 : 'no query result'
assert lines[header + 2].matches(/\[INFO\] 6820\s+\| 97/) : lines[header + 2]
assert new File(basedir, 'target/sparkfy-dw/pgdata/PG_VERSION').isFile()
return true
