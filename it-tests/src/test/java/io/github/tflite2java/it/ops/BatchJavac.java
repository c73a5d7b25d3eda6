package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.testing.InMemoryJavac;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles many generated classes in one in-memory javac task ({@link InMemoryJavac}'s options:
 * {@code --release 8}, all lint warnings as errors; plus no debug information and no annotation
 * processing) and loads them. When the batch does not compile, each source is compiled alone so
 * that only the broken ones fail.
 */
final class BatchJavac {

  /** The outcome for one class: the loaded class, or javac's diagnostics. */
  record Result(Class<?> loaded, String error) {}

  private static final List<String> EXTRA_OPTIONS = List.of("-g:none", "-proc:none");
  private static final int MAX_ERROR_CHARS = 4_000;

  private BatchJavac() {}

  /** Compiles {@code sources} (class name to source) and loads every class. */
  static Map<String, Result> compile(Map<String, String> sources) {
    return compile(sources, Map.of());
  }

  /**
   * As {@link #compile(Map)}, with vector companion classes ({@code kernels=vector}) compiled
   * in a javac task of their own ({@link InMemoryJavac#VECTOR_OPTIONS}) and loaded beside them.
   */
  static Map<String, Result> compile(Map<String, String> sources,
      Map<String, String> vectorSources) {
    Map<String, Result> results = new LinkedHashMap<>();
    if (sources.isEmpty()) {
      return results;
    }
    InMemoryJavac.Outcome all = InMemoryJavac.tryCompile(sources, EXTRA_OPTIONS, MAX_ERROR_CHARS);
    if (all.error() == null && !vectorSources.isEmpty()) {
      InMemoryJavac.Outcome vector = InMemoryJavac.tryCompileWith(vectorSources,
          InMemoryJavac.VECTOR_OPTIONS, MAX_ERROR_CHARS);
      if (vector.error() != null) {
        for (String name : sources.keySet()) {
          results.put(name, new Result(null, "vector classes: " + vector.error()));
        }
        return results;
      }
      all = new InMemoryJavac.Outcome(InMemoryJavac.merge(all.compiled(), vector.compiled()),
          null);
    }
    if (all.error() == null) {
      for (String name : sources.keySet()) {
        results.put(name, load(all.compiled(), name));
      }
      return results;
    }
    for (Map.Entry<String, String> e : sources.entrySet()) {
      InMemoryJavac.Outcome one = InMemoryJavac.tryCompile(
          Map.of(e.getKey(), e.getValue()), EXTRA_OPTIONS, MAX_ERROR_CHARS);
      results.put(e.getKey(), one.error() != null ? new Result(null, one.error())
          : load(one.compiled(), e.getKey()));
    }
    return results;
  }

  private static Result load(InMemoryJavac.Compiled compiled, String name) {
    try {
      return new Result(compiled.load(name), null);
    } catch (ClassNotFoundException | LinkageError e) {
      return new Result(null, "cannot load " + name + ": " + e);
    }
  }
}
