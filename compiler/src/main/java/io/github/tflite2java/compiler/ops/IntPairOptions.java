package io.github.tflite2java.compiler.ops;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.tflite2java.compiler.tflite.CheckedTable;
import io.github.tflite2java.compiler.tflite.TflOperator;

/**
 * Options tables of two int fields, both defaulting to 0, shared by GATHER (axis, batch_dims),
 * PACK (values_count, axis) and UNPACK (num, axis): read and written in field order.
 */
final class IntPairOptions {
  private IntPairOptions() {}

  /** The table: fields 0 and 1. */
  static final class Table extends CheckedTable {
    int first() {
      return getInt(0, 0);
    }

    int second() {
      return getInt(1, 0);
    }
  }

  /** The operator's options from fields 0 and 1, or {@code absent} when it has no table. */
  static <O> O decode(TflOperator raw, IntPair<O> options, O absent) {
    Table t = raw.builtinOptions(new Table());
    return t == null ? absent : options.of(t.first(), t.second());
  }

  /** Writes the table; a field equal to its default 0 is left out, as flatc's builders do. */
  static int encode(FlatBufferBuilder fbb, int first, int second) {
    fbb.startTable(2);
    fbb.addInt(0, first, 0);
    fbb.addInt(1, second, 0);
    return fbb.endTable();
  }

  /** Makes options from the two fields. */
  @FunctionalInterface
  interface IntPair<O> {
    O of(int first, int second);
  }
}
