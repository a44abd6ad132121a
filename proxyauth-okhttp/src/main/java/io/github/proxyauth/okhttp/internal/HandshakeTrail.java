package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, per thread, the last request this adapter saw go to a proxy and the exchange that
 * authenticated it, until the proxy answered something other than a 407; so that {@link
 * BrokenHandshakes} can name the step when OkHttp fails the call with its own "unexpected end of
 * stream". Per thread because OkHttp runs a call's interceptors, its follow-ups and the building
 * of its tunnel on the thread that runs the call (see {@link PendingTunnels}). Thread-safe.
 */
public final class HandshakeTrail {
  /**
   * The last proxy request of this thread's call.
   *
   * @param facts what was sent, to whom
   * @param exchange the exchange that answered for it; empty for an anonymous first request
   * @param challenges the 407 it answered; empty for a first or preemptive request
   */
  record Step(AuthRequest facts, Optional<AuthExchange> exchange, List<String> challenges) {}

  private final ThreadLocal<@Nullable Step> last = new ThreadLocal<>();

  /** Records that {@code facts} goes to the proxy, answered by {@code exchange} if present. */
  void sent(AuthRequest facts, Optional<AuthExchange> exchange, List<String> challenges) {
    last.set(new Step(facts, exchange, List.copyOf(challenges)));
  }

  /**
   * Records a forwarded request as the network interceptor sends it, unless it is the follow-up
   * the authenticator just recorded (same exchange), whose 407 stays on record.
   */
  void forwarded(AuthRequest facts, Optional<AuthExchange> exchange) {
    Step step = last.get();
    if (step == null || exchange.isEmpty() || step.exchange().isEmpty()
        || step.exchange().get() != exchange.get()) {
      sent(facts, exchange, List.of());
    }
  }

  /** Forgets this thread's step: the proxy answered, or a new call begins. */
  void clear() {
    last.remove();
  }

  Optional<Step> last() {
    return Optional.ofNullable(last.get());
  }
}
