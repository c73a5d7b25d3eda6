// Runs the standalone tflite2java-<version>-cli.jar: success with labels, image helpers, a
// report and a verified checksum; a second run up to date; a wrong checksum; a corrupt model;
// usage errors.
def jar = new File(cliJar)
assert jar.isFile() : "${jar} not built; run the whole reactor (mvn verify)"
def java = new File(System.getProperty('java.home'), 'bin/java').absolutePath
def out = new File(basedir, 'target/generated')
def reports = new File(basedir, 'target/reports')
def model = "${sharedDir}/models/mobilenet_v1_0.25_128_quant.tflite".toString()
def sha = '3799e7cdb3ec44beacaf47ef5c884111c919e51bb50b34ac836244b08d4b953b'

def run = { List<String> args ->
    def process = ([java, '-jar', jar.absolutePath] + args).execute(null, basedir)
    def stdout = new StringBuffer(), stderr = new StringBuffer()
    process.waitForProcessOutput(stdout, stderr)
    println "java -jar ${jar.name} ${args.join(' ')} -> ${process.exitValue()}\n${stdout}${stderr}"
    [process.exitValue(), stdout.toString(), stderr.toString()]
}

def (code, stdout, stderr) = run(['--version'])
assert code == 0 && stdout.startsWith('tflite2java ') : 'version'

def labels = new File(basedir, 'target/labels.txt')
labels.parentFile.mkdirs()
labels.text = (0..<1001).collect { "class ${it}" }.join('\n') + '\n'
def args = ['--model', model, '--class', 'com.example.Cli', '--out', out.path, '--labels', labels.path,
        '--image-helpers', '--report', reports.path, '--sha256', sha]
(code, stdout, stderr) = run(args)
assert code == 0 : "compiling the real model failed: ${stderr}"
def generated = new File(out, 'com/example/Cli.java')
assert generated.isFile() : "${generated} not written"
assert stdout.contains('com.example.Cli <- ') : 'summary line missing'
assert generated.text.contains('LABELS') && generated.text.contains('inputFromArgb(') : 'labels and image helpers'
def resizer = new File(out, 'com/example/Tflite2javaImageResizer.java')
assert resizer.isFile() && stdout.contains("Wrote ${resizer.absolutePath}") : 'the package\'s image resizer is written beside the class'
assert !generated.text.contains('class ImageResizer') : 'the class calls the package\'s resizer, it does not nest one'
def report = new File(reports, 'com.example.Cli/report.html')
assert report.isFile() && new File(reports, 'com.example.Cli/report.json').isFile() : 'report not written'
assert stdout.contains("Report ${report.absolutePath}") : 'report path not printed'

def stamp = generated.lastModified()
sleep(1100)
(code, stdout, stderr) = run(args)
assert code == 0 && stdout.contains('com.example.Cli is up to date') : 'second run should be up to date'
assert generated.lastModified() == stamp : 'an up-to-date run must not rewrite the source'

(code, stdout, stderr) = run(['--model', model, '--class', 'com.example.Other', '--out', out.path,
        '--sha256', '0' * 64])
assert code == 1 : "a wrong checksum should exit 1, got ${code}"
assert stderr.startsWith("tflite2java: ${model}: checksum mismatch: expected sha256 ${'0' * 64}, actual ${sha}".toString())

def corrupt = new File(basedir, 'target/corrupt.tflite')
def bytes = new byte[1024]
new Random(7L).nextBytes(bytes)
corrupt.bytes = bytes
(code, stdout, stderr) = run(['--model', 'target/corrupt.tflite', '--class', 'com.example.Corrupt', '--out', out.path])
assert code == 1 : "a corrupt model should exit 1, got ${code}"
assert stderr.startsWith('tflite2java: target/corrupt.tflite: ') : 'message should name the file as given'
assert !stderr.contains(corrupt.absolutePath) : 'the file is named once, as given'
assert !stderr.contains('\tat ') : 'no stack trace for a bad model'

(code, stdout, stderr) = run(['--model', corrupt.path, '--class', 'com.example.Corrupt'])
assert code == 2 && stderr.contains('missing required option --out') : 'usage error'
(code, stdout, stderr) = run(['--model', corrupt.path, '--class', 'java.lang.Corrupt', '--out', out.path])
assert code == 2 && stderr.contains('package java.lang belongs to the Java platform') : 'java.* refused with the reason'
return true
