package io.github.tflite2java.compiler.reader;

import io.github.tflite2java.compiler.CompileLimits;
import io.github.tflite2java.compiler.diag.ProblemCollector;
import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.tflite.FlatBufferFormatException;
import io.github.tflite2java.compiler.tflite.TflModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a .tflite file into the graph IR, checking its structure on the way: anything corrupt,
 * truncated, not TFLite, or not representable in the IR (several subgraphs, dynamic shapes,
 * unknown codes) becomes a {@link ModelCompileException} listing every problem found. It decodes
 * faithfully and does not judge which operators or types the compiler supports.
 */
public final class TfliteReader {

  /** The file is not a TFLite FlatBuffer at all. */
  public static final String NOT_TFLITE = "tflite2java/NotTfliteModel";
  /** An offset, length or index in the file is inconsistent. */
  public static final String CORRUPT = "tflite2java/CorruptModel";
  /** The model has more than one subgraph. */
  public static final String MULTIPLE_SUBGRAPHS = "tflite2java/MultipleSubgraphs";
  /** A tensor has an unknown dimension or rank. */
  public static final String DYNAMIC_SHAPE = "tflite2java/DynamicShape";
  /** A tensor has a dimension of 0. */
  public static final String ZERO_SIZED_TENSOR = "tflite2java/ZeroSizedTensor";
  /** A tensor has more elements than a Java array can hold. */
  public static final String TENSOR_TOO_LARGE = "tflite2java/TensorTooLarge";
  /** A tensor type code the schema does not define. */
  public static final String UNKNOWN_TENSOR_TYPE = "tflite2java/UnknownTensorType";
  /** A builtin operator code the schema does not define. */
  public static final String UNKNOWN_OPERATOR = "tflite2java/UnknownOperator";
  /** The model's schema version is not 3. */
  public static final String UNSUPPORTED_SCHEMA_VERSION = "tflite2java/UnsupportedSchemaVersion";
  /** Quantization described by the details union instead of scale and zero point. */
  public static final String UNSUPPORTED_QUANTIZATION = "tflite2java/UnsupportedQuantization";
  /** Sparse tensor encoding. */
  public static final String SPARSE_TENSOR = "tflite2java/SparseTensor";
  /** Variable (state) tensors, which the IR cannot express. */
  public static final String VARIABLE_TENSOR = ProblemCollector.VARIABLE_TENSOR;
  /** Data stored outside the FlatBuffer (models over 2 GB). */
  public static final String EXTERNAL_BUFFER = "tflite2java/ExternalBuffer";
  /** The file is too large to read into memory. */
  public static final String MODEL_TOO_LARGE = "tflite2java/ModelTooLarge";
  /** Stands for the problems left out of an overlong list. */
  public static final String TOO_MANY_PROBLEMS = ProblemCollector.TOO_MANY_PROBLEMS;

  /** Largest file read: a Java array's limit. */
  static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

  private TfliteReader() {}

  /**
   * Reads a model file. Problems name the file as given.
   *
   * @throws ModelCompileException when the file is not a readable single-subgraph TFLite model
   * @throws IOException when the file cannot be read
   */
  public static ModelGraph read(Path file) throws ModelCompileException, IOException {
    return read(file, CompileLimits.defaults());
  }

  /**
   * Reads a model file, failing fast when a tensor or the constant data is over {@code limits}
   * (before that data is copied). Problems name the file as given.
   *
   * @throws ModelCompileException when the file is not a readable single-subgraph TFLite model
   *     or is over a limit
   * @throws IOException when the file cannot be read
   */
  public static ModelGraph read(Path file, CompileLimits limits)
      throws ModelCompileException, IOException {
    String display = file.toString();
    long size = Files.size(file);
    if (size > MAX_FILE_SIZE) {
      throw new ModelCompileException(display, new Problem(MODEL_TOO_LARGE,
          "file is " + size + " bytes; tflite2java reads models of up to 2 GB"));
    }
    return read(display, map(file), null, limits);
  }

