package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.ops.ArgMax;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Result helpers chosen from a model's outputs: a segmenter's class map from its ARG_MAX, a pose
 * model's keypoints from its float32 [1,1,K,3] output (the SSD detector's detections are checked
 * on the real model in generated-examples' DetectTest and it-tests).
 */
class ResultsEmitterTest {

  /** uint8 [1,2,3,4] scores -> ARG_MAX over the channels -> int64 [1,2,3]. */
  static byte[] segmenter() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("scores", TensorType.UINT8, new int[] {1, 2, 3, 4},
        QuantParams.perTensor(0.1f, 0));
    byte[] axis = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(3).array();
    int ax = b.addConstantTensor("axis", TensorType.INT32, new int[] {1}, QuantParams.NONE, axis);
    int o = b.addTensor("classes", TensorType.INT64, new int[] {1, 2, 3});
    b.addOperator(BuiltinOperator.code("ARG_MAX"), new int[] {in, ax}, new int[] {o},
        new ArgMax.Options(TensorType.INT64));
    return b.inputs(in).outputs(o).build();
  }

  /** uint8 [1,2,3,4] scores -> QUANTIZE to another scale -> uint8 [1,2,3,4] scores. */
  static byte[] scoreMap() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("in", TensorType.UINT8, new int[] {1, 2, 3, 4},
        QuantParams.perTensor(0.1f, 0));
    int o = b.addTensor("scores", TensorType.UINT8, new int[] {1, 2, 3, 4},
        QuantParams.perTensor(0.2f, 0));
    b.addOperator(BuiltinOperator.code("QUANTIZE"), new int[] {in}, new int[] {o},
        OperatorOptions.NONE);
    return b.inputs(in).outputs(o).build();
  }

  /** uint8 [1,1,17,3] -> DEQUANTIZE -> float32 [1,1,17,3], MoveNet's output form. */
  static byte[] poseModel() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int in = b.addTensor("q", TensorType.UINT8, new int[] {1, 1, 17, 3},
        QuantParams.perTensor(1f / 256, 0));
    int o = b.addTensor("keypoints", TensorType.FLOAT32, new int[] {1, 1, 17, 3});
    b.addOperator(BuiltinOperator.code("DEQUANTIZE"), new int[] {in}, new int[] {o},
        OperatorOptions.NONE);
    return b.inputs(in).outputs(o).build();
  }

  private static Class<?> compile(byte[] model, String name) throws Exception {
    String source = Tflite2JavaCompiler.compile(TfliteReader.read("m.tflite", model), name,
        CompileOptions.defaults()).source();
    return InMemoryJavac.compile(name, source).load(name);
  }

  private static Object call(Method m, Object target, Object... args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void kindsFollowTheOutputs() throws Exception {
    assertEquals(ResultsEmitter.Kind.SEGMENTATION, kind(segmenter()));
    assertEquals(ResultsEmitter.Kind.POSE, kind(poseModel()));
    assertEquals(ResultsEmitter.Kind.SEGMENTATION, kind(scoreMap()));
    assertEquals(ResultsEmitter.Kind.NONE,
        kind(IndexOutputTest.argMax(TensorType.INT32, TensorType.INT32, -1)), "rank 2: no map");
  }

  private static ResultsEmitter.Kind kind(byte[] model) throws Exception {
    ModelGraph g = TfliteReader.read("m.tflite", model);
    return ResultsEmitter.kind(g);
  }

  @Test
  void aModelClassMayNotTakeItsResultClassName() {
    ModelCompileException e = assertThrows(ModelCompileException.class,
        () -> compile(segmenter(), "t.Segmentation"));
    assertTrue(e.getMessage().contains("class name t.Segmentation is reserved for this model:"
        + " its class nests the result class Segmentation"), e.getMessage());
  }

  @Test
  void segmenterGetsClassMapsAndThePalette() throws Throwable {
    Class<?> c = compile(segmenter(), "t.Seg");
    byte[] input = new byte[24];
    for (int p = 0; p < 6; p++) {
      input[4 * p + (p % 4)] = (byte) 200; // pixel p is class p % 4
    }
    long[] out = (long[]) call(c.getMethod("infer", byte[].class), null, (Object) input);

    int[] map = (int[]) call(c.getMethod("classMap", long[].class), null, (Object) out);
    assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1}, map);
    // The 3x2 map on a 6x2 image: each map pixel covers two columns.
    int[] scaled = (int[]) call(c.getMethod("classMap", long[].class, int.class, int.class),
        null, out, 6, 2);
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 3, 0, 0, 1, 1}, scaled);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call(c.getMethod("classMap", long[].class), null, (Object) new long[5]));
    assertTrue(e.getMessage().contains("output must have 6 elements, not 5"), e.getMessage());

    Class<?> seg = Class.forName("t.Seg$Segmentation", true, c.getClassLoader());
    assertTrue(Modifier.isPublic(seg.getModifiers()));
    assertEquals(0xC08080, seg.getMethod("vocColor", int.class).invoke(null, 15));
  }

  @Test
  void scoreMapGetsTheArgMaxPerPixel() throws Throwable {
    Class<?> c = compile(scoreMap(), "t.Scores");
    byte[] input = new byte[24];
    for (int p = 0; p < 6; p++) {
      input[4 * p + (3 - p % 4)] = (byte) 250; // pixel p is class 3 - p % 4
    }
    input[4 * 5] = (byte) 250; // pixel 5 ties classes 0 and 2: the lower wins
    byte[] out = (byte[]) call(c.getMethod("infer", byte[].class), null, (Object) input);

    int[] map = (int[]) call(c.getMethod("classMap", byte[].class), null, (Object) out);
    assertArrayEquals(new int[] {3, 2, 1, 0, 3, 0}, map);
    int[] scaled = (int[]) call(c.getMethod("classMap", byte[].class, int.class, int.class),
        null, out, 3, 1);
    // The 3x1 image's centres (y 0.5 of 1) fall on map row 1 of 2.
    assertArrayEquals(new int[] {0, 3, 0}, scaled);
  }

  @Test
  void poseModelGetsKeypointsInImagePixels() throws Throwable {
    Class<?> c = compile(poseModel(), "t.Pose");
    byte[] input = new byte[51];
    input[0] = 64; // nose y = 0.25
    input[1] = (byte) 128; // nose x = 0.5
    input[2] = (byte) 192; // score 0.75
    float[] out = (float[]) call(c.getMethod("infer", byte[].class), null, (Object) input);

    List<?> points = (List<?>) call(c.getMethod("keypoints", float[].class, int.class,
        int.class), null, out, 400, 300);

    assertEquals(17, points.size());
    assertEquals("nose 200.0,75.0 0.750", points.get(0).toString());
    assertEquals("right_ankle 0.0,0.0 0.000", points.get(16).toString());
    Class<?> kp = Class.forName("t.Pose$Keypoint", true, c.getClassLoader());
    assertTrue(Modifier.isPublic(kp.getModifiers()));
    assertEquals(18, ((int[][]) kp.getMethod("skeleton", int.class).invoke(null, 17)).length);
    assertThrows(IllegalArgumentException.class, () -> call(c.getMethod("keypoints",
        float[].class, int.class, int.class), null, new float[50], 1, 1));
  }
}
