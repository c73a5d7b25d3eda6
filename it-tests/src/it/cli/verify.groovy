// Runs tflite2java-compiler-<version>-cli.jar standalone: success, a corrupt model, a usage error.
def jar = new File(cliJar)
assert jar.isFile() : "${jar} not built; run the whole reactor (mvn verify)"
def java = new File(System.getProperty('java.home'), 'bin/java').absolutePath
def out = new File(basedir, 'target/generated')

def run = { List<String> args ->
    def process = ([java, '-jar', jar.absolutePath] + args).execute(null, basedir)
    def stdout = new StringBuffer(), stderr = new StringBuffer()
    process.waitForProcessOutput(stdout, stderr)
    println "java -jar ${jar.name} ${args.join(' ')} -> ${process.exitValue()}\n${stdout}${stderr}"
    [process.exitValue(), stdout.toString(), stderr.toString()]
}

def (code, stdout, stderr) = run(['--version'])
assert code == 0 && stdout.startsWith('tflite2java ') : 'version'

(code, stdout, stderr) = run(['--model', "${sharedDir}/models/mobilenet_v1_0.25_128_quant.tflite".toString(),
        '--class', 'com.example.Cli', '--out', out.path])
assert code == 0 : "compiling the real model failed: ${stderr}"
def generated = new File(out, 'com/example/Cli.java')
assert generated.isFile() : "${generated} not written"
assert stdout.contains('com.example.Cli <- ') : 'summary line missing'

def corrupt = new File(basedir, 'target/corrupt.tflite')
corrupt.parentFile.mkdirs()
def bytes = new byte[1024]
new Random(7L).nextBytes(bytes)
corrupt.bytes = bytes
(code, stdout, stderr) = run(['--model', corrupt.path, '--class', 'com.example.Corrupt', '--out', out.path])
assert code == 1 : "a corrupt model should exit 1, got ${code}"
assert stderr.startsWith("tflite2java: ${corrupt.path}".toString()) : 'message should name the file'
assert !stderr.contains('\tat ') : 'no stack trace for a bad model'

(code, stdout, stderr) = run(['--model', corrupt.path, '--class', 'com.example.Corrupt'])
assert code == 2 && stderr.contains('missing required option --out') : 'usage error'
return true
