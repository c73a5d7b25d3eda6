package io.github.tflite2java.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {

  private static final List<String> LABELS = Arrays.asList("a", "b", "c", "d", "e", "f");

  @Test
  void ordersByValueThenLowerIndex() {
    byte[] out = {5, 9, (byte) 200, 9, 0, (byte) 200};

    List<TopK.Entry> top = TopK.uint8(out, 4, 1f / 256, 0, LABELS);

    assertEquals(Arrays.asList(2, 5, 1, 3), indices(top));
    assertEquals("c", top.get(0).label());
    assertEquals(200, top.get(0).quantized());
    assertEquals(200f / 256, top.get(0).probability());
  }

  @Test
  void allEqualKeepsTheFirstIndices() {
    assertEquals(Arrays.asList(0, 1, 2), indices(TopK.uint8(new byte[6], 3, 1f, 0, null)));
  }

  @Test
  void readsUint8AsUnsignedAndInt8AsSigned() {
    byte[] out = {(byte) 0x80, 0x7F, (byte) 0xFF, 0};

    assertEquals(Arrays.asList(2, 0, 1, 3), indices(TopK.uint8(out, 4, 1f, 0, null)));
    assertEquals(Arrays.asList(1, 3, 2, 0), indices(TopK.int8(out, 4, 1f, 0, null)));
  }

  @Test
  void dequantizesWithScaleAndZeroPoint() {
    TopK.Entry e = TopK.int8(new byte[] {-28}, 1, 0.5f, -128, null).get(0);

    assertEquals(-28, e.quantized());
    assertEquals(50f, e.probability());
  }

  @Test
  void kLargerThanOutputAndZero() {
    assertEquals(3, TopK.uint8(new byte[] {1, 2, 3}, 10, 1f, 0, null).size());
    assertTrue(TopK.uint8(new byte[] {1, 2, 3}, 0, 1f, 0, null).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> TopK.uint8(new byte[1], -1, 1f, 0, null));
  }

  @Test
  void missingLabelsAreNull() {
    TopK.Entry e = TopK.uint8(new byte[] {0, 0, 0, 0, 0, 0, 0, 9}, 1, 1f, 0, LABELS).get(0);

    assertEquals(7, e.index());
    assertNull(e.label());
    assertEquals("7 9.000 (q=9)", e.toString());
  }

  @Test
  void formatsLikeTheReadme() {
    byte[] out = new byte[1001];
    out[653] = (byte) 232;
    out[668] = 4;
    out[907] = 4;
    out[820] = 2;
    out[401] = 1;
    String[] names = new String[1001];
    Arrays.fill(names, "x");
    names[653] = "military uniform";
    names[668] = "mortarboard";
    names[907] = "Windsor tie";
    names[820] = "stage";
    names[401] = "academic gown";

    List<TopK.Entry> top = TopK.uint8(out, 5, 1f / 256, 0, Arrays.asList(names));

    assertEquals(
        Arrays.asList(
            "653 military uniform 0.906 (q=232)",
            "668 mortarboard 0.016 (q=4)",
            "907 Windsor tie 0.016 (q=4)",
            "820 stage 0.008 (q=2)",
            "401 academic gown 0.004 (q=1)"),
        strings(top));
  }

  private static List<Integer> indices(List<TopK.Entry> entries) {
    Integer[] result = new Integer[entries.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = entries.get(i).index();
    }
    return Arrays.asList(result);
  }

  private static List<String> strings(List<TopK.Entry> entries) {
    String[] result = new String[entries.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = entries.get(i).toString();
    }
    return Arrays.asList(result);
  }
}
