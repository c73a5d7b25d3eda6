package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * With labels configured, adds to the model class an immutable {@code LABELS} list, a nested
 * {@code Prediction} value class and {@code topK(byte[] output, int k)}, which returns the
 * {@code k} best classes with label, index and dequantized probability. Nothing is added
 * without labels. A detector's labels (see {@link ResultsEmitter}) name the classes of its
 * detections, any number of them: it gets {@code LABELS} only.
 */
public final class LabelsEmitter {

  /** Problem id: labels that do not fit the model's output. */
  public static final String LABELS_MISMATCH = "tflite2java/LabelsMismatch";

  /** Characters per string literal holding labels, far below the class file's 65,535 bytes. */
  static final int CHUNK_CHARS = 8000;

  private LabelsEmitter() {}

  /** Problems that keep the labels from describing output 0, empty when they fit. */
  static List<Problem> check(ModelGraph g, CompileOptions options) {
    List<String> labels = options.labels();
    List<Problem> problems = new ArrayList<>();
    if (labels.isEmpty() || g.outputs().length == 0) {
      return problems;
    }
    Tensor out = g.output(0);
    if (ResultsEmitter.kind(g) == ResultsEmitter.Kind.DETECTION) {
      // Class names of the detections, by class index: any number, no output to match.
    } else if (out.type() != TensorType.UINT8 && out.type() != TensorType.INT8) {
      problems.add(new Problem(LABELS_MISMATCH, "labels need a uint8 or int8 output, but output "
          + out.index() + " is " + out.type()));
    } else if (labels.size() != out.elementCount()) {
      problems.add(new Problem(LABELS_MISMATCH, "the labels file has " + labels.size()
          + " labels but the output " + out.shapeString() + " has " + out.elementCount()
          + " classes; line i of the labels file must name class i"));
    }
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label == null || label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0) {
        problems.add(new Problem(LABELS_MISMATCH, "label " + i
            + " is null or contains a line break"));
        break;
      }
    }
    return problems;
  }

  /** Adds {@code LABELS}, {@code Prediction} and {@code topK} when labels are configured. */
  public static void addTo(TypeSpec.Builder type, ClassName self, ModelGraph g,
      CompileOptions options) {
    List<String> labels = options.labels();
    if (labels.isEmpty()) {
      return;
    }
    ClassName prediction = self.nestedClass("Prediction");
    TypeName listOfStrings = ParameterizedTypeName.get(List.class, String.class);
    type.addField(FieldSpec.builder(listOfStrings, "LABELS", Modifier.PUBLIC, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("The $L class labels: {@code LABELS.get(i)} names output element {@code i}."
            + " Immutable.\n", labels.size())
        .initializer("labels()")
        .build());
    type.addMethod(labelsMethod(labels));
    if (ResultsEmitter.kind(g) == ResultsEmitter.Kind.DETECTION) {
      return; // detections(...) names its classes from LABELS; no topK over scores
    }
    type.addMethod(topK(g.output(0), prediction));
    type.addType(predictionType(self, prediction));
  }

  private static MethodSpec labelsMethod(List<String> labels) {
    List<String> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      String piece = (i == 0 ? "" : "\n") + labels.get(i);
      if (chunk.length() > 0 && chunk.length() + piece.length() > CHUNK_CHARS) {
        chunks.add(chunk.toString());
        chunk.setLength(0);
      }
      chunk.append(piece);
    }
    chunks.add(chunk.toString());
    CodeBlock.Builder parts = CodeBlock.builder().add("final $T[] parts = {\n$>$>",
        String.class);
    for (int i = 0; i < chunks.size(); i++) {
      parts.add(i == 0 ? "$S" : ",\n$S", chunks.get(i));
    }
    parts.add("};\n$<$<");
    return MethodSpec.methodBuilder("labels")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(ParameterizedTypeName.get(List.class, String.class))
        .addJavadoc("The labels, joined by line breaks in a few string constants.\n")
        .addCode(parts.build())
        .addStatement("final $T all = new $T()", StringBuilder.class, StringBuilder.class)
        .beginControlFlow("for (final String part : parts)")
        .addStatement("all.append(part)")
        .endControlFlow()
        .addStatement("return $T.unmodifiableList($T.asList(all.toString().split($S, -1)))",
            Collections.class, Arrays.class, "\n")
        .build();
  }

  private static MethodSpec topK(Tensor out, ClassName prediction) {
    boolean signed = out.type() == TensorType.INT8;
    TypeName listOfPredictions = ParameterizedTypeName.get(ClassName.get(List.class), prediction);
    return MethodSpec.methodBuilder("topK")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(listOfPredictions)
        .addParameter(byte[].class, "output")
        .addParameter(int.class, "k")
        .addJavadoc("The {@code k} highest-scoring classes of an output of {@link #infer}, best"
            + " first; ties go to the lower class index.\n"
            + "\n@param output {@link #OUTPUT_SIZE} bytes, $L\n"
            + "@param k how many classes to return (all if {@code k} exceeds them)\n"
            + "@return an immutable list of at most {@code k} predictions\n"
            + "@throws IllegalArgumentException if {@code output} has the wrong size or {@code k}"
            + " is negative\n", out.type().name().toLowerCase(Locale.ROOT))
        .addStatement("checkLength(output, OUTPUT_SIZE, $S)", "output")
        .beginControlFlow("if (k < 0)")
        .addStatement("throw new $T($S + k)", IllegalArgumentException.class,
            "k must not be negative: ")
        .endControlFlow()
        .addStatement("final int m = Math.min(k, OUTPUT_SIZE)")
        .addStatement("final int[] index = new int[m]")
        .addStatement("final int[] value = new int[m]")
        .addStatement("int size = 0")
        .beginControlFlow("for (int i = 0; i < OUTPUT_SIZE; i++)")
        .addStatement(signed ? "final int v = output[i]" : "final int v = output[i] & 0xFF")
        .beginControlFlow("if (size == m && (m == 0 || v <= value[m - 1]))")
        .addStatement("continue")
        .endControlFlow()
        .addStatement("int at = size < m ? size : m - 1")
        .beginControlFlow("while (at > 0 && value[at - 1] < v)")
        .addStatement("index[at] = index[at - 1]")
        .addStatement("value[at] = value[at - 1]")
        .addStatement("at--")
        .endControlFlow()
        .addStatement("index[at] = i")
        .addStatement("value[at] = v")
        .beginControlFlow("if (size < m)")
        .addStatement("size++")
        .endControlFlow()
        .endControlFlow()
        .addStatement("final $T result = new $T<$T>(size)", listOfPredictions,
            ClassName.get(ArrayList.class), prediction)
        .beginControlFlow("for (int j = 0; j < size; j++)")
        .addStatement("result.add(new $T(index[j], LABELS.get(index[j]), value[j],"
            + " OUTPUT_SCALE * (value[j] - OUTPUT_ZERO_POINT)))", prediction)
        .endControlFlow()
        .addStatement("return $T.unmodifiableList(result)", Collections.class)
        .build();
  }

  private static TypeSpec predictionType(ClassName self, ClassName prediction) {
    return TypeSpec.classBuilder(prediction)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("One class of a {@link $T#topK} result: index, label and dequantized"
            + " probability. Immutable.\n", self)
        .addField(int.class, "index", Modifier.PRIVATE, Modifier.FINAL)
        .addField(String.class, "label", Modifier.PRIVATE, Modifier.FINAL)
        .addField(int.class, "quantized", Modifier.PRIVATE, Modifier.FINAL)
        .addField(float.class, "probability", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder()
            .addParameter(int.class, "index")
            .addParameter(String.class, "label")
            .addParameter(int.class, "quantized")
            .addParameter(float.class, "probability")
            .addStatement("this.index = index")
            .addStatement("this.label = label")
            .addStatement("this.quantized = quantized")
            .addStatement("this.probability = probability")
            .build())
        .addMethod(getter("index", int.class, "The class index: the position in the output."))
        .addMethod(getter("label", String.class, "The class label, {@code LABELS.get(index())}."))
        .addMethod(getter("quantized", int.class, "The raw quantized score."))
        .addMethod(getter("probability", float.class,
            "The dequantized score: {@code OUTPUT_SCALE * (quantized() - OUTPUT_ZERO_POINT)}."))
        .addMethod(MethodSpec.methodBuilder("toString")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addJavadoc("Formats as {@code 653 military uniform 0.906}.\n")
            .addStatement("return $T.format($T.ROOT, $S, index, label, probability)",
                String.class, Locale.class, "%d %s %.3f")
            .build())
        .addMethod(MethodSpec.methodBuilder("equals")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(boolean.class)
            .addParameter(Object.class, "o")
            .beginControlFlow("if (!(o instanceof $T))", prediction)
            .addStatement("return false")
            .endControlFlow()
            .addStatement("final $T p = ($T) o", prediction, prediction)
            .addStatement("return index == p.index && quantized == p.quantized"
                + " && Float.floatToIntBits(probability) == Float.floatToIntBits(p.probability)"
                + " && label.equals(p.label)")
            .build())
        .addMethod(MethodSpec.methodBuilder("hashCode")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(int.class)
            .addStatement("return ((index * 31 + label.hashCode()) * 31 + quantized) * 31"
                + " + Float.floatToIntBits(probability)")
            .build())
        .build();
  }

  private static MethodSpec getter(String name, Class<?> type, String doc) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .returns(type)
        .addJavadoc("$L\n", doc)
        .addStatement("return $N", name)
        .build();
  }
}
