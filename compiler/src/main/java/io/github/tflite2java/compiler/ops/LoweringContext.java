package io.github.tflite2java.compiler.ops;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;

/**
 * What an operator lowering may ask of the class being generated: where tensors live in the
 * activation arena, and named constant arrays stored with the weights.
 */
public interface LoweringContext {

  ModelGraph graph();

  /** The compile options (target TFLite build, ...). */
  CompileOptions options();

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

  /** Declares a constant {@code int[]} field; returns its name. */
  String intArray(String name, int[] values);

  /** Declares a constant {@code float[]} field (bit-exact); returns its name. */
  String floatArray(String name, float[] values);

  /** Makes the shared {@code int[] acc} scratch array at least {@code n} long. */
  void requireAccumulators(int n);
}
