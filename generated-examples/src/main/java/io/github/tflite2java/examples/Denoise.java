package io.github.tflite2java.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Streams audio through a stateful model: DTLN noise suppression ({@code
 * dtln_noise_suppression.tflite}, two LSTMs whose state carries from one call to the next),
 * compiled by the plugin into {@link DtlnNoiseSuppression}. One instance is one stream: each
 * frame's magnitude spectrum (257 bins) goes in, in order, through the allocation-free {@code
 * infer(in, out)}, and the model answers with a suppression mask for that frame (257 values in
 * 0..1); {@code resetState()} starts the next stream.
 *
 * <pre>
 * java -cp generated-examples/target/classes io.github.tflite2java.examples.Denoise [--seconds S]
 * java -cp generated-examples/target/classes io.github.tflite2java.examples.Denoise --frames DIR
 * </pre>
 *
 * <p>Without {@code --frames} it makes a WAV-like signal (16 kHz: a tone with a syllable-like
 * envelope plus white noise, seeded), cuts it into 512-sample blocks every 128 samples (DTLN's
 * block and shift), takes each block's magnitude spectrum and prints, per frame, the input's
 * energy, the mean mask and the energy left after masking. With {@code --frames DIR} it streams
 * the quantized frames {@code DIR/step_1.in}, {@code step_2.in}, ... (e.g. {@code
 * ../shared/golden/real/dtln_noise_suppression/sequence}, which TFLite 2.9 ran the same way on
 * one interpreter) and prints each output's mean mask and CRC-32.
 */
public final class Denoise {

  static final int SAMPLE_RATE = 16000;
  static final int BLOCK = 512;
  static final int SHIFT = 128;
  static final int BINS = BLOCK / 2 + 1;

  static final String USAGE =
      "usage: java -cp <generated-examples classes or jar> io.github.tflite2java.examples.Denoise"
          + " [--seconds S | --frames DIR]";

