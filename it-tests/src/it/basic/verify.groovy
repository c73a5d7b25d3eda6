// The model was compiled, the generated class compiled for Java 8, and the sample's test ran it.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def generated = new File(basedir, 'target/generated-sources/tflite2java/com/example/TinyMobilenet.java')

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
assert generated.isFile() : "missing ${generated}"
assert generated.text.contains('public final class TinyMobilenet') : 'unexpected generated source'
assert lines.count { it =~ /^\[INFO\] com\.example\.TinyMobilenet <- .*mobilenet_v1_0\.25_128_quant\.tflite/ } == 1 :
    'expected one INFO summary line for the model'
assert new File(basedir, 'target/classes/com/example/TinyMobilenet.class').isFile() : 'class not compiled'
assert lines.contains('tflite2java-it: output length 1001') : 'sample test did not print the output length'
assert lines.any { it.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') } : 'sample test did not pass'
assert new File(basedir, 'target/tflite2java/default.state').isFile() : 'state not written after success'
return true
