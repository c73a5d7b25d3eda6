package io.github.tflite2java.compiler.fuzz;

import io.github.tflite2java.compiler.ops.Conv2d;
import io.github.tflite2java.compiler.ops.DepthwiseConv2d;
import io.github.tflite2java.compiler.ops.Pool2d;
import io.github.tflite2java.compiler.ops.Reshape;
import io.github.tflite2java.compiler.ops.Softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from the model (tensor names, description, file name) never reaches the generated source
 * unescaped: a model whose names try to close comments, open Unicode escapes, break lines or
 * smuggle JavaPoet format characters compiles, and computes exactly what the same model with
 * plain names computes.
 */
class HostileNamesTest {

  /** Each tries something different against the generated source. */
  static final String[] HOSTILE = {
    "*/ class Evil { } /*",
    "\\u002a\\u002f static { System.exit(1); } /*",
    "line1\\u000aSystem.exit(1);",
    "quote\" + System.exit(1) + \"",
    "new\nline\r\n\u2028\u2029end",
    "$L $S $T $N $$ $",
    "@deprecated {@code x} <b>bold</b> &amp;",
    "\u00fcn\u00efc\u00f8d\u00e9 \u4f60\u597d \ud83d\ude00 \u202e",
    "\\",
    "\u0000nul\u0007bell",
  };

  @TempDir Path dir;

  /** input [1,6,6,3] -> CONV_2D -> DEPTHWISE -> AVERAGE_POOL -> RESHAPE -> SOFTMAX, uint8. */
  static byte[] model(int variant) {
    Random rnd = new Random(7);
    QuantParams act = QuantParams.perTensor(0.05f, 120);
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor(name(variant, 0), TensorType.UINT8, new int[] {1, 6, 6, 3}, act);
    int w = b.addConstantTensor(name(variant, 1), TensorType.UINT8, new int[] {4, 3, 3, 3},
        QuantParams.perTensor(0.01f, 127), ModelSpecGenerator.bytes(rnd, 108));
    int bias = b.addConstantTensor(name(variant, 2), TensorType.INT32, new int[] {4},
        QuantParams.perTensor(0.0005f, 0), ModelSpecGenerator.int32s(rnd, 4));
    int c = b.addTensor(name(variant, 3), TensorType.UINT8, new int[] {1, 6, 6, 4},
        QuantParams.perTensor(0.04f, 100));
    b.addOperator(BuiltinOperator.CONV_2D, new int[] {x, w, bias}, new int[] {c},
        new Conv2d.Options(Padding.SAME, 1, 1, 1, 1, Activation.RELU6));
    int dw = b.addConstantTensor(name(variant, 4), TensorType.UINT8, new int[] {1, 3, 3, 4},
        QuantParams.perTensor(0.02f, 130), ModelSpecGenerator.bytes(rnd, 36));
    int d = b.addTensor(name(variant, 5), TensorType.UINT8, new int[] {1, 3, 3, 4},
        QuantParams.perTensor(0.06f, 90));
    b.addOperator(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {c, dw, -1}, new int[] {d},
        new DepthwiseConv2d.Options(Padding.SAME, 2, 2, 1, 1, 1, Activation.NONE));
    int p = b.addTensor(name(variant, 6), TensorType.UINT8, new int[] {1, 1, 1, 4},
        QuantParams.perTensor(0.06f, 90));
    b.addOperator(BuiltinOperator.AVERAGE_POOL_2D, new int[] {d}, new int[] {p},
        new Pool2d.Options(Padding.VALID, 3, 3, 3, 3, Activation.NONE));
    int r = b.addTensor(name(variant, 7), TensorType.UINT8, new int[] {1, 4},
        QuantParams.perTensor(0.06f, 90));
    b.addOperator(BuiltinOperator.RESHAPE, new int[] {p}, new int[] {r},
        new Reshape.Options(new int[] {1, 4}));
    int s = b.addTensor(name(variant, 8), TensorType.UINT8, new int[] {1, 4},
        QuantParams.perTensor(1f / 256, 0));
    b.addOperator(BuiltinOperator.SOFTMAX, new int[] {r}, new int[] {s},
        new Softmax.Options(1f));
    b.subgraphName(name(variant, 9));
    b.description(variant < 0 ? "plain model" : String.join(" | ", HOSTILE));
    return b.inputs(x).outputs(s).build();
  }

