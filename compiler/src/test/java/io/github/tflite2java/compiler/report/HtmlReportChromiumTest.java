package io.github.tflite2java.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.testing.Oracles;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium, as a person would, and checks that the table and
 * both charts render. Skipped (failed on CI, see {@link Oracles}) when no Chromium is installed ({@code apt-get install -y
 * chromium}, or point {@code -Dtflite2java.chromium} at a binary). The screenshot is kept as
 * {@code target/report-screenshot.png} to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportChromiumTest {

  private static final int WIDTH = 1400;
  private static final int HEIGHT = 1400;

  @TempDir Path tmp;
  private String chromium;
  private Path page;
  private ModelReport report;

  @BeforeAll
  void writePage(@TempDir Path dir) throws Exception {
    chromium = findChromium();
    report = ReportFixtures.mobilenet025();
    page = dir.resolve("report.html");
    Files.writeString(page, HtmlReportWriter.write(report), StandardCharsets.UTF_8);
  }

  /** Per test, not in {@code @BeforeAll}: surefire counts a class-level skip as no test at all. */
  @BeforeEach
  void requireChromium() {
    String configured = System.getProperty("tflite2java.chromium", "");
    Oracles.require(chromium != null, configured.isBlank()
        ? "Chromium not found on the PATH (chromium, chromium-browser, google-chrome) for the"
            + " rendered-report check"
        : "-Dtflite2java.chromium=" + configured + " is not an executable file",
        "apt-get install -y chromium, or set -Dtflite2java.chromium=/path/to/chromium");
  }

  @Test
  void domHasEveryLayerRowAndBothCharts() throws Exception {
    String dom = run("--dump-dom", page.toUri().toString());

    assertTrue(dom.contains("<table id=\"layers\">"), "no layer table in the DOM");
    String body = dom.substring(dom.indexOf("<tbody>"), dom.indexOf("</tbody>"));
    assertEquals(report.layers().size(), count(body, "<tr>"), "table rows");
    assertTrue(dom.contains("<svg id=\"live-memory\""), "no live-memory chart");
    assertTrue(dom.contains("<svg id=\"arena-layout\""), "no arena chart");
    assertEquals(report.layers().size(), count(dom, "class=\"bar\""), "chart bars");
  }

  @Test
  void screenshotShowsTheChartsBars() throws Exception {
    Path png = tmp.resolve("report.png");
    run("--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT,
        "--hide-scrollbars", "--virtual-time-budget=3000", page.toUri().toString());
    assertTrue(Files.isRegularFile(png), "no screenshot written");
    Files.createDirectories(Path.of("target"));
    Files.copy(png, Path.of("target/report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(WIDTH, image.getWidth());
    // The bars of CONV_2D and DEPTHWISE_CONV_2D layers: thousands of pixels each.
    assertTrue(countColor(image, 0x4e79a7) > 5_000, "CONV_2D bars not drawn");
    assertTrue(countColor(image, 0xf28e2b) > 5_000, "DEPTHWISE_CONV_2D bars not drawn");
  }

  @Test
  void wholeTableFitsA1400PixelWideWindow() throws Exception {
    // A copy of the page with a measuring script (the report itself has none).
    Path measured = tmp.resolve("measured.html");
    String script = "<script>var s=document.querySelector('.scroll');"
        + "var th=document.querySelectorAll('#layers thead th');"
        + "var r=th[th.length-1].getBoundingClientRect();"
        + "document.body.setAttribute('data-fit',(s.scrollWidth<=s.clientWidth"
        + "&&r.right<=window.innerWidth)?'yes':'no: table '+s.scrollWidth+' px in '"
        + "+s.clientWidth+' px, last column ends at '+r.right+' of '+window.innerWidth);"
        + "</script></body>";
    Files.writeString(measured, Files.readString(page, StandardCharsets.UTF_8)
        .replace("</body>", script), StandardCharsets.UTF_8);
    String dom = run("--dump-dom", "--window-size=" + WIDTH + ",2000",
        "--virtual-time-budget=3000", measured.toUri().toString());
    Matcher m = Pattern.compile("data-fit=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), "measuring script did not run");
    assertEquals("yes", m.group(1), "the last table column is cut at " + WIDTH + " px");
  }

  private String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + tmp.resolve("profile")));
    command.addAll(List.of(args));
    Path out = tmp.resolve("stdout.txt");
    Process p = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(tmp.resolve("stderr.txt").toFile())
        .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 90 s: " + command);
    }
    assertEquals(0, p.exitValue(), "Chromium failed: "
        + Files.readString(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String findChromium() {
    String configured = System.getProperty("tflite2java.chromium");
    if (configured != null && !configured.isBlank()) {
      return new File(configured).canExecute() ? configured : null;
    }
    String path = System.getenv("PATH");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
        File f = new File(dir, name);
        if (!dir.isEmpty() && f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    return null;
  }

  private static int countColor(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y) & 0xFFFFFF;
        if (Math.abs((p >> 16) - (rgb >> 16)) <= 3
            && Math.abs(((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= 3
            && Math.abs((p & 0xFF) - (rgb & 0xFF)) <= 3) {
          n++;
        }
      }
    }
    return n;
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
