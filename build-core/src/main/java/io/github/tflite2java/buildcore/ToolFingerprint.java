package io.github.tflite2java.buildcore;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Identifies the generator for the up-to-date check. A release version is enough; a
 * {@code -SNAPSHOT} changes without changing its version, so its code (jar or class directory)
 * is hashed too, and rebuilding the compiler regenerates the models.
 */
public final class ToolFingerprint {

  private ToolFingerprint() {}

  /**
   * @param name e.g. {@code tflite2java-maven-plugin}
   * @param version the tool's version
   * @param codeOf classes whose jars or class directories make up the tool, hashed for
   *     snapshots
   */
  public static String of(String name, String version, Class<?>... codeOf) throws IOException {
    String id = name + " " + version;
    if (version == null || !version.endsWith("-SNAPSHOT")) {
      return id;
    }
    MessageDigest digest = ModelInput.newDigest();
    for (Class<?> type : codeOf) {
      Path location = codeLocation(type);
      if (location == null) {
        digest.update(type.getName().getBytes(StandardCharsets.UTF_8));
      } else if (Files.isDirectory(location)) {
        hashTree(location, digest);
      } else {
        digest.update(Files.readAllBytes(location));
      }
    }
    return id + " code:" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  private static Path codeLocation(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void hashTree(Path root, MessageDigest digest) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      digest.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
      digest.update(Files.readAllBytes(file));
    }
  }
}
