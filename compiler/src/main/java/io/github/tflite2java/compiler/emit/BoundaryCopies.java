package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import javax.lang.model.element.Modifier;

/**
 * The private methods of a generated class that move model inputs and outputs into and out of
 * the activation arena (8-bit values minus their zero point, float32 values as their bits), and
 * check the caller's arrays.
 */
final class BoundaryCopies {

  private BoundaryCopies() {}

  /** {@code load<i>(input)}: model input {@code i} (constants prefixed {@code p}). */
  static MethodSpec load(int i, Tensor t, String p, int offset) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int offset = $L", offset);
    b.beginControlFlow("for (int i = 0; i < $N_SIZE; i++)", p);
    switch (t.type()) {
      case UINT8:
        b.addStatement("t[offset + i] = (input[i] & 0xFF) - $N_ZERO_POINT", p);
        break;
      case INT8:
        b.addStatement("t[offset + i] = input[i] - $N_ZERO_POINT", p);
        break;
      default:
        b.add("// A float32 input is kept as its bits until QUANTIZE reads it.\n");
        b.addStatement("t[offset + i] = Float.floatToRawIntBits(input[i])");
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder("load" + i)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(ModelInterface.arrayType(t), "input")
        .addJavadoc("Copies input $L into the arena, minus its zero point.\n", i)
        .addCode(b.build())
        .build();
  }

  /** {@code store<i>(output)}: model output {@code i}, constants prefixed {@code p}. */
  static MethodSpec store(int i, Tensor t, String p, int offset) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int offset = $L", offset);
    b.beginControlFlow("for (int i = 0; i < $N_SIZE; i++)", p);
    if (t.type() == TensorType.FLOAT32) {
      b.addStatement("output[i] = Float.intBitsToFloat(t[offset + i])");
    } else {
      b.addStatement("output[i] = (byte) (t[offset + i] + $N_ZERO_POINT)", p);
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder("store" + i)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(ModelInterface.arrayType(t), "output")
        .addJavadoc("Copies output $L out of the arena.\n", i)
        .addCode(b.build())
        .build();
  }

  /** {@code checkLength(float[], int, String)}, for float32 tensors. */
  static MethodSpec checkFloatLength() {
    return MethodSpec.methodBuilder("checkLength")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "array")
        .addParameter(int.class, "expected")
        .addParameter(String.class, "what")
        .addJavadoc("Rejects a missing or wrong-sized array with a message naming the expected"
            + " size.\n")
        .beginControlFlow("if (array == null)")
        .addStatement("throw new NullPointerException(what + $S)", " is null")
        .endControlFlow()
        .beginControlFlow("if (array.length != expected)")
        .addStatement("throw new IllegalArgumentException(what + $S + array.length + $S"
            + " + expected)", " has ", " floats; expected ")
        .endControlFlow()
        .build();
  }

  /** {@code checkCount(byte[][], int, String)}, for the arrays-of-arrays {@code infer}. */
  static MethodSpec checkCount() {
    return MethodSpec.methodBuilder("checkCount")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(byte[][].class, "arrays")
        .addParameter(int.class, "expected")
        .addParameter(String.class, "what")
        .addJavadoc("Rejects a missing array of arrays, or one of the wrong count.\n")
        .beginControlFlow("if (arrays == null)")
        .addStatement("throw new NullPointerException(what + $S)", " is null")
        .endControlFlow()
        .beginControlFlow("if (arrays.length != expected)")
        .addStatement("throw new IllegalArgumentException(what + $S + arrays.length + $S"
            + " + expected)", " has ", " arrays; expected ")
        .endControlFlow()
        .build();
  }
}
