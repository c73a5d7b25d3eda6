package io.github.tflite2java.it.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.examples.MobilenetV1Quant;
import io.github.tflite2java.examples.MobilenetV1Quant025x128;
import io.github.tflite2java.examples.MobilenetV1Quant050x160;
import io.github.tflite2java.examples.MobilenetV1Quant075x192;
import io.github.tflite2java.examples.MobilenetV2Int8;
import io.github.tflite2java.examples.MobilenetV2Quant;
import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.Golden;
import io.github.tflite2java.compiler.TfliteVersion;
import io.github.tflite2java.it.tflite.LiveTflite;
import io.github.tflite2java.it.tflite.LiveTfliteC;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance of the generated model classes in {@code tflite2java-generated-examples}: their
 * outputs must be TFLite's, byte for byte.
 *
 * <ul>
 *   <li>golden: on the three shared inputs, equal to the stored output of the TFLite build the
 *       class was compiled for (2.9.0 and 2.6.2 agree on every MobileNet v1, and differ on the
 *       MobileNet v2 models);
 *   <li>differential: on seeded random inputs and a few extreme ones, equal to the TFLite build
 *       the class was compiled for, run live: the default classes against TFLite 2.9.0's C
 *       library ({@link LiveTfliteC}; skipped with a message when {@code
 *       scripts/fetch-tflite-c.sh} has not been run), the {@code tfliteVersion=2.6} classes
 *       against TFLite 2.6.2's Java Interpreter ({@link LiveTflite});
 *   <li>the preallocated instance path equals the static path, and the static path is thread-safe;
 *   <li>wrong-sized arrays are rejected with an {@link IllegalArgumentException} naming the
 *       expected length.
 * </ul>
 *
 * <p>System properties: {@value #RANDOM_INPUTS_PROPERTY} (random inputs per model, default
 * {@value #DEFAULT_RANDOM_INPUTS}) and {@value #SEED_PROPERTY} (base seed, default fixed; every
 * failure message names the seed and index needed to reproduce it).
 */
class GeneratedModelConformanceTest {

    static final String RANDOM_INPUTS_PROPERTY = "tflite2java.it.randomInputs";
    static final int DEFAULT_RANDOM_INPUTS = 20;
    static final String SEED_PROPERTY = "tflite2java.it.seed";
    static final long DEFAULT_SEED = 0x7F11E2A5_20180802L;

    /** The preallocated instance form, {@code new X()::infer}. */
    @FunctionalInterface
    interface InstanceInfer {
        void infer(byte[] input, byte[] output);
    }

    /** One generated class, bound to the shared model and the TFLite build it was compiled for. */
    record Generated(String model, String className, TfliteVersion target, int inputSize, int outputSize,
            UnaryOperator<byte[]> staticInfer, Supplier<InstanceInfer> newInstance) {
        @Override
        public String toString() {
            return className + (target == TfliteVersion.V2_9 ? "" : " (tfliteVersion " + target.label() + ")");
        }
    }

    /** The classes under test: extend this table when generated-examples compiles another model. */
    static final List<Generated> GENERATED = List.of(
            new Generated("mobilenet_v1_1.0_224_quant", "MobilenetV1Quant", TfliteVersion.V2_9,
                    MobilenetV1Quant.INPUT_SIZE, MobilenetV1Quant.OUTPUT_SIZE,
                    MobilenetV1Quant::infer, () -> new MobilenetV1Quant()::infer),
            new Generated("mobilenet_v1_0.25_128_quant", "MobilenetV1Quant025x128", TfliteVersion.V2_9,
                    MobilenetV1Quant025x128.INPUT_SIZE, MobilenetV1Quant025x128.OUTPUT_SIZE,
                    MobilenetV1Quant025x128::infer, () -> new MobilenetV1Quant025x128()::infer),
            new Generated("mobilenet_v1_0.5_160_quant", "MobilenetV1Quant050x160", TfliteVersion.V2_9,
                    MobilenetV1Quant050x160.INPUT_SIZE, MobilenetV1Quant050x160.OUTPUT_SIZE,
                    MobilenetV1Quant050x160::infer, () -> new MobilenetV1Quant050x160()::infer),
            new Generated("mobilenet_v1_0.75_192_quant", "MobilenetV1Quant075x192", TfliteVersion.V2_9,
                    MobilenetV1Quant075x192.INPUT_SIZE, MobilenetV1Quant075x192.OUTPUT_SIZE,
                    MobilenetV1Quant075x192::infer, () -> new MobilenetV1Quant075x192()::infer),
            new Generated("mobilenet_v2_1.0_224_quant", "MobilenetV2Quant", TfliteVersion.V2_9,
                    MobilenetV2Quant.INPUT_SIZE, MobilenetV2Quant.OUTPUT_SIZE,
                    MobilenetV2Quant::infer, () -> new MobilenetV2Quant()::infer),
            new Generated("tf2_mobilenet_v2_1.0_224_ptq", "MobilenetV2Int8", TfliteVersion.V2_9,
                    MobilenetV2Int8.INPUT_SIZE, MobilenetV2Int8.OUTPUT_SIZE,
                    MobilenetV2Int8::infer, () -> new MobilenetV2Int8()::infer),
            new Generated("mobilenet_v1_1.0_224_quant", "MobilenetV1Quant", TfliteVersion.V2_6,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant.INPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant.OUTPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant::infer,
                    () -> new io.github.tflite2java.it.tflite26.MobilenetV1Quant()::infer),
            new Generated("mobilenet_v1_0.25_128_quant", "MobilenetV1Quant025x128", TfliteVersion.V2_6,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant025x128.INPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant025x128.OUTPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant025x128::infer,
                    () -> new io.github.tflite2java.it.tflite26.MobilenetV1Quant025x128()::infer),
            new Generated("mobilenet_v1_0.5_160_quant", "MobilenetV1Quant050x160", TfliteVersion.V2_6,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant050x160.INPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant050x160.OUTPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant050x160::infer,
                    () -> new io.github.tflite2java.it.tflite26.MobilenetV1Quant050x160()::infer),
            new Generated("mobilenet_v1_0.75_192_quant", "MobilenetV1Quant075x192", TfliteVersion.V2_6,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant075x192.INPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant075x192.OUTPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV1Quant075x192::infer,
                    () -> new io.github.tflite2java.it.tflite26.MobilenetV1Quant075x192()::infer),
            new Generated("mobilenet_v2_1.0_224_quant", "MobilenetV2Quant", TfliteVersion.V2_6,
                    io.github.tflite2java.it.tflite26.MobilenetV2Quant.INPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV2Quant.OUTPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV2Quant::infer,
                    () -> new io.github.tflite2java.it.tflite26.MobilenetV2Quant()::infer),
            new Generated("tf2_mobilenet_v2_1.0_224_ptq", "MobilenetV2Int8", TfliteVersion.V2_6,
                    io.github.tflite2java.it.tflite26.MobilenetV2Int8.INPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV2Int8.OUTPUT_SIZE,
                    io.github.tflite2java.it.tflite26.MobilenetV2Int8::infer,
                    () -> new io.github.tflite2java.it.tflite26.MobilenetV2Int8()::infer));

    private static final Map<String, LiveTflite> REFERENCES = new ConcurrentHashMap<>();
    private static final Map<String, LiveTfliteC> REFERENCES_2_9 = new ConcurrentHashMap<>();

    /** TFLite 2.6.2, live: tensor sizes, and the reference for the 2.6 classes. */
    static LiveTflite reference(Generated g) {
        return REFERENCES.computeIfAbsent(g.model(), m -> new LiveTflite(Golden.modelFile(m)));
    }

    /** The live TFLite build the class was compiled to reproduce. */
    static UnaryOperator<byte[]> liveReference(Generated g) {
        if (g.target() == TfliteVersion.V2_6) {
            LiveTflite tflite = reference(g);
            return tflite::run;
        }
        LiveTfliteC.require();
        LiveTfliteC tflite = REFERENCES_2_9.computeIfAbsent(g.model(), m -> new LiveTfliteC(Golden.modelFile(m)));
        return tflite::run;
    }

    static String referenceName(Generated g) {
        return g.target() == TfliteVersion.V2_6 ? "TFLite 2.6.2" : "TFLite 2.9.0";
    }

    @AfterAll
    static void closeReferences() {
        REFERENCES.values().forEach(LiveTflite::close);
        REFERENCES.clear();
        REFERENCES_2_9.values().forEach(LiveTfliteC::close);
        REFERENCES_2_9.clear();
    }

    static Stream<Generated> generated() {
        return GENERATED.stream();
    }

    static Stream<Arguments> goldenCases() {
        return GENERATED.stream().flatMap(g -> Golden.inputs(g.model()).stream().map(in -> Arguments.of(g, in)));
    }

    // ---------------------------------------------------------------- sizes

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void sizesAreTheModelTensorSizes(Generated g) {
        LiveTflite tflite = reference(g);
        assertEquals(tflite.inputBytes(0), g.inputSize(), g + ".INPUT_SIZE");
        assertEquals(tflite.outputBytes(0), g.outputSize(), g + ".OUTPUT_SIZE");
    }

    // ---------------------------------------------------------------- (a) golden

    /** The stored outputs of the TFLite build the class reproduces. */
    static Golden.Runtime goldenRuntime(Generated g) {
        return g.target() == TfliteVersion.V2_6 ? Golden.Runtime.TFLITE_2_6_2 : Golden.Runtime.TFLITE_2_9;
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("goldenCases")
    void equalsTheGoldenOfItsTfliteBuild(Generated g, String input) {
        byte[] in = Golden.input(g.model(), input);
        byte[] actual = g.staticInfer().apply(in.clone());
        Golden.Runtime runtime = goldenRuntime(g);
        String diff = Bytes.difference(Golden.expected(g.model(), input, runtime), actual);
        if (diff != null) {
            fail(g + ".infer(" + input + ") vs " + Golden.expectedFile(g.model(), input, runtime).getFileName()
                    + ": " + diff);
        }
    }

    // ---------------------------------------------------------------- (b) differential

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void equalsLiveTfliteOnSeededRandomInputs(Generated g) {
        int count = Integer.getInteger(RANDOM_INPUTS_PROPERTY, DEFAULT_RANDOM_INPUTS);
        long seed = baseSeed();
        UnaryOperator<byte[]> tflite = liveReference(g);
        List<String> failures = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            long inputSeed = inputSeed(seed, g.model(), index);
            byte[] in = new byte[g.inputSize()];
            new Random(inputSeed).nextBytes(in);
            byte[] expected = tflite.apply(in.clone());
            byte[] actual = g.staticInfer().apply(in.clone());
            String diff = Bytes.difference(expected, actual);
            if (diff != null) {
                failures.add("random input index " + index + " of seed " + seed + " (input = new Random("
                        + inputSeed + "L).nextBytes(new byte[" + g.inputSize() + "])): " + diff);
            }
        }
        if (!failures.isEmpty()) {
            fail(g + " differs from " + referenceName(g) + " on " + failures.size() + " of " + count + " random inputs (-D"
                    + SEED_PROPERTY + "=" + seed + " to reproduce):\n" + String.join("\n", failures));
        }
    }

    /** Constant and extreme inputs drive the requantization and saturation paths to their ends. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void equalsLiveTfliteOnExtremeInputs(Generated g) {
        UnaryOperator<byte[]> tflite = liveReference(g);
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("all 0", filled(g.inputSize(), 0));
        inputs.put("all 255", filled(g.inputSize(), 255));
        inputs.put("all 128 (input zero point)", filled(g.inputSize(), 128));
        byte[] checkerboard = new byte[g.inputSize()];
        for (int i = 0; i < checkerboard.length; i++) {
            checkerboard[i] = (byte) (((i / 3) + (i / 3 / side(g))) % 2 == 0 ? 0 : 255);
        }
        inputs.put("0/255 checkerboard", checkerboard);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            String diff = Bytes.difference(tflite.apply(e.getValue().clone()), g.staticInfer().apply(e.getValue().clone()));
            if (diff != null) {
                failures.add(e.getKey() + ": " + diff);
            }
        }
        if (!failures.isEmpty()) {
            fail(g + " differs from " + referenceName(g) + " on extreme inputs:\n" + String.join("\n", failures));
        }
    }

    // ---------------------------------------------------------------- (c) instance path, threads

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void instancePathEqualsStaticPath(Generated g) {
        byte[] a = Golden.input(g.model(), "grace_hopper");
        byte[] b = Golden.input(g.model(), "random_1");
        byte[] aCopy = a.clone();
        byte[] bCopy = b.clone();
        byte[] staticA = g.staticInfer().apply(a);
        byte[] staticB = g.staticInfer().apply(b);
        assertArrayEquals(aCopy, a, g + ".infer(byte[]) must not modify its input");

        InstanceInfer instance = g.newInstance().get();
        byte[] out = new byte[g.outputSize()];
        byte[][] inputs = {a, b, a};
        byte[][] expected = {staticA, staticB, staticA};
        String[] names = {"grace_hopper", "random_1", "grace_hopper again"};
        for (int call = 0; call < inputs.length; call++) {
            Arrays.fill(out, (byte) 0x5A); // every byte must be written
            instance.infer(inputs[call], out);
            Bytes.assertSameBytes(expected[call], out,
                    g + " instance infer, call " + (call + 1) + " (" + names[call] + ") vs static infer");
        }
        assertArrayEquals(aCopy, a, g + " instance infer must not modify its input");
        assertArrayEquals(bCopy, b, g + " instance infer must not modify its input");

        byte[] other = new byte[g.outputSize()];
        g.newInstance().get().infer(b, other);
        Bytes.assertSameBytes(staticB, other, g + " second instance vs static infer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void staticInferIsThreadSafe(Generated g) throws Exception {
        List<String> inputs = Golden.inputs(g.model());
        int rounds = 2;
        ExecutorService pool = Executors.newFixedThreadPool(inputs.size());
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (String input : inputs) {
                    byte[] in = Golden.input(g.model(), input);
                    futures.add(pool.submit(() -> g.staticInfer().apply(in)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                String input = inputs.get(i % inputs.size());
                Bytes.assertSameBytes(Golden.expected(g.model(), input, goldenRuntime(g)), futures.get(i).get(),
                        g + ".infer(" + input + ") on " + inputs.size() + " concurrent threads, round " + (i / inputs.size() + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- (d) wrong sizes

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void wrongLengthsAreRejectedNamingTheExpectedLength(Generated g) {
        String in = String.valueOf(g.inputSize());
        String out = String.valueOf(g.outputSize());
        InstanceInfer instance = g.newInstance().get();
        for (int length : new int[] {0, g.inputSize() - 1, g.inputSize() + 1}) {
            byte[] wrong = new byte[length];
            expectRejected(() -> g.staticInfer().apply(wrong), in, g + ".infer(byte[" + length + "])");
            expectRejected(() -> instance.infer(wrong, new byte[g.outputSize()]), in,
                    "new " + g + "().infer(byte[" + length + "], byte[" + g.outputSize() + "])");
        }
        for (int length : new int[] {0, g.outputSize() - 1, g.outputSize() + 1}) {
            expectRejected(() -> instance.infer(new byte[g.inputSize()], new byte[length]), out,
                    "new " + g + "().infer(byte[" + g.inputSize() + "], byte[" + length + "])");
        }
    }

    private static void expectRejected(Executable call, String expectedLength, String what) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what + " must throw IllegalArgumentException");
        assertTrue(e.getMessage() != null && e.getMessage().contains(expectedLength),
                what + ": message must name the expected length " + expectedLength + ", was: " + e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    static long baseSeed() {
        String s = System.getProperty(SEED_PROPERTY);
        return s == null || s.isBlank() ? DEFAULT_SEED : Long.decode(s.trim());
    }

    /** Each input has its own seed, so one failing index reproduces without the ones before it. */
    static long inputSeed(long seed, String model, int index) {
        long h = seed ^ (model.hashCode() * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL);
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 33);
    }

    private static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** Width of a square NHWC RGB input. */
    private static int side(Generated g) {
        return (int) Math.round(Math.sqrt(g.inputSize() / 3.0));
    }
}
