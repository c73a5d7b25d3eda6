package io.github.tflite2java.compiler.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.tflite2java.compiler.helpers.Helper;
import io.github.tflite2java.compiler.helpers.HelperSource;
import io.github.tflite2java.compiler.ops.OperatorKernel;
import io.github.tflite2java.compiler.ops.OperatorRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compiler's shape, enforced: package dependencies point one way (reader, validation,
 * planning, report and emission build on the operator kernels, never the reverse), and an
 * operator is one kernel file in {@code ops} plus one line in {@link OperatorRegistry}.
 */
class ArchitectureTest {
  private static final String ROOT = "io.github.tflite2java.compiler";
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void subpackagesAreFreeOfCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void lowerLayersDoNotReachUp() {
    // Bottom: the IR, quantization maths, text safety, problems and the FlatBuffer schema.
    noClasses().that().resideInAnyPackage(ROOT + ".ir..", ROOT + ".quant..", ROOT + ".text..",
            ROOT + ".diag..", ROOT + ".tflite..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".ops..", ROOT + ".reader..",
            ROOT + ".validate..", ROOT + ".passes..", ROOT + ".report..", ROOT + ".emit..",
            ROOT + ".cli..", ROOT + ".modelbuilder..")
        .check(MAIN);
    // Operator kernels know the IR and the schema, nothing of the stages that use them.
    noClasses().that().resideInAPackage(ROOT + ".ops..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".reader..",
            ROOT + ".validate..", ROOT + ".passes..", ROOT + ".report..", ROOT + ".emit..",
            ROOT + ".cli..", ROOT + ".modelbuilder..")
        .check(MAIN);
    noClasses().that().resideInAnyPackage(ROOT + ".passes..", ROOT + ".validate..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".report..", ROOT + ".emit..",
            ROOT + ".cli..")
        .check(MAIN);
    noClasses().that().resideInAPackage(ROOT + ".passes..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".validate..")
        .check(MAIN);
  }

  @Test
  void kernelsLiveInOpsAndNobodyElseNamesOne() {
    classes().that().areAssignableTo(OperatorKernel.class)
        .should().resideInAPackage(ROOT + ".ops")
        .andShould().notBeNestedClasses()
        .check(MAIN);
    // Stages reach operators through the registry and the OperatorKernel interface only.
    noClasses().that().resideOutsideOfPackages(ROOT + ".ops", ROOT + ".modelbuilder")
        .should().dependOnClassesThat(kernelImplementation())
        .check(MAIN);
  }

  @Test
  void everyKernelHasExactlyOneRegistryLine() {
    Set<String> implemented = new TreeSet<>();
    for (JavaClass c : MAIN) {
      if (c.isAssignableTo(OperatorKernel.class) && !c.getModifiers().contains(JavaModifier.ABSTRACT)
          && !c.getName().equals(OperatorKernel.class.getName())) {
        implemented.add(c.getName());
      }
    }
    Set<String> registered = new TreeSet<>();
    for (OperatorKernel<?, ?> k : OperatorRegistry.standard().kernels()) {
      registered.add(k.getClass().getName());
    }
    assertEquals(implemented, registered,
        "every OperatorKernel class must be listed in OperatorRegistry, and only those");
    for (OperatorKernel<?, ?> k : OperatorRegistry.standard().kernels()) {
      if (k.isCustom()) {
        // Custom kernels are found by their kind, CUSTOM:<custom code>, never by code 32.
        assertTrue(OperatorRegistry.standard().find("CUSTOM:" + k.customCode()) == k,
            k.name() + " is found by its custom code");
        assertTrue(OperatorRegistry.standard().forCode(k.builtinCode()) == null,
            "builtin code " + k.builtinCode() + " (CUSTOM) finds no kernel");
      } else {
        assertTrue(OperatorRegistry.standard().forCode(k.builtinCode()) == k,
            k.name() + " is found by its builtin code");
      }
    }
  }

  /**
   * One helper mechanism: kernels and emitters name what generated classes carry by {@link
   * Helper} constant only (never a definition class or its source), and only {@code
   * emit.GeneratedHelpers} turns definitions into generated members.
   */
  @Test
  void generatedClassesCarryHelpersThroughTheOneHelperEnum() {
    noClasses().that().resideInAnyPackage(ROOT + ".ops..", ROOT + ".emit..")
        .should().dependOnClassesThat(new com.tngtech.archunit.base.DescribedPredicate<JavaClass>(
            "a helper definition (not the Helper enum) of package helpers") {
          @Override
          public boolean test(JavaClass c) {
            return c.getPackageName().equals(ROOT + ".helpers")
                && !c.getName().equals(Helper.class.getName())
                && !c.getName().equals(HelperSource.class.getName());
          }
        })
        .check(MAIN);
    noClasses().that().resideOutsideOfPackage(ROOT + ".helpers")
        .and().doNotHaveFullyQualifiedName(ROOT + ".emit.GeneratedHelpers")
        .should().dependOnClassesThat().haveFullyQualifiedName(HelperSource.class.getName())
        .check(MAIN);
  }

  private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> kernelImplementation() {
    return new com.tngtech.archunit.base.DescribedPredicate<>("an operator kernel implementation") {
      @Override
      public boolean test(JavaClass c) {
        return c.isAssignableTo(OperatorKernel.class)
            && !c.getName().equals(OperatorKernel.class.getName());
      }
    };
  }
}
