package io.github.tflite2java.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {

  @Test
  void writesTotalsLayersAndBlocks() throws Exception {
    ModelReport r = ReportFixtures.mobilenet025();
    String json = JsonReportWriter.write(r);

    assertTrue(json.startsWith("{\n  \"format\": \"tflite2java-report/1\",\n"), json);
    assertTrue(json.contains("\"macs\": " + r.totalMacs() + ","));
    assertTrue(json.contains("\"arenaBytes\": " + r.arenaBytes() + ","));
    assertTrue(json.contains("\"CONV_2D\": 15"));
    assertTrue(json.contains("\"shape\": [1, 128, 128, 3]"));
    assertEquals(r.layers().size(), count(json, "\"liveBytes\": "));
    assertEquals(r.blocks().size(), count(json, "\"firstStep\": "));
    assertEquals(JsonReportWriter.write(r), json, "deterministic");
    assertBalanced(json);
  }

  @Test
  void escapesStrings() {
    ModelReport r = new ModelReport("a.B", "q\"uote\\back\nline\u0001.tflite", "x", 1, "1", "o",
        List.of(), List.of(), List.of(), List.of(), 0, 0, 0, 0, 0, 1, 1);
    String json = JsonReportWriter.write(r);

    assertTrue(json.contains("\"sourceName\": \"q\\\"uote\\\\back\\nline\\u0001.tflite\""), json);
    assertTrue(json.contains("\"layers\": [],"), json);
    assertBalanced(json);
  }

  @Test
  void aDynamicBatchModelSaysWhichBatchItIsCompiledFor() {
    ModelReport r = new ModelReport("a.B", "b.tflite", "x", 1, "1", "o", List.of(), List.of(),
        List.of(), List.of(), 0, 0, 0, 0, 0, 1, 1, true, 4);
    String json = JsonReportWriter.write(r);
    assertTrue(json.contains("\"compiledFor\": 4"), json);
    assertTrue(json.contains("\"note\": \"dynamic batch, compiled for batch 4\""), json);
    assertTrue(r.summaryLine().endsWith(", dynamic batch, compiled for batch 4"),
        r.summaryLine());
    assertBalanced(json);
    ModelReport fixed = new ModelReport("a.B", "b.tflite", "x", 1, "1", "o", List.of(),
        List.of(), List.of(), List.of(), 0, 0, 0, 0, 0, 1, 1);
    assertTrue(!JsonReportWriter.write(fixed).contains("compiledFor"), "no batch block");
  }

  /** Brackets and braces outside strings balance: a cheap check of well-formedness. */
  private static void assertBalanced(String json) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        assertTrue(depth >= 0);
      }
    }
    assertEquals(0, depth);
    assertTrue(!inString);
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
