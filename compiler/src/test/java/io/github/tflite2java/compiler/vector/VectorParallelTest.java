package io.github.tflite2java.compiler.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.helpers.ParallelLayers;
import io.github.tflite2java.compiler.testing.ClassFileMethods;
import io.github.tflite2java.compiler.testing.InMemoryJavac;
import io.github.tflite2java.compiler.testing.SharedFiles;
import io.github.tflite2java.compiler.testing.VectorPair;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector kernels under threads: a class compiled with {@code kernels=vector} whose vector
 * kernels run (here from the first inference: {@link VectorPair.NoWarmUp}) runs the parts of a
 * layer split by {@code setExecutor(pool, parts)} on the vector kernel, each part on its range,
 * and returns TFLite 2.9's golden bytes and the bytes of one thread.
 *
 * <p>The observable that the parts ran the vector kernel: every vector layer on ranges is held
 * by a static {@code ObjLongConsumer<int[]>} field of the model class; the test replaces each by
 * a recorder that notes the range (and thread) of every call, then calls the vector kernel. A
 * split layer must be called once per part, with exactly {@link ParallelLayers#boundary}'s
 * ranges, and some parts on the pool's threads; a layer called whole once with {@code [0,
 * extent)}. (The layer method returns after the vector call, so no part runs the scalar kernel.)
 */
