package io.github.proxyauth;

import io.github.proxyauth.AuthEvent.Type;
import io.github.proxyauth.Diagnosis.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The authentication of one request on one connection to a proxy: the handshake state of the
 * chosen scheme (an NTLM context, a Digest nonce count), the attempts made and the history behind
 * a diagnosis. Created by {@link ProxyAuthenticator#newExchange(AuthRequest)}.
 *
 * <p>Drive it with the proxy's answers: {@link #preemptive()} before the first request on a new
 * connection, {@link #respond(List)} for each {@code 407}, {@link #connectionClosed()} when the
 * proxy closed the connection after a {@code 407}, and {@link #succeeded(List)} on the first
 * non-407 answer. Not thread-safe: confined to the thread handling its connection at a time.
 */
public final class AuthExchange {
  private enum State { NEW, SENT, SUCCEEDED, FAILED }

  private final ProxyAuthenticator engine;
  private final AuthRequest request;
  private final long startNanos = System.nanoTime();
  private final List<String> history = new ArrayList<>();
  private final Set<String> excluded = new HashSet<>();
  private State state = State.NEW;
  private @Nullable Active active;
  private @Nullable ProxyAuthException failure;
  private List<String> offered = List.of();
  private boolean preemptiveOnly;
  private boolean connectionLost;
  private int sent;
  private int restarts;

  AuthExchange(ProxyAuthenticator engine, AuthRequest request) {
    this.engine = engine;
    this.request = request;
  }

  /** Returns the request this exchange authenticates. */
  public AuthRequest request() {
    return request;
  }

  /** Returns the scheme in use, or empty before one was chosen. */
  public Optional<String> scheme() {
    return active == null ? Optional.empty() : Optional.of(active.scheme.name());
  }

  /**
   * Returns true when the scheme in use authenticates the connection rather than each request
   * (NTLM): the proxy then lets later requests on that connection through without a header.
   */
  public boolean connectionBound() {
    return active != null && active.scheme.connectionBound();
  }

  /** Returns how many {@code Proxy-Authorization} values this exchange produced. */
  public int attempts() {
    return sent;
  }

  /** Returns the steps taken so far, one line each, without secrets. */
  public List<String> history() {
    return List.copyOf(history);
  }

  /**
   * Returns a {@code Proxy-Authorization} value to send with the first request on a new
   * connection, from what worked last time with this proxy; empty when nothing is cached, the
   * scheme cannot answer ahead of a challenge, or preemptive authentication is off. Never throws:
   * a failure here only means waiting for the challenge.
   */
  public Optional<String> preemptive() {
    if (state != State.NEW || !engine.preemptiveEnabled()) {
      return Optional.empty();
    }
    return engine.cached(request).flatMap(this::preemptiveFrom);
  }

  /**
   * Returns the {@code Proxy-Authorization} value that answers a {@code 407}.
   *
   * @param proxyAuthenticate every {@code Proxy-Authenticate} field value of the 407, in order
   * @throws ProxyAuthException with a {@link Diagnosis} when authentication cannot go on
   */
  public String respond(List<String> proxyAuthenticate) throws ProxyAuthException {
    if (failure != null) {
      throw failure;
    }
    if (state == State.SUCCEEDED) {
      active = null; // the proxy challenged again on a later request: a new round, same cap
    }
    List<Challenge> challenges = parse(proxyAuthenticate);
    if (sent >= engine.maxAttempts()) {
      throw fail(Reason.TOO_MANY_ATTEMPTS, "the proxy answered 407 to " + sent
          + " authenticated attempts", "check the proxy's access rules for this user; a proxy"
          + " that never accepts is misconfigured");
    }
    Optional<String> next = active == null ? Optional.empty() : continueOrReject(challenges);
    String value = next.isPresent() ? next.get() : start(challenges, proxyAuthenticate.isEmpty());
    sent++;
    state = State.SENT;
    return value;
  }

  /**
   * Records that the proxy closed the connection after its last {@code 407}: a connection-bound
   * handshake (NTLM) restarts from its first leg on the next connection.
   */
  public void connectionClosed() {
    if (state == State.SENT && active != null && active.scheme.connectionBound()) {
      connectionLost = true;
    }
  }

  /**
   * Records that the proxy accepted the request (a non-407 answer): verifies a final Negotiate
   * token, clears the back-off and caches the scheme for preemptive use on new connections.
   *
   * @param proxyAuthenticate the {@code Proxy-Authenticate} values of the success response, if any
   * @throws ProxyAuthException when a final token does not verify
   */
  public void succeeded(List<String> proxyAuthenticate) throws ProxyAuthException {
    Active a = active;
    if (state != State.SENT || a == null) {
      return;
    }
    Optional<Challenge> last = parseQuietly(proxyAuthenticate).stream()
        .filter(c -> c.scheme().equals(a.scheme.name())).findFirst();
    try {
      a.session.verify(last);
    } catch (ProxyAuthException e) {
      throw fail(Reason.SCHEME_FAILED, e.getMessage(), "the proxy's final token did not verify;"
          + " check the proxy's service principal", e);
    }
    state = State.SUCCEEDED;
    engine.lockout().succeeded(a.scope);
    engine.remember(request, new ProxyAuthenticator.CachedAuth(a.scheme, a.scope, a.challenge));
    emit(Type.SUCCEEDED, a, "accepted after " + sent + " attempt(s)");
  }

  private Optional<String> preemptiveFrom(ProxyAuthenticator.CachedAuth cached) {
    if (engine.lockout().pausedUntil(cached.scope()).isPresent()) {
      return Optional.empty();
    }
    Optional<Credentials> creds = credentialsFor(cached.scheme(), cached.scope());
    AuthContext context = engine.context(request, cached.scope(), creds,
        Optional.of(cached.challenge()));
    if (cached.scheme().unavailableReason(context).isPresent()) {
      return Optional.empty();
    }
    try {
      AuthSession session = cached.scheme().newSession(context);
      Optional<String> value = session.preemptive();
      value.ifPresent(v -> startedPreemptive(cached, creds, session));
      return value;
    } catch (ProxyAuthException | RuntimeException e) {
      emit(Type.SCHEME_UNAVAILABLE, cached.scheme().name(), Optional.empty(),
          "no preemptive answer: " + e.getMessage());
      return Optional.empty();
    }
  }

  private void startedPreemptive(ProxyAuthenticator.CachedAuth cached,
      Optional<Credentials> creds, AuthSession session) {
    active = new Active(cached.scheme(), cached.scope(), creds, cached.challenge(), session);
    preemptiveOnly = true;
    state = State.SENT;
    sent++;
    history.add(cached.scheme().name() + ": sent preemptively");
    emit(Type.PREEMPTIVE, active, "from the auth cache");
  }

  private Optional<String> continueOrReject(List<Challenge> challenges) throws ProxyAuthException {
    Active a = active;
    if (connectionLost) {
      return Optional.of(restart(a));
    }
    Optional<Challenge> same = ofScheme(challenges, a.scheme.name());
    if (same.isPresent() && a.session.continues(same.get())) {
      a.challenge = same.get();
      history.add(a.scheme.name() + ": handshake continued");
      emit(Type.CONTINUED, a, "next leg");
      return Optional.of(respondOrFail(a, same.get()));
    }
    if (preemptiveOnly) {
      preemptiveOnly = false;
      engine.forget(request); // what worked before does not any more: start from the challenge
      history.add(a.scheme.name() + ": preemptive answer not accepted");
      active = null;
      return Optional.empty();
    }
    rejected(a);
    return Optional.empty();
  }

  private String restart(Active a) throws ProxyAuthException {
    connectionLost = false;
    if (++restarts > 2) {
      throw fail(Reason.PROTOCOL_ERROR, "the proxy closed the connection in the middle of the "
          + a.scheme.name() + " handshake " + restarts + " times", a.scheme.name()
          + " needs a persistent connection: allow keep-alive on the proxy for authentication");
    }
    history.add(a.scheme.name() + ": connection closed mid-handshake, restarted");
    AuthContext context = engine.context(request, a.scope, a.credentials, Optional.empty());
    a.session = a.scheme.newSession(context);
    a.challenge = Challenge.of(a.scheme.name());
    return respondOrFail(a, a.challenge);
  }

  private void rejected(Active a) throws ProxyAuthException {
    history.add(a.scheme.name() + ": rejected");
    emit(Type.REJECTED, a, "the proxy answered 407 again");
    active = null;
    if (a.credentials.isEmpty()) {
      engine.lockout().rejected(a.scope);
      excluded.add(a.scheme.name()); // Kerberos rejected: other schemes may still work
      return;
    }
    Credentials old = a.credentials.get();
    CredentialStore.Refresh refresh = engine.credentialStore().refresh(a.scope, old);
    if (refresh.reloaded()) {
      // Only the current credentials count against the account: requests that raced a rotation
      // and were rejected with credentials already replaced are not new failed logins.
      engine.lockout().rejected(a.scope);
      emit(Type.CREDENTIALS_REFRESHED, a, "asked the credential provider again");
    }
    Optional<Credentials> fresh = refresh.credentials();
    if (fresh.isEmpty() || fresh.get().sameAs(old)) {
      throw fail(Reason.CREDENTIALS_REJECTED, "the proxy rejected the " + a.scheme.name()
          + " credentials of user '" + old.user() + "' (from " + old.source()
          + ") and no different credentials are available", "check the password of '"
          + old.user() + "' in " + old.source() + "; the engine will not retry the same"
          + " credentials, to protect the account from lockout");
    }
    history.add(a.scheme.name() + ": retrying with " + (refresh.reloaded() ? "refreshed"
        : "newer") + " credentials from " + fresh.get().source());
  }

  private String start(List<Challenge> challenges, boolean noHeader) throws ProxyAuthException {
    if (challenges.isEmpty()) {
      throw noHeader
          ? fail(Reason.NO_USABLE_SCHEME, "the 407 carried no Proxy-Authenticate header",
              "the proxy must say which schemes it accepts; check the proxy configuration")
          : fail(Reason.MALFORMED_CHALLENGE, "no Proxy-Authenticate value could be parsed",
              "see the MALFORMED_CHALLENGE events for each value; the proxy is misconfigured");
    }
    List<String> skipped = new ArrayList<>();
    ProxyAuthException lastError = null;
    boolean downgrade = false;
    for (AuthScheme scheme : engine.schemes()) {
      Optional<Challenge> offer = selectable(scheme, challenges);
      if (offer.isEmpty()) {
        continue;
      }
      if (scheme.strength() < engine.minimumStrength()) {
        downgrade = true;
        skipped.add(scheme.name() + ": weaker than the configured minimum");
        emit(Type.DOWNGRADE_REFUSED, scheme.name(), Optional.empty(), "weaker than the minimum");
        continue;
      }
      try {
        Optional<String> value = tryScheme(scheme, offer.get(), skipped);
        if (value.isPresent()) {
          return value.get();
        }
      } catch (ProxyAuthException e) {
        if (failure != null) {
          throw failure; // the engine itself stopped (back-off): no weaker scheme either
        }
        lastError = e;
        history.add(scheme.name() + ": could not answer");
        skipped.add(scheme.name() + ": " + e.getMessage());
        emit(Type.SCHEME_UNAVAILABLE, scheme.name(), offer.get().realm(), e.getMessage());
      }
    }
    throw noUsableScheme(skipped, downgrade, lastError);
  }

  private Optional<Challenge> selectable(AuthScheme scheme, List<Challenge> challenges) {
    if (excluded.contains(scheme.name())) {
      return Optional.empty();
    }
    List<Challenge> mine = challenges.stream().filter(c -> c.scheme().equals(scheme.name()))
        .toList();
    return mine.isEmpty() ? Optional.empty() : Optional.of(scheme.select(mine));
  }

  private Optional<String> tryScheme(AuthScheme scheme, Challenge challenge, List<String> skipped)
      throws ProxyAuthException {
    AuthScope scope = new AuthScope(request.proxyHost(), request.proxyPort(), scheme.name(),
        challenge.realm());
    Optional<Credentials> creds = credentialsFor(scheme, scope);
    AuthContext context = engine.context(request, scope, creds, Optional.empty());
    Optional<String> why = scheme.unavailableReason(context);
    if (why.isPresent()) {
      skipped.add(scheme.name() + ": " + why.get());
      emit(Type.SCHEME_UNAVAILABLE, scheme.name(), challenge.realm(), why.get());
      return Optional.empty();
    }
    checkBackoff(scope);
    Active a = new Active(scheme, scope, creds, challenge, scheme.newSession(context));
    String value = a.session.respond(challenge);
    active = a;
    history.add(scheme.name() + ": answered challenge" + creds.map(c -> " as '" + c.user()
        + "' (from " + c.source() + ")").orElse(""));
    emit(Type.SCHEME_SELECTED, a, skipped.isEmpty() ? "strongest offered scheme"
        : "strongest usable offered scheme; skipped " + String.join("; ", skipped));
    if (scheme.strength() <= AuthScheme.BASIC_STRENGTH) {
      emit(Type.CLEARTEXT_CREDENTIALS, a, "Basic sends the password base64-encoded, readable by"
          + " anyone on the path to the proxy");
    }
    return Optional.of(value);
  }

  private void checkBackoff(AuthScope scope) throws ProxyAuthException {
    Optional<java.time.Instant> until = engine.lockout().pausedUntil(scope);
    if (until.isPresent()) {
      throw fail(Reason.BACKED_OFF, "credentials for " + scope.scheme() + " at " + scope.proxy()
          + " were rejected repeatedly; attempts are paused until " + until.get(),
          "fix the credentials, then wait for the pause or create a new authenticator");
    }
  }

  private String respondOrFail(Active a, Challenge challenge) throws ProxyAuthException {
    try {
      return a.session.respond(challenge);
    } catch (ProxyAuthException e) {
      throw fail(Reason.SCHEME_FAILED, e.getMessage(), "see the detail above", e);
    }
  }

  private Optional<Credentials> credentialsFor(AuthScheme scheme, AuthScope scope) {
    return scheme.usesPasswordCredentials() ? engine.credentialStore().get(scope)
        : Optional.empty();
  }

  private ProxyAuthException noUsableScheme(List<String> skipped, boolean downgrade,
      @Nullable ProxyAuthException lastError) {
    List<String> enabled = engine.schemes().stream().map(AuthScheme::name).toList();
    offered.stream().filter(o -> !enabled.contains(o))
        .forEach(o -> skipped.add(o + ": not enabled in this authenticator"));
    if (downgrade && skipped.stream().allMatch(s -> s.contains("minimum"))) {
      return fail(Reason.DOWNGRADE_REFUSED, "the proxy offered only schemes weaker than the"
          + " configured minimum (" + String.join(", ", offered) + ")", "if this proxy really"
          + " only supports these schemes, lower minimumStrength; otherwise suspect"
          + " interception", null);
    }
    if (lastError != null && skipped.size() == 1) {
      String message = lastError.getMessage();
      int fix = message.lastIndexOf("): ");
      return fail(Reason.SCHEME_FAILED, message, fix > 0 ? message.substring(fix + 3)
          : "resolve the failure described above", lastError);
    }
    return fail(Reason.NO_USABLE_SCHEME, "no offered scheme could be used: "
        + String.join("; ", skipped), fixFor(skipped), lastError);
  }

  private static String fixFor(List<String> skipped) {
    String all = String.join(" ", skipped);
    if (all.contains("kinit") || all.contains("keytab")) {
      return "provide Kerberos credentials (run kinit or configure a keytab) or credentials"
          + " for another offered scheme";
    }
    return "configure credentials for this proxy, or enable one of the offered schemes";
  }

  private List<Challenge> parse(List<String> values) {
    List<Challenge> all = parseQuietly(values);
    offered = all.stream().map(Challenge::scheme).distinct().toList();
    emit(Type.CHALLENGED, null, Optional.empty(), "offered: " + (offered.isEmpty() ? "(none)"
        : String.join(", ", offered)));
    return all;
  }

  private List<Challenge> parseQuietly(List<String> values) {
    List<Challenge> all = new ArrayList<>();
    for (String value : values) {
      try {
        all.addAll(ChallengeParser.parse(value));
      } catch (MalformedChallengeException e) {
        emit(Type.MALFORMED_CHALLENGE, null, Optional.empty(), e.getMessage());
      }
    }
    return all;
  }

  private static Optional<Challenge> ofScheme(List<Challenge> challenges, String scheme) {
    return challenges.stream().filter(c -> c.scheme().equals(scheme)).findFirst();
  }

  private ProxyAuthException fail(Reason reason, String detail, String fix) {
    return fail(reason, detail, fix, null);
  }

  private ProxyAuthException fail(Reason reason, String detail, String fix,
      @Nullable Throwable cause) {
    Diagnosis diagnosis = new Diagnosis(request.proxy(), reason, offered,
        scheme().or(() -> history.isEmpty() ? Optional.empty()
            : Optional.of(history.get(history.size() - 1).split(":")[0])),
        history, detail, fix);
    state = State.FAILED;
    failure = new ProxyAuthException(diagnosis, cause);
    emit(Type.GAVE_UP, scheme().orElse(null), Optional.empty(), reason + ": " + detail);
    return failure;
  }

  private void emit(Type type, Active a, String detail) {
    emit(type, a.scheme.name(), a.scope.realm(), detail);
  }

  private void emit(Type type, @Nullable String scheme, Optional<String> realm, String detail) {
    engine.emit(new AuthEvent(type, request.proxy(), Optional.ofNullable(scheme), realm, detail,
        Duration.ofNanos(System.nanoTime() - startNanos)));
  }

  /** The scheme in use and its session. */
  private static final class Active {
    final AuthScheme scheme;
    final AuthScope scope;
    final Optional<Credentials> credentials;
    Challenge challenge;
    AuthSession session;

    Active(AuthScheme scheme, AuthScope scope, Optional<Credentials> credentials,
        Challenge challenge, AuthSession session) {
      this.scheme = scheme;
      this.scope = scope;
      this.credentials = credentials;
      this.challenge = challenge;
      this.session = session;
    }
  }
}
