package io.github.tflite2java.it.operators;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.modelbuilder.KerasLikeModels;
import io.github.tflite2java.compiler.modelbuilder.KerasLikeModels.Io;
import io.github.tflite2java.it.tflite.LiveTflite;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synthetic stand-ins for the MLPerf Tiny models as TF 2.x's converter writes them from Keras
 * (see {@link KerasLikeModels}: int8 per-channel, {@code shape_signature} -1 batch, int8 or
 * float32 I/O), compiled with the compile option {@code batch} at 1 and 4 and compared through
 * {@code infer} and {@code inferRaw} with live TFLite 2.9.0 (C) and 2.6.2 (Java), each resized
 * to the same batch.
 */
class KerasLikeModelsLiveTest {

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String model : new String[] {"ad", "kws", "resnet8", "vww"}) {
      for (Io io : Io.values()) {
        for (int batch : new int[] {1, 4}) {
          cases.add(Arguments.of(model, io, batch));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} at batch {2}")
  @MethodSource("cases")
  void matchesTfliteAtTheBatch(String name, Io io, int batch) {
    byte[] model = KerasLikeModels.byName(name, io, 13);
    List<List<byte[]>> sets = inputs(model, io, batch, 3, name.hashCode() + batch);
    LiveOps.assertMatchesBothAtBatch(name + " " + io, model, batch, sets);
    assertOutputsSpread(name + " " + io, model, batch, sets);
  }

  /** Seeded inputs for the resized model: random int8 bytes, or floats of spread about 1. */
  static List<List<byte[]>> inputs(byte[] model, Io io, int batch, int count, long seed) {
    int bytes;
    try (LiveTflite tflite = new LiveTflite(model)) {
      bytes = tflite.resizeBatch(batch).inputBytes(0);
    }
    Random rnd = new Random(seed);
    List<List<byte[]>> sets = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      byte[] b = new byte[bytes];
      if (io == Io.INT8) {
        rnd.nextBytes(b);
      } else {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes / 4; i++) {
          // Mostly in the calibrated range; one value in 50 far outside it (clamped).
          float v = rnd.nextInt(50) == 0 ? (float) (rnd.nextGaussian() * 100)
              : (float) rnd.nextGaussian();
          bb.putFloat(v);
        }
      }
      sets.add(List.of(b));
    }
    return sets;
  }

  /**
   * The comparison means something: TFLite's outputs differ between input sets and take many
   * values (the random weights neither saturate nor flatten the activations).
   */
  private static void assertOutputsSpread(String what, byte[] model, int batch,
      List<List<byte[]>> sets) {
    Set<String> outputs = new HashSet<>();
    Set<Integer> values = new HashSet<>();
    try (LiveTflite tflite = new LiveTflite(model)) {
      tflite.resizeBatch(batch);
      for (List<byte[]> in : sets) {
        byte[] out = tflite.run(in.get(0).clone());
        outputs.add(Arrays.toString(out));
        for (byte v : out) {
          values.add((int) v);
        }
      }
    }
    assertTrue(outputs.size() == sets.size(), what + ": outputs repeat across input sets");
    assertFalse(values.size() < Math.min(8, sets.size() * batch),
        what + ": outputs take only " + values.size() + " byte values");
  }
}
