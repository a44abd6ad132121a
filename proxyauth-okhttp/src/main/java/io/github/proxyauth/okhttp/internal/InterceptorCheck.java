package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.spi.AuthExchange;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds out that the network interceptor is missing. OkHttp runs network interceptors before
 * every request it sends to a proxy, so a 407 to a forwarded request that no interceptor saw
 * proves it is not installed: then no success is ever reported (no auth cache, no preemptive
 * answers, every forwarded request pays an extra 407, metrics count no successes). Says so once,
 * through {@link System.Logger} and a {@code MISCONFIGURED} event. Thread-safe.
 */
public final class InterceptorCheck {
  static final System.Logger LOG = System.getLogger("io.github.proxyauth.okhttp");
  static final String MISSING = "OkHttpProxyAuthenticator's network interceptor is not installed"
      + " on this OkHttpClient: requests get through, but no success is ever recorded (no"
      + " preemptive authentication, an extra 407 on every forwarded request, no successes in"
      + " AuthMetrics). Fix: OkHttpProxyAuthenticator.configure(builder, engine, proxy), or"
      + " builder.addNetworkInterceptor(authenticator.networkInterceptor())";

  private volatile boolean ran;
  private final AtomicBoolean reported = new AtomicBoolean();

  /** Records that the interceptor ran. */
  void ran() {
    if (!ran) {
      ran = true;
    }
  }

  /** Reports, once, a missing interceptor if none ran before this forwarded request's 407. */
  void forwarded(AuthExchange exchange) {
    if (ran || !reported.compareAndSet(false, true)) {
      return;
    }
    LOG.log(System.Logger.Level.WARNING, MISSING);
    exchange.misconfigured(MISSING);
  }
}
