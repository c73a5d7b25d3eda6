package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TinyMobilenetTest {

  @Test
  void infersOnZeros() {
    assertEquals(128 * 128 * 3, TinyMobilenet.INPUT_SIZE);
    byte[] output = TinyMobilenet.infer(new byte[TinyMobilenet.INPUT_SIZE]);
    assertEquals(1001, output.length);
    System.out.println("tflite2java-it: output length " + output.length);
  }
}
