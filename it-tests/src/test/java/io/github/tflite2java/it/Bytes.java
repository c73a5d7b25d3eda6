package io.github.tflite2java.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.HexFormat;

/** Byte-for-byte comparison of tensors, with failure messages that say where and by how much they differ. */
public final class Bytes {

    private static final int LISTED = 8;

    private Bytes() {
    }

    /**
     * Describes how {@code actual} differs from {@code expected}, or returns {@code null} if they are
     * equal. Values are shown unsigned (uint8) and, for int8 readers, signed too.
     */
    public static String difference(byte[] expected, byte[] actual) {
        if (expected == null || actual == null) {
            return expected == actual ? null
                    : "expected " + describe(expected) + " but was " + describe(actual);
        }
        if (expected.length != actual.length) {
            return "length differs: expected " + expected.length + " bytes, actual " + actual.length + " bytes";
        }
        int count = 0;
        int first = -1;
        int maxStep = 0;
        int maxAt = -1;
        StringBuilder listed = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                if (count == 0) {
                    first = i;
                }
                if (count < LISTED) {
                    listed.append(count == 0 ? "" : ", ").append('[').append(i).append("] ")
                            .append(expected[i] & 0xFF).append("->").append(actual[i] & 0xFF);
                }
                count++;
                int step = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
                if (step > maxStep) {
                    maxStep = step;
                    maxAt = i;
                }
            }
        }
        if (count == 0) {
            return null;
        }
        return count + " of " + expected.length + " bytes differ; first differing index " + first
                + ": expected " + value(expected[first]) + ", actual " + value(actual[first])
                + "; largest difference " + maxStep + " steps (uint8) at index " + maxAt
                + "; differing [index] expected->actual: " + listed + (count > LISTED ? ", ..." : "");
    }

    /** Fails with {@link #difference} (prefixed by {@code context}) unless the arrays are equal. */
    public static void assertSameBytes(byte[] expected, byte[] actual, String context) {
        String diff = difference(expected, actual);
        if (diff != null) {
            fail(context + ": " + diff);
        }
    }

    private static String value(byte b) {
        return (b & 0xFF) + " (0x" + HexFormat.of().toHexDigits(b) + ", int8 " + b + ")";
    }

    private static String describe(byte[] a) {
        return a == null ? "null" : a.length + " bytes";
    }
}
