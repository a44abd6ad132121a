package io.github.proxyauth.internal.discovery;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Credentials from a file in the format of {@link CredentialFileFormat}, read again when its
 * modification time, size or identity changes, and on the next call after {@link #invalidate}.
 * A re-read that fails keeps the last good entries (a half-written file during rotation) and
 * reports a warning; a file that disappeared yields no credentials. A group- or world-readable file
 * on a POSIX file system is reported as a warning, or refused when strict. Thread-safe.
 */
public final class CredentialFile implements CredentialProvider {
  private record Snapshot(List<CredentialFileFormat.Entry> entries, Object stamp) {}

  private final Path file;
  private final boolean strict;
  private final Consumer<String> warnings;
  private volatile Snapshot snapshot;
  private volatile boolean invalidated;
  private int loads;

  private CredentialFile(Path file, boolean strict, Consumer<String> warnings, Snapshot first) {
    this.file = file;
    this.strict = strict;
    this.warnings = warnings;
    this.snapshot = first;
  }

  /**
   * Returns a provider over {@code file}, read now.
   *
   * @throws ProxyAuthException when the file cannot be read or parsed, or is readable by others
   *     and {@code strict}
   */
  public static CredentialFile open(Path file, boolean strict, Consumer<String> warnings)
      throws ProxyAuthException {
    Object stamp = stamp(file);
    List<CredentialFileFormat.Entry> entries = read(file, strict, warnings);
    CredentialFile provider = new CredentialFile(file, strict, warnings, new Snapshot(entries, stamp));
    provider.loads = 1;
    return provider;
  }

  @Override
  public Optional<Credentials> credentialsFor(AuthScope scope) {
    Snapshot current = fresh();
    for (CredentialFileFormat.Entry entry : current.entries()) {
      if (entry.matches(scope.host(), scope.port())) {
        return Optional.of(entry.credentials());
      }
    }
    return Optional.empty();
  }

  @Override
  public void invalidate(AuthScope scope, Credentials rejected) {
    invalidated = true;
  }

  /** Returns how often the file was read, for tests of the reload rule. */
  synchronized int loads() {
    return loads;
  }

  private Snapshot fresh() {
    Object stamp = stampOrMissing();
    Snapshot current = snapshot;
    if (!invalidated && current.stamp().equals(stamp)) {
      return current;
    }
    synchronized (this) {
      current = snapshot;
      if (!invalidated && current.stamp().equals(stamp)) {
        return current;
      }
      invalidated = false;
      snapshot = reload(current, stamp);
      return snapshot;
    }
  }

  private Snapshot reload(Snapshot previous, Object stamp) {
    loads++;
    if (stamp.equals("missing")) {
      warnings.accept("Credentials file " + file + " no longer exists; it provides no credentials");
      return new Snapshot(List.of(), stamp);
    }
    try {
      return new Snapshot(read(file, strict, warnings), stamp);
    } catch (ProxyAuthException e) {
      boolean refused = e instanceof InsecureFileException;
      warnings.accept(e.getMessage() + (refused ? "; it provides no credentials until fixed"
          : "; keeping the " + previous.entries().size() + " entries read before"));
      return new Snapshot(refused ? List.of() : previous.entries(), stamp);
    }
  }

  /** Returns the path as a person writes it: under the home directory as {@code ~/...}. */
  static String display(Path file) {
    Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
    return file.startsWith(home) && !file.equals(home)
        ? "~/" + home.relativize(file).toString().replace('\\', '/') : file.toString();
  }

  private static List<CredentialFileFormat.Entry> read(Path file, boolean strict,
      Consumer<String> warnings) throws ProxyAuthException {
    checkPermissions(file, strict, warnings);
    try {
      if (Files.size(file) > CredentialFileFormat.MAX_BYTES) {
        throw new ProxyAuthException("Credentials file " + file + " is larger than "
            + CredentialFileFormat.MAX_BYTES + " bytes");
      }
      return CredentialFileFormat.parse(Files.readString(file), display(file));
    } catch (ProxyAuthException e) {
      throw e;
    } catch (IOException e) {
      throw new ProxyAuthException("Cannot read credentials file " + file + ": " + e, e);
    }
  }

  private static void checkPermissions(Path file, boolean strict, Consumer<String> warnings)
      throws ProxyAuthException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return; // not a POSIX file system: nothing to check
    } catch (IOException e) {
      throw new ProxyAuthException("Cannot read credentials file " + file + ": " + e, e);
    }
    if (permissions.contains(PosixFilePermission.GROUP_READ)
        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      String message = "Credentials file " + file + " is readable by group or others ("
          + PosixFilePermissions.toString(permissions) + "); restrict it with chmod 600";
      if (strict) {
        throw new InsecureFileException(message);
      }
      warnings.accept(message);
    }
  }

  private Object stampOrMissing() {
    try {
      return stamp(file);
    } catch (ProxyAuthException e) {
      return "missing";
    }
  }

  private static Object stamp(Path file) throws ProxyAuthException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    } catch (NoSuchFileException e) {
      throw new ProxyAuthException("Credentials file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ProxyAuthException("Cannot read credentials file " + file + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "CredentialFile[" + file + "]";
  }

  /** A strict provider refused a file that others can read. */
  private static final class InsecureFileException extends ProxyAuthException {
    private static final long serialVersionUID = 1L;

    InsecureFileException(String message) {
      super(message);
    }
  }
}
