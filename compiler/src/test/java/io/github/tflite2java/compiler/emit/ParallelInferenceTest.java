package io.github.tflite2java.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.CompileRequest;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Tflite2JavaCompiler;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The opt-in intra-op threads ({@code setExecutor(executor, parts)}) of generated classes: the
 * real models' golden bytes with layers split in 2, 3 and 7 parts on a thread pool, a parallel
 * instance equal to a serial one on random inputs, executors that run nothing or run tasks in
 * the caller, and the default path still allocating nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelInferenceTest {
  private static final MethodType INFER = MethodType.methodType(void.class, byte[].class,
      byte[].class);
  private ExecutorService pool;

  @BeforeAll
  void startPool() {
    pool = Executors.newFixedThreadPool(3, r -> {
      Thread t = new Thread(r, "parallel-inference-test");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  void stopPool() {
    pool.shutdownNow();
  }

  private final java.util.Map<String, Class<?>> compiled = new java.util.HashMap<>();

  private Class<?> compile(String model) throws Exception {
    Class<?> done = compiled.get(model);
    if (done != null) {
      return done;
    }
    String name = "par.M" + model.replaceAll("[^A-Za-z0-9]", "_");
    GeneratedSource src = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model(model + ".tflite"), name));
    Class<?> c = InMemoryJavac.compile(src).load(name);
    compiled.put(model, c);
    return c;
  }

  private static Object instance(Class<?> c, Executor executor, int parts) throws Exception {
    Object m = c.getConstructor().newInstance();
    try {
      c.getMethod("setExecutor", Executor.class, int.class).invoke(m, executor, parts);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
    return m;
  }

  private static MethodHandle infer(Class<?> c, Object instance) throws Exception {
    return MethodHandles.publicLookup().findVirtual(c, "infer", INFER).bindTo(instance);
  }

  private static int outputSize(Class<?> c) throws Exception {
    return c.getField("OUTPUT_SIZE").getInt(null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mobilenet_v1_1.0_224_quant", "mobilenet_v1_0.25_128_quant",
      "tf2_mobilenet_v2_1.0_224_ptq", "mobilenet_v2_1.0_224_quant"})
  void goldenBytesWithLayersInParts(String model) throws Throwable {
    Class<?> c = compile(model);
    for (int parts : new int[] {2, 3, 7}) {
      MethodHandle run = infer(c, instance(c, pool, parts));
      byte[] out = new byte[outputSize(c)];
      for (String input : new String[] {"grace_hopper", "random_1", "random_2"}) {
        byte[] in = Files.readAllBytes(SharedFiles.golden(model, input + ".in"));
        run.invokeExact(in, out);
        byte[] expected = Files.readAllBytes(
            SharedFiles.golden(model, input + ".tflite-2.9.out"));
        assertArrayEquals(expected, out, model + " " + input + " in " + parts + " parts");
      }
    }
  }

  @Test
  void parallelInstanceEqualsSerialOneOnRandomInputs() throws Throwable {
    Class<?> c = compile("mobilenet_v1_0.25_128_quant");
    int inSize = c.getField("INPUT_SIZE").getInt(null);
    MethodHandle serial = infer(c, c.getConstructor().newInstance());
    MethodHandle two = infer(c, instance(c, pool, 2));
    MethodHandle four = infer(c, instance(c, pool, 4));
    // A direct executor runs the helping task inside execute(): it claims every part.
    MethodHandle direct = infer(c, instance(c, Runnable::run, 3));
    // An executor that runs nothing: the caller runs every part itself, nothing waits.
    MethodHandle never = infer(c, instance(c, r -> { }, 3));
    MethodHandle rejecting = infer(c, instance(c, r -> {
      throw new RejectedExecutionException("full");
    }, 2));
    Random random = new Random(15);
    byte[] in = new byte[inSize];
    byte[] expected = new byte[outputSize(c)];
    byte[] actual = new byte[expected.length];
    for (int i = 0; i < 40; i++) {
      random.nextBytes(in);
      if (i % 4 == 1) {
        // Many zero inputs: the kernels skip them.
        for (int k = 0; k < in.length; k += 2) {
          in[k] = (byte) (i % 8 == 1 ? 0 : 128);
        }
      }
      serial.invokeExact(in, expected);
      for (MethodHandle h : new MethodHandle[] {two, four, direct, never, rejecting}) {
        java.util.Arrays.fill(actual, (byte) 0x55);
        h.invokeExact(in, actual);
        assertArrayEquals(expected, actual, "random input " + i);
      }
    }
  }

  @Test
  void partsRunOnTheExecutorAndTheCaller() throws Throwable {
    Class<?> c = compile("mobilenet_v1_0.25_128_quant");
    AtomicInteger handedOut = new AtomicInteger();
    Executor counting = r -> {
      handedOut.incrementAndGet();
      pool.execute(r);
    };
    MethodHandle run = infer(c, instance(c, counting, 3));
    byte[] in = Files.readAllBytes(SharedFiles.golden("mobilenet_v1_0.25_128_quant",
        "grace_hopper.in"));
    byte[] out = new byte[outputSize(c)];
    run.invokeExact(in, out);
    String doc = c.getSimpleName();
    // Two helping tasks per split layer; the 0.25 model has some layers of 2^20 MACs and more.
    assertTrue(handedOut.get() > 0 && handedOut.get() % 2 == 0,
        doc + ": " + handedOut.get() + " tasks");
    // Back to one thread (a null executor is fine then): the executor is no longer used.
    Object m = instance(c, counting, 3);
    c.getMethod("setExecutor", Executor.class, int.class).invoke(m, null, 1);
    int before = handedOut.get();
    MethodHandle serialAgain = infer(c, m);
    serialAgain.invokeExact(in, out);
    assertEquals(before, handedOut.get());
  }

  /** More than 200 layers: run() calls run0(), run1(), ... (each far below the JIT limit). */
  @Test
  void manyLayersSplitRunIntoSeveralMethods() throws Throwable {
    byte[] model = io.github.tflite2java.compiler.modelbuilder.SyntheticModels.fcStackUint8(16,
        210, 7);
    GeneratedSource src = Tflite2JavaCompiler.compile(
        io.github.tflite2java.compiler.reader.TfliteReader.read("fc.tflite", model), "par.Fc210",
        io.github.tflite2java.compiler.CompileOptions.defaults());
    assertTrue(src.source().contains("private void run0()")
        && src.source().contains("private void run1()")
        && src.source().contains("    run1();\n"), "run() in parts");
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile("par.Fc210", src.source());
    io.github.tflite2java.compiler.testing.ClassFileMethods.assertUnderJitLimit(
        compiled.classFiles(), "par.Fc210");
    Class<?> c = compiled.load("par.Fc210");
    int inSize = c.getField("INPUT_SIZE").getInt(null);
    byte[] in = new byte[inSize];
    new Random(3).nextBytes(in);
    byte[] expected = new byte[outputSize(c)];
    byte[] actual = new byte[expected.length];
    infer(c, c.getConstructor().newInstance()).invokeExact(in, expected);
    infer(c, instance(c, pool, 3)).invokeExact(in, actual);
    assertArrayEquals(expected, actual);
  }

  /**
   * The parts of a split layer read weights the calling thread widened once, before the parts:
   * the workers share the owner's widened rows (they used to widen the whole filter each, into
   * their own scratch), and only a layer called whole widens them itself.
   */
  @Test
  void workersShareTheWeightsWidenedOnceBeforeTheParts() throws Throwable {
    String model = "mobilenet_v1_0.25_128_quant";
    GeneratedSource src = Tflite2JavaCompiler.compile(
        new CompileRequest(SharedFiles.model(model + ".tflite"), "par.Widen"));
    String s = src.source();
    // Layer 6 (pointwise 32x32, 32 -> 32 channels) splits and widens raw weights.
    assertTrue(s.contains("      op06WidenWeights();\n      parallel.run(6, 1024, 1);\n"),
        "widen, then the parts");
    assertTrue(s.contains("    if (from == 0 && to == 1024) {\n      widenUint8Rows(RAW_WEIGHTS,"),
        "a whole call widens in the layer");
    Class<?> c = compile(model);
    Object owner = instance(c, pool, 4);
    java.lang.reflect.Field workers = c.getDeclaredField("workers");
    java.lang.reflect.Field widened = c.getDeclaredField("widenedRows");
    workers.setAccessible(true);
    widened.setAccessible(true);
    Object[] w = (Object[]) workers.get(owner);
    assertEquals(3, w.length);
    for (Object worker : w) {
      assertTrue(widened.get(worker) == widened.get(owner), "a worker shares the widened rows");
    }
    // A serial instance has its own.
    Object other = c.getConstructor().newInstance();
    assertTrue(widened.get(other) != widened.get(owner));
  }

  /**
   * A class none of whose layers is large enough to split carries no runner, no workers and no
   * part dispatch; its setExecutor checks the arguments as everywhere, never uses the executor,
   * and the outputs are the same bytes.
   */
  @Test
  void aClassWithoutSplitLayersIgnoresTheExecutor() throws Throwable {
    byte[] model = io.github.tflite2java.compiler.modelbuilder.SyntheticModels.fcStackUint8(16,
        3, 5);
    GeneratedSource src = Tflite2JavaCompiler.compile(
        io.github.tflite2java.compiler.reader.TfliteReader.read("fc.tflite", model), "par.Fc3",
        io.github.tflite2java.compiler.CompileOptions.defaults());
    String s = src.source();
    for (String absent : new String[] {"class ParallelLayers", "workers", "runPart",
        "parallel"}) {
      assertTrue(!s.contains(absent), "no " + absent);
    }
    assertTrue(s.contains("public void setExecutor(Executor executor, int parts)"), s);
    assertTrue(s.contains("No layer is large enough to run in parts"), "class Javadoc says so");
    Class<?> c = InMemoryJavac.compile("par.Fc3", s).load("par.Fc3");
    assertEquals(0, c.getDeclaredClasses().length, "no nested class");
    AtomicInteger handedOut = new AtomicInteger();
    Executor counting = r -> {
      handedOut.incrementAndGet();
      r.run();
    };
    byte[] in = new byte[c.getField("INPUT_SIZE").getInt(null)];
    byte[] expected = new byte[outputSize(c)];
    byte[] actual = new byte[expected.length];
    Random random = new Random(21);
    MethodHandle serial = infer(c, c.getConstructor().newInstance());
    MethodHandle four = infer(c, instance(c, counting, 4));
    MethodHandle max = infer(c, instance(c, pool, 64));
    MethodHandle one = infer(c, instance(c, null, 1));
    for (int i = 0; i < 10; i++) {
      random.nextBytes(in);
      serial.invokeExact(in, expected);
      for (MethodHandle h : new MethodHandle[] {four, max, one}) {
        java.util.Arrays.fill(actual, (byte) 0x55);
        h.invokeExact(in, actual);
        assertArrayEquals(expected, actual, "input " + i);
      }
    }
    assertEquals(0, handedOut.get(), "the executor is never used");
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> instance(c, pool, 0));
    assertEquals("parts must be 1 to 64, not 0", zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> instance(c, pool, 65));
    assertEquals("executor",
        assertThrows(NullPointerException.class, () -> instance(c, null, 2)).getMessage());
  }

  @Test
  void badArgumentsAreNamed() throws Exception {
    Class<?> c = compile("mobilenet_v1_0.25_128_quant");
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> instance(c, pool, 0));
    assertTrue(zero.getMessage().contains("parts must be 1 to 64"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> instance(c, pool, 65));
    NullPointerException npe = assertThrows(NullPointerException.class,
        () -> instance(c, null, 2));
    assertEquals("executor", npe.getMessage());
  }

  @Test
  void inferenceOnTheDirectExecutorAllocatesNothing() throws Throwable {
    Class<?> c = compile("mobilenet_v1_0.25_128_quant");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] in = Files.readAllBytes(SharedFiles.golden("mobilenet_v1_0.25_128_quant",
        "random_1.in"));
    byte[] out = new byte[outputSize(c)];
    for (Object m : new Object[] {c.getConstructor().newInstance(),
        instance(c, Runnable::run, 2)}) {
      MethodHandle run = infer(c, m);
      for (int i = 0; i < 5; i++) {
        run.invokeExact(in, out);
      }
      long id = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 50; i++) {
        run.invokeExact(in, out);
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      assertTrue(allocated < 200, "50 inferences allocated " + allocated + " bytes");
    }
  }
}
