package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.GeneratedSource;
import java.nio.file.Path;
import java.util.List;

/**
 * What a generation run did.
 *
 * @param outputs one entry per model that was (re)generated, in configuration order
 * @param upToDate class names of the models that were up to date and left untouched
 * @param deleted generated files of an earlier run that no configured model produces any more
 */
public record GenerationResult(List<Output> outputs, List<String> upToDate, List<Path> deleted) {

  public GenerationResult {
    outputs = List.copyOf(outputs);
    upToDate = List.copyOf(upToDate);
    deleted = List.copyOf(deleted);
  }

  /** True when nothing was compiled, written or deleted: every model was up to date. */
  public boolean isUpToDate() {
    return outputs.isEmpty() && deleted.isEmpty();
  }

  /**
   * One generated source file.
   *
   * @param source what the compiler generated
   * @param file where it is
   * @param changed false when the file already had exactly this content and was left untouched
   * @param report the model's HTML report (its JSON twin is beside it), or null when none was
   *     written
   * @param companions the files generated beside the model class that its package's model
   *     classes share (the image resizer), each written by the first model of the run that
   *     generates it and unchanged for the others
   * @param weights the class's weights resource, or null when the class embeds its weights
   */
  public record Output(GeneratedSource source, Path file, boolean changed, Path report,
      List<Companion> companions, Companion weights) {

    public Output {
      companions = List.copyOf(companions);
    }

    /** An output whose class embeds its weights. */
    public Output(GeneratedSource source, Path file, boolean changed, Path report,
        List<Companion> companions) {
      this(source, file, changed, report, companions, null);
    }

    /** An output without companions. */
    public Output(GeneratedSource source, Path file, boolean changed, Path report) {
      this(source, file, changed, report, List.of());
    }

    /** An output without a report or companions. */
    public Output(GeneratedSource source, Path file, boolean changed) {
      this(source, file, changed, null, List.of());
    }
  }

  /**
   * A companion file of a generated class.
   *
   * @param file where it is
   * @param changed false when the file already had exactly this content and was left untouched
   */
  public record Companion(Path file, boolean changed) {}
}
