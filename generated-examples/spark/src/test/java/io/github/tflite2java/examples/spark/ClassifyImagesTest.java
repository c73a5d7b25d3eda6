package io.github.tflite2java.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs the job in Spark's local mode on the shared photos (BMP and JPEG). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassifyImagesTest {

  @TempDir Path tmp;
  private Path images;
  private SparkSession spark;

  @BeforeAll
  void startSpark(@TempDir Path dir) throws IOException {
    Path shared = Paths.get(System.getProperty("tflite2java.shared", "../../../shared"));
    // Never a skip: this module's model is generated from ../shared, so it is there.
    assertTrue(Files.isDirectory(shared.resolve("images")), "shared images not found in " + shared
        + ": check out the shared material as ../shared or set -Dtflite2java.shared=<folder>");
    images = dir.resolve("images");
    Files.createDirectories(images);
    try (DirectoryStream<Path> photos =
        Files.newDirectoryStream(shared.resolve("images"), "*.{bmp,jpg}")) {
      for (Path photo : photos) {
        Files.copy(photo, images.resolve(photo.getFileName()));
      }
    }
    Files.write(images.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ClassifyImagesTest")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.files.maxPartitionBytes", "600000") // several partitions
        .config("spark.sql.files.maxPartitionBytes", "600000")
        .getOrCreate();
  }

  @AfterAll
  void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void classifiesEveryImageLikeTheModelDoesOnOneMachine() throws Exception {
    List<Row> rows = ClassifyImages.classify(spark, images.toString()).collectAsList();

    Map<String, Row> byName = new TreeMap<String, Row>();
    for (Row r : rows) {
      byName.put(new File(new java.net.URI(r.getString(0))).getName(), r);
    }
    assertEquals(4, byName.size(), "the four photos, not notes.txt: " + byName.keySet());
    assertEquals("academic gown", byName.get("grace_hopper.bmp").getString(1));
    for (Map.Entry<String, Row> e : byName.entrySet()) {
      byte[] bytes = Files.readAllBytes(images.resolve(e.getKey()));
      byte[] output = Mobilenet.infer(ClassifyImages.input(e.getKey(), bytes));
      Mobilenet.Prediction best = Mobilenet.topK(output, 1).get(0);
      assertEquals(best.label(), e.getValue().getString(1), e.getKey());
      assertEquals(best.probability(), e.getValue().getFloat(2), 0f, e.getKey());
    }
  }

  @Test
  void writesCsvRows() throws Exception {
    Path out = tmp.resolve("predictions");
    ClassifyImages.classify(spark, images.toString()).coalesce(1).write()
        .mode(SaveMode.Overwrite).option("header", "true").csv(out.toString());

    List<String> lines = new ArrayList<String>();
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(out, "part-*.csv")) {
      for (Path part : parts) {
        lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
    }
    assertEquals("path,label,probability", lines.get(0));
    assertEquals(5, lines.size(), lines.toString());
    Map<String, String> seen = new HashMap<String, String>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      assertEquals(3, cells.length, line);
      float p = Float.parseFloat(cells[2]);
      assertTrue(p > 0 && p <= 1, line);
      seen.put(cells[0].substring(cells[0].lastIndexOf('/') + 1), cells[1]);
    }
    assertEquals("academic gown", seen.get("grace_hopper.bmp"));
  }
}
