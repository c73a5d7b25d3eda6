package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Operator;

/**
 * Where kernels written on {@code jdk.incubator.vector} go when the compile option {@code
 * kernels=vector} is set: a companion class beside the (Java 8) model class, compiled
 * separately, which the model class loads at class initialization when it can. Kernels reach it
 * through {@link EmitContext#vector()}.
 */
public interface VectorSink {

  /**
   * The model class's {@code static volatile boolean} that turns true when the background
   * warm-up switches to the vector kernels (the warm-up rule may also keep the scalar ones for
   * good, docs/start-up.md); layers run their own kernels until then.
   */
  String READY = "vectorReady";

  /**
   * Declares a constant {@code int[]} field of the vector class holding 8-bit weights widened
   * and centered ({@code q - zeroPoint}), already in the kernel's layout; returns its name.
   */
  String centeredWeights(String name, byte[] raw, boolean signed, int zeroPoint);

  /**
   * As {@link #centeredWeights}, a {@code float[]} field (exact: the values are integers of at
   * most 255 in magnitude), stored as the 8-bit weights; returns its name.
   */
  String centeredFloatWeights(String name, byte[] raw, boolean signed, int zeroPoint);

  /**
   * Declares a {@code static final ThreadLocal<int[]>} (or {@code <float[]>}, by {@code
   * element}) field of the vector class holding, per thread, one array of at least {@code length}
   * elements (the largest length any kernel asks for under this name); returns its name. Kernels
   * take their scratch from it instead of allocating per call (the background warm-up thread
   * runs beside inferences, so the scratch cannot be one static array).
   */
  String threadScratch(String name, Class<?> element, int length);

  /** Declares a constant {@code int[]} field of the vector class; returns its name. */
  String intArray(String name, int[] values);

  /**
   * Adds a helper method to the vector class (e.g. a layer's register-block or row method, called
   * by its layer method; the requantizing stores stay inline in them, see {@link VectorConv}).
   */
  void method(MethodSpec method);

  /**
   * Adds {@code method}, a {@code static void name(int[] arena)} of the vector class that
   * computes operator {@code op} on the model's arena, and returns the name of the model class's
   * {@code static final java.util.function.Consumer<int[]>} field that holds it (null when the
   * vector class is not in use): the layer method runs it instead of its own loops when it is
   * not null.
   */
  String layer(Operator op, MethodSpec method);

  /**
   * As {@link #layer}, for a layer whose model-class method takes {@code (from, to)}: {@code
   * method} is a {@code static void name(int[] arena, int from, int to)} of the vector class that
   * computes the outputs {@code [from, to)} of operator {@code op} in the meaning of the scalar
   * kernel's split ({@code OperatorKernel.splitExtent}: output rows, pixels, output channels or
   * units), each exactly as the whole layer would, and {@code extent} is the whole range. Returns
   * the name of the model class's {@code java.util.function.ObjLongConsumer<int[]>} field that
   * holds it (null when the vector class is not in use), called with the range packed as {@code
   * (long) from << 32 | to} ({@link #rangeCall}), so that the parts of a layer split by {@code
   * setExecutor} run the vector kernel too. (A JDK interface, not one of the model class: the
   * vector class is compiled before and apart from the model class, and does not reference it.)
   */
  String rangeLayer(Operator op, MethodSpec method, int extent);

  /**
   * The model-class statements that run the vector kernel held in {@code field} ({@link
   * #rangeLayer}) on the layer method's {@code [from, to)} when the vector kernels run, and
   * return.
   */
  static CodeBlock rangeCall(String field) {
    return CodeBlock.builder()
        .add("// kernels=vector: the vector kernel on this call's range (the whole layer or a"
            + " part).\n")
        .beginControlFlow("if ($N && $N != null)", READY, field)
        .addStatement("$N.accept(arena, (long) from << 32 | to)", field)
        .addStatement("return")
        .endControlFlow()
        .build();
  }
}
