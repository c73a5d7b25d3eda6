package io.github.tflite2java.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link GeneratedSource#writeTo} writes only below its source root, whatever the class name. */
class GeneratedSourceConfinementTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"..x.Evil", "...Evil", ".Evil", ".", ".."})
  void classNamesThatWouldEscapeAreRefused(String className) throws Exception {
    Path root = Files.createDirectories(dir.resolve("deep/er/root"));
    IOException e = assertThrows(IOException.class,
        () -> new GeneratedSource(className, "class Evil {}", "").writeTo(root));
    assertTrue(e.getMessage().startsWith("refusing to write "), e.getMessage());
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void ordinaryNamesAreWritten() throws Exception {
    Path written = new GeneratedSource("com.example.Fine", "class Fine {}", "").writeTo(dir);
    assertEquals(dir.resolve("com/example/Fine.java"), written);
    assertEquals("class Fine {}", Files.readString(written));
  }

  @Test
  void companionsAreWrittenBesideTheClassOnlyWhenTheirContentDiffers() throws Exception {
    GeneratedSource.Companion shared =
        new GeneratedSource.Companion("com/example/Shared.java", "class Shared {}");
    GeneratedSource a = new GeneratedSource("com.example.A", "class A {}", "", null,
        List.of(shared));
    GeneratedSource b = new GeneratedSource("com.example.B", "class B {}", "", null,
        List.of(shared));

    a.writeTo(dir);
    Path file = dir.resolve("com/example/Shared.java");
    assertEquals("class Shared {}", Files.readString(file));
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);
    b.writeTo(dir);
    assertEquals(old, Files.getLastModifiedTime(file), "same content must not be rewritten");
    assertEquals("class B {}", Files.readString(dir.resolve("com/example/B.java")));

    new GeneratedSource("com.example.A", "class A {}", "", null, List.of(
        new GeneratedSource.Companion("com/example/Shared.java", "class Shared { }")))
        .writeTo(dir);
    assertEquals("class Shared { }", Files.readString(file));
  }

  @Test
  void aCompanionThatWouldEscapeIsRefusedAndNothingIsWritten() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    GeneratedSource s = new GeneratedSource("com.example.A", "class A {}", "", null, List.of(
        new GeneratedSource.Companion("../Evil.java", "class Evil {}")));
    IOException e = assertThrows(IOException.class, () -> s.writeTo(root));
    assertTrue(e.getMessage().startsWith("refusing to write "), e.getMessage());
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
  }
}
