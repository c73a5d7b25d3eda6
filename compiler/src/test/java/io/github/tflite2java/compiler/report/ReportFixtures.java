package io.github.tflite2java.compiler.report;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.testing.SharedFiles;

/** The report of the smallest real MobileNet, compiled once for all report tests. */
final class ReportFixtures {

  private static ModelReport mobilenet;

  private ReportFixtures() {}

  static synchronized ModelReport mobilenet025() throws Exception {
    if (mobilenet == null) {
      mobilenet = Tflite2JavaCompiler.compile(new CompileRequest(
          SharedFiles.model("mobilenet_v1_0.25_128_quant.tflite"), "test.report.Mobilenet025"))
          .report();
    }
    return mobilenet;
  }
}
