// The model and TfliteC's output come from LargeModelTest (it-tests' surefire run, before the
// sample builds): target/large-model/fc-uint8.{tflite,input,expected}.
def dir = new File(basedir, '../../large-model').canonicalFile
def model = new File(dir, 'fc-uint8.tflite')
assert model.isFile() && new File(dir, 'fc-uint8.expected').isFile() :
    "${dir}: run LargeModelTest first (mvn verify -pl it-tests runs it before the samples)"
def target = new File(basedir, 'models/large.tflite')
target.parentFile.mkdirs()
java.nio.file.Files.copy(model.toPath(), target.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING)
true
