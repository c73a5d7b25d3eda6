package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import javax.lang.model.element.Modifier;

/**
 * The private methods of a generated class that move model inputs and outputs into and out of
 * the activation arena, and check the caller's arrays.
 *
 * <p>The arena convention, one {@code int} per element: uint8, int8 and int16 values minus their
 * zero point (0 when the tensor is not quantized); int32 as is; int64 as an {@code int} (the
 * int64 tensors this compiler produces hold indices, which fit; an int64 input outside the int
 * range is rejected); float32 as its raw bits ({@link Float#floatToRawIntBits}); bool as 0/1.
 *
 * <p>Typed copies ({@code load<i>}/{@code store<i>}) take the Java array of the tensor's type;
 * raw copies ({@code loadRaw<i>}/{@code storeRaw<i>}) take the tensor's bytes in TFLite's layout
 * (little-endian for multi-byte types). For uint8/int8 both are the same method.
 */
final class BoundaryCopies {

  private BoundaryCopies() {}

  /** The Java array type of a tensor at the boundary. */
  static TypeName arrayType(TensorType t) {
    switch (t) {
      case INT16: return ArrayTypeName.of(TypeName.SHORT);
      case INT32: return ArrayTypeName.of(TypeName.INT);
      case INT64: return ArrayTypeName.of(TypeName.LONG);
      case FLOAT32: return ArrayTypeName.of(TypeName.FLOAT);
      case BOOL: return ArrayTypeName.of(TypeName.BOOLEAN);
      default: return ArrayTypeName.of(TypeName.BYTE);
    }
  }

  /** What the elements of {@link #arrayType} are called in messages and Javadoc. */
  static String unit(TensorType t) {
    switch (t) {
      case INT16: return "shorts";
      case INT32: return "ints";
      case INT64: return "longs";
      case FLOAT32: return "floats";
      case BOOL: return "booleans";
      default: return "bytes";
    }
  }

  /** Whether the typed array is the raw byte layout (uint8, int8). */
  static boolean rawIsTyped(TensorType t) {
    return t.isQuantized8();
  }

  /** Whether the arena holds the tensor minus a zero point. */
  static boolean centered(Tensor t) {
    return (t.type().isQuantized8() || t.type() == TensorType.INT16) && t.quant().isPresent();
  }

  /** {@code load<i>(input)}: model input {@code i} (constants prefixed {@code p}). */
  static MethodSpec load(int i, Tensor t, String p, int offset) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int offset = $L", offset);
    b.beginControlFlow("for (int i = 0; i < $N_SIZE; i++)", p);
    CodeBlock zp = centered(t) ? CodeBlock.of(" - $N_ZERO_POINT", p) : CodeBlock.of("");
    switch (t.type()) {
      case UINT8:
        b.addStatement("t[offset + i] = (input[i] & 0xFF)$L", zp);
        break;
      case INT8:
      case INT16:
        b.addStatement("t[offset + i] = input[i]$L", zp);
        break;
      case INT32:
        b.addStatement("t[offset + i] = input[i]");
        break;
      case INT64:
        b.addStatement("final long v = input[i]");
        b.beginControlFlow("if (v != (int) v)");
        b.addStatement("throw new IllegalArgumentException($S + i + $S + v + $S)", "input " + i
            + " element ", " is ", ", outside the int range this model computes with");
        b.endControlFlow();
        b.addStatement("t[offset + i] = (int) v");
        break;
      case BOOL:
        b.addStatement("t[offset + i] = input[i] ? 1 : 0");
        break;
      default:
        b.add("// A float32 input is kept as its bits until an operator reads it.\n");
        b.addStatement("t[offset + i] = Float.floatToRawIntBits(input[i])");
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder("load" + i)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(arrayType(t.type()), "input")
        .addJavadoc("Copies input $L into the arena$L.\n", i,
            centered(t) ? ", minus its zero point" : "")
        .addCode(b.build())
        .build();
  }

  /** {@code store<i>(output)}: model output {@code i}, constants prefixed {@code p}. */
  static MethodSpec store(int i, Tensor t, String p, int offset) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int offset = $L", offset);
    b.beginControlFlow("for (int i = 0; i < $N_SIZE; i++)", p);
    CodeBlock zp = centered(t) ? CodeBlock.of(" + $N_ZERO_POINT", p) : CodeBlock.of("");
    switch (t.type()) {
      case UINT8:
      case INT8:
        b.addStatement("output[i] = (byte) (t[offset + i]$L)", zp);
        break;
      case INT16:
        b.addStatement("output[i] = (short) (t[offset + i]$L)", zp);
        break;
      case INT32:
      case INT64:
        b.addStatement("output[i] = t[offset + i]");
        break;
      case BOOL:
        b.addStatement("output[i] = t[offset + i] != 0");
        break;
      default:
        b.addStatement("output[i] = Float.intBitsToFloat(t[offset + i])");
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder("store" + i)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(arrayType(t.type()), "output")
        .addJavadoc("Copies output $L out of the arena.\n", i)
        .addCode(b.build())
        .build();
  }

