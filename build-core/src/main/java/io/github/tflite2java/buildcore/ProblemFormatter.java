package io.github.tflite2java.buildcore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one text form of build problems, used by the Maven plugin and the command line alike: each
 * subject (a model file as the user named it) once, then its problems.
 *
 * <pre>
 * src/main/tflite/model.tflite: operator 3 (CUSTOM:Foo): operator CUSTOM:Foo is not supported; ...
 *
 * 2 of 3 models could not be compiled:
 * a.tflite: 2 problems:
 *   - operator 0 (CONV_2D): ...
 *   - tensor 7 'x': ...
 * b.tflite: not a TFLite model: file is empty
 * </pre>
 */
public final class ProblemFormatter {

  private ProblemFormatter() {}

  /**
   * Formats problems grouped by subject, in order of first appearance; the heading comes first
   * when there is more than one subject.
   */
  public static String format(String heading, List<BuildProblem> problems) {
    Map<String, List<String>> bySubject = new LinkedHashMap<>();
    Map<String, Set<String>> supported = new LinkedHashMap<>();
    for (BuildProblem p : problems) {
      bySubject.computeIfAbsent(p.subject(), s -> new ArrayList<>()).add(p.message());
      Set<String> notes = supported.computeIfAbsent(p.subject(), s -> new LinkedHashSet<>());
      if (p.supported() != null) {
        notes.add(p.supported());
      }
    }
    List<String> groups = new ArrayList<>();
    bySubject.forEach((subject, messages) ->
        groups.add(group(subject, messages, supported.get(subject))));
    if (groups.size() == 1) {
      return groups.get(0);
    }
    return heading + "\n" + String.join("\n", groups);
  }

  private static String group(String subject, List<String> messages, Set<String> supported) {
    if (messages.size() == 1) {
      StringBuilder sb = new StringBuilder(subject).append(": ").append(messages.get(0));
      for (String s : supported) {
        sb.append("; ").append(s);
      }
      return sb.toString();
    }
    StringBuilder sb = new StringBuilder(subject).append(": ").append(messages.size())
        .append(" problems:");
    for (String m : messages) {
      sb.append("\n  - ").append(m);
    }
    for (String s : supported) {
      sb.append("\n  ").append(s);
    }
    return sb.toString();
  }
}
