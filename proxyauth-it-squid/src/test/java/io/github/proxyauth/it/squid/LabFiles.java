package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * File chores for the lab directory. Squid started as root drops to user {@code proxy}, and its
 * helpers run as that user: every input must be world-readable and every directory Squid writes
 * must belong to {@code proxy} (recipe pitfalls 1 to 3).
 */
final class LabFiles {
  static final String SQUID_USER = "proxy";

  private LabFiles() {}

  /** Returns whether this JVM runs as root, so Squid will drop privileges to {@code proxy}. */
  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Returns a new temporary directory that every user may traverse (mode 755). */
  static Path createLabDirectory() throws IOException {
    Path dir = Files.createTempDirectory("proxyauth-squid-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** Returns {@code dir/name} after creating it with mode 755. */
  static Path directory(Path dir, String name) throws IOException {
    Path created = Files.createDirectories(dir.resolve(name));
    Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rwxr-xr-x"));
    return created;
  }

  /** Returns {@code file} after writing {@code text} to it with the given mode ("rw-r--r--"). */
  static Path write(Path file, String text, String mode) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  /** Hands {@code dirs} to user {@code proxy} when running as root; does nothing otherwise. */
  static void giveToSquidUser(Path... dirs) throws IOException {
    Optional<UserPrincipal> proxy = squidUser();
    if (proxy.isEmpty()) {
      return;
    }
    for (Path dir : dirs) {
      Files.setOwner(dir, proxy.get());
    }
  }

  /**
   * Returns the classpath entry, copied under {@code target} so that user {@code proxy} can read
   * it, of the jar or directory that {@code type} was loaded from.
   */
  static Path copyCodeSource(Class<?> type, Path target) throws IOException {
    Path source;
    try {
      source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("Expected a file URL as the code source of " + type.getName(), e);
    }
    Path copy = target.resolve(source.getFileName().toString());
    copyTree(source, copy);
    return copy;
  }

  /** Deletes {@code root} and everything below it; a missing root is fine. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void copyTree(Path source, Path copy) throws IOException {
    List<Path> all;
    try (Stream<Path> paths = Files.walk(source)) {
      all = paths.collect(Collectors.toList());
    }
    for (Path path : all) {
      Path to = copy.resolve(source.relativize(path).toString());
      if (Files.isDirectory(path)) {
        Files.createDirectories(to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else {
        Files.copy(path, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
  }

  private static Optional<UserPrincipal> squidUser() throws IOException {
    if (!runningAsRoot()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService()
          .lookupPrincipalByName(SQUID_USER));
    } catch (IOException e) {
      throw new IOException("Running as root, Squid drops privileges to user '" + SQUID_USER
          + "', which does not exist here: install the Debian squid package", e);
    }
  }
}
