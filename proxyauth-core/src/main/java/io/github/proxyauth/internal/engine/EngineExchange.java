package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthEvent.Type;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.spi.MalformedChallengeException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The engine's {@link AuthExchange}: one request's handshake state, attempts and trace. */
final class EngineExchange implements AuthExchange {
  private enum State { NEW, SENT, SUCCEEDED, FAILED, ABANDONED }

  private final Engine engine;
  private final AuthRequest request;
  private final ExchangeTrace trace;
  private final Set<String> excluded = new HashSet<>();
  private final SchemeSelection selection;
  private State state = State.NEW;
  private @Nullable ActiveScheme active;
  private @Nullable ProxyAuthException failure;
  private boolean preemptiveOnly;
  private boolean connectionLost;
  private boolean onAuthenticatedConnection;
  private int sent;
  private int restarts;
  /** Legs sent in the current round of a handshake (NTLM: 1 after Type 1, 2 after Type 3). */
  private int roundLegs;

  EngineExchange(Engine engine, AuthRequest request) {
    this.engine = engine;
    this.request = request;
    this.trace = new ExchangeTrace(engine, request);
    this.selection = new SchemeSelection(engine, request, trace, excluded);
  }

  /** Returns the request this exchange authenticates. */
  @Override
  public AuthRequest request() {
    return request;
  }

  /** Returns the scheme in use, or empty before one was chosen. */
  @Override
  public Optional<String> scheme() {
    return active == null ? Optional.empty() : Optional.of(active.name());
  }

  /**
   * Returns true when the scheme in use authenticates the connection rather than each request
   * (NTLM): the proxy then lets later requests on that connection through without a header.
   */
  @Override
  public boolean connectionBound() {
    return active != null && engine.bindsConnection(request, active.scheme);
  }

  @Override
  public void reliesOnConnection() {
    if (state == State.NEW) {
      onAuthenticatedConnection = true;
    }
  }

  /** Returns how many {@code Proxy-Authorization} values this exchange produced. */
  @Override
  public int attempts() {
    return sent;
  }

  /** Returns the steps taken so far, one line each, without secrets. */
  @Override
  public List<String> history() {
    return trace.steps();
  }

  /**
   * Returns a {@code Proxy-Authorization} value to send with the first request on a new
   * connection, from what worked last time with this proxy; empty when nothing is cached, the
   * scheme cannot answer ahead of a challenge, or preemptive authentication is off. Never throws:
   * a failure here only means waiting for the challenge.
   */
  @Override
  public Optional<String> preemptive() {
    if (state != State.NEW || !engine.preemptiveEnabled()) {
      return Optional.empty();
    }
    return engine.cached(request).flatMap(c -> engine.lend(request, c))
        .flatMap(this::preemptiveFrom);
  }

  /**
   * Returns the {@code Proxy-Authorization} value that answers a {@code 407}.
   *
   * @param proxyAuthenticate every {@code Proxy-Authenticate} field value of the 407, in order
   * @throws ProxyAuthException with a {@link Diagnosis} when authentication cannot go on
   */
  @Override
  public String respond(List<String> proxyAuthenticate) throws ProxyAuthException {
    if (failure != null) {
      throw failure;
    }
    if (state == State.ABANDONED) {
      throw new IllegalStateException("respond() after the exchange was abandoned");
    }
    if (state == State.SUCCEEDED) {
      active = null; // the proxy challenged again on a later request: a new round, same cap
    }
    List<Challenge> challenges = trace.challenges(proxyAuthenticate);
    if (onAuthenticatedConnection) {
      onAuthenticatedConnection = false;
      connectionForgotten();
    }
    try {
      if (connectionLost && active != null && restarts >= 2) {
        throw closedMidHandshake(active, restarts + 1);
      }
      if (sent >= engine.maxAttempts()) {
        throw trace.fail(Reason.TOO_MANY_ATTEMPTS, "the proxy answered 407 to " + sent
            + " authenticated attempts", "check the proxy's access rules for this user; a"
            + " proxy that never accepts is misconfigured", null);
      }
      Optional<String> next = active == null ? Optional.empty() : continueOrReject(challenges);
      String value = next.isPresent() ? next.get() : choose(challenges, proxyAuthenticate);
      sent++;
      state = State.SENT;
      return value;
    } catch (ProxyAuthException e) {
      state = State.FAILED;
      failure = e;
      releaseTicket();
      throw e;
    }
  }

