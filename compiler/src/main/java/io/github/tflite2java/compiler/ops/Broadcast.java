package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy-style broadcasting of two shapes, as TFLite's binary operators do it: shapes are aligned
 * on their last dimension, and a dimension of 1 stretches to the other's size. Adjacent
 * dimensions that broadcast the same way are merged, so the emitted loops are as few as possible
 * (one for equal shapes).
 */
final class Broadcast {
  /** Output sizes of the merged dimensions. */
  private final int[] sizes;
  /** Per merged dimension, the element stride of each input (0 where it is broadcast). */
  private final int[] strides1;
  private final int[] strides2;
  private final int[] outputShape;

  private Broadcast(int[] sizes, int[] strides1, int[] strides2, int[] outputShape) {
    this.sizes = sizes;
    this.strides1 = strides1;
    this.strides2 = strides2;
    this.outputShape = outputShape;
  }

  /**
   * The broadcast of a binary operator's inputs {@code a} and {@code b}, or {@code null} (the
   * problem reported) when they cannot be broadcast together or {@code out}'s shape is not theirs.
   */
  static Broadcast checked(ProblemCollector p, Operator op, Tensor a, Tensor b, Tensor out) {
    Broadcast bc = of(a.shape(), b.shape());
    if (bc == null) {
      p.add(INVALID_MODEL, op, "inputs " + p.describe(a.index()) + " and "
          + p.describe(b.index()) + " cannot be broadcast together");
      return null;
    }
    if (!Arrays.equals(bc.outputShape(), out.shape())) {
      p.add(INVALID_MODEL, op, "output " + p.describe(out.index()) + " should have shape "
          + Arrays.toString(bc.outputShape()).replace(" ", "") + " from its inputs");
      return null;
    }
    return bc;
  }

  /** The broadcast of two shapes, or {@code null} when a dimension pair is incompatible. */
  static Broadcast of(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] ea = extend(a, rank);
    int[] eb = extend(b, rank);
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) {
      if (ea[d] != eb[d] && ea[d] != 1 && eb[d] != 1) {
        return null;
      }
      out[d] = Math.max(ea[d], eb[d]);
    }
    // Merge runs of dimensions in which each input either moves or stays.
    List<int[]> merged = new ArrayList<>(); // {size, moves1, moves2}
    for (int d = 0; d < rank; d++) {
      if (out[d] == 1) {
        continue;
      }
      int m1 = ea[d] == 1 ? 0 : 1;
      int m2 = eb[d] == 1 ? 0 : 1;
      int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last[1] == m1 && last[2] == m2) {
        last[0] *= out[d];
      } else {
        merged.add(new int[] {out[d], m1, m2});
      }
    }
    if (merged.isEmpty()) {
      merged.add(new int[] {1, 1, 1});
    }
    int n = merged.size();
    int[] sizes = new int[n];
    int[] s1 = new int[n];
    int[] s2 = new int[n];
    int stride1 = 1;
    int stride2 = 1;
    for (int i = n - 1; i >= 0; i--) {
      int[] m = merged.get(i);
      sizes[i] = m[0];
      s1[i] = m[1] == 1 ? stride1 : 0;
      s2[i] = m[2] == 1 ? stride2 : 0;
      stride1 *= m[1] == 1 ? m[0] : 1;
      stride2 *= m[2] == 1 ? m[0] : 1;
    }
    return new Broadcast(sizes, s1, s2, out);
  }

  private static int[] extend(int[] shape, int rank) {
    int[] e = new int[rank];
    Arrays.fill(e, 1);
    System.arraycopy(shape, 0, e, rank - shape.length, shape.length);
    return e;
  }

  /** The broadcast output shape (rank of the larger input). */
  int[] outputShape() {
    return outputShape.clone();
  }

  /** True when neither input is stretched: one flat loop over all elements. */
  boolean isElementwise() {
    return sizes.length == 1 && strides1[0] == 1 && strides2[0] == 1;
  }

  /** Number of loops the emitted code nests. */
  int depth() {
    return sizes.length;
  }

  /**
   * Loops over the output in order. Inside {@code element}, {@code i1} and {@code i2} index the
   * two inputs (offsets {@code base1} and {@code base2} included) and {@code o} the output.
   */
  CodeBlock loops(int base1, int base2, int outBase, CodeBlock element) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (sizes.length == 1 && sizes[0] == 1) {
      // One element: no loop.
      b.addStatement("final int o = $L, i1 = $L, i2 = $L", outBase, base1, base2);
      return b.add(element).build();
    }
    b.addStatement("int o = $L", outBase);
    String p1 = String.valueOf(base1);
    String p2 = String.valueOf(base2);
    for (int d = 0; d < sizes.length; d++) {
      String a = "a" + d;
      boolean innermost = d == sizes.length - 1;
      b.beginControlFlow(innermost ? "for (int $1N = 0; $1N < $2L; $1N++, o++)"
          : "for (int $1N = 0; $1N < $2L; $1N++)", a, sizes[d]);
      String n1 = innermost ? "i1" : "p1_" + d;
      String n2 = innermost ? "i2" : "p2_" + d;
      b.addStatement("final int $N = $L, $N = $L", n1, index(p1, a, strides1[d]), n2,
          index(p2, a, strides2[d]));
      p1 = n1;
      p2 = n2;
    }
    b.add(element);
    for (int d = 0; d < sizes.length; d++) {
      b.endControlFlow();
    }
    return b.build();
  }

  /** {@code base + counter * stride}, without the terms that are zero or the factor 1. */
  private static String index(String base, String counter, int stride) {
    if (stride == 0) {
      return base;
    }
    String step = stride == 1 ? counter : counter + " * " + stride;
    return base.equals("0") ? step : base + " + " + step;
  }
}
