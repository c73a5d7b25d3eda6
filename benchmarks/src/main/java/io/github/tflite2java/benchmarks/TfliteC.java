package io.github.tflite2java.benchmarks;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TFLite 2.9.0's C library ({@code libtensorflowlite_c.so} of npm {@code tfjs-tflite-node@0.0.2},
 * fetched by {@code scripts/fetch-tflite-c.sh}) through JNA, one thread, default options: the
 * settings of {@code golden/<model>/*.tflite-2.9.out}. A trimmed copy of the it-tests' {@code
 * LiveTfliteC}: one input, one output, preallocated native buffers. Not thread-safe.
 *
 * <p>The library is found through the system property {@value #PROPERTY} (the {@code .so} or its
 * folder), the environment variable {@value #ENV} (the script's cache folder), or {@code
 * target/tflite-c/} in the working directory or any parent (the script's default).
 */
final class TfliteC implements AutoCloseable {

  static final String PROPERTY = "tflite2java.tfliteC";
  static final String ENV = "TFLITE2JAVA_TFLITE_C_DIR";
  static final String LIBRARY = "libtensorflowlite_c.so";
  static final String MISSING =
      "TFLite 2.9.0 C library ("
          + LIBRARY
          + ") not found, so its benchmark is skipped. Get it with scripts/fetch-tflite-c.sh"
          + " (needs npm once), or point -D"
          + PROPERTY
          + " or $"
          + ENV
          + " at it.";

  /** The part of {@code tensorflow/lite/c/c_api.h} used here; size_t is 64-bit. */
  interface Api extends Library {
    String TfLiteVersion();

    Pointer TfLiteModelCreate(Pointer modelData, long modelSize);

    void TfLiteModelDelete(Pointer model);

    Pointer TfLiteInterpreterOptionsCreate();

    void TfLiteInterpreterOptionsSetNumThreads(Pointer options, int numThreads);

    void TfLiteInterpreterOptionsDelete(Pointer options);

    Pointer TfLiteInterpreterCreate(Pointer model, Pointer options);

    void TfLiteInterpreterDelete(Pointer interpreter);

    int TfLiteInterpreterGetInputTensorCount(Pointer interpreter);

    int TfLiteInterpreterGetOutputTensorCount(Pointer interpreter);

    Pointer TfLiteInterpreterGetInputTensor(Pointer interpreter, int index);

    Pointer TfLiteInterpreterGetOutputTensor(Pointer interpreter, int index);

    int TfLiteInterpreterAllocateTensors(Pointer interpreter);

    int TfLiteInterpreterInvoke(Pointer interpreter);

    long TfLiteTensorByteSize(Pointer tensor);

    int TfLiteTensorCopyFromBuffer(Pointer tensor, Pointer inputData, long inputDataSize);

    int TfLiteTensorCopyToBuffer(Pointer tensor, Pointer outputData, long outputDataSize);
  }

  private static Api api;

  private final Api c = api();
  /** TfLiteModelCreate does not copy: the bytes must outlive the model. */
  private final Memory modelData;

  private final Pointer model;
  private final Pointer interpreter;
  private final Pointer inputTensor;
  private final Pointer outputTensor;
  private final Memory input;
  private final Memory output;

  TfliteC(byte[] modelBytes, byte[] inputBytes) {
    this(modelBytes, inputBytes, 1);
  }

  TfliteC(byte[] modelBytes, byte[] inputBytes, int threads) {
    modelData = new Memory(modelBytes.length);
    modelData.write(0, modelBytes, 0, modelBytes.length);
    model = c.TfLiteModelCreate(modelData, modelBytes.length);
    if (model == null) {
      throw new IllegalArgumentException("TfLiteModelCreate failed");
    }
    Pointer options = c.TfLiteInterpreterOptionsCreate();
    c.TfLiteInterpreterOptionsSetNumThreads(options, threads);
    interpreter = c.TfLiteInterpreterCreate(model, options);
    c.TfLiteInterpreterOptionsDelete(options);
    if (interpreter == null) {
      throw new IllegalArgumentException("TfLiteInterpreterCreate failed");
    }
    check(c.TfLiteInterpreterAllocateTensors(interpreter), "TfLiteInterpreterAllocateTensors");
    if (c.TfLiteInterpreterGetInputTensorCount(interpreter) != 1
        || c.TfLiteInterpreterGetOutputTensorCount(interpreter) != 1) {
      throw new IllegalArgumentException("expected one input and one output tensor");
    }
    inputTensor = c.TfLiteInterpreterGetInputTensor(interpreter, 0);
    outputTensor = c.TfLiteInterpreterGetOutputTensor(interpreter, 0);
    long inBytes = c.TfLiteTensorByteSize(inputTensor);
    if (inBytes != inputBytes.length) {
      throw new IllegalArgumentException(
          "input must be " + inBytes + " bytes, got " + inputBytes.length);
    }
    input = new Memory(inBytes);
    input.write(0, inputBytes, 0, inputBytes.length);
    output = new Memory(c.TfLiteTensorByteSize(outputTensor));
  }

  /** Copies the input into the interpreter, invokes it and copies the output out. */
  Pointer run() {
    check(c.TfLiteTensorCopyFromBuffer(inputTensor, input, input.size()), "CopyFromBuffer");
    check(c.TfLiteInterpreterInvoke(interpreter), "TfLiteInterpreterInvoke");
    check(c.TfLiteTensorCopyToBuffer(outputTensor, output, output.size()), "CopyToBuffer");
    return output;
  }

  /** A copy of the last output. */
  byte[] output() {
    return output.getByteArray(0, (int) output.size());
  }

  @Override
  public void close() {
    c.TfLiteInterpreterDelete(interpreter);
    c.TfLiteModelDelete(model);
    modelData.close();
    input.close();
    output.close();
  }

  static String runtimeVersion() {
    return api().TfLiteVersion();
  }

  private static void check(int status, String call) {
    if (status != 0) {
      throw new IllegalStateException(call + " returned TfLiteStatus " + status);
    }
  }

  static synchronized Api api() {
    if (api == null) {
      Path lib = findLibrary().orElseThrow(() -> new IllegalStateException(MISSING));
      api = Native.load(lib.toString(), Api.class);
    }
    return api;
  }

  /** Where the library is, if anywhere. */
  static Optional<Path> findLibrary() {
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isEmpty()) {
      Path p = Paths.get(prop);
      candidates.add(Files.isDirectory(p) ? p.resolve(LIBRARY) : p);
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isEmpty()) {
      candidates.add(Paths.get(env).resolve(LIBRARY));
    }
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      candidates.add(d.resolve("target").resolve("tflite-c").resolve(LIBRARY));
    }
    return candidates.stream()
        .filter(Files::isRegularFile)
        .map(p -> p.toAbsolutePath().normalize())
        .findFirst();
  }
}
