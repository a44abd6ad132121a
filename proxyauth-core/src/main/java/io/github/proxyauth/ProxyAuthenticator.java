package io.github.proxyauth;

import io.github.proxyauth.internal.engine.Engine;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The proxy authentication engine: given a proxy's {@code 407} challenges it picks the strongest
 * usable scheme, drives that scheme's handshake through an {@link AuthExchange} bound to one
 * connection, and remembers what worked per proxy so that later connections authenticate
 * preemptively.
 *
 * <p>Immutable configuration plus thread-safe caches: share one instance among all connections of
 * a client (OkHttp pools connections per authenticator instance). Build it with
 * {@link #builder()}:
 *
 * <pre>{@code
 * ProxyAuthenticator auth = ProxyAuthenticator.builder()
 *     .credentials(Credentials.of("CORP\\alice", password))
 *     .build();
 * }</pre>
 *
 * <p>Selection: the configured schemes in order of preference (by default Negotiate, NTLM, Digest,
 * Basic), restricted to those the proxy offers, that reach the minimum strength, and that have
 * credentials. Loop protection: an attempt cap per exchange, an immediate stop when the same
 * credentials are rejected again, and a per-scope back-off after repeated rejections.
 */
public final class ProxyAuthenticator {
  private final Builder config;
  private final AuthMetrics metrics = new AuthMetrics();
  private final Engine engine;

  private ProxyAuthenticator(Builder builder) {
    this.config = builder.copy();
    this.engine = new Engine(new Engine.Settings(config.provider, config.schemes,
        config.minimumStrength, config.maxAttempts, config.preemptive, config.lockoutRejections,
        config.lockoutBackoff, config.listeners, config.clock, config.random), metrics::record);
  }

  /** Returns a builder with the defaults described on {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this authenticator's configuration (not its caches). */
  public Builder newBuilder() {
    return config.copy();
  }

  /**
   * Returns a new exchange for one request on one connection. The caller keeps it for the life of
   * that handshake (OkHttp: in the request tag; a relay: per upstream connection).
   */
  public AuthExchange newExchange(AuthRequest request) {
    return engine.newExchange(request);
  }

  /** Returns the counters and timings of this authenticator, per proxy and scheme. */
  public AuthMetrics metrics() {
    return metrics;
  }

  /** Forgets what worked for every proxy: the next connections wait for a challenge again. */
  public void clearCache() {
    engine.clearCache();
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    config.schemes.forEach(s -> names.add(s.name()));
    return "ProxyAuthenticator[schemes=" + names + ", maxAttempts=" + config.maxAttempts + "]";
  }

  /**
   * Configures a {@link ProxyAuthenticator}. Defaults: no credentials, schemes Negotiate (default
   * ticket cache), NTLM, Digest, Basic in that order, no minimum strength, 6 attempts per
   * exchange, preemptive authentication on, back-off of 5 minutes after 3 consecutive rejections
   * in a scope, no listener, the system clock and a {@link SecureRandom}. Not thread-safe.
   */
  public static final class Builder {
    private CredentialProvider provider = CredentialProvider.NONE;
    private List<AuthScheme> schemes = AuthScheme.defaults();
    private int minimumStrength;
    private int maxAttempts = 6;
    private boolean preemptive = true;
    private int lockoutRejections = 3;
    private Duration lockoutBackoff = Duration.ofMinutes(5);
    private List<AuthListener> listeners = List.of();
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SecureRandom();

    private Builder() {}

    /** Sets where password credentials come from. */
    public Builder credentials(CredentialProvider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Uses {@code credentials} for every proxy this authenticator talks to. */
    public Builder credentials(Credentials credentials) {
      return credentials(CredentialProvider.of(credentials));
    }

    /** Sets the enabled schemes in order of preference, strongest first. */
    public Builder schemes(AuthScheme... schemes) {
      return schemes(List.of(schemes));
    }

    /** Sets the enabled schemes in order of preference, strongest first. */
    public Builder schemes(List<AuthScheme> schemes) {
      if (schemes.isEmpty()) {
        throw new IllegalArgumentException("at least one scheme is needed");
      }
      this.schemes = List.copyOf(schemes);
      return this;
    }

    /**
     * Refuses schemes weaker than {@code strength} (see {@link AuthScheme#BASIC_STRENGTH} and
     * friends) even when the proxy offers nothing else: a downgrade is reported, not performed.
     */
    public Builder minimumStrength(int strength) {
      this.minimumStrength = strength;
      return this;
    }

    /** Sets how many {@code Proxy-Authorization} values one exchange may send (at least 2). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 2) {
        throw new IllegalArgumentException("maxAttempts must be at least 2, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Turns preemptive authentication from the auth cache on or off. */
    public Builder preemptive(boolean preemptive) {
      this.preemptive = preemptive;
      return this;
    }

    /** Pauses a scope for {@code backoff} (doubling) after {@code rejections} consecutive rejections. */
    public Builder lockoutProtection(int rejections, Duration backoff) {
      if (rejections < 1 || backoff.isNegative()) {
        throw new IllegalArgumentException("rejections must be >= 1 and backoff >= 0");
      }
      this.lockoutRejections = rejections;
      this.lockoutBackoff = backoff;
      return this;
    }

    /** Sets the one listener that receives every {@link AuthEvent}, replacing any added before. */
    public Builder listener(AuthListener listener) {
      this.listeners = List.of(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a listener that receives every {@link AuthEvent}, after those added before (a metrics
     * bridge beside an audit log, say). A listener that throws does not stop the others.
     */
    public Builder addListener(AuthListener listener) {
      List<AuthListener> all = new ArrayList<>(listeners);
      all.add(Objects.requireNonNull(listener, "listener"));
      this.listeners = List.copyOf(all);
      return this;
    }

    /** Sets the clock (tests: a fixed clock makes timestamps reproducible). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the source of client nonces and challenges (tests: a seeded generator). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Returns the authenticator. */
    public ProxyAuthenticator build() {
      return new ProxyAuthenticator(this);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.provider = provider;
      b.schemes = schemes;
      b.minimumStrength = minimumStrength;
      b.maxAttempts = maxAttempts;
      b.preemptive = preemptive;
      b.lockoutRejections = lockoutRejections;
      b.lockoutBackoff = lockoutBackoff;
      b.listeners = listeners;
      b.clock = clock;
      b.random = random;
      return b;
    }
  }
}
