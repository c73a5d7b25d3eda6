package io.github.tflite2java.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
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
    assertEquals(20 * 1024, HtmlReportWriter.niceStep(98_304));
    assertEquals(100 * 1024, HtmlReportWriter.niceStep(393_216));
    assertEquals(1, HtmlReportWriter.niceStep(1));
    assertEquals(200, HtmlReportWriter.niceStep(1000));
    assertEquals(2 << 20, HtmlReportWriter.niceStep(6 << 20));
    assertEquals("384 KiB", HtmlReportWriter.bytes(393_216));
    assertEquals("1.5 MiB", HtmlReportWriter.bytes(3 << 19));
  }

  @Test
  void axisTicksAreOneTwoOrFiveTimesAPowerOfTenInOneUnit() {
    Random rnd = new Random(12);
    for (int i = 0; i < 5_000; i++) {
      long max = i < 100 ? i : (long) Math.pow(2, rnd.nextDouble() * 34);
      HtmlReportWriter.Axis axis = HtmlReportWriter.axis(max);
      assertEquals(0, axis.step() % axis.unit(), "whole units: " + axis);
      long m = axis.step() / axis.unit();
      while (m % 10 == 0) {
        m /= 10;
      }
      assertTrue(m == 1 || m == 2 || m == 5, "step of " + axis + " for " + max);
      long intervals = axis.top() / axis.step();
      assertTrue(axis.top() >= max && axis.top() % axis.step() == 0, axis + " for " + max);
      assertTrue(intervals >= 1 && intervals <= 5 || max < 5, intervals + " steps for " + max);
      String unit = axis.label(0).replaceAll("^[0-9]+ ", "");
      for (long v = 0; v <= axis.top(); v += axis.step()) {
        assertTrue(axis.label(v).matches("[0-9]+ " + unit), axis.label(v) + " for " + max);
      }
    }
    HtmlReportWriter.Axis kib = HtmlReportWriter.axis(3 << 20);
    assertEquals("1000 KiB", kib.label(kib.step()));
  }

  @Test
  void yAxisLabelsOfTheFlagshipSizedChartAreRound() throws Exception {
    String html = HtmlReportWriter.write(ReportFixtures.mobilenet025());
    String live = html.substring(html.indexOf("<svg id=\"live-memory\""));
    live = live.substring(0, live.indexOf("</svg>"));
    List<String> ticks = new java.util.ArrayList<>();
    Matcher m = Pattern.compile("text-anchor=\"end\">([^<]+)</text>").matcher(live);
    while (m.find()) {
      ticks.add(m.group(1));
    }
    assertEquals(List.of("0 KiB", "100 KiB", "200 KiB", "300 KiB", "400 KiB"),
        ticks.subList(0, 5));
  }

  @Test
  void weightsCardShowsTheBuildLogsNumber() throws Exception {
    ModelReport r = ReportFixtures.mobilenet025();
    String html = HtmlReportWriter.write(r);
    String weights = String.format(Locale.ROOT, "%,d", r.weightBytes());

    assertTrue(r.summaryLine().contains("weights " + weights + " bytes"), r.summaryLine());
    String card = html.substring(html.indexOf("<div class=\"k\">Weights</div>"));
    card = card.substring(0, card.indexOf("</div></div>"));
    assertTrue(card.contains("<div class=\"v\">" + HtmlReportWriter.bytes(r.weightBytes())
        + "</div>"), card);
    assertTrue(card.contains(weights + " bytes of constants in the model"), card);
    assertEquals(r.modelWeightBytes(), r.weightBytes());
  }

  @Test
  void legendColoursAreAllDifferentAndMatchTheBars() {
    List<String> kinds = List.of("CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D",
        "MAX_POOL_2D", "RESHAPE", "SQUEEZE", "SOFTMAX", "FULLY_CONNECTED", "ADD", "MUL", "MEAN",
        "PAD", "CONCATENATION", "LOGISTIC", "RELU", "RELU6", "HARD_SWISH", "QUANTIZE",
        "DEQUANTIZE", "TRANSPOSE", "ARG_MAX", "GATHER_ND", "RESIZE_BILINEAR", "LSTM");
    List<LayerReport> layers = new java.util.ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      layers.add(new LayerReport(i, kinds.get(i), List.of(), List.of(), List.of(), 0, 0, -1, 0,
          false, 4, categoryOf(kinds.get(i))));
    }
    ModelReport r = new ModelReport("a.B", "b.tflite", "00", 1, "1", "o", List.of(), List.of(),
        layers, List.of(), 0, 0, 0, 4, 4, 1, 1);
    String html = HtmlReportWriter.write(r);

    String legend = html.substring(html.indexOf("<div class=\"legend\">"));
    legend = legend.substring(0, legend.indexOf("</div>"));
    Matcher m = Pattern.compile("<span><i style=\"background:(#[0-9a-f]{6})\"></i>([^<]+)"
        + "</span>").matcher(legend);
    Map<String, String> byColour = new java.util.HashMap<>();
    int entries = 0;
    while (m.find()) {
      entries++;
      String before = byColour.put(m.group(1), m.group(2));
      assertEquals(null, before, m.group(1) + " is both " + before + " and " + m.group(2));
    }
    // RESHAPE and SQUEEZE share "reshape (no code)", and so on: one entry per category.
    assertEquals(kinds.stream().map(HtmlReportWriterTest::categoryOf).distinct().count(), entries);
    assertTrue(legend.contains("reshape (no code) (RESHAPE, SQUEEZE)"), legend);
    assertTrue(legend.contains("data movement (CONCATENATION, GATHER_ND, PAD, RESIZE_BILINEAR,"
        + " TRANSPOSE)"), legend);
    assertTrue(legend.contains("ARG_MAX"), legend);
    // each bar has its category's legend colour
    for (LayerReport l : layers) {
      String bar = html.substring(html.indexOf("<rect class=\"bar\""));
      Matcher b = Pattern.compile("fill=\"(#[0-9a-f]{6})\"><title>" + l.index() + " "
          + l.kind() + ":").matcher(bar);
      assertTrue(b.find(), l.kind());
      String entry = byColour.get(b.group(1));
      assertTrue(entry != null && entry.startsWith(l.category()),
          l.kind() + " drawn in " + b.group(1) + " = " + entry);
    }
  }

  /** The kernel's report category, or (operators without a kernel) the kind itself. */
  private static String categoryOf(String kind) {
    io.github.tflite2java.compiler.ops.OperatorKernel<?, ?> k =
        io.github.tflite2java.compiler.ops.OperatorRegistry.standard().find(kind);
    return k == null ? kind : k.category().label();
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
