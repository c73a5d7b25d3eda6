package io.github.tflite2java.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws results on a copy of the image, with java.awt only: boxes with captions (Detect), a
 * translucent class mask (Segment), a skeleton with keypoints (Pose). Each method takes plain
 * numbers, so the drawing is tested on TFLite's golden outputs too.
 */
final class Pictures {

  /** Half the width of box edges and bones: edges are {@code 2 * HALF + 1} pixels wide. */
  static final int HALF = 1;

  /** Radius of a keypoint's dot. */
  static final int DOT = 4;

  private Pictures() {}

  /** An RGB copy of {@code image}, to draw on. */
  static BufferedImage copy(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** A bright colour for class {@code c} ({@code 0xRRGGBB}), from a fixed list. */
  static int classColor(int c) {
    int[] colors = {
      0xFF3838, 0x2CCB4A, 0x3D7BFF, 0xFFB21D, 0xCF2BFF, 0x00C2D4, 0xFF6F91, 0x8BE000,
      0xFFE44D, 0x9B5DE5
    };
    return colors[Math.floorMod(c, colors.length)];
  }

  /** The pixel column or row of an edge at {@code v} image pixels. */
  static int edge(float v, int size) {
    return Math.max(0, Math.min(size - 1, Math.round(v)));
  }

  /**
   * Draws each box ({@code left, top, right, bottom} in pixels) in its colour, edges {@code 2 *
   * HALF + 1} pixels wide centred on {@link #edge}, with its caption on a filled band above the
   * box (inside it at the image's top). Later boxes are drawn over earlier ones.
   */
  static BufferedImage boxes(BufferedImage image, float[][] boxes, int[] colors,
      String[] captions) {
    BufferedImage out = copy(image);
    int w = out.getWidth();
    int h = out.getHeight();
    Graphics2D g = out.createGraphics();
    for (int i = 0; i < boxes.length; i++) {
      int x0 = edge(boxes[i][0], w);
      int y0 = edge(boxes[i][1], h);
      int x1 = edge(boxes[i][2], w);
      int y1 = edge(boxes[i][3], h);
      g.setColor(new Color(colors[i]));
      g.fillRect(x0 - HALF, y0 - HALF, x1 - x0 + 2 * HALF + 1, 2 * HALF + 1); // top
      g.fillRect(x0 - HALF, y1 - HALF, x1 - x0 + 2 * HALF + 1, 2 * HALF + 1); // bottom
      g.fillRect(x0 - HALF, y0 - HALF, 2 * HALF + 1, y1 - y0 + 2 * HALF + 1); // left
      g.fillRect(x1 - HALF, y0 - HALF, 2 * HALF + 1, y1 - y0 + 2 * HALF + 1); // right
      caption(g, captions[i], colors[i], x0 - HALF, y0 - HALF);
    }
    g.dispose();
    return out;
  }

  /** A caption on a band of {@code color} whose bottom-left corner is {@code (x, y)}. */
  private static void caption(Graphics2D g, String text, int color, int x, int y) {
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      FontMetrics m = g.getFontMetrics();
      int bandHeight = m.getHeight() + 2;
      int top = y - bandHeight < 0 ? y + 2 * HALF + 1 : y - bandHeight;
      g.setColor(new Color(color));
      g.fillRect(x, top, m.stringWidth(text) + 6, bandHeight);
      g.setColor(brightness(color) > 150 ? Color.BLACK : Color.WHITE);
      g.drawString(text, x + 3, top + 1 + m.getAscent());
    } catch (RuntimeException | Error e) {
      // No usable font (a JDK without fontconfig): the boxes are still drawn.
    }
  }

  private static int brightness(int rgb) {
    return (299 * (rgb >> 16 & 0xFF) + 587 * (rgb >> 8 & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
  }

  /**
   * Blends {@code colors[c]} over each pixel of class {@code c} (the map is the image's size,
   * row-major) with opacity {@code alpha / 255}; class 0 (background) is left as it is.
   */
  static BufferedImage mask(BufferedImage image, int[] classMap, int[] colors, int alpha) {
    BufferedImage out = copy(image);
    int w = out.getWidth();
    int h = out.getHeight();
    if (classMap.length != w * h) {
      throw new IllegalArgumentException(
          "class map has " + classMap.length + " pixels, the image " + w + "x" + h);
    }
    int[] rgb = out.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < rgb.length; i++) {
      int c = classMap[i];
      if (c != 0) {
        rgb[i] = blend(rgb[i], colors[c], alpha);
      }
    }
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  /** {@code over} on {@code under} with opacity {@code alpha / 255}, per channel, rounded. */
  static int blend(int under, int over, int alpha) {
    int out = 0xFF000000;
    for (int shift = 0; shift <= 16; shift += 8) {
      int u = under >> shift & 0xFF;
      int o = over >> shift & 0xFF;
      out |= ((o * alpha + u * (255 - alpha) + 127) / 255) << shift;
    }
    return out;
  }

  /**
   * Draws the bones between keypoints scoring at least {@code minScore} and a dot on each such
   * keypoint: bones in {@code boneColor}, dots (drawn last) in {@code dotColor}.
   */
  static BufferedImage skeleton(BufferedImage image, float[] x, float[] y, float[] score,
      int[][] bones, float minScore, int boneColor, int dotColor) {
    BufferedImage out = copy(image);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setStroke(new BasicStroke(2 * HALF + 1, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.setColor(new Color(boneColor));
    for (int[] bone : bones) {
      int a = bone[0];
      int b = bone[1];
      if (score[a] >= minScore && score[b] >= minScore) {
        g.drawLine(Math.round(x[a]), Math.round(y[a]), Math.round(x[b]), Math.round(y[b]));
      }
    }
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setColor(new Color(dotColor));
    for (int i = 0; i < x.length; i++) {
      if (score[i] >= minScore) {
        g.fillOval(Math.round(x[i]) - DOT, Math.round(y[i]) - DOT, 2 * DOT + 1, 2 * DOT + 1);
      }
    }
    g.dispose();
    return out;
  }
}