  /**
   * Records that the proxy closed the connection after its last {@code 407}: a connection-bound
   * handshake (NTLM) restarts from its first leg on the next connection.
   */
  @Override
  public void connectionClosed() {
    if (state == State.SENT && connectionBound()) {
      connectionLost = true;
    }
  }

  @Override
  public void succeeded(List<String> proxyAuthenticate, List<String> proxyAuthenticationInfo)
      throws ProxyAuthException {
    ActiveScheme a = active;
    if (state != State.SENT || a == null) {
      return;
    }
    Optional<Challenge> last = trace.parseQuietly(proxyAuthenticate).stream()
        .filter(c -> c.scheme().equals(a.name())).findFirst();
    try {
      a.session.verify(last);
    } catch (ProxyAuthException e) {
      state = State.FAILED;
      failure = trace.fail(Reason.SCHEME_FAILED, e.getMessage(), "the proxy's final token did"
          + " not verify; check the proxy's service principal", e);
      throw failure;
    }
    state = State.SUCCEEDED;
    engine.lockout().succeeded(a.ticket);
    Challenge next = a.session.nextChallenge(a.challenge, info(a, proxyAuthenticationInfo));
    engine.remember(request, new Engine.CachedAuth(a.scheme, a.scope, next));
    trace.emit(Type.SUCCEEDED, a, "accepted after " + sent + " attempt(s)");
  }

  /** Returns the auth-params of {@code values}; empty, with a step saying why, when malformed. */
  private Map<String, String> info(ActiveScheme a, List<String> values) {
    if (values.isEmpty()) {
      return Map.of();
    }
    try {
      return Challenge.parseInfo(values);
    } catch (MalformedChallengeException e) {
      trace.step(a.name(), "ignored a malformed Proxy-Authentication-Info: " + e.getMessage());
      return Map.of();
    }
  }

  /**
   * Ends the exchange without a verdict: its lockout ticket (the probe, when it was one) goes back
   * at once, no strike counted, so waiting attempts need not sit out the probe lease.
   */
  @Override
  public void abandoned() {
    if (failure != null || state == State.ABANDONED) {
      return;
    }
    releaseTicket();
    if (active != null) {
      trace.step(active.name(), "abandoned without the proxy's verdict");
    }
    state = State.ABANDONED;
  }

  @Override
  public void misconfigured(String detail) {
    trace.emit(Type.MISCONFIGURED, active == null ? null : active.name(), Optional.empty(), detail);
  }

  @Override
  public ProxyAuthException fail(List<String> proxyAuthenticate, Reason reason, String detail,
      String fix, @Nullable Throwable cause) {
    if (failure == null) {
      releaseTicket();
      if (!proxyAuthenticate.isEmpty()) {
        trace.challenges(proxyAuthenticate);
      }
      state = State.FAILED;
      failure = trace.fail(reason, detail, fix, cause);
    }
    return failure;
  }

  @Override
  public AuthExchange nonBlocking() {
    selection.neverWait();
    return this;
  }

  @Override
  public void throwIfPaused() throws ProxyAuthException {
    if (failure != null) {
      throw failure;
    }
    Optional<AuthScope> paused = engine.lockout().pausedScope(request.proxyHost(),
        request.proxyPort());
    if (paused.isEmpty()) {
      return;
    }
    AuthScope scope = paused.get();
    Optional<Credentials> creds = engine.credentialStore().poll(scope);
    if (engine.lockout().pausedUntil(scope, creds).isPresent()
        || engine.lockout().pausedUntil(scope, Optional.empty()).isPresent()) {
      state = State.FAILED;
      failure = selection.backedOff(scope, creds);
      throw failure;
    }
  }

  /**
   * The proxy answered 407 to a header-less request on a connection the cached scheme had
   * authenticated: for a scheme whose binding is the proxy's choice, this proxy wants an answer
   * per request from now on. The 407 itself is answered like any other.
   */
  private void connectionForgotten() {
    engine.cached(request).map(Engine.CachedAuth::scheme)
        .filter(scheme -> engine.unbind(request, scheme))
        .ifPresent(scheme -> trace.step(scheme.name(), "the proxy challenged a request on a"
            + " connection it had authenticated: answering every request from now on"));
  }

