/**
 * TFLite's CUSTOM operator {@code TFLite_Detection_PostProcess} (SSD box decoding and
 * non-maximum suppression): its options ({@link io.github.tflite2java.compiler.detect.DetectionOptionsParser}),
 * tensor checks ({@link io.github.tflite2java.compiler.detect.DetectionTensorCheck}) and a Java 8
 * reference of TFLite 2.9's kernel ({@link io.github.tflite2java.compiler.detect.DetectionPostProcess})
 * held to live TFLite 2.9 C byte for byte in it-tests ({@code DetectionPostProcessLiveTest}).
 * Not yet wired into the generator.
 */
package io.github.tflite2java.compiler.detect;
