// kernels=vector: the vector source beside the Java 8 sources, compiled by the plugin, and run.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def vectorSource = new File(basedir,
    'target/generated-sources/tflite2java-vector/com/example/TinyMobilenetVector.java')

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
assert vectorSource.isFile() : "missing ${vectorSource}"
assert !new File(basedir,
    'target/generated-sources/tflite2java/com/example/TinyMobilenetVector.java').exists() :
    'the vector class must stay out of the Java 8 source root'
assert lines.any { it.contains('tflite2java: compiled 1 vector classes') } : 'vector class not compiled'
assert new File(basedir, 'target/classes/com/example/TinyMobilenetVector.class').isFile()
assert new File(basedir, 'target/classes/com/example/TinyMobilenet.class').isFile()
assert lines.any { it.startsWith('tflite2java-it: kernels vector: jdk.incubator.vector') } :
    'the test did not run the vector kernels'
assert lines.any { it.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') } : 'sample test did not pass'
return true
