/**
 * The tflite2java Maven plugin: goal {@code generate}, a thin adapter from Maven configuration
 * to {@link io.github.tflite2java.buildcore.IncrementalGenerator}.
 */
package io.github.tflite2java.maven;
