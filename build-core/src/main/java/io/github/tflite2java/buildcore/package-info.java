/**
 * Build-tool-neutral core of the tflite2java build integrations, shared by the Maven plugin and
 * the command line: validates a list of models, reads and hashes each model once, verifies
 * checksums, decides model by model what is up to date, compiles, writes and cleans up generated
 * sources and reports, and keeps problems structured ({@link
 * io.github.tflite2java.buildcore.BuildProblem}) with one text form ({@link
 * io.github.tflite2java.buildcore.ProblemFormatter}). Nothing here depends on Maven; the Maven
 * mojo and the CLI are thin adapters over {@link
 * io.github.tflite2java.buildcore.IncrementalGenerator}.
 */
package io.github.tflite2java.buildcore;
