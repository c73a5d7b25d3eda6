// The artifact was resolved from the local repository, its checksum matched, the class compiled.
def lines = new File(basedir, 'build.log').readLines()
def resolved = new File(localRepositoryPath,
        'io/github/tflite2java/it/models/mobilenet-tiny/1.0/mobilenet-tiny-1.0.tflite')

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
assert lines.any { it.startsWith('[INFO] com.example.FromRepository <- mobilenet-tiny-1.0.tflite: 31 operators') } :
    'no summary line naming the resolved artifact file'
assert new File(basedir, 'target/classes/com/example/FromRepository.class').isFile() : 'class not compiled'
assert new File(basedir, 'target/tflite2java/com.example.FromRepository/report.html').isFile() : 'no report'
assert resolved.isFile() : "artifact not at ${resolved}"
return true
