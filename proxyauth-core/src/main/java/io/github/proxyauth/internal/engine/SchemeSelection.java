package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthEvent.Type;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.Challenge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the scheme that answers a fresh challenge: the engine's schemes in order of preference,
 * restricted to those offered, not excluded by this exchange, at least as strong as the minimum,
 * with credentials, and not paused by the lockout back-off. Records why each other one was
 * skipped; every exception it throws ends the exchange.
 */
final class SchemeSelection {
  private final Engine engine;
  private final AuthRequest request;
  private final ExchangeTrace trace;
  private final Set<String> excluded;
  private boolean mayWait = true;

  SchemeSelection(Engine engine, AuthRequest request, ExchangeTrace trace,
      Set<String> excluded) {
    this.engine = engine;
    this.request = request;
    this.trace = trace;
    this.excluded = excluded;
  }

  /** The chosen scheme and its first answer. */
  record Choice(ActiveScheme active, String value) {}

  /** What trying one scheme needs. */
  private record Candidate(AuthScheme scheme, Challenge challenge, AuthScope scope,
      Optional<Credentials> credentials, AuthContext context) {}

  Choice choose(List<Challenge> challenges, boolean noHeader) throws ProxyAuthException {
    if (challenges.isEmpty()) {
      throw noHeader
          ? trace.fail(Reason.NO_USABLE_SCHEME, "the 407 carried no challenge (no"
              + " Proxy-Authenticate header), so there is no scheme to answer with", "a 407"
              + " without a challenge is often the origin server's, passed through by the proxy;"
              + " otherwise the proxy must say which schemes it accepts", null)
          : trace.fail(Reason.MALFORMED_CHALLENGE, "no Proxy-Authenticate value could be parsed",
              "see the MALFORMED_CHALLENGE events for each value; the proxy is misconfigured",
              null);
    }
    List<String> skipped = new ArrayList<>();
    ProxyAuthException lastError = null;
    for (AuthScheme scheme : engine.schemes()) {
      Optional<Candidate> candidate = candidate(scheme, challenges, skipped);
      if (candidate.isEmpty()) {
        continue;
      }
      Admitted admitted = admit(candidate.get());
      try {
        return begin(admitted.candidate(), admitted.ticket(), skipped);
      } catch (ProxyAuthException e) {
        engine.lockout().released(admitted.ticket());
        lastError = e;
        trace.step(scheme.name(), "could not answer");
        skipped.add(scheme.name() + ": " + e.getMessage());
        trace.emit(Type.SCHEME_UNAVAILABLE, scheme.name(), candidate.get().challenge().realm(),
            e.getMessage());
      }
    }
    throw noUsableScheme(skipped, lastError);
  }

