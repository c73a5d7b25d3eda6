package io.github.tflite2java.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
  void operatorKindsMapToCategories() {
    assertEquals("convolution", ReportPalette.categoryOf("CONV_2D"));
    assertEquals("pooling", ReportPalette.categoryOf("MAX_POOL_2D"));
    assertEquals(ReportPalette.categoryOf("RESHAPE"), ReportPalette.categoryOf("SQUEEZE"));
    assertEquals("TRANSPOSE", ReportPalette.categoryOf("TRANSPOSE"), "unknown kind: itself");
  }
}
