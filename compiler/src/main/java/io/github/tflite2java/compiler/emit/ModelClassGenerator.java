package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.WeightStorage;
import io.github.tflite2java.compiler.WeightsResource;
import io.github.tflite2java.compiler.KernelBackend;
import io.github.tflite2java.compiler.ops.VectorSink;
import io.github.tflite2java.compiler.text.SafeText;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ops.EmitContext;
import io.github.tflite2java.compiler.ops.LayerPlan;
import io.github.tflite2java.compiler.ops.PreparedModel;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import io.github.tflite2java.compiler.helpers.Helper;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * Writes the Java class for a validated, planned model: public constants describing each input
 * and output, static and allocation-free {@code infer} methods (see {@link ModelInterface}), one
 * private method per layer, and the weights decoded once at class initialization.
 */
public final class ModelClassGenerator {
  private final String toolVersion;

  public ModelClassGenerator(String toolVersion) {
    this.toolVersion = toolVersion;
  }

  /**
   * What was generated, for summaries and reports.
   *
   * @param methodCount methods and constructors of the model class, its nested classes and its
   *     companions
   * @param classCount the model class, its nested classes and the classes of its companions
   * @param companions files generated beside the model class (the package's image resizer)
   */
  public record Result(JavaFile file, int methodCount, int weightBytes, int arenaInts,
      String source, int classCount, List<GeneratedSource.Companion> companions,
      WeightsResource weights, GeneratedSource.Companion vectorClass) {}

  /**
   * Checks the source about to be rendered, with a lower bound on its size (known before
   * rendering, so that an oversized class fails before it is built in memory).
   */
  @FunctionalInterface
  public interface SourceCheck {
    void check(long sourceCharsAtLeast) throws ModelCompileException;
  }

