package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.AuthExchange;
import io.github.proxyauth.ProxyAuthException;
import java.util.List;
import okhttp3.Connection;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * Finds out that a CONNECT succeeded. OkHttp calls nothing after the proxy's 200 to CONNECT, so
 * the authenticator records, per thread, the last exchange it answered a CONNECT with and the
 * {@link Route} object OkHttp passed along. OkHttp builds the tunnel on the thread that runs the
 * call (4.12 and 5.x: {@code connectTunnel} runs in {@code connectTlsEtc} on the call thread) and
 * the new connection keeps that same {@code Route} instance; so when the network interceptor of
 * the same thread sees a connection whose route is that very object, the tunnel was built and the
 * CONNECT was accepted. A stale record (a tunnel that failed) never matches another connection's
 * route and is replaced by the next tunnel on the thread.
 */
public final class PendingTunnel {
  private final ThreadLocal<@Nullable Pending> pending = new ThreadLocal<>();

  /** Remembers that this thread just sent {@code exchange}'s answer on a CONNECT for {@code route}. */
  void answered(Route route, AuthExchange exchange) {
    pending.set(new Pending(route, exchange));
  }

  /** Forgets this thread's tunnel: its exchange failed. */
  void failed() {
    pending.remove();
  }

  /**
   * Tells the exchange of this thread's last CONNECT that the proxy accepted it, when
   * {@code connection} is the tunnel it built.
   */
  void established(Connection connection) throws ProxyAuthException {
    Pending p = pending.get();
    if (p == null || p.route() != connection.route()) {
      return;
    }
    pending.remove();
    p.exchange().succeeded(List.of()); // the 200's headers never reach us: nothing to verify
  }

  private record Pending(Route route, AuthExchange exchange) {}
}
