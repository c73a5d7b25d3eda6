package io.github.tflite2java.compiler.fuzz;

/** Looks at generated Java source as javac's lexer does: comments, literals, Unicode escapes. */
final class SourceText {

  private SourceText() {}

  /**
   * The source with comments removed and the contents of string and character literals
   * replaced by nothing (the quotes stay), i.e. only the code that javac compiles.
   */
  static String code(String source) {
    StringBuilder sb = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char ch = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        sb.append(' ');
      } else if (ch == '"' || ch == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != ch) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        sb.append(ch).append(ch);
        i = j + 1;
      } else {
        sb.append(ch);
        i++;
      }
    }
    return sb.toString();
  }

  /**
   * Whether the source holds a Unicode escape javac would decode before lexing: a backslash
   * preceded by an even number of backslashes, followed by {@code u} (JLS 3.3).
   */
  static boolean hasUnicodeEscape(String source) {
    int run = 0;
    for (int i = 0; i < source.length(); i++) {
      char ch = source.charAt(i);
      if (ch == '\\') {
        run++;
      } else {
        if (ch == 'u' && run % 2 == 1) {
          return true;
        }
        run = 0;
      }
    }
    return false;
  }
}
