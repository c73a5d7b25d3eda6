package io.github.tflite2java.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Read-only access to the shared test material: {@code models/*.tflite} and
 * {@code golden/<model>/<input>.in} with the outputs two real TFLite builds returned for them.
 *
 * <p>The shared folder is located, in this order, by the system property {@value #PROPERTY}
 * (set by Surefire from the parent POM), the environment variable {@value #ENV}, and finally by
 * walking up from {@code user.dir} to the first ancestor that has a {@code shared/golden} child
 * (the project checkout normally sits beside {@code shared/}). Nothing here is ever copied.
 */
public final class Golden {

    /** System property naming the shared folder. */
    public static final String PROPERTY = "tflite2java.shared";
    /** Environment variable naming the shared folder, consulted when the property is unset. */
    public static final String ENV = "TFLITE2JAVA_SHARED";

    /** The TFLite builds whose outputs are stored beside each input. */
    public enum Runtime {
        /** TFLite 2.9.0, C library from npm {@code tfjs-tflite-node@0.0.2}. */
        TFLITE_2_9("tflite-2.9"),
        /** TFLite 2.6.2, Java Interpreter from {@code ai.djl.tflite} on Maven Central. */
        TFLITE_2_6_2("tflite-2.6.2");

        private final String suffix;

        Runtime(String suffix) {
            this.suffix = suffix;
        }

        /** The file-name infix, e.g. {@code tflite-2.9} in {@code random_1.tflite-2.9.out}. */
        public String suffix() {
            return suffix;
        }
    }

    private static volatile Path shared;

    private Golden() {
    }

    /** The shared folder; throws {@link IllegalStateException} with directions if it cannot be found. */
    public static Path sharedDir() {
        Path s = shared;
        if (s == null) {
            synchronized (Golden.class) {
                s = shared;
                if (s == null) {
                    s = locate();
                    shared = s;
                }
            }
        }
        return s;
    }

    private static Path locate() {
        List<String> tried = new ArrayList<>();
        for (String candidate : new String[] {System.getProperty(PROPERTY), System.getenv(ENV)}) {
            if (candidate != null && !candidate.isBlank()) {
                Path p = Paths.get(candidate).toAbsolutePath().normalize();
                if (Files.isDirectory(p.resolve("golden")) && Files.isDirectory(p.resolve("models"))) {
                    return p;
                }
                tried.add(p.toString());
            }
        }
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null;
                dir = dir.getParent()) {
            Path p = dir.resolve("shared");
            if (Files.isDirectory(p.resolve("golden")) && Files.isDirectory(p.resolve("models"))) {
                return p.normalize();
            }
        }
        tried.add("shared/ beside any ancestor of " + System.getProperty("user.dir"));
        throw new IllegalStateException("Cannot find the shared test folder (with models/ and golden/); tried "
                + tried + ". Set -D" + PROPERTY + "=/path/to/shared or the environment variable " + ENV + ".");
    }

    /** {@code <shared>/models}. */
    public static Path modelsDir() {
        return sharedDir().resolve("models");
    }

    /** {@code <shared>/golden}. */
    public static Path goldenDir() {
        return sharedDir().resolve("golden");
    }

    /** Names (file name without {@code .tflite}) of the models that have a golden folder, sorted. */
    public static List<String> models() {
        try (Stream<Path> files = Files.list(modelsDir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tflite"))
                    .map(n -> n.substring(0, n.length() - ".tflite".length()))
                    .filter(n -> Files.isDirectory(goldenDir().resolve(n)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <shared>/models/<model>.tflite}. */
    public static Path modelFile(String model) {
        Path p = modelsDir().resolve(model + ".tflite");
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("No model file " + p);
        }
        return p;
    }

    /** The bytes of {@code <shared>/models/<model>.tflite}. */
    public static byte[] modelBytes(String model) {
        return read(modelFile(model));
    }

    /** Names (without {@code .in}) of the golden inputs of a model, sorted, e.g. {@code grace_hopper, random_1, random_2}. */
    public static List<String> inputs(String model) {
        try (Stream<Path> files = Files.list(goldenDir().resolve(model))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".in"))
                    .map(n -> n.substring(0, n.length() - ".in".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <shared>/golden/<model>/<input>.in}: the raw input tensor bytes. */
    public static Path inputFile(String model, String input) {
        return goldenDir().resolve(model).resolve(input + ".in");
    }

    /** The raw input tensor bytes of {@code <shared>/golden/<model>/<input>.in}. */
    public static byte[] input(String model, String input) {
        return read(inputFile(model, input));
    }

    /** {@code <shared>/golden/<model>/<input>.<runtime>.out}. */
    public static Path expectedFile(String model, String input, Runtime runtime) {
        return goldenDir().resolve(model).resolve(input + "." + runtime.suffix() + ".out");
    }

    /** The raw output tensor bytes {@code runtime} returned for that input. */
    public static byte[] expected(String model, String input, Runtime runtime) {
        return read(expectedFile(model, input, runtime));
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + p, e);
        }
    }
}
