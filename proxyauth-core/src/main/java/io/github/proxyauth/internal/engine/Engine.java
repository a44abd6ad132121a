package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthListener;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.Challenge;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The engine behind {@code ProxyAuthenticator}: its settings, the credential store, the lockout,
 * the auth cache of what worked per proxy, and the one place events leave from. Thread-safe.
 */
public final class Engine {
  static final System.Logger LOG = System.getLogger("io.github.proxyauth");

  /** The engine's immutable configuration, as the public builder collected it. */
  public record Settings(CredentialProvider provider, List<AuthScheme> schemes,
      int minimumStrength, int maxAttempts, boolean preemptive, int lockoutRejections,
      Duration lockoutBackoff, List<AuthListener> listeners, Clock clock, RandomGenerator random) {
    public Settings {
      schemes = List.copyOf(schemes);
      listeners = List.copyOf(listeners);
    }
  }

  /** What worked last time for a proxy: the scheme and the challenge it answered. */
  record CachedAuth(AuthScheme scheme, AuthScope scope, Challenge challenge) {}

  /** More idle nonces than parallel connections are of no use; old ones are the first dropped. */
  static final int MAX_IDLE_CHALLENGES = 64;

  private final Settings settings;
  private final Consumer<AuthEvent> metrics;
  private final CredentialStore credentials;
  private final Lockout lockout;
  private final ConcurrentMap<String, CachedAuth> authCache = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> nonceCounts = new ConcurrentHashMap<>();
  /** Per proxy, the idle challenges of a {@link AuthScheme#cachedChallengeExclusive()} scheme. */
  private final ConcurrentMap<String, ConcurrentLinkedDeque<Challenge>> idle =
      new ConcurrentHashMap<>();
  /** "proxy scheme" pairs whose proxy wants an answer per request from an optional binding. */
  private final Set<String> perRequest = ConcurrentHashMap.newKeySet();

  public Engine(Settings settings, Consumer<AuthEvent> metrics) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.lockout = new Lockout(settings.lockoutRejections(), settings.lockoutBackoff(),
        settings.clock());
    this.credentials = new CredentialStore(settings.provider(), lockout::mark);
  }

  /** Returns the schemes every authenticator uses unless told otherwise, strongest first. */
  public static List<AuthScheme> defaultSchemes() {
    return DefaultSchemes.all();
  }

  public Settings settings() {
    return settings;
  }

  /** Returns a new exchange for one request on one connection. */
  public AuthExchange newExchange(AuthRequest request) {
    return new EngineExchange(this, Objects.requireNonNull(request, "request"));
  }

  /** Forgets what worked for every proxy. */
  public void clearCache() {
    authCache.clear();
    idle.clear();
  }

  List<AuthScheme> schemes() {
    return settings.schemes();
  }

  int minimumStrength() {
    return settings.minimumStrength();
  }

  int maxAttempts() {
    return settings.maxAttempts();
  }

  boolean preemptiveEnabled() {
    return settings.preemptive();
  }

  Clock clock() {
    return settings.clock();
  }

  CredentialStore credentialStore() {
    return credentials;
  }

  Lockout lockout() {
    return lockout;
  }

  Optional<CachedAuth> cached(AuthRequest request) {
    return Optional.ofNullable(authCache.get(request.proxy()));
  }

  void remember(AuthRequest request, CachedAuth auth) {
    if (settings.preemptive()) {
      authCache.put(request.proxy(), auth);
      giveBack(request, auth);
    }
  }

  /** Returns a lent (or newly successful) exclusive challenge to the idle pool of its proxy. */
  void giveBack(AuthRequest request, CachedAuth auth) {
    if (!auth.scheme().cachedChallengeExclusive()) {
      return;
    }
    Deque<Challenge> free = idle.computeIfAbsent(request.proxy(),
        p -> new ConcurrentLinkedDeque<>());
    free.offerFirst(auth.challenge()); // the newest nonce first: the longest left to live
    while (free.size() > MAX_IDLE_CHALLENGES) {
      free.pollLast();
    }
  }

  /**
   * Returns the challenge a preemptive answer of {@code cached} may use: the cached one, or for a
   * {@link AuthScheme#cachedChallengeExclusive()} scheme one taken from the idle pool (given back
   * by {@link #remember} when the request succeeds); empty when every such challenge is in use.
   */
  Optional<CachedAuth> lend(AuthRequest request, CachedAuth cached) {
    if (!cached.scheme().cachedChallengeExclusive()) {
      return Optional.of(cached);
    }
    Deque<Challenge> free = idle.get(request.proxy());
    return Optional.ofNullable(free == null ? null : free.pollFirst())
        .map(challenge -> new CachedAuth(cached.scheme(), cached.scope(), challenge));
  }

  /**
   * Returns true when a success of {@code scheme} with the proxy of {@code request} authenticates
   * the connection: the scheme is connection-bound and the proxy has not shown that it wants an
   * answer per request ({@link AuthScheme#perRequestFallback()}).
   */
  boolean bindsConnection(AuthRequest request, AuthScheme scheme) {
    return scheme.connectionBound()
        && !(scheme.perRequestFallback() && perRequest.contains(bindingKey(request, scheme)));
  }

  /**
   * Records that the proxy of {@code request} answered 407 to a header-less request on a
   * connection {@code scheme} had authenticated; returns true when that changed the scheme to an
   * answer per request for this proxy (only for a scheme whose binding is the proxy's choice).
   */
  boolean unbind(AuthRequest request, AuthScheme scheme) {
    if (!scheme.connectionBound() || !scheme.perRequestFallback()) {
      return false;
    }
    if (perRequest.size() > 4096) {
      perRequest.clear(); // bounded like the nonce counts; a cleared proxy is learnt again
    }
    return perRequest.add(bindingKey(request, scheme));
  }

  private static String bindingKey(AuthRequest request, AuthScheme scheme) {
    return request.proxy() + " " + scheme.name();
  }

  void forget(AuthRequest request) {
    authCache.remove(request.proxy());
    idle.remove(request.proxy());
  }

  AuthContext context(AuthRequest request, AuthScope scope, Optional<Credentials> creds,
      Optional<Challenge> cachedChallenge) {
    return AuthContext.builder(request, scope)
        .credentials(creds)
        .cachedChallenge(cachedChallenge)
        .clock(settings.clock())
        .random(settings.random())
        .nonceCounter(this::nextNonceCount)
        .build();
  }

  /**
   * Lockouts and give-ups are worth a line at default levels, once each: a give-up while a scope
   * is paused repeats the BACKED_OFF line already logged, so it stays at DEBUG.
   */
  static Level levelOf(AuthEvent event) {
    boolean paused = event.reason().filter(r -> r == Diagnosis.Reason.BACKED_OFF).isPresent();
    return switch (event.type()) {
      case BACKED_OFF -> Level.WARNING;
      case GAVE_UP -> paused ? Level.DEBUG : Level.WARNING;
      default -> Level.DEBUG;
    };
  }

  private int nextNonceCount(String nonce) {
    if (nonceCounts.size() > 4096) {
      nonceCounts.clear(); // bounded: a proxy minting nonces per request must not grow the heap
    }
    return nonceCounts.computeIfAbsent(nonce, n -> new AtomicInteger()).incrementAndGet();
  }

  void emit(AuthEvent event) {
    metrics.accept(event);
    LOG.log(levelOf(event), () -> event.type() + " " + event.proxy() + event.scheme()
        .map(s -> " " + s).orElse("") + ": " + event.detail());
    for (AuthListener listener : settings.listeners()) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "AuthListener threw " + e.getClass().getName() + "; ignored");
      }
    }
  }
}
