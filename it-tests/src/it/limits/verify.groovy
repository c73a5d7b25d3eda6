// The build failed naming the limit, the model's value and how to raise it; nothing generated.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE') : 'build should have failed'
assert log.contains('over the limit maxTensorElements = 16384') : 'the limit is named'
assert log.contains('[1,128,128,3] has 49152 elements') : 'the tensor and its size are named'
assert log.contains('<limits><maxTensorElements>N</maxTensorElements></limits>') : 'the fix is named'
assert !log.contains('internal error') : 'a limit is a model problem, not an internal error'
assert !new File(basedir, 'target/generated-sources/tflite2java/com/example/TooBig.java').exists()
return true
