// The generated class carries LABELS and topK, and the sample's Java 8 test used them.
def lines = new File(basedir, 'build.log').readLines()
def source = new File(basedir, 'target/generated-sources/tflite2java/com/example/Labelled.java').text

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
assert source.contains('public static final List<String> LABELS')
assert source.contains('public static List<Prediction> topK(byte[] output, int k)')
assert source.contains('public static final class Prediction')
assert !source.contains('ImageResizer') : 'no image helpers unless asked for'
assert lines.contains('tflite2java-it: 401 academic gown 0.258') : 'top-1 not printed'
assert lines.any { it =~ /^\[INFO\] com\.example\.Labelled <- .*, 4 classes, [0-9]+ methods$/ } : 'summary should count Prediction (and ParallelLayers with its Parts)'
assert lines.any { it.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') } : 'sample test did not pass'
return true
