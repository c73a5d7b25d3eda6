package io.github.tflite2java.it.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public {@code infer} method of every generated example class rejects, for each array
 * parameter, {@code null} (NullPointerException naming the parameter) and an array of the wrong
 * length (IllegalArgumentException naming the expected length), and leaves no way to pass an
 * untyped argument. Found by reflection, so typed overloads added later (e.g. {@code float[]})
 * are covered too.
 */
class InputValidationTest {

  static Stream<Class<?>> generatedClasses() {
    return Stream.of(io.github.tflite2java.examples.MobilenetV1Quant.class,
        io.github.tflite2java.examples.MobilenetV1Quant025x128.class,
        io.github.tflite2java.examples.MobilenetV1Quant050x160.class,
        io.github.tflite2java.examples.MobilenetV1Quant075x192.class);
  }

  static List<Method> inferMethods(Class<?> c) {
    List<Method> methods = new ArrayList<>();
    for (Method m : c.getMethods()) {
      if (m.getName().startsWith("infer") && m.getDeclaringClass() == c) {
        methods.add(m);
      }
    }
    return methods;
  }

  /** A correctly sized, zero-filled argument for parameter {@code p} of {@code m}. */
  static Object validArgument(Class<?> c, Method m, int p) throws Exception {
    Class<?> type = m.getParameterTypes()[p];
    String role = m.getParameters()[p].getName().startsWith("output") || (p == 1
        && m.getParameterCount() == 2) ? "OUTPUT" : "INPUT";
    int size = c.getField(role + "_SIZE").getInt(null);
    return Array.newInstance(type.getComponentType(), size);
  }

  static Throwable invoke(Object target, Method m, Object[] args) throws Exception {
    try {
      m.invoke(target, args);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  @ParameterizedTest
  @MethodSource("generatedClasses")
  void everyArrayParameterRejectsNullAndWrongLengths(Class<?> c) throws Exception {
    List<Method> methods = inferMethods(c);
    assertFalse(methods.isEmpty(), c + " has no infer methods");
    Object instance = c.getConstructor().newInstance();
    for (Method m : methods) {
      if (m.getName().equals("inferRaw")) {
        continue; // arrays of raw tensor bytes: inferRawRejectsWrongCountsNullsAndLengths
      }
      Object target = Modifier.isStatic(m.getModifiers()) ? null : instance;
      for (int p = 0; p < m.getParameterCount(); p++) {
        Class<?> type = m.getParameterTypes()[p];
        assertTrue(type.isArray() && type.getComponentType().isPrimitive(),
            m + " parameter " + p + " is " + type + "; generated APIs take primitive arrays");
        Object[] args = new Object[m.getParameterCount()];
        for (int q = 0; q < args.length; q++) {
          args[q] = validArgument(c, m, q);
        }
        assertEquals(null, invoke(target, m, args), m + " with valid arguments");

        Object[] withNull = args.clone();
        withNull[p] = null;
        Throwable t = invoke(target, m, withNull);
        assertTrue(t instanceof NullPointerException, m + " null parameter " + p + ": " + t);
        assertTrue(t.getMessage() != null && t.getMessage().contains("is null"),
            String.valueOf(t.getMessage()));

        int size = Array.getLength(args[p]);
        for (int wrong : new int[] {0, 1, size - 1, size + 1}) {
          Object[] wrongLength = args.clone();
          wrongLength[p] = Array.newInstance(type.getComponentType(), wrong);
          Throwable w = invoke(target, m, wrongLength);
          assertTrue(w instanceof IllegalArgumentException,
              m + " parameter " + p + " of length " + wrong + ": " + w);
          assertTrue(w.getMessage().contains("expected " + size), w.getMessage());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("generatedClasses")
  void inferRawRejectsWrongCountsNullsAndLengths(Class<?> c) throws Exception {
    Object instance = c.getConstructor().newInstance();
    Method raw = c.getMethod("inferRaw", byte[][].class, byte[][].class);
    int in = c.getField("INPUT_BYTES").getInt(null);
    int out = c.getField("OUTPUT_BYTES").getInt(null);
    assertEquals(null, invoke(instance, raw, new Object[] {new byte[][] {new byte[in]},
        new byte[][] {new byte[out]}}));
    Throwable t = invoke(instance, raw, new Object[] {null, new byte[][] {new byte[out]}});
    assertTrue(t instanceof NullPointerException && t.getMessage().contains("inputs is null"),
        String.valueOf(t));
    t = invoke(instance, raw, new Object[] {new byte[][] {new byte[in], new byte[in]},
        new byte[][] {new byte[out]}});
    assertTrue(t instanceof IllegalArgumentException
        && t.getMessage().contains("inputs has 2 arrays; expected 1"), String.valueOf(t));
    t = invoke(instance, raw, new Object[] {new byte[][] {null}, new byte[][] {new byte[out]}});
    assertTrue(t instanceof NullPointerException && t.getMessage().contains("inputs[0] is null"),
        String.valueOf(t));
    for (int wrong : new int[] {0, in - 1, in + 1}) {
      t = invoke(instance, raw, new Object[] {new byte[][] {new byte[wrong]},
          new byte[][] {new byte[out]}});
      assertTrue(t instanceof IllegalArgumentException
          && t.getMessage().contains("inputs[0] has " + wrong + " bytes; expected " + in),
          String.valueOf(t));
    }
    t = invoke(instance, raw, new Object[] {new byte[][] {new byte[in]},
        new byte[][] {new byte[out + 1]}});
    assertTrue(t instanceof IllegalArgumentException
        && t.getMessage().contains("expected " + out), String.valueOf(t));
  }

  @ParameterizedTest
  @MethodSource("generatedClasses")
  void wrongArrayTypesAreRejectedBeforeTheModelRuns(Class<?> c) throws Exception {
    Object instance = c.getConstructor().newInstance();
    int inputSize = c.getField("INPUT_SIZE").getInt(null);
    for (Method m : inferMethods(c)) {
      Object target = Modifier.isStatic(m.getModifiers()) ? null : instance;
      Object[] args = new Object[m.getParameterCount()];
      for (int q = 0; q < args.length; q++) {
        Class<?> type = m.getParameterTypes()[q];
        // A different primitive array type than the declared one, of the input's length.
        args[q] = type == int[].class ? new float[inputSize] : new int[inputSize];
      }
      assertThrows(IllegalArgumentException.class, () -> m.invoke(target, args),
          m + " accepted arguments of the wrong array type");
    }
  }
}
