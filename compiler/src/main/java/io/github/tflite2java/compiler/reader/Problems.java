package io.github.tflite2java.compiler.reader;

import io.github.tflite2java.compiler.Problem;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems found while reading one model, keeping the list to a readable length. */
final class Problems {

  /** Most problems listed; the rest are counted in one closing entry. */
  static final int MAX_LISTED = 50;

  private final List<Problem> problems = new ArrayList<>();
  private int dropped;

  void add(String id, String message) {
    if (problems.size() < MAX_LISTED) {
      problems.add(new Problem(id, message));
    } else {
      dropped++;
    }
  }

  /** Puts {@code first} ahead of the problems recorded so far (e.g. unsupported operators). */
  void lead(List<Problem> first) {
    problems.addAll(0, first);
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  int size() {
    return problems.size() + dropped;
  }

  /** The problems, ending with a count of those left out if there were too many. */
  List<Problem> list() {
    List<Problem> out = new ArrayList<>(problems);
    if (dropped > 0) {
      out.add(new Problem(TfliteReader.TOO_MANY_PROBLEMS,
          "... and " + dropped + " more problems not listed"));
    }
    return out;
  }

  /**
   * How messages name a tensor: {@code tensor 12 'conv1/weights'}, with the untrusted name
   * shortened and control characters escaped.
   */
  static String tensor(int index, String name) {
    return "tensor " + index + " '" + sanitize(name, 120) + "'";
  }

  /** Escapes control characters and shortens text taken from the model for messages. */
  static String sanitize(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (; i < text.length() && sb.length() < maxChars; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (i < text.length()) {
      sb.append("...");
    }
    return sb.toString();
  }
}
