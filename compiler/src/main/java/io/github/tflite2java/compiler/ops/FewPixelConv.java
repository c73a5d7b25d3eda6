package io.github.tflite2java.compiler.ops;

import com.squareup.javapoet.CodeBlock;
import io.github.tflite2java.compiler.helpers.Helper;

/**
 * The weight-stationary kernel of pointwise CONV_2D layers with few output pixels (fewer than
 * {@link Conv2d#WIDEN_MIN_PIXELS}, e.g. MobileNet's 7x7 layers and its 1-pixel logits layer).
 *
 * <p>The weights stay the model's bytes (the class's raw weights, one byte per weight at run
 * time, nothing decoded at class initialization). At each call the kernel widens them one block
 * at a time ({@link #ROWS} input channels by {@link #COLUMNS} output channels, 128 KB of
 * ints: in L2) into a small per-instance scratch, and accumulates every pixel against that
 * block before widening the next one, into one row of accumulators per pixel. So each weight is
 * widened once per call and read from cache by every pixel, where the per-pixel kernel streamed
 * the whole {@code int} matrix (4 MB for 1024x1024) from L3 or memory once per pixel.
 *
 * <p>Each pixel's nonzero inputs (zero is the input zero point) are gathered once, branch-free,
 * block by block, so that each block's pass reads only its own segment; the passes take eight,
 * then four, two and one rows, over output channels read at the bare loop index (C2 vectorizes
 * them: their trip count is the constant block width, and every array is read at the bare
 * loop index; columns past the layer's channels hold zero weights).
 * Integer sums wrap like TFLite's int32 accumulators, so any order gives the same bits.
 *
 * <p>The layer splits over output channels ({@code from}, {@code to}) in whole column blocks
 * ({@link Conv2d#splitGrain}): each part gathers the inputs itself and writes only its channels
 * of every pixel.
 */
final class FewPixelConv {

  private FewPixelConv() {}

  /** Input channels per block. */
  static final int ROWS = 64;

  /**
   * Layers with fewer pixels keep the per-pixel kernel on {@code int} rows decoded at class
   * initialization: widening costs 1 / pixels of the multiply-adds, and the blocks' short
   * segments add passes; MobileNet v1 0.25_128's 4x4 (16-pixel) 256-channel layers ran 1.3x
   * slower on this kernel (docs/compact-weights.md).
   */
  static final int MIN_PIXELS = 32;

  /**
   * Whether the layer runs this kernel: pointwise, on the per-pixel layout, {@link #MIN_PIXELS}
   * to {@link Conv2d#WIDEN_MIN_PIXELS} - 1 pixels. (One pixel would widen each weight to read it
   * once: large such layers, like MobileNet's logits, run the paired kernel, {@link
   * Conv2d#pairedWeights}.)
   */
  static boolean applies(Conv2d.Plan l) {
    long pixels = Conv2d.pixels(l);
    return !l.rowKernel() && Conv2d.pointwise(l) && pixels >= MIN_PIXELS
        && pixels < Conv2d.WIDEN_MIN_PIXELS;
  }

  /** Output channels per column block (a layer's count rounded up to 8 if smaller). */
  static final int COLUMNS = 512;

  /** Output channels per column block of the layer; parts of a split layer are whole blocks. */
  static int columns(Conv2d.Plan l) {
    return Math.min(COLUMNS, (l.outC() + 7) / 8 * 8);
  }

