package io.github.tflite2java.maven;

import java.io.File;

/**
 * One {@code <model>} entry of the {@code generate} goal: a .tflite file and the class to
 * generate from it.
 *
 * <pre>{@code
 * <model>
 *   <file>src/main/tflite/mobilenet_v1_1.0_224_quant.tflite</file>
 *   <className>com.example.MobilenetV1</className>
 * </model>
 * }</pre>
 */
public class Model {

  /** The .tflite model file; relative paths are resolved against the project directory. */
  private File file;

  /** Fully qualified name of the class to generate, e.g. {@code com.example.MobilenetV1}. */
  private String className;

  public File getFile() {
    return file;
  }

  public void setFile(File file) {
    this.file = file;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  @Override
  public String toString() {
    return "Model{file=" + file + ", className=" + className + "}";
  }
}
