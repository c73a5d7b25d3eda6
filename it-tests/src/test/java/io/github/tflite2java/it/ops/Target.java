package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.it.tflite.LiveTflite;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.util.List;

/**
 * A TFLite build the fuzz cases are compared with, and the compile options that reproduce it:
 * the default options against TFLite 2.9.0's C library, {@code tfliteVersion 2.6} against TFLite
 * 2.6.2's Java Interpreter.
 */
enum Target {
  TFLITE_2_9("TFLite 2.9.0 (default options)", CompileOptions.defaults()),
  TFLITE_2_6("TFLite 2.6.2 (tfliteVersion 2.6)",
      CompileOptions.defaults().withTfliteVersion(TfliteVersion.V2_6));

  /** A model loaded into the live reference. */
  interface Loaded extends AutoCloseable {
    byte[][] run(byte[][] inputs);

    @Override
    void close();
  }

  private final String label;
  private final CompileOptions options;

  Target(String label, CompileOptions options) {
    this.label = label;
    this.options = options;
  }

  String label() {
    return label;
  }

  CompileOptions options() {
    return options;
  }

  /** Returns when this runtime can run; otherwise skips the calling test (fails it on CI). */
  void require() {
    if (this == TFLITE_2_9) {
      LiveTfliteC.require();
    }
  }

  /** Loads a model; throws whatever the runtime throws when it rejects the model. */
  Loaded load(byte[] model) {
    return load(model, 0);
  }

  /**
   * Loads a model, resized to {@code batch} (every input's dimension 0) unless it is 0; throws
   * whatever the runtime throws when it rejects the model or the resize.
   */
  Loaded load(byte[] model, int batch) {
    if (this == TFLITE_2_9) {
      LiveTfliteC c = new LiveTfliteC(model);
      if (batch > 0) {
        try {
          c.resizeBatch(batch);
        } catch (RuntimeException e) {
          c.close();
          throw e;
        }
      }
      return new Loaded() {
        @Override
        public byte[][] run(byte[][] inputs) {
          return c.run(List.of(inputs)).toArray(new byte[0][]);
        }

        @Override
        public void close() {
          c.close();
        }
      };
    }
    LiveTflite j = new LiveTflite(model);
    if (batch > 0) {
      try {
        j.resizeBatch(batch);
      } catch (RuntimeException e) {
        j.close();
        throw e;
      }
    }
    return new Loaded() {
      @Override
      public byte[][] run(byte[][] inputs) {
        return j.run(List.of(inputs)).toArray(new byte[0][]);
      }

      @Override
      public void close() {
        j.close();
      }
    };
  }
}
