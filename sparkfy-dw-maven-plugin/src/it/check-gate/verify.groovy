// The check goal's JUnit XML as a real consumer reads it: maven-surefire-report-plugin's report-only turned
// target/sparkfy-dw/check-reports into target/reports/surefire.html in the first invocation; the second one gated.
def log = new File(basedir, 'build.log').text

// Invocation 1: a line per check, the failing rows, the summary, and the build going on (failOnError=false).
assert log.contains('[INFO] check songplays_key_unique ........... passed (')
assert log.contains('[WARNING] check busy_listeners ................. warned, 3 failing rows: few play more than 550 songs a month')
assert log.contains('[ERROR] check heavy_listeners ................ FAILED, 2 failing rows: nobody plays more than 650 songs a month')
assert log.contains('[ERROR]     49      | 689\n[ERROR]     80      | 665')
assert log.contains('[INFO] check: 24 checks: 21 passed, 2 warned, 1 FAILED, 0 errors in ')
assert log.contains('the build goes on: sparkfy.failOnError is false')

// The consumer's page: the summary, one class per origin, the failed check with its rows.
def page = new File(basedir, 'target/reports/surefire.html')
assert page.isFile() : 'surefire-report wrote no page'
def html = page.text
def text = html.replaceAll(/(?s)<script.*?<\/script>/, ' ').replaceAll(/<[^>]+>/, ' ')
        .replace('&#160;', ' ').replace('&nbsp;', ' ').replaceAll(/\s+/, ' ')
assert text.contains('Tests Errors Failures Skipped Success Rate Time 24 0 1 0 95.8%') : text
assert text.contains('shipped 22 0 0 0 100%') : text
assert text.contains('project 2 0 1 0 50.0%') : text
assert html.contains('<a href="#sparkfy-dw.checks.project.heavy_listeners">heavy_listeners</a>')
assert text.contains('sparkfy-dw.check.error: 2 failing rows: nobody plays more than 650 songs a month') : text
assert html.contains('user_id | plays\n--------+------\n49      | 689\n80      | 665\n')
['songplays_key_unique', 'users_history_one_current_row', 'loaded_files_fresh', 'busy_listeners'].each {
    assert html.contains('>' + it + '<') : "no test case ${it} in the page"
}

// The analysts' report shows the last checks.
def report = new File(basedir, 'target/sparkfy-dw/report/index.html').text
assert report.contains('<h2>Checks (last run)</h2>')
assert report.contains('<td>heavy_listeners</td><td>FAILED</td><td class="num">2</td><td>error</td>')

// Invocation 2: the same checks gate the build: it fails on the error check, in one [ERROR] line.
assert log.contains('[ERROR] Failed to execute goal io.sparkfy:sparkfy-dw-maven-plugin:' + log.find(/sparkfy-dw-maven-plugin:([^:]+):check/) { m, v -> v } + ':check (default-cli) on project check-gate: check: 1 of 24 checks failed: heavy_listeners (2 failing rows); see ')
def xml = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/sparkfy-dw/check-reports/TEST-sparkfy-dw.checks.xml'))
assert xml.@tests == '24' && xml.@failures == '1' && xml.@errors == '0'
assert xml.testcase.find { it.@name == 'busy_listeners' }.'system-out'.text().startsWith('WARNED, 3 failing rows: few play more than 550 songs a month\nuser_id | plays')
return true
