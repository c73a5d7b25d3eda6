// The minimal pom.xml and App.java of the README build with this Maven (its default compiler
// plugin would ignore maven.compiler.release) and classify a photo; the README shows exactly
// these files.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS') : 'build failed, see build.log'
def classFile = new File(basedir, 'target/classes/com/example/App.class')
assert classFile.isFile() : 'App not compiled'
def major = new DataInputStream(new FileInputStream(classFile)).with { readInt(); readUnsignedShort(); readUnsignedShort() }
assert major == 52 : "App.class has class file version ${major}, not Java 8's 52"
def modelClass = new File(basedir, 'target/classes/com/example/Mobilenet.class')
def modelMajor = new DataInputStream(new FileInputStream(modelClass)).with { readInt(); readUnsignedShort(); readUnsignedShort() }
assert modelMajor == 52 : "Mobilenet.class has class file version ${modelMajor}"

def java = new File(System.getProperty('java.home'), 'bin/java').absolutePath
def process = [java, '-cp', new File(basedir, 'target/classes').path, 'com.example.App',
        "${sharedDir}/images/grace_hopper.bmp".toString()].execute(null, basedir)
def stdout = new StringBuffer(), stderr = new StringBuffer()
process.waitForProcessOutput(stdout, stderr)
println "App -> ${process.exitValue()}\n${stdout}${stderr}"
assert process.exitValue() == 0 : "App failed: ${stderr}"
// TFLite 2.9's output for this model and photo (golden/mobilenet_v1_0.25_128_quant/grace_hopper).
assert stdout.toString().trim() == 'class 401, score 66/255'

// The README shows these two files verbatim (the plugin version filled in).
def readme = new File(basedir, '../../../../README.md').text.replace('\r\n', '\n')
def pom = new File(basedir, 'pom.xml').text.replace('\r\n', '\n')
assert readme.contains("```xml\n${pom}```") : 'README minimal pom.xml differs from it-tests/src/it/minimal-pom/pom.xml'
def app = new File(basedir, 'src/main/java/com/example/App.java').text.replace('\r\n', '\n')
assert readme.contains("```java\n${app}```") : 'README App.java differs from it-tests/src/it/minimal-pom'
return true
