// The README's commands with no POM: prefix goals found through settings.xml's pluginGroup, data written, loaded and
// read in this folder (data/, ./target/sparkfy-dw/pgdata).
def log = new File(basedir, 'build.log').text
assert !log.contains('No plugin found for prefix') : 'the prefix did not resolve'
assert new File(basedir, 'data/song_data').isDirectory() : 'generate-data wrote nothing here'
assert log.contains('staging_events: 900 rows from') : 'the generated events were not loaded'
def lines = log.readLines()
def header = lines.findIndexOf { it.matches(/\[INFO\] events\s+\| songs/) }
assert header >= 0 : 'no query result'
assert lines[header + 2].matches(/\[INFO\] 900\s+\| 40/) : lines[header + 2]
assert new File(basedir, 'target/sparkfy-dw/pgdata/PG_VERSION').isFile() : 'the embedded warehouse is not in ./target'
return true
