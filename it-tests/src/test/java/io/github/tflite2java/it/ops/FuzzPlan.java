package io.github.tflite2java.it.ops;

import io.github.tflite2java.compiler.ops.Pool2d;

import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.Padding;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.reader.TfliteReader;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which cases a run makes, from system properties: the seed, the budget, an operator filter, or
 * one case to replay. Case {@code index} belongs to row {@code index % (TABLE.size() + 1)} of
 * {@link OpGenerators#TABLE} (the extra last row being the multi-operator chains), and its model
 * is a pure function of the seed and the index.
 */
final class FuzzPlan {
  /** Base seed of the run (decimal or 0x-hex). */
  static final String SEED = "tflite2java.it.fuzzSeed";
  /** {@code true}: the long run, {@value #LONG_UNIT} cases per unit of weight. */
  static final String LONG = "tflite2java.it.longFuzz";
  /** Cases per unit of weight (overrides the normal and long defaults). */
  static final String UNIT = "tflite2java.it.fuzzUnit";
  /** Comma-separated operator names (and/or {@code chains}) to run; default all. */
  static final String OPS = "tflite2java.it.fuzzOps";
  /** {@code <seed>:<index>}: replay one case only (verbose, writes its files). */
  static final String CASE = "tflite2java.it.case";

  static final long DEFAULT_SEED = 0x0F0221_2024L;
  static final int DEFAULT_UNIT = 12;
  static final int LONG_UNIT = 200;

  final long seed;
  final int unit;
  final Set<String> only;
  final long[] replay;
  final Set<String> supported;
  /** Whether generated classes take several inputs and outputs (see {@link #probeMultiIo}). */
  final boolean multiIo;

  private FuzzPlan(long seed, int unit, Set<String> only, long[] replay, Set<String> supported,
      boolean multiIo) {
    this.seed = seed;
    this.unit = unit;
    this.only = only;
    this.replay = replay;
    this.supported = supported;
    this.multiIo = multiIo;
  }

  static FuzzPlan fromSystemProperties() {
    long[] replay = null;
    String c = System.getProperty(CASE, "").trim();
    if (!c.isEmpty()) {
      String[] parts = c.split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("-D" + CASE + " must be <seed>:<index>, got " + c);
      }
      replay = new long[] {parseLong(parts[0]), parseLong(parts[1])};
    }
    long seed = replay != null ? replay[0] : parseLong(System.getProperty(SEED, "" + DEFAULT_SEED));
    int unit = Boolean.getBoolean(LONG) ? LONG_UNIT : DEFAULT_UNIT;
    unit = Integer.getInteger(UNIT, unit);
    Set<String> only = new LinkedHashSet<>();
    for (String s : System.getProperty(OPS, "").split(",")) {
      if (!s.isBlank()) {
        only.add(s.trim().toUpperCase(Locale.ROOT).equals("CHAINS") ? OpGenerators.CHAINS
            : s.trim().toUpperCase(Locale.ROOT));
      }
    }
    Set<String> supported = Set.copyOf(OperatorRegistry.standard().names());
    return new FuzzPlan(seed, unit, only, replay, supported, probeMultiIo());
  }

  /**
   * Whether tflite2java gives a model with two outputs an {@code infer} method taking every
   * tensor. Until it does, the generators make models with one input and one output only.
   */
  static boolean probeMultiIo() {
    Net n = new Net(new Rnd(1), false);
    Act in = n.input(TensorType.UINT8, new int[] {1, 2, 2, 1}, 0.5f, 3);
    Act a = n.tensor(TensorType.UINT8, new int[] {1, 2, 2, 1}, 0.5f, 3);
    Act b = n.tensor(TensorType.UINT8, new int[] {1, 2, 2, 1}, 0.5f, 3);
    for (Act out : List.of(a, b)) {
      n.op("MAX_POOL_2D", 1, new int[] {in.index()}, new int[] {out.index()},
          new Pool2d.Options(Padding.VALID, 1, 1, 1, 1, Activation.NONE), "probe");
    }
    FuzzCase probe = n.finish("probe", 0, 0, List.of(a, b));
    try {
      String source = Tflite2JavaCompiler.compile(TfliteReader.read("probe", probe.model()),
          "probe.Probe", CompileOptions.defaults()).source();
      return MULTI_IO_INFER.matcher(source).find();
    } catch (ModelCompileException e) {
      return false;
    }
  }

  /** An {@code infer} method with three array parameters (one input, two outputs). */
  private static final Pattern MULTI_IO_INFER = Pattern.compile(
      "infer\\((\\s*(final\\s+)?(byte|float)\\[\\]\\s+\\w+\\s*,){2}"
          + "\\s*(final\\s+)?(byte|float)\\[\\]\\s+\\w+\\s*\\)");

  static long parseLong(String s) {
    s = s.trim();
    return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
        : Long.parseLong(s);
  }

  /** Number of rows: the table plus the chains. */
  static int rows() {
    return OpGenerators.TABLE.size() + 1;
  }

  /** The row name of case {@code index}. */
  static String rowName(long index) {
    int row = (int) (index % rows());
    return row == OpGenerators.TABLE.size() ? OpGenerators.CHAINS
        : OpGenerators.TABLE.get(row).name();
  }

  boolean enabled(OpGen g) {
    return supported.contains(g.op());
  }

  /** Why a row does not run, or null. */
  String disabledReason(String row) {
    if (!only.isEmpty() && !only.contains(row)) {
      return row + " not selected by -D" + OPS;
    }
    if (row.equals(OpGenerators.CHAINS)) {
      return null;
    }
    String op = row;
    for (OpGenerators.Entry e : OpGenerators.TABLE) {
      op = e.name().equals(row) ? e.gen().op() : op;
    }
    return supported.contains(op) ? null
        : op + " is not in tflite2java's OperatorRegistry yet (supported: "
            + String.join(", ", supported) + ")";
  }

  /** The case indices of a row in this run. */
  long[] indices(String row) {
    int r = -1;
    int weight = OpGenerators.CHAIN_WEIGHT;
    for (int i = 0; i < OpGenerators.TABLE.size(); i++) {
      if (OpGenerators.TABLE.get(i).name().equals(row)) {
        r = i;
        weight = OpGenerators.TABLE.get(i).weight();
      }
    }
    if (r < 0) {
      r = OpGenerators.TABLE.size();
    }
    long[] result = new long[weight * unit];
    for (int j = 0; j < result.length; j++) {
      result[j] = r + (long) j * rows();
    }
    return result;
  }

  /** The enabled generators. */
  List<OpGen> enabledGenerators() {
    return OpGenerators.TABLE.stream().map(OpGenerators.Entry::gen).filter(this::enabled)
        .collect(Collectors.toList());
  }

  /** Makes case {@code index} of this run's seed. */
  FuzzCase make(long index) {
    return make(seed, index);
  }

  /** Makes case {@code index} of {@code seed}. */
  FuzzCase make(long seed, long index) {
    String row = rowName(index);
    Rnd r = new Rnd(Rnd.caseSeed(seed, index));
    Net n = new Net(r, multiIo);
    // A fifth of the cases carry a dynamic batch signature (drawn apart, so that the models
    // themselves stay those of the seed).
    Rnd batchRnd = new Rnd(Rnd.caseSeed(seed ^ 0xBA7C_0000_0000L, index));
    n.dynamicBatch = batchRnd.chance(0.2);
    TensorType type = r.chance(0.5) ? TensorType.UINT8 : TensorType.INT8;
    List<Act> outputs;
    if (row.equals(OpGenerators.CHAINS)) {
      outputs = chain(n, type);
    } else {
      OpGen gen = OpGenerators.TABLE.get((int) (index % rows())).gen();
      type = gen.type() != null ? gen.type() : type;
      outputs = gen.appendOutputs(n, gen.input(n, type));
    }
    if (n.dynamicBatch && BATCH_SAFE.containsAll(n.ops()) && batchRnd.chance(0.6)) {
      // Every operator keeps dimension 0 as the batch: also run resized, as an application
      // calling ResizeInputTensor does.
      n.batch = batchRnd.between(2, 5);
    }
    return n.finish(row, seed, index, outputs);
  }

  /**
   * Operators whose output's dimension 0 is their input's (the batch) whatever their random
   * options: models of these only are also run at another batch. (FULLY_CONNECTED flattens,
   * MEAN, PAD, TRANSPOSE, SQUEEZE, RESHAPE, CONCATENATION and ARG_MAX may act on dimension 0;
   * ADD and MUL broadcast a second input whose dimension 0 need not be the batch.)
   */
  static final java.util.Set<String> BATCH_SAFE = java.util.Set.of("CONV_2D",
      "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "MAX_POOL_2D", "SOFTMAX", "LOGISTIC", "RELU",
      "RELU6", "HARD_SWISH", "QUANTIZE", "DEQUANTIZE");

  /**
   * A chain of two to four enabled operators; sometimes a second branch reads the same tensor
   * and is joined back (ADD, MUL or CONCATENATION when shapes allow) or becomes a second model
   * output, and sometimes an intermediate tensor is a model output too.
   */
  private List<Act> chain(Net n, TensorType type) {
    Rnd r = n.rnd;
    List<OpGen> enabled = new ArrayList<>(enabledGenerators());
    enabled.removeIf(g -> !g.inChains());
    java.util.Map<Integer, Act> outputs = new java.util.LinkedHashMap<>();
    OpGen first = r.pick(enabled);
    Act current = first.append(n, first.input(n, type));
    int steps = r.between(1, 3);
    for (int i = 0; i < steps; i++) {
      List<OpGen> next = new ArrayList<>();
      for (OpGen g : enabled) {
        if (g.accepts(current)) {
          next.add(g);
        }
      }
      if (next.isEmpty()) {
        break;
      }
      double p = r.uniform(0, 1);
      if (p < 0.25) {
        Act branch = r.pick(next).append(n, current);
        Act joined = join(n, enabled, current, branch);
        if (joined != null) {
          current = joined;
          continue;
        }
        if (n.multiIo) {
          outputs.put(branch.index(), branch);
        }
      } else if (p < 0.35 && n.multiIo) {
        outputs.put(current.index(), current);
      }
      current = r.pick(next).append(n, current);
    }
    outputs.remove(current.index());
    outputs.put(current.index(), current);
    return new ArrayList<>(outputs.values());
  }

  /** Joins two branches with an enabled ADD, MUL or CONCATENATION, or returns null. */
  private static Act join(Net n, List<OpGen> enabled, Act a, Act b) {
    Rnd r = n.rnd;
    List<java.util.function.Supplier<Act>> ways = new ArrayList<>();
    for (OpGen g : enabled) {
      if (g instanceof OpGenerators.BinaryGen bin && OpGenerators.BinaryGen.combinable(a, b)) {
        ways.add(() -> bin.combine(n, a, b, " (join)"));
      }
      if (g instanceof OpGenerators.ConcatenationGen cat) {
        for (int axis = 0; axis < a.rank(); axis++) {
          if (OpGenerators.ConcatenationGen.concatenable(a, b, axis)) {
            int ax = axis;
            ways.add(() -> cat.concat(n, r.chance(0.5) ? List.of(a, b) : List.of(b, a), ax,
                " (join)"));
          }
        }
      }
    }
    return ways.isEmpty() ? null : r.pick(ways).get();
  }

  @Override
  public String toString() {
    return "seed " + seed + ", " + unit + " cases per unit of weight"
        + (multiIo ? "" : ", one input and output per model (the generated classes take no"
            + " more yet)")
        + (only.isEmpty() ? "" : ", only " + only)
        + (replay == null ? "" : ", replaying case " + Arrays.toString(replay));
  }
}
