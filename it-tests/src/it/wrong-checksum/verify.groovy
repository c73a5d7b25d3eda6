// The build failed naming the file, the expected and the actual digest; nothing was generated.
def lines = new File(basedir, 'build.log').readLines()
def model = new File("${sharedDir}/models/mobilenet_v1_0.25_128_quant.tflite").toPath().toAbsolutePath().normalize()
def expected = "${model}: checksum mismatch: expected sha256 ${'0' * 64}," +
        " actual 3799e7cdb3ec44beacaf47ef5c884111c919e51bb50b34ac836244b08d4b953b (<model> #1 with className com.example.Tampered)".toString()

assert lines.any { it.contains('BUILD FAILURE') } : 'build should have failed'
assert lines.any { it.contains(expected.toString()) } : "no log line says: ${expected}"
assert !lines.any { it.contains('internal error') }
assert !lines.any { it.contains('[0:0]') } : 'the file is named once, in one form'
assert !new File(basedir, 'target/generated-sources/tflite2java/com/example/Tampered.java').exists() : 'nothing generated'
return true
