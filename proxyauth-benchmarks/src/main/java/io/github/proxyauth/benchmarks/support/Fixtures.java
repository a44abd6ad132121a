package io.github.proxyauth.benchmarks.support;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import java.net.URI;
import java.util.Optional;

/** The fixed user, proxy and request every benchmark uses, so numbers compare like with like. */
public final class Fixtures {
  /** The user the test proxies know. */
  public static final String USER = "alice";
  /** Her password (a benchmark value, not a secret). */
  public static final String PASSWORD = "Bench-Pw-4711";
  /** The NTLM domain of the test proxy. */
  public static final String DOMAIN = "BENCH";
  /** The realm of Basic and Digest challenges. */
  public static final String REALM = "bench@proxy";
  /** The proxy host used by engine-only benchmarks (no network). */
  public static final String PROXY_HOST = "proxy.bench.test";
  /** Its port. */
  public static final int PROXY_PORT = 3128;

  private Fixtures() {}

  /** Returns fresh credentials of {@link #USER}. */
  public static Credentials credentials() {
    return Credentials.of(USER, PASSWORD.toCharArray());
  }

  /** Returns the forwarded GET that engine-only benchmarks authenticate. */
  public static AuthRequest request() {
    return AuthRequest.forward(PROXY_HOST, PROXY_PORT, "GET",
        URI.create("http://origin.bench.test/index.html"));
  }

  /** Returns a context for {@code scheme} at the engine-only proxy with {@link #credentials()}. */
  public static AuthContext context(String scheme) {
    return AuthContext.builder(request(), new AuthScope(PROXY_HOST, PROXY_PORT, scheme,
        Optional.of(REALM))).credentials(Optional.of(credentials())).build();
  }
}
