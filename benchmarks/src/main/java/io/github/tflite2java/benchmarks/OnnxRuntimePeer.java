package io.github.tflite2java.benchmarks;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ONNX Runtime (CPU execution provider) on a MobileNet v1 model converted to ONNX QLinear ops
 * ({@code shared/tools/tflite2onnx_qlinear.py}: same weights, scales and zero points, NHWC input
 * transposed inside the graph): one intra-op and one inter-op thread, sequential execution, all
 * graph optimizations. Input and output are preallocated direct buffers bound to tensors (the
 * output is a pinned output), so {@link #run()} copies the input in, runs and copies the output
 * out, like {@link TfliteC}. Not thread-safe.
 *
 * <p>ONNX Runtime requantizes in float, so its output may differ from TFLite's golden bytes: the
 * benchmark records the difference instead of refusing to run.
 *
 * <p>The .onnx file of a model is found by {@link #find(String)}.
 */
final class OnnxRuntimePeer implements AutoCloseable {

  static final String PROPERTY = "tflite2java.onnxDir";
  static final String ENV = "TFLITE2JAVA_ONNX_DIR";

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final byte[] inputBytes;
  private final byte[] outputBytes;
  private final ByteBuffer input;
  private final ByteBuffer output;
  private final OnnxTensor inputTensor;
  private final OnnxTensor outputTensor;
  private final Map<String, OnnxTensor> inputs;
  private final Map<String, OnnxTensor> outputs;

  OnnxRuntimePeer(Path onnxModel, byte[] inputBytes, long[] inputShape, long[] outputShape) {
    try (SessionOptions options = new SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      session = env.createSession(onnxModel.toString(), options);
      String inName = session.getInputNames().iterator().next();
      String outName = session.getOutputNames().iterator().next();
      this.inputBytes = inputBytes.clone();
      input = ByteBuffer.allocateDirect(inputBytes.length).order(ByteOrder.nativeOrder());
      outputBytes = new byte[(int) product(outputShape)];
      output = ByteBuffer.allocateDirect(outputBytes.length).order(ByteOrder.nativeOrder());
      if (product(inputShape) != inputBytes.length) {
        throw new IllegalArgumentException(
            "input must be " + product(inputShape) + " bytes, got " + inputBytes.length);
      }
      inputTensor = OnnxTensor.createTensor(env, input, inputShape, OnnxJavaType.UINT8);
      outputTensor = OnnxTensor.createTensor(env, output, outputShape, OnnxJavaType.UINT8);
      inputs = Collections.singletonMap(inName, inputTensor);
      outputs = Collections.singletonMap(outName, outputTensor);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load " + onnxModel + ": " + e, e);
    }
  }

  /** Copies the input into the bound buffer, runs the session and copies the output out. */
  byte[] run() {
    input.clear();
    input.put(inputBytes);
    try (OrtSession.Result ignored = session.run(inputs, outputs)) {
      // the pinned output tensor's buffer holds the result
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e, e);
    }
    output.clear();
    output.get(outputBytes);
    return outputBytes;
  }

  /** A copy of the last output. */
  byte[] output() {
    return outputBytes.clone();
  }

  static String runtimeVersion() {
    return OrtEnvironment.getEnvironment().getVersion();
  }

  @Override
  public void close() {
    inputTensor.close();
    outputTensor.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The ONNX form of {@code model}: {@code <model>_qlinear.onnx} in the folder of the system
   * property {@value #PROPERTY} or the environment variable {@value #ENV} (where {@code
   * scripts/bench.sh} converts models), else in {@code shared/models/peers/} (the flagship), else
   * in {@code target/peers/} of the working directory or a parent.
   */
  static Optional<Path> find(String model) {
    String file = model + "_qlinear.onnx";
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isEmpty()) {
      candidates.add(Paths.get(prop).resolve(file));
    }
    String envDir = System.getenv(ENV);
    if (envDir != null && !envDir.isEmpty()) {
      candidates.add(Paths.get(envDir).resolve(file));
    }
    try {
      candidates.add(Shared.dir().resolve("models").resolve("peers").resolve(file));
    } catch (IllegalStateException e) {
      // no shared folder: only the other places
    }
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      candidates.add(d.resolve("target").resolve("peers").resolve(file));
    }
    return candidates.stream()
        .filter(Files::isRegularFile)
        .map(p -> p.toAbsolutePath().normalize())
        .findFirst();
  }

  /** Why {@code model} has no ONNX Runtime benchmark. */
  static String missing(String model) {
    return "ONNX model "
        + model
        + "_qlinear.onnx not found (shared/models/peers/ has the flagship only): convert it with"
        + " /usr/bin/python3 ../shared/tools/tflite2onnx_qlinear.py ../shared/models/"
        + model
        + ".tflite target/peers/"
        + model
        + "_qlinear.onnx (Debian: apt-get install python3-onnx); scripts/bench.sh does this, or"
        + " point -D"
        + PROPERTY
        + " at the folder";
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
