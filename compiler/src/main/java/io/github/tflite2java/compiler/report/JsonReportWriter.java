package io.github.tflite2java.compiler.report;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ModelReport} as JSON (format {@value #FORMAT}): the model, the totals, every
 * layer and every arena block, with sizes in bytes. Deterministic: the same report gives the
 * same text.
 */
public final class JsonReportWriter {

  /** Identifies the document format; changes when fields are renamed or removed. */
  public static final String FORMAT = "tflite2java-report/1";

  private final StringBuilder sb = new StringBuilder();
  private int depth;

  private JsonReportWriter() {}

  /** The report as a JSON document, two-space indented, ending with a newline. */
  public static String write(ModelReport r) {
    JsonReportWriter w = new JsonReportWriter();
    w.report(r);
    return w.sb.append('\n').toString();
  }

  private void report(ModelReport r) {
    begin('{');
    field("format").string(FORMAT);
    field("className").string(r.className());
    field("sourceName").string(r.sourceName());
    field("sha256").string(r.sha256());
    field("fileSize").number(r.fileSize());
    field("compilerVersion").string(r.compilerVersion());
    field("options").string(r.options());
    if (r.dynamicBatch()) {
      // A dynamic-batch model: which batch the class computes.
      field("batch");
      begin('{');
      field("dynamic").raw("true");
      field("compiledFor").number(r.batch());
      field("note").string(r.batchNote());
      end('}');
    }
    field("totals");
    begin('{');
    field("operators").number(r.layers().size());
    field("operatorCounts");
    begin('{');
    for (Map.Entry<String, Integer> e : r.operatorCounts().entrySet()) {
      field(e.getKey()).number(e.getValue());
    }
    end('}');
    field("macs").number(r.totalMacs());
    field("modelWeightBytes").number(r.modelWeightBytes());
    field("classWeightBytes").number(r.classWeightBytes());
    field("arenaBytes").number(r.arenaBytes());
    field("arenaLowerBoundBytes").number(r.arenaLowerBoundBytes());
    field("peakLiveBytes").number(r.peakLiveBytes());
    field("classCount").number(r.classCount());
    field("methodCount").number(r.methodCount());
    end('}');
    field("inputs");
    tensors(r.inputs());
    field("outputs");
    tensors(r.outputs());
    field("layers");
    begin('[');
    for (LayerReport l : r.layers()) {
      element();
      begin('{');
      field("index").number(l.index());
      field("kind").string(l.kind());
      field("category").string(l.category());
      field("inputs");
      tensors(l.inputs());
      field("weights");
      tensors(l.weights());
      field("outputs");
      tensors(l.outputs());
      field("macs").number(l.macs());
      field("weightBytes").number(l.weightBytes());
      field("arenaOffsetBytes").number(l.arenaOffsetBytes());
      field("arenaSizeBytes").number(l.arenaSizeBytes());
      field("aliasesInput").raw(Boolean.toString(l.aliasesInput()));
      field("liveBytes").number(l.liveBytes());
      end('}');
    }
    end(']');
    field("arenaBlocks");
    begin('[');
    for (ArenaBlock b : r.blocks()) {
      element();
      begin('{');
      field("tensor").number(b.tensor());
      field("name").string(b.name());
      field("offsetBytes").number(b.offsetBytes());
      field("sizeBytes").number(b.sizeBytes());
      field("firstStep").number(b.firstStep());
      field("lastStep").number(b.lastStep());
      end('}');
    }
    end(']');
    end('}');
  }

  private void tensors(List<TensorSummary> tensors) {
    begin('[');
    for (TensorSummary t : tensors) {
      element();
      begin('{');
      field("index").number(t.index());
      field("name").string(t.name());
      field("type").string(t.type());
      field("shape");
      StringBuilder shape = new StringBuilder("[");
      for (int d : t.shape()) {
        shape.append(shape.length() == 1 ? "" : ", ").append(d);
      }
      raw(shape.append(']').toString());
      field("bytes").number(t.bytes());
      field("quantization");
      if (t.scales() == 0) {
        raw("null");
      } else {
        begin('{');
        if (t.scales() == 1) {
          field("scale").raw(floatValue(t.scale()));
          field("zeroPoint").number(t.zeroPoint());
        } else {
          field("scales").number(t.scales());
          field("quantizedDimension").number(t.quantizedDimension());
        }
        end('}');
      }
      end('}');
    }
    end(']');
  }

  // --- a minimal pretty-printing JSON writer ------------------------------------------------

  private boolean first = true;

  private void begin(char c) {
    sb.append(c);
    depth++;
    first = true;
  }

  private void end(char c) {
    depth--;
    if (!first) {
      newline();
    }
    sb.append(c);
    first = false;
  }

  private void element() {
    if (!first) {
      sb.append(',');
    }
    newline();
    first = false;
  }

  private JsonReportWriter field(String name) {
    element();
    quote(name);
    sb.append(": ");
    return this;
  }

  private void newline() {
    sb.append('\n');
    for (int i = 0; i < depth; i++) {
      sb.append("  ");
    }
  }

  private void string(String s) {
    quote(s);
  }

  private void number(long n) {
    sb.append(n);
  }

  private JsonReportWriter raw(String s) {
    sb.append(s);
    return this;
  }

  private static String floatValue(float f) {
    return Float.isFinite(f) ? Float.toString(f) : "null";
  }

  private void quote(String s) {
    sb.append('"');
    if (s != null) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)
                && !validSurrogate(s, i)) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
    }
    sb.append('"');
  }

  /** A high surrogate followed by a low one, or a low one preceded by a high one. */
  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
