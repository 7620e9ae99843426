def log = new File(basedir, 'build.log').text
assert log.contains("sparkfy.serverId: settings.xml has no <server> with id 'no-such-server'")
assert log.contains('cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:9/dw')
// even with -X (debug output, stack traces) the password stays out of the log
assert !log.contains('It-Secret-Passw0rd') : 'the settings.xml password leaked into the build log'
return true
