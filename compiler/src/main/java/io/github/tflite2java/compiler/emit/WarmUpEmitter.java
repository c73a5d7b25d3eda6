package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Tensor;
import javax.lang.model.element.Modifier;

/**
 * The generated {@code static void warmUp()}: inferences on a fixed input on an instance of its
 * own, so that the JIT compiles the layer methods before the first inference that counts (and,
 * with the vector kernels, waits until the background warm-up has switched them on).
 */
final class WarmUpEmitter {

  /**
   * Inferences {@code warmUp()} runs: a bound chosen, not tuned. One fresh JDK 25 JVM on a
   * machine loaded by other builds (load average about 20 on 2 vCPUs; {@code first-result.sh
   * --series 40}): the flagship's 1st inference took 20.3 s, the 2nd 12.0 s, the 10th 3.1 s, the
   * 20th 1.5 s and the 40th 0.8 s, against about 0.3 s steady at that load; so 20 inferences
   * take the first one that counts most of the way, not all of it, and cost about as many
   * slow inferences. A quiet machine is several times faster throughout.
   */
  static final int INFERENCES = 20;

  private WarmUpEmitter() {}

  static void addTo(TypeSpec.Builder type, ClassName self, ModelGraph g, boolean vector) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("warmUp")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Runs $L inferences on an instance of its own, on a fixed input (8-bit inputs a"
            + " pattern of\nvalues, other inputs zeros), so that the JIT compiles the layers"
            + " before the first inference\nthat counts: call it once at start-up, e.g. on a"
            + " background thread while the application\nstarts, when the first result must be"
            + " fast. It costs about $L slow-to-steady inferences\n(README, \"Time to first"
            + " result\"); changes no instance (nor any state); thread-safe.$L\n", INFERENCES,
            INFERENCES, vector ? " With the\nvector kernels it also waits (at most a minute)"
                + " until their background warm-up has\nswitched them on." : "")
        .addStatement("final $T model = new $T()", self, self)
        .addStatement("final byte[][] in = new byte[$L][]", g.inputs().length)
        .addStatement("final byte[][] out = new byte[$L][]", g.outputs().length);
    int k = 0;
    for (int i : g.inputs()) {
      Tensor t = g.tensor(i);
      m.addStatement("in[$L] = new byte[$L]", k, t.elementCount() * t.type().byteSize());
      if (t.type().isQuantized8()) {
        m.beginControlFlow("for (int i = 0; i < in[$L].length; i++)", k)
            .addStatement("in[$L][i] = (byte) (i * 37 + (i >>> 5))", k)
            .endControlFlow();
      }
      k++;
    }
    k = 0;
    for (int i : g.outputs()) {
      Tensor t = g.tensor(i);
      m.addStatement("out[$L] = new byte[$L]", k++, t.elementCount() * t.type().byteSize());
    }
    m.beginControlFlow("for (int r = 0; r < $L; r++)", INFERENCES)
        .addStatement("model.inferRaw(in, out)")
        .endControlFlow();
    if (vector) {
      m.beginControlFlow("for (int waited = 0; vectorWarmingUp() && waited < 6000; waited++)")
          .beginControlFlow("try")
          .addStatement("Thread.sleep(10)")
          .nextControlFlow("catch ($T e)", InterruptedException.class)
          .addStatement("Thread.currentThread().interrupt()")
          .addStatement("return")
          .endControlFlow()
          .endControlFlow();
    }
    type.addMethod(m.build());
  }
}
