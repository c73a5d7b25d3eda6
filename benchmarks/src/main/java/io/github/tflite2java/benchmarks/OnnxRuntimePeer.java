package io.github.tflite2java.benchmarks;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.github.tflite2java.benchmarks.onnx.TfliteToOnnx;
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
 * ONNX Runtime (CPU execution provider) on a MobileNet model converted to ONNX quantized ops
 * ({@link TfliteToOnnx}: same weights, scales and zero points, NHWC input transposed inside the
 * graph): one intra-op and one inter-op thread, sequential execution, all
 * graph optimizations. Input and output are preallocated direct buffers bound to tensors (the
 * output is a pinned output), so {@link #run()} copies the input in, runs and copies the output
 * out, like {@link TfliteC}. Not thread-safe.
 *
 * <p>ONNX Runtime requantizes in float, so its output may differ from TFLite's golden bytes: the
 * benchmark records the difference instead of refusing to run.
 *
 * <p>{@link #forModel} converts the model in memory unless {@link #find} names a file.
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
    this(onnxModel.toString(), Shared.read(onnxModel), inputBytes, inputShape, outputShape);
  }

  /** A session on the serialized ONNX model {@code onnxModel} ({@code what} names it in errors). */
  OnnxRuntimePeer(String what, byte[] onnxModel, byte[] inputBytes, long[] inputShape,
      long[] outputShape) {
    try (SessionOptions options = new SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      session = env.createSession(onnxModel, options);
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
      throw new IllegalStateException("ONNX Runtime could not load " + what + ": " + e, e);
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
   * A session on {@code model} (a name in shared/models) in ONNX form: the file {@link #find}
   * gives, else the .tflite converted in memory by {@link TfliteToOnnx}. Input NHWC, output as
   * the golden file.
   */
  static OnnxRuntimePeer forModel(String model, byte[] input) {
    int side = (int) Math.round(Math.sqrt(input.length / 3.0));
    if (side * side * 3 != input.length) {
      throw new IllegalStateException("input of " + input.length + " bytes is not square RGB");
    }
    int classes = Shared.read(Shared.expected(model, "2.9")).length;
    Optional<Path> file = find(model);
    byte[] onnx =
        file.isPresent()
            ? Shared.read(file.get())
            : TfliteToOnnx.convert(model + ".tflite", Shared.read(Shared.model(model)));
    return new OnnxRuntimePeer(
        source(model), onnx, input, new long[] {1, side, side, 3}, new long[] {1, classes});
  }

  /** Where {@link #forModel} takes {@code model}'s ONNX form from, for the set-up line. */
  static String source(String model) {
    Optional<Path> file = find(model);
    return file.isPresent()
        ? file.get().toString()
        : model + ".tflite converted by TfliteToOnnx";
  }

  /**
   * An ONNX file to use instead of converting: {@code <model>_qlinear.onnx} in the folder of the
   * system property {@value #PROPERTY} or the environment variable {@value #ENV} (e.g. {@code
   * shared/models/peers}, made by shared/tools/tflite2onnx_qlinear.py); empty when neither is set
   * or the file is absent.
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
    return candidates.stream()
        .filter(Files::isRegularFile)
        .map(p -> p.toAbsolutePath().normalize())
        .findFirst();
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
