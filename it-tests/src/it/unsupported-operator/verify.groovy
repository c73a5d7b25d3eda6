// The build failed naming the file, the operator index and the operator; no stack trace.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()

assert lines.any { it.contains('BUILD FAILURE') } : 'build should have failed'
def problem = lines.find { it.contains('unsupported.tflite: operator 0 (CUSTOM:ItOnlyOp): operator CUSTOM:ItOnlyOp is not supported; supported operators: ') }
assert problem != null : 'no log line names the file, the operator and what is supported'
assert problem.contains('CONV_2D') : 'supported operators not listed'
assert !log.contains('internal error') : 'an unsupported operator is a model problem'
assert !lines.any { it.trim().startsWith('at io.github.tflite2java') } : 'no stack trace for a bad model'
assert !new File(basedir, 'target/generated-sources/tflite2java/com/example/Unsupported.java').exists()
assert !new File(basedir, 'target/tflite2java/com.example.Unsupported/report.html').exists()
return true
