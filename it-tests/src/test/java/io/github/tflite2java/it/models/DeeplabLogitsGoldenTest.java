package io.github.tflite2java.it.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.it.Golden;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DeepLab v3 (MobileNet v2, PASCAL VOC) through everything but its final ARG_MAX (written
 * elsewhere, with int64 outputs): the model is cut before ARG_MAX, so the generated class
 * returns the uint8 logits [1,513,513,21] after the three RESIZE_BILINEAR (align_corners, 1x1
 * to 33x33, 33x33 to 33x33, 33x33 to 513x513), AVERAGE_POOL_2D over 33x33, QUANTIZE between
 * scales and CONCATENATION; the arg max of those logits (first maximum, as TFLite's ARG_MAX
 * takes) must equal TFLite 2.9.0's stored int64 output on every golden input, pixel for pixel.
 */
class DeeplabLogitsGoldenTest {
  static final String MODEL = "deeplabv3_mnv2_dm05_pascal_quant";
  /** Golden files of models/real/ live in golden/real/. */
  static final String GOLDEN = "real/" + MODEL;

  @Test
  void argMaxOfTheLogitsIsTflitesSegmentation() throws Exception {
    byte[] bytes = Files.readAllBytes(Golden.sharedDir().resolve("models/real/" + MODEL + ".tflite"));
    ModelGraph full = TfliteReader.read(MODEL + ".tflite", bytes);
    List<Operator> ops = full.operators();
    Operator last = ops.get(ops.size() - 1);
    assertEquals("ARG_MAX", last.kind());
    Tensor logits = full.tensor(last.input(0));
    ModelGraph cut = new ModelGraph(full.sourceName(), full.sha256(), full.fileSize(),
        full.schemaVersion(), full.description(), full.tensors(), ops.subList(0, ops.size() - 1),
        full.inputs(), new int[] {logits.index()});
    GeneratedSource src = Tflite2JavaCompiler.compile(cut, "gen.Deeplab", CompileOptions.defaults());
    Class<?> c = InMemoryJavac.compile(src).load("gen.Deeplab");
    Object model = c.getConstructor().newInstance();
    Method infer = c.getMethod("infer", byte[].class, byte[].class);
    int classes = logits.dim(3);
    int pixels = (int) (logits.elementCount() / classes);
    int checked = 0;
    for (String input : Golden.inputs(GOLDEN)) {
      byte[] expected = Golden.expected(GOLDEN, input, Golden.Runtime.TFLITE_2_9);
      assertEquals(8L * pixels, expected.length);
      byte[] out = new byte[(int) logits.elementCount()];
      infer.invoke(model, Golden.input(GOLDEN, input), out);
      ByteBuffer want = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
      int differ = 0;
      String first = null;
      for (int p = 0; p < pixels; p++) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
          if ((out[p * classes + k] & 0xFF) > (out[p * classes + best] & 0xFF)) {
            best = k;
          }
        }
        long w = want.getLong(8 * p);
        if (w != best) {
          if (first == null) {
            first = "pixel " + p + ": " + best + " instead of " + w;
          }
          differ++;
        }
      }
      assertEquals(0, differ, input + ": " + differ + " of " + pixels + " pixels differ, first "
          + first);
      checked++;
    }
    assertTrue(checked >= 2, "golden inputs found: " + checked);
  }
}
