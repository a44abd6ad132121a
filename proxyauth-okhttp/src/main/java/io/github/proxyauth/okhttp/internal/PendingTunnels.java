package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthExchange;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Connection;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * Finds out that a CONNECT succeeded. OkHttp calls nothing after the proxy's 200 to CONNECT, so
 * the authenticator records, per thread, the exchanges it answered CONNECTs with and the
 * {@link Route} object OkHttp passed along. OkHttp plans and builds tunnels on the thread that runs
 * the call (4.12 and 5.x: {@code createTunnelRequest} in planning, {@code connectTunnel} in
 * {@code connectTlsEtc}) and the new connection keeps that same {@code Route} instance; so when the
 * network interceptor of the same thread sees a connection whose route is one of those very
 * objects, that tunnel was built and its CONNECT was accepted.
 *
 * <p>OkHttp 5's fast fallback plans several routes (one per proxy address) before one connects,
 * so a thread holds a few records at once. The first request the interceptor sees on the thread
 * ends the thread's connect phase: every record is dropped then, matched or stale (a tunnel that
 * failed, a call cancelled mid-handshake, a racing connection that lost). Routes are held weakly:
 * a stale record on an idle thread must not keep the client (its {@code Address} holds this
 * authenticator, and so this thread-local) reachable.
 */
public final class PendingTunnels {
  /** More records than routes OkHttp plans concurrently for one call; the oldest go first. */
  static final int MAX_RECORDS = 8;

  private final ThreadLocal<@Nullable List<Pending>> pending = new ThreadLocal<>();

  /** Remembers that this thread just sent {@code exchange}'s answer on a CONNECT for {@code route}. */
  void answered(Route route, AuthExchange exchange) {
    List<Pending> records = pending.get();
    if (records == null) {
      records = new ArrayList<>(2);
      pending.set(records);
    }
    records.removeIf(p -> p.route().refersTo(route) || p.route().refersTo(null));
    if (records.size() >= MAX_RECORDS) {
      records.remove(0);
    }
    records.add(new Pending(new WeakReference<>(route), exchange));
  }

  /** Forgets this thread's tunnel on {@code route}: its exchange failed. */
  void failed(Route route) {
    List<Pending> records = pending.get();
    if (records != null) {
      records.removeIf(p -> p.route().refersTo(route));
    }
  }

  /**
   * Tells the exchange of the CONNECT that built {@code connection}, if this thread answered it,
   * that the proxy accepted it, and forgets every record of this thread.
   */
  void established(Connection connection) throws ProxyAuthException {
    List<Pending> records = pending.get();
    if (records == null) {
      return;
    }
    pending.remove();
    Optional<Pending> built = records.stream()
        .filter(p -> p.route().refersTo(connection.route())).findFirst();
    if (built.isPresent()) {
      built.get().exchange().succeeded(List.of()); // the 200's headers never reach us
    }
  }

  private record Pending(WeakReference<Route> route, AuthExchange exchange) {}
}
