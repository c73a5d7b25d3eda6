package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.CompileOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything one generation run depends on.
 *
 * @param models the configured models, in configuration order
 * @param outputDirectory the source root that receives the generated {@code .java} files
 * @param stateFile where the fingerprint of the last successful run and the files it wrote are
 *     kept, e.g. {@code target/tflite2java/default.state}
 * @param options compiler settings applied to every model (each model adds its own labels and
 *     image helpers)
 * @param toolFingerprint identifies the generator (name, version and, for snapshots, a hash of
 *     its code), so that a new generator regenerates; see {@link ToolFingerprint}
 * @param reportDirectory where each model's report goes, as {@code
 *     <reportDirectory>/<className>/report.html} and {@code report.json}; null for no reports
 * @param resourceDirectory the resource root that receives the weights resources of classes
 *     that keep their weights beside them ({@code com/example/Foo.weights}); null for {@code
 *     outputDirectory}
 */
public record GenerationRequest(List<ModelSpec> models, Path outputDirectory, Path stateFile,
    CompileOptions options, String toolFingerprint, Path reportDirectory,
    Path resourceDirectory) {

  public GenerationRequest {
    models = List.copyOf(models);
    outputDirectory = outputDirectory.toAbsolutePath().normalize();
    stateFile = stateFile.toAbsolutePath().normalize();
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(toolFingerprint, "toolFingerprint");
    reportDirectory = reportDirectory == null ? null : reportDirectory.toAbsolutePath().normalize();
    resourceDirectory = resourceDirectory == null ? outputDirectory
        : resourceDirectory.toAbsolutePath().normalize();
  }

  /** A request whose weights resources go to the output directory. */
  public GenerationRequest(List<ModelSpec> models, Path outputDirectory, Path stateFile,
      CompileOptions options, String toolFingerprint, Path reportDirectory) {
    this(models, outputDirectory, stateFile, options, toolFingerprint, reportDirectory, null);
  }

  /** A request that writes no reports. */
  public GenerationRequest(List<ModelSpec> models, Path outputDirectory, Path stateFile,
      CompileOptions options, String toolFingerprint) {
    this(models, outputDirectory, stateFile, options, toolFingerprint, null);
  }
}
