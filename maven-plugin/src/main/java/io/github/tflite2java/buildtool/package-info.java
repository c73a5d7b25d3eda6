/**
 * Build-tool-neutral core of the tflite2java build integrations: validates a list of models,
 * decides whether generation is up to date, compiles, writes and cleans up generated sources.
 * Nothing here depends on Maven, so a Gradle plugin can reuse it; the Maven mojo is a thin
 * adapter over {@link io.github.tflite2java.buildtool.IncrementalGenerator}.
 */
package io.github.tflite2java.buildtool;
