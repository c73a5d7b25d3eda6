package io.github.tflite2java.compiler.reader;

import static io.github.tflite2java.compiler.reader.TfliteReader.CORRUPT;

import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.FlatBufferFormatException;
import io.github.tflite2java.compiler.tflite.TflBuffer;
import io.github.tflite2java.compiler.tflite.TflModel;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOperatorCode;
import io.github.tflite2java.compiler.tflite.TflQuantization;
import io.github.tflite2java.compiler.tflite.TflSubGraph;
import io.github.tflite2java.compiler.tflite.TflTensor;
import io.github.tflite2java.compiler.validate.LimitsValidator;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a structurally checked {@link TflModel} into IR parts, recording every problem instead
 * of stopping at the first; a broken tensor or operator is reported and skipped.
 */
final class GraphDecoder {

  /** The decoded parts of a model, or nothing when problems were found. */
  record Result(
      int schemaVersion,
      String description,
      List<Tensor> tensors,
      List<Operator> operators,
      int[] inputs,
      int[] outputs) {}

  /** What one operator code resolves to; {@code kind == null} when it is unusable. */
  private record OpCode(String kind, int builtinCode, int version) {}

  private final TflModel model;
  private final ProblemCollector problems;
  private final CompileLimits limits;
  private final Map<Long, java.nio.ByteBuffer> bufferData = new HashMap<>();
  private int bufferCount;
  /** Bytes of constant data copied so far, held to {@link CompileLimits#maxWeightBytes()}. */
  private long copiedBytes;
  private boolean weightLimitReported;

  GraphDecoder(TflModel model, ProblemCollector problems, CompileLimits limits) {
    this.model = model;
    this.problems = problems;
    this.limits = limits;
  }

