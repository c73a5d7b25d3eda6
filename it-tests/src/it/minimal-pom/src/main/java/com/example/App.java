package com.example;

import java.io.File;
import javax.imageio.ImageIO;

public class App {
  public static void main(String[] args) throws Exception {
    // Resized and quantized for the model by the generated image helpers.
    byte[] imageBytes = Mobilenet.Awt.inputFromImage(ImageIO.read(new File(args[0])));
    byte[] scores = Mobilenet.infer(imageBytes);
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if ((scores[i] & 0xFF) > (scores[best] & 0xFF)) {
        best = i;
      }
    }
    System.out.println("class " + best + ", score " + (scores[best] & 0xFF) + "/255");
  }
}
