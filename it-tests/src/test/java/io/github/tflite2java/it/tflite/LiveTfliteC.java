package io.github.tflite2java.it.tflite;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.tflite2java.compiler.testing.Oracles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The second live reference: runs a {@code .tflite} model with TFLite 2.9.0's C library
 * ({@code libtensorflowlite_c.so} from npm {@code tfjs-tflite-node@0.0.2}, fetched by
 * {@code scripts/fetch-tflite-c.sh}) through JNA, on one thread
 * ({@code TfLiteInterpreterOptionsSetNumThreads(1)}), default options otherwise. These are the
 * settings that produced {@code golden/<model>/<input>.tflite-2.9.out}.
 *
 * <p>The library is optional on a developer machine: tests call {@link #require()}, which skips
 * them when it is absent, and fails them on CI ({@code CI=true} or
 * {@code -Dtflite2java.requireOracles=true}, see {@link Oracles}). It is found, in this order, through the system
 * property {@value #PROPERTY} (the {@code .so} or its folder), the environment variable
 * {@value #ENV} (the folder the script fills), and {@code target/tflite-c/} in {@code user.dir}
 * or any ancestor (the script's default).
 *
 * <p>Tensors are exchanged as raw bytes, as in {@link LiveTflite}. Thread safety: every method is
 * {@code synchronized}; use one instance per thread for parallelism. Linux x86-64 only.
 */
public final class LiveTfliteC implements AutoCloseable {

    /** System property: path of {@code libtensorflowlite_c.so} or of the folder holding it. */
    public static final String PROPERTY = "tflite2java.tfliteC";
    /** Environment variable: the cache folder of {@code scripts/fetch-tflite-c.sh}. */
    public static final String ENV = "TFLITE2JAVA_TFLITE_C_DIR";
    /** File name of the library. */
    public static final String LIBRARY = "libtensorflowlite_c.so";
    /** What is missing when the library is absent. */
    public static final String WHAT = "TFLite 2.9.0 C library (" + LIBRARY + ") not found in"
            + " target/tflite-c";
    /** How to get it. */
    public static final String HOW = "run scripts/fetch-tflite-c.sh (needs npm once), or point -D"
            + PROPERTY + " or $" + ENV + " at it";
    /** Why tests against TFLite 2.9.0 cannot run, and how to get the library. */
    public static final String MISSING = WHAT + ": " + HOW;

    private static final int K_TFLITE_OK = 0;

    /** The subset of TFLite's C API ({@code tensorflow/lite/c/c_api.h}) used here. size_t is 64-bit. */
    interface TfLiteC extends Library {
        String TfLiteVersion();

        Pointer TfLiteModelCreate(Pointer modelData, long modelSize);

        void TfLiteModelDelete(Pointer model);

        Pointer TfLiteInterpreterOptionsCreate();

        void TfLiteInterpreterOptionsSetNumThreads(Pointer options, int numThreads);

        void TfLiteInterpreterOptionsDelete(Pointer options);

        Pointer TfLiteInterpreterCreate(Pointer model, Pointer options);

        void TfLiteInterpreterDelete(Pointer interpreter);

        int TfLiteInterpreterGetInputTensorCount(Pointer interpreter);

        Pointer TfLiteInterpreterGetInputTensor(Pointer interpreter, int index);

        int TfLiteInterpreterAllocateTensors(Pointer interpreter);

        int TfLiteInterpreterResizeInputTensor(Pointer interpreter, int inputIndex, int[] inputDims,
                int inputDimsSize);

        int TfLiteInterpreterInvoke(Pointer interpreter);

        int TfLiteInterpreterGetOutputTensorCount(Pointer interpreter);

        Pointer TfLiteInterpreterGetOutputTensor(Pointer interpreter, int index);

        int TfLiteTensorType(Pointer tensor);

        int TfLiteTensorNumDims(Pointer tensor);

        int TfLiteTensorDim(Pointer tensor, int dimIndex);

        long TfLiteTensorByteSize(Pointer tensor);

        String TfLiteTensorName(Pointer tensor);

        int TfLiteTensorCopyFromBuffer(Pointer tensor, byte[] inputData, long inputDataSize);

        int TfLiteTensorCopyToBuffer(Pointer tensor, byte[] outputData, long outputDataSize);
    }

    private static final Object LOAD_LOCK = new Object();
    private static TfLiteC api;

    private final TfLiteC c;
    private final String name;
    /** TfLiteModelCreate does not copy: the model bytes must outlive the model. */
    private Memory modelData;
    private Pointer model;
    private Pointer interpreter;
    private final int[] inputBytes;
    private final int[] outputBytes;

    /** Loads the model from the given bytes (copied). Throws {@link IllegalStateException} if the library is absent. */
    public LiveTfliteC(byte[] modelBytes) {
        this(modelBytes, "model of " + modelBytes.length + " bytes");
    }

    /** Loads the model from a file. */
    public LiveTfliteC(Path modelFile) {
        this(readAll(modelFile), modelFile.toString());
    }

    private LiveTfliteC(byte[] modelBytes, String name) {
        this.c = api();
        this.name = name;
        this.modelData = new Memory(modelBytes.length);
        modelData.write(0, modelBytes, 0, modelBytes.length);
        Pointer options = null;
        try {
            model = c.TfLiteModelCreate(modelData, modelBytes.length);
            if (model == null) {
                throw new IllegalArgumentException("TfLiteModelCreate failed for " + name);
            }
            options = c.TfLiteInterpreterOptionsCreate();
            c.TfLiteInterpreterOptionsSetNumThreads(options, 1);
            interpreter = c.TfLiteInterpreterCreate(model, options);
            if (interpreter == null) {
                throw new IllegalArgumentException("TfLiteInterpreterCreate failed for " + name);
            }
            check(c.TfLiteInterpreterAllocateTensors(interpreter), "TfLiteInterpreterAllocateTensors");
            inputBytes = new int[c.TfLiteInterpreterGetInputTensorCount(interpreter)];
            for (int i = 0; i < inputBytes.length; i++) {
                inputBytes[i] = Math.toIntExact(c.TfLiteTensorByteSize(c.TfLiteInterpreterGetInputTensor(interpreter, i)));
            }
            outputBytes = new int[c.TfLiteInterpreterGetOutputTensorCount(interpreter)];
            for (int i = 0; i < outputBytes.length; i++) {
                outputBytes[i] = Math.toIntExact(c.TfLiteTensorByteSize(c.TfLiteInterpreterGetOutputTensor(interpreter, i)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            if (options != null) {
                c.TfLiteInterpreterOptionsDelete(options);
            }
        }
    }

    /**
     * Resizes dimension 0 (the batch) of every input to {@code batch} and allocates the tensors
     * again, as an application calling {@code TfLiteInterpreterResizeInputTensor} +
     * {@code TfLiteInterpreterAllocateTensors} does; TFLite propagates the shapes through every
     * operator's Prepare.
     *
     * @return this interpreter
     */
    public synchronized LiveTfliteC resizeBatch(int batch) {
        Pointer interp = open();
        for (int i = 0; i < inputBytes.length; i++) {
            int[] dims = shape(c.TfLiteInterpreterGetInputTensor(interp, i));
            if (dims.length == 0) {
                throw new IllegalStateException(name + ": input " + i + " is a scalar, no batch");
            }
            dims[0] = batch;
            check(c.TfLiteInterpreterResizeInputTensor(interp, i, dims, dims.length),
                    "TfLiteInterpreterResizeInputTensor(input " + i + ")");
        }
        check(c.TfLiteInterpreterAllocateTensors(interp), "TfLiteInterpreterAllocateTensors");
        for (int i = 0; i < inputBytes.length; i++) {
            inputBytes[i] = Math.toIntExact(c.TfLiteTensorByteSize(c.TfLiteInterpreterGetInputTensor(interp, i)));
        }
        for (int i = 0; i < outputBytes.length; i++) {
            outputBytes[i] = Math.toIntExact(c.TfLiteTensorByteSize(c.TfLiteInterpreterGetOutputTensor(interp, i)));
        }
        return this;
    }

    /** Whether the C library can be found (it may still fail to load on a foreign platform). */
    public static boolean isAvailable() {
        return findLibrary().isPresent() && isLinuxX64();
    }

    /** Returns when the library is available; otherwise skips the calling test (fails it on CI). */
    public static void require() {
        Oracles.require(isAvailable(), isLinuxX64() ? WHAT : "TFLite 2.9.0 C library: this is not"
                + " Linux x86-64", HOW);
    }

    /** The C library's version, {@code "2.9.0"}. */
    public static String runtimeVersion() {
        return api().TfLiteVersion();
    }

    /** Where {@value #LIBRARY} is, if anywhere (see the class comment for the search order). */
    public static Optional<Path> findLibrary() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop);
            candidates.add(Files.isDirectory(p) ? p.resolve(LIBRARY) : p);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Paths.get(env).resolve(LIBRARY));
        }
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("target").resolve("tflite-c").resolve(LIBRARY));
        }
        return candidates.stream().filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }

    /** Runs a model with exactly one input and one output tensor; returns a new output array. */
    public synchronized byte[] run(byte[] input) {
        open();
        if (inputBytes.length != 1 || outputBytes.length != 1) {
            throw new IllegalStateException(name + " has " + inputBytes.length + " inputs and "
                    + outputBytes.length + " outputs; use run(List)");
        }
        return run(List.of(input)).get(0);
    }

    /** Runs the model on one byte array per input tensor; returns one new array per output tensor. */
    public synchronized List<byte[]> run(List<byte[]> inputs) {
        Pointer interp = open();
        if (inputs.size() != inputBytes.length) {
            throw new IllegalArgumentException(name + " expects " + inputBytes.length + " inputs, got " + inputs.size());
        }
        for (int i = 0; i < inputBytes.length; i++) {
            byte[] b = inputs.get(i);
            if (b.length != inputBytes[i]) {
                throw new IllegalArgumentException(name + ": input " + i + " must be " + inputBytes[i]
                        + " bytes, got " + b.length);
            }
            check(c.TfLiteTensorCopyFromBuffer(c.TfLiteInterpreterGetInputTensor(interp, i), b, b.length),
                    "TfLiteTensorCopyFromBuffer(input " + i + ")");
        }
        check(c.TfLiteInterpreterInvoke(interp), "TfLiteInterpreterInvoke");
        List<byte[]> result = new ArrayList<>(outputBytes.length);
        for (int i = 0; i < outputBytes.length; i++) {
            byte[] out = new byte[outputBytes[i]];
            check(c.TfLiteTensorCopyToBuffer(c.TfLiteInterpreterGetOutputTensor(interp, i), out, out.length),
                    "TfLiteTensorCopyToBuffer(output " + i + ")");
            result.add(out);
        }
        return result;
    }

    /** Varargs form of {@link #run(List)}. */
    public byte[][] runAll(byte[]... inputs) {
        return run(List.of(inputs)).toArray(new byte[0][]);
    }

    public synchronized int inputCount() {
        open();
        return inputBytes.length;
    }

    public synchronized int outputCount() {
        open();
        return outputBytes.length;
    }

    /** Size in bytes of input tensor {@code i}. */
    public synchronized int inputBytes(int i) {
        open();
        return inputBytes[i];
    }

    /** Size in bytes of output tensor {@code i}. */
    public synchronized int outputBytes(int i) {
        open();
        return outputBytes[i];
    }

    /** Shape of input tensor {@code i}. */
    public synchronized int[] inputShape(int i) {
        return shape(c.TfLiteInterpreterGetInputTensor(open(), i));
    }

    /** Shape of output tensor {@code i}. */
    public synchronized int[] outputShape(int i) {
        return shape(c.TfLiteInterpreterGetOutputTensor(open(), i));
    }

    /** TfLiteType code of input tensor {@code i} (3 = uint8, 9 = int8). */
    public synchronized int inputType(int i) {
        return c.TfLiteTensorType(c.TfLiteInterpreterGetInputTensor(open(), i));
    }

    /** TfLiteType code of output tensor {@code i} (3 = uint8, 9 = int8). */
    public synchronized int outputType(int i) {
        return c.TfLiteTensorType(c.TfLiteInterpreterGetOutputTensor(open(), i));
    }

    @Override
    public synchronized void close() {
        if (interpreter != null) {
            c.TfLiteInterpreterDelete(interpreter);
            interpreter = null;
        }
        if (model != null) {
            c.TfLiteModelDelete(model);
            model = null;
        }
        if (modelData != null) {
            modelData.close();
            modelData = null;
        }
    }

    @Override
    public String toString() {
        return "LiveTfliteC[TFLite 2.9.0 C, " + name + "]";
    }

    private int[] shape(Pointer tensor) {
        int[] dims = new int[c.TfLiteTensorNumDims(tensor)];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = c.TfLiteTensorDim(tensor, d);
        }
        return dims;
    }

    private Pointer open() {
        if (interpreter == null) {
            throw new IllegalStateException(this + " is closed");
        }
        return interpreter;
    }

    private void check(int status, String call) {
        if (status != K_TFLITE_OK) {
            throw new IllegalStateException(call + " returned TfLiteStatus " + status + " for " + name);
        }
    }

    private static TfLiteC api() {
        synchronized (LOAD_LOCK) {
            if (api == null) {
                if (!isLinuxX64()) {
                    throw new UnsupportedOperationException("The TFLite 2.9.0 C reference is a Linux x86-64 library");
                }
                if (Native.SIZE_T_SIZE != 8) {
                    throw new UnsupportedOperationException("size_t is mapped as 64-bit; this JVM has " + Native.SIZE_T_SIZE);
                }
                Path lib = findLibrary().orElseThrow(() -> new IllegalStateException(MISSING));
                api = Native.load(lib.toString(), TfLiteC.class);
            }
            return api;
        }
    }

    private static boolean isLinuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + p, e);
        }
    }
}
