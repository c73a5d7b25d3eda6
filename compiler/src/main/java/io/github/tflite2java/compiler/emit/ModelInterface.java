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
 * {@code infer} and {@code inferRaw} methods, the shape accessors, {@code resetState()} for
 * models with state, and the copying of tensors into and out of the activation arena.
 *
 * <p>The API, for {@code n} inputs and {@code m} outputs:
 *
 * <ul>
 *   <li>constants {@code INPUT_COUNT}, {@code OUTPUT_COUNT}; per tensor {@code <P>_SIZE}
 *       (elements), {@code <P>_BYTES} (bytes in TFLite's layout), {@code <P>_TYPE} (an {@code
 *       int}, one of the class's {@code TYPE_UINT8}, {@code TYPE_INT8}, ... {@code TYPE_FLOAT32}
 *       constants, TFLite's tensor type codes, so that it works in a {@code switch}), {@code
 *       <P>_SCALE} and {@code <P>_ZERO_POINT} (quantized tensors), {@code
 *       <P>_HEIGHT/_WIDTH/_CHANNELS} (4-D tensors), where {@code <P>} is {@code INPUT} when the
 *       model has one input and {@code INPUT_0}, {@code INPUT_1}, ... when it has several
 *       (likewise {@code OUTPUT});
 *   <li>{@code inputShape(int)}, {@code outputShape(int)}, and {@code inputShape()} / {@code
 *       outputShape()} when there is one of that kind;
 *   <li>instance {@code infer(in0, ..., out0, ...)}: one typed array per tensor in model order
 *       ({@code byte[]} uint8/int8 raw quantized bytes, {@code short[]} int16, {@code int[]}
 *       int32, {@code long[]} int64, {@code float[]} float32, {@code boolean[]} bool);
 *       allocation-free;
 *   <li>instance {@code inferRaw(byte[][] inputs)} returning new output arrays and the
 *       allocation-free {@code inferRaw(byte[][] inputs, byte[][] outputs)}: every tensor as its
 *       raw bytes in TFLite's layout (little-endian for multi-byte types, bool one byte), the one
 *       contract every model has;
 *   <li>instance {@code infer(byte[][] inputs, byte[][] outputs)} when there are several tensors
 *       of a kind and every tensor is 8-bit;
 *   <li>static {@code infer(input)} returning the output when the model has one of each, or
 *       static {@code byte[][] infer(byte[][] inputs)} when it has several and all are 8-bit
 *       (each call on a fresh instance, so thread-safe and starting from the initial state);
 *   <li>{@code resetState()} when the model has variable tensors (state kept from one inference
 *       to the next): sets them to TFLite's initial values; a new instance starts reset.
 * </ul>
 */
final class ModelInterface {
  private final MemoryPlan plan;
  private final ClassName self;
  private final List<Tensor> inputs = new ArrayList<>();
  private final List<Tensor> outputs = new ArrayList<>();
  private final List<Tensor> state = new ArrayList<>();
  /** The batch a dynamic-batch model is compiled for; 0 for static shapes. */
  private int batch;
  private int methodCount;

  /**
   * Whether the class checks some {@code byte[]} (with the shared checkLength helper): always,
   * since every class has {@code inferRaw}.
   */
  boolean hasByteArrays() {
    return true;
  }

  ModelInterface(ModelGraph g, MemoryPlan plan, ClassName self) {
    this.plan = plan;
    this.self = self;
    for (Tensor t : g.tensors()) {
      if (t.variable()) {
        state.add(t);
      }
      if (t.dynamicBatch() && t.rank() > 0 && batch == 0) {
        batch = t.dim(0);
      }
    }
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
        if (!BoundaryCopies.rawIsTyped(t.type())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the model keeps state (variable tensors) between inferences. */
  boolean hasState() {
    return !state.isEmpty();
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
    return BoundaryCopies.arrayType(t.type());
  }

  /** Whether the tensor has {@code _SCALE} and {@code _ZERO_POINT} constants. */
  private static boolean quantized(Tensor t) {
    return BoundaryCopies.centered(t);
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
        if (quantized(t)) {
          sb.append(", scale ").append(t.quant().scale()).append(", zero point ")
              .append(t.quant().zeroPoint());
        }
        sb.append('.');
      }
    }
    if (batch > 0) {
      sb.append("\n\n<p>Dynamic batch: the model's shape signature has -1 in dimension 0;"
          + " this class is compiled for batch ").append(batch).append(" (the compile option"
          + " {@code batch} chooses another, as TFLite's {@code ResizeInputTensor} would).");
    }
    if (hasState()) {
      sb.append("\n\n<p>State: the model keeps ").append(state.size()).append(" variable"
          + " tensor").append(state.size() == 1 ? "" : "s").append(" from one inference to the"
          + " next (as TFLite's interpreter does). To stream audio or other sequences, use one"
          + " instance per stream, call {@code inferRaw} or {@code infer} once per frame, and"
          + " {@link #resetState()} before the next stream; a new instance starts reset, and"
          + " the static methods use a new instance each call.");
    }
    return sb.toString();
  }

