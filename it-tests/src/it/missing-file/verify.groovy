// The build failed naming the missing file and the <model> entry that refers to it.
def lines = new File(basedir, 'build.log').readLines()
def model = new File(basedir, 'src/main/tflite/does-not-exist.tflite').absolutePath
// Named as configured (relative to the project), once.
def expected = 'src/main/tflite/does-not-exist.tflite: model file not found (<model> #1 with className com.example.Missing)'

assert lines.any { it.contains('BUILD FAILURE') } : 'build should have failed'
assert lines.any { it.contains(expected) } : "no log line says: ${expected}"
assert !lines.any { it.contains(model) } : 'the absolute path is not printed besides'
assert !new File(basedir, 'target/generated-sources/tflite2java').exists() : 'nothing generated'
return true
