// The helpers exist only where asked for, call runtime-min's resizer generated once for the package,
// and reproduce the golden input.
def lines = new File(basedir, 'build.log').readLines()
def gen = new File(basedir, 'target/generated-sources/tflite2java/com/example')
def with = new File(gen, 'WithImages.java').text
def plain = new File(gen, 'Plain.java').text
def also = new File(gen, 'AlsoWithImages.java').text
def resizer = new File(gen, 'Tflite2javaImageResizer.java')

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
assert with.contains('public static byte[] inputFromArgb(int[] argb, int width, int height)')
assert with.contains('public static byte[] inputFromRgb(byte[] rgb, int width, int height)')
// One resizer for the package, generated from runtime-min's source; the model classes call it.
assert resizer.isFile()
assert resizer.text.contains('\nfinal strictfp class Tflite2javaImageResizer {')
assert resizer.text.contains('package com.example;')
assert gen.listFiles().collect { it.name }.sort() == ['AlsoWithImages.java', 'Plain.java', 'Tflite2javaImageResizer.java', 'WithImages.java']
def generatedTree = new File(basedir, 'target/generated-sources/tflite2java')
def resizers = []
generatedTree.eachFileRecurse { if (it.name.contains('ImageResizer')) resizers << it }
assert resizers == [resizer] : "one resizer file in the package, found ${resizers}"
for (src in [with, also]) {
    assert !src.contains('class ImageResizer') && !src.contains('class Tflite2javaImageResizer') : 'the model class no longer nests the resizer'
    assert src.contains('Tflite2javaImageResizer.resizeArgb(')
}
assert with.contains('public static byte[] inputFromImage(java.awt.image.BufferedImage image)')
assert !with.contains('import java.awt') : 'java.awt types appear only, fully qualified, in WithImages.Awt'
def classes = new File(basedir, 'target/classes/com/example')
assert new File(classes, 'WithImages$Awt.class').isFile()
for (f in classes.listFiles().findAll { (it.name.startsWith('WithImages') && it.name != 'WithImages$Awt.class') || it.name.startsWith('Tflite2javaImageResizer') }) {
    assert !new String(f.bytes, 'ISO-8859-1').contains('java/awt') : "${f.name} must load without java.awt"
}
assert !plain.contains('inputFromArgb') && !plain.contains('ImageResizer') && !plain.contains('java.awt') : 'helpers only when asked for'
assert new File(basedir, 'target/classes/com/example/Tflite2javaImageResizer.class').isFile()
assert !new File(basedir, 'target/classes/com/example/WithImages$ImageResizer.class').exists()
assert !classes.listFiles().any { it.name.startsWith('WithImages$') && it.name.contains('Resizer') }
assert lines.contains('tflite2java-it: shared resizer com.example.Tflite2javaImageResizer')
assert lines.contains('tflite2java-it: image helpers 401 academic gown 0.258')
assert lines.any { it.startsWith('tflite2java-it: BufferedImage helper 401 academic gown') }
assert lines.any { it.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0') } : 'sample tests did not pass'
return true