  /** The Javadoc paragraph on which methods to call. */
  String usage() {
    String typed = typeList(false);
    String raw = " {@link #inferRaw(byte[][], byte[][])} takes every tensor as its raw bytes in"
        + " TFLite's layout (little-endian for multi-byte types) and allocates nothing; {@link"
        + " #inferRaw(byte[][])} returns new output arrays.";
    if (single()) {
      return "The static {@link #infer(" + typeList(true) + ")} is thread-safe; an instance is"
          + " not, and {@link #infer(" + typed + ")} on it allocates nothing." + raw;
    }
    String s = "Instance methods are not thread-safe; {@link #infer(" + typed + ")} takes one"
        + " array per tensor (inputs, then outputs, in model order) and allocates nothing." + raw;
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
    type.addField(constant(TypeName.INT, prefix + "_SIZE", "Elements ("
        + BoundaryCopies.unit(t.type()) + ") of the " + role + " tensor " + t.shapeString()
        + ".", t.elementCount()));
    type.addField(constant(TypeName.INT, prefix + "_BYTES", "Bytes of the " + role
        + " tensor in TFLite's layout (the {@code inferRaw} array).",
        t.elementCount() * t.type().byteSize()));
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
    if (quantized(t)) {
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
  void addMethods(TypeSpec.Builder type, MethodSpec run) {
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
    methods.add(rawInferAllocating());
    methods.add(rawInfer());
    if (hasState()) {
      methods.add(resetState());
    }
    for (boolean input : new boolean[] {true, false}) {
      List<Tensor> side = input ? inputs : outputs;
      if (side.size() == 1) {
        methods.add(shape(input, side.get(0)));
      }
      methods.add(indexedShape(input, side));
    }
    methods.add(run);
    for (int i = 0; i < inputs.size(); i++) {
      methods.add(BoundaryCopies.load(i, inputs.get(i), prefix(true, i),
          plan.offset(inputs.get(i).index())));
    }
    for (int i = 0; i < outputs.size(); i++) {
      methods.add(BoundaryCopies.store(i, outputs.get(i), prefix(false, i),
          plan.offset(outputs.get(i).index())));
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (!BoundaryCopies.rawIsTyped(inputs.get(i).type())) {
        methods.add(BoundaryCopies.loadRaw(i, inputs.get(i), prefix(true, i),
            plan.offset(inputs.get(i).index())));
      }
    }
    for (int i = 0; i < outputs.size(); i++) {
      if (!BoundaryCopies.rawIsTyped(outputs.get(i).type())) {
        methods.add(BoundaryCopies.storeRaw(i, outputs.get(i), prefix(false, i),
            plan.offset(outputs.get(i).index())));
      }
    }
    java.util.Set<TensorType> typedChecks = java.util.EnumSet.noneOf(TensorType.class);
    for (List<Tensor> side : List.of(inputs, outputs)) {
      for (Tensor t : side) {
        if (!BoundaryCopies.rawIsTyped(t.type())) {
          typedChecks.add(t.type());
        }
      }
    }
    for (TensorType t : typedChecks) {
      methods.add(BoundaryCopies.checkLength(t));
    }
    methods.add(BoundaryCopies.checkCount());
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
            ((ArrayTypeName) outType).componentType)
        .addStatement("new $T().infer(input, output)", self)
        .addStatement("return output")
        .build();
  }

  private static String unit(Tensor t) {
    return BoundaryCopies.unit(t.type());
  }

  private MethodSpec rawInferAllocating() {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final byte[][] outputs = new byte[OUTPUT_COUNT][]");
    for (int i = 0; i < outputs.size(); i++) {
      b.addStatement("outputs[$L] = new byte[$N_BYTES]", i, prefix(false, i));
    }
    b.addStatement("inferRaw(inputs, outputs)");
    b.addStatement("return outputs");
    return MethodSpec.methodBuilder("inferRaw")
        .addModifiers(Modifier.PUBLIC)
        .returns(byte[][].class)
        .addParameter(byte[][].class, "inputs")
        .addJavadoc("Runs the model on raw tensor bytes and returns new output arrays.\n"
            + "\n@param inputs {@link #INPUT_COUNT} arrays, one per model input in order, each"
            + " the tensor's bytes in TFLite's layout ({@code INPUT..._BYTES} long)\n"
            + "@return {@link #OUTPUT_COUNT} new arrays, one per model output in order\n"
            + "@throws IllegalArgumentException if an array has the wrong size or count\n")
        .addCode(b.build())
        .build();
  }

  /**
   * Checks of {@code inputs} and {@code outputs} arrays: their counts, and each array's length
   * against its {@code ..._<sizeSuffix>} constant.
   */
  private CodeBlock arrayChecks(String sizeSuffix) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("checkCount(inputs, INPUT_COUNT, $S)", "inputs");
    b.addStatement("checkCount(outputs, OUTPUT_COUNT, $S)", "outputs");
    for (boolean input : new boolean[] {true, false}) {
      List<Tensor> side = input ? inputs : outputs;
      String array = input ? "inputs" : "outputs";
      for (int i = 0; i < side.size(); i++) {
        b.addStatement("checkLength($N[$L], $N_$L, $S)", array, i, prefix(input, i),
            sizeSuffix, array + "[" + i + "]");
      }
    }
    return b.build();
  }

