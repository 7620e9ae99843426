// Built from this folder with -f other/pom.xml: everything was read and written under other/, nothing here.
def log = new File(basedir, 'build.log').text
assert !log.contains('must not contain child elements') : 'generate-data took <events>/<songs> for its own'
def other = new File(basedir, 'other')
assert new File(other, 'data/song_data').isDirectory() : 'generate-data did not write other/data'
assert !new File(basedir, 'data').exists() : 'generate-data wrote into the shell folder'
assert log.contains('staging_events: 900 rows from') : 'the events were not loaded from other/data'
// The JSONPaths file named by other/dwh.cfg, read from other/.
assert log.contains('log_json_path.json') : 'no JSONPaths file named'
def lines = log.readLines()
def header = lines.findIndexOf { it.matches(/\[INFO\] events\s+\| songs/) }
assert header >= 0 : 'no query result'
assert lines[header + 2].matches(/\[INFO\] 900\s+\| 40/) : lines[header + 2]
assert new File(other, 'report/index.html').isFile() : 'the report is not in other/report'
assert new File(other, 'target/sparkfy-dw/pgdata/PG_VERSION').isFile() : 'the embedded warehouse is not in other/target'
// (Maven 4 keeps its project-local-repo in ./target: the folder it takes for the root; nothing of the plugin's.)
assert !new File(basedir, 'target/sparkfy-dw').exists() : 'the plugin wrote into the shell folder\'s target'
assert !new File(basedir, 'report').exists()
return true
