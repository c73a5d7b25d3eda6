package io.github.tflite2java.compiler.ops;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;

/**
 * SQUEEZE: the input without some size-1 dimensions. The output shares the input's storage, so
 * no code runs.
 */
public final class Squeeze extends OperatorKernel<Squeeze.Options, Reshape.AliasPlan> {

  /** SqueezeOptions. */
  public record Options(int[] squeezeDims) implements OperatorOptions {
    public Options {
      squeezeDims = squeezeDims.clone();
    }

    @Override
    public int[] squeezeDims() {
      return squeezeDims.clone();
    }
  }

  public Squeeze() {
    super("SQUEEZE", BuiltinOperator.SQUEEZE, Options.class, ReportCategory.RESHAPE);
  }

  /** Float32 tensors are moved as they are (see {@link Arithmetic}). */
  @Override
  public boolean readsFloat32Inputs() {
    return true;
  }

  @Override
  public boolean writesFloat32Outputs() {
    return true;
  }

  @Override
  public int optionsTable() {
    return TflOptions.SQUEEZE_OPTIONS;
  }

  @Override
  public Options decodeOptions(TflOperator raw, OptionEnums enums) {
    TflOptions.Squeeze o = raw.builtinOptions(new TflOptions.Squeeze());
    int[] dims = o == null ? null : o.squeezeDims();
    return new Options(dims == null ? new int[0] : dims);
  }

  @Override
  public Options absentOptions() {
    return new Options(new int[0]);
  }

  @Override
  public int encodeOptions(FlatBufferBuilder fbb, Options o) {
    int dims = Reshape.intVector(fbb, o.squeezeDims());
    fbb.startTable(1);
    fbb.addOffset(0, dims, 0);
    return fbb.endTable();
  }

  @Override
  public Reshape.AliasPlan prepare(PrepareContext ctx, Operator op, Options options) {
    return Reshape.alias(ctx, op, name(), 2);
  }

  @Override
  public MethodSpec emit(Reshape.AliasPlan plan, EmitContext ctx) {
    throw new IllegalStateException("SQUEEZE shares storage and emits no code");
  }
}
