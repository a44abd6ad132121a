package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, per thread, the last request this adapter saw go to a proxy and the exchange that
 * authenticated it, until the proxy answered something other than a 407; so that {@link
 * BrokenHandshakes} can name the step when OkHttp fails the call with its own "unexpected end of
 * stream" or a timeout. Per thread because OkHttp runs a call's interceptors, its follow-ups and
 * the building of its tunnel on the thread that runs the call (see {@link PendingTunnels}).
 *
 * <p>While a call that {@link BrokenHandshakes} watches is in a handshake, its {@link
 * HandshakeClock} runs: from the first request sent to the proxy (a CONNECT, before OkHttp
 * connects; a forwarded request once its body is written) to the first answer that is not a 407
 * (for a tunnel: the first request OkHttp sends in it, so the TLS handshake with the origin inside
 * the tunnel counts). Writing a forwarded request's body does not count: OkHttp's write timeout
 * bounds it. Thread-safe.
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
  private final ThreadLocal<@Nullable HandshakeClock> clock = new ThreadLocal<>();
  private final Duration timeout;

  /** Returns a trail whose clocks end a handshake after {@code timeout}. */
  public HandshakeTrail(Duration timeout) {
    this.timeout = timeout;
  }

  /** Returns the handshake timeout. */
  Duration timeout() {
    return timeout;
  }

  /** Begins {@code call} on this thread: a fresh trail and a stopped clock for it. */
  HandshakeClock begin(Call call) {
    last.remove();
    HandshakeClock started = new HandshakeClock(call, timeout);
    clock.set(started);
    return started;
  }

  /** Ends this thread's call: its clock stops for good and is forgotten, as is its trail. */
  void end() {
    clear();
    clock.remove();
  }

  /** Records that {@code facts} goes to the proxy, answered by {@code exchange} if present. */
  void sent(AuthRequest facts, Optional<AuthExchange> exchange, List<String> challenges) {
    last.set(new Step(facts, exchange, List.copyOf(challenges)));
    HandshakeClock running = clock.get();
    if (running != null) {
      running.run();
    }
  }

  /**
   * Returns {@code request}, a forwarded request about to be sent, with the clock set for it: it
   * runs now for a request without a body, and for one with a body once the body is written.
   */
  Request clocked(Request request) {
    HandshakeClock running = clock.get();
    RequestBody body = request.body();
    if (running == null) {
      return request;
    }
    if (body == null || "100-continue".equalsIgnoreCase(request.header("Expect"))) {
      running.run(); // with Expect the answer may come before the body
      return request;
    }
    running.pause();
    return request.newBuilder().method(request.method(), new ClockedBody(body, running)).build();
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

  /** Forgets this thread's step and resets its clock: the proxy answered, a tunnel stands. */
  void clear() {
    last.remove();
    HandshakeClock running = clock.get();
    if (running != null) {
      running.reset();
    }
  }

  Optional<Step> last() {
    return Optional.ofNullable(last.get());
  }
}
