package io.github.proxyauth.cli;

import io.github.proxyauth.preflight.Preflight;
import io.github.proxyauth.preflight.PreflightReport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The {@code /healthz} verdict: a {@link Preflight} of the route to each health URL through the
 * current engine and discovery (every proxy of a fail-over list, a failing PAC script included),
 * run at start, after each reload and then every {@link #INTERVAL}, never per scrape. A scrape
 * waits for a check in progress, at most {@link #WAIT}. Reports never contain a secret.
 */
final class Health implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final Duration WAIT = Duration.ofSeconds(25);

  /** One verdict: ready or not, and the text that says why. */
  record Verdict(boolean ready, String text) {}

  private final Supplier<Preflight> preflight;
  private final List<URI> targets;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread thread = new Thread(r, "proxyauth-serve-health");
        thread.setDaemon(true);
        return thread;
      });
  private volatile CompletableFuture<Verdict> latest = new CompletableFuture<>();

  /** Starts checking {@code targets} with the preflight {@code preflight} returns each time. */
  Health(Supplier<Preflight> preflight, List<URI> targets) {
    this.preflight = preflight;
    this.targets = List.copyOf(targets);
    recheck();
    executor.scheduleWithFixedDelay(() -> latest = CompletableFuture.completedFuture(check()),
        INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks again now (after a reload); scrapes wait for this check. */
  void recheck() {
    CompletableFuture<Verdict> next = new CompletableFuture<>();
    latest = next;
    executor.execute(() -> next.complete(check()));
  }

  /** Returns the newest verdict, waiting at most {@code wait} for a check in progress. */
  Verdict verdict(Duration wait) {
    try {
      return latest.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Verdict(false, "not ready: the health check is still running after "
          + wait.toSeconds() + " s\n");
    } catch (ExecutionException e) {
      return new Verdict(false, "not ready: the health check failed: " + e.getCause() + "\n");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict(false, "not ready: interrupted\n");
    }
  }

  private Verdict check() {
    try {
      Preflight current = preflight.get().withTimeout(TIMEOUT);
      List<PreflightReport> failed = new ArrayList<>();
      StringBuilder passed = new StringBuilder();
      for (URI target : targets) {
        PreflightReport report = current.check(target);
        if (report.ok()) {
          passed.append("ok ").append(Urls.display(target)).append('\n');
        } else {
          failed.add(report);
        }
      }
      if (failed.isEmpty()) {
        return new Verdict(true, "ready\n" + passed);
      }
      StringBuilder text = new StringBuilder("not ready\n").append(passed);
      failed.forEach(text::append);
      return new Verdict(false, text.toString());
    } catch (RuntimeException e) {
      return new Verdict(false, "not ready: " + e.getMessage() + "\n");
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
