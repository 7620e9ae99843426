def log = new File(basedir, 'build.log').text
// The good load committed; the bad one names the file, line and column, in one [ERROR] line, no stack trace.
assert log.contains('staging_songs: 71 rows from 71 files')
def error = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert error != null : 'no [ERROR] line'
assert error.contains('x/b.json, line 2, column ') : error
assert error.contains('malformed JSON') : error
// exactly one line of reason: the next line is Maven's own pointer, not more of the cause
def next = log.readLines()[log.readLines().indexOf(error) + 1]
assert next.startsWith('[ERROR] -> [Help') || next.trim() == '[ERROR]' : next
assert error.count('Unexpected character') == 1 : error
assert !log.contains('\tat io.sparkfy') && !log.contains('    at io.sparkfy') : 'a stack trace was printed without -e'
return true
