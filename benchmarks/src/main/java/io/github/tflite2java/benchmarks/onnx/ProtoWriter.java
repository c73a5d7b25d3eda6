package io.github.tflite2java.benchmarks.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffers wire format, as much of it as an ONNX model needs: varint, 32-bit float and
 * length-delimited fields (strings, bytes, nested messages). Repeated scalars are written one
 * field per value (unpacked), which every protobuf parser accepts.
 */
final class ProtoWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** An int32/int64/enum field (negative values as ten-byte varints, as protobuf does). */
  ProtoWriter varint(int field, long value) {
    tag(field, 0);
    rawVarint(value);
    return this;
  }

  ProtoWriter float32(int field, float value) {
    tag(field, 5);
    int bits = Float.floatToRawIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, 2);
    rawVarint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoWriter message(int field, ProtoWriter message) {
    return bytes(field, message.toByteArray());
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
