package io.github.tflite2java.compiler.modelbuilder;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.OperatorKernel;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import io.github.tflite2java.compiler.ops.UnidirectionalSequenceLstm;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflBuffer;
import io.github.tflite2java.compiler.tflite.TflModel;
import io.github.tflite2java.compiler.tflite.TflOperatorCode;
import io.github.tflite2java.compiler.tflite.TflQuantization;
import io.github.tflite2java.compiler.tflite.TflSubGraph;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import io.github.tflite2java.compiler.tflite.TflTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes single-subgraph TFLite models (schema version 3, identifier "TFL3") for tests and
 * fuzzing: add tensors, constants and operators, set inputs and outputs, then {@link #build()}.
 *
 * <p>Buffer 0 is always the empty sentinel buffer; every constant tensor gets a buffer of its
 * own and every other tensor refers to buffer 0. Operator codes are deduplicated and written with
 * both the byte-sized deprecated code (capped at 127) and the int-sized code, as TFLite's own
 * converter does. A few {@code raw...} setters deliberately break the model for negative tests.
 */
public final class TfliteModelBuilder {

  private static final class TensorSpec {
    String name;
    int type;
    int[] shape;
    int[] shapeSignature;
    QuantParams quant;
    byte[] data;
    Long rawBuffer;
    boolean variable;
    boolean customQuantization;
    long externalOffset;
    long externalSize;
  }

  private record OpCode(int builtinCode, String customCode, int version) {}

  private static final class OpSpec {
    int opcodeIndex;
    int[] inputs;
    int[] outputs;
    OperatorOptions options;
    byte[] customOptions;
    int[] intermediates;
  }

  private final List<TensorSpec> tensors = new ArrayList<>();
  private final List<OpCode> opCodes = new ArrayList<>();
  private final List<OpSpec> operators = new ArrayList<>();
  private int[] inputs = new int[0];
  private int[] outputs = new int[0];
  private String description = "tflite2java TfliteModelBuilder";
  private String subgraphName = "main";
  private long schemaVersion = TflModel.SCHEMA_VERSION;
  private int extraSubgraphs;

  /** Adds a tensor computed at run time (no data, no quantization); returns its index. */
  public int addTensor(String name, TensorType type, int[] shape) {
    return addTensor(name, type, shape, QuantParams.NONE);
  }

  /** Adds a tensor computed at run time; returns its index. */
  public int addTensor(String name, TensorType type, int[] shape, QuantParams quant) {
    return add(name, type, shape, quant, null);
  }

  /**
   * Adds a constant tensor whose contents (little-endian, row-major) get a buffer of their own;
   * returns its index.
   */
  public int addConstantTensor(
      String name, TensorType type, int[] shape, QuantParams quant, byte[] data) {
    return add(name, type, shape, quant, Objects.requireNonNull(data, "data").clone());
  }

  private int add(String name, TensorType type, int[] shape, QuantParams quant, byte[] data) {
    TensorSpec t = new TensorSpec();
    t.name = Objects.requireNonNull(name, "name");
    t.type = type.code();
    t.shape = shape.clone();
    t.quant = quant == null ? QuantParams.NONE : quant;
    t.data = data;
    tensors.add(t);
    return tensors.size() - 1;
  }

  /** Sets a tensor's shape_signature (-1 marks a dynamic dimension). */
  public TfliteModelBuilder shapeSignature(int tensor, int... signature) {
    tensors.get(tensor).shapeSignature = signature.clone();
    return this;
  }

  /** Replaces a tensor's shape; {@code null} omits the shape field. */
  public TfliteModelBuilder rawShape(int tensor, int[] shape) {
    tensors.get(tensor).shape = shape == null ? null : shape.clone();
    return this;
  }

  /** Overrides a tensor's type code, e.g. with one the schema does not define. */
  public TfliteModelBuilder rawType(int tensor, int typeCode) {
    tensors.get(tensor).type = typeCode;
    return this;
  }

  /** Overrides the buffer index a tensor refers to (its own data, if any, is still written). */
  public TfliteModelBuilder rawBufferIndex(int tensor, long bufferIndex) {
    tensors.get(tensor).rawBuffer = bufferIndex;
    return this;
  }

  /** Adds a CustomQuantization details union to a tensor's quantization parameters. */
  public TfliteModelBuilder rawCustomQuantization(int tensor) {
    tensors.get(tensor).customQuantization = true;
    return this;
  }

  /**
   * Gives a constant tensor's buffer the offset/size fields that models over 2 GB use to keep
   * data outside the FlatBuffer.
   */
  public TfliteModelBuilder rawExternalData(int tensor, long offset, long size) {
    tensors.get(tensor).externalOffset = offset;
    tensors.get(tensor).externalSize = size;
    return this;
  }

  /** Marks a tensor as a variable (state) tensor. */
  public TfliteModelBuilder variable(int tensor, boolean variable) {
    tensors.get(tensor).variable = variable;
    return this;
  }

  /** Adds a builtin operator at version 1; returns its index. */
  public int addOperator(int builtinCode, int[] inputs, int[] outputs, OperatorOptions options) {
    return addOperator(builtinCode, 1, inputs, outputs, options);
  }

  /**
   * Adds a builtin operator; returns its index.
   *
   * @param options the builtin options, written as the matching schema table ({@link
   *     OperatorOptions.None} or null for none)
   */
  public int addOperator(
      int builtinCode, int version, int[] inputs, int[] outputs, OperatorOptions options) {
    OpSpec op = new OpSpec();
    op.opcodeIndex = opCode(new OpCode(builtinCode, null, version));
    op.inputs = inputs.clone();
    op.outputs = outputs.clone();
    op.options = options;
    operators.add(op);
    return operators.size() - 1;
  }

  /** Adds a custom operator with opaque (flexbuffer) options, or null; returns its index. */
  public int addCustomOperator(
      String customCode, int[] inputs, int[] outputs, byte[] customOptions) {
    OpSpec op = new OpSpec();
    op.opcodeIndex = opCode(new OpCode(BuiltinOperator.CUSTOM, customCode, 1));
    op.inputs = inputs.clone();
    op.outputs = outputs.clone();
    op.customOptions = customOptions == null ? null : customOptions.clone();
    operators.add(op);
    return operators.size() - 1;
  }

  /** Gives an operator intermediate tensors (the integer LSTM's five, for instance). */
  public TfliteModelBuilder intermediates(int operator, int... tensorIndices) {
    operators.get(operator).intermediates = tensorIndices.clone();
    return this;
  }

  /**
   * Gives an operator a {@code UnidirectionalSequenceLSTMOptions} table (union type 71),
   * replacing any options it had.
   */
  public TfliteModelBuilder unidirectionalSequenceLstmOptions(int operator, int fusedActivation,
      float cellClip, float projClip, boolean timeMajor, boolean asymmetricQuantizeInputs) {
    OpSpec op = operators.get(operator);
    op.options = new UnidirectionalSequenceLstm.Options(fusedActivation, cellClip, projClip,
        timeMajor, asymmetricQuantizeInputs, false);
    return this;
  }

  private int opCode(OpCode code) {
    int i = opCodes.indexOf(code);
    if (i < 0) {
      opCodes.add(code);
      i = opCodes.size() - 1;
    }
    return i;
  }

  public TfliteModelBuilder inputs(int... tensorIndices) {
    inputs = tensorIndices.clone();
    return this;
  }

  public TfliteModelBuilder outputs(int... tensorIndices) {
    outputs = tensorIndices.clone();
    return this;
  }

  public TfliteModelBuilder description(String text) {
    description = text;
    return this;
  }

  public TfliteModelBuilder subgraphName(String name) {
    subgraphName = name;
    return this;
  }

  /** Overrides the schema version field (3 unless changed). */
  public TfliteModelBuilder rawSchemaVersion(long version) {
    schemaVersion = version;
    return this;
  }

  /** Appends {@code count} more references to the same subgraph, making a multi-subgraph model. */
  public TfliteModelBuilder rawExtraSubgraphs(int count) {
    extraSubgraphs = count;
    return this;
  }

  /** Number of tensors added so far. */
  public int tensorCount() {
    return tensors.size();
  }

  /** Serializes the model, identifier "TFL3". */
  public byte[] build() {
    FlatBufferBuilder fbb = new FlatBufferBuilder(1024);

    List<Integer> buffers = new ArrayList<>();
    fbb.startTable(3);
    buffers.add(fbb.endTable()); // buffer 0: the empty sentinel
    long[] bufferOf = new long[tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      TensorSpec t = tensors.get(i);
      if (t.data != null) {
        fbb.createUnintializedVector(1, t.data.length, 16).put(t.data);
        int vec = fbb.endVector();
        fbb.startTable(3);
        fbb.addOffset(TflBuffer.DATA, vec, 0);
        fbb.addLong(TflBuffer.OFFSET, t.externalOffset, 0);
        fbb.addLong(TflBuffer.SIZE, t.externalSize, 0);
        buffers.add(fbb.endTable());
        bufferOf[i] = buffers.size() - 1;
      }
      if (t.rawBuffer != null) {
        bufferOf[i] = t.rawBuffer;
      }
    }

    int[] tensorOffsets = new int[tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      tensorOffsets[i] = writeTensor(fbb, tensors.get(i), bufferOf[i]);
    }
    int[] opOffsets = new int[operators.size()];
    for (int i = 0; i < operators.size(); i++) {
      opOffsets[i] = writeOperator(fbb, operators.get(i));
    }
    int tensorsVec = fbb.createVectorOfTables(tensorOffsets);
    int inputsVec = intVector(fbb, inputs);
    int outputsVec = intVector(fbb, outputs);
    int opsVec = fbb.createVectorOfTables(opOffsets);
    int nameStr = fbb.createString(subgraphName);
    fbb.startTable(5);
    fbb.addOffset(TflSubGraph.TENSORS, tensorsVec, 0);
    fbb.addOffset(TflSubGraph.INPUTS, inputsVec, 0);
    fbb.addOffset(TflSubGraph.OUTPUTS, outputsVec, 0);
    fbb.addOffset(TflSubGraph.OPERATORS, opsVec, 0);
    fbb.addOffset(TflSubGraph.NAME, nameStr, 0);
    int subgraph = fbb.endTable();
    int[] subgraphs = new int[1 + extraSubgraphs];
    java.util.Arrays.fill(subgraphs, subgraph);

    int[] codeOffsets = new int[opCodes.size()];
    for (int i = 0; i < opCodes.size(); i++) {
      OpCode c = opCodes.get(i);
      int custom = c.customCode() == null ? 0 : fbb.createString(c.customCode());
      fbb.startTable(4);
      fbb.addByte(TflOperatorCode.DEPRECATED_BUILTIN_CODE,
          (byte) Math.min(c.builtinCode(), BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
      fbb.addOffset(TflOperatorCode.CUSTOM_CODE, custom, 0);
      fbb.addInt(TflOperatorCode.VERSION, c.version(), 1);
      fbb.addInt(TflOperatorCode.BUILTIN_CODE, c.builtinCode(), 0);
      codeOffsets[i] = fbb.endTable();
    }

    int codesVec = fbb.createVectorOfTables(codeOffsets);
    int subgraphsVec = fbb.createVectorOfTables(subgraphs);
    int descStr = description == null ? 0 : fbb.createString(description);
    int buffersVec = fbb.createVectorOfTables(buffers.stream().mapToInt(Integer::intValue).toArray());
    fbb.startTable(8);
    fbb.addInt(TflModel.VERSION, (int) schemaVersion, 0);
    fbb.addOffset(TflModel.OPERATOR_CODES, codesVec, 0);
    fbb.addOffset(TflModel.SUBGRAPHS, subgraphsVec, 0);
    fbb.addOffset(TflModel.DESCRIPTION, descStr, 0);
    fbb.addOffset(TflModel.BUFFERS, buffersVec, 0);
    int model = fbb.endTable();
    fbb.finish(model, TflModel.FILE_IDENTIFIER);
    return fbb.sizedByteArray();
  }

  private static int writeTensor(FlatBufferBuilder fbb, TensorSpec t, long buffer) {
    int shape = t.shape == null ? 0 : intVector(fbb, t.shape);
    int signature = t.shapeSignature == null ? 0 : intVector(fbb, t.shapeSignature);
    int name = fbb.createString(t.name);
    int quant = 0;
    if (t.quant.isPresent() || t.customQuantization) {
      int details = 0;
      if (t.customQuantization) {
        int custom = fbb.createByteVector(new byte[] {1, 2, 3, 4});
        fbb.startTable(1);
        fbb.addOffset(0, custom, 0);
        details = fbb.endTable();
      }
      float[] scales = t.quant.scales();
      long[] zeroPoints = t.quant.zeroPoints();
      fbb.startVector(4, scales.length, 4);
      for (int i = scales.length - 1; i >= 0; i--) {
        fbb.addFloat(scales[i]);
      }
      int scaleVec = fbb.endVector();
      fbb.startVector(8, zeroPoints.length, 8);
      for (int i = zeroPoints.length - 1; i >= 0; i--) {
        fbb.addLong(zeroPoints[i]);
      }
      int zpVec = fbb.endVector();
      fbb.startTable(7);
      fbb.addOffset(TflQuantization.SCALE, scaleVec, 0);
      fbb.addOffset(TflQuantization.ZERO_POINT, zpVec, 0);
      if (details != 0) {
        fbb.addByte(TflQuantization.DETAILS_TYPE,
            (byte) TflQuantization.DETAILS_CUSTOM_QUANTIZATION, 0);
        fbb.addOffset(TflQuantization.DETAILS, details, 0);
      }
      fbb.addInt(TflQuantization.QUANTIZED_DIMENSION, t.quant.quantizedDimension(), 0);
      quant = fbb.endTable();
    }
    fbb.startTable(8);
    fbb.addOffset(TflTensor.SHAPE, shape, 0);
    fbb.addByte(TflTensor.TYPE, (byte) t.type, 0);
    fbb.addInt(TflTensor.BUFFER, (int) buffer, 0);
    fbb.addOffset(TflTensor.NAME, name, 0);
    fbb.addOffset(TflTensor.QUANTIZATION, quant, 0);
    fbb.addBoolean(TflTensor.IS_VARIABLE, t.variable, false);
    fbb.addOffset(TflTensor.SHAPE_SIGNATURE, signature, 0);
    return fbb.endTable();
  }

  private static int writeOperator(FlatBufferBuilder fbb, OpSpec op) {
    int in = intVector(fbb, op.inputs);
    int out = intVector(fbb, op.outputs);
    int custom = op.customOptions == null ? 0 : fbb.createByteVector(op.customOptions);
    int intermediates = op.intermediates == null ? 0 : intVector(fbb, op.intermediates);
    int optionsType = TflOptions.NONE;
    int options = 0;
    if (op.options != null && !(op.options instanceof OperatorOptions.None)) {
      OperatorKernel<?, ?> kernel = kernelFor(op.options);
      optionsType = kernel.optionsTable();
      options = encode(kernel, fbb, op.options);
    }
    fbb.startTable(9);
    fbb.addInt(TflOperator.OPCODE_INDEX, op.opcodeIndex, 0);
    fbb.addOffset(TflOperator.INPUTS, in, 0);
    fbb.addOffset(TflOperator.OUTPUTS, out, 0);
    fbb.addByte(TflOperator.BUILTIN_OPTIONS_TYPE, (byte) optionsType, 0);
    fbb.addOffset(TflOperator.BUILTIN_OPTIONS, options, 0);
    fbb.addOffset(TflOperator.CUSTOM_OPTIONS, custom, 0);
    fbb.addOffset(TflOperator.INTERMEDIATES, intermediates, 0);
    return fbb.endTable();
  }

  /** The kernel whose options record {@code options} is (its table is written). */
  private static OperatorKernel<?, ?> kernelFor(OperatorOptions options) {
    for (OperatorKernel<?, ?> k : OperatorRegistry.standard().kernels()) {
      if (k.optionsType() == options.getClass()) {
        return k;
      }
    }
    throw new IllegalArgumentException("no options table for " + options);
  }

  private static <O extends OperatorOptions> int encode(
      OperatorKernel<O, ?> kernel, FlatBufferBuilder fbb, OperatorOptions options) {
    return kernel.encodeOptions(fbb, kernel.optionsType().cast(options));
  }

  public static int intVector(FlatBufferBuilder fbb, int[] values) {
    fbb.startVector(4, values.length, 4);
    for (int i = values.length - 1; i >= 0; i--) {
      fbb.addInt(values[i]);
    }
    return fbb.endVector();
  }
}
