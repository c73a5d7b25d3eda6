// The build failed for want of heap, and said so: the model's path, its size and weight bytes,
// what ran out, and MAVEN_OPTS with a larger -Xmx. Not an internal error, no stack trace, no
// source or weights left behind.
import io.github.tflite2java.compiler.emit.ModelClassGenerator
import io.github.tflite2java.compiler.reader.TfliteReader

def model = new File(basedir, 'models/large.tflite').canonicalFile
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
assert lines.any { it.contains('BUILD FAILURE') } : 'the build should have failed'

def weightBytes = ModelClassGenerator.weightBytes(TfliteReader.read(model.toPath()))
def weights = String.format(Locale.ROOT, '%.1f MB of weights', weightBytes / 1e6)
def size = String.format(Locale.ROOT, '%.1f MB', model.length() / 1e6)
def line = lines.find { it.contains("out of memory generating the class for ${model}") }
assert line != null : "no line names the model ${model}"
assert line.contains("(${size}, ${weights})") : "model size ${size} and ${weights} not in: ${line}"
assert line.contains('the Java heap ran out') : "what ran out is not said: ${line}"
assert line =~ /give Maven a larger heap, e\.g\. MAVEN_OPTS=-Xmx\d+m/ : "MAVEN_OPTS not in: ${line}"
assert !log.contains('internal error') : 'running out of heap is not an internal error'
assert !lines.any { it.trim().startsWith('at io.github.tflite2java') } : 'no stack trace'
assert !new File(basedir, 'target/generated-sources/tflite2java/com/example/Large.java').exists()
assert !new File(basedir, 'target/generated-resources/tflite2java/com/example/Large.weights').exists()
return true
