package io.github.tflite2java.it.operators;

import static io.github.tflite2java.it.operators.OpModels.q;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.Softmax;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.it.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Dynamic-batch models (shape signatures with -1 in dimension 0, as Keras/MLIR converters
 * write them) compiled with the compile option {@code batch}, against TFLite 2.9.0's C library
 * after {@code ResizeInputTensor} + {@code AllocateTensors} with the same batch.
 */
class BatchLiveTest {

  private static byte[] real(String model) throws Exception {
    Path p = Golden.modelsDir().resolve("real").resolve(model + ".tflite");
    return Files.readAllBytes(p);
  }

  @Test
  void helloWorldAtBatch4MatchesResizedTflite() throws Exception {
    LiveOps.assertMatchesTfliteAtBatch("hello_world_int8", real("hello_world_int8"), 4, 5, 1);
  }

  @Test
  void microSpeechHasAFixedBatchSoTheOptionIsRefused() throws Exception {
    // micro_speech_quantized's tensors have no shape_signature with -1: its batch is fixed
    // (its RESHAPE's new shape is [1,1960]), so the option is refused with the reason.
    byte[] model = real("micro_speech_quantized");
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), "a.B",
            CompileOptions.defaults().withBatch(4)));
    assertTrue(e.getMessage().contains("the compile option batch=4 needs a model with a dynamic"
        + " batch"), e.getMessage());
  }

  /** x [-1,6,6,3] -> MAX_POOL 2x2 -> RESHAPE [-1,27] -> SOFTMAX, all dynamic in dimension 0. */
  static byte[] generated(TensorType type) {
    int zp = type == TensorType.INT8 ? -4 : 120;
    QuantParams qa = q(0.07f, zp);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", type, new int[] {1, 6, 6, 3}, qa);
    int p = b.addTensor("pool", type, new int[] {1, 3, 3, 3}, qa);
    int shape = b.addConstantTensor("shape", TensorType.INT32, new int[] {2}, QuantParams.NONE,
        OpModels.int32s(-1, 27));
    int r = b.addTensor("flat", type, new int[] {1, 27}, qa);
    int s = b.addTensor("prob", type, new int[] {1, 27},
        q(1f / 256, type == TensorType.INT8 ? -128 : 0));
    b.addOperator(BuiltinOperator.MAX_POOL_2D, type == TensorType.INT8 ? 2 : 1, new int[] {x},
        new int[] {p}, new Pool2d.Options(Padding.VALID, 2, 2, 2, 2, Activation.NONE));
    b.addOperator(BuiltinOperator.RESHAPE, new int[] {p, shape}, new int[] {r},
        new Reshape.Options(new int[] {-1, 27}));
    b.addOperator(BuiltinOperator.SOFTMAX, type == TensorType.INT8 ? 2 : 1, new int[] {r},
        new int[] {s}, new Softmax.Options(1f));
    b.shapeSignature(x, -1, 6, 6, 3).shapeSignature(p, -1, 3, 3, 3)
        .shapeSignature(r, -1, 27).shapeSignature(s, -1, 27);
    return b.inputs(x).outputs(s).build();
  }

  @Test
  void generatedDynamicBatchModelsMatchTfliteAtSeveralBatches() {
    for (TensorType type : new TensorType[] {TensorType.UINT8, TensorType.INT8}) {
      byte[] model = generated(type);
      LiveOps.assertMatchesTflite("dynamic batch " + type + " at the stored batch", model, 4,
          11);
      for (int batch : new int[] {1, 2, 7}) {
        LiveOps.assertMatchesTfliteAtBatch("dynamic batch " + type, model, batch, 3, batch);
      }
    }
  }

  @Test
  void aReshapeThatFixesTheBatchIsRefused() throws Exception {
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantParams qa = q(0.07f, 3);
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 2, 3}, qa);
    int shape = b.addConstantTensor("shape", TensorType.INT32, new int[] {2}, QuantParams.NONE,
        OpModels.int32s(1, 6));
    int r = b.addTensor("flat", TensorType.UINT8, new int[] {1, 6}, qa);
    b.addOperator(BuiltinOperator.RESHAPE, new int[] {x, shape}, new int[] {r},
        new Reshape.Options(new int[] {1, 6}));
    b.shapeSignature(x, -1, 2, 3).shapeSignature(r, -1, 6);
    byte[] model = b.inputs(x).outputs(r).build();
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> Tflite2JavaCompiler.compile(TfliteReader.read("fixed.tflite", model), "a.B",
            CompileOptions.defaults().withBatch(3)));
    assertTrue(e.getMessage().contains("RESHAPE"), e.getMessage());
    assertTrue(e.getMessage().contains("new shape [1,6] (from the shape tensor tensor 1"),
        e.getMessage());
    assertTrue(e.getMessage().contains("does not give output [3,6] at batch 3"),
        e.getMessage());
  }
}
