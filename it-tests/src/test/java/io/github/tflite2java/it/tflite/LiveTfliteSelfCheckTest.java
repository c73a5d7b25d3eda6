package io.github.tflite2java.it.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.tflite2java.it.Bytes;
import io.github.tflite2java.it.Golden;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the TFLite 2.6.2 harness: for every shared model and golden input, {@link LiveTflite}
 * returns exactly the stored {@code .tflite-2.6.2.out} bytes.
 */
class LiveTfliteSelfCheckTest {

    private static final Map<String, LiveTflite> INTERPRETERS = new ConcurrentHashMap<>();

    static LiveTflite interpreter(String model) {
        return INTERPRETERS.computeIfAbsent(model, m -> new LiveTflite(Golden.modelFile(m)));
    }

    @AfterAll
    static void closeAll() {
        INTERPRETERS.values().forEach(LiveTflite::close);
        INTERPRETERS.clear();
    }

    static Stream<Arguments> goldenCases() {
        return Golden.models().stream()
                .flatMap(m -> Golden.inputs(m).stream().map(in -> Arguments.of(m, in)));
    }

    @Test
    void sharedMaterialIsComplete() {
        List<String> models = Golden.models();
        assertEquals(6, models.size(), "models with golden folders in " + Golden.sharedDir() + ": " + models);
        for (String m : models) {
            assertEquals(List.of("grace_hopper", "random_1", "random_2"), Golden.inputs(m), m);
        }
    }

    @Test
    void reportsRuntimeVersion() {
        assertEquals("2.6.2", LiveTflite.runtimeVersion());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("goldenCases")
    void matchesTflite262Golden(String model, String input) {
        LiveTflite tflite = interpreter(model);
        byte[] in = Golden.input(model, input);
        assertEquals(1, tflite.inputCount());
        assertEquals(1, tflite.outputCount());
        assertEquals(in.length, tflite.inputBytes(0), "input tensor size");
        byte[] expected = Golden.expected(model, input, Golden.Runtime.TFLITE_2_6_2);
        byte[] actual = tflite.run(in);
        Bytes.assertSameBytes(expected, actual, model + " / " + input + " vs " + Golden.Runtime.TFLITE_2_6_2.suffix());
    }

    @Test
    void repeatedAndListFormsAgree() {
        String model = "mobilenet_v1_0.25_128_quant";
        LiveTflite tflite = interpreter(model);
        byte[] a = Golden.input(model, "random_1");
        byte[] b = Golden.input(model, "grace_hopper");
        byte[] first = tflite.run(a);
        tflite.run(b);
        assertArrayEquals(first, tflite.run(List.of(a)).get(0), "same input, same interpreter, after another input");
        assertArrayEquals(first, tflite.runAll(a)[0], "varargs form");
        try (LiveTflite fresh = new LiveTflite(Golden.modelBytes(model))) {
            assertArrayEquals(first, fresh.run(a), "model given as bytes");
        }
    }

    @Test
    void describesTensors() {
        LiveTflite tflite = interpreter("mobilenet_v1_1.0_224_quant");
        assertArrayEquals(new int[] {1, 224, 224, 3}, tflite.inputShape(0));
        assertArrayEquals(new int[] {1, 1001}, tflite.outputShape(0));
        assertEquals("UINT8", tflite.inputType(0));
        assertEquals("UINT8", tflite.outputType(0));
        assertEquals(224 * 224 * 3, tflite.inputBytes(0));
        assertEquals(1001, tflite.outputBytes(0));
        assertEquals(128.0, tflite.inputQuantization(0)[1]);
    }

    @Test
    void rejectsWrongInputLengthAndUseAfterClose() {
        String model = "mobilenet_v1_0.25_128_quant";
        LiveTflite tflite = new LiveTflite(Golden.modelFile(model));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tflite.run(new byte[7]));
        assertEquals(true, e.getMessage().contains(String.valueOf(128 * 128 * 3)), e.getMessage());
        tflite.close();
        tflite.close();
        assertThrows(IllegalStateException.class, () -> tflite.run(new byte[128 * 128 * 3]));
    }
}
