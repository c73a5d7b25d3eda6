package io.github.tflite2java.compiler.tflite;

/** Accessor for the schema table {@code Tensor}. */
public final class TflTensor extends CheckedTable {

  public static final int SHAPE = 0;
  public static final int TYPE = 1;
  public static final int BUFFER = 2;
  public static final int NAME = 3;
  public static final int QUANTIZATION = 4;
  public static final int IS_VARIABLE = 5;
  public static final int SPARSITY = 6;
  public static final int SHAPE_SIGNATURE = 7;
  public static final int HAS_RANK = 8;
  public static final int VARIANT_TENSORS = 9;

  /** The static shape, or null if absent. */
  public int[] shape() {
    return intVector(SHAPE, "shape");
  }

  /** The TensorType code (byte enum, default FLOAT32 = 0). */
  public byte type() {
    return getByte(TYPE, (byte) 0);
  }

  /** Index into the model's buffers (uint; 0 = the empty sentinel buffer). */
  public long buffer() {
    return getUInt(BUFFER, 0);
  }

  /** Tensor name, or null if absent. */
  public String name() {
    return string(NAME, "name");
  }

  /** Quantization parameters, or null if absent. */
  public TflQuantization quantization() {
    return tableField(QUANTIZATION, "quantization", new TflQuantization(),
        where() + " quantization");
  }

  public boolean isVariable() {
    return getBool(IS_VARIABLE, false);
  }

  /** Whether the tensor carries sparsity parameters (a sparse encoding of its data). */
  public boolean hasSparsity() {
    return has(SPARSITY);
  }

  /** The shape with -1 for unknown dimensions, or null if absent. */
  public int[] shapeSignature() {
    return intVector(SHAPE_SIGNATURE, "shape_signature");
  }

  public boolean hasRank() {
    return getBool(HAS_RANK, false);
  }

  /** Whether the VARIANT subtypes field is present. */
  public boolean hasVariantTensors() {
    return has(VARIANT_TENSORS);
  }
}
