package io.github.tflite2java.buildtool;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.runtime.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Generates the sources for a list of models, incrementally: when the inputs are unchanged since
 * the last successful run it does nothing; otherwise it verifies configured checksums, compiles
 * every model, reports all problems of all models together, writes only files whose content
 * changed (sources and, when asked for, each model's HTML and JSON report), and deletes files it
 * generated earlier that no model produces any more.
 */
public final class IncrementalGenerator {

  /** Fingerprint of a run that has not (yet) succeeded; matches no real fingerprint. */
  private static final String NOT_UP_TO_DATE = "none";

  private final ModelCompiler compiler;

  public IncrementalGenerator() {
    this(ModelCompiler.DEFAULT);
  }

  public IncrementalGenerator(ModelCompiler compiler) {
    this.compiler = compiler;
  }

  /**
   * Runs generation.
   *
   * @throws GenerationException when the configuration is invalid (nothing is touched then) or
   *     a model cannot be compiled (no source is written then; files generated earlier for
   *     models no longer configured are deleted all the same)
   * @throws IOException when a file cannot be read or written
   */
  public GenerationResult generate(GenerationRequest request)
      throws GenerationException, IOException {
    Path outputDirectory = request.outputDirectory();
    List<String> problems = ModelSpecValidator.validate(request.models(), outputDirectory);
    if (!problems.isEmpty()) {
      throw new GenerationException(
          "Invalid tflite2java configuration, " + problems.size() + " problems:", problems);
    }

    List<String> mismatches = ChecksumVerifier.verify(request.models());
    if (!mismatches.isEmpty()) {
      throw new GenerationException(mismatches.size() + " model files do not have their"
          + " configured checksum:", mismatches);
    }

    String fingerprint = InputFingerprint.of(request);
    Optional<GenerationState> previous = GenerationState.read(request.stateFile());
    if (previous.isPresent() && isUpToDate(previous.get(), fingerprint, outputDirectory)) {
      return GenerationResult.upToDateResult();
    }

    // Files the configuration no longer produces are stale whether or not compiling succeeds.
    List<Path> targets = request.models().stream()
        .map(m -> outputDirectory.resolve(SourcePaths.relativePath(m.className())).normalize())
        .toList();
    List<Path> reportTargets = new ArrayList<>();
    for (ModelSpec m : request.models()) {
      reportTargets.addAll(ReportFiles.of(request.reportDirectory(), m.className()));
    }
    List<Path> deleted = previous.isPresent()
        ? deleteStale(previous.get(), new HashSet<>(targets))
        : List.of();
    if (previous.isPresent()) {
      ReportFiles.deleteStale(previous.get().reports(), new HashSet<>(reportTargets));
    }
    // Until this run succeeds, the state claims nothing is up to date but still names every
    // file this run may write, so a later run can clean up after a failed one.
    new GenerationState(NOT_UP_TO_DATE, outputDirectory, targets, reportTargets)
        .write(request.stateFile());

    List<GeneratedSource> sources = compileAll(request);

    List<GenerationResult.Output> outputs = new ArrayList<>();
    for (GeneratedSource source : sources) {
      Path file = outputDirectory.resolve(source.relativePath()).normalize();
      if (!file.startsWith(outputDirectory)) {
        throw new IOException("Generated file " + file + " is outside " + outputDirectory);
      }
      boolean changed = !hasContent(file, source.source());
      source.writeTo(outputDirectory);
      Path report = ReportFiles.write(request.reportDirectory(), source);
      outputs.add(new GenerationResult.Output(source, file, changed, report));
    }

    List<Path> written = outputs.stream().map(GenerationResult.Output::file).toList();
    List<Path> reports = new ArrayList<>();
    for (GenerationResult.Output out : outputs) {
      if (out.report() != null) {
        reports.addAll(ReportFiles.of(request.reportDirectory(), out.source().className()));
      }
    }
    new GenerationState(fingerprint, outputDirectory, written, reports)
        .write(request.stateFile());
    return new GenerationResult(false, outputs, deleted);
  }

  private static boolean isUpToDate(
      GenerationState state, String fingerprint, Path outputDirectory) {
    return state.fingerprint().equals(fingerprint)
        && state.outputDirectory().equals(outputDirectory)
        && state.files().stream().allMatch(Files::isRegularFile)
        && state.reports().stream().allMatch(Files::isRegularFile);
  }

  private List<GeneratedSource> compileAll(GenerationRequest request)
      throws GenerationException, IOException {
    List<ModelSpec> models = request.models();
    List<GeneratedSource> sources = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (ModelSpec model : models) {
      CompileOptions options = request.options().withImageHelpers(model.imageHelpers());
      if (model.labelsFile() != null) {
        options = options.withLabels(Labels.read(model.labelsFile()));
      }
      try {
        sources.add(compiler.compile(
            new CompileRequest(model.file(), model.className(), options)));
      } catch (ModelCompileException e) {
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new GenerationException(
          failures.size() + " of " + models.size() + " models could not be compiled:", failures);
    }
    return sources;
  }

  private static boolean hasContent(Path file, String content) throws IOException {
    return Files.isRegularFile(file)
        && Arrays.equals(Files.readAllBytes(file), content.getBytes(StandardCharsets.UTF_8));
  }

  /** Deletes files of the previous run not in {@code keep}, only inside its output directory. */
  private static List<Path> deleteStale(GenerationState previous, Set<Path> keep)
      throws IOException {
    List<Path> deleted = new ArrayList<>();
    Path root = previous.outputDirectory();
    for (Path file : previous.files()) {
      Path normalized = file.toAbsolutePath().normalize();
      if (keep.contains(normalized) || !normalized.startsWith(root)) {
        continue;
      }
      if (Files.isRegularFile(normalized) && Files.deleteIfExists(normalized)) {
        deleted.add(normalized);
        deleteEmptyParents(normalized.getParent(), root);
      }
    }
    return deleted;
  }

  private static void deleteEmptyParents(Path dir, Path root) throws IOException {
    for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
      try {
        Files.delete(d);
      } catch (DirectoryNotEmptyException e) {
        return;
      }
    }
  }
}
