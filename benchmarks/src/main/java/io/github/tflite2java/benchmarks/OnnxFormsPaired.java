package io.github.tflite2java.benchmarks;

import io.github.tflite2java.benchmarks.onnx.TfliteToOnnx;
import io.github.tflite2java.benchmarks.onnx.TfliteToOnnx.Int8Activations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * ONNX Runtime on the three forms {@link TfliteToOnnx} can give a model's int8 tensors ({@link
 * Int8Activations}), in one JVM, alternating: per form, its output against TFLite 2.9's golden
 * bytes, then rounds of {@code inferences} timed runs (after two untimed ones) of each form in
 * turn, and the median per inference with its ratio to the default form. Paired like this so that
 * all forms see the same load on a shared machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.tflite2java.benchmarks.OnnxFormsPaired \
 *     [MODEL [ROUNDS [INFERENCES]]]   # default tf2_mobilenet_v2_1.0_224_ptq 9 10
 * </pre>
 */
public final class OnnxFormsPaired {

  private OnnxFormsPaired() {}

  public static void main(String[] args) {
    String model = args.length > 0 ? args[0] : "tf2_mobilenet_v2_1.0_224_ptq";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    int inferences = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    byte[] input = Shared.read(Shared.input(model));
    byte[] golden = Shared.read(Shared.expected(model, "2.9"));
    byte[] tflite = Shared.read(Shared.model(model));
    Int8Activations[] forms = Int8Activations.values();
    List<OnnxRuntimePeer> peers = new ArrayList<>();
    List<List<Double>> times = new ArrayList<>();
    try {
      for (Int8Activations form : forms) {
        OnnxRuntimePeer p =
            new OnnxRuntimePeer(
                model + " " + form,
                TfliteToOnnx.convert(model + ".tflite", tflite, form),
                input,
                new long[] {1, side(input), side(input), 3},
                new long[] {1, golden.length});
        peers.add(p);
        times.add(new ArrayList<>());
        System.out.println(form + ": output vs golden: " + OutputDiff.of(golden, p.run()));
      }
      for (int r = 0; r < rounds; r++) {
        for (int f = 0; f < forms.length; f++) {
          OnnxRuntimePeer p = peers.get(f);
          p.run();
          p.run();
          long t0 = System.nanoTime();
          for (int i = 0; i < inferences; i++) {
            p.run();
          }
          times.get(f).add((System.nanoTime() - t0) / 1e6 / inferences);
        }
      }
    } finally {
      peers.forEach(OnnxRuntimePeer::close);
    }
    int base = Int8Activations.UINT8_WEIGHTS_TOO.ordinal();
    double baseMedian = median(times.get(base));
    for (int f = 0; f < forms.length; f++) {
      double m = median(times.get(f));
      System.out.printf(
          Locale.ROOT,
          "%s: median %.2f ms per inference, %.3f x %s's%n",
          forms[f],
          m,
          m / baseMedian,
          forms[base]);
    }
  }

  private static int side(byte[] input) {
    return (int) Math.round(Math.sqrt(input.length / 3.0));
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
