package io.github.tflite2java.compiler.floatmath;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The machine's C library maths through JNA direct mapping: {@code expf} and {@code exp} as
 * libm.so.6 resolves them (glibc's ifunc picks the FMA build on CPUs with FMA and AVX2), and
 * whether this machine is the one {@link GlibcExpf}/{@link GlibcExp} describe.
 */
final class Libm {
  private Libm() {}

  private static volatile boolean registered;

  static native float expf(float x);

  static native double exp(double x);

  /** Why the comparison cannot run here, or null when it can. */
  static String unavailable() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return "needs Linux x86-64, this is " + os + " " + arch;
    }
    String version = glibcVersion();
    if (!"2.36".equals(version)) {
      return "needs glibc 2.36 (whose expf/exp the Java code reproduces), this is " + version;
    }
    register();
    return null;
  }

  /**
   * Whether glibc's ifunc selects the FMA builds here (CPU flags fma and avx2), unless
   * {@code -Dtflite2java.libmBuild=fma|sse2} says so: run with
   * {@code GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA} and {@code -Dtflite2java.libmBuild=sse2} to
   * hold the SSE2/AVX builds to the Java ones on an FMA machine.
   */
  static boolean fmaBuild() {
    String forced = System.getProperty("tflite2java.libmBuild");
    if (forced != null) {
      if (!forced.equals("fma") && !forced.equals("sse2")) {
        throw new IllegalArgumentException("-Dtflite2java.libmBuild must be fma or sse2, not " + forced);
      }
      return forced.equals("fma");
    }
    try {
      String cpu = new String(Files.readAllBytes(Paths.get("/proc/cpuinfo")), StandardCharsets.US_ASCII);
      for (String line : cpu.split("\n")) {
        if (line.startsWith("flags")) {
          String flags = " " + line.substring(line.indexOf(':') + 1).trim() + " ";
          return flags.contains(" fma ") && flags.contains(" avx2 ");
        }
      }
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/cpuinfo", e);
    }
  }

  private static String glibcVersion() {
    try {
      return NativeLibrary.getInstance("libc.so.6").getFunction("gnu_get_libc_version").invokeString(new Object[0], false);
    } catch (UnsatisfiedLinkError e) {
      return "not glibc (" + e.getMessage() + ")";
    }
  }

  private static synchronized void register() {
    if (!registered) {
      Native.register(Libm.class, NativeLibrary.getInstance("libm.so.6"));
      registered = true;
    }
  }
}
