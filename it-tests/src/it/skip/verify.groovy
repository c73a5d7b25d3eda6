// Skipped: one log line, nothing generated, no state.
def lines = new File(basedir, 'build.log').readLines()

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
assert lines.count { it.contains('Skipping tflite2java:generate') } == 1 : 'expected one skip line'
assert !lines.any { it.contains('com.example.Skipped <- ') } : 'model compiled although skipped'
assert !new File(basedir, 'target/generated-sources/tflite2java').exists() : 'sources generated although skipped'
assert !new File(basedir, 'target/tflite2java').exists() : 'state written although skipped'
return true
