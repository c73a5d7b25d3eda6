package io.github.tflite2java.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the bytecode length of every method of a class file (JVMS 4), for size limits. */
public final class ClassFileMethods {

  private ClassFileMethods() {}

  /**
   * HotSpot compiles no method of this many bytecode bytes or more (-XX:-DontCompileHugeMethods
   * aside): every generated method must stay below it.
   */
  public static final int JIT_LIMIT = 8000;

  /**
   * Asserts that every method of every class file (class name -> bytes, e.g. {@code
   * InMemoryJavac.Compiled.classFiles()}) has less than {@link #JIT_LIMIT} bytecode bytes;
   * {@code what} starts the failure message (e.g. the model's name).
   */
  public static void assertUnderJitLimit(Map<String, byte[]> classFiles, String what) {
    classFiles.forEach((name, bytes) -> codeLengths(bytes).forEach((method, length) ->
        assertTrue(length < JIT_LIMIT, what + ": " + name + "." + method + " has " + length
            + " bytecode bytes; HotSpot does not JIT methods of " + JIT_LIMIT + " or more")));
  }

  /** Method name + descriptor -> length of its Code attribute's bytecode. */
  public static Map<String, Integer> codeLengths(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IllegalArgumentException("not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int cpCount = in.readUnsignedShort();
      String[] utf8 = new String[cpCount];
      for (int i = 1; i < cpCount; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1: utf8[i] = in.readUTF(); break;
          case 3: case 4: in.readInt(); break;
          case 5: case 6: in.readLong(); i++; break;
          case 7: case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
          case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
          case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
          default: throw new IllegalArgumentException("constant tag " + tag);
        }
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int interfaces = in.readUnsignedShort();
      for (int i = 0; i < interfaces; i++) {
        in.readUnsignedShort();
      }
      int fields = in.readUnsignedShort();
      for (int i = 0; i < fields; i++) {
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        skipAttributes(in);
      }
      Map<String, Integer> result = new LinkedHashMap<>();
      int methods = in.readUnsignedShort();
      for (int i = 0; i < methods; i++) {
        in.readUnsignedShort();
        String name = utf8[in.readUnsignedShort()];
        String desc = utf8[in.readUnsignedShort()];
        int attrs = in.readUnsignedShort();
        for (int a = 0; a < attrs; a++) {
          String attrName = utf8[in.readUnsignedShort()];
          int len = in.readInt();
          if (attrName.equals("Code")) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            int codeLength = in.readInt();
            result.put(name + desc, codeLength);
            in.skipBytes(len - 8);
          } else {
            in.skipBytes(len);
          }
        }
      }
      return result;
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attrs = in.readUnsignedShort();
    for (int a = 0; a < attrs; a++) {
      in.readUnsignedShort();
      in.skipBytes(in.readInt());
    }
  }
}
