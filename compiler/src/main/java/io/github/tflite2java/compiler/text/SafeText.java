package io.github.tflite2java.compiler.text;

/**
 * Makes untrusted text from a model (file names, descriptions, tensor names) safe inside
 * generated Javadoc and comments: no comment terminators, no backslashes (which would start
 * {@code \}{@code u} escapes that javac decodes before lexing), no control characters, ASCII
 * only.
 */
public final class SafeText {

  private SafeText() {}

  /** Text fit for one line of a Javadoc or block comment. */
  public static String comment(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length() && sb.length() < 300; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        sb.append("&#92;");
      } else if (c == '*' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
        sb.append("*&#47;");
        i++;
      } else if (c == '@' && sb.length() == 0) {
        sb.append("&#64;");
      } else if (c == '<') {
        sb.append("&lt;");
      } else if (c == '>') {
        sb.append("&gt;");
      } else if (c == '&') {
        sb.append("&amp;");
      } else if (c == '$') {
        sb.append("&#36;");
      } else if (c < 0x20 || c >= 0x7f) {
        sb.append('?');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
