package io.github.tflite2java.compiler.tflite;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.lite.Interpreter;

/**
 * Test helper: loads TFLite 2.6.2's JNI library from the test classpath (tflite-native-cpu) once
 * per JVM, so tests can check that written models are accepted by the real runtime.
 */
public final class TfliteRuntime {

  private static final String LIBRARY = "native/lib/libtensorflowlite_jni.so";
  private static Boolean available;
  private static String failure = "";

  private TfliteRuntime() {}

  /** Whether the runtime could be loaded; see {@link #failure()} otherwise. */
  public static synchronized boolean available() {
    if (available == null) {
      available = load();
    }
    return available;
  }

  /** Why the runtime is not available. */
  public static synchronized String failure() {
    return failure;
  }

  private static boolean load() {
    try {
      org.tensorflow.lite.TensorFlowLite.runtimeVersion();
      return true; // someone else in this JVM already loaded it
    } catch (UnsatisfiedLinkError notYet) {
      // load it below
    } catch (LinkageError e) {
      failure = e.toString();
      return false;
    }
    try (InputStream in = TfliteRuntime.class.getClassLoader().getResourceAsStream(LIBRARY)) {
      if (in == null) {
        failure = LIBRARY + " not on the test classpath";
        return false;
      }
      Path file = Files.createTempFile("tflite2java-tflite-jni-", ".so");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      System.load(file.toAbsolutePath().toString());
      org.tensorflow.lite.TensorFlowLite.runtimeVersion();
      return true;
    } catch (Exception | LinkageError e) {
      failure = e.toString();
      return false;
    }
  }

  /** An interpreter over a copy of the model bytes (TFLite needs a direct buffer). */
  public static Interpreter interpreter(byte[] model) {
    ByteBuffer bb = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
    bb.put(model).rewind();
    return new Interpreter(bb);
  }
}
