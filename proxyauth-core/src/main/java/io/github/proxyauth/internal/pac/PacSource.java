package io.github.proxyauth.internal.pac;

import io.github.proxyauth.ProxyAuthException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a PAC script comes from, and how to tell that it changed: a file by modification time and
 * size, an HTTP URL by its validators (a conditional GET), inline text never.
 */
public interface PacSource {

  /**
   * One version of the script.
   *
   * @param text the script
   * @param stamp what identifies this version: {@code mtime/size} of a file, empty otherwise
   * @param fetched the HTTP validators of a URL's version
   */
  record Snapshot(String text, String stamp, PacLoader.Fetched fetched) {}

  /** Returns the script as it is now. */
  Snapshot load() throws ProxyAuthException;

  /** Returns the script when it changed since {@code current}; empty when it did not. */
  Optional<Snapshot> changed(Snapshot current) throws ProxyAuthException;

  /** Returns whether the script can change (false for inline text). */
  boolean live();

  /** Returns inline text, which never changes. */
  static PacSource text(String script) {
    Snapshot snapshot = new Snapshot(script, "", none());
    return new PacSource() {
      @Override
      public Snapshot load() {
        return snapshot;
      }

      @Override
      public Optional<Snapshot> changed(Snapshot current) {
        return Optional.empty();
      }

      @Override
      public boolean live() {
        return false;
      }
    };
  }

  /** Returns the file {@code file}, re-read when its modification time or size changes. */
  static PacSource file(Path file) {
    return new PacSource() {
      @Override
      public Snapshot load() throws ProxyAuthException {
        String stamp = stamp(file);
        return new Snapshot(PacLoader.load(file), stamp, none());
      }

      @Override
      public Optional<Snapshot> changed(Snapshot current) throws ProxyAuthException {
        return stamp(file).equals(current.stamp()) ? Optional.empty() : Optional.of(load());
      }

      @Override
      public boolean live() {
        return true;
      }
    };
  }

  /** Returns the URL {@code url}: a file for {@code file:}, else re-validated over HTTP. */
  static PacSource url(URI url, Duration timeout) {
    if ("file".equals(String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT))) {
      return file(Path.of(url));
    }
    return new PacSource() {
      @Override
      public Snapshot load() throws ProxyAuthException {
        PacLoader.Fetched fetched = PacLoader.fetch(url, timeout, Optional.empty(),
            Optional.empty());
        return new Snapshot(fetched.text().orElseThrow(), "", fetched);
      }

      @Override
      public Optional<Snapshot> changed(Snapshot current) throws ProxyAuthException {
        PacLoader.Fetched now = PacLoader.fetch(url, timeout, current.fetched().etag(),
            current.fetched().lastModified());
        return now.text().filter(t -> !t.equals(current.text()))
            .map(t -> new Snapshot(t, "", now));
      }

      @Override
      public boolean live() {
        return true;
      }
    };
  }

  private static PacLoader.Fetched none() {
    return new PacLoader.Fetched(Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static String stamp(Path file) throws ProxyAuthException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      // The file key changes when an editor replaces the file by renaming a new one over it.
      return a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey();
    } catch (IOException e) {
      throw new ProxyAuthException("Cannot read PAC file " + file + ": " + e, e);
    }
  }
}
