package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.github.tflite2java.compiler.CompileOptions;
import io.github.tflite2java.compiler.GeneratedSource;
import io.github.tflite2java.compiler.Problem;
import io.github.tflite2java.compiler.ir.ModelGraph;
import io.github.tflite2java.compiler.ir.Tensor;
import io.github.tflite2java.compiler.ir.TensorType;
import io.github.tflite2java.runtime.ImageResizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * With image helpers asked for, adds {@code inputFromArgb} and {@code inputFromRgb} to the model
 * class, and {@code Awt.inputFromImage(BufferedImage)} in a nested class of its own: any image
 * in, the model's input out, resized exactly as runtime-min's {@link ImageResizer} (ImageMagick's
 * {@code -resize WxH!}) and quantized for the input tensor.
 *
 * <p>The resizer is not a second hand-written copy: runtime-min ships its {@code
 * ImageResizer.java} as a resource, and this emitter turns that very source, unchanged but for
 * its package, declaration and constructor lines, into the package-private class {@value
 * #RESIZER_CLASS} of the model's package (a {@linkplain GeneratedSource.Companion companion}
 * file): one copy per output package, shared by every model class of the package generated with
 * image helpers. So the generated classes still depend on nothing, the resizer's class is loaded
 * only when a helper is first called (never by {@code infer}), and it computes what runtime-min
 * computes, by construction.
 */
public final class ImageHelpersEmitter {

  /** Problem id: the model's input is not an image this helper can fill. */
  public static final String NOT_AN_IMAGE_INPUT = "tflite2java/NotAnImageInput";

  /** Problem id: the model class would take the name of a class the compiler generates. */
  public static final String RESERVED_CLASS_NAME = "tflite2java/ReservedClassName";

  /** Where runtime-min's jar keeps the resizer's source. */
  static final String RESIZER_SOURCE = "io/github/tflite2java/runtime/ImageResizer.java";

  private static final String PACKAGE_LINE = "package io.github.tflite2java.runtime;";
  private static final String DECLARATION = "public final strictfp class ImageResizer {";
  private static final String CONSTRUCTOR = "private ImageResizer() {}";

  /**
   * The class the resizer becomes in each output package with image helpers: package-private,
   * one per package, shared by its model classes.
   */
  public static final String RESIZER_CLASS = "Tflite2javaImageResizer";

  private static final String COMPANION_DECLARATION =
      "@SuppressWarnings(\"strictfp\")\nfinal strictfp class " + RESIZER_CLASS + " {";
  private static final String COMPANION_CONSTRUCTOR = "private " + RESIZER_CLASS + "() {}";

  private ImageHelpersEmitter() {}

  /** Problems that keep the helpers from filling input 0, empty when it is an RGB image. */
  static List<Problem> check(ModelGraph g, CompileOptions options) {
    List<Problem> problems = new ArrayList<>();
    if (!options.imageHelpers() || g.inputs().length == 0) {
      return problems;
    }
    Tensor in = g.input(0);
    if (in.rank() != 4 || in.dim(0) != 1 || in.dim(3) != 3
        || (in.type() != TensorType.UINT8 && in.type() != TensorType.INT8)) {
      problems.add(new Problem(NOT_AN_IMAGE_INPUT, "imageHelpers need an RGB image input of"
          + " shape [1,height,width,3] and type uint8 or int8, but input " + in.index() + " is "
          + in.type() + in.shapeString()));
    }
    return problems;
  }

