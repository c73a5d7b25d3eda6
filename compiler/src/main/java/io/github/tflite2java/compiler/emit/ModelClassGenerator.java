package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ops.LoweringContext;
import io.github.tflite2java.compiler.ops.OperatorLowering;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * Writes the Java class for a validated, planned model: public constants describing the
 * input and output, a static and an allocation-free {@code infer}, one private method per
 * layer, and the weights decoded once at class initialization.
 */
public final class ModelClassGenerator {
  private final OperatorRegistry registry;
  private final String toolVersion;

  public ModelClassGenerator(OperatorRegistry registry, String toolVersion) {
    this.registry = registry;
    this.toolVersion = toolVersion;
  }

  /** What was generated, for summaries and reports. */
  public record Result(JavaFile file, int methodCount, int weightBytes, int arenaInts,
      String source, int classCount) {}

  public Result generate(ModelGraph g, MemoryPlan plan, CompileOptions options,
      String packageName, String simpleName) {
    ConstantPool pool = new ConstantPool();
    Map<String, Integer> scratch = new TreeMap<>();
    LoweringContext ctx = new LoweringContext() {
      @Override
      public ModelGraph graph() {
        return g;
      }

      @Override
      public CompileOptions options() {
        return options;
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
        return pool.centeredWeightRows(name, raw, signed, zeroPoint, rows);
      }

      @Override
      public String repeatedWeightRows(String name, byte[] raw, boolean signed, int zeroPoint,
          int rows, int cols, int times) {
        return pool.repeatNext(times).centeredWeightRows(name, raw, signed, zeroPoint, rows);
      }

      @Override
      public String repeatedIntArray(String name, int[] values, int times) {
        return pool.repeatNext(times).ints(name, values);
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
    };

    List<MethodSpec> layers = new ArrayList<>();
    for (Operator op : g.operators()) {
      OperatorLowering l = registry.find(op.kind());
      if (!l.aliasesInput()) {
        layers.add(l.emit(g, op, ctx));
      }
    }

    ClassName self = ClassName.get(packageName, simpleName);
    Tensor in = g.input(0);
    Tensor out = g.output(0);
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(classJavadoc(g, plan, pool.blobSize()));

    addTensorConstants(type, "INPUT", in);
    addTensorConstants(type, "OUTPUT", out);
    type.addField(constant(TypeName.INT, "ARENA_SIZE",
        "Elements of the {@code int[]} activation arena of each instance (lower bound "
            + plan.lowerBound() + ").", plan.arenaSize()));
    for (FieldSpec f : pool.fields()) {
      type.addField(f);
    }
    type.addStaticBlock(pool.staticInitializer());
    type.addField(FieldSpec.builder(int[].class, "arena", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new int[ARENA_SIZE]").build());
    scratch.forEach((field, size) -> type.addField(
        FieldSpec.builder(int[].class, field, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new int[$L]", size).build()));

    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Creates an instance with its own activation memory ($L bytes). Not "
            + "thread-safe: use one instance per thread.\n", 4L * plan.arenaSize())
        .build());
    type.addMethod(MethodSpec.methodBuilder("infer")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(byte[].class)
        .addParameter(byte[].class, "input")
        .addJavadoc("Runs the model on one input; thread-safe (each call uses its own memory).\n"
            + "\n@param input {@link #INPUT_SIZE} bytes, $L, layout $L\n"
            + "@return {@link #OUTPUT_SIZE} bytes, $L, layout $L\n"
            + "@throws IllegalArgumentException if {@code input} is not {@link #INPUT_SIZE} "
            + "bytes long\n",
            in.type().name().toLowerCase(Locale.ROOT), in.shapeString(),
            out.type().name().toLowerCase(Locale.ROOT), out.shapeString())
        .addStatement("checkLength(input, INPUT_SIZE, $S)", "input")
        .addStatement("final byte[] output = new byte[OUTPUT_SIZE]")
        .addStatement("new $T().infer(input, output)", self)
        .addStatement("return output")
        .build());
    type.addMethod(inferInto(g, plan, layers));
    type.addMethod(shapeMethod("inputShape", in));
    type.addMethod(shapeMethod("outputShape", out));
    for (MethodSpec m : layers) {
      type.addMethod(m);
    }
    for (MethodSpec m : GeneratedHelpers.all()) {
      type.addMethod(m);
    }
    for (MethodSpec m : pool.decodeMethods()) {
      type.addMethod(m);
    }
    LabelsEmitter.addTo(type, self, g, options);
    ImageHelpersEmitter.addTo(type, self, g, options);
    TypeSpec spec = type.build();
    JavaFile file = JavaFile.builder(packageName, spec)
        .indent("  ")
        .skipJavaLangImports(true)
        .addFileComment("Generated by tflite2java $L from $L ($L). Do not edit.", toolVersion,
            SafeText.comment(g.sourceName()), options.describe())
        .build();
    String source = ImageHelpersEmitter.withResizer(file.toString(), options);
    return new Result(file, countMethods(spec) + ImageHelpersEmitter.extraMethods(options),
        pool.blobSize(), plan.arenaSize(), source,
        countClasses(spec) + ImageHelpersEmitter.extraClasses(options));
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

  private static MethodSpec inferInto(ModelGraph g, MemoryPlan plan, List<MethodSpec> layers) {
    Tensor in = g.input(0);
    Tensor out = g.output(0);
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("checkLength(input, INPUT_SIZE, $S)", "input");
    b.addStatement("checkLength(output, OUTPUT_SIZE, $S)", "output");
    b.addStatement("final int[] t = arena");
    b.add("// The arena holds every activation minus its zero point.\n");
    b.addStatement("final int inputOffset = $L", plan.offset(in.index()));
    b.beginControlFlow("for (int i = 0; i < INPUT_SIZE; i++)");
    b.addStatement(in.type().name().equals("UINT8")
        ? "t[inputOffset + i] = (input[i] & 0xFF) - INPUT_ZERO_POINT"
        : "t[inputOffset + i] = input[i] - INPUT_ZERO_POINT");
    b.endControlFlow();
    for (MethodSpec m : layers) {
      b.addStatement("$N()", m);
    }
    b.addStatement("final int outputOffset = $L", plan.offset(out.index()));
    b.beginControlFlow("for (int i = 0; i < OUTPUT_SIZE; i++)");
    b.addStatement("output[i] = (byte) (t[outputOffset + i] + OUTPUT_ZERO_POINT)");
    b.endControlFlow();
    return MethodSpec.methodBuilder("infer")
        .addModifiers(Modifier.PUBLIC)
        .addParameter(byte[].class, "input")
        .addParameter(byte[].class, "output")
        .addJavadoc("Runs the model without allocating: reads {@code input}, fills {@code "
            + "output}.\n\n@throws IllegalArgumentException if an array has the wrong size\n")
        .addCode(b.build())
        .build();
  }

  private static void addTensorConstants(TypeSpec.Builder type, String prefix, Tensor t) {
    String role = prefix.toLowerCase(Locale.ROOT);
    type.addField(constant(TypeName.INT, prefix + "_SIZE",
        "Elements (bytes) of the " + role + " tensor " + t.shapeString() + ".",
        t.elementCount()));
    if (t.rank() == 4) {
      type.addField(constant(TypeName.INT, prefix + "_HEIGHT", "Height of the " + role + ".",
          t.dim(1)));
      type.addField(constant(TypeName.INT, prefix + "_WIDTH", "Width of the " + role + ".",
          t.dim(2)));
      type.addField(constant(TypeName.INT, prefix + "_CHANNELS", "Channels of the " + role + ".",
          t.dim(3)));
    }
    type.addField(FieldSpec.builder(String.class, prefix + "_TYPE", Modifier.PUBLIC,
            Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Element type of the $L: {@code $L}.\n", role,
            t.type().name().toLowerCase(Locale.ROOT))
        .initializer("$S", t.type().name().toLowerCase(Locale.ROOT))
        .build());
    type.addField(FieldSpec.builder(TypeName.FLOAT, prefix + "_SCALE", Modifier.PUBLIC,
            Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Quantization scale of the $L: real = scale * (q - zero point).\n", role)
        .initializer("$Lf", Float.toString(t.quant().scale()))
        .build());
    type.addField(constant(TypeName.INT, prefix + "_ZERO_POINT",
        "Quantization zero point of the " + role + ".", t.quant().zeroPoint()));
  }

  private static FieldSpec constant(TypeName type, String name, String doc, long value) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", value)
        .build();
  }

  private static MethodSpec shapeMethod(String name, Tensor t) {
    CodeBlock.Builder dims = CodeBlock.builder();
    int[] shape = t.shape();
    for (int i = 0; i < shape.length; i++) {
      dims.add(i == 0 ? "$L" : ", $L", shape[i]);
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(int[].class)
        .addJavadoc("The $L shape, $L (a new array each call).\n",
            name.startsWith("input") ? "input" : "output", t.shapeString())
        .addStatement("return new int[] {$L}", dims.build())
        .build();
  }

  private String classJavadoc(ModelGraph g, MemoryPlan plan, int weightBytes) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Operator op : g.operators()) {
      counts.merge(op.kind(), 1, Integer::sum);
    }
    StringBuilder ops = new StringBuilder();
    counts.forEach((k, v) -> ops.append(ops.length() == 0 ? "" : ", ").append(k).append(" x")
        .append(v));
    Tensor in = g.input(0);
    Tensor out = g.output(0);
    return String.format(Locale.ROOT,
        "The TFLite model {@code %s}, compiled to plain Java by tflite2java %s.\n"
            + "\n<p>Model: %d bytes, sha256\n{@code %s};\n%d operators: %s.\n"
            + "\n<p>Input: %s %s, scale %s, zero point %d.\nOutput: %s %s, scale %s, zero point"
            + " %d.\n"
            + "\n<p>Weights: %d bytes. Activations: %d bytes per instance (lower bound %d).\n"
            + "\n<p>Outputs are bit-exact with TFLite's integer kernels. The static\n{@link"
            + " #infer(byte[])} is thread-safe; an instance is not, and\n{@link"
            + " #infer(byte[], byte[])} on it allocates nothing.\n",
        SafeText.comment(g.sourceName()), toolVersion, g.fileSize(),
        g.sha256(), g.operators().size(), ops,
        in.type().name().toLowerCase(Locale.ROOT), in.shapeString(), in.quant().scale(),
        in.quant().zeroPoint(),
        out.type().name().toLowerCase(Locale.ROOT), out.shapeString(), out.quant().scale(),
        out.quant().zeroPoint(), weightBytes, 4L * plan.arenaSize(), 4L * plan.lowerBound())
        .replace("$", "$$");
  }
}
