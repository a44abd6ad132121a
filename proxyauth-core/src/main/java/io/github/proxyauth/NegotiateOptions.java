package io.github.proxyauth;

import io.github.proxyauth.internal.negotiate.KerberosSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of Negotiate (RFC 4559): where the Kerberos credentials come from,
 * which service principal to ask a ticket for, and the GSS mechanism.
 *
 * <p>Service principal: by default {@code HTTP@<proxy host>} as configured (a host-based service
 * name; the JDK maps it to {@code HTTP/<host>@REALM}). A proxy given as an IP address rarely has
 * such a principal: configure it by host name, set {@link Builder#servicePrincipal(String)}, or
 * turn on {@link Builder#canonicalizeHost(boolean)}, which looks the host up forward and reverse
 * in DNS (as browsers do) and asks for {@code HTTP/<canonical name>}.
 *
 * <p>Kerberos configuration is JVM-wide: the JDK reads the file named by the system property
 * {@code java.security.krb5.conf} (it ignores {@code KRB5_CONFIG}) and caches it, so there is no
 * per-authenticator setting. Set the property before the first Kerberos use.
 *
 * <p>Credentials are never delegated to the proxy. Instances are immutable and thread-safe.
 */
public final class NegotiateOptions {
  private final KerberosLogin login;
  private final Optional<String> servicePrincipal;
  private final boolean canonicalizeHost;
  private final Mechanism mechanism;
  private final boolean requireMutualAuth;

  /** The GSS-API mechanism of the tokens. */
  public enum Mechanism {
    /** SPNEGO (OID 1.3.6.1.5.5.2) wrapping Kerberos, as RFC 4559 specifies; the default. */
    SPNEGO,
    /** Raw Kerberos 5 tokens (OID 1.2.840.113554.1.2.2), for proxies that want them. */
    KERBEROS
  }

  private NegotiateOptions(Builder b) {
    this.login = b.login;
    this.servicePrincipal = b.servicePrincipal;
    this.canonicalizeHost = b.canonicalizeHost;
    this.mechanism = b.mechanism;
    this.requireMutualAuth = b.requireMutualAuth;
  }

  /** Returns the defaults: the default ticket cache, SPNEGO, {@code HTTP@<proxy host>}. */
  public static NegotiateOptions defaults() {
    return builder().build();
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this configuration. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.login = login;
    b.servicePrincipal = servicePrincipal;
    b.canonicalizeHost = canonicalizeHost;
    b.mechanism = mechanism;
    b.requireMutualAuth = requireMutualAuth;
    return b;
  }

  /** Returns where the Kerberos credentials come from. */
  public KerberosLogin login() {
    return login;
  }

  /** Returns the service principal override; empty means {@code HTTP@<proxy host>}. */
  public Optional<String> servicePrincipal() {
    return servicePrincipal;
  }

  /** Returns whether the proxy host is canonicalized through DNS before naming the principal. */
  public boolean canonicalizeHost() {
    return canonicalizeHost;
  }

  /** Returns the GSS-API mechanism. */
  public Mechanism mechanism() {
    return mechanism;
  }

  /** Returns whether a success without the proxy's mutual-authentication token is refused. */
  public boolean requireMutualAuth() {
    return requireMutualAuth;
  }

  KerberosSource spec() {
    return login.spec();
  }

  @Override
  public String toString() {
    return "NegotiateOptions[login=" + login.source() + ", servicePrincipal="
        + servicePrincipal.orElse("HTTP@<proxy host>") + ", canonicalizeHost=" + canonicalizeHost
        + ", mechanism=" + mechanism + ", requireMutualAuth=" + requireMutualAuth + "]";
  }

  /** Builds {@link NegotiateOptions}. Not thread-safe. */
  public static final class Builder {
    private KerberosLogin login = KerberosLogin.defaultTicketCache();
    private Optional<String> servicePrincipal = Optional.empty();
    private boolean canonicalizeHost;
    private Mechanism mechanism = Mechanism.SPNEGO;
    private boolean requireMutualAuth;

    private Builder() {}

    /** Sets where the Kerberos credentials come from; default {@link KerberosLogin#defaultTicketCache()}. */
    public Builder login(KerberosLogin login) {
      this.login = Objects.requireNonNull(login, "login");
      return this;
    }

    /**
     * Sets the service principal to ask a ticket for, as a Kerberos name ({@code
     * HTTP/proxy.example.com} or {@code HTTP/proxy.example.com@EXAMPLE.COM}) or a host-based
     * service name ({@code HTTP@proxy.example.com}).
     *
     * @throws IllegalArgumentException when the name has neither '/' nor '@'
     */
    public Builder servicePrincipal(String principal) {
      KerberosSource.checkPrincipal(principal);
      if (principal.indexOf('/') < 0 && principal.indexOf('@') < 0) {
        throw new IllegalArgumentException("service principal must look like HTTP/host[@REALM] or"
            + " HTTP@host, got '" + principal + "'");
      }
      this.servicePrincipal = Optional.of(principal);
      return this;
    }

    /** Sets whether to canonicalize the proxy host by forward and reverse DNS; default false. */
    public Builder canonicalizeHost(boolean canonicalizeHost) {
      this.canonicalizeHost = canonicalizeHost;
      return this;
    }

    /** Sets the GSS-API mechanism; default {@link Mechanism#SPNEGO}. */
    public Builder mechanism(Mechanism mechanism) {
      this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
      return this;
    }

    /**
     * Sets whether success needs the proxy's final token proving its identity; default false,
     * because many proxies (Squid among them) never send it.
     */
    public Builder requireMutualAuth(boolean requireMutualAuth) {
      this.requireMutualAuth = requireMutualAuth;
      return this;
    }

    /** Returns the options. */
    public NegotiateOptions build() {
      return new NegotiateOptions(this);
    }
  }
}
