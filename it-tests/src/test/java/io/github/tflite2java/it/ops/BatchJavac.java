package io.github.tflite2java.it.ops;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Compiles many generated classes in one in-memory javac task ({@code --release 8}, all lint
 * warnings as errors, as {@code InMemoryJavac} does for one class) and loads them. When the
 * batch does not compile, each source is compiled alone so that only the broken ones fail.
 */
final class BatchJavac {

  /** The outcome for one class: the loaded class, or javac's diagnostics. */
  record Result(Class<?> loaded, String error) {}

  private static final List<String> OPTIONS = List.of("--release", "8", "-Xlint:-options",
      "-Xlint:all", "-Werror", "-encoding", "UTF-8", "-g:none", "-proc:none");

  private BatchJavac() {}

  /** Compiles {@code sources} (class name to source) and loads every class. */
  static Map<String, Result> compile(Map<String, String> sources) {
    Map<String, Result> results = new LinkedHashMap<>();
    if (sources.isEmpty()) {
      return results;
    }
    Attempt all = attempt(sources);
    if (all.error == null) {
      ClassLoader loader = loader(all.classes);
      for (String name : sources.keySet()) {
        results.put(name, load(loader, name));
      }
      return results;
    }
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Attempt one = attempt(Map.of(e.getKey(), e.getValue()));
      results.put(e.getKey(), one.error != null ? new Result(null, one.error)
          : load(loader(one.classes), e.getKey()));
    }
    return results;
  }

  private static Result load(ClassLoader loader, String name) {
    try {
      return new Result(loader.loadClass(name), null);
    } catch (ClassNotFoundException | LinkageError e) {
      return new Result(null, "cannot load " + name + ": " + e);
    }
  }

  private record Attempt(Map<String, byte[]> classes, String error) {}

  private static Attempt attempt(Map<String, String> sources) {
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
    boolean ok = javac.getTask(out, fm, diagnostics, OPTIONS, null, units).call();
    if (!ok) {
      StringBuilder sb = new StringBuilder("generated source does not compile:\n");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        sb.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
            .append(d.getMessage(Locale.ROOT)).append('\n');
        if (sb.length() > 4_000) {
          break;
        }
      }
      sb.append(out);
      return new Attempt(null, sb.toString());
    }
    Map<String, byte[]> classes = new HashMap<>();
    outputs.forEach((k, v) -> classes.put(k, v.toByteArray()));
    return new Attempt(classes, null);
  }

  private static ClassLoader loader(Map<String, byte[]> classes) {
    return new ClassLoader(BatchJavac.class.getClassLoader()) {
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
}
