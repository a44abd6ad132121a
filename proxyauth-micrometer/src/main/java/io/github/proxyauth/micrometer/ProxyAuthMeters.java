package io.github.proxyauth.micrometer;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthListener;
import io.github.proxyauth.Diagnosis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Returns Micrometer meters for proxyauth's {@link AuthEvent}s: an {@link AuthListener} to add to
 * one or more authenticators and a {@link MeterBinder} to bind to one or more registries.
 *
 * <pre>{@code
 * ProxyAuthMeters meters = ProxyAuthMeters.create();
 * meters.bindTo(registry);
 * ProxyAuthenticator auth = ProxyAuthenticator.builder().credentials(provider)
 *     .addListener(meters).build();
 * }</pre>
 *
 * <p>Meters, tagged {@code proxy} ({@code host:port}), {@code scheme} (lower case, {@code none}
 * before a scheme was chosen) and, where it applies, {@code reason} (a
 * {@link Diagnosis.Reason} name):
 * <ul>
 *   <li>{@code proxyauth.challenges} (proxy): 407 answers received;
 *   <li>{@code proxyauth.successes}, {@code proxyauth.preemptive} (proxy, scheme): exchanges
 *       the proxy accepted, values sent from the auth cache before any challenge;
 *   <li>{@code proxyauth.rejections}, {@code proxyauth.failures} (proxy, scheme, reason):
 *       credentials the proxy rejected, exchanges the engine gave up (a give-up during a
 *       lockout pause happens before a scheme is chosen: {@code scheme=none,reason=BACKED_OFF});
 *   <li>{@code proxyauth.lockouts} (proxy, scheme): lockout pauses started after repeated
 *       rejections;
 *   <li>{@code proxyauth.lockouts.active} (proxy, scheme), a gauge: 1 from a lockout until the
 *       next success with that proxy and scheme (so it stays up until the credentials are
 *       fixed), else 0;
 *   <li>{@code proxyauth.handshake} (proxy, scheme, outcome {@code success|failure}), a timer:
 *       from the start of an exchange to its success or give-up.
 * </ul>
 * Events that arrive before the first {@link #bindTo} are not counted. Tags never carry a
 * secret: events hold none. Thread-safe; each event costs a few map lookups.
 */
public final class ProxyAuthMeters implements AuthListener, MeterBinder {
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "proxyauth.challenges", "407 answers received",
      "proxyauth.preemptive", "Proxy-Authorization values sent from the auth cache",
      "proxyauth.successes", "Exchanges the proxy accepted",
      "proxyauth.rejections", "Credentials the proxy rejected",
      "proxyauth.failures", "Exchanges the engine gave up",
      "proxyauth.lockouts", "Lockout pauses started after repeated rejections");

  private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
  private final Tags common;
  private final ConcurrentMap<Tags, AtomicInteger> lockedOut = new ConcurrentHashMap<>();

  private ProxyAuthMeters(Tags common) {
    this.common = common;
  }

  /** Returns meters with no common tags, bound to no registry yet. */
  public static ProxyAuthMeters create() {
    return new ProxyAuthMeters(Tags.empty());
  }

  /** Returns meters that add {@code tags} (an application name, say) to every meter. */
  public static ProxyAuthMeters create(Iterable<Tag> tags) {
    return new ProxyAuthMeters(Tags.of(Objects.requireNonNull(tags, "tags")));
  }

  /** Adds {@code registry}: meters are created there from now on. */
  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void onEvent(AuthEvent event) {
    Tags scope = common.and("proxy", event.proxy(), "scheme", event.scheme().orElse("none"));
    switch (event.type()) {
      case CHALLENGED -> count("proxyauth.challenges", common.and("proxy", event.proxy()));
      case PREEMPTIVE -> count("proxyauth.preemptive", scope);
      case SUCCEEDED -> succeeded(event, scope);
      case REJECTED -> count("proxyauth.rejections", withReason(scope, event));
      case BACKED_OFF -> lockedOut(scope);
      case GAVE_UP -> gaveUp(event, scope);
      default -> { }
    }
  }

  private void succeeded(AuthEvent event, Tags scope) {
    count("proxyauth.successes", scope);
    timer(scope.and("outcome", "success")).record(event.elapsed());
    AtomicInteger flag = lockedOut.get(scope);
    if (flag != null) {
      flag.set(0);
    }
  }

  private void gaveUp(AuthEvent event, Tags scope) {
    count("proxyauth.failures", withReason(scope, event));
    timer(scope.and("outcome", "failure")).record(event.elapsed());
  }

  private void lockedOut(Tags scope) {
    count("proxyauth.lockouts", scope);
    lockedOut.computeIfAbsent(scope, s -> {
      AtomicInteger flag = new AtomicInteger();
      Gauge.builder("proxyauth.lockouts.active", flag, AtomicInteger::get).tags(s)
          .description("1 from a lockout until the next success, else 0").register(registries);
      return flag;
    }).set(1);
  }

  private static Tags withReason(Tags scope, AuthEvent event) {
    return scope.and("reason", event.reason().map(Enum::name).orElse("UNKNOWN"));
  }

  private void count(String name, Tags tags) {
    Counter.builder(name).tags(tags).description(DESCRIPTIONS.get(name)).register(registries)
        .increment();
  }

  private Timer timer(Tags tags) {
    return Timer.builder("proxyauth.handshake").tags(tags)
        .description("From the start of an exchange to its success or give-up")
        .register(registries);
  }
}
