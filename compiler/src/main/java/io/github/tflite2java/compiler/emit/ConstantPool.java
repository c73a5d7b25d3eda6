package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The weights and other constant arrays of a generated class. They are stored as one byte blob
 * in Base64 string constants (javac cannot compile large array literals) and decoded once, at
 * class initialization, into {@code static final} arrays.
 */
final class ConstantPool {
  /** Characters per string literal: a multiple of 4, far below the 65,535-byte limit. */
  static final int CHUNK_CHARS = 8192;
  /** Characters per source line inside a literal. */
  static final int LINE_CHARS = 128;
  /** Literals decoded by one method, to keep every method far below the bytecode limits. */
  static final int CHUNKS_PER_METHOD = 256;

  private enum Kind {
    CENTERED_U8, CENTERED_S8, INT32, FLOAT32
  }

  private record Entry(String name, Kind kind, int offset, int length, int zeroPoint) {}

  private final ByteArrayOutputStream blob = new ByteArrayOutputStream();
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> names = new LinkedHashSet<>();

  String centeredWeights(String name, byte[] raw, boolean signed, int zeroPoint) {
    return add(name, signed ? Kind.CENTERED_S8 : Kind.CENTERED_U8, raw, raw.length, zeroPoint);
  }

  String ints(String name, int[] values) {
    byte[] b = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      int v = values[i];
      b[4 * i] = (byte) v;
      b[4 * i + 1] = (byte) (v >> 8);
      b[4 * i + 2] = (byte) (v >> 16);
      b[4 * i + 3] = (byte) (v >> 24);
    }
    return add(name, Kind.INT32, b, values.length, 0);
  }

  String floats(String name, float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    byte[] b = new byte[values.length * 4];
    for (int i = 0; i < bits.length; i++) {
      int v = bits[i];
      b[4 * i] = (byte) v;
      b[4 * i + 1] = (byte) (v >> 8);
      b[4 * i + 2] = (byte) (v >> 16);
      b[4 * i + 3] = (byte) (v >> 24);
    }
    return add(name, Kind.FLOAT32, b, values.length, 0);
  }

  private String add(String name, Kind kind, byte[] bytes, int length, int zeroPoint) {
    if (!names.add(name)) {
      throw new IllegalStateException("duplicate constant " + name);
    }
    entries.add(new Entry(name, kind, blob.size(), length, zeroPoint));
    blob.write(bytes, 0, bytes.length);
    return name;
  }

  int blobSize() {
    return blob.size();
  }

  /** The {@code static final} array fields. */
  List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    for (Entry e : entries) {
      TypeName type = ArrayTypeName.of(e.kind == Kind.FLOAT32 ? TypeName.FLOAT : TypeName.INT);
      fields.add(FieldSpec.builder(type, e.name, Modifier.PRIVATE, Modifier.STATIC,
          Modifier.FINAL).build());
    }
    return fields;
  }

  /** The static initializer: decode the blob, then slice it into the fields. */
  CodeBlock staticInitializer() {
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("final byte[] p = new byte[$L]", blob.size());
    int chunks = chunkCount();
    for (int m = 0; m * CHUNKS_PER_METHOD < chunks; m++) {
      b.addStatement("$N(p)", partMethodName(m));
    }
    for (Entry e : entries) {
      switch (e.kind) {
        case CENTERED_U8:
          b.addStatement("$N = centeredUint8(p, $L, $L, $L)", e.name, e.offset, e.length,
              e.zeroPoint);
          break;
        case CENTERED_S8:
          b.addStatement("$N = centeredInt8(p, $L, $L, $L)", e.name, e.offset, e.length,
              e.zeroPoint);
          break;
        case INT32:
          b.addStatement("$N = int32s(p, $L, $L)", e.name, e.offset, e.length);
          break;
        case FLOAT32:
          b.addStatement("$N = float32s(p, $L, $L)", e.name, e.offset, e.length);
          break;
        default:
          throw new AssertionError(e.kind);
      }
    }
    return b.build();
  }

  private int chunkCount() {
    int chars = (blob.size() + 2) / 3 * 4;
    return (chars + CHUNK_CHARS - 1) / CHUNK_CHARS;
  }

  private static String partMethodName(int m) {
    return String.format(java.util.Locale.ROOT, "decodeWeightsPart%02d", m);
  }

  /**
   * Methods that each decode up to {@link #CHUNKS_PER_METHOD} Base64 literals into the blob.
   * Chunks hold a whole number of 3-byte groups, so each decodes on its own.
   */
  List<MethodSpec> decodeMethods() {
    String base64 = Base64.getEncoder().encodeToString(blob.toByteArray());
    List<MethodSpec> methods = new ArrayList<>();
    int chunks = chunkCount();
    for (int m = 0; m * CHUNKS_PER_METHOD < chunks; m++) {
      CodeBlock.Builder body = CodeBlock.builder();
      body.addStatement("final $T decoder = $T.getDecoder()", java.util.Base64.Decoder.class,
          java.util.Base64.class);
      int first = m * CHUNKS_PER_METHOD;
      int last = Math.min(chunks, first + CHUNKS_PER_METHOD);
      body.addStatement("int at = $L", (long) first * CHUNK_CHARS / 4 * 3);
      for (int c = first; c < last; c++) {
        String chunk = base64.substring(c * CHUNK_CHARS,
            Math.min(base64.length(), (c + 1) * CHUNK_CHARS));
        body.add("at = append(p, at, decoder.decode(\n$>$>");
        for (int i = 0; i < chunk.length(); i += LINE_CHARS) {
          String line = chunk.substring(i, Math.min(chunk.length(), i + LINE_CHARS));
          body.add(i == 0 ? "$S" : "\n+ $S", line);
        }
        body.add("));\n$<$<");
      }
      methods.add(MethodSpec.methodBuilder(partMethodName(m))
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(byte[].class, "p")
          .addCode(body.build())
          .build());
    }
    return methods;
  }
}
