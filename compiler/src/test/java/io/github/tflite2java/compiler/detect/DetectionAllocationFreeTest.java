package io.github.tflite2java.compiler.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.fuzz.DetectionModels;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated TFLite_Detection_PostProcess keeps its options and working arrays in the
 * instance: after a warm-up, {@code inferRaw(in, out)} allocates nothing, and reusing the
 * working arrays from one inference to the next gives the same bytes as a fresh instance.
 */
class DetectionAllocationFreeTest {

  private static final MethodType RAW =
      MethodType.methodType(void.class, byte[][].class, byte[][].class);

  @ParameterizedTest(name = "regular NMS {0}")
  @ValueSource(booleans = {false, true})
  void inferenceAllocatesNothingAndReuseEqualsAFreshInstance(boolean regular) throws Throwable {
    Random rnd = new Random(regular ? 11 : 7);
    int numBoxes = 60;
    int numClasses = 4;
    byte[] model = DetectionModels.model(numBoxes, numClasses,
        DetectionModels.options(6, regular ? 1 : 3, regular, numClasses), numBoxes, null, rnd);
    GeneratedSource src = Tflite2JavaCompiler.compile(TfliteReader.read("det.tflite", model),
        "det.Model", CompileOptions.defaults());
    Class<?> c = InMemoryJavac.compile("det.Model", src.source()).load("det.Model");
    MethodHandle reused = inferRaw(c);
    int rows = 6 * (regular ? 1 : 3);
    byte[][][] inputs = new byte[5][][];
    for (int i = 0; i < inputs.length; i++) {
      byte[] boxes = new byte[numBoxes * 4];
      byte[] classes = new byte[numBoxes * (numClasses + 1)];
      rnd.nextBytes(boxes);
      rnd.nextBytes(classes);
      inputs[i] = new byte[][] {boxes, classes};
    }
    byte[][] out = {new byte[rows * 16], new byte[rows * 4], new byte[rows * 4], new byte[4]};
    // Each input on the reused instance (after the others) equals a fresh instance's result.
    for (int round = 0; round < 2; round++) {
      for (byte[][] in : inputs) {
        byte[][] fresh = {new byte[rows * 16], new byte[rows * 4], new byte[rows * 4], new byte[4]};
        inferRaw(c).invokeExact(in, fresh);
        reused.invokeExact(in, out);
        for (int k = 0; k < 4; k++) {
          assertArrayEquals(fresh[k], out[k], "output " + k);
        }
      }
    }
    int detections = out[3][0] | out[3][1] | out[3][2] | out[3][3];
    assertTrue(detections != 0, "the inputs should give detections (count is 0.0f)");
    for (int i = 0; i < 2000; i++) { // warm-up (interpreter, method handle linkage)
      reused.invokeExact(inputs[i % inputs.length], out);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 200; i++) {
      reused.invokeExact(inputs[i % inputs.length], out);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // The old path allocated several kilobytes per call; allow a little noise, not one array.
    assertTrue(allocated < 200, "200 inferences allocated " + allocated + " bytes");
  }

  private static MethodHandle inferRaw(Class<?> c) throws ReflectiveOperationException {
    return MethodHandles.publicLookup().findVirtual(c, "inferRaw", RAW)
        .bindTo(c.getConstructor().newInstance());
  }
}
