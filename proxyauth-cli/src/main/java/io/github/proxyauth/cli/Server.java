package io.github.proxyauth.cli;

import io.github.proxyauth.AuthListener;
import io.github.proxyauth.discovery.Route;
import io.github.proxyauth.preflight.Preflight;
import io.github.proxyauth.relay.AccessLogEntry;
import io.github.proxyauth.relay.LocalProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One running {@code serve}: the {@link LocalProxy}, its access log and metrics, the admin
 * endpoint with its health checks, and the settings in force. {@link #reload()} applies a
 * re-read configuration to new requests; a failed reload keeps the running one. Thread-safe.
 */
final class Server {
  private final CommandLine flags;
  private final Env env;
  private final Terminal terminal;
  private final ServeMetrics metrics;
  private final LocalProxy proxy;
  private final Optional<Health> health;
  private final Optional<Admin> admin;
  private volatile ServeSettings current;
  private volatile AccessLog accessLog;
  private volatile CredentialsWatch credentials;
  private volatile boolean draining;

  private Server(CommandLine flags, Env env, Terminal terminal, ServeMetrics metrics,
      ServeSettings settings) throws ConfigException {
    this.flags = flags;
    this.env = env;
    this.terminal = terminal;
    this.metrics = metrics;
    this.current = settings;
    this.credentials = CredentialsWatch.of(settings.line());
    this.accessLog = AccessLog.open(settings.accessLog(), terminal.err());
    try {
      this.proxy = bind(settings);
    } catch (ConfigException e) {
      accessLog.close();
      throw e;
    }
    this.health = settings.admin().map(a -> new Health(this::preflight, settings.healthUrls()));
    this.admin = startAdmin(settings.admin());
    settings.clear();
  }

  /** Returns a server for {@code flags} (and its config file), listening now. */
  static Server start(CommandLine flags, Env env, Terminal terminal)
      throws ConfigException, UsageException {
    ServeMetrics metrics = new ServeMetrics();
    return new Server(flags, env, terminal, metrics,
        settings(ServeConfig.merge(flags), env, terminal, metrics));
  }

  /** Prints the start-up line (and the gateway warning); never a secret. */
  void announce(String signals) {
    ServeSettings s = current;
    if (s.gateway()) {
      terminal.err().println(terminal.red("proxyauth serve: WARNING: GATEWAY MODE: clients from "
          + String.join(", ", s.allow()) + " can use this proxy, and with it YOUR upstream"
          + " credentials" + (s.localUser().isEmpty() ? ", without a local password (set"
          + " --local-user and --local-password-file)" : "")));
    }
    terminal.out().println("proxyauth serve: listening on " + ListenAddress.display(
        proxy.address()) + (s.gateway() ? " (gateway for " + String.join(", ", s.allow()) + ")"
        : " (loopback only)") + "; " + ServeText.route(s) + "; " + ServeText.schemes(s)
        + admin.map(a -> "; admin http://" + ListenAddress.display(a.address()) + "/")
        .orElse("") + "; access log " + describe(s.accessLog()) + "; " + signals);
    terminal.out().flush();
  }

  /** Re-reads the config file and applies it to new requests; keeps the old one on error. */
  void reload() {
    reload("");
  }

  /**
   * Re-reads the config file, {@code why} (empty for SIGHUP), and applies it to new requests;
   * keeps the old one on error.
   */
  private synchronized void reload(String why) {
    try {
      CommandLine line = ServeConfig.merge(flags);
      CredentialsWatch watch = CredentialsWatch.of(line); // before the file is read
      ServeSettings next = settings(line, env, terminal, metrics);
      restartNeeded("--listen", Optional.of(current.listen()), Optional.of(next.listen()));
      restartNeeded("--admin", current.admin(), next.admin());
      AccessLog log = next.accessLog().equals(accessLog.where()) ? accessLog
          : AccessLog.open(next.accessLog(), terminal.err());
      proxy.reconfigure(relaySettings(next));
      next.clear();
      if (log != accessLog) {
        AccessLog old = accessLog;
        accessLog = log;
        old.close();
      } else {
        log.reopen();
      }
      current = next;
      credentials = watch;
      health.ifPresent(Health::recheck);
      metrics.reloaded(true);
      terminal.err().println("proxyauth serve: reloaded" + why + "; " + ServeText.route(next)
          + "; " + ServeText.schemes(next));
    } catch (ConfigException | UsageException | RuntimeException e) {
      metrics.reloaded(false);
      Text.wrap(terminal.err(), "proxyauth serve: reload" + why + " failed, still serving the"
          + " previous configuration: ", e.getMessage());
    }
  }

  /** Stops accepting, drains for at most {@code timeout}, closes; true when all finished. */
  boolean stop(Duration timeout) {
    draining = true;
    try {
      return proxy.drain(timeout);
    } finally {
      proxy.close();
      admin.ifPresent(Admin::close);
      health.ifPresent(Health::close);
      accessLog.close();
    }
  }

  private void restartNeeded(String option, Optional<InetSocketAddress> running,
      Optional<InetSocketAddress> configured) {
    if (!configured.equals(running)) {
      terminal.err().println("proxyauth serve: " + option + " changed to "
          + configured.map(ListenAddress::display).orElse("off") + ": restart to apply it (still "
          + running.map(ListenAddress::display).orElse("off") + ")");
    }
  }

  /** Returns the settings of {@code line}, the flags merged with the config file. */
  private static ServeSettings settings(CommandLine line, Env env, Terminal terminal,
      ServeMetrics metrics) throws ConfigException, UsageException {
    AuthListener verbose = new Verbose(terminal.err());
    AuthListener listener = line.flag("--verbose") ? event -> {
      metrics.onEvent(event);
      verbose.onEvent(event);
    } : metrics;
    return ServeSettings.from(line, env, listener,
        w -> Text.wrap(terminal.err(), "proxyauth serve: warning: ", w));
  }

  private LocalProxy bind(ServeSettings settings) throws ConfigException {
    try {
      LocalProxy.Builder builder = LocalProxy.builder(relaySettings(settings))
          .listen(settings.listen()).accessLog(this::logged).proxyTlsRemedy(ProxyCa.REMEDY);
      settings.proxyTls().ifPresent(builder::proxyTls); // --proxy-ca: trust for https proxies
      return builder.build();
    } catch (IOException e) {
      throw new ConfigException("--listen " + ListenAddress.display(settings.listen())
          + ": cannot listen (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static LocalProxy.Settings relaySettings(ServeSettings s) {
    LocalProxy.Settings.Builder b = LocalProxy.Settings.builder(s.engine())
        .upstream(s.discovery());
    s.allow().forEach(b::allow);
    s.localUser().ifPresent(u -> b.localCredentials(u.user(), u.password()));
    return b.build();
  }

  private void logged(AccessLogEntry entry) {
    metrics.record(entry);
    accessLog.accept(entry);
    if (credentials.changed()) { // the engine keeps credentials that work: apply a change
      reload(" after a change of the credentials file");
    }
  }

  private Optional<Admin> startAdmin(Optional<InetSocketAddress> address) throws ConfigException {
    if (address.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Admin.start(address.get(), new Admin.Source() {
        @Override
        public Health.Verdict health() {
          return draining ? new Health.Verdict(false, "not ready: draining\n")
              : Server.this.health.orElseThrow().verdict(Health.WAIT);
        }

        @Override
        public String metrics() {
          return metrics.text(proxy.stats());
        }

        @Override
        public Route explain(URI uri) {
          return current.discovery().explain(uri);
        }
      }));
    } catch (IOException e) {
      proxy.close();
      health.ifPresent(Health::close);
      accessLog.close();
      throw new ConfigException("--admin " + ListenAddress.display(address.get())
          + ": cannot listen (" + e.getMessage() + ")");
    }
  }

  private Preflight preflight() {
    ServeSettings s = current;
    return Preflight.of(s.engine(), s.discovery());
  }

  private static String describe(String accessLog) {
    return switch (accessLog) {
      case AccessLog.STDERR -> "stderr";
      case AccessLog.NONE -> "off";
      default -> accessLog;
    };
  }
}
