package io.github.tflite2java.compiler.tflite;

/**
 * Caps how much memory decoding one FlatBuffer may allocate. Offsets may legally alias, so a
 * small crafted file could make thousands of tensors share one huge shape, name or data vector;
 * every vector the accessors copy out is charged here, and decoding stops with a {@link
 * FlatBufferFormatException} once the total exceeds a small multiple of the file's size.
 */
final class DecodeBudget {

  /** Charged for every table attached and every array allocated, for object headers. */
  static final int OVERHEAD = 32;

  private final long limit;
  private final int fileSize;
  private long used;

  DecodeBudget(int fileSize) {
    this.fileSize = fileSize;
    this.limit = 4L * fileSize + (16L << 20);
  }

  void charge(long bytes, String where) {
    used += bytes + OVERHEAD;
    if (used > limit) {
      throw new FlatBufferFormatException(where + ": decoding needs more than " + limit
          + " bytes for a " + fileSize + "-byte file; its offsets must alias (crafted file?)");
    }
  }

  long used() {
    return used;
  }
}
