package io.github.tflite2java.compiler.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the interesting fields of a known-good TFLite FlatBuffer sit, so that mutations can hit
 * them on purpose: offsets, vector lengths, shapes, tensor and buffer indices, scales, zero
 * points, option fields. Navigation is unchecked: it must only be given valid models.
 */
final class ModelLayout {

  /** What a field means, which decides the values a mutation writes into it. */
  enum Kind {
    /** A uoffset to a table, vector or string (relative to its own position). */
    OFFSET,
    /** The soffset from a table to its vtable. */
    VTABLE_OFFSET,
    /** A 16-bit vtable entry (size or field offset). */
    VTABLE_ENTRY,
    /** The length word of a vector. */
    VECTOR_LENGTH,
    /** One dimension of a tensor shape. */
    SHAPE_DIM,
    /** A tensor index: operator input or output, subgraph input or output. */
    TENSOR_INDEX,
    /** A tensor's buffer index. */
    BUFFER_INDEX,
    /** An operator's index into the operator codes. */
    OPCODE_INDEX,
    /** An operator code (deprecated byte or int builtin code). */
    BUILTIN_CODE,
    /** A quantization scale (float32). */
    SCALE,
    /** A quantization zero point (int64). */
    ZERO_POINT,
    /** quantized_dimension. */
    QUANTIZED_DIMENSION,
    /** A tensor's type byte. */
    TENSOR_TYPE,
    /** builtin_options_type. */
    OPTIONS_TYPE,
    /** A 4-byte field of a builtin options table (stride, filter size, beta, ...). */
    OPTION_INT,
    /** A 1-byte field of a builtin options table (padding, fused activation). */
    OPTION_BYTE,
    /** The schema version. */
    VERSION
  }

  /** One field: its absolute position, width in bytes and meaning. */
  record Slot(int position, int width, Kind kind) {}

  /** A byte range holding tensor data (weights): mutating it is seldom interesting. */
  record Range(int start, int end) {}

  private final ByteBuffer bb;
  final List<Slot> slots = new ArrayList<>();
  final List<Range> dataRanges = new ArrayList<>();
  /** Positions of the operator table offsets in the subgraph's operators vector. */
  final List<Integer> operatorSlots = new ArrayList<>();
  int tensorCount;
  int bufferCount;
  /** Per operator, its output tensor indices (to build cycles). */
  final List<int[]> operatorOutputs = new ArrayList<>();
  final int length;

  private ModelLayout(byte[] bytes) {
    this.bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.length = bytes.length;
  }

  /** Maps a valid model. */
  static ModelLayout of(byte[] bytes) {
    ModelLayout l = new ModelLayout(bytes);
    l.model();
    return l;
  }

  /** True when {@code position} lies inside tensor data. */
  boolean inData(int position) {
    for (Range r : dataRanges) {
      if (position >= r.start && position < r.end) {
        return true;
      }
    }
    return false;
  }

  private void model() {
    slots.add(new Slot(0, 4, Kind.OFFSET));
    int root = bb.getInt(0);
    table(root);
    scalar(root, 0, 4, Kind.VERSION);
    int codes = vector(root, 1);
    if (codes >= 0) {
      for (int i = 0; i < len(codes); i++) {
        int c = element(codes, i);
        table(c);
        scalar(c, 0, 1, Kind.BUILTIN_CODE);
        scalar(c, 3, 4, Kind.BUILTIN_CODE);
        stringField(c, 1);
      }
    }
    int buffers = vector(root, 4);
    if (buffers >= 0) {
      bufferCount = len(buffers);
      for (int i = 0; i < bufferCount; i++) {
        int b = element(buffers, i);
        table(b);
        int data = vector(b, 0);
        if (data >= 0) {
          dataRanges.add(new Range(data + 4, data + 4 + len(data)));
        }
      }
    }
    stringField(root, 3);
    int subgraphs = vector(root, 2);
    if (subgraphs >= 0 && len(subgraphs) > 0) {
      subgraph(element(subgraphs, 0));
    }
  }

  private void subgraph(int g) {
    table(g);
    int tensors = vector(g, 0);
    if (tensors >= 0) {
      tensorCount = len(tensors);
      for (int i = 0; i < tensorCount; i++) {
        tensor(element(tensors, i));
      }
    }
    ints(vector(g, 1), Kind.TENSOR_INDEX);
    ints(vector(g, 2), Kind.TENSOR_INDEX);
    stringField(g, 4);
    int ops = vector(g, 3);
    if (ops >= 0) {
      for (int i = 0; i < len(ops); i++) {
        operatorSlots.add(ops + 4 + 4 * i);
        operator(element(ops, i));
      }
    }
  }