  private void releaseTicket() {
    ActiveScheme a = active;
    if (a != null) {
      engine.lockout().released(a.ticket);
    }
  }

  private String choose(List<Challenge> challenges, List<String> values)
      throws ProxyAuthException {
    SchemeSelection.Choice choice = selection.choose(challenges, values.isEmpty());
    active = choice.active();
    roundLegs = 1;
    return choice.value();
  }

  private Optional<String> preemptiveFrom(Engine.CachedAuth cached) {
    Optional<Credentials> creds = cached.scheme().usesPasswordCredentials()
        ? engine.credentialStore().get(cached.scope()) : Optional.empty();
    AuthContext context = engine.context(request, cached.scope(), creds,
        Optional.of(cached.challenge()));
    if (cached.scheme().unavailableReason(context).isPresent()) {
      engine.giveBack(request, cached);
      return Optional.empty();
    }
    Optional<Lockout.Ticket> ticket = engine.lockout().tryAdmit(cached.scope(), creds);
    if (ticket.isEmpty()) {
      engine.giveBack(request, cached);
      return Optional.empty(); // struck or paused: wait for the challenge, and the lockout there
    }
    try {
      AuthSession session = cached.scheme().newSession(context);
      Optional<String> value = session.preemptive();
      if (value.isPresent()) {
        startedPreemptive(cached, ticket.get(), session);
      } else {
        engine.lockout().released(ticket.get());
        engine.giveBack(request, cached);
      }
      return value;
    } catch (ProxyAuthException | RuntimeException e) {
      engine.lockout().released(ticket.get());
      trace.emit(Type.SCHEME_UNAVAILABLE, cached.scheme().name(), Optional.empty(),
          "no preemptive answer: " + e.getMessage());
      return Optional.empty();
    }
  }

  private void startedPreemptive(Engine.CachedAuth cached, Lockout.Ticket ticket,
      AuthSession session) {
    roundLegs = 1;
    active = new ActiveScheme(cached.scheme(), ticket, cached.challenge(), session);
    preemptiveOnly = true;
    state = State.SENT;
    sent++;
    trace.step(cached.scheme().name(), "sent preemptively");
    trace.emit(Type.PREEMPTIVE, active, "from the auth cache");
  }

  private Optional<String> continueOrReject(List<Challenge> challenges) throws ProxyAuthException {
    ActiveScheme a = active;
    if (connectionLost) {
      return Optional.of(restart(a));
    }
    Optional<Challenge> same = challenges.stream().filter(c -> c.scheme().equals(a.name()))
        .findFirst();
    if (same.isPresent() && a.session.continues(same.get())) {
      a.challenge = same.get();
      roundLegs++;
      trace.step(a.name(), "handshake continued");
      trace.emit(Type.CONTINUED, a, "next leg");
      return Optional.of(respondOrFail(a, same.get()));
    }
    if (preemptiveOnly) {
      preemptiveOnly = false;
      // A refused preemptive password is a rejected attempt (one strike for a whole wave); a
      // refused Kerberos token only means starting from the challenge.
      if (a.credentials.isPresent()) {
        countRejection(a, engine.credentialStore().get(a.scope)
            .filter(c -> c.sameAs(a.credentials.get())).isPresent());
      } else {
        engine.lockout().released(a.ticket);
      }
      engine.forget(request); // what worked before does not any more: start from the challenge
      trace.step(a.name(), "preemptive answer not accepted");
      active = null;
      return Optional.empty();
    }
    checkNotDowngradedOrMalformed(a, challenges);
    rejected(a);
    return Optional.empty();
  }

  private String restart(ActiveScheme a) throws ProxyAuthException {
    connectionLost = false;
    if (++restarts > 2) {
      throw closedMidHandshake(a, restarts);
    }
    roundLegs = 1; // the restart sends the first leg again
    trace.step(a.name(), "connection closed mid-handshake, restarted");
    AuthContext context = engine.context(request, a.scope, a.credentials, Optional.empty());
    a.session = a.scheme.newSession(context);
    a.challenge = Challenge.of(a.name());
    return respondOrFail(a, a.challenge);
  }