  /**
   * {@code loadRaw<i>(byte[] input)}: model input {@code i} from TFLite's raw bytes; only for
   * tensors whose typed array is not {@code byte[]}.
   */
  static MethodSpec loadRaw(int i, Tensor t, String p, int offset) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int offset = $L", offset);
    int size = t.type().byteSize();
    b.beginControlFlow("for (int i = 0, j = 0; i < $N_SIZE; i++, j += $L)", p, size);
    CodeBlock zp = centered(t) ? CodeBlock.of(" - $N_ZERO_POINT", p) : CodeBlock.of("");
    switch (t.type()) {
      case INT16:
        b.addStatement("t[offset + i] = (short) ((input[j] & 0xFF) | (input[j + 1] << 8))$L",
            zp);
        break;
      case INT32:
      case FLOAT32:
        if (t.type() == TensorType.FLOAT32) {
          b.add("// float32: its raw bits, as the typed copy keeps them.\n");
        }
        b.addStatement("t[offset + i] = $L", le32("input", "j"));
        break;
      case INT64:
        b.addStatement("final int low = $L", le32("input", "j"));
        b.addStatement("final int high = $L", le32("input", "j + 4"));
        b.beginControlFlow("if (high != (low >> 31))");
        b.addStatement("throw new IllegalArgumentException($S + i + $S)", "input " + i
            + " element ", " is outside the int range this model computes with");
        b.endControlFlow();
        b.addStatement("t[offset + i] = low");
        break;
      case BOOL:
        b.addStatement("t[offset + i] = input[j] != 0 ? 1 : 0");
        break;
      default:
        throw new IllegalArgumentException("no raw load for " + t.type());
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder("loadRaw" + i)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(byte[].class, "input")
        .addJavadoc("Copies input $L into the arena from its raw little-endian bytes.\n", i)
        .addCode(b.build())
        .build();
  }

  /** The little-endian int at {@code array[at..at + 3]}. */
  private static CodeBlock le32(String array, String at) {
    return CodeBlock.of("($N[$L] & 0xFF) | (($N[$L + 1] & 0xFF) << 8)"
        + " | (($N[$L + 2] & 0xFF) << 16) | ($N[$L + 3] << 24)",
        array, at, array, at, array, at, array, at);
  }

  /** {@code storeRaw<i>(byte[] output)}: model output {@code i} as TFLite's raw bytes. */
  static MethodSpec storeRaw(int i, Tensor t, String p, int offset) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final int offset = $L", offset);
    int size = t.type().byteSize();
    b.beginControlFlow("for (int i = 0, j = 0; i < $N_SIZE; i++, j += $L)", p, size);
    CodeBlock zp = centered(t) ? CodeBlock.of(" + $N_ZERO_POINT", p) : CodeBlock.of("");
    switch (t.type()) {
      case INT16:
        b.addStatement("final int v = t[offset + i]$L", zp);
        b.addStatement("output[j] = (byte) v");
        b.addStatement("output[j + 1] = (byte) (v >> 8)");
        break;
      case INT32:
      case FLOAT32:
      case INT64:
        b.addStatement("final int v = t[offset + i]");
        b.addStatement("output[j] = (byte) v");
        b.addStatement("output[j + 1] = (byte) (v >> 8)");
        b.addStatement("output[j + 2] = (byte) (v >> 16)");
        b.addStatement("output[j + 3] = (byte) (v >> 24)");
        if (t.type() == TensorType.INT64) {
          b.addStatement("final byte sign = (byte) (v >> 31)");
          b.addStatement("output[j + 4] = sign");
          b.addStatement("output[j + 5] = sign");
          b.addStatement("output[j + 6] = sign");
          b.addStatement("output[j + 7] = sign");
        }
        break;
      case BOOL:
        b.addStatement("output[j] = (byte) (t[offset + i] != 0 ? 1 : 0)");
        break;
      default:
        throw new IllegalArgumentException("no raw store for " + t.type());
    }
    b.endControlFlow();
    return MethodSpec.methodBuilder("storeRaw" + i)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(byte[].class, "output")
        .addJavadoc("Copies output $L out of the arena as raw little-endian bytes.\n", i)
        .addCode(b.build())
        .build();
  }

  /**
   * {@code checkLength(T[], int, String)} for a non-byte array type ({@code byte[]} uses the
   * shared helper).
   */
  static MethodSpec checkLength(TensorType type) {
    return MethodSpec.methodBuilder("checkLength")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(arrayType(type), "array")
        .addParameter(int.class, "expected")
        .addParameter(String.class, "what")
        .addJavadoc("Rejects a missing or wrong-sized array with a message naming the expected"
            + " size.\n")
        .beginControlFlow("if (array == null)")
        .addStatement("throw new NullPointerException(what + $S)", " is null")
        .endControlFlow()
        .beginControlFlow("if (array.length != expected)")
        .addStatement("throw new IllegalArgumentException(what + $S + array.length + $S"
            + " + expected)", " has ", " " + unit(type) + "; expected ")
        .endControlFlow()
        .build();
  }

  /** {@code checkCount(byte[][], int, String)}, for the arrays-of-arrays methods. */
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
