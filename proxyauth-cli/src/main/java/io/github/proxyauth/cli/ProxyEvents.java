package io.github.proxyauth.cli;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * Watches one OkHttp client's traffic with its proxy: counts connections, tunnels and proxy
 * responses, and in verbose mode prints each message head with credentials masked.
 */
final class ProxyEvents extends EventListener {
  private final Optional<Verbose> verbose;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger tunnels = new AtomicInteger();
  private final AtomicInteger rejectedConnects = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  /** Whether the connection being set up goes to the proxy (calls run one at a time). */
  private volatile boolean proxyConnection;

  ProxyEvents(Optional<Verbose> verbose) {
    this.verbose = verbose;
  }

  int connections() {
    return connections.get();
  }

  int proxyRequests() {
    return forwarded.get() + rejectedConnects.get() + tunnels.get();
  }

  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    proxyConnection = proxy.type() == Proxy.Type.HTTP;
    if (proxyConnection) {
      connections.incrementAndGet();
      say("* connecting to proxy " + address.getHostString() + ":" + address.getPort());
    }
  }

  @Override
  public void secureConnectStart(Call call) {
    if (proxyConnection) {
      tunnels.incrementAndGet();
      say("< tunnel established; TLS to " + call.request().url().host());
    }
  }

  /** Returns {@code delegate} wrapped to count and show the proxy's 407s and the answers. */
  Authenticator watching(Authenticator delegate) {
    return (@Nullable Route route, Response response) -> {
      boolean preemptive = "OkHttp-Preemptive".equalsIgnoreCase(
          response.header("Proxy-Authenticate"));
      if (!preemptive && response.request().method().equals("CONNECT")) {
        rejectedConnects.incrementAndGet();
        say("< " + response.code() + " " + response.message());
        response.headers("Proxy-Authenticate").forEach(v ->
            say("< " + Verbose.header("Proxy-Authenticate", v)));
      }
      Request next = delegate.authenticate(route, response);
      if (next != null && next.method().equals("CONNECT")) {
        say("> CONNECT " + next.url().host() + ":" + next.url().port());
        next.headers("Proxy-Authorization").forEach(v ->
            say("> " + Verbose.header("Proxy-Authorization", v)));
      }
      return next;
    };
  }

  /** Returns the network interceptor that counts and shows forwarded requests. */
  Interceptor interceptor() {
    return chain -> {
      Request request = chain.request();
      boolean proxied = chain.connection() != null
          && chain.connection().route().proxy().type() == Proxy.Type.HTTP && !request.isHttps();
      // The URL's userinfo (an origin password) stays out of the output.
      say("> " + request.method() + " " + request.url().newBuilder().username("").password("")
          .build());
      request.headers("Proxy-Authorization").forEach(v ->
          say("> " + Verbose.header("Proxy-Authorization", v)));
      Response response = chain.proceed(request);
      if (proxied) {
        forwarded.incrementAndGet();
      }
      say("< " + response.code() + " " + response.message());
      response.headers("Proxy-Authenticate").forEach(v ->
          say("< " + Verbose.header("Proxy-Authenticate", v)));
      return response;
    };
  }

  private void say(String line) {
    verbose.ifPresent(v -> v.line(line));
  }
}
