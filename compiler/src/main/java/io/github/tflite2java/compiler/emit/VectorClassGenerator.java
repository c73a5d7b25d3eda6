package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.helpers.VectorWarmUpRule;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ops.VectorSink;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import javax.lang.model.element.Modifier;

/**
 * The vector companion class of a model compiled with {@code kernels=vector}: {@code
 * <Name>Vector}, in the model's package, written on {@code jdk.incubator.vector} and compiled
 * apart from the (Java 8) model class, which it does not reference. It holds its own weights in
 * the layouts its kernels read (laid out at build time; in the resource {@code
 * <Name>Vector.weights} beside it when the model class has a weights resource, else in string
 * constants like the model class's), one {@code static void opNN...(int[] arena)} per layer it
 * covers, and {@code public static Object[] layers()}: the layers as {@code
 * Consumer<int[]>}s in the model class's order, then a description.
 *
 * <p>The model class gets a loader and a warm-up ({@link #addToModel}): the end of its first
 * inference starts a thread that calls {@code layers()} reflectively (unless the system property
 * {@code tflite2java.kernels} is {@code scalar}), warms the vector kernels up and switches the
 * layers to them or keeps the scalar kernels ({@link VectorWarmUpRule}); when loading fails (no
 * {@code jdk.incubator.vector} module, a JVM older than the vector class, vectors narrower than
 * 256 bits, no vector class on the class path) it keeps its own kernels. {@code kernels()} says
 * which run and why.
 */
final class VectorClassGenerator implements VectorSink {
  static final String PROPERTY = "tflite2java.kernels";
  static final String WARM_UP_PROPERTY = "tflite2java.vectorWarmUp";
  /** The property that replaces the comparison with a fixed number of warm-up rounds. */
  static final String ROUNDS_PROPERTY = "tflite2java.vectorWarmUpRounds";
  /**
   * Rounds after which the warm-up has decided, whatever the timings: the bound of {@link
   * VectorWarmUpRule#vectorWarmUpDecision} (its unit test checks it).
   */
  static final int MAX_ROUNDS = 1000;
  private static final String READY = VectorSink.READY;
  private static final String STARTED = "vectorWarmUpStarted";
  private static final String DECISION = "vectorWarmUpOutcome";
  private static final String ROUND = "vectorWarmUpRound";
  private static final ClassName INT_VECTOR = ClassName.get("jdk.incubator.vector", "IntVector");
  private static final ClassName SPECIES =
      ClassName.get("jdk.incubator.vector", "VectorSpecies");
  private static final TypeName LAYER =
      ParameterizedTypeName.get(ClassName.get(Consumer.class), ArrayTypeName.of(TypeName.INT));
  /** The type of a layer that also runs a range of its outputs ({@link #rangeLayer}). */
  private static final TypeName RANGE_LAYER = ParameterizedTypeName.get(
      ClassName.get(ObjLongConsumer.class), ArrayTypeName.of(TypeName.INT));
  /** The vector class's nested base class of its range layers. */
  private static final String RANGE_CLASS = "Range";

  private final ClassName model;
  private final ClassName vectorClass;
  private final ConstantPool pool;
  private final List<MethodSpec> methods = new ArrayList<>();
  private final List<String> layerMethods = new ArrayList<>();
  private final List<String> modelFields = new ArrayList<>();
  /** Per layer: the whole range of a range layer ({@link #rangeLayer}), else 0. */
  private final List<Integer> extents = new ArrayList<>();
  /** Operator index -> the model class's field of its range layer. */
  private final Map<Integer, String> rangeFields = new TreeMap<>();
  private final Map<String, Scratch> scratch = new TreeMap<>();

  /**
   * @param resource whether the weights go to the resource {@code <Name>Vector.weights} beside
   *     the class (as the model class's own do when it has a resource), not string constants
   */
  VectorClassGenerator(ClassName model, boolean resource) {
    this.model = model;
    this.vectorClass = model.peerClass(model.simpleName() + "Vector");
    this.pool = resource ? ConstantPool.resource() : new ConstantPool();
  }

  /** Deletes the weights' temporary file after a failure. */
  void discard() {
    pool.close();
  }

  @Override
  public String centeredWeights(String name, byte[] raw, boolean signed, int zeroPoint) {
    return pool.centeredWeights(name, raw, signed, zeroPoint);
  }