  private MethodSpec rawInfer() {
    CodeBlock.Builder b = CodeBlock.builder();
    b.add(arrayChecks("BYTES"));
    for (int i = 0; i < inputs.size(); i++) {
      boolean typed = BoundaryCopies.rawIsTyped(inputs.get(i).type());
      b.addStatement("$N(inputs[$L])", (typed ? "load" : "loadRaw") + i, i);
    }
    b.addStatement("run()");
    for (int i = 0; i < outputs.size(); i++) {
      boolean typed = BoundaryCopies.rawIsTyped(outputs.get(i).type());
      b.addStatement("$N(outputs[$L])", (typed ? "store" : "storeRaw") + i, i);
    }
    return MethodSpec.methodBuilder("inferRaw")
        .addModifiers(Modifier.PUBLIC)
        .addParameter(byte[][].class, "inputs")
        .addParameter(byte[][].class, "outputs")
        .addJavadoc("Runs the model without allocating, on raw tensor bytes in TFLite's layout:"
            + " uint8/int8 one byte per element, int16, int32, int64 and float32 little-endian,"
            + " bool one byte (0 or 1).\n"
            + "\n@param inputs {@link #INPUT_COUNT} arrays, read, each {@code INPUT..._BYTES}"
            + " long\n"
            + "@param outputs {@link #OUTPUT_COUNT} arrays, filled, each {@code OUTPUT..._BYTES}"
            + " long\n"
            + "@throws IllegalArgumentException if an array has the wrong size or count\n")
        .addCode(b.build())
        .build();
  }

  /** {@code resetState()}: every variable tensor back to TFLite's initial value. */
  private MethodSpec resetState() {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Tensor t : state) {
      int offset = plan.offset(t.index());
      // TFLite (ResetVariableTensor): int8 state starts at its zero point, any other type at
      // raw 0; in the arena's centered form that is raw value minus the zero point.
      int zp = BoundaryCopies.centered(t) ? t.quant().zeroPoint() : 0;
      int raw = t.type() == TensorType.INT8 ? zp : 0;
      b.addStatement("$T.fill(arena, $L, $L, $L)", java.util.Arrays.class, offset,
          offset + t.elementCount(), raw - zp);
    }
    return MethodSpec.methodBuilder("resetState")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Sets the model's state (its $L variable tensor$L) to TFLite's initial"
            + " values, as a new instance has them: call it between independent streams.\n",
            state.size(), state.size() == 1 ? "" : "s")
        .addCode(b.build())
        .build();
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
    b.add(arrayChecks("SIZE"));
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

}