  /** Decodes the model; returns null if any problem was recorded. */
  Result decode() {
    long version = model.version();
    if (version != TflModel.SCHEMA_VERSION) {
      problems.add(TfliteReader.UNSUPPORTED_SCHEMA_VERSION, "model has schema version " + version
          + "; tflite2java reads TFLite schema version " + TflModel.SCHEMA_VERSION);
    }
    String description = model.description();
    int subgraphs = model.subgraphsLength();
    if (subgraphs == 0) {
      problems.add(CORRUPT, "corrupt: model has no subgraphs");
      return null;
    }
    if (subgraphs > 1) {
      problems.add(TfliteReader.MULTIPLE_SUBGRAPHS, "model has " + subgraphs
          + " subgraphs; tflite2java supports single-subgraph models");
    }
    bufferCount = model.buffersLength();
    OpCode[] codes = decodeOperatorCodes();
    TflSubGraph graph = model.subgraph(0);

    int tensorCount = graph.tensorsLength();
    intermediateTensors = intermediateTensors(graph);
    List<Tensor> tensors = new ArrayList<>(tensorCount);
    for (int i = 0; i < tensorCount; i++) {
      try {
        Tensor t = decodeTensor(graph.tensor(i), i);
        if (t != null) {
          tensors.add(t);
        }
      } catch (FlatBufferFormatException e) {
        problems.add(CORRUPT, "corrupt: " + e.getMessage());
      }
    }
    int[] inputs = checkIndices(graph.inputs(), tensorCount, "subgraph input");
    int[] outputs = checkIndices(graph.outputs(), tensorCount, "subgraph output");

    int operatorCount = graph.operatorsLength();
    List<Operator> operators = new ArrayList<>(operatorCount);
    for (int i = 0; i < operatorCount; i++) {
      try {
        Operator op = decodeOperator(graph.operator(i), i, codes, tensorCount);
        if (op != null) {
          operators.add(op);
        }
      } catch (FlatBufferFormatException e) {
        problems.add(CORRUPT, "corrupt: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      // The model cannot be read as it is; if it also uses operators this compiler lacks,
      // say that first: it is the problem a user must know about (an LSTM model's variable
      // tensors are a consequence of its UNIDIRECTIONAL_SEQUENCE_LSTM, not the cause).
      List<Problem> unsupported = new ArrayList<>();
      for (Operator op : operators) {
        if (OperatorRegistry.standard().find(op.kind()) == null) {
          unsupported.add(OperatorRegistry.standard().unsupported(op));
        }
      }
      problems.lead(unsupported);
      return null;
    }
    return new Result((int) version, description == null ? "" : description, tensors, operators,
        inputs, outputs);
  }

  /**
   * Tensors that operators list as intermediates (an integer LSTM's five): they only carry
   * quantization parameters and may have shape [0].
   */
  private java.util.Set<Integer> intermediateTensors = java.util.Set.of();

  private static java.util.Set<Integer> intermediateTensors(TflSubGraph graph) {
    java.util.Set<Integer> set = new java.util.HashSet<>();
    try {
      for (int i = 0; i < graph.operatorsLength(); i++) {
        int[] im = graph.operator(i).intermediates();
        if (im != null) {
          for (int t : im) {
            set.add(t);
          }
        }
      }
    } catch (FlatBufferFormatException e) {
      // Reported when the operators are decoded.
    }
    return set;
  }

  private OpCode[] decodeOperatorCodes() {
    int n = model.operatorCodesLength();
    OpCode[] codes = new OpCode[n];
    for (int i = 0; i < n; i++) {
      try {
        TflOperatorCode c = model.operatorCode(i);
        int code = c.effectiveCode();
        if (code == BuiltinOperator.CUSTOM) {
          String custom = c.customCode();
          codes[i] = custom == null ? new OpCode(null, code, c.version())
              : new OpCode("CUSTOM:" + custom, -1, c.version());
        } else {
          codes[i] = new OpCode(BuiltinOperator.name(code), code, c.version());
        }
      } catch (FlatBufferFormatException e) {
        problems.add(CORRUPT, "corrupt: " + e.getMessage());
        codes[i] = new OpCode(null, Integer.MIN_VALUE, 0);
      }
    }
    return codes;
  }

  private Tensor decodeTensor(TflTensor t, int index) {
    String name = t.name() == null ? "" : t.name();
    String label = tensorLabel(index, name);
    int before = problems.size();

    int typeCode = t.type();
    TensorType type = TensorType.ofCode(typeCode);
    if (type == null) {
      problems.add(TfliteReader.UNKNOWN_TENSOR_TYPE, label + " has tensor type code " + typeCode
          + ", which the TFLite schema known to tflite2java does not define");
    }
    int[] shape = t.shape();
    if (shape == null && t.hasRank()) {
      shape = new int[0];
    }
    long count = 1;
    boolean overLimit = false;
    if (shape == null) {
      problems.add(TfliteReader.DYNAMIC_SHAPE,
          label + " has no shape (unknown rank); tflite2java needs static shapes");
    } else {
      count = intermediateTensors.contains(index) && Arrays.stream(shape).allMatch(d -> d >= 0)
          && Arrays.stream(shape).anyMatch(d -> d == 0) ? 0 : checkShape(shape, label);
      if (count > limits.maxTensorElements()) {
        // Known before any data is copied: fail fast, whatever the buffer holds.
        Problem p = LimitsValidator.exceeded("maxTensorElements", limits.maxTensorElements(),
            label + " " + format(shape) + " has " + count + " elements");
        problems.add(p.id(), p.message());
        overLimit = true;
      }
    }
    int[] signature = t.shapeSignature();
    boolean dynamicBatch = false;
    if (signature != null && Arrays.stream(signature).anyMatch(d -> d < 0)) {
      // A -1 in dimension 0 is a dynamic batch: compiled at the stored shape (TFLite's shape
      // before ResizeInputTensor) or at the compile option batch. Anywhere else: rejected.
      for (int d = 0; d < signature.length; d++) {
        if (signature[d] < 0 && d > 0) {
          problems.add(TfliteReader.DYNAMIC_SHAPE, label + " has dynamic shape signature "
              + format(signature) + ": dimension " + d + " is " + signature[d]
              + "; tflite2java accepts -1 only in dimension 0 (the batch) and needs the other"
              + " dimensions static");
          break;
        }
      }
      if (signature[0] < 0) {
        if (shape != null && shape.length != signature.length) {
          problems.add(CORRUPT, "corrupt: " + label + " has shape " + format(shape)
              + " but shape signature " + format(signature) + " of another rank");
        }
        dynamicBatch = true;
      }
    }
    if (t.hasSparsity()) {
      problems.add(TfliteReader.SPARSE_TENSOR,
          label + " is stored sparse, which tflite2java does not support");
    }
    QuantParams quant = decodeQuantization(t.quantization(), label, shape);
    java.nio.ByteBuffer data = overLimit ? null : decodeData(t.buffer(), label, type, shape, count);
    if (problems.size() != before) {
      return null;
    }
    // A variable tensor (state kept between runs) is checked by validation: only operators
    // whose kernel keeps state may own one.
    return new Tensor(index, name, type, shape, quant, data, t.isVariable(), dynamicBatch);
  }

  /** Checks that every dimension is positive; returns the element count (or -1). */
  private long checkShape(int[] shape, String label) {
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        problems.add(TfliteReader.DYNAMIC_SHAPE, label + " has dynamic shape " + format(shape)
            + "; tflite2java needs static shapes");
        return -1;
      }
      if (d == 0) {
        problems.add(TfliteReader.ZERO_SIZED_TENSOR, label + " has shape " + format(shape)
            + " with a zero dimension; tflite2java needs every dimension positive");
        return -1;
      }
      count *= d;
      if (count > Integer.MAX_VALUE) {
        problems.add(TfliteReader.TENSOR_TOO_LARGE, label + " has shape " + format(shape)
            + ", more than " + Integer.MAX_VALUE + " elements");
        return -1;
      }
    }
    return count;
  }

