package io.github.tflite2java.buildcore;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Generates the sources for a list of models, incrementally and model by model: it validates
 * the configuration, reads and hashes each model once, verifies configured checksums, and then
 * compiles only the models whose inputs changed since the last successful run (the files of the
 * others keep their timestamps, so javac's own check can skip them). Problems of all models are
 * reported together; only files whose content changed are written (sources and, when asked for,
 * each model's HTML and JSON report); files it generated earlier that no model produces any more
 * are deleted, unless another state beside this one (another plugin execution or CLI model with
 * the same output directory) still records them.
 *
 * <p>A model's files are its class and its companions: files the compiler generates beside it
 * that the model classes of one package share (the image resizer of models with image helpers).
 * A companion is a target of every model that needs it: it is written when any of them is
 * generated (only if its content differs), a model whose companion is missing is generated
 * again, and it is deleted only when no model needs it any more.
 */
public final class IncrementalGenerator {

  static final String CHECKSUM_MISMATCH = "tflite2java/ChecksumMismatch";
  static final String MODEL_TOO_LARGE = "tflite2java/ModelTooLarge";
  static final String OUT_OF_MEMORY = "tflite2java/OutOfMemory";

  private final ModelCompiler compiler;
  private final OutOfMemory.Tool tool;

  /** The Maven plugin's generator. */
  public IncrementalGenerator() {
    this(ModelCompiler.DEFAULT, OutOfMemory.Tool.MAVEN);
  }

  /** The real compiler, for {@code tool}, whose settings an out-of-memory message names. */
  public IncrementalGenerator(OutOfMemory.Tool tool) {
    this(ModelCompiler.DEFAULT, tool);
  }

  public IncrementalGenerator(ModelCompiler compiler) {
    this(compiler, OutOfMemory.Tool.MAVEN);
  }

  public IncrementalGenerator(ModelCompiler compiler, OutOfMemory.Tool tool) {
    this.compiler = compiler;
    this.tool = tool;
  }

  /**
   * Runs generation.
   *
   * @throws GenerationException when the configuration is invalid or a checksum differs (nothing
   *     is touched then) or a model cannot be compiled (no source is written then; files
   *     generated earlier for models no longer configured are deleted all the same)
   * @throws IOException when a file cannot be read or written
   */
  public GenerationResult generate(GenerationRequest request)
      throws GenerationException, IOException {
    Path outputDirectory = request.outputDirectory();
    List<ModelSpec> models = request.models();
    List<BuildProblem> problems = ModelSpecValidator.validate(models, outputDirectory);
    if (!problems.isEmpty()) {
      throw new GenerationException(GenerationException.Kind.CONFIGURATION,
          "Invalid tflite2java configuration, " + problems.size() + " problems:", problems);
    }

    List<ModelInput> inputs = readAll(models);
    List<BuildProblem> mismatches = verifyChecksums(models, inputs);
    if (!mismatches.isEmpty()) {
      throw new GenerationException(GenerationException.Kind.CHECKSUM, mismatches.size()
          + " model files do not have their configured checksum:", mismatches);
    }

    Optional<GenerationState> previous = GenerationState.read(request.stateFile());
    List<GenerationState.Entry> current = new ArrayList<>();
    List<String> fingerprints = new ArrayList<>();
    List<Integer> stale = new ArrayList<>();
    Set<Path> targets = new HashSet<>();
    Set<Path> reportTargets = new HashSet<>();
    for (int i = 0; i < models.size(); i++) {
      ModelSpec model = models.get(i);
      Path target = outputDirectory.resolve(SourcePaths.relativePath(model.className()))
          .normalize();
      List<Path> reports = ReportFiles.of(request.reportDirectory(), model.className());
      // The model's class, then its companions: files shared by the package's classes (the
      // image resizer), targets of every model that needs them, so that they stay while any
      // does and a model whose companion is missing is generated again.
      List<Path> files = new ArrayList<>(List.of(target));
      files.addAll(companionFiles(outputDirectory, model));
      targets.addAll(files);
      reportTargets.addAll(reports);
      String fingerprint = InputFingerprint.of(request, model, inputs.get(i));
      fingerprints.add(fingerprint);
      GenerationState.Entry entry =
          new GenerationState.Entry(model.className(), fingerprint, files, reports);
      if (previous.isPresent() && isUpToDate(previous.get(), entry, outputDirectory)) {
        inputs.set(i, inputs.get(i).withoutBytes());
      } else {
        stale.add(i);
        entry = new GenerationState.Entry(model.className(), GenerationState.NOT_UP_TO_DATE,
            entry.files(), entry.reports());
      }
      current.add(entry);
    }

    // Files the configuration no longer produces are stale whether or not compiling succeeds.
    List<Path> deleted = new ArrayList<>();
    if (previous.isPresent()) {
      Set<Path> keep = new HashSet<>(targets);
      keep.addAll(GenerationState.filesOfOthers(request.stateFile(), outputDirectory));
      // Weights resources are known once a model is compiled: those of configured models stay
      // (rewritten, or kept if the model is up to date).
      for (ModelSpec model : models) {
        previous.get().entry(model.className()).ifPresent(e -> {
          for (Path f : e.files()) {
            if (isWeights(f)) {
              keep.add(f.toAbsolutePath().normalize());
            }
          }
        });
      }
      deleted.addAll(deleteStale(previous.get(), keep, request.resourceDirectory()));
      ReportFiles.deleteStale(previous.get().allReports(), reportTargets);
    }
    List<String> upToDate = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      if (!stale.contains(i)) {
        upToDate.add(models.get(i).className());
      }
    }
    if (stale.isEmpty() && deleted.isEmpty() && previous.isPresent()
        && previous.get().entries().size() == models.size()) {
      return new GenerationResult(List.of(), upToDate, List.of());
    }
    // Until this run succeeds, the models it compiles are recorded as not up to date, but with
    // every file they may write, so that a later run can clean up after a failed one.
    new GenerationState(outputDirectory, current).write(request.stateFile());

    List<GeneratedSource> sources = compile(request, stale, inputs);

    List<GenerationResult.Output> outputs = new ArrayList<>();
    for (int k = 0; k < stale.size(); k++) {
      int i = stale.get(k);
      GeneratedSource source = sources.get(k);
      Path file = outputDirectory.resolve(source.relativePath()).normalize();
      if (!file.startsWith(outputDirectory)) {
        throw new IOException("Generated file " + file + " is outside " + outputDirectory);
      }
      GenerationState.Entry planned = current.get(i);
      List<Path> written = new ArrayList<>(List.of(file));
      for (GeneratedSource.Companion c : source.companions()) {
        written.add(outputDirectory.resolve(c.relativePath()).normalize());
      }
      if (!written.equals(planned.files())) {
        throw new IllegalStateException("the compiler generated " + written + " for "
            + source.className() + ", not the planned " + planned.files());
      }
      boolean changed = !hasContent(file, source.source());
      List<GenerationResult.Companion> companions = new ArrayList<>();
      for (int c = 0; c < source.companions().size(); c++) {
        companions.add(new GenerationResult.Companion(written.get(c + 1),
            !hasContent(written.get(c + 1), source.companions().get(c).content())));
      }
      source.writeTo(outputDirectory);
      GenerationResult.Companion weights = null;
      if (source.weights() != null) {
        try {
          Path target = request.resourceDirectory().resolve(source.weights().relativePath())
              .normalize();
          boolean weightsChanged = !source.weights().hasContent(target);
          weights = new GenerationResult.Companion(
              source.weights().writeTo(request.resourceDirectory()), weightsChanged);
          written.add(weights.file());
        } finally {
          source.weights().discard();
        }
      }
      // A weights resource of an earlier run that this one does not produce (the model's
      // weights are embedded now, or went elsewhere) would be packaged for nothing.
      GeneratedSource.Companion vectorClass = source.vectorClass();
      if (vectorClass != null && vectorClass.weights() != null) {
        // The vector class's blocked weights, beside the model's in the resource directory.
        try {
          written.add(vectorClass.weights().writeTo(request.resourceDirectory()));
        } finally {
          vectorClass.weights().discard();
        }
      }
      if (previous.isPresent()) {
        for (Path f : previous.get().entry(source.className()).map(GenerationState.Entry::files)
            .orElse(List.of())) {
          Path old = f.toAbsolutePath().normalize();
          if (isWeights(old) && !written.contains(old) && Files.deleteIfExists(old)) {
            deleted.add(old);
          }
        }
      }
      if (source.vectorClass() != null) {
        VectorClasses.write(outputDirectory, source.vectorClass());
      }
      Path report = ReportFiles.write(request.reportDirectory(), source);
      outputs.add(new GenerationResult.Output(source, file, changed, report, companions,
          weights));
      current.set(i, new GenerationState.Entry(planned.className(),
          fingerprints.get(i), written,
          report == null ? List.of() : planned.reports()));
    }
    new GenerationState(outputDirectory, current).write(request.stateFile());
    return new GenerationResult(outputs, upToDate, deleted);
  }

  /** The companion files the compiler will generate beside {@code model}'s class. */
  private List<Path> companionFiles(Path outputDirectory, ModelSpec model) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String relative : compiler.companionPaths(model.className(), model.imageHelpers())) {
      Path file = outputDirectory.resolve(relative).normalize();
      if (!file.startsWith(outputDirectory)) {
        throw new IOException("Generated file " + file + " is outside " + outputDirectory);
      }
      files.add(file);
    }
    return files;
  }

  /** Reads and hashes every model once. */
  private static List<ModelInput> readAll(List<ModelSpec> models)
      throws GenerationException, IOException {
    List<ModelInput> inputs = new ArrayList<>();
    List<BuildProblem> tooLarge = new ArrayList<>();
    for (ModelSpec model : models) {
      long size = Files.size(model.file());
      if (size > ModelInput.MAX_FILE_SIZE) {
        tooLarge.add(new BuildProblem(model.file(), model.subject(), MODEL_TOO_LARGE,
            "file is " + size + " bytes; tflite2java reads models of up to 2 GB"));
        inputs.add(null);
      } else {
        inputs.add(ModelInput.read(model.file()));
      }
    }
    if (!tooLarge.isEmpty()) {
      throw new GenerationException(GenerationException.Kind.MODEL, tooLarge.size() + " of "
          + models.size() + " models could not be compiled:", tooLarge);
    }
    return inputs;
  }

  private static List<BuildProblem> verifyChecksums(List<ModelSpec> models,
      List<ModelInput> inputs) {
    List<BuildProblem> problems = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      ModelSpec model = models.get(i);
      if (model.sha256() == null) {
        continue;
      }
      String expected = model.sha256().trim().toLowerCase(Locale.ROOT);
      String actual = inputs.get(i).sha256();
      if (!expected.equals(actual)) {
        problems.add(new BuildProblem(model.file(), model.subject(), CHECKSUM_MISMATCH,
            "checksum mismatch: expected sha256 " + expected + ", actual " + actual
                + model.context()));
      }
    }
    return problems;
  }

  private static boolean isUpToDate(
      GenerationState state, GenerationState.Entry entry, Path outputDirectory) {
    Optional<GenerationState.Entry> recorded = state.entry(entry.className());
    return state.outputDirectory().equals(outputDirectory)
        && recorded.isPresent()
        && recorded.get().fingerprint().equals(entry.fingerprint())
        && withoutWeights(recorded.get().files()).equals(entry.files())
        && recorded.get().files().stream().allMatch(Files::isRegularFile)
        && recorded.get().reports().stream().allMatch(Files::isRegularFile);
  }

  /** Compiles the models at {@code indices}; all problems of all of them, or all sources. */
  private List<GeneratedSource> compile(GenerationRequest request, List<Integer> indices,
      List<ModelInput> inputs) throws GenerationException, IOException {
    List<ModelSpec> models = request.models();
    List<GeneratedSource> sources = new ArrayList<>();
    List<BuildProblem> problems = new ArrayList<>();
    int failed = 0;
    for (int i : indices) {
      ModelSpec model = models.get(i);
      CompileOptions options = request.options().withImageHelpers(model.imageHelpers());
      if (model.batch() > 0) {
        options = options.withBatch(model.batch());
      }
      if (model.labelsFile() != null) {
        options = options.withLabels(Labels.read(model.labelsFile()));
      }
      OutOfMemoryError outOfMemory = null;
      try {
        sources.add(compiler.compile(inputs.get(i), model.className(), options));
      } catch (OutOfMemoryError e) {
        // Whatever generation held is unreachable now; the message needs little memory.
        outOfMemory = e;
      } catch (ModelCompileException e) {
        failed++;
        for (Problem p : e.problems()) {
          problems.add(BuildProblem.of(model, p));
        }
      }
      inputs.set(i, inputs.get(i).withoutBytes());
      if (outOfMemory != null) {
        for (GeneratedSource s : sources) {
          if (s.weights() != null) {
            s.weights().discard();
          }
          if (s.vectorClass() != null && s.vectorClass().weights() != null) {
            s.vectorClass().weights().discard();
          }
        }
        throw new GenerationException(GenerationException.Kind.OUT_OF_MEMORY,
            "tflite2java ran out of memory:", List.of(new BuildProblem(model.file(),
                model.subject(), OUT_OF_MEMORY,
                OutOfMemory.message(model.file(), outOfMemory, tool))));
      }
    }
    if (!problems.isEmpty()) {
      throw new GenerationException(GenerationException.Kind.MODEL,
          failed + " of " + models.size() + " models could not be compiled:", problems);
    }
    return sources;
  }

  private static boolean hasContent(Path file, String content) throws IOException {
    return Files.isRegularFile(file)
        && Arrays.equals(Files.readAllBytes(file), content.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code file} is a weights resource (known only after compiling, not planned). */
  private static boolean isWeights(Path file) {
    return file.getFileName() != null && file.getFileName().toString().endsWith(".weights");
  }

  private static List<Path> withoutWeights(List<Path> files) {
    List<Path> planned = new ArrayList<>();
    for (Path f : files) {
      if (!isWeights(f)) {
        planned.add(f);
      }
    }
    return planned;
  }

  /**
   * Deletes files of the previous run not in {@code keep}, only inside its output directory (or,
   * for weights resources, inside {@code resourceDirectory}).
   */
  private static List<Path> deleteStale(GenerationState previous, Set<Path> keep,
      Path resourceDirectory) throws IOException {
    List<Path> deleted = new ArrayList<>();
    for (Path file : previous.allFiles()) {
      Path normalized = file.toAbsolutePath().normalize();
      Path root = isWeights(normalized) && normalized.startsWith(resourceDirectory)
          ? resourceDirectory : previous.outputDirectory();
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