  /** Returns the candidate for {@code scheme}, or empty (with the reason recorded) when unusable. */
  private Optional<Candidate> candidate(AuthScheme scheme, List<Challenge> challenges,
      List<String> skipped) {
    Optional<Challenge> offer = offered(scheme, challenges);
    if (offer.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> realm = offer.get().realm();
    if (scheme.strength() < engine.minimumStrength()) {
      skipped.add(scheme.name() + ": weaker than the configured minimum");
      trace.emit(Type.DOWNGRADE_REFUSED, scheme.name(), realm, "weaker than the minimum");
      return Optional.empty();
    }
    AuthScope scope = new AuthScope(request.proxyHost(), request.proxyPort(), scheme.name(), realm);
    Optional<Credentials> creds = scheme.usesPasswordCredentials()
        ? engine.credentialStore().get(scope) : Optional.empty();
    AuthContext context = engine.context(request, scope, creds, Optional.empty());
    Optional<String> why = scheme.unavailableReason(context);
    if (why.isPresent()) {
      skipped.add(scheme.name() + ": " + why.get());
      trace.emit(Type.SCHEME_UNAVAILABLE, scheme.name(), realm, why.get());
      return Optional.empty();
    }
    return Optional.of(new Candidate(scheme, offer.get(), scope, creds, context));
  }

  private Optional<Challenge> offered(AuthScheme scheme, List<Challenge> challenges) {
    if (excluded.contains(scheme.name())) {
      return Optional.empty();
    }
    List<Challenge> mine = challenges.stream().filter(c -> c.scheme().equals(scheme.name()))
        .toList();
    return mine.isEmpty() ? Optional.empty() : Optional.of(scheme.select(mine));
  }

  private Choice begin(Candidate c, Lockout.Ticket ticket, List<String> skipped)
      throws ProxyAuthException {
    ActiveScheme active = new ActiveScheme(c.scheme(), ticket, c.challenge(),
        c.scheme().newSession(c.context()));
    String value = active.session.respond(c.challenge());
    trace.step(c.scheme().name(), "answered challenge" + c.credentials().map(cr -> " as '"
        + cr.user() + "' (from " + cr.source() + ")").orElse(""));
    trace.emit(Type.SCHEME_SELECTED, active, skipped.isEmpty() ? "strongest offered scheme"
        : "strongest usable offered scheme; skipped " + String.join("; ", skipped));
    if (c.scheme().strength() <= AuthScheme.BASIC_STRENGTH) {
      trace.emit(Type.CLEARTEXT_CREDENTIALS, active, "Basic sends the password base64-encoded,"
          + " readable by anyone on the path to the proxy");
    }
    return new Choice(active, value);
  }

  /** A candidate the lockout let through, with its ticket. */
  private record Admitted(Candidate candidate, Lockout.Ticket ticket) {}

  /**
   * Asks the lockout to admit the candidate's attempt; when its credentials are paused, asks the
   * provider for newer ones, which end the pause.
   */
  private Admitted admit(Candidate c) throws ProxyAuthException {
    Optional<Lockout.Ticket> ticket = lockoutAdmit(c);
    if (ticket.isPresent()) {
      return new Admitted(c, ticket.get());
    }
    if (c.scheme().usesPasswordCredentials()) {
      Optional<Credentials> polled = engine.credentialStore().poll(c.scope());
      if (polled.isPresent() && !polled.equals(c.credentials())
          && (c.credentials().isEmpty() || !polled.get().sameAs(c.credentials().get()))) {
        Candidate fresh = new Candidate(c.scheme(), c.challenge(), c.scope(), polled,
            engine.context(request, c.scope(), polled, Optional.empty()));
        ticket = lockoutAdmit(fresh);
        if (ticket.isPresent()) {
          trace.step(c.scheme().name(), "newer credentials from " + polled.get().source()
              + " end the pause");
          return new Admitted(fresh, ticket.get());
        }
      }
    }
    throw backedOff(c.scope(), c.credentials());
  }

  /** Makes admissions fail at once instead of waiting for another attempt's verdict. */
  void neverWait() {
    mayWait = false;
  }

  private Optional<Lockout.Ticket> lockoutAdmit(Candidate c) throws ProxyAuthException {
    try {
      return engine.lockout().admit(c.scope(), c.credentials(), mayWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw trace.fail(Reason.BACKED_OFF, "interrupted while another attempt with the same"
          + " credentials was being verified", "none needed: the caller was interrupted", e);
    }
  }

  /** Returns the local failure for an attempt the lockout did not admit. */
  ProxyAuthException backedOff(AuthScope scope, Optional<Credentials> credentials) {
    Optional<Instant> until = engine.lockout().pausedUntil(scope, credentials);
    String who = credentials.map(c -> " of user '" + c.user() + "' (from " + c.source() + ")")
        .orElse("");
    if (until.isPresent()) {
      return trace.fail(Reason.BACKED_OFF, "the " + scope.scheme() + " credentials" + who
          + " for " + scope.proxy() + " were rejected repeatedly; attempts with them are paused"
          + " until " + until.get() + " and nothing was sent", "fix the credentials: new ones"
          + " from the credential provider end the pause at once", null);
    }
    return trace.fail(Reason.BACKED_OFF, "another attempt with the " + scope.scheme()
        + " credentials" + who + " for " + scope.proxy() + " is being verified after a"
        + " rejection" + (mayWait ? " and its verdict did not come within "
        + Lockout.PROBE_LEASE.toSeconds() + " s" : "; this caller does not wait for it"),
        "retry shortly; the engine sends a rejected password once at a time", null);
  }

  private ProxyAuthException noUsableScheme(List<String> skipped,
      @Nullable ProxyAuthException lastError) {
    List<String> enabled = engine.schemes().stream().map(AuthScheme::name).toList();
    trace.offered().stream().filter(o -> !enabled.contains(o))
        .forEach(o -> skipped.add(o + ": not enabled in this authenticator"));
    if (!skipped.isEmpty() && skipped.stream().allMatch(s -> s.contains("minimum"))) {
      return trace.fail(Reason.DOWNGRADE_REFUSED, "the proxy offered only schemes weaker than"
          + " the configured minimum (" + String.join(", ", trace.offered()) + ")", "if this"
          + " proxy really only supports these schemes, lower minimumStrength; otherwise"
          + " suspect interception", null);
    }
    if (lastError != null && skipped.size() == 1) {
      String message = lastError.getMessage();
      int fix = message.lastIndexOf("): ");
      return trace.fail(Reason.SCHEME_FAILED, message, fix > 0 ? message.substring(fix + 3)
          : "resolve the failure described above", lastError);
    }
    return trace.fail(Reason.NO_USABLE_SCHEME, "no offered scheme could be used: "
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
}
