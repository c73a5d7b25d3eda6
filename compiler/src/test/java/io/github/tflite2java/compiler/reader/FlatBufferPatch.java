package io.github.tflite2java.compiler.reader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test helper: unchecked navigation of a known-good TFLite FlatBuffer, to find the byte
 * positions of fields and patch them in place (corruption tests).
 */
final class FlatBufferPatch {

  private final ByteBuffer bb;

  FlatBufferPatch(byte[] bytes) {
    bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  int root() {
    return bb.getInt(0);
  }

  /** Position of field n of the table at {@code table}, or 0 if absent. */
  int fieldOrZero(int table, int n) {
    int vtable = table - bb.getInt(table);
    int slot = 4 + 2 * n;
    if (slot >= (bb.getShort(vtable) & 0xFFFF)) {
      return 0;
    }
    int off = bb.getShort(vtable + slot) & 0xFFFF;
    return off == 0 ? 0 : table + off;
  }

  /** Position of field n of the table at {@code table}; fails if absent. */
  int field(int table, int n) {
    int pos = fieldOrZero(table, n);
    if (pos == 0) {
      throw new IllegalStateException("field " + n + " absent in table at " + table);
    }
    return pos;
  }

  /** Target of the offset stored at {@code fieldPos}. */
  int follow(int fieldPos) {
    return fieldPos + bb.getInt(fieldPos);
  }

  /** Table referenced by element i of the vector of tables at {@code vector}. */
  int element(int vector, int i) {
    int p = vector + 4 + 4 * i;
    return p + bb.getInt(p);
  }

  int subgraph0() {
    return element(follow(field(root(), 2)), 0);
  }

  int tensor(int i) {
    return element(follow(field(subgraph0(), 0)), i);
  }

  int operator(int i) {
    return element(follow(field(subgraph0(), 3)), i);
  }

  /** Position of the vtable slot holding field n's offset for the table at {@code table}. */
  int vtableSlot(int table, int n) {
    return table - bb.getInt(table) + 4 + 2 * n;
  }

  void putShort(int pos, int value) {
    bb.putShort(pos, (short) value);
  }

  int getInt(int pos) {
    return bb.getInt(pos);
  }

  void putInt(int pos, int value) {
    bb.putInt(pos, value);
  }

  /**
   * Marks the payload bytes whose value does not affect structure: constant tensor data (the
   * contents of buffer data vectors) and the characters of tensor names.
   */
  boolean[] payloadBytes() {
    boolean[] mark = new boolean[bb.limit()];
    int tensors = follow(field(subgraph0(), 0));
    for (int i = 0; i < bb.getInt(tensors); i++) {
      int name = fieldOrZero(element(tensors, i), 3);
      if (name != 0) {
        int str = follow(name);
        java.util.Arrays.fill(mark, str + 4, str + 4 + bb.getInt(str), true);
      }
    }
    int buffers = follow(field(root(), 4));
    int n = bb.getInt(buffers);
    for (int i = 0; i < n; i++) {
      int data = fieldOrZero(element(buffers, i), 0);
      if (data != 0) {
        int vec = follow(data);
        int len = bb.getInt(vec);
        java.util.Arrays.fill(mark, vec + 4, vec + 4 + len, true);
      }
    }
    return mark;
  }
}
