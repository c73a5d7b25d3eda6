package io.github.tflite2java.maven;

/**
 * A model's Maven coordinates, {@code groupId:artifactId:version[:classifier[:extension]]}, the
 * extension defaulting to {@code tflite}.
 *
 * @param groupId e.g. {@code com.example.models}
 * @param artifactId e.g. {@code mobilenet-v1}
 * @param version e.g. {@code 1.0}
 * @param classifier "" for none
 * @param extension e.g. {@code tflite}
 */
record ArtifactCoordinates(String groupId, String artifactId, String version, String classifier,
    String extension) {

  static final String DEFAULT_EXTENSION = "tflite";

  /** Parses coordinates; throws IllegalArgumentException saying what is expected. */
  static ArtifactCoordinates parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length < 3 || parts.length > 5 || parts[0].isBlank() || parts[1].isBlank()
        || parts[2].isBlank() || (parts.length == 5 && parts[4].isBlank())) {
      throw new IllegalArgumentException("'" + text + "' is not"
          + " groupId:artifactId:version[:classifier[:extension]], e.g."
          + " com.example.models:mobilenet-v1:1.0");
    }
    return new ArtifactCoordinates(parts[0].trim(), parts[1].trim(), parts[2].trim(),
        parts.length > 3 ? parts[3].trim() : "",
        parts.length > 4 ? parts[4].trim() : DEFAULT_EXTENSION);
  }

  @Override
  public String toString() {
    return groupId + ":" + artifactId + ":" + version
        + (classifier.isEmpty() && extension.equals(DEFAULT_EXTENSION)
            ? "" : ":" + classifier + ":" + extension);
  }
}
