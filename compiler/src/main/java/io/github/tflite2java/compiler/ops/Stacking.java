package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import java.util.function.IntFunction;

/**
 * The copies PACK and UNPACK emit between one stacked tensor, {@code outer} runs of {@code n}
 * blocks of {@code inner} elements, and {@code n} separate tensors of {@code outer} blocks
 * each: block {@code i} of run {@code o} is block {@code o} of separate tensor {@code i}. With
 * more than one run the copies sit in a loop over {@code o}.
 */
final class Stacking {
  private final long outer;
  private final int n;
  private final long inner;

  Stacking(long outer, int n, long inner) {
    this.outer = outer;
    this.n = n;
    this.inner = inner;
  }

  private boolean runs() {
    return outer > 1;
  }

  /** The offset of block {@code i} of run {@code o} in a stacked tensor at {@code base}. */
  String stacked(long base, int i) {
    long at = i * inner;
    return runs() ? Layers.plus(base, "o * " + n * inner + (at == 0 ? "" : " + " + at))
        : String.valueOf(base + at);
  }

  /** The offset of block {@code o} in a separate tensor at {@code base}. */
  String separate(long base) {
    return Layers.plus(base, runs() ? (inner == 1 ? "o" : "o * " + inner) : null);
  }

  /**
   * Emits the copy of block {@code i} (for each {@code i} below {@code n}) from array {@code
   * src(i)} at {@code from(i)} to the arena at {@code to(i)}.
   */
  void emit(CodeBlock.Builder b, IntFunction<String> src, IntFunction<String> from,
      IntFunction<String> to) {
    if (runs()) {
      b.beginControlFlow("for (int o = 0; o < $L; o++)", outer);
    }
    for (int i = 0; i < n; i++) {
      GatherNd.copy(b, src.apply(i), from.apply(i), to.apply(i), inner, 0);
    }
    if (runs()) {
      b.endControlFlow();
    }
  }
}
