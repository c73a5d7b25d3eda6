package io.github.tflite2java.buildcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.TfliteVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalGeneratorTest {

  @TempDir Path dir;
  private Path out;
  private Path state;
  private final List<String> compiled = new ArrayList<>();

  /** The content of the fake's companion. */
  private String resizer = "class Tflite2javaImageResizer {}\n";

  /**
   * Stands in for the real compiler: text models; "BAD ..." ones fail with their text. With image
   * helpers, it returns the companion the real compiler would (the package's resizer), with the
   * content {@link #resizer} says.
   */
  private final ModelCompiler fake = (model, className, options) -> {
    compiled.add(className);
    String text = StandardCharsets.UTF_8.decode(model.bytes().duplicate()).toString();
    if (text.startsWith("BAD")) {
      throw new ModelCompileException(model.file().toString(), List.of(
          new Problem("test/Bad", "first problem of " + text),
          new Problem("test/Bad", "second problem")));
    }
    int dot = className.lastIndexOf('.');
    String source = (dot < 0 ? "" : "package " + className.substring(0, dot) + ";\n") + "// "
        + text + " " + options.describe() + "\nclass " + className.substring(dot + 1) + " {}\n";
    List<GeneratedSource.Companion> companions = new ArrayList<>();
    for (String path : ModelCompiler.DEFAULT.companionPaths(className, options.imageHelpers())) {
      companions.add(new GeneratedSource.Companion(path, this.resizer));
    }
    return new GeneratedSource(className, source, className + ": " + text, null, companions);
  };


  private final IncrementalGenerator generator = new IncrementalGenerator(fake);

  @BeforeEach
  void setUp() {
    out = dir.resolve("target/generated-sources/tflite2java");
    state = dir.resolve("target/tflite2java/default.state");
  }

  private Path model(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private CompileOptions options = CompileOptions.defaults();

  private GenerationRequest request(String tool, ModelSpec... models) {
    return new GenerationRequest(List.of(models), out, state, options, tool);
  }

  private GenerationRequest request(ModelSpec... models) {
    return request("tool 1.0", models);
  }

  private static ModelSpec spec(int n, Path file, String className) {
    return new ModelSpec("<model> #" + n, file, className);
  }

  @Test
  void generatesSourcesAndThenIsUpToDate() throws Exception {
    Path a = model("a.tflite", "A");
    GenerationResult first = generator.generate(request(spec(1, a, "com.example.A")));

    assertFalse(first.isUpToDate());
    Path file = out.resolve("com/example/A.java");
    assertEquals(List.of(file), first.outputs().stream().map(GenerationResult.Output::file)
        .toList());
    assertTrue(first.outputs().get(0).changed());
    assertTrue(Files.readString(file).contains("class A"));
    assertTrue(Files.isRegularFile(state));

    GenerationResult second = generator.generate(request(spec(1, a, "com.example.A")));
    assertTrue(second.isUpToDate());
    assertEquals(List.of("com.example.A"), compiled, "second run must not compile");
  }

  @Test
  void theVectorClassWeightsResourceIsWrittenBesideTheModelsAndItsTemporaryFileRemoved()
      throws Exception {
    Path a = model("a.tflite", "A");
    Path temp = Files.createTempFile(dir, "vector", ".tmp");
    byte[] bytes = {1, 2, 3, 4, 5};
    Files.write(temp, bytes);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    ModelCompiler withVector = (model, className, options) -> new GeneratedSource(className,
        "package com.example;\nclass A {}\n", className, null, List.of(), null,
        new GeneratedSource.Companion("com/example/AVector.java",
            "package com.example;\nclass AVector {}\n",
            new io.github.tflite2java.compiler.WeightsResource("com/example/AVector.weights",
                temp, bytes.length, crc.getValue())));
    Path resources = dir.resolve("target/generated-resources/tflite2java");
    new IncrementalGenerator(withVector).generate(new GenerationRequest(
        List.of(spec(1, a, "com.example.A")), out, state, options, "tool 1.0", null,
        resources));

    assertTrue(java.util.Arrays.equals(bytes,
        Files.readAllBytes(resources.resolve("com/example/AVector.weights"))));
    assertTrue(Files.isRegularFile(VectorClasses.directory(out)
        .resolve("com/example/AVector.java")));
    assertFalse(Files.exists(temp), "temporary weights file removed");
  }

  @Test
  void changedModelBytesRegenerate() throws Exception {
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));
    model("a.tflite", "A2");

    GenerationResult result = generator.generate(request(spec(1, a, "com.example.A")));

    assertFalse(result.isUpToDate());
    assertTrue(Files.readString(out.resolve("com/example/A.java")).contains("A2"));
  }

  @Test
  void newToolVersionRegeneratesButKeepsIdenticalFilesUntouched() throws Exception {
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));
    Path file = out.resolve("com/example/A.java");
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);

    GenerationResult result = generator.generate(request("tool 1.1", spec(1, a, "com.example.A")));

    assertFalse(result.isUpToDate());
    assertFalse(result.outputs().get(0).changed());
    assertEquals(old, Files.getLastModifiedTime(file), "unchanged content must not be rewritten");
  }

  @Test
  void changedOptionsRegenerate() throws Exception {
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));
    options = options.withTfliteVersion(TfliteVersion.V2_6);

    GenerationResult result = generator.generate(request(spec(1, a, "com.example.A")));

    assertFalse(result.isUpToDate());
    assertTrue(result.outputs().get(0).changed());
    assertTrue(Files.readString(out.resolve("com/example/A.java")).contains("tfliteVersion=2.6"));
  }

  @Test
  void changedLimitsAreNotUpToDate() throws Exception {
    // Lowered limits must be checked again: a model accepted before may now be refused.
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));
    options = options.withLimits(options.limits().withMaxWeightBytes(1024));

    GenerationResult result = generator.generate(request(spec(1, a, "com.example.A")));

    assertFalse(result.isUpToDate());
    assertEquals(List.of("com.example.A", "com.example.A"), compiled);
  }

  @Test
  void deletedOutputFileRegenerates() throws Exception {
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));
    Files.delete(out.resolve("com/example/A.java"));

    GenerationResult result = generator.generate(request(spec(1, a, "com.example.A")));

    assertFalse(result.isUpToDate());
    assertTrue(Files.isRegularFile(out.resolve("com/example/A.java")));
  }

  @Test
  void removedOrRenamedModelDeletesOnlyItsStaleFile() throws Exception {
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    generator.generate(request(spec(1, a, "com.example.A"), spec(2, b, "com.other.B")));
    Path handWritten = out.resolve("com/example/HandWritten.java");
    Files.writeString(handWritten, "class HandWritten {}");

    GenerationResult result = generator.generate(request(spec(1, a, "com.example.A2")));

    assertEquals(List.of(out.resolve("com/example/A.java"), out.resolve("com/other/B.java")),
        result.deleted());
    assertFalse(Files.exists(out.resolve("com/example/A.java")));
    assertFalse(Files.exists(out.resolve("com/other")), "emptied package directory is removed");
    assertTrue(Files.isRegularFile(out.resolve("com/example/A2.java")));
    assertTrue(Files.isRegularFile(handWritten), "files the plugin did not write are kept");
  }

  @Test
  void badModelsAreAllReportedAndNothingIsWritten() throws Exception {
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));
    Path bad1 = model("bad1.tflite", "BAD one");
    Path bad2 = model("bad2.tflite", "BAD two");

    GenerationException e = assertThrows(GenerationException.class, () -> generator.generate(
        request(spec(1, bad1, "com.example.X"), spec(2, a, "com.example.B"),
            spec(3, bad2, "com.example.Y"))));

    assertEquals(4, e.problems().size());
    assertEquals(GenerationException.Kind.MODEL, e.kind());
    assertEquals(List.of(bad1, bad1, bad2, bad2),
        e.problems().stream().map(BuildProblem::file).toList(), "structured: file per problem");
    assertEquals("test/Bad", e.problems().get(0).id());
    assertEquals("2 of 3 models could not be compiled:\n" + bad1
        + ": 2 problems:\n  - first problem of BAD one\n  - second problem\n" + bad2
        + ": 2 problems:\n  - first problem of BAD two\n  - second problem", e.getMessage());
    assertFalse(Files.exists(out.resolve("com/example/B.java")), "nothing written on failure");
    assertFalse(Files.exists(out.resolve("com/example/A.java")), "A is no longer configured");
    assertFalse(generator.generate(request(spec(1, a, "com.example.A"))).isUpToDate(),
        "a failed run never leaves an up-to-date state behind");
  }

  @Test
  void filesOfAFailedRunAreStillCleanedUpLater() throws Exception {
    Path a = model("a.tflite", "A");
    Path bad = model("bad.tflite", "BAD");
    generator.generate(request(spec(1, a, "com.example.A"), spec(2, a, "com.example.B")));
    // Remove B, add a broken C: fails, but B.java is stale either way.
    assertThrows(GenerationException.class, () -> generator.generate(
        request(spec(1, a, "com.example.A"), spec(2, bad, "com.example.C"))));
    assertFalse(Files.exists(out.resolve("com/example/B.java")));
    model("bad.tflite", "C");
    generator.generate(request(spec(1, a, "com.example.A"), spec(2, bad, "com.example.C")));

    // Now drop C: the run after the failure recorded it, so it is deleted.
    GenerationResult result = generator.generate(request(spec(1, a, "com.example.A")));

    assertEquals(List.of(out.resolve("com/example/C.java")), result.deleted());
  }

  @Test
  void changedOutputDirectoryDeletesTheOldFiles() throws Exception {
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));
    Path oldFile = out.resolve("com/example/A.java");
    out = dir.resolve("target/elsewhere");

    GenerationResult result = generator.generate(request(spec(1, a, "com.example.A")));

    assertEquals(List.of(oldFile), result.deleted());
    assertTrue(Files.isRegularFile(out.resolve("com/example/A.java")));
  }

  @Test
  void singleBadModelMessageIsTheCompilerMessage() throws Exception {
    Path bad = model("bad.tflite", "BAD");

    GenerationException e = assertThrows(GenerationException.class,
        () -> generator.generate(request(spec(1, bad, "com.example.X"))));

    assertEquals(bad + ": 2 problems:\n  - first problem of BAD\n  - second problem",
        e.getMessage());
  }

  @Test
  void successAfterFailureGeneratesAgain() throws Exception {
    Path a = model("a.tflite", "BAD");
    assertThrows(GenerationException.class,
        () -> generator.generate(request(spec(1, a, "com.example.A"))));
    model("a.tflite", "A");

    assertFalse(generator.generate(request(spec(1, a, "com.example.A"))).isUpToDate());
    assertTrue(generator.generate(request(spec(1, a, "com.example.A"))).isUpToDate());
  }

  @Test
  void configurationProblemsAreReportedTogetherBeforeCompiling() throws Exception {
    Path a = model("a.tflite", "A");
    Path missing = dir.resolve("nope/missing.tflite");

    GenerationException e = assertThrows(GenerationException.class, () -> generator.generate(
        request(spec(1, missing, "com.example.M"), spec(2, a, "com.example.A"),
            spec(3, a, "com.example.A"), spec(4, a, "com.example.1A"))));

    assertEquals(3, e.problems().size(), e.getMessage());
    assertEquals(GenerationException.Kind.CONFIGURATION, e.kind());
    assertEquals("Invalid tflite2java configuration, 3 problems:\n"
        + missing + ": model file not found (<model> #1 with className com.example.M)\n"
        + a + ": 2 problems:\n"
        + "  - duplicate className com.example.A: used by <model> #2 and <model> #3; each model"
        + " needs its own class\n"
        + "  - className 'com.example.1A' is not a valid fully qualified Java class name: '1A' is"
        + " not a Java identifier (letters, digits, _ and $, not starting with a digit); e.g."
        + " com.example.MobilenetV1 (<model> #4 with className com.example.1A)", e.getMessage());
    assertEquals(List.of(), compiled);
  }

  @Test
  void emptyModelListDeletesEverythingGeneratedBefore() throws Exception {
    Path a = model("a.tflite", "A");
    generator.generate(request(spec(1, a, "com.example.A")));

    GenerationResult result = generator.generate(request());

    assertEquals(List.of(out.resolve("com/example/A.java")), result.deleted());
    assertTrue(generator.generate(request()).isUpToDate());
  }

  @Test
  void checksumMismatchFailsNamingFileExpectedAndActual() throws Exception {
    Path a = model("a.tflite", "A");
    String actual = ModelInput.read(a).sha256();
    String wrong = "0".repeat(64);
    ModelSpec good = new ModelSpec("<model> #1", a, "com.example.A", actual.toUpperCase(), null,
        false);
    ModelSpec bad = new ModelSpec("<model> #2", a, "com.example.B", wrong, null, false);

    assertFalse(generator.generate(request(good)).isUpToDate());
    GenerationException e = assertThrows(GenerationException.class,
        () -> generator.generate(request(good, bad)));

    assertEquals(a + ": checksum mismatch: expected sha256 " + wrong + ", actual " + actual
        + " (<model> #2 with className com.example.B)", e.getMessage());
    assertEquals(GenerationException.Kind.CHECKSUM, e.kind());
    assertEquals(List.of("com.example.A"), compiled, "nothing compiled after a mismatch");
  }

  @Test
  void invalidChecksumAndMissingLabelsAreConfigurationProblems() throws Exception {
    Path a = model("a.tflite", "A");
    ModelSpec spec = new ModelSpec("<model> #1", a, "com.example.A", "abc",
        dir.resolve("nope.txt"), false);

    GenerationException e = assertThrows(GenerationException.class,
        () -> generator.generate(request(spec)));

    assertEquals(List.of(a + ": sha256 'abc' is not a SHA-256; expected 64 hexadecimal digits,"
        + " as printed by sha256sum (<model> #1 with className com.example.A)",
        a + ": labels file not found: " + dir.resolve("nope.txt") + " (<model> #1 with className"
        + " com.example.A)"), e.problems().stream().map(BuildProblem::toString).toList());
  }

  @Test
  void labelsAndImageHelpersReachTheCompilerAndTheirChangesRegenerate() throws Exception {
    Path a = model("a.tflite", "A");
    Path labels = model("labels.txt", "\uFEFFcat\r\ndog\n");
    ModelSpec spec = new ModelSpec("<model> #1", a, "com.example.A", null, labels, true);

    generator.generate(request(spec));
    String source = Files.readString(out.resolve("com/example/A.java"));
    assertTrue(source.contains("labels=2#" + Integer.toHexString(List.of("cat", "dog")
        .hashCode()) + ", imageHelpers"), source);
    assertTrue(generator.generate(request(spec)).isUpToDate());

    model("labels.txt", "cat\nmouse\n");
    assertFalse(generator.generate(request(spec)).isUpToDate());
    assertFalse(generator.generate(request(new ModelSpec("<model> #1", a, "com.example.A", null,
        labels, false))).isUpToDate());
  }

  @Test
  void writesReportsAndRegeneratesWhenOneIsDeleted() throws Exception {
    Path real = SharedModel.smallest();
    Path reports = dir.resolve("target/tflite2java");
    IncrementalGenerator realGenerator = new IncrementalGenerator();
    GenerationRequest request = new GenerationRequest(
        List.of(spec(1, real, "com.example.Tiny")), out, state, options, "tool 1.0", reports);

    GenerationResult first = realGenerator.generate(request);
    Path html = reports.resolve("com.example.Tiny/report.html");
    Path json = reports.resolve("com.example.Tiny/report.json");
    assertEquals(html, first.outputs().get(0).report());
    assertTrue(Files.readString(html).contains("<table id=\"layers\">"));
    assertTrue(Files.readString(json).contains("\"className\": \"com.example.Tiny\""));
    assertTrue(realGenerator.generate(request).isUpToDate());

    Files.delete(json);
    assertFalse(realGenerator.generate(request).isUpToDate());
    assertTrue(Files.isRegularFile(json));

    // Renaming the class removes the old report.
    realGenerator.generate(new GenerationRequest(List.of(spec(1, real, "com.example.Renamed")),
        out, state, options, "tool 1.0", reports));
    assertFalse(Files.exists(html.getParent()));
    assertTrue(Files.isRegularFile(reports.resolve("com.example.Renamed/report.html")));
  }

  @Test
  void oneChangedModelOfThreeRewritesOnlyItsOwnFiles() throws Exception {
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    Path c = model("c.tflite", "C");
    Path reports = dir.resolve("target/tflite2java");
    ModelCompiler withReports = (model, className, options) -> {
      GeneratedSource s = fake.compile(model, className, options);
      return new GeneratedSource(s.className(), s.source(), s.summary(),
          SharedModel.report(className));
    };
    IncrementalGenerator gen = new IncrementalGenerator(withReports);
    List<ModelSpec> specs = List.of(spec(1, a, "com.example.A"), spec(2, b, "com.example.B"),
        spec(3, c, "com.example.C"));
    GenerationRequest request = new GenerationRequest(specs, out, state, options, "tool 1.0",
        reports);
    gen.generate(request);
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    List<Path> untouched = List.of(out.resolve("com/example/A.java"),
        out.resolve("com/example/C.java"), reports.resolve("com.example.A/report.html"),
        reports.resolve("com.example.A/report.json"), reports.resolve("com.example.C/report.html"),
        reports.resolve("com.example.C/report.json"));
    for (Path p : untouched) {
      Files.setLastModifiedTime(p, old);
    }
    compiled.clear();
    model("b.tflite", "B changed");

    GenerationResult result = gen.generate(request);

    assertEquals(List.of("com.example.B"), compiled, "only the changed model is compiled");
    assertEquals(List.of("com.example.B"),
        result.outputs().stream().map(o -> o.source().className()).toList());
    assertEquals(List.of("com.example.A", "com.example.C"), result.upToDate());
    assertTrue(Files.readString(out.resolve("com/example/B.java")).contains("B changed"));
    for (Path p : untouched) {
      assertEquals(old, Files.getLastModifiedTime(p), p + " must keep its timestamp");
    }
    compiled.clear();
    assertTrue(gen.generate(request).isUpToDate());
    assertEquals(List.of(), compiled);
  }

  @Test
  void aFailingModelDoesNotMakeTheOthersStale() throws Exception {
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    List<ModelSpec> specs = List.of(spec(1, a, "com.example.A"), spec(2, b, "com.example.B"));
    generator.generate(request(specs.toArray(ModelSpec[]::new)));
    model("b.tflite", "BAD now");
    assertThrows(GenerationException.class,
        () -> generator.generate(request(specs.toArray(ModelSpec[]::new))));
    model("b.tflite", "B again");
    compiled.clear();

    generator.generate(request(specs.toArray(ModelSpec[]::new)));

    assertEquals(List.of("com.example.B"), compiled);
  }

  @Test
  void eachModelIsReadAndHashedOnceAndTheCompilerGetsThatHash() throws Exception {
    Path a = model("a.tflite", "A");
    List<String> hashes = new ArrayList<>();
    IncrementalGenerator gen = new IncrementalGenerator((model, className, options) -> {
      hashes.add(model.sha256());
      return fake.compile(model, className, options);
    });
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest
        .getInstance("SHA-256").digest("A".getBytes(StandardCharsets.UTF_8)));

    gen.generate(request(new ModelSpec("<model> #1", a, "com.example.A", sha, null, false)));

    assertEquals(List.of(sha), hashes);
  }

  @Test
  void problemsNameTheFileAsTheUserGaveIt() throws Exception {
    Path bad = model("bad.tflite", "BAD");
    ModelSpec spec = new ModelSpec("<model> #1", bad, "src/main/tflite/bad.tflite",
        "com.example.X", null, null, false);

    GenerationException e = assertThrows(GenerationException.class,
        () -> generator.generate(request(spec)));

    assertEquals("src/main/tflite/bad.tflite: 2 problems:\n  - first problem of BAD\n"
        + "  - second problem", e.getMessage());
    assertEquals(bad, e.problems().get(0).file(), "the real file, for IDE markers");
  }

  private ModelSpec withImageHelpers(int n, Path file, String className, boolean imageHelpers) {
    return new ModelSpec("<model> #" + n, file, className, null, null, imageHelpers);
  }

  @Test
  void twoModelsOfAPackageShareOneResizerWhichGoesOnlyWhenNeitherNeedsIt() throws Exception {
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    Path resizerFile = out.resolve("com/example/Tflite2javaImageResizer.java");

    GenerationResult first = generator.generate(request(
        withImageHelpers(1, a, "com.example.A", true),
        withImageHelpers(2, b, "com.example.B", true)));
    assertEquals(resizer, Files.readString(resizerFile));
    assertEquals(List.of(new GenerationResult.Companion(resizerFile, true)),
        first.outputs().get(0).companions());
    assertEquals(List.of(new GenerationResult.Companion(resizerFile, false)),
        first.outputs().get(1).companions(), "the second model finds it written");
    try (var files = Files.list(resizerFile.getParent())) {
      assertEquals(3, files.count(), "A, B and one resizer");
    }

    // A drops the image helpers: B still needs the resizer, so it stays, untouched.
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(resizerFile, old);
    compiled.clear();
    GenerationResult second = generator.generate(request(
        withImageHelpers(1, a, "com.example.A", false),
        withImageHelpers(2, b, "com.example.B", true)));
    assertEquals(List.of("com.example.A"), compiled);
    assertEquals(List.of(), second.deleted());
    assertEquals(List.of(), second.outputs().get(0).companions());
    assertTrue(Files.isRegularFile(resizerFile));
    assertEquals(old, Files.getLastModifiedTime(resizerFile));
    assertTrue(generator.generate(request(withImageHelpers(1, a, "com.example.A", false),
        withImageHelpers(2, b, "com.example.B", true))).isUpToDate());

    // B drops them too: no model needs the resizer any more.
    GenerationResult third = generator.generate(request(
        withImageHelpers(1, a, "com.example.A", false),
        withImageHelpers(2, b, "com.example.B", false)));
    assertEquals(List.of(resizerFile), third.deleted());
    assertFalse(Files.exists(resizerFile));
    assertTrue(Files.isRegularFile(out.resolve("com/example/A.java")));
    assertTrue(Files.isRegularFile(out.resolve("com/example/B.java")));
  }

  @Test
  void removingOneOfTwoModelsThatShareTheResizerKeepsIt() throws Exception {
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    Path resizerFile = out.resolve("com/example/Tflite2javaImageResizer.java");
    generator.generate(request(withImageHelpers(1, a, "com.example.A", true),
        withImageHelpers(2, b, "com.example.B", true)));

    GenerationResult result = generator.generate(request(
        withImageHelpers(2, b, "com.example.B", true)));

    assertEquals(List.of(out.resolve("com/example/A.java")), result.deleted());
    assertTrue(Files.isRegularFile(resizerFile));
    assertEquals(List.of(), generator.generate(request()).outputs());
    assertFalse(Files.exists(resizerFile), "no model left: the resizer goes with B");
  }

  @Test
  void anUpToDateModelDoesNotRewriteTheResizerButAMissingOneIsGeneratedAgain()
      throws Exception {
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    Path resizerFile = out.resolve("com/example/Tflite2javaImageResizer.java");
    generator.generate(request(withImageHelpers(1, a, "com.example.A", true),
        withImageHelpers(2, b, "com.other.B", true)));
    assertTrue(Files.isRegularFile(out.resolve("com/other/Tflite2javaImageResizer.java")),
        "one resizer per package");

    // Only B changes: A is up to date and its package's resizer keeps its timestamp.
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(resizerFile, old);
    Files.setLastModifiedTime(out.resolve("com/example/A.java"), old);
    model("b.tflite", "B2");
    compiled.clear();
    GenerationResult changed = generator.generate(request(
        withImageHelpers(1, a, "com.example.A", true),
        withImageHelpers(2, b, "com.other.B", true)));
    assertEquals(List.of("com.other.B"), compiled);
    assertEquals(List.of("com.example.A"), changed.upToDate());
    assertEquals(old, Files.getLastModifiedTime(resizerFile));
    assertEquals(old, Files.getLastModifiedTime(out.resolve("com/example/A.java")));

    // The resizer deleted by hand: the model that needs it is generated again.
    Files.delete(resizerFile);
    compiled.clear();
    GenerationResult again = generator.generate(request(
        withImageHelpers(1, a, "com.example.A", true),
        withImageHelpers(2, b, "com.other.B", true)));
    assertEquals(List.of("com.example.A"), compiled);
    assertEquals(List.of(new GenerationResult.Companion(resizerFile, true)),
        again.outputs().get(0).companions());
    assertEquals(resizer, Files.readString(resizerFile));
    assertEquals(old, Files.getLastModifiedTime(out.resolve("com/example/A.java")),
        "A's unchanged class is not rewritten");
  }

  @Test
  void aChangedResizerIsRewrittenOnceForAllModelsOfThePackage() throws Exception {
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    Path resizerFile = out.resolve("com/example/Tflite2javaImageResizer.java");
    generator.generate(request(withImageHelpers(1, a, "com.example.A", true),
        withImageHelpers(2, b, "com.example.B", true)));
    resizer = "class Tflite2javaImageResizer { /* new tool */ }\n";

    GenerationResult result = generator.generate(request("tool 2.0",
        withImageHelpers(1, a, "com.example.A", true),
        withImageHelpers(2, b, "com.example.B", true)));

    assertEquals(List.of(true, false), result.outputs().stream()
        .map(o -> o.companions().get(0).changed()).toList());
    assertEquals(resizer, Files.readString(resizerFile));
  }

  @Test
  void theResizersNameIsReservedForModelClasses() throws Exception {
    Path a = model("a.tflite", "A");
    GenerationException e = assertThrows(GenerationException.class, () -> generator.generate(
        request(spec(1, a, "com.example.Tflite2javaImageResizer"))));

    assertEquals(GenerationException.Kind.CONFIGURATION, e.kind());
    assertTrue(e.getMessage().contains("class name com.example.Tflite2javaImageResizer is"
        + " reserved"), e.getMessage());
    assertEquals(List.of(), compiled);
    GenerationException lower = assertThrows(GenerationException.class, () ->
        generator.generate(request(spec(1, a, "com.example.tflite2javaimageresizer"))));
    assertTrue(lower.getMessage().contains("is reserved"), lower.getMessage());
  }

  @Test
  void aResizerAnotherConfigurationBesideThisOneRecordsIsKept() throws Exception {
    // Like two CLI runs (one state per class) or two plugin executions into one directory.
    Path a = model("a.tflite", "A");
    Path b = model("b.tflite", "B");
    Path stateA = dir.resolve("target/tflite2java/a.state");
    Path stateB = dir.resolve("target/tflite2java/b.state");
    Path resizerFile = out.resolve("com/example/Tflite2javaImageResizer.java");
    generator.generate(new GenerationRequest(List.of(withImageHelpers(1, a, "com.example.A",
        true)), out, stateA, options, "tool 1.0"));
    generator.generate(new GenerationRequest(List.of(withImageHelpers(1, b, "com.example.B",
        true)), out, stateB, options, "tool 1.0"));

    GenerationResult dropA = generator.generate(new GenerationRequest(List.of(
        withImageHelpers(1, a, "com.example.A", false)), out, stateA, options, "tool 1.0"));
    assertEquals(List.of(), dropA.deleted());
    assertTrue(Files.isRegularFile(resizerFile), "B's configuration still needs it");

    GenerationResult dropB = generator.generate(new GenerationRequest(List.of(
        withImageHelpers(1, b, "com.example.B", false)), out, stateB, options, "tool 1.0"));
    assertEquals(List.of(resizerFile), dropB.deleted());
    assertFalse(Files.exists(resizerFile));
  }
}