  static CodeBlock emit(Conv2d.Plan l, EmitContext ctx, String constants) {
    int inC = l.inC();
    int outC = l.outC();
    int pixels = (int) Conv2d.pixels(l);
    int blocks = (inC + ROWS - 1) / ROWS;
    int cols = columns(l);
    int colBlocks = (outC + cols - 1) / cols;
    int inOff = ctx.arenaOffset(l.in().index());
    int outOff = ctx.arenaOffset(l.out().index());
    ctx.requireScratch("fewPixelValues", pixels * inC);
    ctx.requireScratch("fewPixelRows", pixels * inC);
    ctx.requireScratch("fewPixelSegments", pixels * (blocks + 1));
    ctx.requireScratchRows("fewPixelBlock", Math.min(ROWS, inC), cols);
    ctx.requireScratchRows("fewPixelAcc", pixels * colBlocks, cols);
    ctx.requireScratch("acc", outC);
    RawWeights raw = ctx.rawWeights(constants + "_FILTER", l.weights());
    String widen = ctx.helper(Helper.WIDEN_BLOCK);

    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("final int[] t = arena");
    body.addStatement("final int[] xs = fewPixelValues, rows = fewPixelRows,"
        + " segments = fewPixelSegments");
    body.addStatement("final int[][] block = fewPixelBlock, accs = fewPixelAcc");
    body.addStatement("final int[] full = this.acc");
    // Per-channel multipliers by the 64-bit helper: the requantizing loop's bounds [from, to)
    // are not constants, and C2 did not vectorize the table form there (1.05-1.1x the layer's
    // time; docs/int8-per-channel.md).
    Requantization rq = l.rq().helperForm();
    Requantization.Fields fields = Conv2d.declareConstants(l, rq, ctx, constants, body);
    body.addStatement("final int pixels = $L, blocks = $L, colBlocks = $L", pixels, blocks,
        colBlocks);
    body.add("// Output channels [from, to) of $L, whole column blocks of $L (from a multiple"
        + " of $L), all $L pixels;\n// accumulator row p * colBlocks + cb holds pixel p's"
        + " channels cb * $L + oc.\n", outC, cols, cols, pixels, cols);
    body.addStatement("final int cbFrom = from / $L, cbTo = (to + $L) / $L", cols, cols - 1, cols);
    body.add("// Gather each pixel's nonzero inputs (zero is the input zero point: it adds"
        + " nothing) branch-free,\n// block of $L input channels by block, each entry's row"
        + " relative to its block.\n", ROWS);
    body.beginControlFlow("for (int p = 0; p < pixels; p++)");
    body.addStatement("final int in = $L", Layers.plus(inOff, "p * inC"));
    body.addStatement("final int segment = p * (blocks + 1)");
    body.addStatement("int n = p * inC");
    body.beginControlFlow("for (int b = 0, first = 0; b < blocks; b++, first += $L)", ROWS);
    body.addStatement("segments[segment + b] = n");
    body.addStatement("final int end = Math.min(inC, first + $L)", ROWS);
    body.beginControlFlow("for (int ic = first; ic < end; ic++)");
    body.addStatement("final int x = t[in + ic]");
    body.addStatement("xs[n] = x");
    body.addStatement("rows[n] = ic - first");
    body.addStatement("n += (x | -x) >>> 31");
    body.endControlFlow();
    body.endControlFlow();
    body.addStatement("segments[segment + blocks] = n");
    body.beginControlFlow("for (int cb = cbFrom; cb < cbTo; cb++)");
    body.addStatement("final int c0 = cb * $L", cols);
    body.addStatement("System.arraycopy(bias, c0, accs[p * colBlocks + cb], 0,"
        + " Math.min($L, outC - c0))", cols);
    body.endControlFlow();
    body.endControlFlow();
    body.add("// Weight-stationary: widen one block of the raw weights ([ic][oc], $L per row;"
        + " columns past outC\n// are zero), then accumulate every pixel against it. The"
        + " inner loops run over a constant\n// count of channels, read at the bare loop index"
        + " (the shape C2 vectorizes).\n", outC);
    body.beginControlFlow("for (int b = 0, first = 0; b < blocks; b++, first += $L)", ROWS);
    body.addStatement("final int height = Math.min($L, inC - first)", ROWS);
    body.beginControlFlow("for (int cb = cbFrom; cb < cbTo; cb++)");
    body.addStatement("final int c0 = cb * $L", cols);
    body.addStatement("$N($N, $L + first * outC + c0, outC, block, height, $L,"
        + " Math.min($L, outC - c0), /* zeroPoint= */ $L, /* signed= */ $L)", widen,
        raw.field(), raw.offset(), cols, cols, l.filter().quant().zeroPoint(),
        l.signedWeights());
    body.beginControlFlow("for (int p = 0; p < pixels; p++)");
    body.addStatement("final int[] acc = accs[p * colBlocks + cb]");
    body.addStatement("int j = segments[p * (blocks + 1) + b]");
    body.addStatement("final int n = segments[p * (blocks + 1) + b + 1]");
    body.add(passes(cols));
    body.endControlFlow();
    body.endControlFlow();
    body.endControlFlow();
    body.beginControlFlow("for (int p = 0; p < pixels; p++)");
    body.beginControlFlow("for (int cb = cbFrom; cb < cbTo; cb++)");
    body.addStatement("final int c0 = cb * $L", cols);
    body.addStatement("System.arraycopy(accs[p * colBlocks + cb], 0, full, c0,"
        + " Math.min($L, outC - c0))", cols);
    body.endControlFlow();
    body.add(rq.requantizeRange(fields, "full", "from", "to"));
    body.addStatement("System.arraycopy(full, from, t, $L, to - from)",
        Layers.plus(outOff, "p * outC + from"));
    body.endControlFlow();
    return body.build();
  }

