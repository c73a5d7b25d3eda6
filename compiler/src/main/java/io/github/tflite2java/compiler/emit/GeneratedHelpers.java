package io.github.tflite2java.compiler.emit;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.helpers.HelperSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The helpers a generated class carries (so that it depends on nothing but the JDK): exactly
 * the {@link Helper}s its emitters asked for, with those they call, each copied from its one
 * compiled definition: the methods as private static methods ({@link #methods}), the classes as
 * nested classes ({@link #nestedClasses}).
 */
final class GeneratedHelpers {

  private GeneratedHelpers() {}

  /**
   * The methods among {@code requested} and the helpers they call, in {@link Helper} order (the
   * classes among them are {@link #nestedClasses}).
   */
  static List<MethodSpec> methods(Set<Helper> requested) {
    List<MethodSpec> out = new ArrayList<>();
    for (Helper h : Helper.closure(requested)) {
      if (!h.isClass()) {
        out.add(method(h));
      }
    }
    return out;
  }

  /** The classes among {@code requested} and the helpers they use, in {@link Helper} order. */
  static List<Helper> classes(Set<Helper> requested) {
    List<Helper> out = new ArrayList<>();
    for (Helper h : Helper.closure(requested)) {
      if (h.isClass()) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * The source of the {@link #classes} of {@code requested}, each indented as a member of the
   * generated class and preceded by a line naming its definition; empty when there are none.
   */
  static String nestedClasses(Set<Helper> requested) {
    StringBuilder sb = new StringBuilder();
    for (Helper h : classes(requested)) {
      sb.append("\n  // Nested from tflite2java's ").append(h.owner().getName())
          .append(", unchanged but for the declaration.\n");
      for (String line : HelperSource.nestedClass(h).split("\n", -1)) {
        sb.append(line.isEmpty() ? "" : "  ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** One helper as a private static method. */
  static MethodSpec method(Helper h) {
    HelperSource src = HelperSource.of(h);
    MethodSpec.Builder m = MethodSpec.methodBuilder(h.methodName())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(type(src.returnType()))
        .addJavadoc("$L\n", src.javadoc());
    for (String a : src.annotations()) {
      // Only @SuppressWarnings("...") occurs in the definitions.
      String value = a.substring(a.indexOf('"') + 1, a.lastIndexOf('"'));
      m.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
          .addMember("value", "$S", value).build());
    }
    for (String p : src.parameters()) {
      int space = p.lastIndexOf(' ');
      m.addParameter(type(p.substring(0, space)), p.substring(space + 1));
    }
    return m.addCode(CodeBlock.of("$L", src.body())).build();
  }

  private static TypeName type(String t) {
    if (t.endsWith("[]")) {
      return ArrayTypeName.of(type(t.substring(0, t.length() - 2)));
    }
    switch (t) {
      case "void": return TypeName.VOID;
      case "int": return TypeName.INT;
      case "long": return TypeName.LONG;
      case "float": return TypeName.FLOAT;
      case "double": return TypeName.DOUBLE;
      case "boolean": return TypeName.BOOLEAN;
      case "byte": return TypeName.BYTE;
      case "short": return TypeName.SHORT;
      case "String": return ClassName.get(String.class);
      case "Class<?>": return com.squareup.javapoet.ParameterizedTypeName.get(
          ClassName.get(Class.class), com.squareup.javapoet.WildcardTypeName.subtypeOf(
              Object.class));
      default: throw new IllegalArgumentException("helper type " + t);
    }
  }
}
