// tflite2java:help -Ddetail -Dgoal=generate prints every parameter with its documentation.
def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS') : 'help failed, see build.log'
assert log.contains('tflite2java:generate')
for (p in ['models', 'packageName', 'outputDirectory', 'reportDirectory', 'reports', 'skip', 'tfliteVersion', 'limits']) {
    assert log =~ /(?m)^\s+${p}\b/ : "parameter ${p} not documented"
}
assert log.contains('User property: tflite2java.packageName')
assert log.contains('groupId:artifactId:version[:classifier[:extension]]') || log.contains('<artifact>') :
    'the model parameter should document artifacts'
return true
