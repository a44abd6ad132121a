package io.github.proxyauth.testkit;

import io.github.proxyauth.testkit.internal.ProxyServer;
import io.github.proxyauth.testkit.internal.UserStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Returns, once built, a running authenticating HTTP/1.1 forward proxy on 127.0.0.1 for tests: a
 * MockWebServer for proxies. It forwards absolute-form requests ({@code GET http://host/path})
 * to their origins over its own connections, opens CONNECT tunnels, checks Basic (RFC 7617),
 * Digest (RFC 7616), NTLMv2 (MS-NLMP) and Negotiate (RFC 4559) credentials itself, records every
 * request and connection, and injects {@link Fault faults} on demand.
 *
 * <p>{@link Builder#build()} binds a free port and starts serving before it returns; {@link
 * #close()} closes every socket and joins every thread it started (daemon threads named {@code
 * testproxy-<port>-<n>}).
 *
 * <p>Authentication. With no scheme configured every request passes. Otherwise a 407 carries one
 * {@code Proxy-Authenticate} field per scheme, in the order the builder's scheme methods were
 * called. Basic, Digest and Negotiate must authenticate every request (as Squid does); NTLM
 * authenticates the TCP connection, so later requests on it pass without a header. A CONNECT
 * authenticates once for the whole tunnel. {@code Proxy-Authorization} and other hop-by-hop
 * fields never reach an origin.
 *
 * <p>HTTP/1.0 clients are served, one request per connection. Bodies may use Content-Length or
 * chunked coding both ways; {@code Expect: 100-continue} is answered by the proxy itself.
 *
 * <p>Thread-safe. User changes and fault changes apply to requests that arrive afterwards.
 */
public final class TestProxy implements AutoCloseable {
  /** How long {@link #takeRequest()} waits. */
  public static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

  private final ProxyServer server;
  private final UserStore users;

  TestProxy(ProxyServer server, UserStore users) {
    this.server = server;
    this.users = users;
  }

  /** Returns a builder for a proxy without authentication, faults or reply delay. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the bound address: 127.0.0.1 and {@link #port()}. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** Returns the bound port. */
  public int port() {
    return address().getPort();
  }

  /** Returns {@code http://127.0.0.1:<port>/}, the proxy's URL for clients that take one. */
  public URI url() {
    return URI.create("http://" + address().getAddress().getHostAddress() + ":" + port() + "/");
  }

  /** Returns a {@link Proxy} of type HTTP for {@link #address()}. */
  public Proxy proxy() {
    return new Proxy(Proxy.Type.HTTP, address());
  }

  /** Sets or replaces the password of {@code user} (password rotation while running). */
  public void setPassword(String user, String password) {
    users.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
  }

  /** Removes {@code user}; does nothing if the user is unknown. */
  public void removeUser(String user) {
    users.remove(Objects.requireNonNull(user, "user"));
  }

  /** Replaces the injected faults from now on; no arguments clears them. */
  public void injectFaults(Fault... faults) {
    server.faults(Set.of(faults));
  }

  /** Returns the faults injected now; empty if none. */
  public Set<Fault> faults() {
    return server.faults();
  }

  /**
   * Returns the oldest request not taken yet, waiting up to {@link #DEFAULT_TAKE_TIMEOUT}.
   *
   * @throws IllegalStateException when no request arrives in time
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public RecordedRequest takeRequest() throws InterruptedException {
    return takeRequest(DEFAULT_TAKE_TIMEOUT).orElseThrow(() -> new IllegalStateException(
        "Expected a request at TestProxy " + url() + " within " + DEFAULT_TAKE_TIMEOUT
            + ", got none (" + requestCount() + " received in all)"));
  }

  /**
   * Returns the oldest request not taken yet, waiting up to {@code timeout}; empty if none arrived.
   * Requests come in arrival order; each is returned once.
   */
  public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
    return server.recorder().take(Objects.requireNonNull(timeout, "timeout"));
  }

  /** Returns how many requests arrived, taken or not. */
  public int requestCount() {
    return requests().size();
  }

  /** Returns how many TCP connections were accepted, refused ones included. */
  public int connectionCount() {
    return connections().size();
  }

  /** Returns every request so far in arrival order, taken or not; empty if none. */
  public List<RecordedRequest> requests() {
    return server.recorder().requests();
  }

  /** Returns every accepted connection so far in accept order; empty if none. */
  public List<RecordedConnection> connections() {
    return server.recorder().connections();
  }

  /** Closes the port and every connection and tunnel, and joins the proxy's threads. */
  @Override
  public void close() {
    server.close();
  }

  /** Returns the proxy URL. */
  @Override
  public String toString() {
    return "TestProxy{" + url() + "}";
  }

  /**
   * Returns, as a builder, the configuration of one {@link TestProxy}. Scheme methods add a scheme
   * once each; their call order is the order of the {@code Proxy-Authenticate} fields. Not
   * thread-safe.
   */
  public static final class Builder {
    private final ProxyBuilderState state = new ProxyBuilderState();

    Builder() {}

    /** Returns this builder with {@code user} accepted under {@code password} by every scheme. */
    public Builder user(String user, String password) {
      state.users.put(Objects.requireNonNull(user, "user"),
          Objects.requireNonNull(password, "password"));
      return this;
    }

    /** Returns this builder with Basic (RFC 7617) in realm {@code realm}. */
    public Builder basic(String realm) {
      state.add("basic", Objects.requireNonNull(realm, "realm"));
      return this;
    }

    /**
     * Returns this builder with the Basic challenge carrying {@code charset="UTF-8"} (RFC 7617
     * §2.1); then only UTF-8 credentials are accepted. Without it, UTF-8 and ISO-8859-1 are.
     */
    public Builder basicCharsetUtf8() {
      state.basicUtf8 = true;
      return this;
    }

    /**
     * Returns this builder with Digest (RFC 7616) in realm {@code realm}. Defaults (Squid's):
     * algorithm MD5, qop auth, nonces stale after 30 minutes or 50 uses, no userhash.
     */
    public Builder digest(String realm) {
      state.add("digest", Objects.requireNonNull(realm, "realm"));
      return this;
    }

    /**
     * Returns this builder announcing one Digest challenge per algorithm, in this order: MD5,
     * MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess (any case).
     */
    public Builder digestAlgorithms(String... algorithms) {
      state.digestAlgorithms = List.of(algorithms);
      return this;
    }

    /** Returns this builder offering these qop values (auth, auth-int); none means no qop. */
    public Builder digestQop(String... qops) {
      state.digestQops = List.of(qops);
      return this;
    }

    /** Returns this builder announcing {@code userhash=true} (RFC 7616 §3.4.4). */
    public Builder digestUserhash() {
      state.digestUserhash = true;
      return this;
    }

    /**
     * Returns this builder with Digest nonces that go stale after {@code lifetime} or {@code
     * maxUses} accepted uses; a correct answer with a stale nonce gets {@code stale=true}. As
     * Squid does, the response to a forwarded request on a nonce's last use carries the next one
     * ({@code Proxy-Authentication-Info: nextnonce="..."}); a 200 to CONNECT carries none.
     */
    public Builder digestNonceLimits(Duration lifetime, int maxUses) {
      state.nonceLifetime = Objects.requireNonNull(lifetime, "lifetime");
      state.nonceMaxUses = maxUses;
      return this;
    }

    /** Returns this builder with NTLMv2 (MS-NLMP) for users of domain {@code domain}. */
    public Builder ntlm(String domain) {
      state.add("ntlm", Objects.requireNonNull(domain, "domain"));
      return this;
    }

    /**
     * Returns this builder with Negotiate (RFC 4559, Kerberos via SPNEGO) accepting tickets for
     * {@code servicePrincipal} (for example {@code HTTP/localhost@EXAMPLE.TEST}), whose keys are
     * in {@code keytab} (see {@link TestKdc#createServicePrincipal}).
     */
    public Builder negotiate(java.nio.file.Path keytab, String servicePrincipal) {
      state.keytab = Objects.requireNonNull(keytab, "keytab");
      state.add("negotiate", Objects.requireNonNull(servicePrincipal, "servicePrincipal"));
      return this;
    }

    /**
     * Returns this builder with Negotiate wanting a token with every request, like a proxy that
     * does not keep connections authenticated. By default a Negotiate success authenticates the
     * connection, as in Squid: later requests on it pass without a header.
     */
    public Builder negotiatePerRequest() {
      state.negotiateConnectionBound = false;
      return this;
    }

    /** Returns this builder with {@code faults} added to the injected faults. */
    public Builder fault(Fault... faults) {
      state.faults.addAll(Arrays.asList(faults));
      return this;
    }

    /** Returns this builder waiting {@code delay} before every response head (slow replies). */
    public Builder replyDelay(Duration delay) {
      state.replyDelay = nonNegative(delay, "replyDelay");
      return this;
    }

    /** Returns this builder with this read and connect timeout on every socket (default 30 s). */
    public Builder timeout(Duration timeout) {
      state.timeout = nonNegative(timeout, "timeout");
      return this;
    }

    /**
     * Returns a started proxy bound to 127.0.0.1 on a free port.
     *
     * @throws IOException when no port can be bound
     * @throws IllegalArgumentException when the Digest options are invalid
     */
    public TestProxy build() throws IOException {
      return new TestProxy(ProxyServer.start(state.config()), state.users);
    }

    private static Duration nonNegative(Duration d, String name) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("Expected a non-negative " + name + ", got " + d);
      }
      return d;
    }
  }
}
