package io.github.tflite2java.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LSTM kernel on the four shared LSTM models (their bytes are checked against TFLite in
 * it-tests' {@code LstmGoldenTest}): options decoded, the generated class compiles with
 * {@code --release 8}, depends on the JDK only, keeps every method under HotSpot's 8000-byte JIT
 * limit, and is deterministic.
 */
class UnidirectionalSequenceLstmTest {

  @ParameterizedTest
  @ValueSource(strings = {"trained_lstm_int8", "micro_speech_lstm", "dtln_noise_suppression",
      "keras_lstm_mnist_ptq"})
  void sharedLstmModelsCompileToSmallDependencyFreeMethods(String model) throws Exception {
    String cls = "test.gen.Lstm";
    GeneratedSource src = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model("real/" + model + ".tflite"), cls));
    for (String line : src.source().split("\n")) {
      if (line.startsWith("import ")) {
        assertTrue(line.startsWith("import java."), model + ": " + line);
      }
    }
    assertTrue(src.source().contains("UnidirectionalSequenceLstm()"), model);
    assertTrue(src.source().contains("private static void lstmAccumulatePairRows("), model);
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(src);
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), model);
    assertEquals(src.source(), Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model("real/" + model + ".tflite"), cls)).source());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trained_lstm_int8"})
  void optionsAreDecodedByTheKernel(String model) throws Exception {
    ModelGraph g = TfliteReader.read(SharedFiles.model("real/" + model + ".tflite"));
    Operator op = g.operators().get(0);
    assertEquals("UNIDIRECTIONAL_SEQUENCE_LSTM", op.kind());
    assertEquals(new UnidirectionalSequenceLstm.Options(4, 10.0f, 0f, false, false, false),
        op.options());
    assertEquals(5, op.intermediates().length);
    assertTrue(OperatorRegistry.standard().find(op.kind()).keepsState());
    assertEquals(ReportCategory.RECURRENT, OperatorRegistry.standard().find(op.kind()).category());
  }

  /**
   * The report: an LSTM is a recurrent layer with 4 gates x (input + recurrent) products per
   * step; its state tensors hold their arena blocks across every step, and the memory plan gives
   * no other tensor a byte of them, so nothing overwrites the state between inferences.
   */
  @ParameterizedTest
  @ValueSource(strings = {"trained_lstm_int8", "micro_speech_lstm", "dtln_noise_suppression",
      "keras_lstm_mnist_ptq"})
  void reportCountsMacsAndNoTensorSharesTheStateBlocks(String model) throws Exception {
    io.github.tflite2java.compiler.report.ModelReport r = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model("real/" + model + ".tflite"), "test.gen.L"))
        .report();
    ModelGraph g = TfliteReader.read(SharedFiles.model("real/" + model + ".tflite"));
    int steps = r.layers().size();
    int lstms = 0;
    for (io.github.tflite2java.compiler.report.LayerReport l : r.layers()) {
      if (l.kind().equals("UNIDIRECTIONAL_SEQUENCE_LSTM")) {
        assertEquals(ReportCategory.RECURRENT.label(), l.category());
        lstms++;
      }
    }
    assertEquals(model.startsWith("dtln") ? 2 : 1, lstms);
    if (model.equals("trained_lstm_int8")) {
      assertEquals(4L * 28 * 20 * (28 + 20), r.layers().get(0).macs());
    }
    int states = 0;
    for (io.github.tflite2java.compiler.report.ArenaBlock b : r.blocks()) {
      if (g.tensor(b.tensor()).variable()) {
        assertEquals(-1, b.firstStep(), b.toString());
        assertEquals(steps, b.lastStep(), b.toString());
        states++;
        for (io.github.tflite2java.compiler.report.ArenaBlock o : r.blocks()) {
          boolean space = o.tensor() != b.tensor()
              && o.offsetBytes() < b.offsetBytes() + b.sizeBytes()
              && b.offsetBytes() < o.offsetBytes() + o.sizeBytes();
          assertTrue(!space, b + " shares bytes with " + o);
        }
      }
    }
    assertEquals(2 * lstms, states);
  }
}
