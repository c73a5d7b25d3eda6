package io.github.tflite2java.compiler.helpers;

import io.github.tflite2java.compiler.detect.DetectionOptions;
import io.github.tflite2java.compiler.detect.DetectionPostProcess;
import io.github.tflite2java.compiler.floatmath.EigenLogistic;
import io.github.tflite2java.compiler.floatmath.EigenLogistic26;
import io.github.tflite2java.compiler.floatmath.GlibcExp;
import io.github.tflite2java.compiler.floatmath.GlibcExpf;
import io.github.tflite2java.compiler.results.Detection;
import io.github.tflite2java.compiler.results.Keypoint;
import io.github.tflite2java.compiler.results.Segmentation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;

/**
 * A whole compiled Java 8 class that generated classes carry as a private nested class, for
 * kernels whose arithmetic is more than a few static methods (TFLite's detection
 * post-processing and glibc's {@code exp}). Like {@link Helper}, named by type: an emitter asks
 * for it by constant and refers to it by {@link #simpleName()}; the generated class then nests
 * the definition's source (the compiler jar carries these {@code .java} files as resources),
 * with its package and project imports dropped: the classes refer to one another by simple
 * name, which resolves to the sibling nested classes.
 */
public enum HelperClass {
  GLIBC_EXPF(GlibcExpf.class),
  GLIBC_EXP(GlibcExp.class),
  EIGEN_LOGISTIC(EigenLogistic.class),
  EIGEN_LOGISTIC_26(EigenLogistic26.class),
  DETECTION_OPTIONS(DetectionOptions.class),
  DETECTION_POST_PROCESS(DetectionPostProcess.class),
  /** Result helper of detectors: public, part of the generated class's API. */
  DETECTION(Detection.class, true),
  /** Result helper of segmenters: public, part of the generated class's API. */
  SEGMENTATION(Segmentation.class, true),
  /** Result helper of pose models: public, part of the generated class's API. */
  KEYPOINT(Keypoint.class, true),
  /** The opt-in intra-op parallel runner of {@code setExecutor}. */
  PARALLEL_LAYERS(ParallelLayers.class);

  private static final String PROJECT_IMPORT = "import io.github.tflite2java.";

  private final Class<?> definition;
  private final boolean api;

  HelperClass(Class<?> definition) {
    this(definition, false);
  }

  HelperClass(Class<?> definition, boolean api) {
    this.definition = definition;
    this.api = api;
  }

  /**
   * Whether the class is nested {@code public} (a result type callers use, e.g. {@code
   * Model.Detection}) rather than {@code private}.
   */
  public boolean isPublic() {
    return api;
  }

  /** The compiled definition. */
  public Class<?> definition() {
    return definition;
  }

  /** The class's name, in its definition and as a nested class of generated classes. */
  public String simpleName() {
    return definition.getSimpleName();
  }

  /** The helper classes this one refers to. */
  public Set<HelperClass> uses() {
    switch (this) {
      case GLIBC_EXP:
      case EIGEN_LOGISTIC:
        return EnumSet.of(GLIBC_EXPF);
      case EIGEN_LOGISTIC_26:
        return EnumSet.of(EIGEN_LOGISTIC, GLIBC_EXPF);
      case DETECTION_POST_PROCESS:
        return EnumSet.of(GLIBC_EXP, DETECTION_OPTIONS);
      default:
        return EnumSet.noneOf(HelperClass.class);
    }
  }

  /** {@code classes} with every class they use, transitively. */
  public static Set<HelperClass> closure(Set<HelperClass> classes) {
    EnumSet<HelperClass> all = EnumSet.noneOf(HelperClass.class);
    ArrayDeque<HelperClass> todo = new ArrayDeque<>(classes);
    while (!todo.isEmpty()) {
      HelperClass h = todo.pop();
      if (all.add(h)) {
        todo.addAll(h.uses());
      }
    }
    return all;
  }

  /**
   * The definition's source as a private (or, {@link #isPublic()}, public) static nested class,
   * not yet indented: no package line, no imports of this project, {@code public final class X}
   * made {@code private static final class X}. Fails when the source has another import (a
   * nested class cannot carry one).
   */
  public String nestedSource() {
    String text = read().replace("\r\n", "\n");
    String declaration = "public final class " + simpleName() + " {";
    int decl = text.indexOf(declaration);
    if (decl < 0 || text.indexOf(declaration, decl + 1) >= 0) {
      throw new IllegalStateException(simpleName() + ".java has no single '" + declaration
          + "'");
    }
    StringBuilder head = new StringBuilder();
    for (String line : text.substring(0, decl).split("\n", -1)) {
      if (line.startsWith("package ") || line.startsWith(PROJECT_IMPORT)) {
        continue;
      }
      if (line.startsWith("import ")) {
        throw new IllegalStateException(simpleName() + ".java imports " + line
            + ", which a nested class cannot carry; use the qualified name");
      }
      head.append(line).append('\n');
    }
    return (head.toString().strip() + "\n" + (api ? "public" : "private")
        + " static final class " + simpleName()
        + " {" + text.substring(decl + declaration.length())).strip();
  }

  /** Methods and constructors the nested class adds (for the generated class's summary). */
  public int methodCount() {
    int n = 0;
    for (Method m : definition.getDeclaredMethods()) {
      n += m.isSynthetic() ? 0 : 1;
    }
    for (Constructor<?> k : definition.getDeclaredConstructors()) {
      n += k.isSynthetic() ? 0 : 1;
    }
    return n;
  }

  private String read() {
    String name = simpleName() + ".java";
    try (InputStream in = definition.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the compiler jar lacks the helper source " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
