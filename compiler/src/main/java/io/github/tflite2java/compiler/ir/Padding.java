package io.github.tflite2java.compiler.ir;

/** TFLite padding scheme of convolutions and pools. */
public enum Padding {
  SAME,
  VALID
}
