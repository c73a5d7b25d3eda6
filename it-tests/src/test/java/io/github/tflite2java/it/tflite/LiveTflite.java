package io.github.tflite2java.it.tflite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.Tensor;
import org.tensorflow.lite.TensorFlowLite;

/**
 * The live reference: runs a {@code .tflite} model with TFLite 2.6.2's Java
 * {@link Interpreter} (from {@code ai.djl.tflite:tflite-engine} and
 * {@code ai.djl.tflite:tflite-native-cpu:linux-x86_64}), on one thread, with default options
 * (no NNAPI, no XNNPACK requested, no delegates). These are the settings that produced
 * {@code golden/<model>/<input>.tflite-2.6.2.out}.
 *
 * <p>Tensors are exchanged as raw bytes in the tensor's own layout (NHWC, little-endian for
 * multi-byte types), so uint8 and int8 models are byte for byte what TFLite reads and writes.
 *
 * <p>Thread safety: a TFLite interpreter is not thread-safe; every method of an instance is
 * {@code synchronized}, so an instance may be shared, but calls on it run one at a time. Use one
 * instance per thread for parallelism. Not usable after {@link #close()}.
 *
 * <p>The JNI library is extracted from the classpath to a temporary file and {@code System.load}ed
 * once per class loader before the first interpreter is created (the DJL classes do not load it
 * themselves). Linux x86-64 only, as is the native jar.
 */
public final class LiveTflite implements AutoCloseable {

    /** Classpath location of the JNI library in {@code tflite-native-cpu-2.6.2-linux-x86_64.jar}. */
    static final String NATIVE_RESOURCE = "native/lib/libtensorflowlite_jni.so";

    private static final Object LOAD_LOCK = new Object();
    private static volatile boolean loaded;

    private final String name;
    /** The interpreter reads the model from this buffer for its whole life; keep it reachable. */
    private final ByteBuffer modelBuffer;
    private Interpreter interpreter;
    private final int[] inputBytes;
    private final int[] outputBytes;

    /** Loads the model from the given bytes (copied). */
    public LiveTflite(byte[] model) {
        this(model, "model of " + model.length + " bytes");
    }

    /** Loads the model from a file. */
    public LiveTflite(Path model) {
        this(readAll(model), model.toString());
    }

    private LiveTflite(byte[] model, String name) {
        loadNative();
        this.name = name;
        this.modelBuffer = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
        modelBuffer.put(model).rewind();
        Interpreter.Options options = new Interpreter.Options();
        options.setNumThreads(1);
        this.interpreter = new Interpreter(modelBuffer, options);
        interpreter.allocateTensors();
        this.inputBytes = new int[interpreter.getInputTensorCount()];
        for (int i = 0; i < inputBytes.length; i++) {
            inputBytes[i] = interpreter.getInputTensor(i).numBytes();
        }
        this.outputBytes = new int[interpreter.getOutputTensorCount()];
        for (int i = 0; i < outputBytes.length; i++) {
            outputBytes[i] = interpreter.getOutputTensor(i).numBytes();
        }
    }

    /** The TFLite runtime version the JNI library reports, {@code "2.6.2"}. */
    /**
     * Resizes dimension 0 (the batch) of every input to {@code batch} ({@code resizeInput}) and
     * allocates the tensors again; TFLite propagates the shapes through every operator.
     *
     * @return this interpreter
     */
    public synchronized LiveTflite resizeBatch(int batch) {
        Interpreter interp = open();
        for (int i = 0; i < inputBytes.length; i++) {
            int[] dims = interp.getInputTensor(i).shape();
            dims[0] = batch;
            interp.resizeInput(i, dims);
        }
        interp.allocateTensors();
        for (int i = 0; i < inputBytes.length; i++) {
            inputBytes[i] = interp.getInputTensor(i).numBytes();
        }
        for (int i = 0; i < outputBytes.length; i++) {
            outputBytes[i] = interp.getOutputTensor(i).numBytes();
        }
        return this;
    }

    public static String runtimeVersion() {
        loadNative();
        return TensorFlowLite.runtimeVersion();
    }

    /**
     * Runs a model with exactly one input and one output tensor.
     *
     * @param input the input tensor's bytes, exactly {@link #inputBytes(int) inputBytes(0)} long
     * @return a new array with the output tensor's bytes
     */
    public synchronized byte[] run(byte[] input) {
        open();
        if (inputBytes.length != 1 || outputBytes.length != 1) {
            throw new IllegalStateException(name + " has " + inputBytes.length + " inputs and "
                    + outputBytes.length + " outputs; use run(List)");
        }
        return run(List.of(input)).get(0);
    }

