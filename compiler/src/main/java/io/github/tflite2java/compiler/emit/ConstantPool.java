package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.ClassName;
import io.github.tflite2java.compiler.WeightStorage;
import io.github.tflite2java.compiler.WeightsResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The weights and other constant arrays of a generated class. They are stored as one byte blob
 * in string constants (javac cannot compile large array literals) and decoded once, at class
 * initialization, into {@code static final} arrays.
 *
 * <p>Each string holds one byte per char (ISO-8859-1), so decoding is a plain copy. Each array's
 * bytes are first shifted by a constant chosen for that array so that as many as possible become
 * printable ASCII: those take one char in the source and one byte in the class file, where the
 * others take a four-char octal escape and two bytes. Quantized weights cluster around their
 * zero point, so nearly all of them do.
 *
 * <p>With {@link WeightStorage#RESOURCE} the blob is instead streamed, unshifted, to a temporary
 * file that becomes the resource {@code <ClassName>.weights} beside the class ({@link
 * WeightsResource}); the static initializer reads it back (checking its length and CRC-32) and
 * decodes it the same way, entry by entry.
 */
final class ConstantPool implements java.io.Closeable {
  /** Class-file bytes per string constant: far below the 65,535-byte limit. */
  static final int CHUNK_BYTES = 16_384;
  /** Source characters per line inside a literal (at most; escapes are not split). */
  static final int LINE_CHARS = 100;
  /** Literals copied by one method, to keep every method far below the bytecode limits. */
  static final int CHUNKS_PER_METHOD = 256;

  private enum Kind {
    CENTERED_U8, CENTERED_S8, INT32, FLOAT32,
    /** Centered 8-bit weights decoded to {@code float[]} (the vector kernels' exact FMA). */
    CENTERED_FLOAT_U8, CENTERED_FLOAT_S8,
    /** Centered 8-bit weights, two rows to an int (see {@code PackedWeights}). */
    PAIRS_U8, PAIRS_S8,
    /** 8-bit weights kept as stored, in the one {@code byte[]} {@link #RAW_FIELD}. */
    RAW
  }

  /** The {@code static final byte[]} of raw weights ({@link #rawWeights}). */
  static final String RAW_FIELD = "RAW_WEIGHTS";

  /**
   * One array; {@code rows > 0} makes it an {@code int[rows][length / rows]}; {@code repeat > 1}
   * repeats the array (or each row) that many times at class initialization.
   */
  private record Entry(String name, Kind kind, int offset, int length, int zeroPoint, int shift,
      int rows, int repeat, int rawOffset) {
    Entry(String name, Kind kind, int offset, int length, int zeroPoint, int shift, int rows,
        int repeat) {
      this(name, kind, offset, length, zeroPoint, shift, rows, repeat, -1);
    }
  }

  private final ByteArrayOutputStream blob;
  private final Path resourceFile;
  private final OutputStream resourceOut;
  private final CRC32 crc = new CRC32();
  private long size;
  /** Bytes of the {@link Kind#RAW} entries. */
  private int rawSize;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> names = new LinkedHashSet<>();

  /** A pool whose blob goes into string constants of the class. */
  ConstantPool() {
    blob = new ByteArrayOutputStream();
    resourceFile = null;
    resourceOut = null;
  }

  private ConstantPool(Path resourceFile) throws IOException {
    blob = null;
    this.resourceFile = resourceFile;
    resourceOut = new java.io.BufferedOutputStream(Files.newOutputStream(resourceFile), 1 << 20);
  }

  /** A pool whose blob streams to a temporary file, the class's weights resource. */
  static ConstantPool resource() {
    try {
      Path f = Files.createTempFile("tflite2java-", ".weights");
      f.toFile().deleteOnExit();
      return new ConstantPool(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for the weights", e);
    }
  }

  boolean isResource() {
    return resourceFile != null;
  }

  /**
   * Finishes the resource: the weights as written so far, to be placed beside the class at
   * {@code relativePath}. Only for {@link #resource()} pools.
   */
  WeightsResource finishResource(String relativePath) {
    try {
      resourceOut.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the weights to " + resourceFile, e);
    }
    return new WeightsResource(relativePath, resourceFile, size, crc.getValue());
  }

  /** Closes and deletes the temporary file (after a failure; no-op for embedded pools). */
  @Override
  public void close() {
    if (resourceFile != null) {
      try {
        resourceOut.close();
      } catch (IOException e) {
        // The file is deleted below all the same.
      }
      try {
        Files.deleteIfExists(resourceFile);
      } catch (IOException e) {
        // deleteOnExit stays as a fallback.
      }
    }
  }

  String centeredWeights(String name, byte[] raw, boolean signed, int zeroPoint) {
    return add(name, signed ? Kind.CENTERED_S8 : Kind.CENTERED_U8, raw, raw.length, zeroPoint, 0,
        1);
  }

  /** Centered 8-bit weights decoded to a {@code float[]} (one byte per weight stored). */
  String centeredFloatWeights(String name, byte[] raw, boolean signed, int zeroPoint) {
    return add(name, signed ? Kind.CENTERED_FLOAT_S8 : Kind.CENTERED_FLOAT_U8, raw, raw.length,
        zeroPoint, 0, 1);
  }

  /** Rows of centered weights, each repeated {@code repeat} times end to end when decoded. */
  String centeredWeightRows(String name, byte[] raw, boolean signed, int zeroPoint, int rows,
      int repeat) {
    if (rows <= 0 || raw.length % rows != 0) {
      throw new IllegalArgumentException(raw.length + " weights do not make " + rows + " rows");
    }
    return add(name, signed ? Kind.CENTERED_S8 : Kind.CENTERED_U8, raw, raw.length, zeroPoint,
        rows, repeat);
  }

  /**
   * Rows of centered weights packed two rows to an int when decoded: an {@code
   * int[(rows + 1) / 2][cols]} (see {@code PackedWeights.centeredPairRows}).
   */
  String centeredPairRows(String name, byte[] raw, boolean signed, int zeroPoint, int rows) {
    if (rows <= 0 || raw.length % rows != 0) {
      throw new IllegalArgumentException(raw.length + " weights do not make " + rows + " rows");
    }
    return add(name, signed ? Kind.PAIRS_S8 : Kind.PAIRS_U8, raw, raw.length, zeroPoint, rows, 1);
  }

  /**
   * 8-bit weights kept as stored: at class initialization they are copied (or, when all the
   * blob is raw weights, kept in place) into the one {@code byte[]} {@link #RAW_FIELD}, with no
   * work per weight for a resource; returns their index in that array.
   */
  int rawWeights(String name, byte[] raw) {
    int at = rawSize;
    add(name, Kind.RAW, raw, raw.length, 0, 0, 1);
    rawSize += raw.length;
    return at;
  }

  String ints(String name, int[] values) {
    return ints(name, values, 1);
  }

  /** {@code values} repeated {@code repeat} times end to end when decoded. */
  String ints(String name, int[] values, int repeat) {
    byte[] b = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      int v = values[i];
      b[4 * i] = (byte) v;
      b[4 * i + 1] = (byte) (v >> 8);
      b[4 * i + 2] = (byte) (v >> 16);
      b[4 * i + 3] = (byte) (v >> 24);
    }
    return add(name, Kind.INT32, b, values.length, 0, 0, repeat);
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
    return add(name, Kind.FLOAT32, b, values.length, 0, 0, 1);
  }

  private String add(
      String name, Kind kind, byte[] bytes, int length, int zeroPoint, int rows, int repeat) {
    if (!names.add(name)) {
      throw new IllegalStateException("duplicate constant " + name);
    }
    if (size + bytes.length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("the weights of one class cannot exceed "
          + (Integer.MAX_VALUE - 8) + " bytes (a Java array)");
    }
    int rawOffset = kind == Kind.RAW ? rawSize : -1;
    if (resourceOut != null) {
      entries.add(new Entry(name, kind, (int) size, length, zeroPoint, 0, rows, repeat,
          rawOffset));
      try {
        resourceOut.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the weights to " + resourceFile, e);
      }
      crc.update(bytes);
    } else {
      int shift = bestShift(bytes);
      entries.add(new Entry(name, kind, (int) size, length, zeroPoint, shift, rows, repeat,
          rawOffset));
      for (byte b : bytes) {
        blob.write((b + shift) & 0xFF);
      }
    }
    size += bytes.length;
    return name;
  }

  /** The shift (0..255) that makes the most bytes printable ASCII; the smallest on ties. */
  static int bestShift(byte[] bytes) {
    int[] histogram = new int[256];
    for (byte b : bytes) {
      histogram[b & 0xFF]++;
    }
    int best = 0;
    long bestCount = -1;
    for (int shift = 0; shift < 256; shift++) {
      long count = 0;
      for (int v = 0; v < 256; v++) {
        if (isPlain((v + shift) & 0xFF)) {
          count += histogram[v];
        }
      }
      if (count > bestCount) {
        bestCount = count;
        best = shift;
      }
    }
    return best;
  }

  /** Written as itself inside a Java string literal. */
  static boolean isPlain(int c) {
    return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
  }

  int blobSize() {
    return (int) size;
  }

  /**
   * Source characters of the string constants' contents alone (0 for a resource): a lower bound
   * on the source size, known before the class is rendered.
   */
  long literalChars() {
    if (blob == null) {
      return 0;
    }
    long chars = 0;
    for (byte value : blob.toByteArray()) {
      int c = value & 0xFF;
      chars += isPlain(c) ? 1 : c == '"' || c == '\\' ? 2 : 4;
    }
    return chars;
  }

  /** The {@code static final} array fields. */
  List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    if (rawSize > 0) {
      fields.add(FieldSpec.builder(byte[].class, RAW_FIELD, Modifier.PRIVATE, Modifier.STATIC,
          Modifier.FINAL).build());
    }
    for (Entry e : entries) {
      if (e.kind == Kind.RAW) {
        continue;
      }
      TypeName type = ArrayTypeName.of(e.kind == Kind.FLOAT32 || e.kind == Kind.CENTERED_FLOAT_U8
          || e.kind == Kind.CENTERED_FLOAT_S8 ? TypeName.FLOAT : TypeName.INT);
      if (e.rows > 0) {
        // Rows (and pairs of rows) are int[][].
        type = ArrayTypeName.of(type);
      }
      fields.add(FieldSpec.builder(type, e.name, Modifier.PRIVATE, Modifier.STATIC,
          Modifier.FINAL).build());
    }
    return fields;
  }

  /** The static initializer: decode the blob, then slice it into the fields. */
  CodeBlock staticInitializer(ClassName self) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (resourceFile != null) {
      b.addStatement("final byte[] p = $N($T.class, $S, /* length= */ $L, /* crc32= */ 0x$LL)",
          io.github.tflite2java.compiler.helpers.Helper.READ_WEIGHTS.methodName(), self,
          self.simpleName() + ".weights", size, Long.toHexString(crc.getValue()));
    } else {
      b.addStatement("final byte[] p = new byte[$L]", size);
      int chunks = chunkCount();
      for (int m = 0; m * CHUNKS_PER_METHOD < chunks; m++) {
        b.addStatement("$N(p)", partMethodName(m));
      }
    }
    boolean allRaw = rawSize == size;
    if (rawSize > 0 && !allRaw) {
      b.addStatement("final byte[] w = new byte[$L]", rawSize);
    }
    for (Entry e : entries) {
      switch (e.kind) {
        case RAW:
          if (!allRaw || e.shift != 0) {
            b.addStatement("rawWeights(p, /* from= */ $L, $L, /* to= */ $L, /* length= */ $L,"
                + " /* shift= */ $L)", e.offset, allRaw ? "p" : "w", e.rawOffset, e.length,
                e.shift);
          }
          break;
        case CENTERED_U8:
        case CENTERED_S8:
          if (e.rows > 0) {
            // Straight into the rows (repeated in place): no flat intermediate array, whose
            // fresh memory costs page faults that dominate class initialization.
            b.addStatement("$N = centeredRows(p, /* offset= */ $L, /* rows= */ $L,"
                + " /* cols= */ $L, /* times= */ $L, /* shift= */ $L, /* zeroPoint= */ $L,"
                + " /* signed= */ $L)", e.name, e.offset, e.rows, e.length / e.rows,
                Math.max(1, e.repeat), e.shift, e.zeroPoint, e.kind == Kind.CENTERED_S8);
          } else {
            String decoder = e.kind == Kind.CENTERED_U8 ? "centeredUint8" : "centeredInt8";
            b.addStatement("$N = $L", e.name, repeated(CodeBlock.of("$L(p, /* offset= */ $L,"
                + " /* length= */ $L, /* shift= */ $L, /* zeroPoint= */ $L)", decoder, e.offset,
                e.length, e.shift, e.zeroPoint), e));
          }
          break;
        case PAIRS_U8:
        case PAIRS_S8:
          b.addStatement("$N = centeredPairRows(p, /* offset= */ $L, /* rows= */ $L,"
              + " /* cols= */ $L, /* shift= */ $L, /* zeroPoint= */ $L, /* signed= */ $L)",
              e.name, e.offset, e.rows, e.length / e.rows, e.shift, e.zeroPoint,
              e.kind == Kind.PAIRS_S8);
          break;
        case INT32:
          b.addStatement("$N = $L", e.name, repeated(CodeBlock.of("int32s(p, /* offset= */ $L,"
              + " /* length= */ $L, /* shift= */ $L)", e.offset, e.length, e.shift), e));
          break;
        case FLOAT32:
          b.addStatement("$N = float32s(p, /* offset= */ $L, /* length= */ $L,"
              + " /* shift= */ $L)", e.name, e.offset, e.length, e.shift);
          break;
        case CENTERED_FLOAT_U8:
        case CENTERED_FLOAT_S8:
          b.addStatement("$N = centeredFloats(p, /* offset= */ $L, /* length= */ $L,"
              + " /* shift= */ $L, /* zeroPoint= */ $L, /* signed= */ $L)", e.name, e.offset,
              e.length, e.shift, e.zeroPoint, e.kind == Kind.CENTERED_FLOAT_S8);
          break;
        default:
          throw new AssertionError(e.kind);
      }
    }
    if (rawSize > 0) {
      b.addStatement("$N = $L", RAW_FIELD, allRaw ? "p" : "w");
    }
    return b.build();
  }

  private static CodeBlock repeated(CodeBlock value, Entry e) {
    return e.repeat > 1 ? CodeBlock.of("repeat($L, /* times= */ $L)", value, e.repeat) : value;
  }

  /** The helpers the static initializer calls. */
  java.util.Set<io.github.tflite2java.compiler.helpers.Helper> helpers() {
    java.util.EnumSet<io.github.tflite2java.compiler.helpers.Helper> h =
        java.util.EnumSet.noneOf(io.github.tflite2java.compiler.helpers.Helper.class);
    if (resourceFile != null) {
      h.add(io.github.tflite2java.compiler.helpers.Helper.READ_WEIGHTS);
    } else if (chunkCount() > 0) {
      h.add(io.github.tflite2java.compiler.helpers.Helper.APPEND);
    }
    for (Entry e : entries) {
      if (e.repeat > 1 && e.rows == 0) {
        h.add(io.github.tflite2java.compiler.helpers.Helper.REPEAT);
      }
      switch (e.kind) {
        case RAW:
          if (rawSize != size || e.shift != 0) {
            h.add(io.github.tflite2java.compiler.helpers.Helper.RAW_WEIGHTS);
          }
          break;
        case CENTERED_U8:
          h.add(e.rows > 0 ? io.github.tflite2java.compiler.helpers.Helper.CENTERED_ROWS
              : io.github.tflite2java.compiler.helpers.Helper.CENTERED_UINT8);
          break;
        case CENTERED_S8:
          h.add(e.rows > 0 ? io.github.tflite2java.compiler.helpers.Helper.CENTERED_ROWS
              : io.github.tflite2java.compiler.helpers.Helper.CENTERED_INT8);
          break;
        case PAIRS_U8:
        case PAIRS_S8:
          h.add(io.github.tflite2java.compiler.helpers.Helper.CENTERED_PAIR_ROWS);
          break;
        case INT32:
          h.add(io.github.tflite2java.compiler.helpers.Helper.INT32S);
          break;
        case FLOAT32:
          h.add(io.github.tflite2java.compiler.helpers.Helper.FLOAT32S);
          break;
        case CENTERED_FLOAT_U8:
        case CENTERED_FLOAT_S8:
          h.add(io.github.tflite2java.compiler.helpers.Helper.CENTERED_FLOATS);
          break;
        default:
          throw new AssertionError(e.kind);
      }
    }
    return h;
  }

  private static String partMethodName(int m) {
    return String.format(java.util.Locale.ROOT, "copyWeightsPart%02d", m);
  }

  /** The blob cut into string constants of at most {@link #CHUNK_BYTES} class-file bytes. */
  private List<byte[]> chunks() {
    if (blob == null) {
      return List.of();
    }
    if (chunks != null && chunksOfSize == size) {
      return chunks;
    }
    byte[] all = blob.toByteArray();
    List<byte[]> chunks = new ArrayList<>();
    int start = 0;
    int encoded = 0;
    for (int i = 0; i < all.length; i++) {
      int c = all[i] & 0xFF;
      // Modified UTF-8: 1..127 take one byte, 0 and 128..255 take two.
      int size = c >= 1 && c <= 0x7f ? 1 : 2;
      if (encoded + size > CHUNK_BYTES) {
        chunks.add(java.util.Arrays.copyOfRange(all, start, i));
        start = i;
        encoded = 0;
      }
      encoded += size;
    }
    if (start < all.length) {
      chunks.add(java.util.Arrays.copyOfRange(all, start, all.length));
    }
    this.chunks = chunks;
    chunksOfSize = size;
    return chunks;
  }

  /** The chunks as last cut (the blob only grows; recut when it did). */
  private List<byte[]> chunks;
  private long chunksOfSize = -1;

  private int chunkCount() {
    return chunks().size();
  }

  /** Methods that each copy up to {@link #CHUNKS_PER_METHOD} literals into the blob. */
  List<MethodSpec> decodeMethods() {
    List<byte[]> chunks = chunks();
    List<MethodSpec> methods = new ArrayList<>();
    int at = 0;
    for (int m = 0; m * CHUNKS_PER_METHOD < chunks.size(); m++) {
      CodeBlock.Builder body = CodeBlock.builder();
      body.addStatement("int at = $L", at);
      int last = Math.min(chunks.size(), (m + 1) * CHUNKS_PER_METHOD);
      for (int c = m * CHUNKS_PER_METHOD; c < last; c++) {
        byte[] chunk = chunks.get(c);
        // One String per literal (JavaPoet indents the lines inside it), not one per line.
        body.add("at = append(p, at,\n$>$>$L);\n$<$<", literalText(chunk));
        at += chunk.length;
      }
      methods.add(MethodSpec.methodBuilder(partMethodName(m))
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(byte[].class, "p")
          .addCode(body.build())
          .build());
    }
    return methods;
  }

  /**
   * The Java string literals of {@link #literalLines}, joined by {@code "\n+ "}: one
   * concatenation expression holding {@code bytes} one char per byte.
   */
  static String literalText(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length + bytes.length / 8 + 16).append('"');
    int lineStart = 0;
    for (byte value : bytes) {
      int c = value & 0xFF;
      int pieceLength = isPlain(c) ? 1 : c == '"' || c == '\\' ? 2 : 4;
      if (sb.length() - lineStart + pieceLength + 1 > LINE_CHARS) {
        sb.append("\"\n+ ");
        lineStart = sb.length();
        sb.append('"');
      }
      if (isPlain(c)) {
        sb.append((char) c);
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else {
        // Always three octal digits, so a following digit cannot extend the escape.
        sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + (c >> 3 & 7)))
            .append((char) ('0' + (c & 7)));
      }
    }
    return sb.append('"').toString();
  }

  /** Java string literals, one per source line, holding {@code bytes} one char per byte. */
  static List<String> literalLines(byte[] bytes) {
    return List.of(literalText(bytes).split("\n\\+ ", -1));
  }
}
