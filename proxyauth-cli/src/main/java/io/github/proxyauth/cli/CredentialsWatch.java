package io.github.proxyauth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code serve}'s check of its {@code --credentials-file} for a change, the way a PAC file is
 * followed: at most once per interval ({@code --pac-refresh}, default {@link #DEFAULT_INTERVAL}),
 * on a thread that just served a request (one thread at a time; no watcher thread), by the
 * file's modification time, size and identity. The engine keeps credentials that work, so a
 * change is applied by reloading {@code serve}. Thread-safe.
 */
final class CredentialsWatch {
  /** The PAC file's default interval. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  private static final String BEING_WRITTEN = "empty";

  private final Optional<Path> file;
  private final long intervalNanos;
  private final AtomicLong nextCheck;
  private volatile String stamp;

  private CredentialsWatch(Optional<Path> file, Duration interval) {
    this.file = file;
    this.intervalNanos = interval.toNanos();
    this.nextCheck = new AtomicLong(System.nanoTime() + intervalNanos);
    this.stamp = file.map(CredentialsWatch::stamp).orElse("");
  }

  /** Returns the watch of {@code line}'s credentials file, its state taken now. */
  static CredentialsWatch of(CommandLine line) {
    return new CredentialsWatch(line.value("--credentials-file").map(Path::of),
        line.pacRefresh().orElse(DEFAULT_INTERVAL));
  }

  /**
   * Returns whether the file changed since the last check, when the interval passed and no other
   * thread is checking; a change is reported once.
   */
  boolean changed() {
    if (file.isEmpty()) {
      return false;
    }
    long now = System.nanoTime();
    long due = nextCheck.get();
    if (now - due < 0 || !nextCheck.compareAndSet(due, now + intervalNanos)) {
      return false;
    }
    String seen = stamp(file.get());
    if (seen.equals(stamp) || seen.startsWith(BEING_WRITTEN)) {
      return false;
    }
    stamp = seen;
    return true;
  }

  /**
   * Returns what identifies the file's version; a missing or unreadable one is a version too. An
   * empty file is taken for one being written (a shell's {@code >} or an editor truncates before
   * it writes) and waited out: applied, it would drop the running credentials for a moment.
   */
  private static String stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (a.isRegularFile() && a.size() == 0) {
        return BEING_WRITTEN;
      }
      return a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey();
    } catch (IOException e) {
      return "unreadable: " + e.getClass().getName();
    }
  }
}
