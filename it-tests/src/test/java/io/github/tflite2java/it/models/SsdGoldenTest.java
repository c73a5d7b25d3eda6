package io.github.tflite2java.it.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.it.Golden;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * SSD MobileNet v2 COCO (uint8, 300x300) end to end, ending in the CUSTOM operator
 * TFLite_Detection_PostProcess (fast NMS, 20 detections, 1 class each): the generated class's
 * four float32 outputs equal TFLite 2.9.0's stored outputs on every golden input, bit for bit,
 * on the rows TFLite writes (count rows; TFLite leaves the others as its arena held them).
 */
class SsdGoldenTest {
  static final String MODEL = "ssd_mobilenet_v2_coco_quant_postprocess";
  static final String GOLDEN = "real/" + MODEL;

  @Test
  void detectionsAreTflitesBitForBit() throws Exception {
    byte[] bytes = Files.readAllBytes(Golden.sharedDir().resolve("models/real/" + MODEL + ".tflite"));
    ModelGraph g = TfliteReader.read(MODEL + ".tflite", bytes);
    Operator last = g.operators().get(g.operators().size() - 1);
    assertEquals("CUSTOM:TFLite_Detection_PostProcess", last.kind());
    GeneratedSource src = Tflite2JavaCompiler.compile(g, "gen.Ssd", CompileOptions.defaults());
    Class<?> c = InMemoryJavac.compile(src).load("gen.Ssd");
    Object model = c.getConstructor().newInstance();
    Method infer = c.getMethod("infer", byte[].class, float[].class, float[].class,
        float[].class, float[].class);
    // The model stores the four outputs without a shape; TFLite sizes them from the options.
    int rows = ((io.github.tflite2java.compiler.ops.TfliteDetectionPostProcess.Options) last.options())
        .detection().detectedBoxes();
    assertEquals(20, rows);
    int checked = 0;
    long detections = 0;
    for (String input : Golden.inputs(GOLDEN)) {
      float[][] out = {new float[rows * 4], new float[rows], new float[rows], new float[1]};
      infer.invoke(model, Golden.input(GOLDEN, input), out[0], out[1], out[2], out[3]);
      float[][] want = new float[4][];
      for (int k = 0; k < 4; k++) {
        Path p = Golden.goldenDir().resolve(GOLDEN).resolve(input + ".tflite-2.9.out" + k);
        want[k] = floats(Files.readAllBytes(p));
        assertEquals(out[k].length, want[k].length, input + " output " + k + " size");
      }
      int count = (int) want[3][0];
      assertEquals(Float.floatToRawIntBits(want[3][0]), Float.floatToRawIntBits(out[3][0]),
          input + ": detection count");
      for (int k = 0; k < 3; k++) {
        int n = count * (k == 0 ? 4 : 1);
        for (int i = 0; i < n; i++) {
          if (Float.floatToRawIntBits(want[k][i]) != Float.floatToRawIntBits(out[k][i])) {
            fail(input + ": output " + k + "[" + i + "] is " + out[k][i] + ", TFLite " + want[k][i]);
          }
        }
      }
      detections += count;
      checked++;
      if (input.equals("grace_hopper")) {
        // A person (COCO class 0) at 0.789 among the detections, as models/real/README.md says.
        boolean person = false;
        for (int i = 0; i < count; i++) {
          person |= out[1][i] == 0f && Math.abs(out[2][i] - 0.789f) < 0.002f;
        }
        assertTrue(person, "no person at 0.789 on grace_hopper");
      }
    }
    assertTrue(checked >= 4 && detections > 0, checked + " inputs, " + detections + " detections");
  }

  static float[] floats(byte[] b) {
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }
}
