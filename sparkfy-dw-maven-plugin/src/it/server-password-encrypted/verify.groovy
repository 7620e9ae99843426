// The server prebuild.groovy started: read, then stopped.
def server = context.server
try {
    assert server != null : 'prebuild.groovy did not start the server'
    def url = context.userProperties['sparkfy.url']
    def log = new File(basedir, 'build.log').text
    def builds = log.findAll(/BUILD (SUCCESS|FAILURE)/)
    assert builds == ['BUILD FAILURE', 'BUILD SUCCESS', 'BUILD SUCCESS'] : builds.toString()

    // Build 1: the wrong password decrypts, reaches the server and is refused there, in one clear line.
    def refused = "cannot connect to PostgreSQL at ${url}: FATAL: password authentication failed for user \"it_user\""
    assert log.readLines().any {
        it.startsWith('[ERROR] Failed to execute goal io.sparkfy:sparkfy-dw-maven-plugin:')
                && it.endsWith(":create-tables (default-cli) on project server-password-encrypted: ${refused} -> [Help 1]")
    } : 'no refusal line'

    // Build 2: the login came from the server entry (it ranks with the POM), and it_user created the schema.
    def origins = '[DEBUG] sparkfy.url from the command line, sparkfy.user from the POM, sparkfy.password from the POM'
    assert log.count(origins) == 3 : 'the login did not come from the settings.xml server in every build'
    assert log.contains("[INFO] create-tables done on PostgreSQL at ${url}") : 'create-tables did not finish'
    assert log.contains('[INFO] songplays: created') : 'no table created'
    def owners = [:]
    new org.postgresql.Driver().connect(url, [user: 'postgres'] as Properties).withCloseable { c ->
        def rs = c.createStatement().executeQuery("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'")
        while (rs.next()) { owners[rs.getString(1)] = rs.getString(2) }
    }
    assert owners['sparkfy_dw_schema_history'] == 'it_user' : owners.toString()
    assert owners.keySet().containsAll(['songplays', 'users', 'songs', 'artists', 'time']) : owners.toString()
    assert owners.values().every { it == 'it_user' } : owners.toString()

    // Build 3: the report was written into the build's target folder.
    def target = new File(basedir, 'target')
    def files = []
    target.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
    assert files*.name.containsAll(['index.html', 'report.json']) : files.toString()

    // Neither password, clear or as settings.xml holds it, nor the master password, in the log (debug lines
    // included) or in any file under target.
    def secrets = [
            'It-Enc-Secret-7f3a', '{wQer/Ia9IgQHFsZnzH77ItcMNJZJWpObhTD8w+Ir3N8IltavqmILsW5oXHJLdvTQ}',
            'It-Wrong-Secret-9c2e', '{uGR151GWYTIHOk6lHfyVUcb7WtMLCM74sr7VJi+1uSKPzDYFd5sZJ6Zyfk6in0gZ}',
            'It-Master-Key-4b1d', '{8TduWkWyKCkH19xbHjLniKo3t8n/uLtBsozjeo6xS6xJSTBGIUM+q89n8twXkWKy}']
    // the encrypted forms without their braces too, in case something prints the bare cipher text
    secrets += secrets.findAll { it.startsWith('{') }.collect { it[1..-2] }
    def places = ['build.log': log] + files.collectEntries { [(it.path): new String(it.bytes, 'ISO-8859-1')] }
    places.each { place, text ->
        secrets.each { secret -> assert !text.contains(secret) : "a secret leaked into ${place}: ${secret.take(4)}..." }
    }
    println "no secret in build.log or in the ${files.size()} files under target"
} finally {
    server?.close()
}
return true
