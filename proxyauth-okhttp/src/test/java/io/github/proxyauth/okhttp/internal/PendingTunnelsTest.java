package io.github.proxyauth.okhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import okhttp3.Address;
import okhttp3.Authenticator;
import okhttp3.Connection;
import okhttp3.ConnectionSpec;
import okhttp3.Dns;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Route;
import org.junit.jupiter.api.Test;

class PendingTunnelsTest {
  private static final Proxy PROXY =
      new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.test", 3128));

  private final PendingTunnels tunnels = new PendingTunnels();

  @Test
  void reportsTheTunnelThatWasBuiltWhenFastFallbackPlannedSeveralRoutes() throws Exception {
    Route first = route("10.0.0.1");
    Route second = route("10.0.0.2");
    List<AuthEvent> firstEvents = new CopyOnWriteArrayList<>();
    List<AuthEvent> secondEvents = new CopyOnWriteArrayList<>();
    tunnels.answered(first, sentExchange(firstEvents));
    tunnels.answered(second, sentExchange(secondEvents));

    tunnels.established(new FakeConnection(first)); // the first route's connect won the race

    assertThat(firstEvents).extracting(AuthEvent::type).contains(AuthEvent.Type.SUCCEEDED);
    assertThat(secondEvents).extracting(AuthEvent::type).doesNotContain(AuthEvent.Type.SUCCEEDED);
  }

  @Test
  void staleRecordOfAFailedTunnelNeverReportsALaterConnection() throws Exception {
    Route failed = route("10.0.0.1");
    List<AuthEvent> events = new CopyOnWriteArrayList<>();
    tunnels.answered(failed, sentExchange(events));

    tunnels.established(new FakeConnection(route("10.0.0.9"))); // the thread's next call
    tunnels.established(new FakeConnection(failed));

    assertThat(events).extracting(AuthEvent::type).doesNotContain(AuthEvent.Type.SUCCEEDED);
  }

  @Test
  void staleRecordDoesNotKeepItsRouteReachable() throws Exception {
    WeakReference<Route> route = answerOnFreshRoute();

    for (int i = 0; i < 50 && !route.refersTo(null); i++) {
      System.gc();
    }

    assertThat(route.refersTo(null)).as("route of a tunnel that never came up").isTrue();
  }

  private WeakReference<Route> answerOnFreshRoute() throws Exception {
    Route route = route("10.0.0.1");
    tunnels.answered(route, sentExchange(new CopyOnWriteArrayList<>()));
    return new WeakReference<>(route);
  }

  /** Returns an exchange that sent a Basic answer to CONNECT, reporting to {@code events}. */
  private static AuthExchange sentExchange(List<AuthEvent> events) throws Exception {
    ProxyAuthenticator engine = ProxyAuthenticator.builder().schemes(AuthScheme.basic())
        .credentials(Credentials.of("alice", "pw".toCharArray())).listener(events::add).build();
    AuthExchange exchange = engine.newExchange(
        AuthRequest.connect("proxy.test", 3128, "origin.test", 443));
    exchange.respond(List.of("Basic realm=\"corp\""));
    return exchange;
  }

  private static Route route(String proxyIp) {
    Address address = new Address("origin.test", 443, Dns.SYSTEM, SocketFactory.getDefault(),
        null, null, null, Authenticator.NONE, PROXY, List.of(Protocol.HTTP_1_1),
        List.of(ConnectionSpec.CLEARTEXT), ProxySelector.getDefault());
    return new Route(address, PROXY, new InetSocketAddress(proxyIp, 3128));
  }

  /** A connection that only knows its route. */
  private record FakeConnection(Route route) implements Connection {
    @Override
    public Socket socket() {
      return new Socket(); // unconnected: the tunnel record looks only at the route
    }

    @Override
    public Handshake handshake() {
      return null;
    }

    @Override
    public Protocol protocol() {
      return Protocol.HTTP_1_1;
    }
  }
}
