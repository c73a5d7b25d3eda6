// All configuration problems are listed together, before anything is compiled.
def log = new File(basedir, 'build.log').text
def labels = new File(basedir, 'src/main/tflite/no-labels.txt').absolutePath
def model = new File("${sharedDir}/models/mobilenet_v1_0.25_128_quant.tflite").toPath().toAbsolutePath().normalize()

assert log.contains('BUILD FAILURE') : 'build should have failed'
// All three problems are on the same model file: it is named once, then its problems.
assert log.contains("${model}: 3 problems:")
assert log.contains('  - duplicate className com.example.Same: used by <model> #1 and <model> #2; each model needs its own class')
assert log.contains("  - sha256 'not-a-digest' is not a SHA-256")
assert log.contains("  - labels file not found: ${labels} (<model> #3 with className com.example.Other)")
assert !log.contains('com.example.Same <- ') : 'nothing may be compiled'
assert !new File(basedir, 'target/generated-sources/tflite2java').exists()
return true
