package io.github.tflite2java.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportPaletteTest {

  private static final List<String> KNOWN = List.of("convolution", "depthwise convolution",
      "pooling", "fully connected", "softmax", "element-wise", "activation", "reduction",
      "data movement", "quantization", "reshape (no code)", ReportPalette.INPUT);

  @Test
  void knownCategoriesHaveDistinctFixedColours() {
    Map<String, String> colours = ReportPalette.assign(KNOWN);
    assertEquals(KNOWN.size(), new HashSet<>(colours.values()).size(), colours.toString());
    for (String category : KNOWN) {
      assertEquals(ReportPalette.color(category), colours.get(category), category);
      assertTrue(ReportPalette.color(category).matches("#[0-9a-f]{6}"), category);
    }
    assertEquals("#4e79a7", ReportPalette.color("convolution"));
    assertEquals("#f28e2b", ReportPalette.color("depthwise convolution"));
  }

  @Test
  void unknownCategoriesGetAColourAndNeverCollideInOneReport() {
    List<String> categories = new ArrayList<>(KNOWN);
    for (int i = 0; i < 40; i++) {
      categories.add("future category " + i);
    }
    Map<String, String> colours = ReportPalette.assign(categories);
    assertEquals(categories.size(), colours.size());
    assertEquals(categories.size(), new HashSet<>(colours.values()).size(), colours.toString());
    assertEquals(colours, ReportPalette.assign(categories), "deterministic");
    assertTrue(ReportPalette.color("something new").matches("#[0-9a-f]{6}"));
  }

  @Test
  void everyOperatorCategoryHasItsOwnKnownColour() {
    Set<String> colours = new HashSet<>();
    for (io.github.tflite2java.compiler.ops.ReportCategory c
        : io.github.tflite2java.compiler.ops.ReportCategory.values()) {
      assertTrue(colours.add(ReportPalette.color(c.label())), c + " has a colour of its own");
    }
    assertTrue(!colours.contains(ReportPalette.color(ReportPalette.INPUT)));
  }
}