  /** Adds the helper methods when {@link CompileOptions#imageHelpers()} is set. */
  public static void addTo(TypeSpec.Builder type, ClassName self, ModelGraph g,
      CompileOptions options) {
    if (!options.imageHelpers()) {
      return;
    }
    ClassName resizer = self.peerClass(RESIZER_CLASS);
    boolean int8 = g.input(0).type() == TensorType.INT8;
    String quantization = int8
        ? "each value {@code v} as the int8 {@code v - 128} (the uint8 value's int8 twin)"
        : "each value as the uint8 input value itself, as TFLite's quantized image models expect";
    type.addMethod(MethodSpec.methodBuilder("inputFromArgb")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(byte[].class)
        .addParameter(int[].class, "argb")
        .addParameter(int.class, "width")
        .addParameter(int.class, "height")
        .addJavadoc("Turns an image of any size into this model's input: packed {@code"
            + " 0xAARRGGBB} pixels, row-major (alpha ignored; {@code"
            + " BufferedImage.getRGB(0, 0, width, height, null, 0, width)} gives them, and"
            + " {@link Awt#inputFromImage} takes the {@code BufferedImage} itself), resized"
            + " to {@link #INPUT_WIDTH} x {@link #INPUT_HEIGHT} exactly as ImageMagick's {@code"
            + " convert in -resize WxH! -depth 8 rgb:out} does, then $L.\n"
            + "\n@return {@link #INPUT_SIZE} bytes for {@link #infer(byte[])}\n", quantization)
        .addStatement("return inputFromArgb(argb, width, height, false)")
        .build());
    MethodSpec.Builder palette = MethodSpec.methodBuilder("inputFromArgb")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(byte[].class)
        .addParameter(int[].class, "argb")
        .addParameter(int.class, "width")
        .addParameter(int.class, "height")
        .addParameter(boolean.class, "palette")
        .addJavadoc("Like {@link #inputFromArgb(int[], int, int)}, for an image ImageMagick holds"
            + " as a palette image when {@code palette} is true (GIF, palette PNG, 8-bit grey):"
            + " those it resizes with its Mitchell filter even when shrinking.\n")
        .beginControlFlow("if (argb == null)")
        .addStatement("throw new NullPointerException($S)", "argb is null")
        .endControlFlow()
        .addStatement("final byte[] input = $T.resizeArgb(argb, width, height, INPUT_WIDTH,"
            + " INPUT_HEIGHT, palette)", resizer);
    type.addMethod(quantize(palette, int8).build());
    MethodSpec.Builder rgb = MethodSpec.methodBuilder("inputFromRgb")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(byte[].class)
        .addParameter(byte[].class, "rgb")
        .addParameter(int.class, "width")
        .addParameter(int.class, "height")
        .addJavadoc("Like {@link #inputFromArgb(int[], int, int)} for interleaved RGB bytes"
            + " ({@code width * height * 3}, row-major).\n")
        .beginControlFlow("if (rgb == null)")
        .addStatement("throw new NullPointerException($S)", "rgb is null")
        .endControlFlow()
        .addStatement("final byte[] input = $T.resizeRgb(rgb, width, height, INPUT_WIDTH,"
            + " INPUT_HEIGHT)", resizer);
    type.addMethod(quantize(rgb, int8).build());
    type.addType(awt(self));
  }

  /**
   * The nested class {@code Awt} with {@code inputFromImage(BufferedImage)}. Only this class
   * names {@code java.awt} types (fully qualified, so the file imports none): the model class
   * itself keeps loading and running on a JVM without the {@code java.desktop} module, and
   * {@code Awt} is loaded (and links {@code java.awt}) only when first called.
   */
  private static TypeSpec awt(ClassName self) {
    ClassName image = ClassName.get("java.awt.image", "BufferedImage");
    ClassName colorModel = ClassName.get("java.awt.image", "ColorModel");
    ClassName indexColorModel = ClassName.get("java.awt.image", "IndexColorModel");
    ClassName colorSpace = ClassName.get("java.awt.color", "ColorSpace");
    MethodSpec inputFromImage = MethodSpec.methodBuilder("inputFromImage")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(byte[].class)
        .addParameter(image, "image")
        .addJavadoc("Turns a decoded image of any size and type (from {@code ImageIO.read}, say)"
            + " into the model's input, as {@link $T#inputFromArgb(int[], int, int, boolean)}"
            + " does with its pixels.\n"
            + "\n<p>Pixels come from {@code getRGB}, which converts any colour model to sRGB,"
            + " except in 8- and 16-bit grey images: there the stored grey values are used, as"
            + " ImageMagick reads them ({@code getRGB} would apply Java's linear-grey-to-sRGB"
            + " conversion and brighten them); 16-bit values are rounded to 8 bits first, so"
            + " such images can come out 1 off ImageMagick's. Indexed-colour, 8-bit grey and"
            + " translucent images count as palette images, which ImageMagick resizes with its"
            + " Mitchell filter; alpha itself is ignored.\n"
            + "\n@return {@link $T#INPUT_SIZE} bytes for {@link $T#infer(byte[])}\n",
            self, self, self)
        .beginControlFlow("if (image == null)")
        .addStatement("throw new NullPointerException($S)", "image is null")
        .endControlFlow()
        .addStatement("final int width = image.getWidth()")
        .addStatement("final int height = image.getHeight()")
        .addStatement("final $T model = image.getColorModel()", colorModel)
        .addStatement("final int bits = model.getComponentSize(0)")
        .addStatement("final boolean grey = model.getColorSpace().getType() == $T.TYPE_GRAY",
            colorSpace)
        .addStatement("final boolean palette = model instanceof $T || model.hasAlpha()"
            + " || (grey && bits == 8)", indexColorModel)
        .addStatement("final int[] argb")
        .beginControlFlow("if (grey && (bits == 8 || bits == 16))")
        .addStatement("final int[] samples = image.getRaster().getSamples(0, 0, width, height,"
            + " 0, (int[]) null)")
        .addStatement("argb = new int[samples.length]")
        .beginControlFlow("for (int i = 0; i < argb.length; i++)")
        .addStatement("final int g = bits == 8 ? samples[i] : (samples[i] + 128) / 257")
        .addStatement("argb[i] = 0xFF000000 | g << 16 | g << 8 | g")
        .endControlFlow()
        .nextControlFlow("else")
        .addStatement("argb = image.getRGB(0, 0, width, height, null, 0, width)")
        .endControlFlow()
        .addStatement("return $T.inputFromArgb(argb, width, height, palette)", self)
        .build();
    return TypeSpec.classBuilder("Awt")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .alwaysQualify(image.simpleName(), colorModel.simpleName(),
            indexColorModel.simpleName(), colorSpace.simpleName())
        .addJavadoc("Image helpers for {@code java.awt.image.BufferedImage}, in a class of their"
            + " own so that {@link $T} needs no {@code java.awt}: this class is loaded only when"
            + " called, and needs the {@code java.desktop} module.\n", self)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(inputFromImage)
        .build();
  }

