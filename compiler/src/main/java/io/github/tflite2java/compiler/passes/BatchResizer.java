package io.github.tflite2java.compiler.passes;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.ops.Reshape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compiles a dynamic-batch model for another batch, as TFLite's {@code ResizeInputTensor} on
 * every input + {@code AllocateTensors} would: every tensor whose {@code shape_signature} has -1
 * in dimension 0 gets dimension 0 = N (TFLite re-derives those shapes operator by operator in
 * Prepare; for the operators this compiler supports the batch dimension passes through
 * unchanged). RESHAPE is the exception TFLite checks at run time: its new shape comes from the
 * shape tensor or the options, so a shape that fixes the batch (e.g. {@code [1,1960]} rather than
 * {@code [-1,1960]}) cannot follow the resize, and is reported as TFLite would fail it.
 */
public final class BatchResizer {

  private BatchResizer() {}

  /** Whether some tensor of the model has a dynamic batch. */
  public static boolean hasDynamicBatch(ModelGraph g) {
    for (Tensor t : g.tensors()) {
      if (t.dynamicBatch()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The graph at batch {@code batch}; {@code g} itself for batch 0 (the stored shapes).
   *
   * @throws ModelCompileException when the model has no dynamic batch, or a RESHAPE cannot
   *     follow the new batch
   */
  public static ModelGraph resize(ModelGraph g, int batch) throws ModelCompileException {
    if (batch == 0) {
      return g;
    }
    ProblemCollector p = new ProblemCollector(g);
    if (!hasDynamicBatch(g)) {
      p.add(ProblemCollector.BATCH, "the compile option batch=" + batch + " needs a model with a"
          + " dynamic batch (a shape_signature with -1 in dimension 0); every tensor of this"
          + " model has a fixed shape");
      throw new ModelCompileException(g.sourceName(), p.problems());
    }
    List<Tensor> tensors = new ArrayList<>(g.tensors().size());
    for (Tensor t : g.tensors()) {
      tensors.add(t.dynamicBatch() && t.rank() > 0 ? t.withBatch(batch) : t);
    }
    ModelGraph resized = new ModelGraph(g.sourceName(), g.sha256(), g.fileSize(),
        g.schemaVersion(), g.description(), tensors, g.operators(), g.inputs(), g.outputs());
    for (Operator op : g.operators()) {
      if (op.kind().equals("RESHAPE") && op.outputs().length == 1 && op.inputs().length >= 1) {
        checkReshape(resized, op, batch, p);
      }
    }
    if (!p.isEmpty()) {
      throw new ModelCompileException(g.sourceName(), p.problems());
    }
    return resized;
  }

  /** TFLite 2.9's reshape.cc output shape must be the resized output tensor's shape. */
  private static void checkReshape(ModelGraph g, Operator op, int batch, ProblemCollector p) {
    Tensor in = g.tensor(op.input(0));
    Tensor out = g.tensor(op.output(0));
    if (!in.dynamicBatch() && !out.dynamicBatch()) {
      return;
    }
    int[] requested = null;
    String source;
    if (op.inputs().length == 2 && op.input(1) >= 0 && g.tensor(op.input(1)).rank() == 1) {
      Tensor shape = g.tensor(op.input(1));
      if (!shape.isConstant() || shape.type() != TensorType.INT32) {
        p.add(ProblemCollector.BATCH, op, "reads its new shape from " + p.describe(shape.index())
            + ", which is not a constant int32 vector; tflite2java cannot resize it for batch "
            + batch);
        return;
      }
      requested = new int[(int) shape.elementCount()];
      ByteBuffer.wrap(shape.data()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(requested);
      source = "the shape tensor " + p.describe(shape.index());
    } else if (op.options() instanceof Reshape.Options o) {
      requested = o.newShape();
      if (requested.length == 1 && requested[0] == 0) {
        requested = new int[0]; // TFLite's legacy scalar form
      }
      source = "the options' new_shape";
    } else {
      return;
    }
    long elements = in.elementCount();
    int[] shape = requested.clone();
    long known = 1;
    int stretch = -1;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == -1) {
        stretch = d;
      } else {
        known *= shape[d];
      }
    }
    if (stretch >= 0 && known > 0 && elements % known == 0) {
      shape[stretch] = (int) (elements / known);
    }
    if (!Arrays.equals(shape, out.shape())) {
      p.add(ProblemCollector.BATCH, op, "new shape " + Arrays.toString(requested)
          .replace(" ", "") + " (from " + source + ") does not give output "
          + out.shapeString() + " at batch "
          + batch + " (input " + in.shapeString() + "); TFLite fails such a resize too (the"
          + " converter fixed the batch in the shape: convert with a -1 batch)");
    }
  }
}