@ExtendWith(VectorPair.NoWarmUp.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorParallelTest {
  private static final String POOL_THREAD = "vector-parallel-test";
  private static final Pattern SPLIT =
      Pattern.compile("parallel\\.run\\((\\d+), (\\d+), (\\d+)\\)");
  private static final Pattern FIELD = Pattern.compile("VECTOR_OP(\\d+)\\w*");
  private ExecutorService pool;

  @BeforeAll
  void startPool() {
    pool = Executors.newFixedThreadPool(6, r -> {
      Thread t = new Thread(r, POOL_THREAD);
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  void stopPool() {
    pool.shutdownNow();
  }

  /** One call of a vector layer: its range and whether a pool thread made it. */
  private record Call(int from, int to, boolean onPool) {}

  /** Wraps a model class's vector layer field: notes every call, then runs the kernel. */
  private static final class Recorder implements ObjLongConsumer<int[]> {
    final int op;
    final int extent;
    final ObjLongConsumer<int[]> kernel;
    final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    Recorder(int op, int extent, ObjLongConsumer<int[]> kernel) {
      this.op = op;
      this.extent = extent;
      this.kernel = kernel;
    }

    @Override
    public void accept(int[] arena, long range) {
      calls.add(new Call((int) (range >>> 32), (int) range,
          Thread.currentThread().getName().equals(POOL_THREAD)));
      kernel.accept(arena, range);
    }
  }

  /** A split layer: {@code parallel.run(op, extent, grain)} in the model class's run(). */
  private record Split(int extent, int grain) {}

  @ParameterizedTest
  @ValueSource(strings = {"mobilenet_v1_1.0_224_quant", "tf2_mobilenet_v2_1.0_224_ptq",
      "mobilenet_v2_1.0_224_quant"})
  void splitLayersRunTheVectorKernelOnTheirPartsWithGoldenBytes(String model) throws Throwable {
    String name = "vpar.M" + model.replaceAll("[^A-Za-z0-9]", "_");
    GeneratedSource generated =
        VectorPair.compileVector(SharedFiles.model(model + ".tflite"), name);
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(generated);
    ClassFileMethods.assertUnderJitLimit(compiled.classFiles(), model);
    Class<?> c = compiled.load(name);
    String which = VectorPair.kernels(c);
    assertTrue(which.startsWith("vector: ") && !which.contains("warming up"), which);

    Map<Integer, Split> splits = new TreeMap<>();
    Matcher m = SPLIT.matcher(generated.source());
    while (m.find()) {
      splits.put(Integer.parseInt(m.group(1)),
          new Split(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }
    List<Recorder> recorders = installRecorders(c);
    long splitVector = recorders.stream().filter(r -> splits.containsKey(r.op)).count();
    // MobileNet: every split layer (convolutions and depthwise ones of 2^20 MACs and more) has
    // a vector kernel on ranges.
    assertEquals(splits.size(), splitVector, model + ": split layers on vector ranges "
        + splits.keySet());
    assertTrue(splitVector >= 10, model + ": " + splitVector + " split vector layers");

    Object one = c.getConstructor().newInstance();
    int outSize = c.getField("OUTPUT_SIZE").getInt(null);
    int inSize = c.getField("INPUT_SIZE").getInt(null);
    AtomicInteger onPool = new AtomicInteger();
    for (int parts : new int[] {2, 3, 7}) {
      Object split = c.getConstructor().newInstance();
      setExecutor(c, split, pool, parts);
      for (String input : new String[] {"grace_hopper", "random_1", "random_2"}) {
        byte[] in = Files.readAllBytes(SharedFiles.golden(model, input + ".in"));
        byte[] expected =
            Files.readAllBytes(SharedFiles.golden(model, input + ".tflite-2.9.out"));
        byte[] out = new byte[outSize];
        clear(recorders);
        infer(c, split, in, out);
        assertArrayEquals(expected, out, model + " " + input + " in " + parts + " parts");
        onPool.addAndGet(assertRanges(model + " " + parts + " parts", recorders, splits, parts));
      }
      Random random = new Random(parts);
      for (int i = 0; i < 2; i++) {
        byte[] in = new byte[inSize];
        random.nextBytes(in);
        byte[] whole = new byte[outSize];
        clear(recorders);
        infer(c, one, in, whole);
        // One thread: every vector layer called once, whole.
        assertRanges(model + " one thread", recorders, Map.of(), 1);
        byte[] inParts = new byte[outSize];
        clear(recorders);
        infer(c, split, in, inParts);
        assertArrayEquals(whole, inParts, model + " random input " + i + " in " + parts
            + " parts against one thread");
        onPool.addAndGet(assertRanges(model + " " + parts + " parts", recorders, splits, parts));
      }
    }
    // The caller runs any part no pool thread has started yet, so one inference may run every
    // part itself; over 15 inferences of 10+ split layers each, pool threads ran some.
    assertTrue(onPool.get() > 0, model + ": no vector part ran on a pool thread");
  }

  /**
   * Each split layer's vector kernel, called on a part's range alone, writes exactly that part's
   * outputs: at each layer (called whole by a one-thread instance) a probe copies the arena,
   * runs the kernel on each of 3 parts' ranges from that copy, and compares which arena elements
   * each part changed with what the whole call changes: the parts' sets are disjoint, none is
   * empty, and together they are the whole call's. (The recorders above see the ranges the model
   * class passes; this sees that the kernels honor them.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"mobilenet_v1_1.0_224_quant", "tf2_mobilenet_v2_1.0_224_ptq"})
  void aPartsRangeWritesExactlyItsOutputs(String model) throws Throwable {
    String name = "vprobe.M" + model.replaceAll("[^A-Za-z0-9]", "_");
    GeneratedSource generated =
        VectorPair.compileVector(SharedFiles.model(model + ".tflite"), name);
    Class<?> c = InMemoryJavac.compile(generated).load(name);
    Map<Integer, Split> splits = new TreeMap<>();
    Matcher m = SPLIT.matcher(generated.source());
    while (m.find()) {
      splits.put(Integer.parseInt(m.group(1)),
          new Split(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }
    List<String> problems = new ArrayList<>();
    AtomicInteger probed = new AtomicInteger();
    for (Field f : c.getDeclaredFields()) {
      Matcher fm = FIELD.matcher(f.getName());
      if (f.getType() != ObjLongConsumer.class || !fm.matches()) {
        continue;
      }
      int op = Integer.parseInt(fm.group(1));
      Split split = splits.get(op);
      if (split == null) {
        continue;
      }
      f.setAccessible(true);
      @SuppressWarnings("unchecked")
      ObjLongConsumer<int[]> kernel = (ObjLongConsumer<int[]>) f.get(null);
      f.set(null, (ObjLongConsumer<int[]>) (arena, range) -> {
        int[] before = arena.clone();
        kernel.accept(arena, range);
        int[] owner = new int[arena.length];
        for (int p = 0; p < 3; p++) {
          int from = ParallelLayers.boundary(p, 3, split.extent(), split.grain());
          int to = ParallelLayers.boundary(p + 1, 3, split.extent(), split.grain());
          if (from >= to) {
            continue;
          }
          int[] alone = before.clone();
          kernel.accept(alone, (long) from << 32 | to);
          int changed = 0;
          for (int i = 0; i < alone.length; i++) {
            if (alone[i] != before[i]) {
              changed++;
              if (owner[i] != 0) {
                problems.add("operator " + op + ": element " + i + " written by parts "
                    + (owner[i] - 1) + " and " + p);
              }
              owner[i] = p + 1;
              if (alone[i] != arena[i]) {
                problems.add("operator " + op + " part " + p + ": element " + i + " is "
                    + alone[i] + ", the whole call's " + arena[i]);
              }
            }
          }
          if (changed == 0) {
            problems.add("operator " + op + " part " + from + ".." + to + " changed nothing");
          }
        }
        for (int i = 0; i < arena.length; i++) {
          if (arena[i] != before[i] && owner[i] == 0) {
            problems.add("operator " + op + ": element " + i + " written by no part");
          }
        }
        probed.incrementAndGet();
      });
    }
    byte[] in = Files.readAllBytes(SharedFiles.golden(model, "grace_hopper.in"));
    byte[] out = new byte[c.getField("OUTPUT_SIZE").getInt(null)];
    infer(c, c.getConstructor().newInstance(), in, out);
    assertArrayEquals(Files.readAllBytes(SharedFiles.golden(model, "grace_hopper.tflite-2.9.out")),
        out, model);
    assertEquals(splits.size(), probed.get(), model + ": split layers probed");
    assertTrue(problems.isEmpty(), model + ": " + problems.subList(0, Math.min(20,
        problems.size())) + (problems.size() > 20 ? " ..." : ""));
  }

  /**
   * Asserts each recorder's calls: a split layer's parts (its ranges exactly {@link
   * ParallelLayers#boundary}'s, in any order), other layers one whole call; returns the calls
   * made on pool threads.
   */
  private static int assertRanges(String what, List<Recorder> recorders,
      Map<Integer, Split> splits, int parts) {
    int onPool = 0;
    for (Recorder r : recorders) {
      TreeSet<String> expected = new TreeSet<>();
      Split s = splits.get(r.op);
      if (s == null) {
        expected.add(0 + ".." + r.extent);
      } else {
        assertEquals(s.extent(), r.extent, what + ": operator " + r.op + "'s extent");
        for (int p = 0; p < parts; p++) {
          int from = ParallelLayers.boundary(p, parts, s.extent(), s.grain());
          int to = ParallelLayers.boundary(p + 1, parts, s.extent(), s.grain());
          if (from < to) {
            expected.add(from + ".." + to);
          }
        }
      }
      List<String> actual = new ArrayList<>();
      for (Call call : r.calls) {
        actual.add(call.from() + ".." + call.to());
        onPool += call.onPool() ? 1 : 0;
      }
      assertEquals(expected.size(), actual.size(), what + ": operator " + r.op
          + "'s vector calls " + actual + ", expected " + expected);
      assertEquals(expected, new TreeSet<>(actual), what + ": operator " + r.op
          + "'s vector ranges");
    }
    return onPool;
  }

  /** Replaces every {@code ObjLongConsumer} vector layer field of {@code c} by a recorder. */
  @SuppressWarnings("unchecked")
  private static List<Recorder> installRecorders(Class<?> c) throws Exception {
    List<Recorder> recorders = new ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      Matcher m = FIELD.matcher(f.getName());
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != ObjLongConsumer.class
          || !m.matches()) {
        continue;
      }
      f.setAccessible(true);
      Object kernel = f.get(null);
      assertTrue(kernel != null, f.getName() + " not loaded");
      // The companion's Range base class holds the whole range.
      Field extent = kernel.getClass().getSuperclass().getDeclaredField("extent");
      extent.setAccessible(true);
      Recorder r = new Recorder(Integer.parseInt(m.group(1)), extent.getInt(kernel),
          (ObjLongConsumer<int[]>) kernel);
      f.set(null, r);
      recorders.add(r);
    }
    assertTrue(!recorders.isEmpty(), "no vector layer on ranges in " + c.getName());
    return recorders;
  }

  private static void clear(List<Recorder> recorders) {
    recorders.forEach(r -> r.calls.clear());
  }

  private static void setExecutor(Class<?> c, Object instance, Executor executor, int parts)
      throws Exception {
    c.getMethod("setExecutor", Executor.class, int.class).invoke(instance, executor, parts);
  }

  private static void infer(Class<?> c, Object instance, byte[] in, byte[] out)
      throws Throwable {
    Method m = c.getMethod("infer", byte[].class, byte[].class);
    try {
      m.invoke(instance, in, out);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
