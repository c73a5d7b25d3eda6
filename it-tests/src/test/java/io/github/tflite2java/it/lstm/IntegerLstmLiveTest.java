package io.github.tflite2java.it.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.lstm.IntegerLstmKernel;
import io.github.tflite2java.compiler.lstm.IntegerLstmParams;
import io.github.tflite2java.compiler.lstm.LstmOperands;
import io.github.tflite2java.compiler.tflite.TflModel;
import io.github.tflite2java.it.Golden;
import io.github.tflite2java.it.tflite.LiveTflite;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IntegerLstmKernel} against live TFLite 2.9.0 (C library) and 2.6.2 (Java interpreter):
 * each UNIDIRECTIONAL_SEQUENCE_LSTM of the four shared LSTM models cut out into a one-operator
 * model, and seeded random LSTMs (sizes, batch 1..2, time- or batch-major, CIFG, peephole,
 * projection, layer normalization, clips). Every case runs several invocations on one
 * interpreter, so the variable state carries over as in a stream, and every output byte of every invocation must match; a
 * second, fresh interpreter must match a fresh kernel state. Both builds compute the integer
 * LSTM identically (the kernel is the same code in 2.6 and 2.9).
 */
class IntegerLstmLiveTest {

  static final String[] MODELS = {
    "trained_lstm_int8", "micro_speech_lstm", "dtln_noise_suppression", "keras_lstm_mnist_ptq"
  };
  static final int INVOCATIONS = 4;

  record RealOp(String model, int operator) {
    @Override
    public String toString() {
      return model + " operator " + operator;
    }
  }

  static Stream<RealOp> realOperators() throws Exception {
    List<RealOp> ops = new ArrayList<>();
    for (String m : MODELS) {
      TflModel model = TflModel.root(Files.readAllBytes(realModel(m)));
      for (int op : LstmModels.lstmOperators(model)) {
        ops.add(new RealOp(m, op));
      }
    }
    return ops.stream();
  }

