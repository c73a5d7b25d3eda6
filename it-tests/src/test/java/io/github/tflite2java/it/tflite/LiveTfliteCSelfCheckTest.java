package io.github.tflite2java.it.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.Golden;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the TFLite 2.9.0 C harness: for every shared model and golden input, {@link LiveTfliteC}
 * returns exactly the stored {@code .tflite-2.9.out} bytes. Skipped when the library has not been
 * fetched (run {@code scripts/fetch-tflite-c.sh}).
 */
class LiveTfliteCSelfCheckTest {

    private static final Map<String, LiveTfliteC> INTERPRETERS = new ConcurrentHashMap<>();

    private static volatile boolean warned;

    @BeforeEach
    void requireLibrary() {
        if (!warned && !LiveTfliteC.isAvailable()) {
            warned = true;
            System.err.println("[LiveTfliteCSelfCheckTest] " + LiveTfliteC.MISSING);
        }
        LiveTfliteC.require();
    }

    static LiveTfliteC interpreter(String model) {
        return INTERPRETERS.computeIfAbsent(model, m -> new LiveTfliteC(Golden.modelFile(m)));
    }

    @AfterAll
    static void closeAll() {
        INTERPRETERS.values().forEach(LiveTfliteC::close);
        INTERPRETERS.clear();
    }

    static Stream<Arguments> goldenCases() {
        return LiveTfliteSelfCheckTest.goldenCases();
    }

    @Test
    void reportsRuntimeVersion() {
        assertEquals("2.9.0", LiveTfliteC.runtimeVersion());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("goldenCases")
    void matchesTflite29Golden(String model, String input) {
        LiveTfliteC tflite = interpreter(model);
        byte[] in = Golden.input(model, input);
        assertEquals(in.length, tflite.inputBytes(0), "input tensor size");
        byte[] expected = Golden.expected(model, input, Golden.Runtime.TFLITE_2_9);
        Bytes.assertSameBytes(expected, tflite.run(in), model + " / " + input + " vs " + Golden.Runtime.TFLITE_2_9.suffix());
    }

    /** The goldens tell the two builds apart on MobileNet v2, so the harness really is 2.9.0, not 2.6.2. */
    @Test
    void differsFromTflite262WhereTheGoldensDo() {
        String model = "mobilenet_v2_1.0_224_quant";
        boolean anyDifference = false;
        for (String input : Golden.inputs(model)) {
            byte[] actual = interpreter(model).run(Golden.input(model, input));
            anyDifference |= Bytes.difference(Golden.expected(model, input, Golden.Runtime.TFLITE_2_6_2), actual) != null;
        }
        assertTrue(anyDifference, "TFLite 2.9.0 C output equals the 2.6.2 golden on every input of " + model);
    }

    @Test
    void describesTensorsAndFormsAgree() {
        String model = "mobilenet_v1_0.25_128_quant";
        LiveTfliteC tflite = interpreter(model);
        assertArrayEquals(new int[] {1, 128, 128, 3}, tflite.inputShape(0));
        assertArrayEquals(new int[] {1, 1001}, tflite.outputShape(0));
        assertEquals(3, tflite.inputType(0), "kTfLiteUInt8");
        assertEquals(3, tflite.outputType(0), "kTfLiteUInt8");
        assertEquals(1, tflite.inputCount());
        assertEquals(1, tflite.outputCount());
        assertEquals(1001, tflite.outputBytes(0));
        byte[] a = Golden.input(model, "random_2");
        byte[] first = tflite.run(a);
        tflite.run(Golden.input(model, "grace_hopper"));
        assertArrayEquals(first, tflite.run(List.of(a)).get(0));
        assertArrayEquals(first, tflite.runAll(a)[0]);
        try (LiveTfliteC fresh = new LiveTfliteC(Golden.modelBytes(model))) {
            assertArrayEquals(first, fresh.run(a), "model given as bytes");
        }
    }

    @Test
    void rejectsWrongInputLengthAndUseAfterClose() {
        LiveTfliteC tflite = new LiveTfliteC(Golden.modelFile("mobilenet_v1_0.25_128_quant"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tflite.run(new byte[7]));
        assertTrue(e.getMessage().contains(String.valueOf(128 * 128 * 3)), e.getMessage());
        tflite.close();
        tflite.close();
        assertNotNull(assertThrows(IllegalStateException.class, () -> tflite.run(new byte[128 * 128 * 3])));
    }
}
