package io.github.tflite2java.compiler.ops;

/**
 * Where a layer's 8-bit weights sit, as stored in the model, in the class's {@code byte[]} of
 * raw weights ({@link EmitContext#rawWeights}): the field's name and the first weight's index.
 */
public record RawWeights(String field, int offset) {}
