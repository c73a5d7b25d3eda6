/**
 * C library maths reproduced bit for bit in Java 8 for generated classes: glibc 2.36's
 * {@code expf} ({@link io.github.tflite2java.compiler.floatmath.GlibcExpf}) and {@code exp}
 * ({@link io.github.tflite2java.compiler.floatmath.GlibcExp}), each in the FMA build glibc runs
 * on x86-64 CPUs with FMA and AVX2 and in the build without FMA. {@code GlibcExpfTest} holds them
 * to the machine's libm through JNA; the FMA emulation is held to {@code Math.fma}.
 *
 * <p>TFLite 2.9's detection post-processing calls {@code exp} (double), not {@code expf}: its C
 * library computes box sizes in double (see the disassembly notes in {@code GlibcExp}).
 * {@code Math.exp} differs from glibc's {@code exp} on about 0.18% of doubles, and on rare
 * inputs that changes the float box TFLite returns.
 */
package io.github.tflite2java.compiler.floatmath;
