package io.github.tflite2java.examples.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import scala.Tuple3;

/**
 * Classifies every image of a folder as a Spark job with the MobileNet class that tflite2java
 * generated at build time, writing {@code path,label,probability} rows as CSV.
 *
 * <pre>
 * spark-submit --class io.github.tflite2java.examples.spark.ClassifyImages \
 *     tflite2java-example-spark-VERSION.jar images/ predictions/
 * </pre>
 *
 * <p>Nothing model-related is shipped to the executors but the class itself: its weights are
 * static (decoded once per executor JVM), and each partition creates one {@link Mobilenet}
 * instance, whose allocation-free {@code infer} reuses its own activation memory for every
 * image of the partition.
 */
public final class ClassifyImages {

  /** File name patterns of the images read (Spark's {@code pathGlobFilter}). */
  static final String IMAGE_GLOB = "*.{bmp,jpg,jpeg,png,gif}";

  private ClassifyImages() {}

  /** {@code ClassifyImages <image folder> <output folder>}. */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ClassifyImages <image folder> <output folder>");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("tflite2java ClassifyImages")
        .getOrCreate();
    try {
      classify(spark, args[0]).write().mode(SaveMode.Overwrite).option("header", "true")
          .csv(args[1]);
    } finally {
      spark.stop();
    }
  }

  /** The top-1 class of every image under {@code folder}: columns path, label, probability. */
  public static Dataset<Row> classify(SparkSession spark, String folder) {
    Dataset<Row> files = spark.read().format("binaryFile")
        .option("pathGlobFilter", IMAGE_GLOB)
        .option("recursiveFileLookup", "true")
        .load(folder)
        .select("path", "content");
    return files.mapPartitions(
            (MapPartitionsFunction<Row, Tuple3<String, String, Float>>) ClassifyImages::partition,
            Encoders.tuple(Encoders.STRING(), Encoders.STRING(), Encoders.FLOAT()))
        .toDF("path", "label", "probability");
  }

  /** One model instance for the whole partition; one output buffer reused for every image. */
  static Iterator<Tuple3<String, String, Float>> partition(Iterator<Row> rows)
      throws IOException {
    Mobilenet model = new Mobilenet();
    byte[] output = new byte[Mobilenet.OUTPUT_SIZE];
    List<Tuple3<String, String, Float>> out = new ArrayList<Tuple3<String, String, Float>>();
    while (rows.hasNext()) {
      Row row = rows.next();
      String path = row.getString(0);
      model.infer(input(path, (byte[]) row.get(1)), output);
      Mobilenet.Prediction best = Mobilenet.topK(output, 1).get(0);
      out.add(new Tuple3<String, String, Float>(path, best.label(), best.probability()));
    }
    return out.iterator();
  }

  /** Decodes an image file's bytes and turns them into the model's input. */
  static byte[] input(String path, byte[] content) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(content));
    if (image == null) {
      throw new IOException("not an image ImageIO can decode: " + path);
    }
    // The generated helper resizes as ImageMagick does (including grey and palette images).
    return Mobilenet.Awt.inputFromImage(image);
  }
}
