package io.github.tflite2java.compiler.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated source in memory with {@code --release 8} and loads it, so tests can run
 * a generated class without touching the file system.
 */
public final class InMemoryJavac {

  /** The compiled classes of one compilation unit. */
  public static final class Compiled {
    private final Map<String, byte[]> classes;
    private final Map<String, byte[]> resources = new java.util.concurrent.ConcurrentHashMap<>();
    private final ClassLoader loader;

    Compiled(Map<String, byte[]> classes) {
      this.classes = classes;
      this.loader = new ClassLoader(InMemoryJavac.class.getClassLoader()) {
        @Override
        public java.io.InputStream getResourceAsStream(String name) {
          byte[] b = resources.get(name);
          return b != null ? new java.io.ByteArrayInputStream(b)
              : super.getResourceAsStream(name);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
          byte[] b = classes.get(name);
          if (b == null) {
            throw new ClassNotFoundException(name);
          }
          return defineClass(name, b, 0, b.length);
        }
      };
    }

    /** Serves {@code bytes} as the class-path resource {@code path} (e.g. a weights file). */
    public Compiled withResource(String path, byte[] bytes) {
      resources.put(path, bytes);
      return this;
    }

    public Map<String, byte[]> classFiles() {
      return classes;
    }

    public Class<?> load(String name) throws ClassNotFoundException {
      return loader.loadClass(name);
    }
  }

  /** The outcome of compiling several sources: their classes, or javac's diagnostics. */
  public record Outcome(Compiled compiled, String error) {}

  private InMemoryJavac() {}

  /** Compiles one class; fails with javac's diagnostics if it does not compile. */
  public static Compiled compile(String className, String source) {
    Outcome outcome = tryCompile(Map.of(className, source), List.of(), 20_000);
    if (outcome.error() != null) {
      throw new AssertionError(outcome.error());
    }
    return outcome.compiled();
  }

  /**
   * Compiles a generated model class together with its companions (the package's image
   * resizer), in one javac task; fails with javac's diagnostics if they do not compile.
   */
  public static Compiled compile(io.github.tflite2java.compiler.GeneratedSource generated) {
    Map<String, String> sources = new java.util.LinkedHashMap<>();
    sources.put(generated.className(), generated.source());
    for (io.github.tflite2java.compiler.GeneratedSource.Companion c : generated.companions()) {
      sources.put(c.className(), c.content());
    }
    Outcome outcome = tryCompile(sources, List.of(), 20_000);
    if (outcome.error() != null) {
      throw new AssertionError(outcome.error());
    }
    Compiled compiled = outcome.compiled();
    if (generated.vectorClass() != null) {
      compiled = merge(compiled, compileVector(generated.vectorClass()));
    }
    try {
      if (generated.weights() != null) {
        compiled.withResource(generated.weights().relativePath(),
            generated.weights().readAllBytes());
      }
      if (generated.vectorClass() != null && generated.vectorClass().weights() != null) {
        compiled.withResource(generated.vectorClass().weights().relativePath(),
            generated.vectorClass().weights().readAllBytes());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return compiled;
  }

  /**
   * Compiles a vector companion class (compile option {@code kernels=vector}) alone, as its
   * users do: for the running JDK, with {@code --add-modules jdk.incubator.vector}.
   */
  public static Compiled compileVector(
      io.github.tflite2java.compiler.GeneratedSource.Companion vectorClass) {
    Outcome outcome = tryCompileWith(Map.of(vectorClass.className(), vectorClass.content()),
        VECTOR_OPTIONS, 20_000);
    if (outcome.error() != null) {
      throw new AssertionError(outcome.error());
    }
    return outcome.compiled();
  }

  /** The vector companion classes' javac options (those of the plugin's own compilation). */
  public static final List<String> VECTOR_OPTIONS = List.of("--release", "17", "--add-modules",
      "jdk.incubator.vector", "-Xlint:all", "-encoding", "UTF-8");

  /** The classes of {@code a} and {@code b} in one class loader. */
  public static Compiled merge(Compiled a, Compiled b) {
    Map<String, byte[]> all = new HashMap<>(a.classFiles());
    all.putAll(b.classFiles());
    return new Compiled(all);
  }

  /** A model class compiled without its vector companion (as on a JVM that cannot load it). */
  public static Compiled compileWithoutVector(
      io.github.tflite2java.compiler.GeneratedSource generated) {
    return compile(new io.github.tflite2java.compiler.GeneratedSource(generated.className(),
        generated.source(), generated.summary(), generated.report(), generated.companions(),
        generated.weights()));
  }

  /**
   * Compiles {@code sources} (class name to source) in one javac task with {@code --release 8}
   * and all lint warnings as errors, plus {@code extraOptions}; diagnostics are cut after about
   * {@code maxErrorChars} characters.
   */
  public static Outcome tryCompile(Map<String, String> sources, List<String> extraOptions,
      int maxErrorChars) {
    List<String> options = new ArrayList<>(List.of("--release", "8", "-Xlint:-options",
        "-Xlint:all", "-Werror", "-encoding", "UTF-8"));
    options.addAll(extraOptions);
    return tryCompileWith(sources, options, maxErrorChars);
  }

  /** Compiles {@code sources} with exactly {@code options}. */
  public static Outcome tryCompileWith(Map<String, String> sources, List<String> options,
      int maxErrorChars) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
    Map<String, ByteArrayOutputStream> outputs = new HashMap<>();
    JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
      @Override
      public JavaFileObject getJavaFileForOutput(
          Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/')
            + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            synchronized (outputs) {
              outputs.put(name, out);
            }
            return out;
          }
        };
      }
    };
    List<JavaFileObject> units = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      String source = e.getValue();
      units.add(new SimpleJavaFileObject(
          URI.create("string:///" + e.getKey().replace('.', '/') + ".java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      });
    }
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, fm, diagnostics, options, null, units).call();
    if (!ok) {
      StringBuilder sb = new StringBuilder("generated source does not compile:\n");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        sb.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
            .append(d.getMessage(Locale.ROOT)).append('\n');
        if (sb.length() > maxErrorChars) {
          break;
        }
      }
      sb.append(out);
      return new Outcome(null, sb.toString());
    }
    Map<String, byte[]> classes = new HashMap<>();
    outputs.forEach((k, v) -> classes.put(k, v.toByteArray()));
    return new Outcome(new Compiled(classes), null);
  }
}
