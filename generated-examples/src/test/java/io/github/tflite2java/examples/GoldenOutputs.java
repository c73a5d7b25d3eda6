package io.github.tflite2java.examples;

import io.github.tflite2java.compiler.testing.Oracles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** TFLite 2.9.0's stored inputs and outputs of the real models ({@code ../shared/golden/real}). */
final class GoldenOutputs {

  private GoldenOutputs() {}

  /** {@code ../shared/<relative>}, found as the examples find it; skips (fails on CI) if absent. */
  static Path shared(String relative) {
    Path p =
        Classify.findShared(
            Paths.get("").toAbsolutePath(), System.getProperty(Classify.SHARED_PROPERTY), relative);
    Oracles.require(Files.exists(p), "shared/" + relative + " not found", "put ../shared beside"
        + " the checkout (or set -D" + Classify.SHARED_PROPERTY + ")");
    return p;
  }

  /** The bytes of {@code golden/real/<model>/<file>}. */
  static byte[] bytes(String model, String file) throws IOException {
    return Files.readAllBytes(shared("golden/real/" + model + "/" + file));
  }

  static float[] floats(String model, String file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes(model, file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  static long[] longs(String model, String file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes(model, file)).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[b.remaining() / 8];
    b.asLongBuffer().get(out);
    return out;
  }
}
