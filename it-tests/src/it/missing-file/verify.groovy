// The build failed naming the missing file and the <model> entry that refers to it.
def lines = new File(basedir, 'build.log').readLines()
def model = new File(basedir, 'src/main/tflite/does-not-exist.tflite').absolutePath
def expected = "Model file not found: ${model} (<model> #1 with className com.example.Missing)".toString()

assert lines.any { it.contains('BUILD FAILURE') } : 'build should have failed'
assert lines.any { it.contains(expected) } : "no log line says: ${expected}"
assert !new File(basedir, 'target/generated-sources/tflite2java').exists() : 'nothing generated'
return true
