package io.github.tflite2java.benchmarks;

import io.github.tflite2java.examples.MobilenetV1Quant;
import io.github.tflite2java.examples.MobilenetV1Quant025x128;
import io.github.tflite2java.examples.MobilenetV1Quant050x160;
import io.github.tflite2java.examples.MobilenetV1Quant075x192;
import io.github.tflite2java.examples.MobilenetV2Int8;
import io.github.tflite2java.examples.MobilenetV2Quant;
import java.util.function.Supplier;

/** The models compiled in generated-examples, by their .tflite name (uint8 v1 and v2, int8 v2). */
enum BenchModel {
  V1_1_0_224("mobilenet_v1_1.0_224_quant", "MobilenetV1Quant", () -> new MobilenetV1Quant()::infer),
  V1_0_25_128(
      "mobilenet_v1_0.25_128_quant",
      "MobilenetV1Quant025x128",
      () -> new MobilenetV1Quant025x128()::infer),
  V1_0_5_160(
      "mobilenet_v1_0.5_160_quant",
      "MobilenetV1Quant050x160",
      () -> new MobilenetV1Quant050x160()::infer),
  V1_0_75_192(
      "mobilenet_v1_0.75_192_quant",
      "MobilenetV1Quant075x192",
      () -> new MobilenetV1Quant075x192()::infer),
  V2_1_0_224("mobilenet_v2_1.0_224_quant", "MobilenetV2Quant", () -> new MobilenetV2Quant()::infer),
  V2_INT8_1_0_224(
      "tf2_mobilenet_v2_1.0_224_ptq", "MobilenetV2Int8", () -> new MobilenetV2Int8()::infer);

  /** The package of the generated classes. */
  static final String PACKAGE = "io.github.tflite2java.examples";

  /** The zero-allocation entry point of a generated instance. */
  interface Inference {
    void infer(byte[] input, byte[] output);
  }

  /** The .tflite file's name without extension, as in shared/models and shared/golden. */
  final String fileName;
  /** The generated class's simple name. */
  final String simpleName;
  /** Creates an instance (initialising the class on first use) and returns its infer(in, out). */
  final Supplier<Inference> factory;

  BenchModel(String fileName, String simpleName, Supplier<Inference> factory) {
    this.fileName = fileName;
    this.simpleName = simpleName;
    this.factory = factory;
  }

  String className() {
    return PACKAGE + "." + simpleName;
  }

  static BenchModel of(String fileName) {
    for (BenchModel m : values()) {
      if (m.fileName.equals(fileName) || m.simpleName.equals(fileName)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model " + fileName);
  }
}
