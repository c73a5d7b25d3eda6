package io.github.tflite2java.compiler.ops;

import com.google.flatbuffers.FlatBufferBuilder;
import com.squareup.javapoet.MethodSpec;
import io.github.tflite2java.compiler.ir.Operator;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;
import java.util.Objects;

/**
 * Everything the compiler knows about one TFLite operator, in one place (TFLite Micro's kernel
 * shape, run at build time): its builtin code and versions, its options decoded into a typed
 * record (and written back, for the model builder), a {@link #prepare} that checks the
 * operator and computes once, into an immutable plan, everything its kernel needs, a pure
 * {@link #emit} that turns the plan into a Java method, its multiply-accumulate count and its
 * report category. {@link OperatorRegistry} lists one line per kernel.
 *
 * @param <O> the operator's options record
 * @param <P> the operator's plan
 */
public abstract class OperatorKernel<O extends OperatorOptions, P extends LayerPlan> {
  private final String name;
  private final int builtinCode;
  private final Class<O> optionsType;
  private final ReportCategory category;
  private final String customCode;

  protected OperatorKernel(String name, int builtinCode, Class<O> optionsType,
      ReportCategory category) {
    this(name, builtinCode, null, optionsType, category);
  }

  /**
   * A kernel for a CUSTOM operator: its operator code's {@code custom_code} (the operator's
   * kind is then {@code CUSTOM:<customCode>}, as the reader names it), options decoded from the
   * operator's raw {@code custom_options} by {@link #decodeOptions}.
   */
  protected OperatorKernel(String customCode, Class<O> optionsType, ReportCategory category) {
    this("CUSTOM:" + Objects.requireNonNull(customCode), BuiltinOperator.CUSTOM, customCode,
        optionsType, category);
  }

  private OperatorKernel(String name, int builtinCode, String customCode, Class<O> optionsType,
      ReportCategory category) {
    this.name = Objects.requireNonNull(name);
    this.builtinCode = builtinCode;
    this.customCode = customCode;
    this.optionsType = Objects.requireNonNull(optionsType);
    this.category = Objects.requireNonNull(category);
  }

  /** The custom operator code, or {@code null} for a builtin operator. */
  public final String customCode() {
    return customCode;
  }

  /** Whether this kernel implements a CUSTOM operator (see {@link #customCode()}). */
  public final boolean isCustom() {
    return customCode != null;
  }

  /**
   * Whether this operator writes float32 tensors that may be model outputs (besides
   * DEQUANTIZE): float32 values stored as their bits in the arena.
   */
  public boolean writesFloat32Outputs() {
    return false;
  }

  /**
   * Whether this operator may read a float32 model input (as raw bits in the arena); the model
   * validator refuses a float32 model input read by any other operator.
   */
  public boolean readsFloat32Inputs() {
    return false;
  }

  /** The TFLite builtin name, e.g. {@code CONV_2D}, or {@code CUSTOM:<custom code>}. */
  public final String name() {
    return name;
  }

  /** The schema's builtin code. */
  public final int builtinCode() {
    return builtinCode;
  }

  public final ReportCategory category() {
    return category;
  }

  public final Class<O> optionsType() {
    return optionsType;
  }

  /** Newest operator version this kernel implements (the model's version is checked). */
  public int maxVersion() {
    return Integer.MAX_VALUE;
  }

  /**
   * Whether this operator keeps state in variable tensors (TFLite's {@code is_variable}) from
   * one invocation to the next; only such operators may read a variable tensor.
   */
  public boolean keepsState() {
    return false;
  }

  /** The schema's {@code BuiltinOptions} union type this operator reads, or NONE. */
  public int optionsTable() {
    return TflOptions.NONE;
  }

