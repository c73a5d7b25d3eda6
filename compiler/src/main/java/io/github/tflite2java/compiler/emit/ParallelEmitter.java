package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ops.VectorSink;
import java.util.List;
import java.util.concurrent.Executor;
import javax.lang.model.element.Modifier;

/**
 * The opt-in intra-op threads of a generated class: {@code run()} calling each layer (the large
 * splittable ones through the parallel runner when one is set, after widening their weights
 * once), {@code setExecutor(Executor, int)}, the worker instances that share the arena and the
 * widened weights (each with its own other scratch arrays) and the dispatch from a layer part to
 * its method. The default path stays as it was: one call per layer on the calling thread,
 * nothing allocated. A class none of whose layers splits carries none of this machinery (no
 * nested runner, no workers): its {@code setExecutor} checks its arguments and changes nothing.
 */
final class ParallelEmitter {

  /**
   * Layers with fewer multiply-accumulates run whole on the calling thread even with an
   * executor: handing a part to another thread costs tens of microseconds, about what 2^20 MACs
   * take at this project's kernels' speed. The system property {@code
   * tflite2java.parallelMinMacs} changes it for tests (the randomized suite's layers are small),
   * at generation time.
   */
  static final long MIN_MACS = Long.getLong("tflite2java.parallelMinMacs", 1L << 20);

  /** At most this many parts (each part past the first is an instance with its own scratch). */
  static final int MAX_PARTS = 64;

  /**
   * One emitted layer method.
   *
   * @param extent the range its {@code (from, to)} parameters split, 0 when it has none
   * @param grain split boundaries are multiples of this
   * @param macs its multiply-accumulates per inference
   * @param widen the method that widens its weights before its parts run (the parts share the
   *     widened rows), null when it has none
   * @param vector the model class's field of its vector kernel on ranges ({@code
   *     kernels=vector}), which its parts run instead of the scalar kernel once the vector
   *     kernels run (so that widening is not needed then), null when it has none
   */
  record Layer(int index, MethodSpec method, int extent, int grain, long macs, MethodSpec widen,
      String vector) {
    boolean parallel() {
      return splits(extent, macs);
    }
  }

  /** Whether a layer whose range has {@code extent} elements runs in parts with an executor. */
  static boolean splits(int extent, long macs) {
    return extent >= 2 && macs >= MIN_MACS;
  }

  private final ClassName self;
  private final List<Layer> layers;
  private final List<String> shared;

  /**
   * @param shared the instance fields the workers take from the instance they work for (the
   *     arena, the widened weights)
   */
  ParallelEmitter(ClassName self, List<Layer> layers, List<String> shared) {
    this.self = self;
    this.layers = List.copyOf(layers);
    this.shared = List.copyOf(shared);
  }

  /** Layers that split into parts with an executor. */
  long parallelLayers() {
    return layers.stream().filter(Layer::parallel).count();
  }

  /**
   * Layers per {@code run} method: at most about 25 bytecode bytes each, so that {@code run()}
   * stays far below HotSpot's 8,000-byte JIT limit; a model with more layers gets {@code run()}
   * calling {@code run0()}, {@code run1()}, ...
   */
  static final int LAYERS_PER_METHOD = 200;

  /**
   * {@code run()}, which runs every layer in model order (the large ones in parts when {@code
   * parallel} is set), and the methods it calls when the layers do not fit one method.
   */
  List<MethodSpec> runMethods() {
    if (layers.size() <= LAYERS_PER_METHOD) {
      return List.of(run("run", layers));
    }
    List<MethodSpec> methods = new java.util.ArrayList<>();
    CodeBlock.Builder top = CodeBlock.builder();
    for (int from = 0, k = 0; from < layers.size(); from += LAYERS_PER_METHOD, k++) {
      MethodSpec m = run("run" + k, layers.subList(from,
          Math.min(layers.size(), from + LAYERS_PER_METHOD)));
      methods.add(m);
      top.addStatement("$N()", m);
    }
    methods.add(0, MethodSpec.methodBuilder("run")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs every layer, in model order, on the arena.\n")
        .addCode(top.build())
        .build());
    return methods;
  }