  private static MethodSpec.Builder quantize(MethodSpec.Builder m, boolean int8) {
    if (int8) {
      m.beginControlFlow("for (int i = 0; i < input.length; i++)")
          .addStatement("input[i] = (byte) ((input[i] & 0xFF) - 128)")
          .endControlFlow();
    }
    return m.addStatement("return input");
  }

  /**
   * The files generated beside a model class in {@code packageName}: with image helpers, the
   * package's resizer class; none without.
   */
  public static List<GeneratedSource.Companion> companions(String packageName,
      CompileOptions options) {
    if (!options.imageHelpers()) {
      return List.of();
    }
    return List.of(new GeneratedSource.Companion(resizerPath(packageName),
        resizerCompanion(packageName)));
  }

  /**
   * Where {@link #companions} puts files for a model class: its package's resizer source path
   * with image helpers, nothing without. Known before compiling, for build tools that plan and
   * clean up what they generate.
   */
  public static List<String> companionPaths(String className, boolean imageHelpers) {
    if (!imageHelpers) {
      return List.of();
    }
    int dot = className.lastIndexOf('.');
    return List.of(resizerPath(dot < 0 ? "" : className.substring(0, dot)));
  }

  private static String resizerPath(String packageName) {
    return (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + RESIZER_CLASS
        + ".java";
  }

  /** Methods and constructors the resizer companion adds; 0 without image helpers. */
  static int extraMethods(CompileOptions options) {
    return options.imageHelpers() ? countMethods(ImageResizer.class) : 0;
  }

  /** Classes the resizer companion adds; 0 without image helpers. */
  static int extraClasses(CompileOptions options) {
    return options.imageHelpers() ? countClasses(ImageResizer.class) : 0;
  }

  private static int countMethods(Class<?> c) {
    int n = 0;
    for (Method m : c.getDeclaredMethods()) {
      n += m.isSynthetic() ? 0 : 1;
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      n += k.isSynthetic() ? 0 : 1;
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      n += countMethods(nested);
    }
    return n;
  }

  private static int countClasses(Class<?> c) {
    int n = 1;
    for (Class<?> nested : c.getDeclaredClasses()) {
      n += countClasses(nested);
    }
    return n;
  }

  /**
   * runtime-min's resizer source as the package-private top-level class {@link #RESIZER_CLASS}
   * of {@code packageName}: only the package line, the class declaration and the constructor's
   * name differ, and a file comment is added. The same for every model of the package.
   */
  static String resizerCompanion(String packageName) {
    String text = resizerSource().replace("\r\n", "\n");
    int pkg = text.indexOf(PACKAGE_LINE);
    int decl = text.indexOf(DECLARATION);
    int constructor = text.indexOf(CONSTRUCTOR);
    if (pkg < 0 || decl < 0 || constructor < 0 || text.indexOf(DECLARATION, decl + 1) >= 0
        || text.indexOf(CONSTRUCTOR, constructor + 1) >= 0) {
      throw new IllegalStateException(RESIZER_SOURCE + " no longer has the expected package,"
          + " class declaration and constructor; update ImageHelpersEmitter");
    }
    String body = text.substring(pkg + PACKAGE_LINE.length()).strip();
    if (body.split("ImageResizer", -1).length != 3) {
      throw new IllegalStateException(RESIZER_SOURCE + " names its class outside the"
          + " declaration and constructor, which would not compile as " + RESIZER_CLASS
          + "; update ImageHelpersEmitter");
    }
    body = body.replace(DECLARATION, COMPANION_DECLARATION)
        .replace(CONSTRUCTOR, COMPANION_CONSTRUCTOR);
    return "// Generated by tflite2java from runtime-min's ImageResizer.java, unchanged but for"
        + " the package,\n// class declaration and constructor; shared by the classes of this"
        + " package generated\n// with image helpers. Do not edit.\n"
        + (packageName.isEmpty() ? "" : "package " + packageName + ";\n") + "\n" + body
        + "\n";
  }

  private static String resizerSource() {
    ClassLoader loader = ImageHelpersEmitter.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(RESIZER_SOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESIZER_SOURCE + " is not on the class path; it comes"
            + " with tflite2java-runtime-min");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