  public Result generate(PreparedModel model, MemoryPlan plan, CompileOptions options,
      String packageName, String simpleName) {
    try {
      return generate(model, plan, options, packageName, simpleName, bound -> { });
    } catch (ModelCompileException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Generates the class; with {@link WeightStorage#RESOURCE} (resolved from the options and the
   * model's weight bytes) its weights stream to a temporary file, returned as {@link
   * Result#weights()}.
   */
  public Result generate(PreparedModel model, MemoryPlan plan, CompileOptions options,
      String packageName, String simpleName, SourceCheck sourceCheck)
      throws ModelCompileException {
    ModelGraph g = model.graph();
    boolean resource = options.weights().resolve(weightBytes(g)) == WeightStorage.RESOURCE;
    ConstantPool pool = resource ? ConstantPool.resource() : new ConstantPool();
    VectorClassGenerator vector = null;
    try {
      ClassName self = ClassName.get(packageName, simpleName);
      vector = options.kernels() == KernelBackend.VECTOR
          ? new VectorClassGenerator(self, pool.isResource()) : null;
      return generate(new Job(model, plan, options, self, sourceCheck, pool, vector));
    } catch (RuntimeException | Error | ModelCompileException e) {
      // A failed generation leaves no temporary files: the vector class's, then the weights'.
      if (vector != null) {
        vector.discard();
      }
      pool.close();
      throw e;
    }
  }

  /**
   * One generation's inputs and the resources it writes into: the constant pool (a temporary
   * weights file with {@link WeightStorage#RESOURCE}) and, with the vector kernels, the vector
   * class; the public {@code generate} releases both when generation fails.
   */
  private record Job(PreparedModel model, MemoryPlan plan, CompileOptions options,
      ClassName self, SourceCheck sourceCheck, ConstantPool pool, VectorClassGenerator vector) {}

  /** Bytes of the graph's constant tensors. */
  public static long weightBytes(ModelGraph g) {
    long n = 0;
    for (io.github.tflite2java.compiler.ir.Tensor t : g.tensors()) {
      n += t.dataLength();
    }
    return n;
  }

  private Result generate(Job job) throws ModelCompileException {
    PreparedModel model = job.model();
    MemoryPlan plan = job.plan();
    CompileOptions options = job.options();
    ClassName self = job.self();
    String packageName = self.packageName();
    String simpleName = self.simpleName();
    ConstantPool pool = job.pool();
    VectorClassGenerator vector = job.vector();
    ModelGraph g = model.graph();
    Map<String, Integer> scratch = new TreeMap<>();
    Map<String, int[]> scratchRows = new TreeMap<>();
    Set<Helper> helpers = EnumSet.noneOf(Helper.class);
    Map<String, FieldSpec> instanceFields = new java.util.LinkedHashMap<>();
    Map<String, Integer> cacheTables = new TreeMap<>();
    // Layers widening raw weights: rows -> the most ints per row.
    Map<Integer, Integer> widenedRows = new TreeMap<>();
    // The layer being emitted.
    LayerEmission[] current = new LayerEmission[1];
    EmitContext ctx = new EmitContext() {
      @Override
      public VectorSink vector() {
        return vector;
      }

      @Override
      public String instanceField(String name, Helper helperClass, String nested,
          com.squareup.javapoet.CodeBlock initializer) {
        helpers.add(helperClass);
        ClassName type = self.nestedClass(helperClass.simpleName());
        if (nested != null) {
          type = type.nestedClass(nested);
        }
        if (instanceFields.containsKey(name)) {
          throw new IllegalStateException("instance field " + name + " declared twice");
        }
        instanceFields.put(name, FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.FINAL)
            .initializer(initializer).build());
        return name;
      }

      @Override
      public String helper(Helper helper) {
        helpers.add(helper);
        return helper.javaName();
      }

      @Override
      public int arenaOffset(int tensorIndex) {
        return plan.offset(tensorIndex);
      }

      @Override
      public String prefix(Operator op) {
        return String.format(Locale.ROOT, "op%02d", op.index());
      }

      @Override
      public String centeredWeights(String name, byte[] raw, boolean signed, int zeroPoint) {
        return pool.centeredWeights(name, raw, signed, zeroPoint);
      }

      @Override
      public String centeredWeightRows(
          String name, byte[] raw, boolean signed, int zeroPoint, int rows, int cols) {
        if ((long) rows * cols != raw.length) {
          throw new IllegalArgumentException(name + ": " + raw.length + " weights, not "
              + rows + "x" + cols);
        }
        return pool.centeredWeightRows(name, raw, signed, zeroPoint, rows, 1);
      }

      @Override
      public String centeredWeightPairRows(String name, byte[] raw, boolean signed,
          int zeroPoint, int rows, int cols) {
        if ((long) rows * cols != raw.length) {
          throw new IllegalArgumentException(name + ": " + raw.length + " weights, not "
              + rows + "x" + cols);
        }
        return pool.centeredPairRows(name, raw, signed, zeroPoint, rows);
      }

      @Override
      public String repeatedWeightRows(String name, byte[] raw, boolean signed, int zeroPoint,
          int rows, int cols, int times) {
        return pool.centeredWeightRows(name, raw, signed, zeroPoint, rows, times);
      }

      @Override
      public io.github.tflite2java.compiler.ops.RawWeights rawWeights(String name, byte[] raw) {
        return new io.github.tflite2java.compiler.ops.RawWeights(ConstantPool.RAW_FIELD,
            pool.rawWeights(name, raw));
      }

      @Override
      public CodeBlock widenedRows(String local, int rows, int cols,
          java.util.function.Function<String, CodeBlock> widen) {
        LayerEmission e = current[0];
        widenedRows.merge(rows, cols, Math::max);
        helpers.add(Helper.WIDENED_ROWS_SCRATCH);
        CodeBlock.Builder b = CodeBlock.builder()
            .addStatement("final int[][] $N = $N", local, WIDENED_ROWS);
        if (!e.parallel) {
          return b.add(widen.apply(local)).build();
        }
        // Widened once per call: here when the layer runs whole, else before its parts (a part
        // that is the whole range runs alone, so widening again there races with nothing).
        e.beforeParts.add(widen.apply(WIDENED_ROWS));
        return b.add("// In parts, the caller widened them before the parts ($N).\n",
                e.widenMethodName())
            .beginControlFlow("if (from == 0 && to == $L)", e.extent)
            .add(widen.apply(local))
            .endControlFlow()
            .build();
      }

      @Override
      public String repeatedIntArray(String name, int[] values, int times) {
        return pool.ints(name, values, times);
      }

      @Override
      public String intArray(String name, int[] values) {
        return pool.ints(name, values);
      }

      @Override
      public String floatArray(String name, float[] values) {
        return pool.floats(name, values);
      }

      @Override
      public void requireScratch(String field, int n) {
        scratch.merge(field, n, Math::max);
      }

      @Override
      public void requireCacheTable(String field, int n) {
        cacheTables.merge(field, n, Math::max);
      }

      @Override
      public void requireScratchRows(String field, int rows, int cols) {
        scratchRows.merge(field, new int[] {rows, cols},
            (a, b) -> new int[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
      }
    };

    List<MethodSpec> layers = new ArrayList<>();
    List<ParallelEmitter.Layer> parts = new ArrayList<>();
    for (LayerPlan layer : model.plans()) {
      if (!layer.aliasesInput()) {
        var kernel = model.kernel(layer);
        int extent = kernel.splitExtentOf(layer);
        long macs = kernel.macsOf(layer);
        LayerEmission e = new LayerEmission(ctx.prefix(layer.op()), extent,
            ParallelEmitter.splits(extent, macs));
        current[0] = e;
        MethodSpec m = kernel.emitPlan(layer, ctx);
        current[0] = null;
        layers.add(m);
        MethodSpec widen = null;
        if (!e.beforeParts.isEmpty()) {
          CodeBlock.Builder body = CodeBlock.builder();
          e.beforeParts.forEach(body::add);
          widen = MethodSpec.methodBuilder(e.widenMethodName())
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc("Widens the weights of operator $L into {@code $L}, before its parts"
                  + " run (which share them).\n", layer.op().index(), WIDENED_ROWS)
              .addCode(body.build())
              .build();
          layers.add(widen);
        }
        parts.add(new ParallelEmitter.Layer(layer.op().index(), m, extent,
            kernel.splitGrainOf(layer), macs, widen,
            vector == null ? null : vector.rangeField(layer.op().index())));
      }
    }
    // What the parts' instances share with the instance that runs the layers.
    List<String> shared = new ArrayList<>();
    shared.add("arena");
    if (!widenedRows.isEmpty()) {
      shared.add(WIDENED_ROWS);
    }
    ParallelEmitter parallel = new ParallelEmitter(self, parts, shared);
    boolean splits = parallel.parallelLayers() > 0;
    if (splits) {
      helpers.add(Helper.PARALLEL_LAYERS);
    }

    ModelInterface api = new ModelInterface(g, plan, self);
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(classJavadoc(g, plan, pool.blobSize(), api, parallel.parallelLayers()));

    api.addConstants(type);
    type.addField(constant(TypeName.INT, "ARENA_SIZE",
        "Elements of the {@code int[]} activation arena of each instance (lower bound "
            + plan.lowerBound() + ").", plan.arenaSize()));
    for (FieldSpec f : pool.fields()) {
      type.addField(f);
    }
    if (vector != null) {
      vector.addToModel(type, helpers::add);
    }
    type.addStaticBlock(pool.staticInitializer(self));
    cacheTables.forEach((field, size) -> type.addField(
        FieldSpec.builder(short[].class, field, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL).initializer("new short[$L]", size).build()));
    type.addField(FieldSpec.builder(int[].class, "arena", Modifier.PRIVATE, Modifier.FINAL)
        .build());
    scratch.forEach((field, size) -> type.addField(
        FieldSpec.builder(int[].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new int[$L]", size).build()));
    scratchRows.forEach((field, size) -> type.addField(
        FieldSpec.builder(int[][].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new int[$L][$L]", size[0], size[1]).build()));
    CodeBlock widenedScratch = widenedRows.isEmpty() ? null : CodeBlock.of(
        "$N(new int[] {$L}, new int[] {$L})", Helper.WIDENED_ROWS_SCRATCH.methodName(),
        join(widenedRows.keySet()), join(widenedRows.values()));
    if (widenedScratch != null) {
      // With parts, the constructors assign it: the parts' instances share their owner's.
      FieldSpec.Builder f = FieldSpec.builder(int[][].class, WIDENED_ROWS, Modifier.PRIVATE,
              Modifier.FINAL)
          .addJavadoc("Rows the layers widen their 8-bit weights into, at each inference$L.\n",
              splits ? " (shared with the instances that run parts of a layer)" : "");
      type.addField(splits ? f.build() : f.initializer(widenedScratch).build());
    }
    instanceFields.values().forEach(type::addField);

    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Creates an instance with its own activation memory ($L bytes)$L. Not "
            + "thread-safe: use one instance per thread.\n", 4L * plan.arenaSize(),
            api.hasState() ? " and its own state, reset" : "");
    constructor.addStatement("this.arena = new int[ARENA_SIZE]");
    if (splits && widenedScratch != null) {
      constructor.addStatement("this.$N = $L", WIDENED_ROWS, widenedScratch);
    }
    if (api.hasState()) {
      constructor.addStatement("resetState()");
    }
    type.addMethod(constructor.build());
    parallel.addTo(type);
    List<MethodSpec> runs = parallel.runMethods();
    // kernels=vector: the end of the first inference starts the vector kernels' warm-up.
    api.addMethods(type, vector == null ? runs.get(0) : vector.afterRun(runs.get(0)));
    runs.subList(1, runs.size()).forEach(type::addMethod);
    WarmUpEmitter.addTo(type, self, g, vector != null);
    for (MethodSpec m : layers) {
      type.addMethod(m);
    }
    for (MethodSpec m : pool.decodeMethods()) {
      type.addMethod(m);
    }
    LabelsEmitter.addTo(type, self, g, options);
    ImageHelpersEmitter.addTo(type, self, g, options);
    ResultsEmitter.addTo(type, self, g, options, helpers::add);
    // The helpers last, and only those the class calls (directly or through another helper).
    helpers.addAll(pool.helpers());
    if (api.hasByteArrays()) {
      helpers.add(Helper.CHECK_LENGTH);
    }
    for (MethodSpec m : GeneratedHelpers.methods(helpers)) {
      type.addMethod(m);
    }
    TypeSpec spec = type.build();
    JavaFile file = JavaFile.builder(packageName, spec)
        .indent("  ")
        .skipJavaLangImports(true)
        .addFileComment("Generated by tflite2java $L from $L ($L). Do not edit.", toolVersion,
            SafeText.comment(g.sourceName()), options.describe())
        .build();
    // Checked before rendering: the weights' literals alone.
    long literalChars = pool.literalChars();
    job.sourceCheck().check(literalChars);
    String source = render(file, helpers, literalChars + literalChars / 8);
    int nestedMethods = 0;
    int nestedClasses = 0;
    for (Helper h : GeneratedHelpers.classes(helpers)) {
      nestedMethods += h.nestedMethodCount();
      nestedClasses += 1 + h.owner().getDeclaredClasses().length;
    }
    // The companions are counted here, once per model that generates them.
    return new Result(file,
        countMethods(spec) + ImageHelpersEmitter.extraMethods(options) + nestedMethods,
        pool.blobSize(), plan.arenaSize(), source,
        countClasses(spec) + ImageHelpersEmitter.extraClasses(options)
            + nestedClasses,
        ImageHelpersEmitter.companions(packageName, options),
        pool.isResource() ? pool.finishResource((packageName.isEmpty() ? ""
            : packageName.replace('.', '/') + "/") + simpleName + ".weights") : null,
        vector == null ? null : vector.source(String.format(Locale.ROOT,
            "Generated by tflite2java %s from %s (%s). Do not edit.", toolVersion,
            SafeText.comment(g.sourceName()), options.describe())));
  }

  /** The per-instance scratch that layers widen raw weights into. */
  static final String WIDENED_ROWS = "widenedRows";

  /** A layer while its kernel emits it. */
  private static final class LayerEmission {
    final String prefix;
    final int extent;
    /** Whether it runs in parts with an executor ({@link ParallelEmitter#splits}). */
    final boolean parallel;
    /** Statements to run once before its parts (widening its weights). */
    final List<CodeBlock> beforeParts = new ArrayList<>();

    LayerEmission(String prefix, int extent, boolean parallel) {
      this.prefix = prefix;
      this.extent = extent;
      this.parallel = parallel;
    }

    String widenMethodName() {
      return prefix + "WidenWeights";
    }
  }

  private static String join(java.util.Collection<Integer> values) {
    StringBuilder sb = new StringBuilder();
    for (int v : values) {
      sb.append(sb.length() == 0 ? "" : ", ").append(v);
    }
    return sb.toString();
  }

  /**
   * The class rendered once into one buffer, the helper classes among {@code used} nested before
   * its closing brace (JavaPoet builds members from code, the nested helpers are source).
   */
  static String render(JavaFile file, Set<Helper> used, long literalChars) {
    StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16,
        literalChars + 256 * 1024));
    try {
      file.writeTo(sb);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String nested = GeneratedHelpers.nestedClasses(used);
    if (!nested.isEmpty()) {
      // A JavaFile of one top-level class ends with that class's closing brace and a newline.
      int end = sb.length() - 2;
      if (end < 0 || !sb.substring(end).equals("}\n")) {
        throw new IllegalStateException("the rendered class does not end with its closing brace");
      }
      sb.insert(end, nested);
    }
    return sb.toString();
  }

  private static int countMethods(TypeSpec t) {
    int n = t.methodSpecs.size();
    for (TypeSpec nested : t.typeSpecs) {
      n += countMethods(nested);
    }
    return n;
  }

  private static int countClasses(TypeSpec t) {
    int n = 1;
    for (TypeSpec nested : t.typeSpecs) {
      n += countClasses(nested);
    }
    return n;
  }

  private static FieldSpec constant(TypeName type, String name, String doc, long value) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", value)
        .build();
  }

  private String classJavadoc(ModelGraph g, MemoryPlan plan, int weightBytes,
      ModelInterface api, long parallelLayers) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Operator op : g.operators()) {
      counts.merge(op.kind(), 1, Integer::sum);
    }
    StringBuilder ops = new StringBuilder();
    counts.forEach((k, v) -> ops.append(ops.length() == 0 ? "" : ", ").append(k).append(" x")
        .append(v));
    return String.format(Locale.ROOT,
        "The TFLite model {@code %s}, compiled to plain Java by tflite2java %s.\n"
            + "\n<p>Model: %d bytes, sha256\n{@code %s};\n%d operators: %s.\n"
            + "\n<p>%s\n"
            + "\n<p>Weights: %d bytes. Activations: %d bytes per instance (lower bound %d).\n"
            + "\n<p>Outputs are bit-exact with TFLite's integer kernels.\n%s\n"
            + "%s",
        SafeText.comment(g.sourceName()), toolVersion, g.fileSize(),
        g.sha256(), g.operators().size(), ops, api.describe(), weightBytes,
        4L * plan.arenaSize(), 4L * plan.lowerBound(), api.usage(), parallelLayers == 0
            ? "\n<p>Threads: one. No layer is large enough to run in parts, so {@code"
                + " setExecutor}\nchanges nothing.\n"
            : String.format(Locale.ROOT, "\n<p>Threads: one by default. {@code"
                + " setExecutor(executor, parts)} opts an instance in to running\nits %d largest"
                + " layers in parts on an executor and the calling thread, with the same\noutput"
                + " bytes.\n", parallelLayers))
        .replace("$", "$$");
  }
}
