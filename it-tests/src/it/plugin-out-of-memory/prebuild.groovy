// A uint8 FULLY_CONNECTED stack of 8 x 2048x2048 random weights (34 MB), written at test time
// (no model file is committed).
import io.github.tflite2java.compiler.modelbuilder.SyntheticModels

def model = new File(basedir, 'models/large.tflite')
model.parentFile.mkdirs()
model.bytes = SyntheticModels.fcStackUint8(2048, 8, 21)
assert model.length() > 30_000_000
return true
