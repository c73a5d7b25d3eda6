// The file generated for the old class name is gone; the new one and the unchanged one remain.
def lines = new File(basedir, 'build.log').readLines()
def out = new File(basedir, 'target/generated-sources/tflite2java/com/example')
def second = new File(out, 'Second.java')

assert lines.count { it.contains('BUILD SUCCESS') } == 2 : 'expected two successful builds'
assert !second.exists() : 'stale Second.java not deleted'
assert new File(out, 'Renamed.java').isFile() : 'Renamed.java not generated'
assert new File(out, 'Kept.java').isFile() : 'Kept.java missing'
assert lines.any { it.contains("tflite2java: deleted stale generated file ${second.absolutePath}") } :
    'deletion not logged'
assert lines.any { it =~ /^\[INFO\] com\.example\.Kept <- .* \(unchanged\)$/ } :
    'identical output should be reported unchanged'
return true
