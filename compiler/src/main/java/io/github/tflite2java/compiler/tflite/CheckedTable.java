package io.github.tflite2java.compiler.tflite;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Base of the schema accessors: a FlatBuffer table whose every read is bounds-checked against the
 * buffer before it happens, so corrupt input yields a {@link FlatBufferFormatException} naming the
 * table and field instead of a stray runtime exception or a huge allocation.
 *
 * <p>Fields are addressed by their schema id {@code n} (declaration order, a union counting as
 * two: its type and its value); the vtable slot of field {@code n} is {@code 4 + 2 * n}.
 */
public abstract class CheckedTable extends Table {

  /** How messages name this table, e.g. {@code "subgraph 0 tensor 12"}. */
  private String where = "table";

  /** Shared by all tables read from one buffer; null only before {@link #attach}. */
  private DecodeBudget budget;

  /**
   * Positions this accessor on the table at absolute position {@code pos}, after checking that
   * the table's start, its vtable and the table's declared size all lie inside the buffer.
   */
  final void attach(ByteBuffer buffer, int pos, String where, DecodeBudget budget) {
    this.where = where;
    this.budget = budget;
    budget.charge(0, where);
    int limit = buffer.limit();
    if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("FlatBuffers must be read little-endian");
    }
    if (pos < 0 || (long) pos + 4 > limit) {
      throw corrupt("table offset " + pos + " is outside the file (" + limit + " bytes)");
    }
    if ((pos & 3) != 0) {
      throw corrupt("table offset " + pos + " is not 4-byte aligned");
    }
    long vtable = (long) pos - buffer.getInt(pos);
    if (vtable < 0 || vtable + 4 > limit) {
      throw corrupt("vtable offset " + vtable + " is outside the file (" + limit + " bytes)");
    }
    if ((vtable & 1) != 0) {
      throw corrupt("vtable offset " + vtable + " is not 2-byte aligned");
    }
    int vtableSize = buffer.getShort((int) vtable) & 0xFFFF;
    int tableSize = buffer.getShort((int) vtable + 2) & 0xFFFF;
    if (vtableSize < 4 || (vtableSize & 1) != 0) {
      throw corrupt("vtable at " + vtable + " has invalid size " + vtableSize);
    }
    if (vtable + vtableSize > limit) {
      throw corrupt("vtable at " + vtable + " (" + vtableSize
          + " bytes) runs past the end of the file (" + limit + " bytes)");
    }
    if (tableSize < 4) {
      throw corrupt("table at " + pos + " has invalid size " + tableSize);
    }
    if ((long) pos + tableSize > limit) {
      throw corrupt("table at " + pos + " (" + tableSize
          + " bytes) runs past the end of the file (" + limit + " bytes)");
    }
    __reset(pos, buffer);
  }

  /** How messages name this table. */
  public final String where() {
    return where;
  }

  /** Absolute position of this table in the buffer. */
  public final int position() {
    return bb_pos;
  }

  /** Whether field {@code n} is present (not left at its default). */
  public final boolean has(int field) {
    return fieldOffset(field) != 0;
  }

  /** Offset of field n from the table start (unsigned 16 bits in the vtable), 0 if absent. */
  private int fieldOffset(int field) {
    return __offset(4 + 2 * field) & 0xFFFF;
  }

  /** Absolute position of a present scalar field of {@code size} bytes, or -1 if absent. */
  private int scalar(int field, int size) {
    int off = fieldOffset(field);
    if (off == 0) {
      return -1;
    }
    long pos = (long) bb_pos + off;
    if (pos + size > bb.limit()) {
      throw corrupt("field " + field + " at offset " + pos
          + " runs past the end of the file (" + bb.limit() + " bytes)");
    }
    return (int) pos;
  }

  protected final byte getByte(int field, byte dflt) {
    int p = scalar(field, 1);
    return p < 0 ? dflt : bb.get(p);
  }

  protected final int getUByte(int field, int dflt) {
    int p = scalar(field, 1);
    return p < 0 ? dflt : bb.get(p) & 0xFF;
  }

  protected final boolean getBool(int field, boolean dflt) {
    int p = scalar(field, 1);
    return p < 0 ? dflt : bb.get(p) != 0;
  }

  protected final int getInt(int field, int dflt) {
    int p = scalar(field, 4);
    return p < 0 ? dflt : bb.getInt(p);
  }

  protected final long getUInt(int field, long dflt) {
    int p = scalar(field, 4);
    return p < 0 ? dflt : Integer.toUnsignedLong(bb.getInt(p));
  }

  protected final long getLong(int field, long dflt) {
    int p = scalar(field, 8);
    return p < 0 ? dflt : bb.getLong(p);
  }

  protected final float getFloat(int field, float dflt) {
    int p = scalar(field, 4);
    return p < 0 ? dflt : bb.getFloat(p);
  }

  /**
   * Follows the offset stored in field {@code n} and returns the absolute position it points
   * at, checked to leave at least 4 readable bytes; -1 if the field is absent.
   */
  protected final int target(int field, String name) {
    int p = scalar(field, 4);
    if (p < 0) {
      return -1;
    }
    long t = p + Integer.toUnsignedLong(bb.getInt(p));
    if (t + 4 > bb.limit()) {
      throw corrupt("field '" + name + "' points to offset " + t + ", outside the file ("
          + bb.limit() + " bytes)");
    }
    return (int) t;
  }

  /**
   * Checks the vector in field {@code n} and returns its length, or -1 if the field is absent.
   * The length is verified to fit in the buffer before anything is allocated for it.
   */
  protected final int vectorLength(int field, String name, int elementSize) {
    int t = target(field, name);
    if (t < 0) {
      return -1;
    }
    if ((t & 3) != 0) {
      throw corrupt("vector '" + name + "' at offset " + t + " is not 4-byte aligned");
    }
    long len = Integer.toUnsignedLong(bb.getInt(t));
    long end = t + 4L + len * elementSize;
    if (end > bb.limit()) {
      throw corrupt("vector '" + name + "' claims " + len + " elements of " + elementSize
          + " bytes at offset " + t + ", past the end of the file (" + bb.limit() + " bytes)");
    }
    return (int) len;
  }

  /** Absolute position of element 0 of the (already length-checked) vector in field n. */
  protected final int vectorStart(int field) {
    int p = bb_pos + fieldOffset(field);
    return p + bb.getInt(p) + 4;
  }

  /** Vector length, 0 when the field is absent. */
  protected final int lengthOrZero(int field, String name, int elementSize) {
    return Math.max(0, vectorLength(field, name, elementSize));
  }

  protected final int[] intVector(int field, String name) {
    int n = vectorLength(field, name, 4);
    if (n < 0) {
      return null;
    }
    budget.charge((long) n * 4, where);
    int start = vectorStart(field);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = bb.getInt(start + 4 * i);
    }
    return out;
  }

  protected final long[] longVector(int field, String name) {
    int n = vectorLength(field, name, 8);
    if (n < 0) {
      return null;
    }
    budget.charge((long) n * 8, where);
    int start = vectorStart(field);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = bb.getLong(start + 8 * i);
    }
    return out;
  }

  protected final float[] floatVector(int field, String name) {
    int n = vectorLength(field, name, 4);
    if (n < 0) {
      return null;
    }
    budget.charge((long) n * 4, where);
    int start = vectorStart(field);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = bb.getFloat(start + 4 * i);
    }
    return out;
  }

  protected final byte[] byteVector(int field, String name) {
    int n = vectorLength(field, name, 1);
    if (n < 0) {
      return null;
    }
    budget.charge(n, where);
    byte[] out = new byte[n];
    bb.get(vectorStart(field), out);
    return out;
  }

  /**
   * A read-only view of the bytes of the vector in field n (no copy; position 0, the vector's
   * length as limit), or null if absent.
   */
  protected final java.nio.ByteBuffer byteVectorView(int field, String name) {
    int n = vectorLength(field, name, 1);
    if (n < 0) {
      return null;
    }
    int start = vectorStart(field);
    return bb.duplicate().position(start).limit(start + n).slice().asReadOnlyBuffer();
  }

  /** A string field decoded as UTF-8 (malformed bytes replaced), or null if absent. */
  protected final String string(int field, String name) {
    byte[] bytes = byteVector(field, name);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Attaches {@code table} to element {@code index} of the vector of tables in field n.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not below the vector's length
   */
  protected final <T extends CheckedTable> T tableElement(
      int field, String name, int index, T table, String tableWhere) {
    int n = lengthOrZero(field, name, 4);
    if (index < 0 || index >= n) {
      throw new IndexOutOfBoundsException(where + ": " + name + " index " + index
          + " out of range (" + n + " elements)");
    }
    int elem = vectorStart(field) + 4 * index;
    long t = elem + Integer.toUnsignedLong(bb.getInt(elem));
    if (t > Integer.MAX_VALUE) {
      throw corrupt(name + "[" + index + "] points to offset " + t + ", outside the file");
    }
    table.attach(bb, (int) t, tableWhere, budget);
    return table;
  }

  /** Attaches {@code table} to the table referenced by field n; null if the field is absent. */
  protected final <T extends CheckedTable> T tableField(
      int field, String name, T table, String tableWhere) {
    int t = target(field, name);
    if (t < 0) {
      return null;
    }
    table.attach(bb, t, tableWhere, budget);
    return table;
  }

  /** A format exception whose message starts with this table's name. */
  protected final FlatBufferFormatException corrupt(String what) {
    return new FlatBufferFormatException(where + ": " + what);
  }
}
