package io.github.tflite2java.maven;

import io.github.tflite2java.buildtool.GenerationException;
import io.github.tflite2java.buildtool.GenerationRequest;
import io.github.tflite2java.buildtool.GenerationResult;
import io.github.tflite2java.buildtool.IncrementalGenerator;
import io.github.tflite2java.buildtool.ModelSpec;
import io.github.tflite2java.buildtool.ToolFingerprint;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.TfliteVersion;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

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
 * <p>Generation is incremental: when no model, class name, setting or plugin version changed
 * since the last successful run, the goal logs "up to date" and writes nothing; otherwise only
 * files whose content changed are rewritten, so javac does not recompile needlessly. A corrupt or
 * unsupported model fails the build with every problem of every model listed.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

  private static final String PLUGIN_NAME = "tflite2java-maven-plugin";

  /**
   * The models to compile, each a {@code file} and the fully qualified {@code className} to
   * generate from it. Class names must be unique.
   *
   * <pre>{@code
   * <models>
   *   <model>
   *     <file>src/main/tflite/mobilenet_v1_1.0_224_quant.tflite</file>
   *     <className>com.example.MobilenetV1</className>
   *   </model>
   *   <model>
   *     <file>src/main/tflite/mobilenet_v2_1.0_224_quant.tflite</file>
   *     <className>com.example.MobilenetV2</className>
   *   </model>
   * </models>
   * }</pre>
   */
  @Parameter
  private List<Model> models;

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

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping tflite2java:generate (tflite2java.skip=true)");
      return;
    }
    Path output = outputDirectory.toPath().toAbsolutePath().normalize();
    project.addCompileSourceRoot(output.toString());

    CompileOptions options = compileOptions();
    List<ModelSpec> specs = modelSpecs();
    if (specs.isEmpty()) {
      getLog().warn("No <models> configured for tflite2java:generate; nothing to compile");
    }
    GenerationResult result;
    try {
      GenerationRequest request = new GenerationRequest(specs, output, stateFile(), options,
          ToolFingerprint.of(
              PLUGIN_NAME, plugin.getVersion(), GenerateMojo.class, Tflite2JavaCompiler.class));
      getLog().debug("tflite2java request: " + request);
      result = new IncrementalGenerator().generate(request);
    } catch (GenerationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("tflite2java: I/O error: " + e, e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(
          "tflite2java: internal error while generating model sources: " + e, e);
    }
    report(result, output, specs.size());
  }

  private CompileOptions compileOptions() throws MojoFailureException {
    try {
      return CompileOptions.defaults().withTfliteVersion(TfliteVersion.parse(tfliteVersion));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("Invalid <tfliteVersion>: " + e.getMessage(), e);
    }
  }

  private List<ModelSpec> modelSpecs() {
    List<ModelSpec> specs = new ArrayList<>();
    if (models == null) {
      return specs;
    }
    for (int i = 0; i < models.size(); i++) {
      Model model = models.get(i);
      String label = "<model> #" + (i + 1);
      specs.add(model == null
          ? new ModelSpec(label, null, null)
          : new ModelSpec(label, model.getFile() == null ? null : model.getFile().toPath(),
              model.getClassName() == null ? null : model.getClassName().trim()));
    }
    return specs;
  }

  /** One state file per execution, so two executions in one project do not interfere. */
  private Path stateFile() {
    String id = mojoExecution.getExecutionId();
    String safeId = (id == null ? "default" : id).replaceAll("[^A-Za-z0-9._-]", "_");
    return stateDirectory.toPath().resolve(safeId + ".state");
  }

  private void report(GenerationResult result, Path output, int modelCount) {
    if (result.upToDate()) {
      getLog().info("tflite2java: " + modelCount + (modelCount == 1 ? " model" : " models")
          + " up to date in " + output);
      return;
    }
    for (GenerationResult.Output out : result.outputs()) {
      getLog().info(out.source().summary() + (out.changed() ? "" : " (unchanged)"));
      getLog().debug("tflite2java: " + (out.changed() ? "wrote " : "kept ") + out.file());
    }
    for (Path file : result.deleted()) {
      getLog().info("tflite2java: deleted stale generated file " + file);
    }
  }
}
