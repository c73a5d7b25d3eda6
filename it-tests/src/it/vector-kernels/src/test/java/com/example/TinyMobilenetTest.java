package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class TinyMobilenetTest {
  @Test
  void runsTheVectorKernelsBitExact() throws Exception {
    String which = TinyMobilenet.kernels();
    System.out.println("tflite2java-it: kernels " + which);
    assertTrue(which.startsWith("vector: "), which);
    String golden = System.getProperty("golden");
    byte[] in = Files.readAllBytes(Paths.get(golden, "grace_hopper.in"));
    byte[] expected = Files.readAllBytes(Paths.get(golden, "grace_hopper.tflite-2.9.out"));
    assertArrayEquals(expected, TinyMobilenet.infer(in));
  }
}
