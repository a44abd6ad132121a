package io.github.proxyauth.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code proxyauth serve}: a long-lived local proxy ({@link Server}) until SIGTERM or SIGINT,
 * which drain in-flight requests for at most {@link #DRAIN} and then exit 0; SIGHUP reloads.
 * Start-up and reload problems are reported with what was expected and seen, never a secret; the
 * local proxy's warnings go to stderr, one line each ({@link RelayWarnings}).
 */
final class Serve {
  static final Duration DRAIN = Duration.ofSeconds(10);
  private final Terminal terminal;
  private final Env env;
  private final Signals signals;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  Serve(Terminal terminal, Env env, Signals signals) {
    this.terminal = terminal;
    this.env = env;
    this.signals = signals;
  }

  int run(CommandLine flags) throws UsageException {
    if (flags.help()) {
      terminal.out().print(Usage.SERVE);
      return ExitCodes.OK;
    }
    try (RelayWarnings warnings = RelayWarnings.install(terminal.err())) {
      return serve(flags);
    }
  }

  private int serve(CommandLine flags) throws UsageException {
    Server server;
    try {
      server = Server.start(flags, env, terminal);
    } catch (ConfigException e) {
      Text.wrap(terminal.err(), "proxyauth serve: ", e.getMessage());
      return ExitCodes.CONFIG;
    }
    try {
      String installed = signals.install(stopRequested::countDown, server::reload, this::await);
      server.announce(installed);
      awaitStopRequest();
      terminal.err().println("proxyauth serve: draining in-flight requests (at most "
          + DRAIN.toSeconds() + " s)");
      boolean drained = server.stop(DRAIN);
      terminal.err().println("proxyauth serve: stopped" + (drained ? " after draining in-flight"
          + " requests" : "; requests still in flight after " + DRAIN.toSeconds()
          + " s were cut"));
      return ExitCodes.OK;
    } finally {
      stopped.countDown();
    }
  }

  /** Waits for a stop request; an interrupt counts as one. */
  private void awaitStopRequest() {
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void await(Duration timeout) {
    try {
      stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
