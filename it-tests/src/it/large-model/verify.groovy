// The plugin kept the 16 MB of weights in a resource beside the class, added it to the build's
// resources (so the jar holds it), and the class in the jar returns TFLite 2.9.0's bytes.
def dir = new File(basedir, '../../large-model').canonicalFile
def source = new File(basedir, 'target/generated-sources/tflite2java/com/example/Large.java')
def weights = new File(basedir, 'target/generated-resources/tflite2java/com/example/Large.weights')
assert source.isFile() && weights.isFile() : 'source and weights resource generated'
assert weights.length() > 16_000_000 : "weights ${weights.length()}"
assert source.length() < 200_000 : "the source does not hold the weights: ${source.length()}"
def log = new File(basedir, 'build.log').text
assert log.contains("tflite2java: weights ${weights.absolutePath}") : 'the build log names the weights file'
def jar = new File(basedir, 'target/large-model-1.0.jar')
def entries = new java.util.jar.JarFile(jar).withCloseable { j -> j.entries().collect { it.name } }
assert entries.contains('com/example/Large.weights') && entries.contains('com/example/Large.class') : entries
def loader = new URLClassLoader([jar.toURI().toURL()] as URL[], (ClassLoader) null)
def c = loader.loadClass('com.example.Large')
def instance = c.getConstructor().newInstance()
byte[] input = new File(dir, 'fc-uint8.input').bytes
byte[] expected = new File(dir, 'fc-uint8.expected').bytes
byte[][] out = (byte[][]) c.getMethod('inferRaw', byte[][].class).invoke(instance, [[input] as byte[][]] as Object[])
assert Arrays.equals(expected, out[0]) : 'the class built by the plugin differs from TFLite 2.9.0'
true
