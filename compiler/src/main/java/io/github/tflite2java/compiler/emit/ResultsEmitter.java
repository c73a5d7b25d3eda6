package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.TfliteDetectionPostProcess;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Result helpers, chosen from the model's outputs (no option: a class gets them exactly when its
 * outputs have one of these forms, and they cost nothing until called):
 *
 * <ul>
 *   <li><b>detection</b>: the four outputs of {@code TFLite_Detection_PostProcess} (boxes,
 *       classes, scores, count) are the model's outputs: {@code detections(boxes, classes,
 *       scores, count, imageWidth, imageHeight, minScore)} and the nested {@code Detection};
 *       labels, when configured, name the classes ({@code LABELS.get(classIndex)});
 *   <li><b>segmentation</b>: the one output is an {@code ARG_MAX} of shape {@code [1, H, W]}
 *       (int32 or int64), or 8-bit per-class scores {@code [1, H, W, C]} (C &ge; 2) at the
 *       height and width of the one 4-D input: {@code classMap(output)} (the arg max over C for
 *       scores), {@code classMap(output, imageWidth, imageHeight)} and the nested {@code
 *       Segmentation} (PASCAL VOC palette);
 *   <li><b>pose</b>: the one output is float32 {@code [1, 1, K, 3]} ({@code y, x, score} per
 *       keypoint, MoveNet's): {@code keypoints(output, imageWidth, imageHeight)} and the nested
 *       {@code Keypoint} (names, skeleton).
 * </ul>
 *
 * <p>The nested classes are copies of {@code io.github.tflite2java.compiler.results}, compiled and
 * tested there. Image coordinates assume the input was made from the whole image stretched to
 * the input size, as the generated image helpers do.
 */
public final class ResultsEmitter {

  /** What a model's outputs are, for its result helpers. */
  public enum Kind {
    NONE,
    DETECTION,
    SEGMENTATION,
    POSE
  }

  private ResultsEmitter() {}

  /** The kind of result the model's outputs give. */
  public static Kind kind(ModelGraph g) {
    int[] outputs = g.outputs();
    if (outputs.length == 4) {
      for (Operator op : g.operators()) {
        if (isDetectionPostProcess(op) && Arrays.equals(op.outputs(), outputs) && allFloat(g, outputs)) {
          return Kind.DETECTION;
        }
      }
      return Kind.NONE;
    }
    if (outputs.length != 1) {
      return Kind.NONE;
    }
    Tensor out = g.output(0);
    if (out.rank() == 3 && out.dim(0) == 1
        && (out.type() == TensorType.INT32 || out.type() == TensorType.INT64)) {
      for (Operator op : g.operators()) {
        if ("ARG_MAX".equals(op.kind()) && op.outputCount() == 1
            && op.output(0) == out.index()) {
          return Kind.SEGMENTATION;
        }
      }
    }
    if (isScoreMap(g, out)) {
      return Kind.SEGMENTATION;
    }
    if (out.type() == TensorType.FLOAT32 && out.rank() == 4 && out.dim(0) == 1
        && out.dim(1) == 1 && out.dim(2) > 0 && out.dim(3) == 3) {
      return Kind.POSE;
    }
    return Kind.NONE;
  }

  /**
   * Fails when the model class would have the simple name of the result class nested in it
   * (Java forbids a nested class named as its enclosing class).
   *
   * @throws ModelCompileException naming the clash
   */
  public static void checkClassName(ModelGraph g, String className)
      throws ModelCompileException {
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    Helper nested = nestedClass(kind(g));
    if (nested != null && nested.simpleName().equals(simpleName)) {
      throw new ModelCompileException(g.sourceName(), List.of(new Problem(
          ImageHelpersEmitter.RESERVED_CLASS_NAME, "class name " + className + " is reserved"
          + " for this model: its class nests the result class " + nested.simpleName()
          + "; choose another name")));
    }
  }

  private static Helper nestedClass(Kind kind) {
    switch (kind) {
      case DETECTION:
        return Helper.DETECTION;
      case SEGMENTATION:
        return Helper.SEGMENTATION;
      case POSE:
        return Helper.KEYPOINT;
      default:
        return null;
    }
  }

  private static boolean isDetectionPostProcess(Operator op) {
    String code = TfliteDetectionPostProcess.CUSTOM_CODE;
    // The reader names custom operators CUSTOM:<custom code>.
    return op.kind().equals("CUSTOM:" + code) || op.kind().equals(code);
  }

  /** An 8-bit [1,H,W,C] output, C of at least 2, at the height and width of the image input. */
  private static boolean isScoreMap(ModelGraph g, Tensor out) {
    if (g.inputs().length != 1 || out.rank() != 4 || out.dim(0) != 1 || out.dim(3) < 2
        || (out.type() != TensorType.UINT8 && out.type() != TensorType.INT8)) {
      return false;
    }
    Tensor in = g.input(0);
    return in.rank() == 4 && in.dim(1) == out.dim(1) && in.dim(2) == out.dim(2);
  }

  private static boolean allFloat(ModelGraph g, int[] tensors) {
    for (int t : tensors) {
      if (g.tensor(t).type() != TensorType.FLOAT32) {
        return false;
      }
    }
    return true;
  }

  /** Adds the result helpers for the model's {@link #kind}; {@code use} nests their classes. */
  static void addTo(TypeSpec.Builder type, ClassName self, ModelGraph g, CompileOptions options,
      Consumer<Helper> use) {
    switch (kind(g)) {
      case DETECTION:
        use.accept(Helper.DETECTION);
        type.addMethod(detections(self, g, !options.labels().isEmpty()));
        break;
      case SEGMENTATION:
        use.accept(Helper.SEGMENTATION);
        type.addMethod(classMap(g));
        type.addMethod(scaledClassMap(g));
        break;
      case POSE:
        use.accept(Helper.KEYPOINT);
        type.addMethod(keypoints(self, g));
        break;
      default:
        break;
    }
  }

  private static MethodSpec detections(ClassName self, ModelGraph g, boolean labels) {
    ClassName detection = self.nestedClass(Helper.DETECTION.simpleName());
    String[] names = {"boxes", "classes", "scores", "count"};
    MethodSpec.Builder m = MethodSpec.methodBuilder("detections")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(ParameterizedTypeName.get(ClassName.get(List.class), detection))
        .addJavadoc("The objects found by one inference, best score first, with boxes in pixels"
            + " of the original image (whose whole area the input shows, as the image helpers"
            + " make it)$L.\n\n", labels ? " and labelled from {@link #LABELS}"
                : "; without labels each is called {@code class N}");
    for (int i = 0; i < 4; i++) {
      m.addParameter(float[].class, names[i]);
      m.addJavadoc("@param $L output $L, $L floats\n", names[i], i, g.output(i).elementCount());
    }
    m.addParameter(int.class, "imageWidth")
        .addParameter(int.class, "imageHeight")
        .addParameter(float.class, "minScore")
        .addJavadoc("@param imageWidth the original image's width in pixels\n"
            + "@param imageHeight the original image's height in pixels\n"
            + "@param minScore the lowest score kept (0 keeps every valid row)\n"
            + "@return an immutable list of at most $L detections\n"
            + "@throws IllegalArgumentException if an array has the wrong size\n",
            g.output(2).elementCount());
    for (int i = 0; i < 4; i++) {
      lengthCheck(m, names[i], g.output(i).elementCount());
    }
    return m.addStatement("return $T.decode(boxes, classes, scores, count, $L, imageWidth,"
            + " imageHeight, minScore)", detection, labels ? "LABELS" : "null")
        .build();
  }

  private static void lengthCheck(MethodSpec.Builder m, String name, long length) {
    m.beginControlFlow("if ($N == null)", name)
        .addStatement("throw new $T($S)", NullPointerException.class, name + " is null")
        .endControlFlow()
        .beginControlFlow("if ($N.length != $L)", name, length)
        .addStatement("throw new $T($S + $N.length)", IllegalArgumentException.class,
            name + " must have " + length + " elements, not ", name)
        .endControlFlow();
  }

  private static TypeName classOutput(ModelGraph g) {
    switch (g.output(0).type()) {
      case INT64:
        return TypeName.get(long[].class);
      case INT32:
        return TypeName.get(int[].class);
      default:
        return TypeName.get(byte[].class);
    }
  }

  private static MethodSpec classMap(ModelGraph g) {
    Tensor out = g.output(0);
    boolean scores = out.rank() == 4;
    MethodSpec.Builder m = MethodSpec.methodBuilder("classMap")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(int[].class)
        .addParameter(classOutput(g), "output")
        .addJavadoc("The class of every pixel of the model's $L x $L output (row-major), as"
            + " {@code int}s: $L Colours: {@link Segmentation#vocColor}.\n\n"
            + "@throws IllegalArgumentException if {@code output} has the wrong size\n",
            out.dim(2), out.dim(1), scores
                ? "for each pixel the class of the highest of its " + out.dim(3)
                    + " scores (the lowest class on ties, as ARG_MAX)."
                : "the output of {@link #infer} is already the arg max over classes.");
    lengthCheck(m, "output", out.elementCount());
    if (scores) {
      return m.addStatement("return $N.argMax(output, $L, $L)",
              Helper.SEGMENTATION.simpleName(), out.dim(3), out.type() == TensorType.INT8)
          .build();
    }
    return m.addStatement("return $N.classMap(output)", Helper.SEGMENTATION.simpleName())
        .build();
  }

  private static MethodSpec scaledClassMap(ModelGraph g) {
    Tensor out = g.output(0);
    return MethodSpec.methodBuilder("classMap")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(int[].class)
        .addParameter(classOutput(g), "output")
        .addParameter(int.class, "imageWidth")
        .addParameter(int.class, "imageHeight")
        .addJavadoc("The class of every pixel of the original image ({@code imageWidth x"
            + " imageHeight}, row-major): {@link #classMap($T)} resized by nearest neighbour,"
            + " for an input made from the whole image stretched to the input size (as the"
            + " image helpers do).\n", classOutput(g))
        .addStatement("return $N.scale(classMap(output), $L, $L, imageWidth, imageHeight)",
            Helper.SEGMENTATION.simpleName(), out.dim(2), out.dim(1))
        .build();
  }

  private static MethodSpec keypoints(ClassName self, ModelGraph g) {
    ClassName keypoint = self.nestedClass(Helper.KEYPOINT.simpleName());
    Tensor out = g.output(0);
    MethodSpec.Builder m = MethodSpec.methodBuilder("keypoints")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(ParameterizedTypeName.get(ClassName.get(List.class), keypoint))
        .addParameter(float[].class, "output")
        .addParameter(int.class, "imageWidth")
        .addParameter(int.class, "imageHeight")
        .addJavadoc("The $L keypoints of one inference in pixels of the original image (whose"
            + " whole area the input shows, as the image helpers make it), in the model's order;"
            + " bones to draw: {@code Keypoint.skeleton($L)}.\n\n"
            + "@param output the output of {@link #infer}: {@code y, x, score} per keypoint,"
            + " normalized\n"
            + "@throws IllegalArgumentException if {@code output} has the wrong size\n",
            out.dim(2), out.dim(2));
    lengthCheck(m, "output", out.elementCount());
    return m.addStatement("return $T.decode(output, imageWidth, imageHeight)", keypoint).build();
  }
}
