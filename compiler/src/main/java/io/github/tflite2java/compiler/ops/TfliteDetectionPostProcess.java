package io.github.tflite2java.compiler.ops;

import static io.github.tflite2java.compiler.diag.ProblemCollector.INVALID_MODEL;
import static io.github.tflite2java.compiler.diag.ProblemCollector.UNSUPPORTED_TYPE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.detect.DetectionException;
import io.github.tflite2java.compiler.detect.DetectionOptions;
import io.github.tflite2java.compiler.detect.DetectionOptionsParser;
import io.github.tflite2java.compiler.detect.DetectionPostProcess;
import io.github.tflite2java.compiler.detect.DetectionTensorCheck;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.TflOperator;
import java.util.Arrays;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * TFLite's CUSTOM operator {@code TFLite_Detection_PostProcess} (SSD models): uint8 box
 * encodings and class predictions from the arena, a constant uint8 anchor tensor, options from
 * the operator's FlexBuffer {@code custom_options}. The generated class nests the Java 8
 * reference {@link DetectionPostProcess} (with {@link DetectionOptions} and glibc's {@code exp})
 * and calls it: box decoding, fast or regular NMS, float for float as TFLite 2.9 computes them.
 * The four float32 outputs (boxes, classes, scores, count) go to the arena as float bits.
 *
 * <p>Rows past {@code count * max_classes_per_detection} are zero here; TFLite leaves them as
 * its arena memory was (not part of its result). A decoded box with ymin > ymax or xmin > xmax
 * fails TFLite's invocation; the generated {@code infer} then throws IllegalStateException.
 * Its working arrays ({@link DetectionPostProcess.Workspace}) and options are instance fields of
 * the generated class, so inference allocates nothing. Fast NMS is the same in TFLite 2.6.2 and
 * 2.9; regular NMS differs (2.6.2 re-sorts the kept detections with a heap after every class,
 * 2.9 merges them), and {@code tfliteVersion 2.6} compiles 2.6.2's.
 */
public final class TfliteDetectionPostProcess
    extends OperatorKernel<TfliteDetectionPostProcess.Options, TfliteDetectionPostProcess.Plan> {

  /** The custom code of the operator. */
  public static final String CUSTOM_CODE = "TFLite_Detection_PostProcess";

  /** The parsed custom options. */
  public record Options(DetectionOptions detection) implements OperatorOptions {}

  /**
   * One detection post-processing layer.
   *
   * @param tflite26 regular NMS as TFLite 2.6.2 computes it; false for fast NMS, which both
   *     builds compute alike (so a fast-NMS class is the same whatever tfliteVersion)
   */
  public record Plan(Operator op, DetectionOptions o, Tensor boxes, Tensor classes,
      float[] anchors, int numBoxes, int codeLength, int classesWithBackground, Tensor[] outs,
      boolean tflite26)
      implements LayerPlan {}

  public TfliteDetectionPostProcess() {
    super(CUSTOM_CODE, Options.class, ReportCategory.POST_PROCESSING);
  }

  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  /** TFLite's Prepare sizes the four outputs from max_detections * max_classes_per_detection. */
  @Override
  public int[][] outputShapes(Options options) {
    int rows = options.detection().detectedBoxes();
    return new int[][] {{1, rows, 4}, {1, rows}, {1, rows}, {1}};
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums e) {
    byte[] bytes = raw.customOptions();
    if (bytes == null || bytes.length == 0) {
      e.corrupt("no custom_options; " + CUSTOM_CODE + " needs its FlexBuffer map of options");
      return null;
    }
    try {
      return new Options(DetectionOptionsParser.parse(bytes));
    } catch (RuntimeException ex) {
      // DetectionException names the field; anything else is a malformed FlexBuffer.
      e.corrupt("malformed custom_options: " + (ex instanceof DetectionException
          ? ex.getMessage() : "not a FlexBuffer map (" + ex.getClass().getSimpleName() + ")"));
      return null;
    }
  }

  @Override
  public Plan prepare(PrepareContext ctx, Operator op, Options options) {
    ModelGraph g = ctx.graph();
    ProblemCollector p = ctx.problems();
    if (!OpChecks.arity(p, op, 3, 3, 4)) {
      return null;
    }
    DetectionOptions o = options.detection();
    // Only regular NMS differs between the builds: a fast-NMS class is the same for both.
    boolean tflite26 = o.useRegularNms
        && ctx.options().tfliteVersion() == io.github.tflite2java.compiler.TfliteVersion.V2_6;
    Tensor boxes = g.tensor(op.input(0));
    Tensor classes = g.tensor(op.input(1));
    Tensor anchors = g.tensor(op.input(2));
    try {
      DetectionTensorCheck.check(o, boxes.type().code(), boxes.shape(), classes.type().code(),
          classes.shape(), anchors.type().code(), anchors.shape(),
          anchors.isConstant() && anchors.data() != null ? anchors.data().length : 0);
    } catch (DetectionException ex) {
      p.add(INVALID_MODEL, op, ex.getMessage());
      return null;
    }
    if (boxes.type() != TensorType.UINT8 || classes.type() != TensorType.UINT8) {
      p.add(UNSUPPORTED_TYPE, op, "box encodings " + p.describe(boxes.index())
          + " and class predictions " + p.describe(classes.index()) + " must be uint8"
          + " (float32 inputs would need float arithmetic before this operator)");
      return null;
    }
    if (!OpChecks.activation(g, p, op, boxes.index(), "box encodings", 3)
        || !OpChecks.activation(g, p, op, classes.index(), "class predictions", 3)) {
      return null;
    }
    if (!anchors.quant().isPresent() || !anchors.quant().isPerTensor()
        || !OpChecks.validScale(anchors.quant().scale())) {
      p.add(INVALID_MODEL, op, op.input(2), "anchors " + p.describe(anchors.index())
          + " need one positive scale and zero point");
      return null;
    }
    int[][] shapes = outputShapes(options);
    String[] names = {"detection boxes", "detection classes", "detection scores",
        "number of detections"};
    Tensor[] outs = new Tensor[4];
    for (int k = 0; k < 4; k++) {
      outs[k] = g.tensor(op.output(k));
      if (outs[k].type() != TensorType.FLOAT32 || !Arrays.equals(outs[k].shape(), shapes[k])) {
        p.add(INVALID_MODEL, op, op.output(k), "output " + k + " (" + names[k] + ") "
            + p.describe(outs[k].index()) + " should be FLOAT32 of shape "
            + Arrays.toString(shapes[k]).replace(" ", "") + " (max_detections "
            + o.maxDetections + " x max_classes_per_detection " + o.maxClassesPerDetection
            + ")");
        return null;
      }
    }
    float[] anchorValues = DetectionPostProcess.dequantizeBoxes(anchors.data(),
        anchors.quant().zeroPoint(), anchors.quant().scale());
    return new Plan(op, o, boxes, classes, anchorValues, boxes.dim(1), boxes.dim(2),
        classes.dim(2), outs, tflite26);
  }

  @Override
  public MethodSpec emit(Plan plan, EmitContext ctx) {
    DetectionOptions o = plan.o();
    String post = ctx.helper(Helper.DETECTION_POST_PROCESS);
    String opts = ctx.helper(Helper.DETECTION_OPTIONS);
    String anchors = ctx.floatArray(ctx.prefix(plan.op()) + "Anchors", plan.anchors());
    int n = plan.numBoxes();
    // Options and working memory live in the instance: inference allocates nothing.
    String options = ctx.instanceField(ctx.prefix(plan.op()) + "DetectionOptions",
        Helper.DETECTION_OPTIONS, null,
        CodeBlock.of("new $N($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", opts,
            o.maxDetections, o.maxClassesPerDetection, o.detectionsPerClass, o.useRegularNms,
            f(o.nmsScoreThreshold), f(o.nmsIouThreshold), o.numClasses, f(o.yScale),
            f(o.xScale), f(o.hScale), f(o.wScale)));
    String workspace = ctx.instanceField(ctx.prefix(plan.op()) + "DetectionWorkspace",
        Helper.DETECTION_POST_PROCESS, "Workspace",
        CodeBlock.of("new $N.Workspace($N, $L, $L, $L, $L)", post, options, n,
            plan.codeLength(), plan.classesWithBackground(), plan.tflite26()));
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final int[] t = arena");
    b.addStatement("final $N.Workspace w = $N", post, workspace);
    b.add("// TFLite's Dequantizer: ((float) q - (float) zero point) * scale, exact on the"
        + " centered value.\n");
    b.addStatement("final float boxScale = $L", f(plan.boxes().quant().scale()));
    b.addStatement("final float[] encodings = w.encodings");
    b.beginControlFlow("for (int i = 0; i < $L; i++)", n * plan.codeLength());
    b.addStatement("encodings[i] = (float) t[$L + i] * boxScale",
        ctx.arenaOffset(plan.boxes().index()));
    b.endControlFlow();
    b.add("// optimized_ops::Dequantize: (float) ((double) scale * (q - zero point)).\n");
    b.addStatement("final double classScale = (double) $L", f(plan.classes().quant().scale()));
    b.addStatement("final float[] scores = w.scores");
    b.beginControlFlow("for (int i = 0; i < $L; i++)", n * plan.classesWithBackground());
    b.addStatement("scores[i] = (float) (classScale * t[$L + i])",
        ctx.arenaOffset(plan.classes().index()));
    b.endControlFlow();
    b.addStatement("$N.run($N, w, $N, $L, $L, $L)", post, options, anchors, n,
        plan.codeLength(), plan.classesWithBackground());
    Tensor[] outs = plan.outs();
    String[] arrays = {"outBoxes", "outClasses", "outScores", "outCount"};
    for (int k = 0; k < 4; k++) {
      b.beginControlFlow("for (int i = 0; i < $L; i++)", outs[k].elementCount());
      b.addStatement("t[$L + i] = Float.floatToRawIntBits(w.$N[i])",
          ctx.arenaOffset(outs[k].index()), arrays[k]);
      b.endControlFlow();
    }
    return MethodSpec.methodBuilder(ctx.prefix(plan.op()) + "DetectionPostProcess")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Operator $L: $L, $L anchors, $L.\n", plan.op().index(), name(), n,
            o.toString().replace("$", ""))
        .addCode(b.build())
        .build();
  }

  /** An exact float literal. */
  private static CodeBlock f(float v) {
    return CodeBlock.of("Float.intBitsToFloat(0x$L)",
        Integer.toHexString(Float.floatToRawIntBits(v)).toUpperCase(Locale.ROOT));
  }
}
