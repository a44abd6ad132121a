package io.github.proxyauth.spi;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What a scheme may use to answer: the request facts, the scope, the credentials for it, the
 * challenge cached from the last success (for preemptive answers), and the engine's injected clock
 * and randomness (so that published test vectors reproduce exactly). Immutable apart from the
 * shared nonce counters; thread-safe.
 */
public final class AuthContext {
  private final AuthRequest request;
  private final AuthScope scope;
  private final Optional<Credentials> credentials;
  private final Optional<Challenge> cachedChallenge;
  private final Clock clock;
  private final RandomGenerator random;
  private final ToIntFunction<String> nonceCounter;

  private AuthContext(Builder b) {
    this.request = b.request;
    this.scope = b.scope;
    this.credentials = b.credentials;
    this.cachedChallenge = b.cachedChallenge;
    this.clock = b.clock;
    this.random = b.random != null ? b.random : new SecureRandom();
    this.nonceCounter = b.nonceCounter != null ? b.nonceCounter : privateCounter();
  }

  /** Returns a builder for a context of {@code request} in {@code scope}. */
  public static Builder builder(AuthRequest request, AuthScope scope) {
    return new Builder(request, scope);
  }

  /** Returns the facts of the challenged request. */
  public AuthRequest request() {
    return request;
  }

  /** Returns the scope: proxy, scheme and realm. */
  public AuthScope scope() {
    return scope;
  }

  /** Returns the password credentials for the scope, or empty when none are configured. */
  public Optional<Credentials> credentials() {
    return credentials;
  }

  /** Returns the challenge that led to the last success in this scope, for preemptive answers. */
  public Optional<Challenge> cachedChallenge() {
    return cachedChallenge;
  }

  /** Returns the clock for timestamps (NTLM, nonce lifetimes). */
  public Clock clock() {
    return clock;
  }

  /** Returns the source of client nonces and challenges. */
  public RandomGenerator random() {
    return random;
  }

  /** Returns {@code n} bytes from {@link #random()}. */
  public byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * Returns the next nonce count (1, 2, ...) for a Digest {@code nonce}, shared by every connection
   * of the authenticator so a reused nonce never repeats a count.
   */
  public int nextNonceCount(String nonce) {
    return nonceCounter.applyAsInt(nonce);
  }

  private static ToIntFunction<String> privateCounter() {
    ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    return nonce -> counts.computeIfAbsent(nonce, n -> new AtomicInteger()).incrementAndGet();
  }

  /** Builds an {@link AuthContext}; defaults: no credentials, system UTC clock, a SecureRandom. */
  public static final class Builder {
    private final AuthRequest request;
    private final AuthScope scope;
    private Optional<Credentials> credentials = Optional.empty();
    private Optional<Challenge> cachedChallenge = Optional.empty();
    private Clock clock = Clock.systemUTC();
    // Created in build() only when not supplied: the engine supplies both on its hot path, and a
    // SecureRandom per context would cost more than the whole Basic answer.
    private @Nullable RandomGenerator random;
    private @Nullable ToIntFunction<String> nonceCounter;

    private Builder(AuthRequest request, AuthScope scope) {
      this.request = Objects.requireNonNull(request, "request");
      this.scope = Objects.requireNonNull(scope, "scope");
    }

    /** Sets the credentials; empty means none. */
    public Builder credentials(Optional<Credentials> credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Sets the challenge cached from the last success. */
    public Builder cachedChallenge(Optional<Challenge> cachedChallenge) {
      this.cachedChallenge = Objects.requireNonNull(cachedChallenge, "cachedChallenge");
      return this;
    }

    /** Sets the clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the randomness source. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets where Digest nonce counts come from: given a nonce, the next count (1, 2, ...). The
     * engine shares one counter per authenticator so a reused nonce never repeats a count; by
     * default the context has a counter of its own.
     */
    public Builder nonceCounter(ToIntFunction<String> nonceCounter) {
      this.nonceCounter = Objects.requireNonNull(nonceCounter, "nonceCounter");
      return this;
    }

    /** Returns the context. */
    public AuthContext build() {
      return new AuthContext(this);
    }
  }
}
