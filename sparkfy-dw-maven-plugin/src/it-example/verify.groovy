// The example project, copied unchanged and built with `mvn clean verify` on Maven 4 (the README's first command
// runs it on the Maven of the wrapper): every bound goal ran and said what it did.
// The invoker runs a hook script given by a relative path with basedir set to the script's own folder
// (src/it-example): the built copy is the one the example-project-maven4 execution cloned.
def project = new File(basedir, '../../target/example-maven4/example-project').canonicalFile
def log = new File(project, 'build.log').text
assert log =~ /create-tables done on the embedded PostgreSQL/ : 'create-tables did not run'
assert log =~ /load-stg done on the embedded PostgreSQL/ : 'load-stg did not run'
assert log =~ /insert-dw done on the embedded PostgreSQL/ : 'insert-dw did not run'
def checks = (log =~ /check: (\d+) checks: (\d+) passed, (\d+) warned, 0 FAILED, 0 errors/)
assert checks.find() : 'the check goal gave no clean summary'
assert checks.group(1) as int >= 22 : "only ${checks.group(1)} checks ran"
def report = new File(project, 'target/sparkfy-dw/report/index.html')
assert report.isFile() && report.text.contains('Plays per day') : 'no report'
assert log.contains('BUILD SUCCESS')
