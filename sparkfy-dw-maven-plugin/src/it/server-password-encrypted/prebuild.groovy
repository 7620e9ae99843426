import io.sparkfy.dw.Log
import io.sparkfy.dw.testing.EmbeddedWarehouse

// Before the builds, in the invoker's JVM (addTestClassPath): a PostgreSQL on which it_user must give its password
// (the embedded default trusts local connections), its clear password known only to this script and verify.groovy.
// The server runs until verify.groovy stops it (the invoker runs verify.groovy even when a build fails, and hands it
// the same context); it lives beside the build, not in its target folder, which verify.groovy searches.

// A clone left by an earlier run keeps its folders: start afresh, so that what verify.groovy reads is this run's.
['password-server', 'target'].each { new File(basedir, it).deleteDir() }
def server = new EmbeddedWarehouse(new File(basedir, 'password-server/pgdata').toPath(), Log.silent())
server.execute("CREATE ROLE it_user LOGIN PASSWORD 'It-Enc-Secret-7f3a'")
server.execute('CREATE DATABASE sparkfy_enc OWNER it_user')
def hba = server.dataDirectory.resolve('pg_hba.conf').toFile()
hba.text = 'host all it_user 127.0.0.1/32 scram-sha-256\nhost all it_user ::1/128 scram-sha-256\n' + hba.text
server.execute('SELECT pg_reload_conf()')
def port = server.warehouse.connect().withCloseable { it.metaData.URL.find(/:(\d+)\//) { whole, p -> p } }

// What each build gets as -D: the warehouse (the login comes from -Dsparkfy.serverId alone), and the master password
// Maven decrypts settings.xml passwords with.
context.server = server
context.userProperties.put('sparkfy.url', "jdbc:postgresql://127.0.0.1:${port}/sparkfy_enc".toString())
context.userProperties.put('settings.security', new File(basedir, 'settings-security.xml').absolutePath)
println "PostgreSQL for it_user (password required) at ${context.userProperties['sparkfy.url']}"
return true