  /**
   * The file's content, memory-mapped read-only: not copied to the heap (tensors' constant data
   * stays a view of it until a kernel reads it), so that a model of any size is held once, by
   * the operating system's page cache. The mapping lives as long as the buffer is reachable.
   */
  public static ByteBuffer map(Path file) throws IOException {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return ByteBuffer.allocate(0);
      }
      return ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size);
    }
  }

  /**
   * Reads a model held in memory.
   *
   * @param displayName how messages name the model, e.g. its path; its last path segment becomes
   *     {@link ModelGraph#sourceName()}
   * @throws ModelCompileException when the bytes are not a readable single-subgraph TFLite model
   */
  public static ModelGraph read(String displayName, byte[] bytes) throws ModelCompileException {
    return read(displayName, bytes, CompileLimits.defaults());
  }

  /**
   * Reads a model held in memory, failing fast when a tensor or the constant data is over
   * {@code limits}.
   *
   * @param displayName how messages name the model, e.g. its path; its last path segment becomes
   *     {@link ModelGraph#sourceName()}
   * @throws ModelCompileException when the bytes are not a readable single-subgraph TFLite model
   *     or are over a limit
   */
  public static ModelGraph read(String displayName, byte[] bytes, CompileLimits limits)
      throws ModelCompileException {
    return read(displayName, bytes, null, limits);
  }

  /**
   * Reads a model held in memory whose SHA-256 the caller already computed (a build tool needs
   * it before compiling, to verify a configured checksum and for its up-to-date check), so that
   * the bytes are hashed once.
   *
   * @param displayName how messages name the model, e.g. its path; its last path segment becomes
   *     {@link ModelGraph#sourceName()}
   * @param sha256 lowercase hex SHA-256 of {@code bytes}, or null to compute it here
   * @throws ModelCompileException when the bytes are not a readable single-subgraph TFLite model
   *     or are over a limit
   */
  public static ModelGraph read(String displayName, byte[] bytes, String sha256,
      CompileLimits limits) throws ModelCompileException {
    return read(displayName, ByteBuffer.wrap(bytes), sha256, limits);
  }

  /**
   * Reads a model from a buffer (e.g. a memory-mapped file, see {@link #map(Path)}) from its
   * position to its limit, without copying it: constant tensors are views of it.
   *
   * @param sha256 lowercase hex SHA-256 of the content, or null to compute it here
   */
  public static ModelGraph read(String displayName, ByteBuffer buffer, String sha256,
      CompileLimits limits) throws ModelCompileException {
    ByteBuffer bytes = buffer.slice();
    int length = bytes.remaining();
    if (length == 0) {
      throw new ModelCompileException(displayName,
          new Problem(NOT_TFLITE, "not a TFLite model: file is empty"));
    }
    if (length < 8) {
      throw new ModelCompileException(displayName, new Problem(NOT_TFLITE,
          "not a TFLite model: file is " + length + " bytes, too short for a FlatBuffer"));
    }
    String id = TflModel.fileIdentifier(bytes);
    if (!TflModel.FILE_IDENTIFIER.equals(id)) {
      throw new ModelCompileException(displayName, new Problem(NOT_TFLITE,
          "not a TFLite model: file identifier is '" + escape(id) + "', expected '"
              + TflModel.FILE_IDENTIFIER + "'" + hint(bytes)));
    }
    ProblemCollector problems = new ProblemCollector();
    GraphDecoder.Result decoded = null;
    try {
      TflModel model = TflModel.root(bytes);
      decoded = new GraphDecoder(model, problems, limits).decode();
    } catch (FlatBufferFormatException e) {
      problems.add(CORRUPT, "corrupt: " + e.getMessage());
    } catch (RuntimeException e) {
      // Defence in depth: the accessors check bounds first, but nothing raw may escape.
      problems.add(CORRUPT, "corrupt: unreadable FlatBuffer (" + e + ")");
    }
    if (!problems.isEmpty() || decoded == null) {
      throw new ModelCompileException(displayName, problems.problems());
    }
    return new ModelGraph(
        baseName(displayName),
        sha256 != null ? sha256 : sha256(bytes),
        length,
        decoded.schemaVersion(),
        decoded.description(),
        decoded.tensors(),
        decoded.operators(),
        decoded.inputs(),
        decoded.outputs());
  }

  /** A hint at what a non-TFLite file is instead, for the commonest mix-ups; or "". */
  static String hint(byte[] bytes) {
    return hint(ByteBuffer.wrap(bytes));
  }

  static String hint(ByteBuffer bytes) {
    if (bytes.get(0) == 'P' && bytes.get(1) == 'K' && bytes.get(2) == 3 && bytes.get(3) == 4) {
      return " (the file is a ZIP archive; extract the .tflite model from it)";
    }
    if ((bytes.get(0) & 0xFF) == 0x1f && (bytes.get(1) & 0xFF) == 0x8b) {
      return " (the file is gzip-compressed, e.g. a .tgz; extract the .tflite model from it)";
    }
    if (bytes.limit() >= 12 && bytes.get(8) == 'T' && bytes.get(9) == 'F'
        && bytes.get(10) == 'L' && bytes.get(11) == '3') {
      return " (the file looks like a size-prefixed FlatBuffer; tflite2java reads plain .tflite"
          + " files)";
    }
    return "";
  }

  /** Last segment of a path-like name. */
  static String baseName(String displayName) {
    int slash = Math.max(displayName.lastIndexOf('/'), displayName.lastIndexOf('\\'));
    return displayName.substring(slash + 1);
  }

  /** Lowercase hex SHA-256 of the bytes. */
  static String sha256(byte[] bytes) {
    return sha256(ByteBuffer.wrap(bytes));
  }

  /** Lowercase hex SHA-256 of the buffer's remaining bytes (its position is not moved). */
  public static String sha256(ByteBuffer bytes) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes.duplicate());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Renders bytes as text, printable ASCII as is and anything else as octal escapes. */
  static String escape(String raw) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
        sb.append(c);
      } else {
        sb.append('\\').append(String.format("%03o", c & 0xFF));
      }
    }
    return sb.toString();
  }
}
