// build.log holds all three builds: the first generated and compiled, the second did neither,
// the third (other tfliteVersion) generated and compiled again.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def compiled = new File(basedir, 'target/classes/com/example/Unchanged.class')
def upToDate = 'tflite2java: 1 model up to date'

assert lines.count { it.contains('BUILD SUCCESS') } == 3 : 'expected three successful builds'
assert lines.count { it =~ /^\[INFO\] com\.example\.Unchanged <- / } == 2 : 'expected builds 1 and 3 to generate'
assert lines.count { it.contains(upToDate) } == 1 : 'second build should say up to date'
assert compiled.isFile() : 'class not compiled'
def second = log.substring(log.indexOf(upToDate), log.indexOf('BUILD SUCCESS', log.indexOf(upToDate)))
assert second.contains('Nothing to compile - all classes are up to date') :
    'the second build rewrote the generated source, so javac recompiled'
def third = log.substring(log.lastIndexOf('Scanning for projects'))
assert third =~ /\[INFO\] com\.example\.Unchanged <- / : 'a changed tfliteVersion must regenerate'
assert third.contains('Compiling 1 source file') : 'the regenerated source must be recompiled'
def report = new File(basedir, 'target/tflite2java/com.example.Unchanged/report.html')
assert report.isFile() : 'report not written'
assert new File(report.parentFile, 'report.json').isFile() : 'JSON report not written'
return true
