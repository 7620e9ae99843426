// Each dry run prints the COPY text of both staging tables; a run's text starts at "[dry run] load-stg".
def log = new File(basedir, 'build.log').text
def runs = log.split(/\[INFO\] \[dry run\] load-stg/).drop(1)
assert runs.size() == 2 : "expected two dry runs of load-stg, found ${runs.size()}"

// The MAXERROR line of one table's COPY, or null: the COPY text runs from "COPY <table>" to its ';'.
def maxError = { String run, String table ->
    def start = run.indexOf("COPY \"${table}\"")
    assert start >= 0 : "no COPY text for ${table}"
    def copy = run.substring(start, run.indexOf(';', start))
    def m = copy =~ /MAXERROR (\d+)/
    m.find() ? m.group(1) : null
}

assert maxError(runs[0], 'staging_events') == '2' : 'events: the plugin-wide <maxError>'
assert maxError(runs[0], 'staging_songs') == '5' : 'songs: its own <songs><maxError> over the plugin-wide value'
assert maxError(runs[1], 'staging_events') == '7' : '-Dsparkfy.maxError over the POM'
assert maxError(runs[1], 'staging_songs') == '7' : '-Dsparkfy.maxError over <songs><maxError>'
assert log.contains('emulated') : 'the embedded dry run marks its COPY text as emulated'
return true
