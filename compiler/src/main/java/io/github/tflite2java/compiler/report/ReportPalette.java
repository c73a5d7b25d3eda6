package io.github.tflite2java.compiler.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Colours of the report's operator categories (charts, legend, table swatches), keyed by a
 * category label such as {@code "convolution"} (each operator kernel declares its {@code
 * ops.ReportCategory}). Every known category has its own colour; a
 * category the palette does not know takes one of the spare colours, and {@link #assign}
 * gives the categories of one report colours that are all different.
 */
public final class ReportPalette {

  /** Category of storage that no operator wrote: the model's inputs (arena chart). */
  public static final String INPUT = "model input";

  private static final Map<String, String> KNOWN = new LinkedHashMap<>();

  /** Colours for categories the palette does not know, none equal to a known one. */
  private static final List<String> SPARE = List.of("#499894", "#d37295", "#b6992d",
      "#86bcb6", "#a0cbe8", "#fabfd2", "#8cd17d", "#f1ce63", "#d4a6c8", "#ffbe7d");

  static {
    KNOWN.put("convolution", "#4e79a7");
    KNOWN.put("depthwise convolution", "#f28e2b");
    KNOWN.put("pooling", "#59a14f");
    KNOWN.put("fully connected", "#b07aa1");
    KNOWN.put("softmax", "#e15759");
    KNOWN.put("element-wise", "#edc948");
    KNOWN.put("activation", "#ff9da7");
    KNOWN.put("reduction", "#76b7b2");
    KNOWN.put("data movement", "#9c755f");
    KNOWN.put("quantization", "#6a3d9a");
    KNOWN.put("reshape (no code)", "#bab0ac");
    KNOWN.put("recurrent", "#17becf");
    KNOWN.put("post-processing", "#8c564b");
    KNOWN.put(INPUT, "#79706e");
  }

  private ReportPalette() {}

  /** The colour ({@code #rrggbb}) of a category; unknown categories take a spare colour. */
  public static String color(String category) {
    String c = KNOWN.get(category);
    return c != null ? c : SPARE.get(Math.floorMod(category.hashCode(), SPARE.size()));
  }

  /**
   * Colours for the given categories, all different: known categories keep theirs, the others
   * take spare colours not yet used, in the order given (so the same report always gets the
   * same colours).
   */
  public static Map<String, String> assign(Collection<String> categories) {
    Map<String, String> result = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String category : categories) {
      String c = KNOWN.get(category);
      if (c == null) {
        unknown.add(category);
      } else {
        result.put(category, c);
        used.add(c);
      }
    }
    for (String category : unknown) {
      if (result.containsKey(category)) {
        continue;
      }
      String c = color(category);
      if (used.contains(c)) {
        c = firstUnused(used, category);
      }
      result.put(category, c);
      used.add(c);
    }
    return result;
  }

  private static String firstUnused(Set<String> used, String category) {
    for (String c : SPARE) {
      if (!used.contains(c)) {
        return c;
      }
    }
    // More categories than colours: a shade derived from the name, distinct from the rest.
    for (int salt = 0; ; salt++) {
      int h = (category + '#' + salt).hashCode();
      String c = String.format(java.util.Locale.ROOT, "#%06x", h & 0x7f7f7f | 0x404040);
      if (!used.contains(c)) {
        return c;
      }
    }
  }
}
