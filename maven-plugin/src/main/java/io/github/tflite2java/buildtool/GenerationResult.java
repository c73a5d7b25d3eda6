package io.github.tflite2java.buildtool;

import io.github.tflite2java.compiler.GeneratedSource;
import java.nio.file.Path;
import java.util.List;

/**
 * What a generation run did.
 *
 * @param upToDate true when nothing had changed since the last successful run and nothing was
 *     compiled or written
 * @param outputs one entry per model, in configuration order (empty when up to date)
 * @param deleted generated files of an earlier run that no configured model produces any more
 */
public record GenerationResult(boolean upToDate, List<Output> outputs, List<Path> deleted) {

  public GenerationResult {
    outputs = List.copyOf(outputs);
    deleted = List.copyOf(deleted);
  }

  static GenerationResult upToDateResult() {
    return new GenerationResult(true, List.of(), List.of());
  }

  /**
   * One generated source file.
   *
   * @param source what the compiler generated
   * @param file where it is
   * @param changed false when the file already had exactly this content and was left untouched
   * @param report the model's HTML report (its JSON twin is beside it), or null when none was
   *     written
   */
  public record Output(GeneratedSource source, Path file, boolean changed, Path report) {

    /** An output without a report. */
    public Output(GeneratedSource source, Path file, boolean changed) {
      this(source, file, changed, null);
    }
  }
}
