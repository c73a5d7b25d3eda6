package io.github.tflite2java.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layer calls a generated model class's {@code run()} makes, read from its bytecode (so the
 * sequence is exactly one inference's, whatever the source looks like): {@link LayerProfile}
 * replays them one by one.
 */
final class RunCalls {
  private RunCalls() {}

  /**
   * One layer call of {@code run()}: the method, its operator index, its extent (-1, -1: no
   * arguments).
   */
  record Call(String method, int op, int from, int to) {}

  /**
   * The layer calls of the class's {@code run()} in order, read from its bytecode: {@code
   * aload_0, <int>, <int>, invokevirtual opNN...(II)V} and {@code aload_0, invokevirtual
   * opNN...()V} ({@code invokespecial} in classes compiled for Java 8, where private methods
   * are not called through {@code invokevirtual}; the latter dropped for operators that also have a {@code (from, to)} call:
   * those are the parallel branch's weight widening).
   */
  static List<Call> of(Class<?> type) throws IOException {
    byte[] cls;
    try (InputStream s = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      cls = s.readAllBytes();
    }
    DataInputStream d = new DataInputStream(new ByteArrayInputStream(cls));
    d.readInt();
    d.readUnsignedShort();
    d.readUnsignedShort();
    int cpCount = d.readUnsignedShort();
    Object[] cp = new Object[cpCount];
    int[][] refs = new int[cpCount][];
    for (int i = 1; i < cpCount; i++) {
      int tag = d.readUnsignedByte();
      switch (tag) {
        case 1 -> cp[i] = d.readUTF();
        case 3 -> cp[i] = d.readInt();
        case 4 -> d.readInt();
        case 5, 6 -> {
          d.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> d.readUnsignedShort();
        case 9, 10, 11, 12, 17, 18 -> {
          refs[i] = new int[] {tag, d.readUnsignedShort(), d.readUnsignedShort()};
        }
        case 15 -> {
          d.readUnsignedByte();
          d.readUnsignedShort();
        }
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    d.readUnsignedShort();
    d.readUnsignedShort();
    d.readUnsignedShort();
    d.skipBytes(2 * d.readUnsignedShort());
    int fields = d.readUnsignedShort();
    for (int i = 0; i < fields; i++) {
      d.skipBytes(6);
      skipAttributes(d);
    }
    int methods = d.readUnsignedShort();
    byte[] code = null;
    for (int i = 0; i < methods && code == null; i++) {
      d.readUnsignedShort();
      String name = (String) cp[d.readUnsignedShort()];
      String desc = (String) cp[d.readUnsignedShort()];
      int attrs = d.readUnsignedShort();
      for (int a = 0; a < attrs; a++) {
        String an = (String) cp[d.readUnsignedShort()];
        int len = d.readInt();
        if (name.equals("run") && desc.equals("()V") && an.equals("Code")) {
          d.skipBytes(4);
          code = new byte[d.readInt()];
          d.readFully(code);
          d.skipBytes(len - 8 - code.length);
        } else {
          d.skipBytes(len);
        }
      }
    }
    if (code == null) {
      throw new IllegalStateException("no run() in " + type.getName());
    }
    Pattern op = Pattern.compile("op(\\d\\d+)[A-Za-z].*");
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < code.length; i++) {
      if ((code[i] & 0xFF) != 0x2a) {
        continue;
      }
      int[] pos = {i + 1};
      Integer from = intPush(code, pos, cp);
      Integer to = from == null ? null : intPush(code, pos, cp);
      int at = from != null && to != null ? pos[0] : i + 1;
      if (at + 2 >= code.length || !invoke(code[at] & 0xFF)) {
        continue;
      }
      int[] ref = refs[((code[at + 1] & 0xFF) << 8) | (code[at + 2] & 0xFF)];
      if (ref == null || ref[0] != 10) {
        continue;
      }
      int[] nat = refs[ref[2]];
      String name = (String) cp[nat[1]];
      String desc = (String) cp[nat[2]];
      Matcher m = op.matcher(name);
      boolean args = from != null && to != null && desc.equals("(II)V");
      if (m.matches() && (args || desc.equals("()V") && at == i + 1)) {
        calls.add(new Call(name, Integer.parseInt(m.group(1)), args ? from : -1,
            args ? to : -1));
      }
    }
    List<Call> kept = new ArrayList<>();
    for (Call c : calls) {
      boolean split = c.from() < 0
          && calls.stream().anyMatch(o -> o.op() == c.op() && o.from() >= 0);
      if (!split) {
        kept.add(c);
      }
    }
    return kept;
  }

  /** invokevirtual, or invokespecial (private methods before Java 11's nestmates). */
  private static boolean invoke(int opcode) {
    return opcode == 0xb6 || opcode == 0xb7;
  }

  private static Integer intPush(byte[] code, int[] pos, Object[] cp) {
    int p = pos[0];
    if (p >= code.length) {
      return null;
    }
    int b = code[p] & 0xFF;
    if (b >= 0x02 && b <= 0x08) {
      pos[0] = p + 1;
      return b - 0x03;
    }
    if (b == 0x10 && p + 1 < code.length) {
      pos[0] = p + 2;
      return (int) code[p + 1];
    }
    if (b == 0x11 && p + 2 < code.length) {
      pos[0] = p + 3;
      return (int) (short) (((code[p + 1] & 0xFF) << 8) | (code[p + 2] & 0xFF));
    }
    if (b == 0x12 && p + 1 < code.length && cp[code[p + 1] & 0xFF] instanceof Integer v) {
      pos[0] = p + 2;
      return v;
    }
    if (b == 0x13 && p + 2 < code.length
        && cp[((code[p + 1] & 0xFF) << 8) | (code[p + 2] & 0xFF)] instanceof Integer v) {
      pos[0] = p + 3;
      return v;
    }
    return null;
  }

  private static void skipAttributes(DataInputStream d) throws IOException {
    int attrs = d.readUnsignedShort();
    for (int a = 0; a < attrs; a++) {
      d.readUnsignedShort();
      d.skipBytes(d.readInt());
    }
  }
}
