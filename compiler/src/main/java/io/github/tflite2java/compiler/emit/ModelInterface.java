package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.passes.MemoryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * The public face of a generated class: constants describing each model input and output, the
 * {@code infer} methods, the shape accessors, and the copying of tensors into and out of the
 * activation arena.
 *
 * <p>The API, for {@code n} inputs and {@code m} outputs:
 *
 * <ul>
 *   <li>constants {@code INPUT_COUNT}, {@code OUTPUT_COUNT}; per tensor {@code <P>_SIZE},
 *       {@code <P>_TYPE} (an {@code int}, one of the class's {@code TYPE_UINT8}, {@code TYPE_INT8},
 *       ... {@code TYPE_FLOAT32} constants, TFLite's tensor type codes, so that it works in a
 *       {@code switch}), {@code <P>_SCALE} and {@code
 *       <P>_ZERO_POINT} (8-bit tensors), {@code <P>_HEIGHT/_WIDTH/_CHANNELS} (4-D tensors), where
 *       {@code <P>} is {@code INPUT} when the model has one input and {@code INPUT_0}, {@code
 *       INPUT_1}, ... when it has several (likewise {@code OUTPUT});
 *   <li>{@code inputShape(int)}, {@code outputShape(int)}, and {@code inputShape()} / {@code
 *       outputShape()} when there is one of that kind;
 *   <li>instance {@code infer(in0, ..., out0, ...)}: one array per tensor in model order, {@code
 *       byte[]} for uint8/int8 tensors (raw quantized bytes) and {@code float[]} for float32
 *       tensors (which enter through QUANTIZE and leave through DEQUANTIZE); allocation-free;
 *   <li>instance {@code infer(byte[][] inputs, byte[][] outputs)} when there are several tensors
 *       of a kind and every tensor is 8-bit;
 *   <li>static {@code infer(input)} returning the output when the model has one of each, or
 *       static {@code byte[][] infer(byte[][] inputs)} when it has several and all are 8-bit.
 * </ul>
 */
final class ModelInterface {
  private final MemoryPlan plan;
  private final ClassName self;
  private final List<Tensor> inputs = new ArrayList<>();
  private final List<Tensor> outputs = new ArrayList<>();
  private int methodCount;

  /** Whether some model input or output is a {@code byte[]} (checked by checkLength). */
  boolean hasByteArrays() {
    for (Tensor t : inputs) {
      if (t.type() != TensorType.FLOAT32) {
        return true;
      }
    }
    for (Tensor t : outputs) {
      if (t.type() != TensorType.FLOAT32) {
        return true;
      }
    }
    return false;
  }

  ModelInterface(ModelGraph g, MemoryPlan plan, ClassName self) {
    this.plan = plan;
    this.self = self;
    for (int i : g.inputs()) {
      inputs.add(g.tensor(i));
    }
    for (int i : g.outputs()) {
      outputs.add(g.tensor(i));
    }
  }

  /** One input and one output: the legacy single-tensor API. */
  private boolean single() {
    return inputs.size() == 1 && outputs.size() == 1;
  }

  private boolean allBytes() {
    for (List<Tensor> side : List.of(inputs, outputs)) {
      for (Tensor t : side) {
        if (t.type() == TensorType.FLOAT32) {
          return false;
        }
      }
    }
    return true;
  }

  /** Constant name prefix: INPUT, or INPUT_3 when there are several. */
  private String prefix(boolean input, int i) {
    String base = input ? "INPUT" : "OUTPUT";
    return (input ? inputs : outputs).size() == 1 ? base : base + "_" + i;
  }

  /** Parameter name: input, or input3 when there are several. */
  private String param(boolean input, int i) {
    String base = input ? "input" : "output";
    return (input ? inputs : outputs).size() == 1 ? base : base + i;
  }

  static TypeName arrayType(Tensor t) {
    return ArrayTypeName.of(t.type() == TensorType.FLOAT32 ? TypeName.FLOAT : TypeName.BYTE);
  }

  private static String typeName(Tensor t) {
    return typeName(t.type());
  }

