package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.emit.ModelClassGenerator;
import io.github.tflite2java.compiler.reader.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The message for running out of memory (or into another JVM limit) while generating a model's
 * class: it names the model, its size and weight bytes, what ran out and what to set, for the
 * tool the user runs. Never an "internal error": a large model needs a larger heap, that is all.
 */
public final class OutOfMemory {

  /** Which front end the user runs, for what to set. */
  public enum Tool { CLI, MAVEN }

  private OutOfMemory() {}

  /**
   * The message for {@code error}, thrown while generating {@code model}. Called after the
   * generation's objects are unreachable; it reads the model's structure again (memory-mapped)
   * to count its weights, and falls back to the file size when even that fails.
   */
  public static String message(Path model, OutOfMemoryError error, Tool tool) {
    long fileSize = -1;
    try {
      fileSize = Files.size(model);
    } catch (Exception | Error e) {
      // Reported as unknown below.
    }
    String weights;
    try {
      long w = ModelClassGenerator.weightBytes(TfliteReader.read(model.toString(),
          TfliteReader.map(model), "", CompileLimits.defaults().withMaxWeightBytes(Long.MAX_VALUE)
              .withMaxTensorElements(Long.MAX_VALUE)));
      weights = mb(w) + " of weights";
    } catch (Exception | Error e) {
      weights = "weights not counted";
    }
    long max = Runtime.getRuntime().maxMemory();
    String what = whatRanOut(error);
    long suggested = suggestedHeap(fileSize, max);
    String size = fileSize < 0 ? "size unknown" : mb(fileSize);
    String set = tool == Tool.CLI
        ? "run the command line with a larger heap, e.g. java -Xmx" + suggested + "m -jar"
            + " tflite2java-<version>-cli.jar <options>"
        : "give Maven a larger heap, e.g. MAVEN_OPTS=-Xmx" + suggested + "m (or in"
            + " .mvn/jvm.config); javac runs in the same JVM";
    return String.format(Locale.ROOT, "out of memory generating the class for %s (%s, %s): %s"
        + " (maximum heap %s); %s (generation needs about the model's size plus 256 MB of heap"
        + " when the weights are kept as a resource, the default for large models)", model, size,
        weights, what, mb(max), set);
  }

  /** What ran out, in words, from the error's message. */
  static String whatRanOut(OutOfMemoryError error) {
    String m = String.valueOf(error.getMessage());
    if (m.contains("Java heap space") || m.contains("GC overhead")) {
      return "the Java heap ran out (" + m + ")";
    }
    if (m.contains("Requested array size exceeds VM limit")) {
      return "an array would exceed the JVM's 2 GB limit (" + m + ")";
    }
    if (m.contains("Metaspace")) {
      return "the JVM's metaspace ran out (" + m + "; -XX:MaxMetaspaceSize)";
    }
    if (m.contains("Direct buffer") || m.contains("Map failed")) {
      return "native memory for mapped or direct buffers ran out (" + m + ")";
    }
    return "the JVM ran out of memory (" + m + ")";
  }

  /** Suggested -Xmx in MB: the model plus 512 MB, at least twice the heap now, in 256 MB steps. */
  static long suggestedHeap(long fileSize, long maxHeap) {
    long bytes = Math.max(fileSize < 0 ? 0 : fileSize + (512L << 20),
        maxHeap == Long.MAX_VALUE ? 0 : 2 * maxHeap);
    long step = 256L << 20;
    return (bytes + step - 1) / step * step >> 20;
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
