package io.github.tflite2java.maven;

import io.github.tflite2java.buildcore.BuildProblem;
import io.github.tflite2java.buildcore.GenerationException;
import io.github.tflite2java.buildcore.GenerationRequest;
import io.github.tflite2java.buildcore.GenerationResult;
import io.github.tflite2java.buildcore.IncrementalGenerator;
import io.github.tflite2java.buildcore.ModelSpec;
import io.github.tflite2java.buildcore.ToolFingerprint;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.KernelTuning;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.compiler.WeightStorage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.build.BuildContext;
import org.codehaus.plexus.build.DefaultBuildContext;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Compiles quantized TensorFlow Lite models into plain Java classes and adds them to the
 * project's compile sources.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.github.tflite2java</groupId>
 *   <artifactId>tflite2java-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>generate</goal></goals>
 *       <configuration>
 *         <models>
 *           <model>
 *             <file>src/main/tflite/mobilenet_v1_1.0_224_quant.tflite</file>
 *             <className>com.example.MobilenetV1</className>
 *           </model>
 *         </models>
 *       </configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * <p>For every model the build logs one summary line (operators, MACs, weights, activation
 * arena, generated classes and methods) and writes a report to {@code
 * target/tflite2java/<className>/report.html} (self-contained, with a per-layer table and a
 * chart of the live activation memory) and {@code report.json}.
 *
 * <p>Generation is incremental, model by model: a model whose file, class name, labels, settings
 * and plugin version did not change since the last successful run is not compiled again and its
 * files keep their timestamps (the goal logs "up to date"); of the others only files whose
 * content changed are rewritten, so javac does not recompile needlessly. A corrupt or
 * unsupported model fails the build with every problem of every model listed, each model file
 * named once as configured (relative to the project directory).
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

  private static final String PLUGIN_NAME = "tflite2java-maven-plugin";

  /**
   * The models to compile, one {@code <model>} each, with these fields:
   *
   * <ul>
   *   <li>{@code file}: the .tflite model file; relative paths are resolved against the project
   *       directory. Give either this or {@code artifact}.
   *   <li>{@code artifact}: a model published to a Maven repository, as {@code
   *       groupId:artifactId:version[:classifier[:extension]]} (the extension defaults to {@code
   *       tflite}), resolved through the build's repositories like a dependency.
   *   <li>{@code className} (required): fully qualified name of the class to generate, e.g.
   *       {@code com.example.MobilenetV1}; a simple name goes into {@code packageName}. Class
   *       names must be unique; Java keywords and the {@code java.}/{@code javax.} packages are
   *       refused with the reason.
   *   <li>{@code sha256}: the SHA-256 the model file must have (64 hex digits, as {@code
   *       sha256sum} prints it); the build fails naming the file, the expected and the actual
   *       digest when it differs.
   *   <li>{@code labels}: a labels file, UTF-8, one line per output element; the class then gets
   *       {@code List<String> LABELS} and {@code topK(byte[] output, int k)}.
   *   <li>{@code imageHelpers}: {@code true} generates {@code inputFromArgb}, {@code
   *       inputFromRgb} and {@code Awt.inputFromImage}, which resize any image to the model's
   *       input exactly as ImageMagick's {@code -resize WxH!} does and quantize it (input {@code
   *       [1,height,width,3]} uint8 or int8). The resizer they call is generated once per
   *       package, as the package-private {@code Tflite2javaImageResizer.java}, shared by the
   *       package's model classes with image helpers. Default {@code false}.
   * </ul>
   *
   * <pre>{@code
   * <models>
   *   <model>
   *     <file>src/main/tflite/mobilenet_v1_1.0_224_quant.tflite</file>
   *     <className>com.example.MobilenetV1</className>
   *   </model>
   *   <model>
   *     <artifact>com.example.models:mobilenet-v2:1.0</artifact>
   *     <sha256>558b8bb64a2420455a356ea2e105455209556ae850b176275a88b51129d3c13f</sha256>
   *     <className>MobilenetV2</className>
   *     <labels>src/main/tflite/labels.txt</labels>
   *     <imageHelpers>true</imageHelpers>
   *   </model>
   * </models>
   * }</pre>
   */
  @Parameter
  private List<Model> models;

  /**
   * The package of models whose {@code className} is a simple name (no dot). Without it such
   * classes go into the default package.
   *
   * <pre>{@code
   * <packageName>com.example.models</packageName>
   * }</pre>
   *
   * or {@code -Dtflite2java.packageName=com.example.models}.
   */
  @Parameter(property = "tflite2java.packageName")
  private String packageName;

  /**
   * Whether to write each model's report, {@code <reportDirectory>/<className>/report.html}
   * (a self-contained page: totals, a chart of the live activation memory across layers, a
   * per-layer table) and {@code report.json} (the same data).
   *
   * <pre>{@code
   * <reports>false</reports>
   * }</pre>
   *
   * or {@code -Dtflite2java.reports=false}.
   */
  @Parameter(property = "tflite2java.reports", defaultValue = "true")
  private boolean reports;

  /**
   * Where the reports go, one directory per generated class.
   *
   * <pre>
   * &lt;reportDirectory&gt;${project.build.directory}/model-reports&lt;/reportDirectory&gt;
   * </pre>
   *
   * or {@code -Dtflite2java.reportDirectory=target/model-reports}.
   */
  @Parameter(property = "tflite2java.reportDirectory",
      defaultValue = "${project.build.directory}/tflite2java", required = true)
  private File reportDirectory;

  /**
   * Where the generated {@code .java} files go; always added as a compile source root.
   *
   * <pre>
   * &lt;outputDirectory&gt;${project.build.directory}/generated-sources/models&lt;/outputDirectory&gt;
   * </pre>
   *
   * or {@code -Dtflite2java.outputDirectory=target/generated-sources/models}.
   */
  @Parameter(
      property = "tflite2java.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/tflite2java",
      required = true)
  private File outputDirectory;

  /**
   * The directory that the weights resources go to ({@code com/example/Foo.weights}, see
   * {@code <weights>}); always added to the build's resources, so that they are packaged beside
   * the classes.
   *
   * <pre>
   * &lt;resourceDirectory&gt;${project.build.directory}/generated-resources/models&lt;/resourceDirectory&gt;
   * </pre>
   */
  @Parameter(
      property = "tflite2java.resourceDirectory",
      defaultValue = "${project.build.directory}/generated-resources/tflite2java",
      required = true)
  private File resourceDirectory;

  /**
   * Where each generated class keeps its weights: {@code embedded} (string constants in the
   * class, one self-contained source file; up to 64 MB of weights), {@code resource} (a binary
   * resource {@code <ClassName>.weights} beside the class, in {@code <resourceDirectory>}, read
   * once at class initialization; javac's work and the class stay small whatever the weights),
   * or {@code auto} (the default: embedded up to 256 KB of weights, a resource above).
   *
   * <pre>{@code
   * <weights>resource</weights>
   * }</pre>
   *
   * or {@code -Dtflite2java.weights=resource}.
   */
  @Parameter(property = "tflite2java.weights", defaultValue = "auto", required = true)
  private String weights;

  /**
   * The TFLite build whose output bytes the generated code reproduces exactly: {@code 2.9}
   * (the default) or {@code 2.6}. They differ only in how convolutions round exact halves.
   *
   * <pre>
   * &lt;tfliteVersion&gt;2.6&lt;/tfliteVersion&gt;
   * </pre>
   *
   * or {@code -Dtflite2java.tfliteVersion=2.6}.
   */
  @Parameter(property = "tflite2java.tfliteVersion", defaultValue = "2.9", required = true)
  private String tfliteVersion;

  /**
   * Upper bounds on what a model may need, so that a hostile or mistaken model fails the build
   * with a message naming the limit instead of exhausting memory; each is optional and takes a
   * whole number with an optional {@code k}, {@code m} or {@code g} suffix. Defaults: 64m
   * elements per tensor, 1g bytes of weights, 256m bytes of activations per instance, 1g
   * characters of source per class.
   *
   * <pre>{@code
   * <limits>
   *   <maxTensorElements>128m</maxTensorElements>
   *   <maxWeightBytes>512m</maxWeightBytes>
   *   <maxArenaBytes>512m</maxArenaBytes>
   *   <maxSourceBytes>2g</maxSourceBytes>
   * </limits>
   * }</pre>
   */
  @Parameter
  private Limits limits;

  /**
   * Advanced, for experiments: CONV_2D layers with fewer output channels than this use the
   * output-row kernel instead of the per-pixel one (default 32, measured; 0 means never). It
   * changes the generated code's speed, never its results, and regenerates when changed.
   *
   * <pre>{@code
   * <rowKernelChannels>0</rowKernelChannels>
   * }</pre>
   */
  @Parameter(defaultValue = "" + KernelTuning.DEFAULT_ROW_KERNEL_CHANNELS)
  private int rowKernelChannels = KernelTuning.DEFAULT_ROW_KERNEL_CHANNELS;

  /**
   * {@code scalar} (default): Java 8 kernels only. {@code vector}: each model class also gets a
   * companion {@code <className>Vector} with kernels on {@code jdk.incubator.vector}; its source
   * goes to {@code <outputDirectory>-vector} and the plugin compiles it itself (for Java 17,
   * {@code --add-modules jdk.incubator.vector}) into the project's classes. The model class
   * stays Java 8 and loads the companion at class initialization when the JVM runs with {@code
   * --add-modules jdk.incubator.vector}; {@code kernels()} says which kernels run.
   *
   * <pre>{@code
   * <kernels>vector</kernels>
   * }</pre>
   */
  @Parameter(property = "tflite2java.kernels", defaultValue = "scalar")
  private String kernels = "scalar";

  /** Where the vector classes are compiled to. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
  private File classesDirectory;

  /**
   * For models with a dynamic batch (a {@code shape_signature} with -1 in dimension 0, as
   * Keras/MLIR converters write it): the batch to compile them for, as TFLite's {@code
   * ResizeInputTensor} + {@code AllocateTensors} would (a {@code <batch>} in a {@code <model>}
   * overrides it). Absent: each model's stored batch (normally 1). A model with fixed shapes
   * fails the build with this option.
   *
   * <pre>{@code
   * <batch>4</batch>
   * }</pre>
   *
   * or {@code -Dtflite2java.batch=4}.
   */
  @Parameter(property = "tflite2java.batch")
  private Integer batch;

  /**
   * Skips the goal entirely: nothing is generated and no source root is added.
   *
   * <pre>{@code
   * <skip>true</skip>
   * }</pre>
   *
   * or {@code mvn package -Dtflite2java.skip}.
   */
  @Parameter(property = "tflite2java.skip", defaultValue = "false")
  private boolean skip;

  /** Holds the up-to-date state of each execution; written only after a successful run. */
  @Parameter(defaultValue = "${project.build.directory}/tflite2java", readonly = true)
  private File stateDirectory;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  private MojoExecution mojoExecution;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
  private RepositorySystemSession repositorySession;

  /** Resolves model artifacts through the build's repositories. */
  @Component
  private RepositorySystem repositorySystem;

  /** Tells IDEs (Eclipse m2e) which files changed and where the problems are. */
  @Component
  private BuildContext buildContext;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping tflite2java:generate (tflite2java.skip=true)");
      return;
    }
    Path output = outputDirectory.toPath().toAbsolutePath().normalize();
    project.addCompileSourceRoot(output.toString());
    Path resources = resourceDirectory.toPath().toAbsolutePath().normalize();
    addResourceRoot(resources);

    CompileOptions options = compileOptions();
    List<ModelSpec> specs = modelSpecs();
    if (specs.isEmpty()) {
      getLog().warn("No <models> configured for tflite2java:generate; nothing to compile");
    }
    GenerationResult result;
    try {
      GenerationRequest request = new GenerationRequest(specs, output, stateFile(), options,
          ToolFingerprint.of(
              PLUGIN_NAME, plugin.getVersion(), GenerateMojo.class, Tflite2JavaCompiler.class),
          reports ? reportDirectory.toPath() : null, resources);
      getLog().debug("tflite2java request: " + request);
      clearMessages(specs);
      result = new IncrementalGenerator().generate(request);
    } catch (GenerationException e) {
      markProblems(e.problems());
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("tflite2java: I/O error: " + e, e);
    } catch (OutOfMemoryError e) {
      // Outside a model's compilation (which reports it per model): still no "internal error".
      throw new MojoExecutionException("tflite2java ran out of memory (" + e.getMessage()
          + ", maximum heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB) generating "
          + specs.size() + " models; give Maven a larger heap, e.g. MAVEN_OPTS=-Xmx"
          + 2 * (Runtime.getRuntime().maxMemory() >> 20) + "m", e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(
          "tflite2java: internal error while generating model sources: " + e, e);
    }
    report(result, output);
    if (options.kernels() == io.github.tflite2java.compiler.KernelBackend.VECTOR) {
      Path vectorSources = io.github.tflite2java.buildcore.VectorClasses.directory(output);
      try {
        int n = io.github.tflite2java.buildcore.VectorClasses.compile(vectorSources,
            classesDirectory.toPath());
        if (n > 0) {
          getLog().info("tflite2java: compiled " + n + " vector classes from " + vectorSources
              + " (--add-modules jdk.incubator.vector)");
        }
      } catch (IOException e) {
        throw new MojoExecutionException("tflite2java: " + e.getMessage(), e);
      }
    }
  }

  /** Adds the weights resource root to the build's resources, once. */
  private void addResourceRoot(Path resources) {
    for (org.apache.maven.model.Resource r : project.getResources()) {
      if (Path.of(r.getDirectory()).toAbsolutePath().normalize().equals(resources)) {
        return;
      }
    }
    org.apache.maven.model.Resource r = new org.apache.maven.model.Resource();
    r.setDirectory(resources.toString());
    r.addInclude("**/*.weights");
    project.addResource(r);
  }

  /** A configured batch: absent is 0 (not set); otherwise at least 1. */
  private static int batch(String what, Integer value) throws MojoFailureException {
    if (value == null) {
      return 0;
    }
    if (value < 1) {
      throw new MojoFailureException("Invalid " + what + ": " + value
          + "; the batch must be at least 1");
    }
    return value;
  }

  private CompileOptions compileOptions() throws MojoFailureException {
    CompileOptions options;
    try {
      options = CompileOptions.defaults().withTfliteVersion(TfliteVersion.parse(tfliteVersion));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("Invalid <tfliteVersion>: " + e.getMessage(), e);
    }
    options = options.withBatch(batch("<batch>", batch));
    try {
      options = options.withKernels(
          io.github.tflite2java.compiler.KernelBackend.parse(kernels));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("Invalid <kernels>: " + e.getMessage(), e);
    }
    try {
      options = options.withKernelTuning(new KernelTuning(rowKernelChannels));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("Invalid <rowKernelChannels>: " + e.getMessage(), e);
    }
    try {
      options = options.withWeights(WeightStorage.parse(weights));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("Invalid <weights>: " + e.getMessage(), e);
    }
    if (limits != null) {
      try {
        options = options.withLimits(limits.applyTo(options.limits()));
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException("Invalid " + e.getMessage(), e);
      }
    }
    return options;
  }

  private List<ModelSpec> modelSpecs() throws MojoExecutionException, MojoFailureException {
    List<ModelSpec> specs = new ArrayList<>();
    if (models == null) {
      return specs;
    }
    for (int i = 0; i < models.size(); i++) {
      Model model = models.get(i);
      String label = "<model> #" + (i + 1);
      if (model == null) {
        specs.add(new ModelSpec(label, null, null));
        continue;
      }
      String className = className(model.getClassName());
      Path file = normalized(model.getFile());
      String displayName = displayName(file);
      String artifact = model.getArtifact();
      if (artifact != null && !artifact.isBlank()) {
        if (file != null) {
          throw new MojoFailureException(label + ": give either <file> or <artifact>, not both");
        }
        label = label + " (artifact " + artifact.trim() + ")";
        file = resolve(label, artifact);
        displayName = artifact.trim();
      }
      specs.add(new ModelSpec(label, file, displayName, className,
          model.getSha256() == null || model.getSha256().isBlank() ? null : model.getSha256(),
          normalized(model.getLabels()),
          model.isImageHelpers(), batch(label + " <batch>", model.getBatch())));
    }
    return specs;
  }

  /**
   * How messages name a model file: as configured, i.e. relative to the project directory when
   * it is inside it (Maven hands the plugin absolute paths), else absolute.
   */
  private String displayName(Path file) {
    if (file == null) {
      return null;
    }
    Path base = project.getBasedir() == null ? null
        : project.getBasedir().toPath().toAbsolutePath().normalize();
    return base != null && file.startsWith(base) && !file.equals(base)
        ? base.relativize(file).toString()
        : file.toString();
  }

  private static Path normalized(File file) {
    return file == null ? null : file.toPath().toAbsolutePath().normalize();
  }

  /** The configured class name, with {@code packageName} before a simple name. */
  private String className(String configured) {
    if (configured == null) {
      return null;
    }
    String name = configured.trim();
    String pkg = packageName == null ? "" : packageName.trim();
    return pkg.isEmpty() || name.isEmpty() || name.contains(".") ? name : pkg + "." + name;
  }

  /** Resolves a model artifact through the project's repositories; returns its local file. */
  private Path resolve(String label, String coordinates)
      throws MojoExecutionException, MojoFailureException {
    ArtifactCoordinates c;
    try {
      c = ArtifactCoordinates.parse(coordinates);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(label + ": <artifact> " + e.getMessage(), e);
    }
    ArtifactRequest request = new ArtifactRequest(
        new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(),
            c.version()),
        project.getRemoteProjectRepositories(), null);
    try {
      File file = repositorySystem.resolveArtifact(repositorySession, request).getArtifact()
          .getFile();
      getLog().debug("tflite2java: " + label + " resolved to " + file);
      return file.toPath();
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException("tflite2java: cannot resolve model artifact " + c
          + " (" + label + "): " + e.getMessage(), e);
    }
  }

  private void clearMessages(List<ModelSpec> specs) {
    for (ModelSpec spec : specs) {
      if (spec.file() != null) {
        buildContext.removeMessages(spec.file().toFile());
      }
    }
  }

  /**
   * Puts each problem on the file it is in, for IDEs (Eclipse m2e shows them as markers). Not
   * on the command line: there the default BuildContext would only log every problem a second
   * time, in another form (absolute path and {@code [0:0]}), beside the build failure's message.
   */
  private void markProblems(List<BuildProblem> problems) {
    if (buildContext instanceof DefaultBuildContext) {
      return;
    }
    Map<Path, List<String>> byFile = new LinkedHashMap<>();
    for (BuildProblem p : problems) {
      if (p.file() != null) {
        byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p.message());
      }
    }
    byFile.forEach((file, messages) -> {
      for (String message : messages) {
        buildContext.addMessage(file.toFile(), 0, 0, message, BuildContext.SEVERITY_ERROR, null);
      }
    });
  }

  /** One state file per execution, so two executions in one project do not interfere. */
  private Path stateFile() {
    String id = mojoExecution.getExecutionId();
    String safeId = (id == null ? "default" : id).replaceAll("[^A-Za-z0-9._-]", "_");
    return stateDirectory.toPath().resolve(safeId + ".state");
  }

  private void report(GenerationResult result, Path output) {
    int upToDate = result.upToDate().size();
    if (upToDate > 0) {
      getLog().info("tflite2java: " + upToDate + (upToDate == 1 ? " model" : " models")
          + " up to date in " + output);
    }
    for (GenerationResult.Output out : result.outputs()) {
      getLog().info(out.source().summary() + (out.changed() ? "" : " (unchanged)"));
      getLog().debug("tflite2java: " + (out.changed() ? "wrote " : "kept ") + out.file());
      if (out.changed()) {
        buildContext.refresh(out.file().toFile());
      }
      for (GenerationResult.Companion c : out.companions()) {
        getLog().debug("tflite2java: " + (c.changed() ? "wrote " : "kept ") + c.file());
        if (c.changed()) {
          buildContext.refresh(c.file().toFile());
        }
      }
      if (out.weights() != null) {
        getLog().info("tflite2java: weights " + out.weights().file()
            + (out.weights().changed() ? "" : " (unchanged)"));
        if (out.weights().changed()) {
          buildContext.refresh(out.weights().file().toFile());
        }
      }
      if (out.report() != null) {
        getLog().info("tflite2java: report " + out.report());
        buildContext.refresh(out.report().getParent().toFile());
      }
    }
    for (Path file : result.deleted()) {
      getLog().info("tflite2java: deleted stale generated file " + file);
      buildContext.refresh(file.toFile());
    }
  }
}
