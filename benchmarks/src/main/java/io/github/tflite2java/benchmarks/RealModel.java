package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real models of {@code shared/models/real/} that {@link RealModelBenchmark} times, by their
 * .tflite name, with the generated class the benchmarks module compiles for each (its pom), and
 * their golden files in {@code shared/golden/real/<model>/}: inputs {@code *.in}, outputs {@code
 * *.tflite-2.9.out} (one output) or {@code .out0}, {@code .out1}, ... (several), and for stateful
 * models a {@code sequence/} folder run on one interpreter.
 *
 * <p>The classes are looked up by name, so a model whose class was not generated fails only its
 * own benchmark, with a message saying how to build it.
 */
enum RealModel {
  MICRO_SPEECH_LSTM("micro_speech_lstm", "MicroSpeechLstm", null),
  MOBILENET_V2_PYTORCH("mobilenet_v2_quantized_1x3x224x224", "MobilenetV2PyTorch", null),
  DEEPLAB_V3("deeplabv3_mnv2_dm05_pascal_quant", "DeeplabV3", null),
  SSD_MOBILENET_V2("ssd_mobilenet_v2_coco_quant_postprocess", "SsdMobilenetV2", null),
  MOVENET_LIGHTNING("movenet_single_pose_lightning_ptq", "MovenetLightning", null);

  /** The package of the generated classes (benchmarks/pom.xml). */
  static final String PACKAGE = "io.github.tflite2java.benchmarks.real";

  /** The .tflite file's name without extension, as in shared/models/real and shared/golden/real. */
  final String fileName;

  final String simpleName;
  /** Why the class may be missing, or null when the default build generates it. */
  final String buildHint;

  RealModel(String fileName, String simpleName, String buildHint) {
    this.fileName = fileName;
    this.simpleName = simpleName;
    this.buildHint = buildHint;
  }

  static RealModel of(String name) {
    for (RealModel m : values()) {
      if (m.fileName.equals(name) || m.simpleName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown real model " + name);
  }

  Path modelFile() {
    return Shared.dir().resolve("models").resolve("real").resolve(fileName + ".tflite");
  }

  Path goldenDir() {
    return Shared.dir().resolve("golden").resolve("real").resolve(fileName);
  }

  /** The benchmark input: {@code grace_hopper} for image models, else {@code random_1}. */
  String benchInput() {
    return Files.isRegularFile(goldenDir().resolve("grace_hopper.in")) ? "grace_hopper" : "random_1";
  }

  /** The {@code sequence/} folder of a stateful model, or null. */
  Path sequenceDir() {
    Path d = goldenDir().resolve("sequence");
    return Files.isDirectory(d) ? d : null;
  }

  /** The inputs in {@code dir} ({@code name.in}, by name). */
  static List<String> inputs(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".in"))
          .map(n -> n.substring(0, n.length() - 3))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one input tensor's bytes of {@code dir/input.in}. */
  static byte[][] input(Path dir, String input) {
    return new byte[][] {Shared.read(dir.resolve(input + ".in"))};
  }

  /** TFLite 2.9.0's output bytes for {@code dir/input.in}, one array per output tensor. */
  static byte[][] golden(Path dir, String input) {
    Path single = dir.resolve(input + ".tflite-2.9.out");
    if (Files.isRegularFile(single)) {
      return new byte[][] {Shared.read(single)};
    }
    List<byte[]> outs = new ArrayList<>();
    for (int k = 0; Files.isRegularFile(dir.resolve(input + ".tflite-2.9.out" + k)); k++) {
      outs.add(Shared.read(dir.resolve(input + ".tflite-2.9.out" + k)));
    }
    if (outs.isEmpty()) {
      throw new IllegalStateException("no golden output for " + dir.resolve(input + ".in"));
    }
    return outs.toArray(new byte[0][]);
  }

  /** The generated class, or an exception naming how to build it. */
  Class<?> generatedClass() {
    try {
      return Class.forName(PACKAGE + "." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "generated class "
              + PACKAGE
              + "."
              + simpleName
              + " for "
              + fileName
              + " is not in benchmarks.jar"
              + (buildHint == null ? "" : ": " + buildHint),
          e);
    }
  }

  /**
   * A new instance's {@code void inferRaw(byte[][] in, byte[][] out)}, as a handle of type
   * {@code (byte[][], byte[][])void} bound to it: calling it allocates nothing.
   */
  MethodHandle newInferRaw() {
    Class<?> c = generatedClass();
    try {
      Object instance = c.getConstructor().newInstance();
      return MethodHandles.publicLookup()
          .findVirtual(
              c, "inferRaw", MethodType.methodType(void.class, byte[][].class, byte[][].class))
          .bindTo(instance);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(c + " has no public inferRaw(byte[][], byte[][])", e);
    }
  }

  /** Runs a bound {@link #newInferRaw} handle. */
  static void run(MethodHandle inferRaw, byte[][] in, byte[][] out) {
    try {
      inferRaw.invokeExact(in, out);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