  private QuantParams decodeQuantization(TflQuantization q, String label, int[] shape) {
    if (q == null) {
      return QuantParams.NONE;
    }
    if (q.detailsType() != 0 || q.hasDetails()) {
      problems.add(TfliteReader.UNSUPPORTED_QUANTIZATION, label
          + " is quantized with custom quantization details (union type " + q.detailsType()
          + "), which tflite2java does not support");
      return QuantParams.NONE;
    }
    float[] scales = q.scale();
    if (scales == null || scales.length == 0) {
      return QuantParams.NONE;
    }
    long[] zeroPoints = q.zeroPoint();
    if (zeroPoints == null || zeroPoints.length != scales.length) {
      problems.add(CORRUPT, "corrupt: " + label + " has " + scales.length
          + " quantization scales but " + (zeroPoints == null ? 0 : zeroPoints.length)
          + " zero points");
      return QuantParams.NONE;
    }
    for (long zp : zeroPoints) {
      if (zp != (int) zp) {
        problems.add(CORRUPT, "corrupt: " + label + " has zero point " + zp
            + ", outside the 32-bit range");
        return QuantParams.NONE;
      }
    }
    int dim = q.quantizedDimension();
    if (scales.length > 1 && shape != null) {
      if (dim < 0 || dim >= shape.length) {
        problems.add(CORRUPT, "corrupt: " + label + " has quantized dimension " + dim
            + ", out of range for shape " + format(shape));
      } else if (shape[dim] != scales.length) {
        problems.add(CORRUPT, "corrupt: " + label + " has " + scales.length
            + " per-channel scales but dimension " + dim + " of shape " + format(shape)
            + " is " + shape[dim]);
      }
    }
    return new QuantParams(scales, zeroPoints, dim);
  }

  private java.nio.ByteBuffer decodeData(long buffer, String label, TensorType type, int[] shape, long count) {
    if (buffer >= bufferCount) {
      problems.add(CORRUPT, "corrupt: " + label + " buffer index " + buffer
          + " out of range (model has " + bufferCount + " buffers)");
      return null;
    }
    java.nio.ByteBuffer cached = bufferData.get(buffer);
    if (cached != null) {
      return checkDataSize(cached, label, type, shape, count);
    }
    TflBuffer b = model.buffer((int) buffer);
    if (b.isExternal()) {
      problems.add(TfliteReader.EXTERNAL_BUFFER, label + " uses buffer " + buffer
          + ", stored outside the FlatBuffer (models over 2 GB), which tflite2java does not read");
      return null;
    }
    int length = b.dataLength();
    if (length <= 0) {
      return null;
    }
    if (copiedBytes + length > limits.maxWeightBytes()) {
      // Known before the copy: the constant data alone is over the limit.
      if (!weightLimitReported) {
        weightLimitReported = true;
        Problem p = LimitsValidator.exceeded("maxWeightBytes", limits.maxWeightBytes(),
            "the constant data reaches " + (copiedBytes + length) + " bytes at " + label);
        problems.add(p.id(), p.message());
      }
      return null;
    }
    copiedBytes += length;
    // A view of the (memory-mapped) file, not a copy: tensors copy it when a kernel reads it.
    java.nio.ByteBuffer data = b.dataView();
    bufferData.put(buffer, data);
    return checkDataSize(data, label, type, shape, count);
  }