  @Override
  public String centeredFloatWeights(String name, byte[] raw, boolean signed, int zeroPoint) {
    return pool.centeredFloatWeights(name, raw, signed, zeroPoint);
  }

  @Override
  public String threadScratch(String name, Class<?> element, int length) {
    if (element != int.class && element != float.class) {
      throw new IllegalArgumentException("int or float scratch, not " + element);
    }
    Scratch before = scratch.get(name);
    if (before != null && before.element() != element) {
      throw new IllegalArgumentException(name + " is a " + before.element() + " scratch");
    }
    scratch.put(name, new Scratch(element,
        before == null ? length : Math.max(before.length(), length)));
    return name;
  }

  /** A per-thread scratch array's element type and length. */
  private record Scratch(Class<?> element, int length) {}

  @Override
  public String intArray(String name, int[] values) {
    return pool.ints(name, values);
  }

  @Override
  public void method(MethodSpec method) {
    methods.add(method);
  }

  @Override
  public String layer(Operator op, MethodSpec method) {
    methods.add(method);
    layerMethods.add(method.name);
    extents.add(0);
    String field = "VECTOR_" + method.name.toUpperCase(Locale.ROOT);
    modelFields.add(field);
    return field;
  }

  @Override
  public String rangeLayer(Operator op, MethodSpec method, int extent) {
    if (extent < 1) {
      throw new IllegalArgumentException(method.name + ": range of " + extent);
    }
    String field = layer(op, method);
    extents.set(extents.size() - 1, extent);
    rangeFields.put(op.index(), field);
    return field;
  }

  /**
   * The model class's field holding operator {@code opIndex}'s vector kernel when it runs on
   * ranges ({@link #rangeLayer}), else null: its parts run the vector kernel when the vector
   * kernels run, and need nothing the scalar kernel prepares before them.
   */
  String rangeField(int opIndex) {
    return rangeFields.get(opIndex);
  }

  /** The model class's type of layer {@code i}'s field. */
  private TypeName fieldType(int i) {
    return extents.get(i) > 0 ? RANGE_LAYER : LAYER;
  }

  /**
   * Layer fields assigned per generated method ({@code setVectorLayersN}): about 11 bytecode
   * bytes each, so a method stays far below HotSpot's 8,000-byte limit.
   */
  static final int LAYERS_PER_SETTER = 500;

