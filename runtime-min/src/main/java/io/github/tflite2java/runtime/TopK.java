package io.github.tflite2java.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Picks the {@code k} highest scores of a quantized classifier output, ties going to the lower
 * class index.
 */
public final class TopK {

  private TopK() {}

  /**
   * Returns the top {@code k} of a {@code uint8} output (bytes read as 0..255), best first.
   *
   * @param output the output tensor, one score per class
   * @param k how many entries to return (fewer if the output is shorter)
   * @param scale the output tensor's quantization scale
   * @param zeroPoint the output tensor's quantization zero point
   * @param labels class names by index, or {@code null}; missing names give a {@code null} label
   */
  public static List<Entry> uint8(
      byte[] output, int k, float scale, int zeroPoint, List<String> labels) {
    return top(output, k, scale, zeroPoint, labels, false);
  }

  /**
   * Returns the top {@code k} of an {@code int8} output (bytes read as -128..127), best first;
   * parameters as for {@link #uint8}.
   */
  public static List<Entry> int8(
      byte[] output, int k, float scale, int zeroPoint, List<String> labels) {
    return top(output, k, scale, zeroPoint, labels, true);
  }

  private static List<Entry> top(
      byte[] output, int k, float scale, int zeroPoint, List<String> labels, boolean signed) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative: " + k);
    }
    int m = Math.min(k, output.length);
    int[] index = new int[m];
    int[] value = new int[m];
    int size = 0;
    for (int i = 0; i < output.length; i++) {
      int v = signed ? output[i] : output[i] & 0xFF;
      if (size == m && (m == 0 || v <= value[m - 1])) {
        continue; // not strictly better than the current last: earlier index keeps the tie
      }
      int at = size < m ? size : m - 1;
      while (at > 0 && value[at - 1] < v) {
        index[at] = index[at - 1];
        value[at] = value[at - 1];
        at--;
      }
      index[at] = i;
      value[at] = v;
      if (size < m) {
        size++;
      }
    }
    List<Entry> result = new ArrayList<Entry>(size);
    for (int j = 0; j < size; j++) {
      String label = labels != null && index[j] < labels.size() ? labels.get(index[j]) : null;
      result.add(new Entry(index[j], label, value[j], scale * (value[j] - zeroPoint)));
    }
    return Collections.unmodifiableList(result);
  }

  /** One class of a top-k result: index, label, quantized score and dequantized probability. */
  public static final class Entry {
    private final int index;
    private final String label;
    private final int quantized;
    private final float probability;

    /**
     * Creates an entry; {@code probability} is normally {@code scale * (quantized - zeroPoint)}.
     */
    public Entry(int index, String label, int quantized, float probability) {
      this.index = index;
      this.label = label;
      this.quantized = quantized;
      this.probability = probability;
    }

    /** The class index. */
    public int index() {
      return index;
    }

    /** The class name, or {@code null} if none was given. */
    public String label() {
      return label;
    }

    /** The raw quantized score (0..255 for uint8, -128..127 for int8). */
    public int quantized() {
      return quantized;
    }

    /** The dequantized score, {@code scale * (quantized - zeroPoint)}. */
    public float probability() {
      return probability;
    }

    /** Formats as {@code 653 military uniform 0.906 (q=232)}. */
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d%s %.3f (q=%d)",
          index,
          label == null ? "" : " " + label,
          probability,
          quantized);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Entry)) {
        return false;
      }
      Entry e = (Entry) o;
      return index == e.index
          && quantized == e.quantized
          && Float.floatToIntBits(probability) == Float.floatToIntBits(e.probability)
          && (label == null ? e.label == null : label.equals(e.label));
    }

    @Override
    public int hashCode() {
      int h = index;
      h = 31 * h + (label == null ? 0 : label.hashCode());
      h = 31 * h + quantized;
      return 31 * h + Float.floatToIntBits(probability);
    }
  }
}