    /**
     * Runs the model on one byte array per input tensor, in input order.
     *
     * @return one new array per output tensor, in output order
     */
    public synchronized List<byte[]> run(List<byte[]> inputs) {
        Interpreter interp = open();
        if (inputs.size() != inputBytes.length) {
            throw new IllegalArgumentException(name + " expects " + inputBytes.length + " inputs, got " + inputs.size());
        }
        Object[] in = new Object[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            byte[] b = inputs.get(i);
            if (b.length != inputBytes[i]) {
                throw new IllegalArgumentException(name + ": input " + i + " must be " + inputBytes[i]
                        + " bytes, got " + b.length);
            }
            in[i] = ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder()).put(b).rewind();
        }
        Map<Integer, Object> out = new HashMap<>();
        ByteBuffer[] outBuffers = new ByteBuffer[outputBytes.length];
        for (int i = 0; i < outBuffers.length; i++) {
            outBuffers[i] = ByteBuffer.allocateDirect(outputBytes[i]).order(ByteOrder.nativeOrder());
            out.put(i, outBuffers[i]);
        }
        interp.runForMultipleInputsOutputs(in, out);
        List<byte[]> result = new ArrayList<>(outBuffers.length);
        for (ByteBuffer b : outBuffers) {
            byte[] bytes = new byte[b.capacity()];
            b.rewind();
            b.get(bytes);
            result.add(bytes);
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

    /** Shape of input tensor {@code i}, e.g. {@code [1, 224, 224, 3]}. */
    public synchronized int[] inputShape(int i) {
        return open().getInputTensor(i).shape();
    }

    /** Shape of output tensor {@code i}, e.g. {@code [1, 1001]}. */
    public synchronized int[] outputShape(int i) {
        return open().getOutputTensor(i).shape();
    }

    /** Element type of input tensor {@code i}, e.g. {@code "UINT8"}. */
    public synchronized String inputType(int i) {
        return open().getInputTensor(i).dataType().name();
    }

    /** Element type of output tensor {@code i}, e.g. {@code "UINT8"}. */
    public synchronized String outputType(int i) {
        return open().getOutputTensor(i).dataType().name();
    }

    /** Quantization of input tensor {@code i} as {@code {scale, zeroPoint}}. */
    public synchronized double[] inputQuantization(int i) {
        Tensor.QuantizationParams q = open().getInputTensor(i).quantizationParams();
        return new double[] {q.getScale(), q.getZeroPoint()};
    }

    /** Quantization of output tensor {@code i} as {@code {scale, zeroPoint}}. */
    public synchronized double[] outputQuantization(int i) {
        Tensor.QuantizationParams q = open().getOutputTensor(i).quantizationParams();
        return new double[] {q.getScale(), q.getZeroPoint()};
    }

    @Override
    public synchronized void close() {
        if (interpreter != null) {
            interpreter.close();
            interpreter = null;
        }
    }

    @Override
    public String toString() {
        return "LiveTflite[TFLite 2.6.2, " + name + "]";
    }

    private Interpreter open() {
        if (interpreter == null) {
            throw new IllegalStateException(this + " is closed");
        }
        return interpreter;
    }

    /**
     * Extracts {@value #NATIVE_RESOURCE} to a temporary file and loads it, once. Safe to call
     * repeatedly and from several threads.
     */
    public static void loadNative() {
        if (loaded) {
            return;
        }
        synchronized (LOAD_LOCK) {
            if (loaded) {
                return;
            }
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                throw new UnsupportedOperationException("TFLite 2.6.2 reference needs Linux x86-64 (the "
                        + "tflite-native-cpu:linux-x86_64 jar); this is " + os + "/" + arch);
            }
            URL url = LiveTflite.class.getClassLoader().getResource(NATIVE_RESOURCE);
            if (url == null) {
                throw new IllegalStateException(NATIVE_RESOURCE + " is not on the classpath; add "
                        + "ai.djl.tflite:tflite-native-cpu:2.6.2 with classifier linux-x86_64 (test scope)");
            }
            try {
                Path tmp = Files.createTempFile("libtensorflowlite_jni-2.6.2-", ".so");
                tmp.toFile().deleteOnExit();
                try (InputStream in = url.openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                System.load(tmp.toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot extract " + url, e);
            }
            loaded = true;
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + p, e);
        }
    }
}