  /**
   * Decodes the options table of {@code raw} (present and of type {@link #optionsTable()}), or
   * returns {@link #absentOptions()} for an absent table. A {@linkplain #isCustom() custom}
   * kernel is always called and reads {@code raw.customOptions()} (null when absent); it
   * reports malformed options through {@code enums} and returns null.
   */
  public O decodeOptions(TflOperator raw, OptionEnums enums) {
    return absentOptions();
  }

  /**
   * The options of an operator without an options table: the schema's defaults, or {@code
   * null} where the operator cannot run without them (TFLite would use zero strides).
   */
  @SuppressWarnings("unchecked")
  public O absentOptions() {
    if (optionsType == OperatorOptions.None.class) {
      return (O) OperatorOptions.NONE;
    }
    return null;
  }

  /** Writes {@code options} as this operator's options table; returns its offset. */
  public int encodeOptions(FlatBufferBuilder fbb, O options) {
    throw new IllegalArgumentException(name + " has no options table");
  }

  /**
   * Checks the operator against what this kernel supports, reporting every problem to {@code
   * ctx}, and computes its plan; returns {@code null} when a problem was reported.
   */
  public abstract P prepare(PrepareContext ctx, Operator op, O options);

  /**
   * The layer method for a plan: private, no arguments (or {@code (int from, int to)} when
   * {@link #splitExtent} is positive), reading and writing the instance's {@code arena}. Never called for plans that {@linkplain LayerPlan#aliasesInput alias}.
   */
  public abstract MethodSpec emit(P plan, EmitContext ctx);

  /**
   * The shapes of outputs that TFLite sizes at Prepare time from the options (models may store
   * them with an empty shape), index by output; {@code null} for a kernel whose output shapes
   * are the model's. Only outputs stored without a shape take these.
   */
  public int[][] outputShapes(O options) {
    return null;
  }

  /** {@link #outputShapes} for {@code op}; null when its options are not this kernel's. */
  public final int[][] outputShapesOf(Operator op) {
    return optionsType.isInstance(op.options()) ? outputShapes(options(op)) : null;
  }

  /** Multiply-accumulates of one inference (0 for operators that multiply nothing). */
  public long macs(P plan) {
    return 0;
  }

  /**
   * The range the layer method can be split over for intra-op threads (output rows, pixels or
   * output channels), or 0 (the default) for a method without parameters. When positive, {@link
   * #emit} gives the method two parameters {@code (int from, int to)} and it computes exactly
   * the outputs of {@code [from, to)}, reading the arena's inputs and writing nothing else: the
   * parts of a layer may run at once on instances sharing one arena (each with its own scratch
   * arrays), and the outputs are the same bits as the whole range in one call.
   */
  public int splitExtent(P plan) {
    return 0;
  }

  /** Split boundaries are multiples of this (e.g. a vector's lanes of output channels). */
  public int splitGrain(P plan) {
    return 1;
  }

  /** {@link #splitExtent} on a plan known to be this kernel's. */
  public final int splitExtentOf(LayerPlan plan) {
    return splitExtent(planType(plan));
  }

  /** {@link #splitGrain} on a plan known to be this kernel's. */
  public final int splitGrainOf(LayerPlan plan) {
    return splitGrain(planType(plan));
  }

  /** The typed options of {@code op} (decoded by the reader through this kernel). */
  public final O options(Operator op) {
    return optionsType.cast(op.options());
  }

  /** {@link #prepare} with the options the reader decoded for {@code op}. */
  public final P prepareOperator(PrepareContext ctx, Operator op) {
    return prepare(ctx, op, options(op));
  }

  /** {@link #emit} on a plan known to be this kernel's. */
  public final MethodSpec emitPlan(LayerPlan plan, EmitContext ctx) {
    return emit(planType(plan), ctx);
  }

  /** {@link #macs} on a plan known to be this kernel's. */
  public final long macsOf(LayerPlan plan) {
    return macs(planType(plan));
  }

  @SuppressWarnings("unchecked")
  private P planType(LayerPlan plan) {
    return (P) plan;
  }

  @Override
  public String toString() {
    return name;
  }
}
