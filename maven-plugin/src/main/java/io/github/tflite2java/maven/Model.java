package io.github.tflite2java.maven;

import java.io.File;

/**
 * One {@code <model>} entry of the {@code generate} goal: a .tflite file (or a model published
 * to a Maven repository), the class to generate from it, and its optional extras.
 *
 * <pre>{@code
 * <model>
 *   <file>src/main/tflite/mobilenet_v1_1.0_224_quant.tflite</file>
 *   <className>com.example.MobilenetV1</className>
 *   <sha256>7511b8c9f30e30cea70589cad1c84b5d7d5abaf48bad1fa8183f8aaa1afd5bf0</sha256>
 *   <labels>src/main/tflite/labels.txt</labels>
 *   <imageHelpers>true</imageHelpers>
 * </model>
 * }</pre>
 */
public class Model {

  /**
   * The .tflite model file; relative paths are resolved against the project directory. Give
   * either this or {@code artifact}.
   */
  private File file;

  /**
   * A model published to a Maven repository, as {@code
   * groupId:artifactId:version[:classifier[:extension]]}; the extension defaults to {@code
   * tflite}. Resolved through the build's repositories like a dependency, e.g. {@code
   * com.example.models:mobilenet-v1:1.0} or {@code com.example.models:mobilenet-v1:1.0::tflite}.
   * Give either this or {@code file}.
   */
  private String artifact;

  /**
   * Fully qualified name of the class to generate, e.g. {@code com.example.MobilenetV1}; a
   * simple name such as {@code MobilenetV1} goes into the goal's {@code packageName}.
   */
  private String className;

  /**
   * The SHA-256 the model file must have (64 hex digits, as {@code sha256sum} prints it). The
   * build fails, naming the file, the expected and the actual digest, when it differs.
   */
  private String sha256;

  /**
   * A labels file, UTF-8, line {@code i} naming output class {@code i} (it must have as many
   * lines as the output has elements). The generated class then gets {@code
   * List<String> LABELS} and {@code topK(byte[] output, int k)}.
   */
  private File labels;

  /**
   * Generates {@code inputFromArgb(int[] argb, int width, int height)}, {@code
   * inputFromRgb(byte[] rgb, int width, int height)} and, in the nested class {@code Awt} (loaded
   * only when called, so the model class needs no {@code java.awt}), {@code
   * inputFromImage(BufferedImage image)}, which resize any image to the model's input exactly as
   * ImageMagick's {@code -resize WxH!} does and quantize it for the model. The model's input must
   * be {@code [1,height,width,3]} uint8 or int8.
   */
  private boolean imageHelpers;

  /**
   * For a model with a dynamic batch (-1 in dimension 0 of its shape signatures, as Keras/MLIR
   * converters write it): the batch to compile for, as TFLite's {@code ResizeInputTensor} would;
   * overrides the plugin's global {@code <batch>}. Absent: the global option, else the batch the
   * model stores (normally 1). A model with fixed shapes fails the build with this option.
   */
  private Integer batch;

  public Integer getBatch() {
    return batch;
  }

  public void setBatch(Integer batch) {
    this.batch = batch;
  }

  public File getFile() {
    return file;
  }

  public void setFile(File file) {
    this.file = file;
  }

  public String getArtifact() {
    return artifact;
  }

  public void setArtifact(String artifact) {
    this.artifact = artifact;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public File getLabels() {
    return labels;
  }

  public void setLabels(File labels) {
    this.labels = labels;
  }

  public boolean isImageHelpers() {
    return imageHelpers;
  }

  public void setImageHelpers(boolean imageHelpers) {
    this.imageHelpers = imageHelpers;
  }

  @Override
  public String toString() {
    return "Model{file=" + file + ", artifact=" + artifact + ", className=" + className
        + ", sha256=" + sha256 + ", labels=" + labels + ", imageHelpers=" + imageHelpers + ", batch=" + batch + "}";
  }
}
