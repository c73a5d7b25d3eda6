package io.github.tflite2java.compiler.tflite;

/** Accessor for the schema table {@code Buffer}. */
public final class TflBuffer extends CheckedTable {

  public static final int DATA = 0;
  public static final int OFFSET = 1;
  public static final int SIZE = 2;

  /** Length of the data vector, or -1 if absent; checked to fit in the file. */
  public int dataLength() {
    return vectorLength(DATA, "data", 1);
  }

  /** Absolute position of the first data byte; only valid when {@link #dataLength()} > 0. */
  public int dataStart() {
    dataLength();
    return vectorStart(DATA);
  }

  /** A copy of the data bytes, or null if absent. */
  public byte[] data() {
    return byteVector(DATA, "data");
  }

  /** A read-only view of the data bytes (no copy), or null if absent. */
  public java.nio.ByteBuffer dataView() {
    return byteVectorView(DATA, "data");
  }

  /** Offset of data stored after the FlatBuffer (models over 2 GB); only valid if > 1. */
  public long offset() {
    return getLong(OFFSET, 0);
  }

  /** Size of data stored after the FlatBuffer (models over 2 GB). */
  public long size() {
    return getLong(SIZE, 0);
  }

  /** Whether this buffer's data lives outside the FlatBuffer (offset field in use). */
  public boolean isExternal() {
    return offset() > 1;
  }
}
