package io.github.proxyauth.benchmarks.support;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.testkit.internal.NtlmServerScheme;
import io.github.proxyauth.testkit.internal.ServerConnection;
import io.github.proxyauth.testkit.internal.ServerRequest;
import io.github.proxyauth.testkit.internal.UserStore;
import io.github.proxyauth.testkit.internal.Verdict;

/**
 * Returns the test kit's independent server-side NTLM: a realistic Type 2 for benchmarks that
 * answer a fixed one, and a check that a Type 3 really authenticates.
 */
public final class NtlmFixture {
  private static final ServerRequest CONNECT = new ServerRequest("CONNECT", "origin:443");
  private final NtlmServerScheme server;

  /** Returns a server that knows {@link Fixtures#USER} in {@link Fixtures#DOMAIN}. */
  public NtlmFixture() {
    UserStore users = new UserStore();
    users.put(Fixtures.USER, Fixtures.PASSWORD);
    server = new NtlmServerScheme(users, Fixtures.DOMAIN);
  }

  /** Returns the server's Type 2 (base64, no scheme) answering {@code type1Header} on {@code c}. */
  public String type2(String type1Header, ServerConnection c) {
    Verdict v = server.verify(type1Header.substring(5), CONNECT, c);
    if (!(v instanceof Verdict.Continue next)) {
      throw new IllegalStateException("Expected a Type 2 but the test kit said " + v);
    }
    return next.proxyAuthenticate().substring(5);
  }

  /** Returns a Type 2 (base64) produced for a Type 1 of proxyauth's NTLM scheme. */
  public String type2() throws ProxyAuthException {
    AuthSession session = AuthScheme.ntlm().newSession(Fixtures.context("NTLM"));
    return type2(session.respond(Challenge.of("NTLM")), new ServerConnection(1));
  }

  /** Returns whether a full handshake of {@code scheme}'s session is accepted by the server. */
  public boolean accepts(AuthSession session) throws ProxyAuthException {
    ServerConnection c = new ServerConnection(2);
    String type2 = type2(session.respond(Challenge.of("NTLM")), c);
    String type3 = session.respond(Challenge.ofToken68("NTLM", type2));
    return server.verify(type3.substring(5), CONNECT, c) instanceof Verdict.Accepted;
  }
}
