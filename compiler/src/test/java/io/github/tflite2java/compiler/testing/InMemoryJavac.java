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
    private final ClassLoader loader;

    Compiled(Map<String, byte[]> classes) {
      this.classes = classes;
      this.loader = new ClassLoader(InMemoryJavac.class.getClassLoader()) {
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

    public Map<String, byte[]> classFiles() {
      return classes;
    }

    public Class<?> load(String name) throws ClassNotFoundException {
      return loader.loadClass(name);
    }
  }

  private InMemoryJavac() {}

  /** Compiles one class; fails with javac's diagnostics if it does not compile. */
  public static Compiled compile(String className, String source) {
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
            outputs.put(name, out);
            return out;
          }
        };
      }
    };
    JavaFileObject unit = new SimpleJavaFileObject(
        URI.create("string:///" + className.replace('.', '/') + ".java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    List<String> options = new ArrayList<>(List.of("--release", "8", "-Xlint:-options",
        "-Xlint:all", "-Werror", "-encoding", "UTF-8"));
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, fm, diagnostics, options, null, List.of(unit)).call();
    if (!ok) {
      StringBuilder sb = new StringBuilder("generated source does not compile:\n");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        sb.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
            .append(d.getMessage(Locale.ROOT)).append('\n');
        if (sb.length() > 20_000) {
          break;
        }
      }
      sb.append(out);
      throw new AssertionError(sb.toString());
    }
    Map<String, byte[]> classes = new HashMap<>();
    outputs.forEach((k, v) -> classes.put(k, v.toByteArray()));
    return new Compiled(classes);
  }
}