  private void tensor(int t) {
    table(t);
    ints(vector(t, 0), Kind.SHAPE_DIM);
    scalar(t, 1, 1, Kind.TENSOR_TYPE);
    scalar(t, 2, 4, Kind.BUFFER_INDEX);
    stringField(t, 3);
    int q = target(t, 4);
    if (q >= 0) {
      table(q);
      int scales = vector(q, 2);
      if (scales >= 0) {
        for (int i = 0; i < len(scales) && i < 64; i++) {
          slots.add(new Slot(scales + 4 + 4 * i, 4, Kind.SCALE));
        }
      }
      int zps = vector(q, 3);
      if (zps >= 0) {
        for (int i = 0; i < len(zps) && i < 64; i++) {
          slots.add(new Slot(zps + 4 + 8 * i, 8, Kind.ZERO_POINT));
        }
      }
      scalar(q, 6, 4, Kind.QUANTIZED_DIMENSION);
      scalar(q, 4, 1, Kind.OPTIONS_TYPE);
    }
    ints(vector(t, 7), Kind.SHAPE_DIM);
  }

  private void operator(int op) {
    table(op);
    scalar(op, 0, 4, Kind.OPCODE_INDEX);
    ints(vector(op, 1), Kind.TENSOR_INDEX);
    int outs = vector(op, 2);
    ints(outs, Kind.TENSOR_INDEX);
    int[] outputs = new int[outs < 0 ? 0 : len(outs)];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = bb.getInt(outs + 4 + 4 * i);
    }
    operatorOutputs.add(outputs);
    scalar(op, 3, 1, Kind.OPTIONS_TYPE);
    int options = target(op, 4);
    if (options >= 0) {
      optionsTable(options);
    }
  }

  /** Every field of an options table, sized by the gap to the next field. */
  private void optionsTable(int t) {
    table(t);
    int vtable = t - bb.getInt(t);
    int vsize = bb.getShort(vtable) & 0xFFFF;
    int tsize = bb.getShort(vtable + 2) & 0xFFFF;
    List<Integer> offsets = new ArrayList<>();
    for (int slot = 4; slot < vsize; slot += 2) {
      int off = bb.getShort(vtable + slot) & 0xFFFF;
      if (off != 0) {
        offsets.add(off);
      }
    }
    offsets.sort(null);
    for (int i = 0; i < offsets.size(); i++) {
      int off = offsets.get(i);
      int next = i + 1 < offsets.size() ? offsets.get(i + 1) : tsize;
      int width = next - off >= 4 ? 4 : 1;
      slots.add(new Slot(t + off, width, width == 4 ? Kind.OPTION_INT : Kind.OPTION_BYTE));
    }
  }

  private void table(int t) {
    slots.add(new Slot(t, 4, Kind.VTABLE_OFFSET));
    int vtable = t - bb.getInt(t);
    int vsize = bb.getShort(vtable) & 0xFFFF;
    for (int slot = 0; slot < vsize; slot += 2) {
      slots.add(new Slot(vtable + slot, 2, Kind.VTABLE_ENTRY));
    }
  }

  /** Position of field n of the table, or -1. */
  private int field(int t, int n) {
    int vtable = t - bb.getInt(t);
    int vsize = bb.getShort(vtable) & 0xFFFF;
    int slot = 4 + 2 * n;
    if (slot >= vsize) {
      return -1;
    }
    int off = bb.getShort(vtable + slot) & 0xFFFF;
    return off == 0 ? -1 : t + off;
  }

  private void scalar(int t, int n, int width, Kind kind) {
    int p = field(t, n);
    if (p >= 0) {
      slots.add(new Slot(p, width, kind));
    }
  }

  /** Target of the offset field n (recorded as an OFFSET slot), or -1. */
  private int target(int t, int n) {
    int p = field(t, n);
    if (p < 0) {
      return -1;
    }
    slots.add(new Slot(p, 4, Kind.OFFSET));
    return p + bb.getInt(p);
  }

  /** The vector in field n (its length recorded as a slot), or -1. */
  private int vector(int t, int n) {
    int v = target(t, n);
    if (v >= 0) {
      slots.add(new Slot(v, 4, Kind.VECTOR_LENGTH));
    }
    return v;
  }

  private void stringField(int t, int n) {
    vector(t, n);
  }

  private int len(int vector) {
    return bb.getInt(vector);
  }

  private int element(int vector, int i) {
    int p = vector + 4 + 4 * i;
    slots.add(new Slot(p, 4, Kind.OFFSET));
    return p + bb.getInt(p);
  }

  private void ints(int vector, Kind kind) {
    if (vector < 0) {
      return;
    }
    for (int i = 0; i < len(vector); i++) {
      slots.add(new Slot(vector + 4 + 4 * i, 4, kind));
    }
  }
}
