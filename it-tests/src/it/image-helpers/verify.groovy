// The helpers exist only where asked for, carry runtime-min's resizer, and reproduce the golden input.
def lines = new File(basedir, 'build.log').readLines()
def gen = new File(basedir, 'target/generated-sources/tflite2java/com/example')
def with = new File(gen, 'WithImages.java').text
def plain = new File(gen, 'Plain.java').text

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
assert with.contains('public static byte[] inputFromArgb(int[] argb, int width, int height)')
assert with.contains('public static byte[] inputFromRgb(byte[] rgb, int width, int height)')
assert with.contains('private static final strictfp class ImageResizer {')
assert with.contains('public static byte[] inputFromImage(java.awt.image.BufferedImage image)')
assert !with.contains('import java.awt') : 'java.awt types appear only, fully qualified, in WithImages.Awt'
def classes = new File(basedir, 'target/classes/com/example')
assert new File(classes, 'WithImages$Awt.class').isFile()
for (f in classes.listFiles().findAll { it.name.startsWith('WithImages') && it.name != 'WithImages$Awt.class' }) {
    assert !new String(f.bytes, 'ISO-8859-1').contains('java/awt') : "${f.name} must load without java.awt"
}
assert !plain.contains('inputFromArgb') && !plain.contains('ImageResizer') && !plain.contains('java.awt') : 'helpers only when asked for'
assert new File(basedir, 'target/classes/com/example/WithImages$ImageResizer.class').isFile()
assert lines.contains('tflite2java-it: image helpers 401 academic gown 0.258')
assert lines.any { it.startsWith('tflite2java-it: BufferedImage helper 401 academic gown') }
assert lines.any { it.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0') } : 'sample tests did not pass'
return true
