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
 * <p>The model class gets a loader: at its class initialization it calls {@code layers()}
 * reflectively (unless the system property {@code tflite2java.kernels} is {@code scalar}); when
 * that fails (no {@code jdk.incubator.vector} module, a JVM older than the vector class, vectors
 * narrower than 256 bits, no vector class on the class path) it keeps its own kernels. {@code
 * kernels()} says which run and why.
 */
final class VectorClassGenerator implements VectorSink {
  static final String PROPERTY = "tflite2java.kernels";
  static final String WARM_UP_PROPERTY = "tflite2java.vectorWarmUp";
  static final int WARM_UP_ROUNDS = 30;
  private static final String READY = VectorSink.READY;
  private static final ClassName INT_VECTOR = ClassName.get("jdk.incubator.vector", "IntVector");
  private static final ClassName SPECIES =
      ClassName.get("jdk.incubator.vector", "VectorSpecies");
  private static final TypeName LAYER =
      ParameterizedTypeName.get(ClassName.get(Consumer.class), ArrayTypeName.of(TypeName.INT));

  private final ClassName model;
  private final ClassName vectorClass;
  private final ConstantPool pool;
  private final List<MethodSpec> methods = new ArrayList<>();
  private final List<String> layerMethods = new ArrayList<>();
  private final List<String> modelFields = new ArrayList<>();
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
    String field = "VECTOR_" + method.name.toUpperCase(Locale.ROOT);
    modelFields.add(field);
    return field;
  }

  /** The loader, the layer fields and {@code kernels()} of the model class. */
  void addToModel(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(Object.class, "VECTOR_KERNELS", Modifier.PRIVATE,
            Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The vector companion's layers and description, or why it is not used.\n")
        .initializer("loadVectorKernels()").build());
    type.addField(FieldSpec.builder(boolean.class, READY, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.VOLATILE)
        .addJavadoc("Whether the layers run the vector kernels: after their warm-up.\n").build());
    for (int i = 0; i < modelFields.size(); i++) {
      type.addField(FieldSpec.builder(LAYER, modelFields.get(i), Modifier.PRIVATE,
              Modifier.STATIC, Modifier.FINAL)
          .initializer("vectorLayer($L)", i).build());
    }
    type.addMethod(MethodSpec.methodBuilder("loadVectorKernels")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(Object.class)
        .addJavadoc("Loads $L's kernels, or says why not.\n", vectorClass.simpleName())
        .beginControlFlow("try")
        .beginControlFlow("if ($S.equals(System.getProperty($S)))", "scalar", PROPERTY)
        .addStatement("return $S", "system property " + PROPERTY + "=scalar")
        .endControlFlow()
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
    type.addMethod(MethodSpec.methodBuilder("warmUpVectorKernels")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Vector API code is very slow until C2 has compiled it, so the layers run"
            + " their own kernels\nuntil a daemon thread has run the vector kernels $L times on"
            + " an arena of its own\n(system property {@code $L=false}: no warm-up, vector"
            + " kernels from the start).\n", WARM_UP_ROUNDS, WARM_UP_PROPERTY)
        .beginControlFlow("if (!(VECTOR_KERNELS instanceof Object[]))")
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("if ($S.equals(System.getProperty($S)))", "false", WARM_UP_PROPERTY)
        .addStatement("$N = true", READY)
        .addStatement("return")
        .endControlFlow()
        .addStatement("final Object[] layers = (Object[]) VECTOR_KERNELS")
        .addStatement("Thread warmUp = new Thread(new Runnable() {\n"
            + "  @Override\n"
            + "  @SuppressWarnings(\"unchecked\")\n"
            + "  public void run() {\n"
            + "    int[] scratch = new int[ARENA_SIZE];\n"
            + "    for (int round = 0; round < $L; round++) {\n"
            + "      for (int i = 0; i < layers.length - 1; i++) {\n"
            + "        (($T) layers[i]).accept(scratch);\n"
            + "      }\n"
            + "    }\n"
            + "    $N = true;\n"
            + "  }\n"
            + "}, $S)", WARM_UP_ROUNDS, LAYER, READY, "tflite2java-vector-warm-up")
        .addStatement("warmUp.setDaemon(true)")
        .addStatement("warmUp.start()")
        .build());
    type.addStaticBlock(CodeBlock.of("warmUpVectorKernels();\n"));
    type.addMethod(MethodSpec.methodBuilder("vectorLayer")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addAnnotation(AnnotationSpecs.UNCHECKED)
        .returns(LAYER)
        .addParameter(int.class, "i")
        .addStatement("return VECTOR_KERNELS instanceof Object[] ? ($T) ((Object[]) VECTOR_KERNELS)[i]"
            + " : null", LAYER)
        .build());
    type.addMethod(MethodSpec.methodBuilder("kernels")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(String.class)
        .addJavadoc("Which kernels run: {@code \"vector: ...\"} (with {@code \"(warming up:"
            + " scalar until then)\"}\nwhile the vector kernels warm up) when the companion class $L (on"
            + "\n{@code jdk.incubator.vector}) was loaded, else {@code \"scalar: \"} and why"
            + " not.\nThe system property {@code $L=scalar} keeps the scalar kernels.\n",
            vectorClass.simpleName(), PROPERTY)
        .addStatement("return VECTOR_KERNELS instanceof Object[] ? \"vector: \" + ((Object[])"
            + " VECTOR_KERNELS)[$L]\n+ ($N ? \"\" : \" (warming up: scalar until then)\")"
            + "\n: \"scalar: \" + VECTOR_KERNELS", modelFields.size(), READY)
        .build());
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
    for (String m : layerMethods) {
      layers.add("($T) $T::$N,\n", LAYER, vectorClass, m);
    }
    layers.add("$S + S + $S$<};\n", "jdk.incubator.vector " , ", " + layerMethods.size()
        + " layers");
    type.addMethod(MethodSpec.methodBuilder("layers")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(Object[].class)
        .addJavadoc("The layers, as {@code Consumer<int[]>} of the arena, then a description.\n")
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

  /** Annotations used above. */
  private static final class AnnotationSpecs {
    static final com.squareup.javapoet.AnnotationSpec UNCHECKED =
        com.squareup.javapoet.AnnotationSpec.builder(SuppressWarnings.class)
            .addMember("value", "$S", "unchecked").build();
  }
}
