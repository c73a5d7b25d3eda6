package io.github.tflite2java.benchmarks.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds one ONNX model (a single graph) and serializes it as {@code ModelProto} bytes. Field
 * numbers are those of {@code onnx.proto} (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto).
 */
final class OnnxModel {

  /** TensorProto.DataType values used here. */
  static final int FLOAT = 1;
  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int INT32 = 6;
  static final int INT64 = 7;

  /** The com.microsoft domain (QLinearAdd, QLinearAveragePool, QLinearSoftmax, ...). */
  static final String MS = "com.microsoft";

  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();
  private int nodeCount;

  /** One node attribute. */
  static final class Attr {
    final ProtoWriter proto = new ProtoWriter();

    private Attr(String name) {
      proto.string(1, name);
    }

    static Attr ints(String name, long... values) {
      Attr a = new Attr(name);
      for (long v : values) {
        a.proto.varint(8, v);
      }
      a.proto.varint(20, 7); // INTS
      return a;
    }

    static Attr i(String name, long value) {
      Attr a = new Attr(name);
      a.proto.varint(3, value);
      a.proto.varint(20, 2); // INT
      return a;
    }
  }

  /** Adds a node; {@code domain} null for the default domain. */
  OnnxModel node(String opType, String domain, String[] in, String[] out, Attr... attrs) {
    ProtoWriter n = new ProtoWriter();
    for (String s : in) {
      n.string(1, s);
    }
    for (String s : out) {
      n.string(2, s);
    }
    n.string(3, opType + "_" + nodeCount++);
    n.string(4, opType);
    for (Attr a : attrs) {
      n.message(5, a.proto);
    }
    if (domain != null) {
      n.string(7, domain);
    }
    nodes.add(n);
    return this;
  }

  int nodeCount() {
    return nodeCount;
  }

  /** A constant tensor: {@code raw} little-endian, {@code dims} empty for a scalar. */
  String initializer(String name, int dataType, long[] dims, byte[] raw) {
    ProtoWriter t = new ProtoWriter();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, dataType);
    t.string(8, name);
    t.bytes(9, raw);
    initializers.add(t);
    return name;
  }

  OnnxModel input(String name, int elemType, long... shape) {
    inputs.add(valueInfo(name, elemType, shape));
    return this;
  }

  OnnxModel output(String name, int elemType, long... shape) {
    outputs.add(valueInfo(name, elemType, shape));
    return this;
  }

  private static ProtoWriter valueInfo(String name, int elemType, long[] shape) {
    ProtoWriter dims = new ProtoWriter();
    for (long d : shape) {
      dims.message(1, new ProtoWriter().varint(1, d));
    }
    ProtoWriter tensorType = new ProtoWriter().varint(1, elemType).message(2, dims);
    ProtoWriter type = new ProtoWriter().message(1, tensorType);
    return new ProtoWriter().string(1, name).message(2, type);
  }

  /** ModelProto bytes: IR version 7, opsets ai.onnx 13 and com.microsoft 1. */
  byte[] toByteArray(String graphName, String producer) {
    ProtoWriter g = new ProtoWriter();
    for (ProtoWriter n : nodes) {
      g.message(1, n);
    }
    g.string(2, graphName);
    for (ProtoWriter t : initializers) {
      g.message(5, t);
    }
    for (ProtoWriter v : inputs) {
      g.message(11, v);
    }
    for (ProtoWriter v : outputs) {
      g.message(12, v);
    }
    ProtoWriter m = new ProtoWriter();
    m.varint(1, 7);
    m.string(2, producer);
    m.message(7, g);
    m.message(8, new ProtoWriter().string(1, "").varint(2, 13));
    m.message(8, new ProtoWriter().string(1, MS).varint(2, 1));
    return m.toByteArray();
  }
}
