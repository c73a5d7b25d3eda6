package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledTest {

  @Test
  void classifiesTheGoldenInput() throws Exception {
    byte[] input = Files.readAllBytes(Paths.get(System.getProperty("tflite2java.shared"),
        "images", "grace_hopper_128x128.rgb"));
    List<Labelled.Prediction> top = Labelled.topK(Labelled.infer(input), 3);

    assertEquals(1001, Labelled.LABELS.size());
    assertEquals("military uniform", Labelled.LABELS.get(653));
    assertThrows(UnsupportedOperationException.class, () -> Labelled.LABELS.add("x"));
    assertEquals(3, top.size());
    assertEquals(401, top.get(0).index());
    assertEquals("academic gown", top.get(0).label());
    assertEquals(Labelled.OUTPUT_SCALE * top.get(0).quantized(), top.get(0).probability(), 0f);
    for (Labelled.Prediction p : top) {
      System.out.println("tflite2java-it: " + p);
    }
  }
}
