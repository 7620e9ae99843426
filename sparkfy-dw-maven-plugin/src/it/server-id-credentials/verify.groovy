def log = new File(basedir, 'build.log').text
assert log.contains("sparkfy.serverId: settings.xml has no <server> with id 'no-such-server'")
assert log.contains('cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:9/dw')
// The dry run of the seed's dwh.cfg: Redshift COPY text, from the file's role and sources.
assert log.contains('[dry run] load-stg on Amazon Redshift at jdbc:redshift://dwhcluster.abc123.us-west-2.redshift.amazonaws.com:5439/dwh')
assert log.contains("[INFO] FROM 's3://udacity-dend/log_data'")
assert log.contains("[INFO] IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'")
assert log.contains("[INFO] FORMAT AS JSON 's3://udacity-dend/log_json_path.json'")
assert log.contains("[INFO] REGION 'us-west-2';")
// No password from settings.xml (even with -X), the command line or the config file reaches the log.
['It-Secret-Passw0rd', 'It-Cli-Passw0rd', 'Cfg-Secret-Passw0rd'].each {
    assert !log.contains(it) : "a password leaked into the build log: ${it.take(3)}..."
}
return true
