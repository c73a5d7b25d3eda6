package io.github.tflite2java.compiler.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Accessor for the schema's root table {@code Model}. */
public final class TflModel extends CheckedTable {

  /** The file identifier of TFLite FlatBuffers, at bytes 4..7. */
  public static final String FILE_IDENTIFIER = "TFL3";

  /** The schema version this package reads and writes. */
  public static final int SCHEMA_VERSION = 3;

  public static final int VERSION = 0;
  public static final int OPERATOR_CODES = 1;
  public static final int SUBGRAPHS = 2;
  public static final int DESCRIPTION = 3;
  public static final int BUFFERS = 4;
  public static final int METADATA_BUFFER = 5;
  public static final int METADATA = 6;
  public static final int SIGNATURE_DEFS = 7;

  /**
   * Reads the root table of a FlatBuffer. Does not check the file identifier (see {@link
   * #fileIdentifier(ByteBuffer)}).
   *
   * @throws FlatBufferFormatException if the buffer is too small or the root offset is invalid
   */
  public static TflModel root(ByteBuffer buffer) {
    ByteBuffer bb = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (bb.limit() < 8) {
      throw new FlatBufferFormatException(
          "model: file is " + bb.limit() + " bytes, too small for a FlatBuffer");
    }
    long root = Integer.toUnsignedLong(bb.getInt(0));
    if (root < 8 || root + 4 > bb.limit()) {
      throw new FlatBufferFormatException("model: root table offset " + root
          + " is outside the file (" + bb.limit() + " bytes)");
    }
    TflModel model = new TflModel();
    model.attach(bb, (int) root, "model", new DecodeBudget(bb.limit()));
    return model;
  }

  /** Reads the root table of a byte array holding a whole FlatBuffer. */
  public static TflModel root(byte[] bytes) {
    return root(ByteBuffer.wrap(bytes));
  }

  /**
   * The 4 bytes at offset 4 of the buffer as ISO-8859-1 text (fewer if the buffer is shorter),
   * e.g. {@code "TFL3"} for a TFLite model.
   */
  public static String fileIdentifier(ByteBuffer buffer) {
    int n = Math.max(0, Math.min(4, buffer.limit() - 4));
    byte[] id = new byte[n];
    for (int i = 0; i < n; i++) {
      id[i] = buffer.get(4 + i);
    }
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  /** The schema version field (uint, default 0). */
  public long version() {
    return getUInt(VERSION, 0);
  }

  public int operatorCodesLength() {
    return lengthOrZero(OPERATOR_CODES, "operator_codes", 4);
  }

  public TflOperatorCode operatorCode(int i) {
    return tableElement(OPERATOR_CODES, "operator_codes", i, new TflOperatorCode(),
        "operator code " + i);
  }

  public int subgraphsLength() {
    return lengthOrZero(SUBGRAPHS, "subgraphs", 4);
  }

  public TflSubGraph subgraph(int i) {
    return tableElement(SUBGRAPHS, "subgraphs", i, new TflSubGraph(i), "subgraph " + i);
  }

  /** The description string, or null if absent. */
  public String description() {
    return string(DESCRIPTION, "description");
  }

  public int buffersLength() {
    return lengthOrZero(BUFFERS, "buffers", 4);
  }

  public TflBuffer buffer(int i) {
    return tableElement(BUFFERS, "buffers", i, new TflBuffer(), "buffer " + i);
  }

  /** The deprecated metadata_buffer indices, or null if absent. */
  public int[] metadataBuffer() {
    return intVector(METADATA_BUFFER, "metadata_buffer");
  }
}
