// A 1x4 uint8 model: input -> CUSTOM "ItOnlyOp" -> output. No TFLite build implements the
// operator, and neither does tflite2java.
import io.github.tflite2java.compiler.ir.QuantParams
import io.github.tflite2java.compiler.ir.TensorType
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder

def b = new TfliteModelBuilder()
def q = QuantParams.perTensor(0.5f, 128L)
int input = b.addTensor('input', TensorType.UINT8, [1, 4] as int[], q)
int output = b.addTensor('output', TensorType.UINT8, [1, 4] as int[], q)
b.addCustomOperator('ItOnlyOp', [input] as int[], [output] as int[], null)
b.inputs(input).outputs(output).description('tflite2java it: unsupported operator')
def model = new File(basedir, 'target/model/unsupported.tflite')
model.parentFile.mkdirs()
model.bytes = b.build()
assert model.length() < 1024
return true
