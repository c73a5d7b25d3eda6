package io.github.tflite2java.compiler.reader;

import static io.github.tflite2java.compiler.reader.TfliteReader.CORRUPT;

import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ops.OperatorKernel;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflOptions;

/**
 * Decodes an operator's builtin options through its {@link OperatorKernel}, which knows its
 * options table. Operators without a kernel, or whose kernel reads no table, get {@link
 * OperatorOptions#NONE}. Options of the wrong table type are reported as corrupt, as TFLite
 * would silently ignore them. An absent table reads as the kernel says: the schema's defaults,
 * or {@code NONE} where the operator cannot run without options (validation then reports it).
 */
final class OptionsDecoder {

  private OptionsDecoder() {}

  static OperatorOptions decode(TflOperator op, int builtinCode, String label,
      ProblemCollector problems) {
    OperatorKernel<?, ?> kernel = OperatorRegistry.standard().forCode(builtinCode);
    if (kernel == null || kernel.optionsTable() == TflOptions.NONE) {
      return OperatorOptions.NONE;
    }
    int expected = kernel.optionsTable();
    int type = op.builtinOptionsType();
    if (type != TflOptions.NONE && type != expected) {
      problems.add(CORRUPT, "corrupt: " + label + " has builtin options of type "
          + TflOptions.name(type) + ", expected " + TflOptions.name(expected));
      return OperatorOptions.NONE;
    }
    boolean present = type == expected && op.hasBuiltinOptions();
    OperatorOptions options = present
        ? kernel.decodeOptions(op, what -> problems.add(CORRUPT, "corrupt: " + label + " has "
            + what))
        : kernel.absentOptions();
    return options == null ? OperatorOptions.NONE : options;
  }
}
