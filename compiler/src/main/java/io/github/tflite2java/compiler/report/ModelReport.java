package io.github.tflite2java.compiler.report;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the compiler made of one model, layer by layer: operators, multiply-accumulates,
 * weights, the activation arena and the generated class. Built by {@link ModelReporter};
 * written as HTML by {@link HtmlReportWriter} and as JSON by {@link JsonReportWriter}.
 *
 * @param className fully qualified name of the generated class
 * @param sourceName the model's file name
 * @param sha256 lowercase hex SHA-256 of the model file
 * @param fileSize bytes of the model file
 * @param compilerVersion the tflite2java version that compiled it
 * @param options the compile options, as {@code CompileOptions.describe()} gives them
 * @param inputs the graph inputs
 * @param outputs the graph outputs
 * @param layers every operator, in execution order
 * @param blocks the activation arena's storage blocks
 * @param totalMacs multiply-accumulates of one inference
 * @param modelWeightBytes bytes of the constant tensors the operators read, as in the model
 * @param classWeightBytes bytes of constants stored in the generated class
 * @param arenaBytes bytes of the activation arena of one instance
 * @param arenaLowerBoundBytes the most bytes alive at once: no arena can be smaller
 * @param classCount classes generated for the model: its class, their nested classes and the
 *     classes of its companion files (the package's image resizer, which every model of the
 *     package with image helpers generates and counts)
 * @param methodCount methods and constructors of those classes
 * @param dynamicBatch whether the model has a dynamic batch (-1 in dimension 0 of a
 *     {@code shape_signature})
 * @param batch the batch the class was compiled for when {@code dynamicBatch}, else 0
 */
public record ModelReport(String className, String sourceName, String sha256, long fileSize,
    String compilerVersion, String options, List<TensorSummary> inputs,
    List<TensorSummary> outputs, List<LayerReport> layers, List<ArenaBlock> blocks,
    long totalMacs, long modelWeightBytes, long classWeightBytes, long arenaBytes,
    long arenaLowerBoundBytes, int classCount, int methodCount, boolean dynamicBatch,
    int batch) {

  public ModelReport {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    layers = List.copyOf(layers);
    blocks = List.copyOf(blocks);
  }

  /** A report of a model with static shapes. */
  public ModelReport(String className, String sourceName, String sha256, long fileSize,
      String compilerVersion, String options, List<TensorSummary> inputs,
      List<TensorSummary> outputs, List<LayerReport> layers, List<ArenaBlock> blocks,
      long totalMacs, long modelWeightBytes, long classWeightBytes, long arenaBytes,
      long arenaLowerBoundBytes, int classCount, int methodCount) {
    this(className, sourceName, sha256, fileSize, compilerVersion, options, inputs, outputs,
        layers, blocks, totalMacs, modelWeightBytes, classWeightBytes, arenaBytes,
        arenaLowerBoundBytes, classCount, methodCount, false, 0);
  }

  /**
   * {@code "dynamic batch, compiled for batch 1"} for a dynamic-batch model, {@code ""} for one
   * with static shapes.
   */
  public String batchNote() {
    return dynamicBatch ? "dynamic batch, compiled for batch " + batch : "";
  }

  /** How many operators of each kind, sorted by kind. */
  public Map<String, Integer> operatorCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (LayerReport l : layers) {
      counts.merge(l.kind(), 1, Integer::sum);
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * The weights figure of the report: bytes of the constant tensors the operators read, as in
   * the model ({@link #modelWeightBytes()}, the sum of the table's column). The build log's
   * summary line and the HTML report's card both show this number.
   */
  public long weightBytes() {
    return modelWeightBytes;
  }

  /** The largest {@link LayerReport#liveBytes()} of any layer. */
  public long peakLiveBytes() {
    long peak = 0;
    for (LayerReport l : layers) {
      peak = Math.max(peak, l.liveBytes());
    }
    return peak;
  }

  /** Simple name of the generated class. */
  public String simpleClassName() {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /**
   * One line for build logs, e.g. {@code com.example.Net <- net.tflite: 31 operators (CONV_2D
   * x15, ...), 14.1 M MACs, weights 470,544 bytes, arena 98,304 bytes (lower bound 98,304), 1
   * class, 45 methods}.
   */
  public String summaryLine() {
    StringBuilder ops = new StringBuilder();
    operatorCounts().forEach((k, v) -> ops.append(ops.length() == 0 ? "" : ", ").append(k)
        .append(" x").append(v));
    return String.format(Locale.ROOT,
        "%s <- %s: %d operators (%s), %s MACs, weights %,d bytes, arena %,d bytes"
            + " (lower bound %,d), %d %s, %d methods%s",
        className, sourceName, layers.size(), ops, formatCount(totalMacs), weightBytes(),
        arenaBytes, arenaLowerBoundBytes, classCount, classCount == 1 ? "class" : "classes",
        methodCount, dynamicBatch ? ", " + batchNote() : "");
  }

  /** {@code 950}, {@code 14.1 k}, {@code 569.0 M}, {@code 1.2 G}. */
  public static String formatCount(long n) {
    if (n < 1_000) {
      return Long.toString(n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f k", n / 1e3);
    }
    if (n < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f M", n / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f G", n / 1e9);
  }
}