  static Path realModel(String name) {
    return Golden.sharedDir().resolve("models").resolve("real").resolve(name + ".tflite");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realOperators")
  void realModelOperatorMatchesTflite29(RealOp r) throws Exception {
    LiveTfliteC.require();
    TflModel model = TflModel.root(Files.readAllBytes(realModel(r.model())));
    LstmOperands ops = LstmOperands.fromFlatBuffer(model, 0, r.operator());
    byte[] cut = LstmModels.cut(ops);
    IntegerLstmParams p = IntegerLstmParams.of(r.model(), ops);
    assertCarriedStateMatches(r + " vs TFLite 2.9.0", cut, p,
        1000 + r.operator() + r.model().hashCode(), C);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realOperators")
  void realModelOperatorMatchesTflite262(RealOp r) throws Exception {
    TflModel model = TflModel.root(Files.readAllBytes(realModel(r.model())));
    LstmOperands ops = LstmOperands.fromFlatBuffer(model, 0, r.operator());
    assertCarriedStateMatches(r + " vs TFLite 2.6.2", LstmModels.cut(ops),
        IntegerLstmParams.of(r.model(), ops), 2000 + r.operator() + r.model().hashCode(), JAVA);
  }

  static LongStream seeds() {
    return LongStream.range(0, 60);
  }

  @ParameterizedTest(name = "random LSTM seed {0}")
  @MethodSource("seeds")
  void randomLstmMatchesTflite29(long seed) throws Exception {
    LiveTfliteC.require();
    randomLstm(seed, C);
  }

  /** Fewer seeds for 2.6.2: it runs the same integer LSTM code as 2.9 (see docs/lstm.md). */
  static LongStream seeds262() {
    return LongStream.range(0, 20);
  }

  @ParameterizedTest(name = "random LSTM seed {0}")
  @MethodSource("seeds262")
  void randomLstmMatchesTflite262(long seed) throws Exception {
    randomLstm(seed, JAVA);
  }

  static void randomLstm(long seed, Function<byte[], Runner> runtime) {
    LstmModels.Spec spec = LstmModels.spec(seed, seed % 2 == 1);
    byte[] model = LstmModels.random(spec);
    LstmOperands ops = LstmOperands.fromFlatBuffer(TflModel.root(model), 0, 0);
    IntegerLstmParams p;
    try {
      p = IntegerLstmParams.of("random", ops);
    } catch (ModelCompileException e) {
      fail(spec + ": " + e.getMessage());
      return;
    }
    assertCarriedStateMatches(spec.toString(), model, p, seed, runtime);
  }

  /** The part of a live TFLite both references offer. */
  interface Runner extends AutoCloseable {
    byte[] run(byte[] input);

    int inputBytes();

    int outputBytes();

    @Override
    void close();
  }

  static final Function<byte[], Runner> C = model -> {
    LiveTfliteC t = new LiveTfliteC(model);
    return new Runner() {
      public byte[] run(byte[] input) {
        return t.run(input);
      }

      public int inputBytes() {
        return t.inputBytes(0);
      }

      public int outputBytes() {
        return t.outputBytes(0);
      }

      public void close() {
        t.close();
      }
    };
  };

  static final Function<byte[], Runner> JAVA = model -> {
    LiveTflite t = new LiveTflite(model);
    return new Runner() {
      public byte[] run(byte[] input) {
        return t.run(input);
      }

      public int inputBytes() {
        return t.inputBytes(0);
      }

      public int outputBytes() {
        return t.outputBytes(0);
      }

      public void close() {
        t.close();
      }
    };
  };

  /**
   * Invokes one TFLite interpreter {@link #INVOCATIONS} times on random inputs and the kernel
   * with its state carried the same way; then a fresh interpreter and a fresh state on the last
   * input. Fails with the first differing invocation and byte.
   */
  static void assertCarriedStateMatches(String what, byte[] model, IntegerLstmParams p, long seed,
      Function<byte[], Runner> runtime) {
    Random rnd = new Random(seed);
    IntegerLstmKernel.Weights w = p.kernelWeights();
    IntegerLstmKernel.Scratch scratch = new IntegerLstmKernel.Scratch(p.nBatch(), p.nCell());
    byte[] outputState = p.initialOutputState();
    short[] cellState = p.initialCellState();
    byte[] last = null;
    List<byte[]> outputs = new ArrayList<>();
    try (Runner tflite = runtime.apply(model)) {
      assertEquals(p.inputSize(), tflite.inputBytes(), what + ": input size");
      assertEquals(p.outputSize(), tflite.outputBytes(), what + ": output size");
      for (int k = 0; k < INVOCATIONS; k++) {
        byte[] input = new byte[p.inputSize()];
        rnd.nextBytes(input);
        byte[] expected = tflite.run(input);
        byte[] actual = new byte[p.outputSize()];
        IntegerLstmKernel.sequence(w, input, actual, outputState, cellState, scratch);
        assertSameBytes(what + ", invocation " + (k + 1) + " (state carried)", expected, actual);
        outputs.add(actual);
        last = input;
      }
    }
    try (Runner fresh = runtime.apply(model)) {
      byte[] expected = fresh.run(last);
      byte[] actual = new byte[p.outputSize()];
      IntegerLstmKernel.sequence(w, last, actual, p.initialOutputState(), p.initialCellState(),
          scratch);
      assertSameBytes(what + ", fresh interpreter", expected, actual);
    }
    // The outputs must not all be constant: a kernel stuck at one value proves nothing.
    byte[] first = outputs.get(0);
    boolean varied = false;
    for (byte[] o : outputs) {
      for (byte b : o) {
        varied |= b != first[0];
      }
    }
    // (A layer-normalized single cell is constant by construction.)
    assertFalse(!varied && p.outputSize() >= 32 && p.nCell() > 1,
        what + ": all outputs are " + first[0]);
  }

  static void assertSameBytes(String what, byte[] expected, byte[] actual) {
    if (!Arrays.equals(expected, actual)) {
      int i = Arrays.mismatch(expected, actual);
      int diffs = 0;
      for (int k = 0; k < expected.length; k++) {
        diffs += expected[k] != actual[k] ? 1 : 0;
      }
      fail(what + ": " + diffs + " of " + expected.length + " bytes differ, first at " + i
          + ": TFLite " + expected[i] + ", kernel " + actual[i]);
    }
  }
}