  private java.nio.ByteBuffer checkDataSize(
      java.nio.ByteBuffer data, String label, TensorType type, int[] shape, long count) {
    if (type != null && type.byteSize() > 0 && shape != null && count >= 0) {
      long expected = count * type.byteSize();
      if (data.remaining() != expected) {
        problems.add(CORRUPT, "corrupt: " + label + " has " + data.remaining()
            + " bytes of data, expected " + expected + " for " + type + format(shape));
      }
    }
    return data;
  }

  private Operator decodeOperator(TflOperator op, int index, OpCode[] codes, int tensorCount) {
    long codeIndex = op.opcodeIndex();
    if (codeIndex >= codes.length) {
      problems.add(CORRUPT, "corrupt: operator " + index + " opcode index " + codeIndex
          + " out of range (model has " + codes.length + " operator codes)");
      return null;
    }
    OpCode code = codes[(int) codeIndex];
    if (code.builtinCode() == Integer.MIN_VALUE) {
      return null; // operator code itself is corrupt, already reported
    }
    if (code.kind() == null) {
      if (code.builtinCode() == BuiltinOperator.CUSTOM) {
        problems.add(CORRUPT, "corrupt: operator " + index
            + " is a custom operator but its operator code has no custom_code");
      } else {
        problems.add(TfliteReader.UNKNOWN_OPERATOR, "operator " + index + " has builtin code "
            + code.builtinCode() + ", which the TFLite schema known to tflite2java does not"
            + " define");
      }
      return null;
    }
    String label = "operator " + index + " (" + sanitize(code.kind(), 80) + ")";
    int before = problems.size();
    int[] inputs = checkOperands(op.inputs(), tensorCount, label, "input", true);
    int[] outputs = checkOperands(op.outputs(), tensorCount, label, "output", false);
    int[] intermediates = checkOperands(op.intermediates(), tensorCount, label, "intermediate",
        false);
    OperatorOptions options = OptionsDecoder.decode(op, code.builtinCode(), code.kind(), label,
        problems);
    if (op.largeCustomOptionsOffset() > 1) {
      problems.add(TfliteReader.EXTERNAL_BUFFER, label + " has custom options stored outside"
          + " the FlatBuffer (models over 2 GB), which tflite2java does not read");
    }
    if (problems.size() != before) {
      return null;
    }
    return new Operator(index, code.kind(), code.builtinCode(), code.version(), inputs, outputs,
        options, intermediates);
  }

  private int[] checkOperands(
      int[] indices, int tensorCount, String label, String what, boolean optionalAllowed) {
    if (indices == null) {
      return new int[0];
    }
    for (int k = 0; k < indices.length; k++) {
      int t = indices[k];
      if (t == -1 && optionalAllowed) {
        continue;
      }
      if (t < 0 || t >= tensorCount) {
        problems.add(CORRUPT, "corrupt: " + label + " " + what + " " + k + " refers to tensor "
            + t + ", out of range (subgraph has " + tensorCount + " tensors)");
      }
    }
    return indices;
  }

  private int[] checkIndices(int[] indices, int tensorCount, String what) {
    if (indices == null) {
      return new int[0];
    }
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= tensorCount) {
        problems.add(CORRUPT, "corrupt: " + what + " " + k + " refers to tensor " + indices[k]
            + ", out of range (subgraph has " + tensorCount + " tensors)");
      }
    }
    return indices;
  }

  /** A shape as TFLite prints it, e.g. {@code [1,224,224,3]}; very long ones are cut. */
  static String format(int[] shape) {
    if (shape.length > 16) {
      String head = Arrays.toString(Arrays.copyOf(shape, 16)).replace(" ", "");
      return head.substring(0, head.length() - 1) + ",...] (rank " + shape.length + ")";
    }
    return Arrays.toString(shape).replace(" ", "");
  }

  /**
   * How messages name a tensor: {@code tensor 12 'conv1/weights'}, with the untrusted name
   * shortened and control characters escaped.
   */
  static String tensorLabel(int index, String name) {
    return "tensor " + index + " '" + sanitize(name, 120) + "'";
  }

  /** Escapes control characters and shortens text taken from the model for messages. */
  static String sanitize(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (; i < text.length() && sb.length() < maxChars; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (i < text.length()) {
      sb.append("...");
    }
    return sb.toString();
  }
}
