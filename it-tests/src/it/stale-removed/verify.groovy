// The file generated for the old class name is gone; the new one and the unchanged one remain,
// and the unchanged one was not compiled again.
def lines = new File(basedir, 'build.log').readLines()
def out = new File(basedir, 'target/generated-sources/tflite2java/com/example')
def second = new File(out, 'Second.java')

assert lines.count { it.contains('BUILD SUCCESS') } == 2 : 'expected two successful builds'
assert !second.exists() : 'stale Second.java not deleted'
assert new File(out, 'Renamed.java').isFile() : 'Renamed.java not generated'
assert new File(out, 'Kept.java').isFile() : 'Kept.java missing'
assert lines.any { it.contains("tflite2java: deleted stale generated file ${second.absolutePath}") } :
    'deletion not logged'
// Per-model incremental build: the unchanged model is not compiled again, its file untouched.
def log = new File(basedir, 'build.log').text
def secondBuild = log.substring(log.lastIndexOf('Scanning for projects'))
assert secondBuild.contains('[INFO] tflite2java: 1 model up to date') : 'Kept should be up to date'
assert !(secondBuild =~ /\[INFO\] com\.example\.Kept <- /) : 'Kept must not be compiled again'
assert secondBuild =~ /\[INFO\] com\.example\.Renamed <- / : 'Renamed must be compiled'
return true
