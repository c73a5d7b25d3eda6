package io.github.tflite2java.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
