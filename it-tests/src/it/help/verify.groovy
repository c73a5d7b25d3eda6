// tflite2java:help -Ddetail -Dgoal=generate prints every parameter with its documentation.
def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS') : 'help failed, see build.log'
assert log.contains('tflite2java:generate')
for (p in ['models', 'packageName', 'outputDirectory', 'reportDirectory', 'reports', 'skip', 'tfliteVersion', 'limits', 'rowKernelChannels']) {
    assert log =~ /(?m)^\s+${p}\b/ : "parameter ${p} not documented"
}
assert log.contains('User property: tflite2java.packageName')
assert log.contains('groupId:artifactId:version[:classifier[:extension]]') || log.contains('<artifact>') :
    'the model parameter should document artifacts'
// The fields of <model>, documented in the models parameter (help has no page for nested types).
def flat = log.replaceAll(/\[INFO\]\s*/, ' ').replaceAll(/\s+/, ' ')
for (field in ['file', 'artifact', 'className', 'sha256', 'labels', 'imageHelpers']) {
    assert flat =~ /\* ${field} ?(\(required\))?: / : "the <model> field ${field} is not documented"
}
assert !flat.contains('See Model.') : 'dangling reference to the Model class'
return true
