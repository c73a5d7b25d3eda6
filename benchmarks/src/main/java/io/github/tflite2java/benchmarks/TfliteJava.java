package io.github.tflite2java.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.TensorFlowLite;

/**
 * TFLite 2.6.2's Java {@link Interpreter} ({@code ai.djl.tflite:tflite-engine} classes, JNI
 * library from {@code tflite-native-cpu:2.6.2:linux-x86_64}) on one thread with default options:
 * the settings of {@code golden/<model>/*.tflite-2.6.2.out}. A trimmed copy of the it-tests'
 * {@code LiveTflite}: one input, one output, and preallocated direct buffers so that {@link
 * #run()} measures TFLite rather than buffer allocation. Not thread-safe.
 */
final class TfliteJava implements AutoCloseable {

  private static final String NATIVE_RESOURCE = "native/lib/libtensorflowlite_jni.so";
  private static boolean loaded;

  /** The interpreter reads the model from this buffer for its whole life. */
  private final ByteBuffer modelBuffer;

  private final Interpreter interpreter;
  private final ByteBuffer input;
  private final ByteBuffer output;

  TfliteJava(byte[] model, byte[] inputBytes) {
    this(model, inputBytes, 1);
  }

  TfliteJava(byte[] model, byte[] inputBytes, int threads) {
    loadNative();
    modelBuffer = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
    modelBuffer.put(model).rewind();
    Interpreter.Options options = new Interpreter.Options();
    options.setNumThreads(threads);
    interpreter = new Interpreter(modelBuffer, options);
    interpreter.allocateTensors();
    if (interpreter.getInputTensorCount() != 1 || interpreter.getOutputTensorCount() != 1) {
      throw new IllegalArgumentException("expected one input and one output tensor");
    }
    int inBytes = interpreter.getInputTensor(0).numBytes();
    if (inBytes != inputBytes.length) {
      throw new IllegalArgumentException(
          "input must be " + inBytes + " bytes, got " + inputBytes.length);
    }
    input = ByteBuffer.allocateDirect(inBytes).order(ByteOrder.nativeOrder());
    input.put(inputBytes).rewind();
    output =
        ByteBuffer.allocateDirect(interpreter.getOutputTensor(0).numBytes())
            .order(ByteOrder.nativeOrder());
  }

  /** Copies the input into the interpreter, invokes it and copies the output out. */
  ByteBuffer run() {
    input.rewind();
    output.rewind();
    interpreter.run(input, output);
    return output;
  }

  /** A copy of the last output. */
  byte[] output() {
    byte[] bytes = new byte[output.capacity()];
    output.rewind();
    output.get(bytes);
    return bytes;
  }

  static String runtimeVersion() {
    loadNative();
    return TensorFlowLite.runtimeVersion();
  }

  @Override
  public void close() {
    interpreter.close();
  }

  /** Extracts the JNI library from the class path to a temporary file and loads it, once. */
  static synchronized void loadNative() {
    if (loaded) {
      return;
    }
    URL url = TfliteJava.class.getClassLoader().getResource(NATIVE_RESOURCE);
    if (url == null) {
      throw new IllegalStateException(NATIVE_RESOURCE + " is not on the class path");
    }
    try {
      Path tmp = Files.createTempFile("libtensorflowlite_jni-2.6.2-", ".so");
      tmp.toFile().deleteOnExit();
      try (InputStream in = url.openStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      System.load(tmp.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + url, e);
    }
    loaded = true;
  }
}
