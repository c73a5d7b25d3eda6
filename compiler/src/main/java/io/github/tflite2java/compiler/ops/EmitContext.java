package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.Operator;

/**
 * What {@link OperatorKernel#emit} may ask of the class being generated: where tensors live in
 * the activation arena, names, and constant arrays stored with the weights. Emission reads its
 * plan, never the model graph.
 */
public interface EmitContext {

  /** Offset of a (non-constant) tensor's first element in the {@code int[]} arena. */
  int arenaOffset(int tensorIndex);

  /** Name prefix for this operator's method and constants, e.g. {@code op03}. */
  String prefix(Operator op);

  /**
   * Declares a constant {@code int[]} field holding 8-bit weights widened to int and offset by
   * their zero point ({@code q - zeroPoint}); returns the field name.
   *
   * @param raw the weights as stored (uint8 or int8 bytes), already in the kernel's layout
   * @param signed whether {@code raw} holds int8 (else uint8)
   */
  String centeredWeights(String name, byte[] raw, boolean signed, int zeroPoint);

  /**
   * Declares a constant {@code int[][]} field of {@code rows} rows of {@code cols} centered
   * 8-bit weights ({@code raw} is row-major); returns its name. Kernels that read one row per
   * input tap with the same index as their accumulators let C2 vectorize the loop.
   */
  String centeredWeightRows(
      String name, byte[] raw, boolean signed, int zeroPoint, int rows, int cols);

  /**
   * As {@link #centeredWeightRows}, with each row repeated {@code times} times end to end at
   * class initialization (stored once): an {@code int[rows][cols * times]}.
   */
  String repeatedWeightRows(
      String name, byte[] raw, boolean signed, int zeroPoint, int rows, int cols, int times);

  /**
   * Declares a constant {@code int[(rows + 1) / 2][cols]} field of centered 8-bit weights
   * ({@code raw} is row-major {@code [rows][cols]}) packed two rows to an int: row {@code 2k} in
   * the low 16 bits of element {@code [k][c]}, row {@code 2k + 1} in the high 16 bits; with an
   * odd row count the last array holds the last row as plain ints. Returns its name.
   */
  String centeredWeightPairRows(
      String name, byte[] raw, boolean signed, int zeroPoint, int rows, int cols);

  /**
   * Keeps 8-bit weights as stored ({@code raw}: uint8 or int8 bytes, already in the kernel's
   * layout) in the class's one {@code byte[]} of raw weights, which class initialization reads
   * straight from the weights without work per weight; the kernel widens them at run time (e.g.
   * into {@link #widenedRows}). Returns where they are.
   */
  RawWeights rawWeights(String name, byte[] raw);

  /**
   * Declares the local {@code int[][] local}: the per-instance scratch that layers widen their
   * raw weights into (shared: layers run one after another), made to hold at least {@code rows}
   * rows of at least {@code cols} ints, and filled by {@code widen} (the statement, given the
   * array's name) once per layer call: in the layer when it runs whole; when it runs in parts
   * ({@code setExecutor}), by the calling thread before the parts, which all read the same rows
   * (the parts' instances share the scratch). Returns the code to put where the layer needs its
   * weights (no other place may fill the scratch).
   */
  com.squareup.javapoet.CodeBlock widenedRows(String local, int rows, int cols,
      java.util.function.Function<String, com.squareup.javapoet.CodeBlock> widen);

  /** A constant {@code int[]} holding {@code values} repeated {@code times} times (stored once). */
  String repeatedIntArray(String name, int[] values, int times);

  /** Declares a constant {@code int[]} field; returns its name. */
  String intArray(String name, int[] values);

  /** Declares a constant {@code float[]} field (bit-exact); returns its name. */
  String floatArray(String name, float[] values);

  /**
   * Makes the per-instance scratch array {@code int[] field} at least {@code n} long. Layer
   * methods share scratch arrays (they run one after another).
   */
  void requireScratch(String field, int n);

  /**
   * Makes the per-instance scratch array {@code int[][] field} at least {@code rows} by {@code
   * cols}. Kernels whose inner loop reads several scratch rows use separate row arrays: C2
   * vectorizes a loop whose arrays share its index, not one array at several offsets.
   */
  void requireScratchRows(String field, int rows, int cols);

  /**
   * A helper the layer calls (a method) or uses (a class): the generated class will carry it,
   * with the helpers it calls or uses; returns the name to refer to it by.
   */
  String helper(Helper helper);

  /**
   * Declares a per-instance field {@code private final T name = initializer;} of the nested
   * helper class {@code helperClass} (a {@link Helper#isClass()} helper; or of its nested class
   * {@code nested} when not null), initialized with the instance in the order of these calls;
   * returns the field name. For kernels whose helper keeps working memory, so that inference
   * allocates nothing.
   */
  String instanceField(String name, Helper helperClass, String nested,
      com.squareup.javapoet.CodeBlock initializer);

  /**
   * Declares a class-wide {@code private static final short[] field = new short[n]} (the same
   * field for every call with that name; the longest {@code n} wins): a cache that helpers fill
   * lazily with the values of a pure function, 0 meaning "not computed yet". Shared by all
   * instances and threads: a thread that reads 0 computes the value itself, and any other value
   * it reads was written whole by a thread that computed the same value.
   */
  void requireCacheTable(String field, int n);

  /** Makes the shared {@code int[] acc} scratch array at least {@code n} long. */
  default void requireAccumulators(int n) {
    requireScratch("acc", n);
  }

  /**
   * The vector companion class's sink when the compile option {@code kernels=vector} is set,
   * else null (the default: kernels emit their Java 8 loops only).
   */
  default VectorSink vector() {
    return null;
  }
}