  private Denoise() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the program with the given streams and returns the exit status; never throws. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    double seconds = 0.25;
    Path frames = null;
    try {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--seconds") && i + 1 < args.length) {
          seconds = Double.parseDouble(args[++i]);
          if (!(seconds > 0 && seconds <= 600)) {
            throw new IllegalArgumentException("--seconds must be in (0, 600], got " + args[i]);
          }
        } else if (args[i].equals("--frames") && i + 1 < args.length) {
          frames = Paths.get(args[++i]);
        } else if (args[i].equals("-h") || args[i].equals("--help")) {
          out.println(USAGE);
          return 0;
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 1;
    }
    try {
      if (frames != null) {
        streamFrames(frames, out);
      } else {
        streamSignal(signal(seconds, 42), out);
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** Streams the quantized frames {@code step_1.in}, {@code step_2.in}, ... of {@code dir}. */
  static void streamFrames(Path dir, PrintStream out) throws IOException {
    List<Path> steps = new ArrayList<>();
    for (int k = 1; Files.isRegularFile(dir.resolve("step_" + k + ".in")); k++) {
      steps.add(dir.resolve("step_" + k + ".in"));
    }
    if (steps.isEmpty()) {
      throw new IOException("no step_1.in in " + dir);
    }
    DtlnNoiseSuppression model = new DtlnNoiseSuppression(); // one stream, one instance
    byte[] mask = new byte[DtlnNoiseSuppression.OUTPUT_SIZE];
    for (int k = 0; k < steps.size(); k++) {
      byte[] frame = Files.readAllBytes(steps.get(k));
      if (frame.length != DtlnNoiseSuppression.INPUT_SIZE) {
        throw new IOException(
            steps.get(k) + " has " + frame.length + " bytes, not " + DtlnNoiseSuppression.INPUT_SIZE);
      }
      model.infer(frame, mask); // the LSTM state carries over from the previous frame
      CRC32 crc = new CRC32();
      crc.update(mask);
      out.println(
          String.format(
              Locale.ROOT, "step %d: mean mask %.6f, crc32 %08x", k + 1, meanMask(mask), crc.getValue()));
    }
  }

  /** Streams a signal block by block through one instance, printing one line per frame. */
  static void streamSignal(float[] signal, PrintStream out) {
    DtlnNoiseSuppression model = new DtlnNoiseSuppression();
    Spectrum spectrum = new Spectrum();
    byte[] in = new byte[BINS];
    byte[] mask = new byte[BINS];
    float[] magnitude = new float[BINS];
    double totalIn = 0;
    double totalOut = 0;
    int frames = 0;
    for (int start = 0; start + BLOCK <= signal.length; start += SHIFT, frames++) {
      spectrum.magnitude(signal, start, magnitude);
      quantize(magnitude, in);
      model.infer(in, mask);
      double energyIn = 0;
      double energyOut = 0;
      for (int b = 0; b < BINS; b++) {
        double m = mask(mask[b]);
        energyIn += (double) magnitude[b] * magnitude[b];
        energyOut += (double) magnitude[b] * magnitude[b] * m * m;
      }
      totalIn += energyIn;
      totalOut += energyOut;
      out.println(
          String.format(
              Locale.ROOT,
              "frame %3d (%6.1f ms): in %6.1f dB, mean mask %.3f, out %6.1f dB",
              frames,
              1000.0 * start / SAMPLE_RATE,
              db(energyIn),
              meanMask(mask),
              db(energyOut)));
    }
    out.println(
        String.format(
            Locale.ROOT,
            "%d frames of %d samples every %d (%.2f s at %d Hz): energy in %.1f dB, after the masks %.1f dB",
            frames,
            BLOCK,
            SHIFT,
            (double) signal.length / SAMPLE_RATE,
            SAMPLE_RATE,
            db(totalIn),
            db(totalOut)));
  }

  /** The model's input: magnitude quantized with its scale and zero point, saturated to int8. */
  static void quantize(float[] magnitude, byte[] out) {
    for (int b = 0; b < magnitude.length; b++) {
      long q =
          Math.round(magnitude[b] / DtlnNoiseSuppression.INPUT_SCALE)
              + DtlnNoiseSuppression.INPUT_ZERO_POINT;
      out[b] = (byte) Math.max(-128, Math.min(127, q));
    }
  }

  /** One output byte as a mask value in 0..1. */
  static double mask(byte q) {
    return DtlnNoiseSuppression.OUTPUT_SCALE * (q - DtlnNoiseSuppression.OUTPUT_ZERO_POINT);
  }

  static double meanMask(byte[] mask) {
    double sum = 0;
    for (byte q : mask) {
      sum += mask(q);
    }
    return sum / mask.length;
  }

  private static double db(double energy) {
    return 10 * Math.log10(energy + 1e-12);
  }

  /**
   * A seeded WAV-like test signal in [-1, 1]: a 300 Hz tone with harmonics, switched on and off
   * like syllables (4 per second), plus white noise.
   */
  static float[] signal(double seconds, long seed) {
    int n = (int) Math.round(seconds * SAMPLE_RATE);
    float[] s = new float[n];
    Random noise = new Random(seed);
    for (int i = 0; i < n; i++) {
      double t = (double) i / SAMPLE_RATE;
      double envelope = Math.max(0, Math.sin(2 * Math.PI * 2 * t));
      double voice = 0;
      for (int h = 1; h <= 4; h++) {
        voice += Math.sin(2 * Math.PI * 300 * h * t) / h;
      }
      s[i] = (float) (0.3 * envelope * voice + 0.05 * noise.nextGaussian());
    }
    return s;
  }

  /** Magnitude spectrum of one block (a plain DFT on precomputed tables; no window, as DTLN). */
  static final class Spectrum {
    private final float[] cos = new float[BLOCK];
    private final float[] sin = new float[BLOCK];

    Spectrum() {
      for (int i = 0; i < BLOCK; i++) {
        cos[i] = (float) Math.cos(2 * Math.PI * i / BLOCK);
        sin[i] = (float) Math.sin(2 * Math.PI * i / BLOCK);
      }
    }

    void magnitude(float[] signal, int start, float[] out) {
      for (int b = 0; b < BINS; b++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < BLOCK; i++) {
          int k = (b * i) & (BLOCK - 1);
          re += signal[start + i] * cos[k];
          im -= signal[start + i] * sin[k];
        }
        out[b] = (float) Math.sqrt(re * re + im * im);
      }
    }
  }
}
