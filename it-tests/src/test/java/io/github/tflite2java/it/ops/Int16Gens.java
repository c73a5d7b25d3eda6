package io.github.tflite2java.it.ops;

import static io.github.tflite2java.it.ops.OpGenerators.anyRankInput;
import static io.github.tflite2java.it.ops.OpGenerators.anyRankInputShape;
import static io.github.tflite2java.it.ops.OpGenerators.fmt;

import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.TensorType;

/**
 * Generators of the int16 (16x8) QUANTIZE, DEQUANTIZE, LOGISTIC and TANH cases of the randomized
 * suite.
 */
final class Int16Gens {
  private Int16Gens() {}

  /**
   * QUANTIZE float32 -> int16 (inputs spanning about the int16 range, often beyond it), int16
   * -> int8 and int16 -> int16 with another scale.
   */
  static final class QuantizeGen extends GenBase {
    QuantizeGen() {
      super("QUANTIZE", "QUANTIZE/INT16", TensorType.INT16);
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      if (r.chance(0.4)) {
        // Float input: its magnitude is set when the QUANTIZE after it is appended.
        return n.input(TensorType.FLOAT32, anyRankInputShape(r).shape(), 1f, 0);
      }
      return anyRankInput(n, TensorType.INT16);
    }

    @Override
    public boolean accepts(Act in) {
      // Quantized int16 only: an unquantized one (a CAST's) has scale 0, on which TFLite's
      // QuantizeMultiplier aborts the process.
      return (in.type() == TensorType.INT16 && in.scale() > 0)
          || in.type() == TensorType.FLOAT32;
    }

    @Override
    public Act append(Net n, Act in) {
      Rnd r = n.rnd;
      Act out;
      if (in.type() == TensorType.FLOAT32) {
        float scale = (float) (r.activationScale() / 256);
        out = n.tensor(TensorType.INT16, in.shape(), scale, 0);
        n.setInputMagnitude(in, (float) (32768 * scale * r.logUniform(0.5, 2)));
      } else if (r.chance(0.5)) {
        out = n.tensor(TensorType.INT8, in.shape(),
            (float) (in.scale() * r.logUniform(16, 1024)), r.zeroPoint(TensorType.INT8));
      } else {
        out = n.tensor(TensorType.INT16, in.shape(), (float) (in.scale() * r.logUniform(0.25, 4)),
            0);
      }
      return unary(n, 1, in, out);
    }
  }

  /** DEQUANTIZE int16 -> float32. */
  static final class DequantizeGen extends GenBase {
    DequantizeGen() {
      super("DEQUANTIZE", "DEQUANTIZE/INT16", TensorType.INT16);
    }

    @Override
    public Act input(Net n, TensorType type) {
      return anyRankInput(n, TensorType.INT16);
    }

    @Override
    public boolean accepts(Act in) {
      return in.type() == TensorType.INT16 && in.scale() > 0;
    }

    @Override
    public Act append(Net n, Act in) {
      Act out = n.tensor(TensorType.FLOAT32, in.shape(), 0, 0);
      return unary(n, 1, in, out);
    }
  }

  /**
   * LOGISTIC or TANH on int16: output scale 2^-15 (TFLite requires it); model inputs with a
   * power-of-two scale near 2^-12 (gemmlowp's path for 2^-12, and 2^-11 for TANH) or any other
   * (TFLite's interpolated table).
   */
  static final class LogisticTanhGen extends GenBase {
    LogisticTanhGen(String op) {
      super(op, op + "/INT16", TensorType.INT16);
    }

    @Override
    public Act input(Net n, TensorType type) {
      Rnd r = n.rnd;
      float scale = r.chance(0.4)
          ? (float) Math.scalb(1.0, -r.between(10, 14))
          : (float) r.logUniform(1e-6, 2e-2);
      return n.input(TensorType.INT16, anyRankInputShape(r).shape(), scale, 0);
    }

    @Override
    public boolean accepts(Act in) {
      return in.type() == TensorType.INT16 && in.scale() > 0;
    }

    @Override
    public Act append(Net n, Act in) {
      Act out = n.tensor(TensorType.INT16, in.shape(), 1f / 32768, 0);
      return unary(n, 3, in, out);
    }
  }
}
