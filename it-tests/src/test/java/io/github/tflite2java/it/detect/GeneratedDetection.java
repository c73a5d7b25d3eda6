package io.github.tflite2java.it.detect;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A one-operator detection model (uint8 box encodings and class predictions in, four float32
 * outputs) compiled by tflite2java and loaded, called through its typed {@code infer}.
 */
final class GeneratedDetection {
  private final Object instance;
  private final Method infer;
  private final int[] outputSizes;

  GeneratedDetection(byte[] model, int rows) {
    this(model, rows, CompileOptions.defaults());
  }

  GeneratedDetection(byte[] model, int rows, CompileOptions options) {
    try {
      GeneratedSource src = Tflite2JavaCompiler.compile(TfliteReader.read("detect.tflite", model),
          "gen.Detect", options);
      Class<?> c = InMemoryJavac.compile(src).load("gen.Detect");
      instance = c.getConstructor().newInstance();
      infer = c.getMethod("infer", byte[].class, byte[].class, float[].class, float[].class,
          float[].class, float[].class);
    } catch (ModelCompileException e) {
      throw new AssertionError("does not compile: " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    outputSizes = new int[] {rows * 4, rows, rows, 1};
  }

  /** The four outputs as little-endian float32 bytes. */
  byte[][] run(byte[] boxes, byte[] classes) {
    float[][] out = new float[4][];
    for (int k = 0; k < 4; k++) {
      out[k] = new float[outputSizes[k]];
    }
    try {
      infer.invoke(instance, boxes.clone(), classes.clone(), out[0], out[1], out[2], out[3]);
    } catch (InvocationTargetException e) {
      throw new AssertionError("generated infer threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    byte[][] raw = new byte[4][];
    for (int k = 0; k < 4; k++) {
      raw[k] = DetectionPostProcessLiveTest.bytes(out[k]);
    }
    return raw;
  }
}
