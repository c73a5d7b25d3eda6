package io.github.tflite2java.compiler.helpers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source of a {@link Helper}, read from its definition (the compiler jar carries the
 * helpers' {@code .java} files as resources, beside their classes): for a method its Javadoc,
 * annotations, signature and body, in the definition's formatting (two-space indentation, a
 * member's closing brace alone on its line); for a class, {@link #nestedClass} (the whole source
 * as a nested class).
 *
 * @param javadoc the Javadoc text, without comment markers
 * @param annotations annotation lines, e.g. {@code @SuppressWarnings("deprecation")}
 * @param returnType the return type as written, e.g. {@code int[][]}
 * @param parameters the parameters as written, e.g. {@code int x}
 * @param body the statements, indented relative to the method body
 */
public record HelperSource(String javadoc, List<String> annotations, String returnType,
    List<String> parameters, String body) {

  private static final Map<Class<?>, List<String>> SOURCES = new ConcurrentHashMap<>();

  private static final String PROJECT_IMPORT = "import io.github.tflite2java.";

  /** The source of the method {@code helper}. */
  public static HelperSource of(Helper helper) {
    if (helper.isClass()) {
      throw new IllegalArgumentException(helper + " is a class: see nestedClass");
    }
    List<String> lines = SOURCES.computeIfAbsent(helper.owner(), HelperSource::read);
    String start = "  public static ";
    int sig = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith(start) && l.contains(" " + helper.methodName() + "(")) {
        sig = i;
        break;
      }
    }
    if (sig < 0) {
      throw new IllegalStateException(helper + ": no method " + helper.methodName() + " in "
          + helper.owner().getSimpleName() + ".java");
    }
    // Annotations and Javadoc above the signature.
    List<String> annotations = new ArrayList<>();
    int i = sig - 1;
    while (i >= 0 && lines.get(i).startsWith("  @")) {
      annotations.add(0, lines.get(i).trim());
      i--;
    }
    StringBuilder doc = new StringBuilder();
    if (i >= 0 && lines.get(i).trim().endsWith("*/")) {
      int end = i;
      while (i >= 0 && !lines.get(i).trim().startsWith("/**")) {
        i--;
      }
      for (int k = i; k <= end; k++) {
        String t = lines.get(k).trim();
        t = t.replaceFirst("^/\\*\\*", "").replaceFirst("\\*/$", "").replaceFirst("^\\* ?", "")
            .replaceFirst("^\\*$", "").trim();
        if (!t.isEmpty()) {
          doc.append(doc.length() == 0 ? "" : " ").append(t);
        }
      }
    }
    // The signature, possibly over several lines, up to the opening brace.
    StringBuilder signature = new StringBuilder();
    int j = sig;
    while (!lines.get(j).trim().endsWith("{")) {
      signature.append(lines.get(j).trim()).append(' ');
      j++;
    }
    signature.append(lines.get(j).trim());
    String s = signature.substring(start.length() - 2, signature.length() - 1).trim();
    int open = s.indexOf('(');
    int close = s.lastIndexOf(')');
    String head = s.substring(0, open).trim();
    String returnType = head.substring(0, head.lastIndexOf(' ')).trim();
    List<String> parameters = new ArrayList<>();
    for (String p : s.substring(open + 1, close).split(",")) {
      if (!p.isBlank()) {
        parameters.add(p.trim().replaceAll("\\s+", " "));
      }
    }
    // The body: every line up to the member's closing brace, four spaces of indentation off.
    StringBuilder body = new StringBuilder();
    int k = j + 1;
    for (; k < lines.size() && !lines.get(k).equals("  }"); k++) {
      String l = lines.get(k);
      body.append(l.startsWith("    ") ? l.substring(4) : l.trim()).append('\n');
    }
    if (k == lines.size()) {
      throw new IllegalStateException(helper + ": no closing brace");
    }
    return new HelperSource(doc.toString(), annotations, returnType, parameters,
        body.toString());
  }

  /**
   * The definition of the class {@code helper} as a private (or, {@link Helper#isPublic()},
   * public) static nested class, not yet indented: no package line, no imports of this project
   * (the helper classes refer to one another by simple name, which resolves to the sibling
   * nested classes), {@code public final class X} made {@code private static final class X}.
   * Fails when the source has another import (a nested class cannot carry one).
   */
  public static String nestedClass(Helper helper) {
    if (!helper.isClass()) {
      throw new IllegalArgumentException(helper + " is a method: see of");
    }
    String name = helper.simpleName();
    String text = String.join("\n", SOURCES.computeIfAbsent(helper.owner(), HelperSource::read))
        .replace("\r\n", "\n");
    String declaration = "public final class " + name + " {";
    int decl = text.indexOf(declaration);
    if (decl < 0 || text.indexOf(declaration, decl + 1) >= 0) {
      throw new IllegalStateException(name + ".java has no single '" + declaration + "'");
    }
    StringBuilder head = new StringBuilder();
    for (String line : text.substring(0, decl).split("\n", -1)) {
      if (line.startsWith("package ") || line.startsWith(PROJECT_IMPORT)) {
        continue;
      }
      if (line.startsWith("import ")) {
        throw new IllegalStateException(name + ".java imports " + line
            + ", which a nested class cannot carry; use the qualified name");
      }
      head.append(line).append('\n');
    }
    return (head.toString().strip() + "\n" + (helper.isPublic() ? "public" : "private")
        + " static final class " + name + " {" + text.substring(decl + declaration.length()))
        .strip();
  }

  private static List<String> read(Class<?> owner) {
    String name = owner.getSimpleName() + ".java";
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the compiler jar lacks the helper source " + name);
      }
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
