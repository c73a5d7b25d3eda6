// The build failed with the compiler's message, the file then its problem, and no stack trace.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def model = new File(basedir, 'src/main/tflite/corrupt.tflite').absolutePath

assert lines.any { it.contains('BUILD FAILURE') } : 'build should have failed'
assert lines.any { it =~ /Failed to execute goal io\.github\.tflite2java:tflite2java-maven-plugin:[^:]+:generate/ } :
    'the generate goal should have failed'
def shown = 'src/main/tflite/corrupt.tflite'
def problem = lines.find { it.contains(shown + ': ') }
assert problem != null : "no log line names ${shown} followed by its problem"
assert problem.length() > problem.indexOf(shown + ': ') + shown.length() + 12 : "problem text missing: ${problem}"
assert !log.contains(model) : 'the file is named once, as configured, not also by its absolute path'
assert !log.contains('[0:0]') : 'no IDE-marker form of the message on the command line'
assert !log.contains('internal error') : 'a corrupt model is a model problem, not an internal error'
assert !lines.any { it.trim().startsWith('at io.github.tflite2java') } : 'no stack trace for a bad model'
assert !new File(basedir, 'target/generated-sources/tflite2java/com/example/Corrupt.java').exists() : 'nothing generated'
def state = new File(basedir, 'target/tflite2java/default.state')
assert !state.exists() || state.text.contains('fingerprint=none') : 'a failed run must not record an up-to-date state'
return true