  /**
   * acc[oc] += x * block[row][oc] over the entries {@code [j, n)} and the {@code cols} columns
   * of the block: eight rows per pass, then at most one pass each of four, two and one rows.
   */
  private static CodeBlock passes(int cols) {
    return CodeBlock.builder()
        .beginControlFlow("for (; j + 8 <= n; j += 8)")
        .addStatement("final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3]")
        .addStatement("final int x4 = xs[j + 4], x5 = xs[j + 5], x6 = xs[j + 6], x7 = xs[j + 7]")
        .addStatement("final int[] r0 = block[rows[j]], r1 = block[rows[j + 1]]")
        .addStatement("final int[] r2 = block[rows[j + 2]], r3 = block[rows[j + 3]]")
        .addStatement("final int[] r4 = block[rows[j + 4]], r5 = block[rows[j + 5]]")
        .addStatement("final int[] r6 = block[rows[j + 6]], r7 = block[rows[j + 7]]")
        .beginControlFlow("for (int oc = 0; oc < $L; oc++)", cols)
        .addStatement("acc[oc] += x0 * r0[oc] + x1 * r1[oc] + x2 * r2[oc] + x3 * r3[oc]\n"
            + "    + x4 * r4[oc] + x5 * r5[oc] + x6 * r6[oc] + x7 * r7[oc]")
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("if (j + 4 <= n)")
        .addStatement("final int x0 = xs[j], x1 = xs[j + 1], x2 = xs[j + 2], x3 = xs[j + 3]")
        .addStatement("final int[] r0 = block[rows[j]], r1 = block[rows[j + 1]]")
        .addStatement("final int[] r2 = block[rows[j + 2]], r3 = block[rows[j + 3]]")
        .beginControlFlow("for (int oc = 0; oc < $L; oc++)", cols)
        .addStatement("acc[oc] += x0 * r0[oc] + x1 * r1[oc] + x2 * r2[oc] + x3 * r3[oc]")
        .endControlFlow()
        .addStatement("j += 4")
        .endControlFlow()
        .beginControlFlow("if (j + 2 <= n)")
        .addStatement("final int x0 = xs[j], x1 = xs[j + 1]")
        .addStatement("final int[] r0 = block[rows[j]], r1 = block[rows[j + 1]]")
        .beginControlFlow("for (int oc = 0; oc < $L; oc++)", cols)
        .addStatement("acc[oc] += x0 * r0[oc] + x1 * r1[oc]")
        .endControlFlow()
        .addStatement("j += 2")
        .endControlFlow()
        .beginControlFlow("if (j < n)")
        .addStatement("final int x0 = xs[j]")
        .addStatement("final int[] r0 = block[rows[j]]")
        .beginControlFlow("for (int oc = 0; oc < $L; oc++)", cols)
        .addStatement("acc[oc] += x0 * r0[oc]")
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