  /** Tensor names: plain for variant -1, else the hostile strings in rotation. */
  static String name(int variant, int tensor) {
    return variant < 0 ? "t" + tensor : HOSTILE[(variant + tensor) % HOSTILE.length];
  }

  static byte[][] outputs(String source) throws Exception {
    Class<?> c = InMemoryJavac.compile("names.Model", source).load("names.Model");
    Method infer = c.getMethod("infer", byte[].class);
    int size = c.getField("INPUT_SIZE").getInt(null);
    Random rnd = new Random(3);
    byte[][] out = new byte[8][];
    for (int i = 0; i < out.length; i++) {
      byte[] in = new byte[size];
      rnd.nextBytes(in);
      out[i] = (byte[]) infer.invoke(null, (Object) in);
    }
    return out;
  }

  static void assertSafe(String source) {
    assertFalse(SourceText.hasUnicodeEscape(source), "a Unicode escape reached the source");
    String code = SourceText.code(source);
    assertFalse(code.contains("Evil"), "a class declaration escaped from a comment");
    assertFalse(code.contains("System.exit"), "code from a name escaped from a comment");
    for (int i = 0; i < source.length(); i++) {
      char ch = source.charAt(i);
      assertTrue(ch == '\n' || (ch >= 0x20 && ch < 0x7f),
          "character " + (int) ch + " at " + i + " in the generated source");
    }
  }

  @Test
  void hostileNamesCompileAndComputeTheSame() throws Exception {
    String plain = Tflite2JavaCompiler.compile(TfliteReader.read("plain.tflite", model(-1)),
        "names.Model", CompileOptions.defaults()).source();
    byte[][] expected = outputs(plain);
    for (int variant = 0; variant < HOSTILE.length; variant++) {
      String fileName = "/models/" + HOSTILE[variant] + ".tflite";
      String source = Tflite2JavaCompiler.compile(TfliteReader.read(fileName, model(variant)),
          "names.Model", CompileOptions.defaults()).source();
      assertSafe(source);
      byte[][] actual = outputs(source);
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(expected[i], actual[i], "variant " + variant + " input " + i);
      }
    }
  }

  @Test
  void hostileFileNamesOnDisk() throws Exception {
    String plain = Tflite2JavaCompiler.compile(TfliteReader.read("plain.tflite", model(-1)),
        "names.Model", CompileOptions.defaults()).source();
    byte[][] expected = outputs(plain);
    // Every character a Linux file name may hold that could hurt: no '/' and no NUL.
    String[] names = {
      "*x* evil /* .tflite".replace("/", "_"),
      "\\u002a\\u002f\\u000a.tflite",
      "new\nline.tflite",
      "quote\"$L$S'.tflite",
      "\u00fcn\u00efc\u00f8d\u00e9 \u4f60\u597d.tflite",
    };
    for (String name : names) {
      Path file = Files.write(dir.resolve(name), model(0));
      String source = Tflite2JavaCompiler.compile(
          new CompileRequest(file, "names.Model")).source();
      assertSafe(source);
      assertFalse(source.contains(dir.toString()), "an absolute path reached the source");
      byte[][] actual = outputs(source);
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(expected[i], actual[i], name + " input " + i);
      }
    }
  }

  @Test
  void theFileNameIsStillRecognisable() throws Exception {
    String source = Tflite2JavaCompiler.compile(TfliteReader.read("dir/m\u00e9*x$.tflite",
        model(-1)), "names.Model", CompileOptions.defaults()).source();
    assertTrue(source.contains("m?*x&#36;.tflite"), source.substring(0, 300));
    assertEquals(-1, source.indexOf("dir/"));
  }
}
