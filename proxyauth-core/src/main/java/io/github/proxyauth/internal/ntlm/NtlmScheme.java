package io.github.proxyauth.internal.ntlm;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import java.util.Objects;
import java.util.Optional;

/**
 * NTLM (MS-NLMP), NTLMv2 only, for proxies: a connection-bound three-leg handshake (Type 1, the
 * proxy's Type 2, Type 3). Stateless and thread-safe; each connection gets an {@link NtlmSession}.
 */
public final class NtlmScheme implements AuthScheme {
  private final NtlmEngine engine;
  private final Optional<String> workstation;

  private NtlmScheme(NtlmEngine engine, Optional<String> workstation) {
    this.engine = engine;
    this.workstation = workstation;
  }

  /** Returns NTLM sending {@code workstation} (empty: none) in the Type 3 message. */
  public static NtlmScheme create(Optional<String> workstation) {
    Objects.requireNonNull(workstation, "workstation");
    workstation.ifPresent(NtlmScheme::checkWorkstation);
    return new NtlmScheme(JcifsNtlmEngine.INSTANCE, workstation);
  }

  @Override
  public String name() {
    return "ntlm";
  }

  @Override
  public int strength() {
    return NTLM_STRENGTH;
  }

  @Override
  public boolean connectionBound() {
    return true;
  }

  @Override
  public AuthSession newSession(AuthContext context) throws ProxyAuthException {
    Credentials credentials = context.credentials()
        .orElseThrow(() -> new ProxyAuthException("NTLM needs credentials for "
            + context.scope().proxy() + ": configure a user (DOMAIN\\user or user@domain) and"
            + " password"));
    return new NtlmSession(engine, context, credentials, workstation);
  }

  @Override
  public String toString() {
    return "NtlmScheme[workstation=" + workstation.orElse("(none)") + "]";
  }

  private static void checkWorkstation(String name) {
    if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("workstation must be 1 to 255 characters without control"
          + " characters, got '" + name.replaceAll("\\p{Cntrl}", "?") + "'");
    }
  }
}
