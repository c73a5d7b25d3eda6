package io.github.tflite2java.buildcore;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Checks the fully qualified name of a class to generate and says why it is refused, so that the
 * user does not meet javac's error (or a file written in a strange place) later.
 */
public final class ClassNames {

  /** Contextual keywords that are valid identifiers but cannot name a class (JLS 3.8). */
  private static final Set<String> RESTRICTED_TYPE_NAMES =
      Set.of("var", "yield", "record", "sealed", "permits");

  private ClassNames() {}

  /** True when {@link #problem} finds nothing. */
  public static boolean isValid(String className) {
    return problem(className).isEmpty();
  }

  /**
   * Why {@code className} cannot name a generated class, e.g. {@code 'int' is a Java keyword};
   * empty when it can.
   */
  public static Optional<String> problem(String className) {
    if (className == null || className.isEmpty()) {
      return Optional.of("it is empty");
    }
    // Legal in Java identifiers, but not in file names (NUL) or invisible (zero-width space).
    for (int i = 0; i < className.length(); ) {
      int c = className.codePointAt(i);
      if (Character.isIdentifierIgnorable(c)) {
        return Optional.of(String.format(Locale.ROOT,
            "it contains the invisible or control character U+%04X", c));
      }
      i += Character.charCount(c);
    }
    String[] segments = className.split("\\.", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        return Optional.of("it has an empty package segment (a leading, trailing or doubled dot)");
      }
    }
    for (String segment : segments) {
      if (SourceVersion.isKeyword(segment)) {
        return Optional.of("'" + segment + "' is a Java keyword");
      }
      if (!SourceVersion.isIdentifier(segment)) {
        return Optional.of("'" + segment + "' is not a Java identifier (letters, digits, _ and $,"
            + " not starting with a digit)");
      }
    }
    String simpleName = segments[segments.length - 1];
    if (RESTRICTED_TYPE_NAMES.contains(simpleName)) {
      return Optional.of("'" + simpleName + "' is a restricted identifier that cannot name a"
          + " class");
    }
    if (segments.length > 1 && (segments[0].equals("java") || segments[0].equals("javax"))) {
      String pkg = className.substring(0, className.lastIndexOf('.'));
      return Optional.of("package " + pkg + " belongs to the Java platform (java.* and javax.*);"
          + " javac refuses to compile a class into it");
    }
    return Optional.empty();
  }

  /** The full message for an invalid name, e.g. for a usage error. */
  public static Optional<String> message(String className) {
    return problem(className).map(reason -> "'" + className + "' is not a valid fully qualified"
        + " Java class name: " + reason + "; e.g. com.example.MobilenetV1");
  }
}