  private ProxyAuthException closedMidHandshake(ActiveScheme a, int times) {
    return trace.fail(Reason.PROTOCOL_ERROR, "the proxy closed the connection after leg "
        + roundLegs + " of the " + a.name() + " handshake, " + times + " times in a row (not a"
        + " rejection: it never answered that leg)", a.name() + " needs a persistent"
        + " connection: allow keep-alive on the proxy for authentication", null);
  }

  /**
   * Ends the exchange when the scheme in use vanished from the proxy's offers for a reason other
   * than rejected credentials: the proxy downgraded mid-handshake to weaker schemes only, or its
   * answer could not be parsed. Neither is a strike against the account.
   */
  private void checkNotDowngradedOrMalformed(ActiveScheme a, List<Challenge> challenges)
      throws ProxyAuthException {
    if (!trace.malformed().isEmpty() && challenges.stream().noneMatch(
        c -> c.scheme().equals(a.name()))) {
      engine.lockout().released(a.ticket);
      throw trace.fail(Reason.MALFORMED_CHALLENGE, "the proxy's answer to the " + a.name()
          + " handshake could not be parsed: " + trace.malformed().get(0), "the proxy sent a"
          + " malformed challenge; check the proxy, or whatever rewrites its headers on the way",
          null);
    }
    boolean weakerOnly = !challenges.isEmpty() && challenges.stream().allMatch(
        c -> strengthOf(c.scheme()) < a.scheme.strength());
    if (weakerOnly && a.credentials.isPresent() && (!a.scheme.connectionBound() || roundLegs < 2)) {
      engine.lockout().released(a.ticket);
      throw trace.fail(Reason.DOWNGRADE_REFUSED, "the proxy offered " + a.name() + ", then, in"
          + " the middle of the handshake, only " + String.join(", ", challenges.stream()
          .map(Challenge::scheme).distinct().toList()) + ": a downgrade, refused (no"
          + " credentials were rejected)", "suspect a proxy misconfiguration or interception;"
          + " if the proxy really only supports the weaker scheme, configure only that scheme",
          null);
    }
  }

  private int strengthOf(String scheme) {
    return engine.schemes().stream().filter(s -> s.name().equals(scheme))
        .mapToInt(AuthScheme::strength).findFirst().orElse(0);
  }

  private void rejected(ActiveScheme a) throws ProxyAuthException {
    trace.step(a.name(), "rejected");
    trace.emit(Type.REJECTED, a, "the proxy answered 407 again");
    active = null;
    if (a.credentials.isEmpty()) {
      countRejection(a, true);
      excluded.add(a.name()); // Kerberos rejected: other schemes may still work
      return;
    }
    Credentials old = a.credentials.get();
    CredentialStore.Refresh refresh = engine.credentialStore().refresh(a.scope, old,
        a.ticket.number());
    // Only the current credentials count against the account: requests that raced a rotation
    // and were rejected with credentials already replaced are not new failed logins.
    countRejection(a, refresh.current());
    if (refresh.reloaded()) {
      trace.emit(Type.CREDENTIALS_REFRESHED, a, "asked the credential provider again");
    }
    Optional<Credentials> fresh = refresh.credentials();
    if (fresh.isEmpty() || fresh.get().sameAs(old)) {
      throw trace.fail(Reason.CREDENTIALS_REJECTED, "the proxy rejected the " + a.name()
          + " credentials of user '" + old.user() + "' (" + old.source()
          + ") and no different credentials are available" + Rejections.domainNote(a, old),
          Rejections.fix(a, old), null);
    }
    trace.step(a.name(), "retrying with " + (refresh.reloaded() ? "refreshed" : "newer")
        + " credentials from " + fresh.get().source());
  }

  /** Counts one rejection against the scope; emits BACKED_OFF when it starts a pause. */
  private void countRejection(ActiveScheme a, boolean current) {
    engine.lockout().rejected(a.ticket, current).ifPresent(until -> trace.emit(Type.BACKED_OFF, a,
        "rejected " + engine.settings().lockoutRejections() + " times in a row; new attempts"
        + " with these credentials for " + a.scope.proxy() + " are paused until " + until));
  }

  private String respondOrFail(ActiveScheme a, Challenge challenge) throws ProxyAuthException {
    try {
      return a.session.respond(challenge);
    } catch (ProxyAuthException e) {
      throw trace.fail(Reason.SCHEME_FAILED, e.getMessage(), "see the detail above", e);
    }
  }
}
