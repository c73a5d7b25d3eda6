package io.github.tflite2java.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {

  @Test
  void hasATableRowPerLayerAndABarPerLayer() throws Exception {
    ModelReport r = ReportFixtures.mobilenet025();
    String html = HtmlReportWriter.write(r);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/mobilenet025-report.html"), html, StandardCharsets.UTF_8);

    String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
    assertEquals(r.layers().size(), count(body, "<tr>"));
    String live = html.substring(html.indexOf("<svg id=\"live-memory\""));
    live = live.substring(0, live.indexOf("</svg>"));
    assertEquals(r.layers().size(), count(live, "<rect class=\"bar\""));
    String arena = html.substring(html.indexOf("<svg id=\"arena-layout\""));
    arena = arena.substring(0, arena.indexOf("</svg>"));
    assertEquals(r.blocks().size(), count(arena, "<rect class=\"blk\""));
    assertTrue(html.contains("DEPTHWISE_CONV_2D"));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.endsWith("</html>\n"));
  }

  @Test
  void loadsNothingFromOutside() throws Exception {
    String html = HtmlReportWriter.write(ReportFixtures.mobilenet025());

    for (String bad : List.of("<script", "<link", "<img", "<iframe", "src=", "href=", "url(",
        "@import")) {
      assertFalse(html.contains(bad), bad);
    }
    // The only URL is the SVG namespace name, which is never fetched.
    Matcher m = Pattern.compile("https?://[^\"]*").matcher(html);
    while (m.find()) {
      assertEquals("http://www.w3.org/2000/svg", m.group());
    }
  }

  @Test
  void escapesModelText() {
    ModelReport r = new ModelReport("a.B", "<img src=x onerror=alert(1)>.tflite", "ab\"cd", 10,
        "1", "o", List.of(), List.of(), List.of(), List.of(
            new ArenaBlock(0, "</title><script>alert(1)</script>", 0, 4, -1, 0)),
        0, 0, 0, 4, 4, 1, 1);
    String html = HtmlReportWriter.write(r);

    assertFalse(html.contains("<img"));
    assertFalse(html.contains("<script"));
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;.tflite"));
    assertTrue(html.contains("&lt;/title&gt;&lt;script&gt;"));
  }

  @Test
  void picksRoundAxisSteps() {
    assertEquals(25 * 1024, HtmlReportWriter.niceStep(98_304));
    assertEquals(100 * 1024, HtmlReportWriter.niceStep(393_216));
    assertEquals(1, HtmlReportWriter.niceStep(1));
    assertEquals(250, HtmlReportWriter.niceStep(1000));
    assertEquals(2 << 20, HtmlReportWriter.niceStep(6 << 20));
    assertEquals("384 KiB", HtmlReportWriter.bytes(393_216));
    assertEquals("1.5 MiB", HtmlReportWriter.bytes(3 << 19));
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
