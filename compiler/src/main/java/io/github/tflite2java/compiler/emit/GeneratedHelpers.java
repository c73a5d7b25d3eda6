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
 * The static helper methods a generated class carries (so that it depends on nothing but the
 * JDK): exactly the {@link Helper}s its emitters asked for, with those they call, each copied
 * from its one compiled definition in {@code io.github.tflite2java.compiler.helpers}.
 */
final class GeneratedHelpers {

  private GeneratedHelpers() {}

  /** The methods for {@code requested} and the helpers they call, in {@link Helper} order. */
  static List<MethodSpec> methods(Set<Helper> requested) {
    List<MethodSpec> out = new ArrayList<>();
    for (Helper h : Helper.closure(requested)) {
      out.add(method(h));
    }
    return out;
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
