package io.github.tflite2java.compiler.report;

/**
 * One storage block of the activation arena: a tensor (and any tensors that reinterpret it)
 * with its place and lifetime.
 *
 * @param tensor index of the tensor that owns the block
 * @param name that tensor's name (untrusted text)
 * @param offsetBytes where the block starts in the arena
 * @param sizeBytes how many bytes it takes
 * @param firstStep the first operator that uses it, -1 for a graph input
 * @param lastStep the last operator that uses it, the operator count for a graph output
 */
public record ArenaBlock(int tensor, String name, long offsetBytes, long sizeBytes,
    int firstStep, int lastStep) {}
