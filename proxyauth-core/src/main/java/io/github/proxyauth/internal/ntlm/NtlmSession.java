package io.github.proxyauth.internal.ntlm;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.Base64;
import java.util.Optional;

/** One NTLM handshake on one connection: NEW, then TYPE1_SENT, then TYPE3_SENT. Not thread-safe. */
final class NtlmSession implements AuthSession {
  private enum State { NEW, TYPE1_SENT, TYPE3_SENT }

  private final NtlmEngine engine;
  private final AuthContext context;
  private final Credentials credentials;
  private final Optional<String> workstation;
  private State state = State.NEW;
  private byte[] negotiate = new byte[0];

  NtlmSession(NtlmEngine engine, AuthContext context, Credentials credentials,
      Optional<String> workstation) {
    this.engine = engine;
    this.context = context;
    this.credentials = credentials;
    this.workstation = workstation;
  }

  @Override
  public Optional<String> preemptive() throws ProxyAuthException {
    return state == State.NEW ? Optional.of(sendNegotiate()) : Optional.empty();
  }

  @Override
  public String respond(Challenge challenge) throws ProxyAuthException {
    Optional<String> token = challenge.token68();
    if (token.isEmpty()) {
      if (state != State.NEW) {
        throw protocol("answered the NTLM " + (state == State.TYPE1_SENT ? "Type 1" : "Type 3")
            + " message with a bare NTLM challenge instead of a Type 2 message");
      }
      return sendNegotiate();
    }
    if (state != State.TYPE1_SENT) {
      throw protocol("sent an NTLM Type 2 message although this connection "
          + (state == State.NEW ? "has not sent a Type 1 message" : "already sent its Type 3"));
    }
    return sendAuthenticate(token.get());
  }

  @Override
  public boolean continues(Challenge challenge) {
    return state == State.TYPE1_SENT && challenge.token68().isPresent();
  }

  private String sendNegotiate() throws ProxyAuthException {
    negotiate = engine.negotiate();
    state = State.TYPE1_SENT;
    return "NTLM " + Base64.getEncoder().encodeToString(negotiate);
  }

  private String sendAuthenticate(String token68) throws ProxyAuthException {
    String proxy = context.scope().proxy();
    NtlmChallenge challenge = NtlmChallenge.decode(token68, proxy);
    byte[] type3 = engine.authenticate(negotiate, challenge, credentials,
        "HTTP/" + context.request().proxyHost(), workstation, context.random());
    state = State.TYPE3_SENT;
    return "NTLM " + Base64.getEncoder().encodeToString(type3);
  }

  private ProxyAuthException protocol(String what) {
    return new ProxyAuthException("Proxy " + context.scope().proxy() + " " + what
        + ": the proxy broke the NTLM handshake (MS-NLMP §1.3.1.1)");
  }

  @Override
  public String toString() {
    return "NtlmSession[" + state + ", user=" + credentials.user() + "]";
  }
}