  private static MethodSpec run(String name, List<Layer> layers) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Layer l : layers) {
      if (l.extent() == 0) {
        b.addStatement("$N()", l.method());
      } else if (!l.parallel()) {
        b.addStatement("$N(0, $L)", l.method(), l.extent());
      } else {
        b.beginControlFlow("if (parallel == null)");
        b.addStatement("$N(0, $L)", l.method(), l.extent());
        b.nextControlFlow("else");
        if (l.widen() != null && l.vector() != null) {
          // The widened rows feed only the scalar kernel; the parts run the vector kernel when
          // it is on (vectorReady never turns false, so they see it on too).
          b.beginControlFlow("if (!$N || $N == null)", VectorSink.READY, l.vector());
          b.addStatement("$N()", l.widen());
          b.endControlFlow();
        } else if (l.widen() != null) {
          b.addStatement("$N()", l.widen());
        }
        b.addStatement("parallel.run($L, $L, $L)", l.index(), l.extent(), l.grain());
        b.endControlFlow();
      }
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(name.equals("run") ? "Runs every layer, in model order, on the arena.\n"
            : "Runs layers " + layers.get(0).index() + " to "
                + layers.get(layers.size() - 1).index() + ", in model order, on the arena.\n")
        .addCode(b.build())
        .build();
  }

  /**
   * The fields, the worker constructor, {@code setExecutor} and the part dispatch; only {@code
   * setExecutor} when no layer splits.
   */
  void addTo(TypeSpec.Builder type) {
    if (parallelLayers() == 0) {
      type.addMethod(setExecutorWithoutParts());
      return;
    }
    String runner = Helper.PARALLEL_LAYERS.simpleName();
    ClassName runnerType = self.nestedClass(runner);
    type.addField(FieldSpec.builder(runnerType, "parallel", Modifier.PRIVATE)
        .addJavadoc("Runs the large layers in parts; null (the default): every layer runs whole"
            + " on the calling thread.\n").build());
    type.addField(FieldSpec.builder(ArrayTypeName.of(self), "workers", Modifier.PRIVATE)
        .addJavadoc("Instances sharing this one's arena that run parts 1, 2, ... of a layer.\n")
        .build());
    MethodSpec.Builder worker = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("A worker of a parallel instance: its own scratch arrays, the $L of {@code"
            + " owner}.\n", String.join(" and ", shared))
        .addParameter(self, "owner");
    for (String field : shared) {
      worker.addStatement("this.$N = owner.$N", field, field);
    }
    type.addMethod(worker.build());
    type.addMethod(setExecutor(runner, runnerType));
    MethodSpec.Builder dispatch = MethodSpec.methodBuilder("runPart")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs rows [from, to) of layer {@code layer} on instance {@code part}.\n")
        .addParameter(int.class, "layer")
        .addParameter(int.class, "part")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addStatement("final $T s = part == 0 ? this : workers[part - 1]", self)
        .beginControlFlow("switch (layer)");
    for (Layer l : layers) {
      if (l.parallel()) {
        dispatch.addCode("case $L:\n", l.index()).addStatement("$>s.$N(from, to)", l.method())
            .addStatement("return$<");
      }
    }
    dispatch.addCode("default:\n")
        .addStatement("$>throw new $T($S + layer)$<", IllegalStateException.class,
            "no parallel layer ")
        .endControlFlow();
    type.addMethod(dispatch.build());
  }

  /** The {@code setExecutor} of a class none of whose layers splits. */
  private static MethodSpec setExecutorWithoutParts() {
    return MethodSpec.methodBuilder("setExecutor")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Opt-in intra-op threads, as every generated class has them; this model has no"
            + " layer large\nenough to run in parts (CONV_2D, DEPTHWISE_CONV_2D and"
            + " FULLY_CONNECTED with at least $L\nmultiply-accumulates), so its inferences run"
            + " on the calling thread whatever is set here,\nwith the same output bytes, and the"
            + " executor is never used. The arguments are checked as in\nclasses that split"
            + " layers, so code written for any generated class works with this one.\n"
            + "\n@param executor not used\n"
            + "@param parts 1 to $L\n"
            + "@throws IllegalArgumentException for {@code parts} outside 1 to $L\n"
            + "@throws NullPointerException for a null executor with {@code parts} > 1\n",
            MIN_MACS, MAX_PARTS, MAX_PARTS)
        .addParameter(Executor.class, "executor")
        .addParameter(int.class, "parts")
        .beginControlFlow("if (parts < 1 || parts > $L)", MAX_PARTS)
        .addStatement("throw new $T($S + parts)", IllegalArgumentException.class,
            "parts must be 1 to " + MAX_PARTS + ", not ")
        .endControlFlow()
        .beginControlFlow("if (parts > 1 && executor == null)")
        .addStatement("throw new $T($S)", NullPointerException.class, "executor")
        .endControlFlow()
        .build();
  }

  private MethodSpec setExecutor(String runner, ClassName runnerType) {
    long split = parallelLayers();
    TypeSpec parts = TypeSpec.anonymousClassBuilder("")
        .addSuperinterface(runnerType.nestedClass("Parts"))
        .addMethod(MethodSpec.methodBuilder("runPart")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(int.class, "layer")
            .addParameter(int.class, "part")
            .addParameter(int.class, "from")
            .addParameter(int.class, "to")
            .addStatement("$T.this.runPart(layer, part, from, to)", self)
            .build())
        .build();
    return MethodSpec.methodBuilder("setExecutor")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Opt-in intra-op threads: from now on this instance's inferences run each large"
            + " layer\n(CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED with at least $L"
            + " multiply-accumulates:\n$L of this model's layers) in {@code parts} parts of"
            + " nearly equal size (output rows,\npixels or output channels), {@code parts - 1}"
            + " of them handed to {@code executor} and the\nrest run by the calling thread, which"
            + " returns when all are done. The outputs are the same\nbytes as with one thread."
            + " {@code parts} = 1 returns to the default: every layer on the\ncalling thread"
            + " (the executor is then not used, and may be null).\n"
            + "\n<p>The calling thread also runs any part the executor has not started by the"
            + " time it is\ndone with its own, so a busy or rejecting executor slows an inference"
            + " down but never\nblocks it. The generated code allocates nothing per inference"
            + " (the tasks are built here);\nwhat the executor allocates to queue a task is its"
            + " own. Each part past the first has\nits own scratch memory (a few kilobytes to a"
            + " few hundred). The instance is still not\nthread-safe: one inference at a time."
            + " E.g. {@code model.setExecutor(pool, 2)} with a\n{@code"
            + " java.util.concurrent.Executors.newFixedThreadPool(1)} {@code pool} (shared by"
            + " any number\nof instances) uses two cores per inference.\n"
            + "\n@param executor runs parts 2, 3, ... of each large layer (never called for"
            + " {@code parts} = 1)\n"
            + "@param parts parts per large layer, 1 to $L; the number of cores an inference may"
            + " use\n"
            + "@throws IllegalArgumentException for {@code parts} outside 1 to $L\n"
            + "@throws NullPointerException for a null executor with {@code parts} > 1\n",
            MIN_MACS, split, MAX_PARTS, MAX_PARTS)
        .addParameter(Executor.class, "executor")
        .addParameter(int.class, "parts")
        .beginControlFlow("if (parts < 1 || parts > $L)", MAX_PARTS)
        .addStatement("throw new $T($S + parts)", IllegalArgumentException.class,
            "parts must be 1 to " + MAX_PARTS + ", not ")
        .endControlFlow()
        .beginControlFlow("if (parts == 1)")
        .addStatement("parallel = null")
        .addStatement("workers = null")
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("if (executor == null)")
        .addStatement("throw new $T($S)", NullPointerException.class, "executor")
        .endControlFlow()
        .addStatement("final $T[] w = new $T[parts - 1]", self, self)
        .beginControlFlow("for (int i = 0; i < w.length; i++)")
        .addStatement("w[i] = new $T(this)", self)
        .endControlFlow()
        .addStatement("workers = w")
        .addStatement("parallel = new $N(executor, parts, $L)", runner, parts)
        .build();
  }
}
