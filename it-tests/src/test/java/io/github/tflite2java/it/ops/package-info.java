/**
 * Proof by generated models: a randomized differential test of every operator tflite2java
 * supports ({@link io.github.tflite2java.it.ops.OpFuzzTest}).
 *
 * <p>The pieces: {@code OpGenerators} (the table of per-operator generators, each a small
 * class on {@code GenBase}, which holds what they share), {@code Quant} and {@code Rnd} (realistic random weights, scales, zero points),
 * {@code Net} (a model under construction on {@code TfliteModelBuilder}), {@code FuzzPlan}
 * (which cases a run makes; case {@code <seed>:<index>} is a pure function of both),
 * {@code FuzzRunner} (compile in memory with {@code BatchJavac}, run, compare with the live
 * {@code Target}), and {@code GeneratedModel} (calls a generated class).
 *
 * <p>Commands (from the repository root):
 *
 * <pre>
 * # the normal run (part of the it-tests suite): 1,560 cases over 59 rows (operator and type) and chains
 * mvn -o -pl it-tests -am verify -Dinvoker.skip=true -Dtest=OpFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * # the long run: 26,000 cases, optionally another seed or only some rows
 * ... -Dtflite2java.it.longFuzz=true -Dtflite2java.it.fuzzSeed=42 \
 *     -Dtflite2java.it.fuzzOps=CONV_2D,chains
 * # replay one case printed by a failure (writes target/op-fuzz/&lt;seed&gt;_&lt;index&gt;.*)
 * ... -Dtflite2java.it.case=64460234788:17
 * </pre>
 *
 * <p>TFLite 2.9.0's C library comes from {@code scripts/fetch-tflite-c.sh}; without it the
 * comparisons with the default options are skipped with that message, and only the
 * {@code tfliteVersion 2.6} classes are checked (against TFLite 2.6.2's Java Interpreter).
 */
package io.github.tflite2java.it.ops;
