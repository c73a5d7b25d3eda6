/**
 * Result helpers that generated classes of detectors, segmenters and pose models carry as public
 * nested classes (copied from these definitions by {@link
 * io.github.tflite2java.compiler.helpers.HelperSource}): {@link
 * io.github.tflite2java.compiler.results.Detection}, {@link
 * io.github.tflite2java.compiler.results.Segmentation} and {@link
 * io.github.tflite2java.compiler.results.Keypoint}. Java 8, JDK only, no imports (a nested class
 * cannot carry one).
 */
package io.github.tflite2java.compiler.results;