  private static String typeName(TensorType t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  /** {@code TYPE_UINT8} for uint8, and so on. */
  static String typeConstant(TensorType t) {
    return "TYPE_" + t.name();
  }

  /** One line per tensor for the class Javadoc. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (boolean input : new boolean[] {true, false}) {
      List<Tensor> side = input ? inputs : outputs;
      for (int i = 0; i < side.size(); i++) {
        Tensor t = side.get(i);
        sb.append(sb.length() == 0 ? "" : " ").append(input ? "Input" : "Output")
            .append(side.size() == 1 ? "" : " " + i).append(": ").append(typeName(t)).append(' ')
            .append(t.shapeString());
        if (t.type() != TensorType.FLOAT32) {
          sb.append(", scale ").append(t.quant().scale()).append(", zero point ")
              .append(t.quant().zeroPoint());
        }
        sb.append('.');
      }
    }
    return sb.toString();
  }

  /** The Javadoc paragraph on which methods to call. */
  String usage() {
    String typed = typeList(false);
    if (single()) {
      return "The static {@link #infer(" + typeList(true) + ")} is thread-safe; an instance is"
          + " not, and {@link #infer(" + typed + ")} on it allocates nothing.";
    }
    String s = "Instance methods are not thread-safe; {@link #infer(" + typed + ")} takes one"
        + " array per tensor (inputs, then outputs, in model order) and allocates nothing.";
    if (allBytes()) {
      s += " {@link #infer(byte[][], byte[][])} does the same with arrays of arrays; the static"
          + " {@link #infer(byte[][])} is thread-safe and returns new output arrays.";
    }
    return s;
  }

  private String typeList(boolean inputsOnly) {
    List<String> types = new ArrayList<>();
    for (Tensor t : inputs) {
      types.add(arrayType(t).toString());
    }
    if (!inputsOnly) {
      for (Tensor t : outputs) {
        types.add(arrayType(t).toString());
      }
    }
    return String.join(", ", types);
  }

  /** The element types with a {@code TYPE_...} constant in every generated class. */
  static final List<TensorType> TYPE_CONSTANTS = List.of(TensorType.UINT8, TensorType.INT8,
      TensorType.INT16, TensorType.INT32, TensorType.INT64, TensorType.FLOAT32, TensorType.BOOL);

  void addConstants(TypeSpec.Builder type) {
    for (TensorType t : TYPE_CONSTANTS) {
      type.addField(FieldSpec.builder(TypeName.INT, typeConstant(t), Modifier.PUBLIC,
              Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Element type {@code $L}, a value of the {@code ..._TYPE} constants (TFLite's"
              + " tensor type code $L):\n{@code switch (INPUT_TYPE) { case $L: ... }}.\n",
              typeName(t), t.code(), typeConstant(t))
          .initializer("$L", t.code())
          .build());
    }
    type.addField(constant(TypeName.INT, "INPUT_COUNT", "Number of model inputs.",
        inputs.size()));
    type.addField(constant(TypeName.INT, "OUTPUT_COUNT", "Number of model outputs.",
        outputs.size()));
    for (int i = 0; i < inputs.size(); i++) {
      addTensorConstants(type, prefix(true, i), "input" + (inputs.size() == 1 ? "" : " " + i),
          inputs.get(i));
    }
    for (int i = 0; i < outputs.size(); i++) {
      addTensorConstants(type, prefix(false, i), "output" + (outputs.size() == 1 ? "" : " " + i),
          outputs.get(i));
    }
  }

  private static void addTensorConstants(TypeSpec.Builder type, String prefix, String role,
      Tensor t) {
    boolean isFloat = t.type() == TensorType.FLOAT32;
    type.addField(constant(TypeName.INT, prefix + "_SIZE", "Elements (" + (isFloat ? "floats"
        : "bytes") + ") of the " + role + " tensor " + t.shapeString() + ".", t.elementCount()));
    if (t.rank() == 4) {
      type.addField(constant(TypeName.INT, prefix + "_HEIGHT", "Height of the " + role + ".",
          t.dim(1)));
      type.addField(constant(TypeName.INT, prefix + "_WIDTH", "Width of the " + role + ".",
          t.dim(2)));
      type.addField(constant(TypeName.INT, prefix + "_CHANNELS",
          "Channels of the " + role + ".", t.dim(3)));
    }
    FieldSpec.Builder typeField = FieldSpec.builder(TypeName.INT, prefix + "_TYPE",
        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);
    if (TYPE_CONSTANTS.contains(t.type())) {
      typeField.addJavadoc("Element type of the $L: {@link #$L} ({@code $L}).\n", role,
          typeConstant(t.type()), typeName(t)).initializer("$N", typeConstant(t.type()));
    } else {
      typeField.addJavadoc("Element type of the $L: {@code $L} (TFLite's tensor type code).\n",
          role, typeName(t)).initializer("$L", t.type().code());
    }
    type.addField(typeField.build());
    if (!isFloat) {
      type.addField(FieldSpec.builder(TypeName.FLOAT, prefix + "_SCALE", Modifier.PUBLIC,
              Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Quantization scale of the $L: real = scale * (q - zero point).\n", role)
          .initializer("$Lf", Float.toString(t.quant().scale()))
          .build());
      type.addField(constant(TypeName.INT, prefix + "_ZERO_POINT",
          "Quantization zero point of the " + role + ".", t.quant().zeroPoint()));
    }
  }

  private static FieldSpec constant(TypeName type, String name, String doc, long value) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", value)
        .build();
  }

  /** The infer methods, shape accessors, {@code run()} and the copy helpers. */
  void addMethods(TypeSpec.Builder type, List<MethodSpec> layers) {
    List<MethodSpec> methods = new ArrayList<>();
    if (single()) {
      methods.add(staticSingle());
    } else if (allBytes()) {
      methods.add(staticArrays());
    }
    methods.add(typedInfer());
    if (allBytes() && !single()) {
      methods.add(arrayInfer());
    }
    for (boolean input : new boolean[] {true, false}) {
      List<Tensor> side = input ? inputs : outputs;
      if (side.size() == 1) {
        methods.add(shape(input, side.get(0)));
      }
      methods.add(indexedShape(input, side));
    }
    methods.add(run(layers));
    for (int i = 0; i < inputs.size(); i++) {
      methods.add(BoundaryCopies.load(i, inputs.get(i), prefix(true, i),
          plan.offset(inputs.get(i).index())));
    }
    for (int i = 0; i < outputs.size(); i++) {
      methods.add(BoundaryCopies.store(i, outputs.get(i), prefix(false, i),
          plan.offset(outputs.get(i).index())));
    }
    if (!allBytes()) {
      methods.add(BoundaryCopies.checkFloatLength());
    } else if (!single()) {
      methods.add(BoundaryCopies.checkCount());
    }
    for (MethodSpec m : methods) {
      type.addMethod(m);
    }
    methodCount = methods.size();
  }

  int methodCount() {
    return methodCount;
  }

  private MethodSpec staticSingle() {
    Tensor in = inputs.get(0);
    Tensor out = outputs.get(0);
    TypeName outType = arrayType(out);
    return MethodSpec.methodBuilder("infer")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(outType)
        .addParameter(arrayType(in), "input")
        .addJavadoc("Runs the model on one input; thread-safe (each call uses its own memory).\n"
            + "\n@param input {@link #INPUT_SIZE} $L, $L, layout $L\n"
            + "@return {@link #OUTPUT_SIZE} $L, $L, layout $L\n"
            + "@throws IllegalArgumentException if {@code input} is not {@link #INPUT_SIZE} "
            + "long\n", unit(in), typeName(in), in.shapeString(), unit(out), typeName(out),
            out.shapeString())
        .addStatement("checkLength(input, INPUT_SIZE, $S)", "input")
        .addStatement("final $T output = new $T[OUTPUT_SIZE]", outType,
            out.type() == TensorType.FLOAT32 ? float.class : byte.class)
        .addStatement("new $T().infer(input, output)", self)
        .addStatement("return output")
        .build();
  }

  private static String unit(Tensor t) {
    return t.type() == TensorType.FLOAT32 ? "floats" : "bytes";
  }

  private MethodSpec staticArrays() {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final byte[][] outputs = new byte[OUTPUT_COUNT][]");
    for (int i = 0; i < outputs.size(); i++) {
      b.addStatement("outputs[$L] = new byte[$N_SIZE]", i, prefix(false, i));
    }
    b.addStatement("new $T().infer(inputs, outputs)", self);
    b.addStatement("return outputs");
    return MethodSpec.methodBuilder("infer")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(byte[][].class)
        .addParameter(byte[][].class, "inputs")
        .addJavadoc("Runs the model; thread-safe (each call uses its own memory).\n"
            + "\n@param inputs {@link #INPUT_COUNT} arrays, one per model input in order\n"
            + "@return {@link #OUTPUT_COUNT} new arrays, one per model output in order\n"
            + "@throws IllegalArgumentException if an array has the wrong size\n")
        .addCode(b.build())
        .build();
  }

  private MethodSpec typedInfer() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("infer").addModifiers(Modifier.PUBLIC);
    CodeBlock.Builder b = CodeBlock.builder();
    StringBuilder doc = new StringBuilder();
    for (boolean input : new boolean[] {true, false}) {
      List<Tensor> side = input ? inputs : outputs;
      for (int i = 0; i < side.size(); i++) {
        String name = param(input, i);
        m.addParameter(arrayType(side.get(i)), name);
        b.addStatement("checkLength($N, $N_SIZE, $S)", name, prefix(input, i), name);
        doc.append("@param ").append(name).append(' ').append(input ? "read" : "filled")
            .append(": {@link #").append(prefix(input, i)).append("_SIZE} ")
            .append(unit(side.get(i))).append(", ").append(typeName(side.get(i))).append(' ')
            .append(side.get(i).shapeString()).append('\n');
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      b.addStatement("load$L($N)", i, param(true, i));
    }
    b.addStatement("run()");
    for (int i = 0; i < outputs.size(); i++) {
      b.addStatement("store$L($N)", i, param(false, i));
    }
    return m.addJavadoc("Runs the model without allocating: reads the inputs, fills the"
            + " outputs.\n\n$L@throws IllegalArgumentException if an array has the wrong size\n",
            doc)
        .addCode(b.build())
        .build();
  }

  private MethodSpec arrayInfer() {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("checkCount(inputs, INPUT_COUNT, $S)", "inputs");
    b.addStatement("checkCount(outputs, OUTPUT_COUNT, $S)", "outputs");
    for (boolean input : new boolean[] {true, false}) {
      List<Tensor> side = input ? inputs : outputs;
      String array = input ? "inputs" : "outputs";
      for (int i = 0; i < side.size(); i++) {
        b.addStatement("checkLength($N[$L], $N_SIZE, $S)", array, i, prefix(input, i),
            array + "[" + i + "]");
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      b.addStatement("load$L(inputs[$L])", i, i);
    }
    b.addStatement("run()");
    for (int i = 0; i < outputs.size(); i++) {
      b.addStatement("store$L(outputs[$L])", i, i);
    }
    return MethodSpec.methodBuilder("infer")
        .addModifiers(Modifier.PUBLIC)
        .addParameter(byte[][].class, "inputs")
        .addParameter(byte[][].class, "outputs")
        .addJavadoc("Runs the model without allocating: one array per tensor, in model order.\n"
            + "\n@param inputs {@link #INPUT_COUNT} arrays, read\n"
            + "@param outputs {@link #OUTPUT_COUNT} arrays, filled\n"
            + "@throws IllegalArgumentException if an array has the wrong size or count\n")
        .addCode(b.build())
        .build();
  }

  private static MethodSpec shape(boolean input, Tensor t) {
    return MethodSpec.methodBuilder(input ? "inputShape" : "outputShape")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(int[].class)
        .addJavadoc("The $L shape, $L (a new array each call).\n", input ? "input" : "output",
            t.shapeString())
        .addStatement("return new int[] {$L}", dims(t))
        .build();
  }

  private static MethodSpec indexedShape(boolean input, List<Tensor> side) {
    CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("switch (index)");
    for (int i = 0; i < side.size(); i++) {
      b.add("case $L:\n$>", i).addStatement("return new int[] {$L}", dims(side.get(i))).add("$<");
    }
    b.add("default:\n$>").addStatement("throw new IndexOutOfBoundsException($S + index)",
        (input ? "input " : "output ") + "index out of [0, " + side.size() + "): ").add("$<");
    b.endControlFlow();
    return MethodSpec.methodBuilder(input ? "inputShape" : "outputShape")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(int[].class)
        .addParameter(int.class, "index")
        .addJavadoc("The shape of $L {@code index} (a new array each call).\n",
            input ? "input" : "output")
        .addCode(b.build())
        .build();
  }

  private static CodeBlock dims(Tensor t) {
    CodeBlock.Builder dims = CodeBlock.builder();
    int[] shape = t.shape();
    for (int i = 0; i < shape.length; i++) {
      dims.add(i == 0 ? "$L" : ", $L", shape[i]);
    }
    return dims.build();
  }

  private static MethodSpec run(List<MethodSpec> layers) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (MethodSpec m : layers) {
      b.addStatement("$N()", m);
    }
    return MethodSpec.methodBuilder("run")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs every layer, in model order, on the arena.\n")
        .addCode(b.build())
        .build();
  }
}