  /**
   * The loader, the layer fields, the warm-up and {@code kernels()} of the model class.
   *
   * <p>Scheduling (docs/start-up.md): class initialization only reads the two system properties;
   * the companion is loaded, and its kernels warmed up, by a daemon thread that the end of the
   * first inference starts ({@link #afterRun}), so the first inference runs the scalar kernels
   * with the machine to itself, as a class compiled without {@code kernels=vector} would. {@code
   * kernels()} loads the companion on the caller's thread when it has not been loaded yet (to
   * say which kernels run). With {@code tflite2java.vectorWarmUp=false} class initialization
   * loads the companion and the layers run its kernels from the first inference on.
   */
  void addToModel(TypeSpec.Builder type, Consumer<Helper> helpers) {
    int n = modelFields.size();
    helpers.accept(Helper.VECTOR_WARM_UP_DECISION);
    type.addField(FieldSpec.builder(Object.class, "VECTOR_KERNELS", Modifier.PRIVATE,
            Modifier.STATIC, Modifier.VOLATILE)
        .addJavadoc("The vector companion's layers and description, or why it is not used; null"
            + " until loaded.\n").build());
    type.addField(FieldSpec.builder(Object.class, "VECTOR_LOCK", Modifier.PRIVATE,
            Modifier.STATIC, Modifier.FINAL)
        .initializer("new Object()").build());
    type.addField(FieldSpec.builder(boolean.class, READY, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.VOLATILE)
        .addJavadoc("Whether the layers run the vector kernels: after their warm-up.\n").build());
    type.addField(FieldSpec.builder(boolean.class, STARTED, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.VOLATILE)
        .addJavadoc("Whether the warm-up thread was started (or is not wanted).\n").build());
    type.addField(FieldSpec.builder(String.class, DECISION, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.VOLATILE)
        .addJavadoc("How the warm-up decided to switch (for {@code kernels()}); null before, and"
            + " without a warm-up.\n").build());
    type.addField(FieldSpec.builder(int.class, ROUND, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.VOLATILE)
        .addJavadoc("Warm-up rounds done so far (for {@code kernels()}).\n").build());
    for (int i = 0; i < n; i++) {
      // Not final: set when the companion is loaded, before vectorReady is.
      type.addField(FieldSpec.builder(fieldType(i), modelFields.get(i), Modifier.PRIVATE,
          Modifier.STATIC).build());
    }
    type.addStaticBlock(CodeBlock.of("initVectorKernels();\n"));
    type.addMethod(MethodSpec.methodBuilder("initVectorKernels")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Class initialization: reads the system properties only, unless {@code"
            + " $L=false}.\n", WARM_UP_PROPERTY)
        .beginControlFlow("if ($S.equals(System.getProperty($S)))", "scalar", PROPERTY)
        .addStatement("VECTOR_KERNELS = $S", "system property " + PROPERTY + "=scalar")
        .addStatement("$N = true", STARTED)
        .nextControlFlow("else if ($S.equals(System.getProperty($S)))", "false",
            WARM_UP_PROPERTY)
        .addStatement("$N = true", STARTED)
        .addStatement("loadVectorKernels()")
        .addStatement("$N = true", READY)
        .endControlFlow()
        .build());
    type.addMethod(MethodSpec.methodBuilder("loadVectorKernels")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(Object.class)
        .addJavadoc("Loads $L's kernels once (or says why not) and sets the layer fields.\n",
            vectorClass.simpleName())
        .addStatement("Object loaded = VECTOR_KERNELS")
        .beginControlFlow("if (loaded != null)")
        .addStatement("return loaded")
        .endControlFlow()
        .beginControlFlow("synchronized (VECTOR_LOCK)")
        .beginControlFlow("if (VECTOR_KERNELS == null)")
        .addStatement("loaded = vectorCompanion()")
        .beginControlFlow("if (loaded instanceof Object[])")
        .addCode(setterCalls(n))
        .endControlFlow()
        .addStatement("VECTOR_KERNELS = loaded")
        .endControlFlow()
        .addStatement("return VECTOR_KERNELS")
        .endControlFlow()
        .build());
    for (int from = 0; from < n; from += LAYERS_PER_SETTER) {
      MethodSpec.Builder set = MethodSpec.methodBuilder("setVectorLayers" + from / LAYERS_PER_SETTER)
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addAnnotation(AnnotationSpecs.UNCHECKED)
          .addParameter(Object[].class, "layers");
      for (int i = from; i < Math.min(n, from + LAYERS_PER_SETTER); i++) {
        set.addStatement("$N = ($T) layers[$L]", modelFields.get(i), fieldType(i), i);
      }
      type.addMethod(set.build());
    }
    type.addMethod(MethodSpec.methodBuilder("vectorCompanion")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(Object.class)
        .addJavadoc("$L's layers and description, or why they cannot be had.\n",
            vectorClass.simpleName())
        .beginControlFlow("try")
        .addStatement("return Class.forName($S).getMethod($S).invoke(null)",
            vectorClass.reflectionName(), "layers")
        .nextControlFlow("catch ($T e)", java.lang.reflect.InvocationTargetException.class)
        .addStatement("return String.valueOf(e.getCause())")
        .nextControlFlow("catch ($T | $T | $T e)", ReflectiveOperationException.class,
            LinkageError.class, RuntimeException.class)
        .addCode("// No jdk.incubator.vector module (--add-modules jdk.incubator.vector), a JVM older"
            + " than the\n// vector class, or no vector class on the class path.\n")
        .addStatement("return e.toString()")
        .endControlFlow()
        .build());
    type.addMethod(MethodSpec.methodBuilder("startVectorWarmUp")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Called when an inference returns, until the warm-up has started: starts the"
            + " daemon thread that\nloads the vector kernels and warms them up, once.\n")
        .beginControlFlow("synchronized (VECTOR_LOCK)")
        .beginControlFlow("if ($N)", STARTED)
        .addStatement("return")
        .endControlFlow()
        .addStatement("$N = true", STARTED)
        .endControlFlow()
        .addStatement("Thread warmUp = new Thread(new Runnable() {\n"
            + "  @Override\n"
            + "  public void run() {\n"
            + "    warmUpVectorKernels();\n"
            + "  }\n"
            + "}, $S)", "tflite2java-vector-warm-up")
        .addStatement("warmUp.setDaemon(true)")
        .addStatement("warmUp.start()")
        .build());
    type.addMethod(MethodSpec.methodBuilder("warmUpVectorKernels")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Vector API code is very slow until C2 has compiled it (hundreds of times"
            + " slower than the\nscalar kernels at first), so the layers run their own kernels"
            + " until this, on the warm-up\nthread, finds the vector kernels fast enough: each"
            + " round runs the vector layers, then the scalar\ninference, on an instance of its"
            + " own (its arena filled with a pattern of values, so that the\nJIT's profile sees"
            + " the data paths real inputs take), and {@code vectorWarmUpDecision} says after"
            + "\neach round whether to switch, to go on, or to stay scalar for good; it decides"
            + " within $L\nrounds. The system property {@code $L=N}: N rounds, then switch,"
            + " without comparing.\n", MAX_ROUNDS, ROUNDS_PROPERTY)
        .addStatement("final Object loaded = loadVectorKernels()")
        .beginControlFlow("if (!(loaded instanceof Object[]))")
        .addStatement("return")
        .endControlFlow()
        .addStatement("final Object[] layers = (Object[]) loaded")
        .beginControlFlow("if (layers.length == 1)")
        .addComment("no layer on the vector kernels: nothing to warm up")
        .addStatement("$N = true", READY)
        .addStatement("return")
        .endControlFlow()
        .addStatement("final $T scalar = new $T()", model, model)
        .addStatement("final int[] scratch = scalar.arena")
        .beginControlFlow("for (int i = 0; i < scratch.length; i++)")
        .addStatement("scratch[i] = ((i * 37 + (i >>> 5)) & 255) - 128")
        .endControlFlow()
        .addStatement("final Integer fixed = Integer.getInteger($S)", ROUNDS_PROPERTY)
        .beginControlFlow("try")
        .beginControlFlow("if (fixed != null)")
        .beginControlFlow("for (int round = 0; round < fixed; round++)")
        .addStatement("vectorRound(layers, scratch)")
        .addStatement("$N = round + 1", ROUND)
        .endControlFlow()
        .addStatement("$N = $S + fixed + $S", DECISION, "switched after ",
            " warm-up rounds, not compared: " + ROUNDS_PROPERTY)
        .addStatement("$N = true", READY)
        .addStatement("return")
        .endControlFlow()
        .addStatement("final long[] vector = new long[$L]", MAX_ROUNDS)
        .addStatement("final long[] own = new long[$L]", MAX_ROUNDS)
        .beginControlFlow("for (int round = 1; round <= $L; round++)", MAX_ROUNDS)
        .addStatement("final long t0 = System.nanoTime()")
        .addStatement("vectorRound(layers, scratch)")
        .addStatement("final long t1 = System.nanoTime()")
        .addStatement("scalar.run()")
        .addStatement("vector[round - 1] = t1 - t0")
        .addStatement("own[round - 1] = System.nanoTime() - t1")
        .addStatement("$N = round", ROUND)
        .addStatement("final int decision = $N(vector, own, round)",
            Helper.VECTOR_WARM_UP_DECISION.methodName())
        .beginControlFlow("if (decision != 0)")
        .addComment("the times it decided on: the last 5 rounds (1) or the last 100 (2, -1)")
        .addStatement("final int from = Math.max(0, round - (decision == 1 ? 5 : 100))")
        .addStatement("final String times = $S + millis($N(vector, from, round))"
                + "\n+ $S + millis($N(own, from, round)) + $S + (round - from)"
                + "\n+ $S + round + $S",
            "vector layers ", Helper.FASTEST_TIME.methodName(), " ms vs scalar inference ",
            Helper.FASTEST_TIME.methodName(), " ms, best of the last ", " of ",
            " warm-up rounds")
        .beginControlFlow("if (decision > 0)")
        .addStatement("$N = $S + round + $S + times", DECISION, "switched after ", " rounds: ")
        .addStatement("$N = true", READY)
        .nextControlFlow("else")
        .addStatement("VECTOR_KERNELS = $S + times + $S + layers[layers.length - 1] + $S",
            "the vector kernels measured slower than the scalar ones (", "; ", ")")
        .endControlFlow()
        .addStatement("return")
        .endControlFlow()
        .endControlFlow()
        .nextControlFlow("catch ($T | $T e)", RuntimeException.class, Error.class)
        .addStatement("VECTOR_KERNELS = $S + e", "vector warm-up failed: ")
        .endControlFlow()
        .build());
    type.addMethod(MethodSpec.methodBuilder("vectorRound")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addAnnotation(AnnotationSpecs.UNCHECKED)
        .addJavadoc("Runs every vector layer once on {@code arena}.\n")
        .addParameter(Object[].class, "layers")
        .addParameter(int[].class, "arena")
        .beginControlFlow("for (int i = 0; i < layers.length - 1; i++)")
        .addStatement("(($T) layers[i]).accept(arena)", LAYER)
        .endControlFlow()
        .build());
    type.addMethod(MethodSpec.methodBuilder("millis")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(String.class)
        .addJavadoc("Nanoseconds as milliseconds with one decimal.\n")
        .addParameter(long.class, "nanos")
        .addStatement("return $T.format($T.ROOT, $S, nanos / 1e6)", String.class, Locale.class,
            "%.1f")
        .build());
    type.addMethod(MethodSpec.methodBuilder("vectorWarmingUp")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(boolean.class)
        .addJavadoc("Whether the vector kernels may still be switched on (for {@code"
            + " warmUp()} to wait).\n")
        .addStatement("final Object loaded = VECTOR_KERNELS")
        .addStatement("return !$N && (loaded == null || loaded instanceof Object[])", READY)
        .build());
    type.addMethod(MethodSpec.methodBuilder("kernels")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(String.class)
        .addJavadoc("Which kernels run: {@code \"vector: ...\"} when the companion class $L"
            + " (on\n{@code jdk.incubator.vector}) can be loaded, with {@code \"(warming up, N"
            + " rounds done: scalar until then)\"} while the\nvector kernels warm up and {@code \"(switched"
            + " after N rounds: ...)\"} once the warm-up has\nswitched to them (with the times it"
            + " compared), else {@code \"scalar: \"} and why not (e.g. {@code\n\"scalar: the"
            + " vector kernels measured slower than the scalar ones (...)\"}). Loads the"
            + "\ncompanion if no inference has done so yet. The system property {@code"
            + " $L=scalar} keeps the\nscalar kernels.\n", vectorClass.simpleName(), PROPERTY)
        .addStatement("final Object loaded = loadVectorKernels()")
        .addStatement("final String decision = $N", DECISION)
        .addStatement("return loaded instanceof Object[] ? \"vector: \" + ((Object[]) loaded)[$L]"
            + "\n+ ($N ? (decision == null ? \"\" : \" (\" + decision + \")\")"
            + "\n: $N ? \" (warming up, \" + $N + \" rounds done: scalar until then)\""
            + "\n: \" (warming up after the first inference: scalar until then)\")"
            + "\n: \"scalar: \" + loaded", n, READY, STARTED, ROUND)
        .build());
  }

  /** Calls of the layer setters (inside {@code loadVectorKernels}). */
  private CodeBlock setterCalls(int n) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int from = 0; from < n; from += LAYERS_PER_SETTER) {
      b.addStatement("setVectorLayers$L((Object[]) loaded)", from / LAYERS_PER_SETTER);
    }
    return b.build();
  }

  /**
   * The model class's {@code run()} with the warm-up's trigger appended: the end of the first
   * inference starts the background warm-up (one volatile read per inference after that).
   */
  MethodSpec afterRun(MethodSpec run) {
    return run.toBuilder()
        .beginControlFlow("if (!$N)", STARTED)
        .addStatement("startVectorWarmUp()")
        .endControlFlow()
        .build();
  }

  /** The vector class's source. */
  GeneratedSource.Companion source(String fileComment) {
    TypeSpec.Builder type = TypeSpec.classBuilder(vectorClass)
        .addModifiers(Modifier.FINAL)
        .addJavadoc("Vector kernels of {@link $T} (tflite2java {@code kernels=vector}), on"
            + " {@code jdk.incubator.vector}.\n<p>Compile with {@code --add-modules"
            + " jdk.incubator.vector} (JDK 17 or later), run with the same flag; the model class"
            + " loads it when it can.\n", model);
    type.addField(FieldSpec.builder(
            ParameterizedTypeName.get(SPECIES, ClassName.get(Integer.class)), "S",
            Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.SPECIES_256", INT_VECTOR).build());
    for (FieldSpec f : pool.fields()) {
      type.addField(f);
    }
    for (Map.Entry<String, Scratch> e : scratch.entrySet()) {
      TypeName array = ArrayTypeName.of(TypeName.get(e.getValue().element()));
      type.addField(FieldSpec.builder(
              ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), array), e.getKey(),
              Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.withInitial(() -> new $T[$L])", ThreadLocal.class,
              e.getValue().element(), e.getValue().length())
          .build());
    }
    type.addStaticBlock(pool.staticInitializer(vectorClass));
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    CodeBlock.Builder layers = CodeBlock.builder();
    layers.beginControlFlow("if ($T.SPECIES_PREFERRED.length() < $L)", INT_VECTOR, 8);
    layers.addStatement("throw new $T($S + $T.SPECIES_PREFERRED)",
        UnsupportedOperationException.class,
        "the kernels need 256-bit int vectors; this JVM prefers ", INT_VECTOR);
    layers.endControlFlow();
    layers.add("return new Object[] {\n$>");
    for (int i = 0; i < layerMethods.size(); i++) {
      String m = layerMethods.get(i);
      if (extents.get(i) > 0) {
        layers.add("new $N($L) {\n$>", RANGE_CLASS, extents.get(i))
            .add("@$T\n", Override.class)
            .beginControlFlow("public void accept(int[] t, long range)")
            .addStatement("$N(t, (int) (range >>> 32), (int) range)", m)
            .endControlFlow()
            .add("$<},\n");
      } else {
        layers.add("($T) $T::$N,\n", LAYER, vectorClass, m);
      }
    }
    layers.add("$S + S + $S$<};\n", "jdk.incubator.vector " , ", " + layerMethods.size()
        + " layers");
    if (!rangeFields.isEmpty()) {
      type.addType(rangeClass());
    }
    type.addMethod(MethodSpec.methodBuilder("layers")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(Object[].class)
        .addJavadoc("The layers, as {@code Consumer<int[]>} of the arena (those that also run a"
            + " range of their\noutputs also as {@code ObjLongConsumer<int[]>}: {@link $N}),"
            + " then a description.\n", RANGE_CLASS)
        .addCode(layers.build())
        .build());
    for (MethodSpec m : methods) {
      type.addMethod(m);
    }
    for (MethodSpec m : pool.decodeMethods()) {
      type.addMethod(m);
    }
    Set<Helper> helpers = EnumSet.noneOf(Helper.class);
    helpers.addAll(pool.helpers());
    for (MethodSpec m : GeneratedHelpers.methods(helpers)) {
      type.addMethod(m);
    }
    JavaFile file = JavaFile.builder(vectorClass.packageName(), type.build())
        .indent("  ")
        .skipJavaLangImports(true)
        .addFileComment("$L", fileComment)
        .build();
    String base = (vectorClass.packageName().isEmpty() ? ""
        : vectorClass.packageName().replace('.', '/') + "/") + vectorClass.simpleName();
    return new GeneratedSource.Companion(base + ".java", file.toString(),
        pool.isResource() ? pool.finishResource(base + ".weights") : null);
  }

  /**
   * The nested base class of the range layers: {@code Consumer<int[]>} (the whole layer: the
   * warm-up and {@code layers()}'s contract) and {@code ObjLongConsumer<int[]>} (outputs {@code
   * [from, to)}, packed as {@code (long) from << 32 | to}: the model class's layer method, whole
   * or in parts).
   */
  private static TypeSpec rangeClass() {
    return TypeSpec.classBuilder(RANGE_CLASS)
        .addModifiers(Modifier.PRIVATE, Modifier.ABSTRACT, Modifier.STATIC)
        .addJavadoc("A layer that runs its outputs {@code [from, to)} alone, {@code range} ="
            + " {@code (long) from << 32 | to}\n(rows, pixels, channels or units as the model"
            + " class's layer method splits them), or whole.\n")
        .addSuperinterface(LAYER)
        .addSuperinterface(RANGE_LAYER)
        .addField(int.class, "extent", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder()
            .addParameter(int.class, "extent")
            .addStatement("this.extent = extent")
            .build())
        .addMethod(MethodSpec.methodBuilder("accept")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addParameter(int[].class, "t")
            .addStatement("accept(t, extent)")
            .build())
        .build();
  }

  /** Annotations used above. */
  private static final class AnnotationSpecs {
    static final com.squareup.javapoet.AnnotationSpec UNCHECKED =
        com.squareup.javapoet.AnnotationSpec.builder(SuppressWarnings.class)
            .addMember("value", "$S", "unchecked").build();
  }
}
