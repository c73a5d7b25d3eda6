package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ir.TensorType;

/**
 * ADD of two computed 8-bit tensors of one shape, as MobileNet v2's residual adds (the vector
 * ADD kernel's case, which the broadcasting {@code ADD} row rarely draws): the input plus a
 * RELU or RELU6 of it (its own scale and zero point), or, in multi-input models, plus a second
 * model input of the same shape; at least 8 elements, up to a few thousand (not multiples of 8
 * or of the vector kernel's chunk). Fused activations and output scales as the {@code ADD} row.
 */
final class ResidualAddGen extends GenBase {
  private final OpGenerators.AddGen add = new OpGenerators.AddGen();

  ResidualAddGen() {
    super("ADD", "ADD_RESIDUAL", null);
  }

  @Override
  public Act input(Net n, TensorType type) {
    Rnd r = n.rnd;
    int[] shape = {r.chance(0.85) ? 1 : 2, r.between(1, 12), r.between(1, 12),
        r.between(8, 48)};
    return n.input(type, shape, r.activationScale(), r.zeroPoint(type));
  }

  @Override
  public boolean accepts(Act in) {
    return in.isQuantized8() && in.rank() >= 1 && in.rank() <= 4;
  }

  @Override
  public Act append(Net n, Act in) {
    Rnd r = n.rnd;
    Act second;
    String note;
    if (n.multiIo && r.chance(0.4)) {
      second = n.input(in.type(), in.shape(), r.chance(0.3) ? in.scale() : r.activationScale(),
          r.zeroPoint(in.type()));
      note = " input " + second.describe();
    } else {
      second = new OpGenerators.ReluGen(r.chance(0.5) ? "RELU" : "RELU6").append(n, in);
      note = " residual";
    }
    boolean swap = r.chance(0.5);
    return add.combine(n, swap ? second : in, swap ? in : second,
        note + (swap ? " (swapped)" : ""));
  }
}
