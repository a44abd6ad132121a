package io.github.proxyauth.cli;

import io.github.proxyauth.AuthListener;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * One configuration of {@code serve}, from its merged command line: where to listen, who may
 * connect, the engine (with the command's listeners) and discovery, the admin address, the access
 * log, the health URLs and the trust for https proxies ({@code --proxy-ca}; read at start only:
 * a reload keeps the first). The local password is a {@code char[]}; {@link #clear()} wipes it once
 * the relay has its copy.
 */
record ServeSettings(CommandLine line, InetSocketAddress listen, List<String> allow,
    Optional<LocalUser> localUser, Optional<InetSocketAddress> admin, String accessLog,
    List<URI> healthUrls, ProxyDiscovery discovery, ProxyAuthenticator engine,
    Optional<SSLContext> proxyTls) {
  static final String DEFAULT_HEALTH_URL = "https://example.com/";

  /** The credential clients must send to the local proxy; {@link #toString()} shows the user. */
  record LocalUser(String user, char[] password) {
    @Override
    public String toString() {
      return "LocalUser[" + user + "]";
    }
  }

  /**
   * Returns the settings of {@code line}, the engine reporting to {@code listener}.
   *
   * @throws UsageException when a non-loopback address is to be served without {@code --allow},
   *     or the admin endpoint would leave loopback
   */
  static ServeSettings from(CommandLine line, Env env, AuthListener listener,
      Consumer<String> warnings) throws ConfigException, UsageException {
    InetSocketAddress listen = line.value("--listen").isEmpty() ? resolve(ListenAddress.DEFAULT)
        : ListenAddress.parse("--listen", line.value("--listen").get(), "serve")
        .resolve("--listen");
    List<String> allow = line.list("--allow");
    if (!listen.getAddress().isLoopbackAddress() && allow.isEmpty()) {
      throw new UsageException("serve: expected --allow CIDR with the non-loopback --listen "
          + ListenAddress.display(listen) + " (without it anyone who reaches the port would use"
          + " your proxy credentials) but saw no --allow", "serve");
    }
    Optional<InetSocketAddress> admin = admin(line);
    Setup setup = Setup.from(line, env, warnings);
    List<URI> health = new ArrayList<>();
    for (String url : line.list("--health-url").isEmpty() ? List.of(DEFAULT_HEALTH_URL)
        : line.list("--health-url")) {
      health.add(Urls.parse(url, "serve"));
    }
    return new ServeSettings(line, listen, allow, localUser(line), admin,
        line.value("--access-log").orElse(AccessLog.STDERR), health, setup.discovery(),
        setup.engine().newBuilder().addListener(listener).build(), setup.proxyTls());
  }

  /** Returns whether clients from outside this machine may connect. */
  boolean gateway() {
    return !listen.getAddress().isLoopbackAddress();
  }

  /** Wipes the local password. */
  void clear() {
    localUser.ifPresent(u -> Arrays.fill(u.password(), '\0'));
  }

  private static Optional<InetSocketAddress> admin(CommandLine line)
      throws UsageException, ConfigException {
    if (line.value("--admin").isEmpty()) {
      return Optional.empty();
    }
    InetSocketAddress admin = ListenAddress.parse("--admin", line.value("--admin").get(), "serve")
        .resolve("--admin");
    if (!admin.getAddress().isLoopbackAddress()) {
      throw new UsageException("serve: expected a loopback --admin (127.0.0.1:PORT or"
          + " [::1]:PORT: the endpoint has no authentication) but saw "
          + ListenAddress.display(admin), "serve");
    }
    return Optional.of(admin);
  }

  private static Optional<LocalUser> localUser(CommandLine line) throws ConfigException {
    Optional<String> user = line.value("--local-user");
    if (user.isEmpty()) {
      return Optional.empty();
    }
    Path file = Path.of(line.value("--local-password-file").orElseThrow());
    return Optional.of(new LocalUser(user.get(),
        Setup.readPassword("--local-password-file", file)));
  }

  private static InetSocketAddress resolve(ListenAddress address) throws ConfigException {
    return address.resolve("--listen");
  }
}
