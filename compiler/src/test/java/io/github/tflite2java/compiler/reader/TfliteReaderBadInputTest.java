package io.github.tflite2java.compiler.reader;

import io.github.tflite2java.compiler.ops.Add;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.tflite2java.compiler.ModelCompileException;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.ir.Activation;
import io.github.tflite2java.compiler.ir.OperatorOptions;
import io.github.tflite2java.compiler.ir.QuantParams;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.compiler.tflite.BuiltinOperator;
import io.github.tflite2java.compiler.tflite.TestModels;
import io.github.tflite2java.compiler.modelbuilder.TfliteModelBuilder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken, foreign and unrepresentable inputs give one exception naming file and problems. */
class TfliteReaderBadInputTest {

  /** Reads and expects failure; checks the message names the file and the problem ids. */
  static ModelCompileException fails(String name, byte[] bytes, String... ids) {
    ModelCompileException e =
        assertThrows(ModelCompileException.class, () -> TfliteReader.read(name, bytes));
    assertEquals(name, e.file());
    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
    List<String> got = e.problems().stream().map(Problem::id).collect(Collectors.toList());
    for (String id : ids) {
      assertTrue(got.contains(id), "expected " + id + " in " + e.getMessage() + " " + got);
    }
    return e;
  }

  static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), "'" + needle + "' not in: " + haystack);
  }

  static TfliteModelBuilder small() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    int x = b.addTensor("x", TensorType.UINT8, new int[] {1, 4, 4, 3},
        QuantParams.perTensor(0.5f, 128));
    int y = b.addTensor("y", TensorType.UINT8, new int[] {1, 4, 4, 3},
        QuantParams.perTensor(0.5f, 128));
    b.addOperator(BuiltinOperator.ADD, new int[] {x, x}, new int[] {y},
        new Add.Options(Activation.NONE));
    return b.inputs(x).outputs(y);
  }

  @Test
  void emptyFile() {
    ModelCompileException e = fails("empty.tflite", new byte[0], TfliteReader.NOT_TFLITE);
    assertEquals("empty.tflite: not a TFLite model: file is empty", e.getMessage());
  }

  @Test
  void tooShortFile() {
    ModelCompileException e = fails("short.tflite", new byte[] {1, 2, 3}, TfliteReader.NOT_TFLITE);
    assertContains(e.getMessage(), "file is 3 bytes, too short");
  }

  @Test
  void zipArchive() {
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 8, 0, 8, 0, 0, 0, 0, 0, 0, 0};
    ModelCompileException e = fails("model.zip", zip, TfliteReader.NOT_TFLITE);
    assertEquals("model.zip: not a TFLite model: file identifier is '\\024\\000\\010\\000',"
        + " expected 'TFL3' (the file is a ZIP archive; extract the .tflite model from it)",
        e.getMessage());
  }

  @Test
  void identifierIsEscaped() {
    byte[] bytes = {0, 0, 0, 0, 'P', 'K', 3, 4, 0, 0, 0, 0};
    ModelCompileException e = fails("x.bin", bytes, TfliteReader.NOT_TFLITE);
    assertContains(e.getMessage(), "not a TFLite model: file identifier is 'PK\\003\\004',"
        + " expected 'TFL3'");
  }

  @Test
  void gzipArchive() {
    byte[] tgz = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    assertContains(fails("m.tgz", tgz, TfliteReader.NOT_TFLITE).getMessage(), "gzip");
  }

  @Test
  void randomBytesNeverEscapeRaw() {
    java.util.Random rnd = new java.util.Random(1234);
    for (int i = 0; i < 400; i++) {
      byte[] bytes = new byte[rnd.nextInt(600)];
      rnd.nextBytes(bytes);
      if (i % 2 == 0 && bytes.length >= 8) {
        bytes[4] = 'T'; // get past the identifier check into the structure
        bytes[5] = 'F';
        bytes[6] = 'L';
        bytes[7] = '3';
      }
      fails("random-" + i + ".tflite", bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 12, 64, 1000, 4096, 100_000, 2_000_000, 2_141_176, -16, -6})
  void truncatedFlagship(int cut) throws Exception {
    byte[] full = Files.readAllBytes(SharedModels.model(SharedModels.FLAGSHIP));
    int length = cut > 0 ? cut : full.length + cut;
    byte[] truncated = Arrays.copyOf(full, length);
    ModelCompileException e = fails("cut.tflite", truncated, TfliteReader.CORRUPT);
    assertContains(e.getMessage(), "cut.tflite: ");
    assertContains(e.getMessage(), "corrupt: ");
    assertContains(e.getMessage(), "(" + length + " bytes)");
  }

  @Test
  void flippedRootOffset() throws Exception {
    byte[] bytes = Files.readAllBytes(SharedModels.model(SharedModels.FLAGSHIP));
    bytes[3] ^= (byte) 0x40;
    ModelCompileException e = fails("flip.tflite", bytes, TfliteReader.CORRUPT);
    assertContains(e.getMessage(), "model: root table offset");
    assertContains(e.getMessage(), "is outside the file (4282352 bytes)");
  }

  @Test
  void flippedSubgraphsOffset() throws Exception {
    byte[] bytes = Files.readAllBytes(SharedModels.model(SharedModels.FLAGSHIP));
    FlatBufferPatch p = new FlatBufferPatch(bytes);
    int field = p.field(p.root(), 2); // Model.subgraphs
    p.putInt(field, p.getInt(field) ^ 0x10000000);
    ModelCompileException e = fails("flip.tflite", bytes, TfliteReader.CORRUPT);
    assertContains(e.getMessage(), "field 'subgraphs' points to offset");
  }

  @Test
  void tensorBufferIndexOutOfRange() throws Exception {
    byte[] bytes = Files.readAllBytes(SharedModels.model(SharedModels.FLAGSHIP));
    FlatBufferPatch p = new FlatBufferPatch(bytes);
    int tensor = p.tensor(12);
    p.putInt(p.field(tensor, 2), 900); // Tensor.buffer
    ModelCompileException e = fails("bad.tflite", bytes, TfliteReader.CORRUPT);
    assertEquals("bad.tflite: corrupt: tensor 12 'MobilenetV1/MobilenetV1/Conv2d_2_depthwise/"
        + "BatchNorm_Fold/bias' buffer index 900 out of range (model has 94 buffers)",
        e.getMessage());
  }

  @Test
  void vtableFieldOffsetsAreUnsigned() {
    byte[] bytes = small().build();
    FlatBufferPatch p = new FlatBufferPatch(bytes);
    p.putShort(p.vtableSlot(p.tensor(1), 1), 0xfffc); // Tensor.type, far past the file's end
    ModelCompileException e = fails("vt.tflite", bytes, TfliteReader.CORRUPT);
    assertContains(e.getMessage(), "corrupt: tensor 1: field 1 at offset ");
    assertContains(e.getMessage(), "runs past the end of the file (" + bytes.length + " bytes)");
  }

  @Test
  void absurdVectorLength() throws Exception {
    byte[] bytes = Files.readAllBytes(SharedModels.model(SharedModels.FLAGSHIP));
    FlatBufferPatch p = new FlatBufferPatch(bytes);
    int shape = p.follow(p.field(p.tensor(5), 0)); // Tensor.shape vector
    p.putInt(shape, 0x7fffffff);
    ModelCompileException e = fails("huge.tflite", bytes, TfliteReader.CORRUPT);
    assertContains(e.getMessage(), "tensor 5: vector 'shape' claims 2147483647 elements");
  }

  @Test
  void bitFlipsInRealModelStructureNeverEscapeRaw() throws Exception {
    byte[] original = Files.readAllBytes(SharedModels.model(SharedModels.V1_025));
    boolean[] payload = new FlatBufferPatch(original).payloadBytes();
    int detected = flipBits(original, payload, 60, 99);
    assertTrue(detected > 10, "only " + detected + " of 60 flips were detected");
  }

  @Test
  void bitFlipsInWrittenModelNeverEscapeRaw() {
    byte[] original = TestModels.everyOptionsModel();
    int detected = flipBits(original, new boolean[original.length], 1000, 7);
    assertTrue(detected > 300, "only " + detected + " of 1000 flips were detected");
  }

  /**
   * Reads {@code count} copies of a model, each with one random bit flipped outside the payload
   * bytes; any outcome but a read or a ModelCompileException naming the file fails the test.
   *
   * @return how many flips were detected
   */
  static int flipBits(byte[] original, boolean[] payload, int count, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    int detected = 0;
    for (int i = 0; i < count; i++) {
      byte[] bytes = original.clone();
      int pos;
      do {
        pos = rnd.nextInt(bytes.length);
      } while (payload[pos]);
      bytes[pos] ^= (byte) (1 << rnd.nextInt(8));
      String name = "flip-" + pos + ".tflite";
      try {
        TfliteReader.read(name, bytes);
      } catch (ModelCompileException e) {
        detected++;
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        assertTrue(e.problems().stream().noneMatch(p -> p.message().contains("unreadable")),
            "a runtime exception slipped past the bounds checks: " + e.getMessage());
      } catch (RuntimeException e) {
        fail("raw exception for a bit flip at " + pos, e);
      }
    }
    return detected;
  }

  @Test
  void aliasedOffsetsCannotExhaustMemory() {
    // 20,000 tensor entries all pointing at one tensor whose shape has 100,000 dimensions of 1:
    // a 0.5 MB file that would decode into 8 GB of shape arrays without a budget.
    com.google.flatbuffers.FlatBufferBuilder fbb = new com.google.flatbuffers.FlatBufferBuilder();
    java.nio.ByteBuffer dims = fbb.createUnintializedVector(4, 100_000, 4);
    while (dims.hasRemaining()) {
      dims.putInt(1);
    }
    int shape = fbb.endVector();
    fbb.startTable(4);
    fbb.addOffset(0, shape, 0);
    fbb.addByte(1, (byte) TensorType.INT8.code(), 0);
    int tensor = fbb.endTable();
    int[] aliases = new int[20_000];
    Arrays.fill(aliases, tensor);
    int tensors = fbb.createVectorOfTables(aliases);
    fbb.startTable(1);
    fbb.addOffset(0, tensors, 0);
    int subgraph = fbb.endTable();
    int subgraphs = fbb.createVectorOfTables(new int[] {subgraph});
    fbb.startTable(1);
    int emptyBuffer = fbb.endTable();
    int buffers = fbb.createVectorOfTables(new int[] {emptyBuffer});
    fbb.startTable(5);
    fbb.addInt(0, 3, 0);
    fbb.addOffset(2, subgraphs, 0);
    fbb.addOffset(4, buffers, 0);
    fbb.finish(fbb.endTable(), "TFL3");
    byte[] bytes = fbb.sizedByteArray();
    assertTrue(bytes.length < 600_000);
    ModelCompileException e = fails("alias.tflite", bytes, TfliteReader.CORRUPT);
    assertContains(e.getMessage(), "offsets must alias");
  }

  @Test
  void multipleSubgraphs() {
    ModelCompileException e = fails("multi.tflite", small().rawExtraSubgraphs(2).build(),
        TfliteReader.MULTIPLE_SUBGRAPHS);
    assertEquals("multi.tflite: model has 3 subgraphs; tflite2java supports single-subgraph"
        + " models", e.getMessage());
  }

  @Test
  void dynamicShapeSignatureOutsideTheBatch() {
    TfliteModelBuilder b = small();
    b.shapeSignature(0, -1, -1, 4, 3);
    ModelCompileException e = fails("dyn.tflite", b.build(), TfliteReader.DYNAMIC_SHAPE);
    assertEquals("dyn.tflite: tensor 0 'x' has dynamic shape signature [-1,-1,4,3]: dimension 1"
        + " is -1; tflite2java accepts -1 only in dimension 0 (the batch) and needs the other"
        + " dimensions static", e.getMessage());
  }

  @Test
  void dynamicBatchIsReadAtTheStoredShape() throws Exception {
    TfliteModelBuilder b = small();
    b.shapeSignature(0, -1, 4, 4, 3);
    b.shapeSignature(1, -1, 4, 4, 3);
    io.github.tflite2java.compiler.ir.ModelGraph g =
        TfliteReader.read("dyn.tflite", b.build());
    assertTrue(g.tensor(0).dynamicBatch());
    assertEquals("[1,4,4,3]", g.tensor(0).shapeString());
    assertEquals("[3,4,4,3]", g.tensor(0).withBatch(3).shapeString());
  }

  @Test
  void dynamicBatchOfAnotherRankIsCorrupt() {
    TfliteModelBuilder b = small();
    b.shapeSignature(0, -1, 4, 3);
    assertContains(fails("dyn.tflite", b.build(), TfliteReader.CORRUPT).getMessage(),
        "tensor 0 'x' has shape [1,4,4,3] but shape signature [-1,4,3] of another rank");
  }

  @Test
  void dynamicOrMissingShape() {
    TfliteModelBuilder b = small();
    b.rawShape(0, new int[] {-1, 4, 4, 3});
    b.rawShape(1, null);
    ModelCompileException e = fails("dyn.tflite", b.build(), TfliteReader.DYNAMIC_SHAPE);
    assertEquals(2, e.problems().size());
    assertContains(e.getMessage(), "tensor 0 'x' has dynamic shape [-1,4,4,3]");
    assertContains(e.getMessage(), "tensor 1 'y' has no shape (unknown rank)");
  }

  @Test
  void zeroSizedTensor() {
    TfliteModelBuilder b = small();
    b.rawShape(1, new int[] {1, 0, 4});
    assertContains(fails("zero.tflite", b.build(), TfliteReader.ZERO_SIZED_TENSOR).getMessage(),
        "tensor 1 'y' has shape [1,0,4] with a zero dimension");
  }

  @Test
  void tooLargeTensor() {
    TfliteModelBuilder b = small();
    b.rawShape(1, new int[] {65536, 65536});
    fails("big.tflite", b.build(), TfliteReader.TENSOR_TOO_LARGE);
  }

  @Test
  void unknownTensorTypeAndOperatorCode() {
    TfliteModelBuilder b = small();
    b.rawType(1, 99);
    b.addOperator(250, new int[] {0}, new int[] {1}, null);
    ModelCompileException e = fails("unknown.tflite", b.build(),
        TfliteReader.UNKNOWN_TENSOR_TYPE, TfliteReader.UNKNOWN_OPERATOR);
    assertContains(e.getMessage(), "unknown.tflite: 2 problems:");
    assertContains(e.getMessage(), "tensor 1 'y' has tensor type code 99");
    assertContains(e.getMessage(), "operator 1 has builtin code 250");
  }

  @Test
  void tensorIndicesOutOfRange() {
    TfliteModelBuilder b = small();
    b.addOperator(BuiltinOperator.ADD, new int[] {0, 7}, new int[] {-1}, null);
    b.outputs(1, 12);
    ModelCompileException e = fails("idx.tflite", b.build(), TfliteReader.CORRUPT);
    assertEquals(3, e.problems().size(), e.getMessage());
    assertContains(e.getMessage(), "corrupt: subgraph output 1 refers to tensor 12, out of range"
        + " (subgraph has 2 tensors)");
    assertContains(e.getMessage(), "corrupt: operator 1 (ADD) input 1 refers to tensor 7");
    assertContains(e.getMessage(), "corrupt: operator 1 (ADD) output 0 refers to tensor -1");
  }

  @Test
  void opcodeIndexOutOfRange() {
    TfliteModelBuilder b = small();
    b.addOperator(BuiltinOperator.MUL, new int[] {0, 0}, new int[] {1}, null);
    byte[] bytes = b.build();
    FlatBufferPatch p = new FlatBufferPatch(bytes);
    p.putInt(p.field(p.operator(1), 0), 77); // Operator.opcode_index
    assertContains(fails("op.tflite", bytes, TfliteReader.CORRUPT).getMessage(),
        "corrupt: operator 1 opcode index 77 out of range (model has 2 operator codes)");
  }

  @Test
  void constantDataOfWrongLength() {
    TfliteModelBuilder b = small();
    b.addConstantTensor("c", TensorType.INT32, new int[] {2, 2}, QuantParams.NONE, new byte[15]);
    assertContains(fails("len.tflite", b.build(), TfliteReader.CORRUPT).getMessage(),
        "corrupt: tensor 2 'c' has 15 bytes of data, expected 16 for INT32[2,2]");
  }

  @Test
  void quantizationProblems() {
    TfliteModelBuilder b = small();
    b.addConstantTensor("pc", TensorType.INT8, new int[] {4, 1}, new QuantParams(
        new float[] {1, 2, 3}, new long[3], 0), new byte[4]);
    b.addConstantTensor("mismatch", TensorType.INT8, new int[] {3}, new QuantParams(
        new float[] {1, 2, 3}, new long[2], 0), new byte[3]);
    b.addTensor("custom", TensorType.INT8, new int[] {3});
    b.rawCustomQuantization(4);
    ModelCompileException e = fails("q.tflite", b.build(), TfliteReader.CORRUPT,
        TfliteReader.UNSUPPORTED_QUANTIZATION);
    assertContains(e.getMessage(), "tensor 2 'pc' has 3 per-channel scales but dimension 0 of"
        + " shape [4,1] is 4");
    assertContains(e.getMessage(), "tensor 3 'mismatch' has 3 quantization scales but 2 zero"
        + " points");
    assertContains(e.getMessage(), "tensor 4 'custom' is quantized with custom quantization");
  }

  @Test
  void unrepresentableTensors() {
    TfliteModelBuilder b = small();
    int c = b.addConstantTensor("ext", TensorType.INT8, new int[] {3}, QuantParams.NONE,
        new byte[3]);
    b.rawExternalData(c, 1 << 20, 3);
    b.rawSchemaVersion(2);
    fails("x.tflite", b.build(), TfliteReader.EXTERNAL_BUFFER,
        TfliteReader.UNSUPPORTED_SCHEMA_VERSION);
  }

  @Test
  void optionsOfTheWrongTable() {
    TfliteModelBuilder b = small();
    b.addOperator(BuiltinOperator.CONV_2D, new int[] {0}, new int[] {1},
        new Add.Options(Activation.NONE));
    assertContains(fails("opt.tflite", b.build(), TfliteReader.CORRUPT).getMessage(),
        "corrupt: operator 1 (CONV_2D) has builtin options of type AddOptions, expected"
            + " Conv2DOptions");
  }

  @Test
  void customOperatorWithoutCodeIsCorruptButWithCodeIsDecoded() throws Exception {
    TfliteModelBuilder b = small();
    b.addCustomOperator(null, new int[] {0}, new int[] {1}, null);
    assertContains(fails("c.tflite", b.build(), TfliteReader.CORRUPT).getMessage(),
        "operator 1 is a custom operator but its operator code has no custom_code");
    TfliteModelBuilder ok = small();
    // A custom code without a kernel (TFLite_Detection_PostProcess has one and needs options).
    ok.addCustomOperator("MyCustomOp", new int[] {0}, new int[] {1}, null);
    assertEquals("CUSTOM:MyCustomOp",
        TfliteReader.read("ok.tflite", ok.build()).operators().get(1).kind());
  }

  @Test
  void longProblemListsAreCut() {
    TfliteModelBuilder b = small();
    for (int i = 0; i < 80; i++) {
      b.addTensor("d" + i, TensorType.INT8, new int[] {-1});
    }
    ModelCompileException e = fails("many.tflite", b.build(), TfliteReader.TOO_MANY_PROBLEMS);
    assertEquals(io.github.tflite2java.compiler.diag.ProblemCollector.MAX_LISTED + 1, e.problems().size());
    assertContains(e.getMessage(), "... and 30 more problems not listed");
  }

  @Test
  void hostileNamesAreEscapedInMessages() {
    TfliteModelBuilder b = small();
    b.addTensor("evil\n\u0000name" + "x".repeat(500), TensorType.INT8, new int[] {-1});
    ModelCompileException e = fails("n.tflite", b.build(), TfliteReader.DYNAMIC_SHAPE);
    assertContains(e.getMessage(), "'evil\\x0a\\x00namexxx");
    assertTrue(e.getMessage().length() < 300, e.getMessage());
  }

  @Test
  void missingFileIsAnIoException(@TempDir Path dir) {
    assertThrows(NoSuchFileException.class, () -> TfliteReader.read(dir.resolve("no.tflite")));
  }

  @Test
  void pathReadNamesThePath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.tflite");
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    ModelCompileException e =
        assertThrows(ModelCompileException.class, () -> TfliteReader.read(file));
    assertEquals(file.toString(), e.file());
    assertTrue(e.getMessage().startsWith(file + ": not a TFLite model"), e.getMessage());
  }
}
